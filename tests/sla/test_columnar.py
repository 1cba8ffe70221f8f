"""The columnar clocks give what :func:`civicflow.evaluate` gives, case by case.

The properties draw the calendar (sessions by weekday and date, night sessions, closures,
six- and seven-day weeks, calendars without the national layer) as well as the policy
(limits of every kind, promised limits, the end of the day, warnings) and the cases
(pauses, extensions in any unit, restarts, reclassifications, aware times).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfs
from civicflow.cases.columns import CaseColumns
from civicflow.exchange.documents.synth import synth_cases
from civicflow.limits._local import instant_like
from civicflow.sla.columnar import evaluate_columns
from civicflow.sla.policy import Policy

from ..exchange.drawn import aware
from .clocks import UNCAPPED

PRESETS = ("hotline-12345", "urban-management", "licence-application", "rating-rectification")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _values(policy: Policy, attribute: str) -> list[str]:
    found = {v for g in policy.goals for limit in g.limits for v in getattr(limit, attribute)}
    return [*sorted(found), ""]


def limits_of(kinds: st.SearchStrategy[cf.Duration]) -> st.SearchStrategy[cf.Limit]:
    """A limit, sometimes with a promised one of the same kind, no longer."""

    @st.composite
    def build(draw: st.DrawFn) -> cf.Limit:
        limit = draw(kinds)
        promised = None
        if draw(st.booleans()):
            promised = draw(kinds)
            if type(promised) is not type(limit) or promised > limit:  # type: ignore[operator]
                promised = limit
        return cf.Limit(limit, promised)

    return build()


SHORT = st.one_of(
    cfs.working_days(max_days=20),
    cfs.working_hours(max_hours=60),
    cfs.clock_times(max_hours=200),
)
ANY_LIMIT = st.one_of(SHORT, SHORT, SHORT, cfs.calendar_days(max_days=30), cfs.months(2))
WARNINGS = st.builds(
    cf.Warnings,
    yellow_before=st.one_of(
        st.none(),
        cfs.working_days(max_days=3),
        cfs.working_hours(max_hours=10),
        cfs.clock_times(max_hours=24),
    ),
    thresholds=st.lists(st.floats(0.05, 0.95), max_size=3).map(tuple),
    severe_multiple=st.one_of(st.none(), st.integers(2, 4)),
)


@st.composite
def policies(draw: st.DrawFn, name: str) -> Policy:
    """A preset policy, or the same goals with limits, warnings and day end drawn."""
    policy = cf.preset_policy(name)
    if name == "hotline-12345" and draw(st.booleans()):
        policy = attrs.evolve(policy, workflow=UNCAPPED)  # extensions in any unit
    if draw(st.booleans()):
        return policy
    goals = []
    for goal in policy.goals:
        limits = tuple(
            attrs.evolve(draw(limits_of(ANY_LIMIT)), types=lim.types,
                         categories=lim.categories, urgencies=lim.urgencies)
            for lim in goal.limits
        )  # fmt: skip
        goals.append(attrs.evolve(goal, limits=limits))
    return attrs.evolve(
        policy,
        goals=tuple(goals),
        warnings=draw(WARNINGS),
        day_end=draw(st.sampled_from(cf.DayEnd)),
    )


@st.composite
def scenes(
    draw: st.DrawFn, calendars: bool = True
) -> tuple[Policy, cf.Calendar, list[cf.Case], dt.datetime]:
    """A policy, a calendar, some cases of the policy's workflow and an instant."""
    name = draw(st.sampled_from(PRESETS))
    policy = draw(policies(name))
    cal = draw(cfs.calendars(max_year=2025)) if calendars else cf.china_calendar()
    cases = draw(
        st.lists(
            cfs.cases(
                policy.workflow,
                types=_values(policy, "types"),
                categories=_values(policy, "categories"),
                urgencies=[*_values(policy, "urgencies")[:-1], "normal", "urgent"],
                max_events=12,
                min_year=2024,
                max_year=2025,
            ),
            min_size=1,
            max_size=6,
        )
    )
    zone = draw(st.sampled_from([None, None, dt.UTC, dt.timezone(dt.timedelta(hours=8)), SHANGHAI]))
    if zone is not None:
        cases = [aware(c, zone) for c in cases]
    first = min(c.received for c in cases)
    at = draw(
        st.one_of(
            st.integers(0, 60 * 24 * 60).map(lambda m: first + dt.timedelta(minutes=m)),
            st.sampled_from([dt.datetime(2026, 12, 31, 17), dt.datetime(2027, 2, 1)]),
        )
    )
    if draw(st.booleans()) and at.tzinfo is not None:
        at = at.replace(tzinfo=None)  # naive: read in the calendar's zone
    return policy, cal, cases, at


def reference(
    policy: Policy, cal: cf.Calendar, cases: list[cf.Case], at: dt.datetime
) -> list[cf.Evaluation] | type[Exception]:
    try:
        return [cf.evaluate(c, policy, instant_like(cal, at, c.received), cal) for c in cases]
    except cf.CivicflowError as exc:
        return type(exc)


def same_evaluations(
    policy: Policy, cal: cf.Calendar, cases: list[cf.Case], at: dt.datetime
) -> None:
    expected = reference(policy, cal, cases, at)
    columns = CaseColumns.from_cases(cases)
    if isinstance(expected, type):
        with pytest.raises(expected):
            list(evaluate_columns(columns, at, policy=policy, calendar=cal))
        return
    found = evaluate_columns(columns, at, policy=policy, calendar=cal)
    assert list(found) == expected


@settings(max_examples=120, deadline=None)
@given(scenes())
def test_the_columns_are_evaluated_as_evaluate_does(
    scene: tuple[Policy, cf.Calendar, list[cf.Case], dt.datetime],
) -> None:
    same_evaluations(*scene)


@settings(max_examples=60, deadline=None)
@given(scenes(calendars=False))
def test_the_columns_are_evaluated_as_evaluate_does_on_the_national_calendar(
    scene: tuple[Policy, cf.Calendar, list[cf.Case], dt.datetime],
) -> None:
    same_evaluations(*scene)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(("hotline", "urban", "licence", "rating")), st.integers(0, 10**6))
def test_synthetic_cases_are_evaluated_as_evaluate_does(kind: str, seed: int) -> None:
    cases = list(synth_cases(60, seed=seed, kind=kind))
    policy = cf.preset_policy(cases[0].workflow.name)
    for at in (dt.datetime(2025, 6, 1), dt.datetime(2026, 9, 1)):
        same_evaluations(policy, cf.china_calendar(), cases, at)


def test_reclassified_cases_run_on_the_arrays_too() -> None:
    cases = list(synth_cases(300, seed=3))
    columns = CaseColumns.from_cases(cases)
    found = evaluate_columns(columns, dt.datetime(2026, 9, 1))
    reclassified = [k for k, c in enumerate(cases) if c.received_as]
    assert reclassified
    assert sorted(columns.cases) == reclassified  # kept for their classifications
    assert found.left.tolist() == []
    assert found.per_case == 0


def test_rows_the_arrays_do_not_reach_are_read_per_case_and_counted() -> None:
    """Limits in calendar days, and clocks past the calendar's data."""
    cases = list(synth_cases(200, seed=3))
    policy = cf.hotline_policy(handling=(("咨询", "10天"),))
    found = evaluate_columns(CaseColumns.from_cases(cases), dt.datetime(2026, 9, 1), policy=policy)
    expected = [
        k
        for k, c in enumerate(cases)
        if any(
            type(s.limit) is cf.CalendarDays
            for s in cf.evaluate(c, policy, dt.datetime(2026, 9, 1)).goals
        )
    ]
    assert expected
    assert found.left.tolist() == expected
    assert found.per_case == len(expected)
    assert list(found) == [cf.evaluate(c, policy, dt.datetime(2026, 9, 1)) for c in cases]


def test_a_goal_as_arrays() -> None:
    cases = list(synth_cases(100, seed=4))
    at = dt.datetime(2026, 9, 1)
    found = evaluate_columns(CaseColumns.from_cases(cases), at)
    handling = found.goal("handling")
    rows = found.rows()
    assert rows.tolist() == list(range(100))
    for k in range(100):
        if k in found.left:
            continue
        ev = cf.evaluate(cases[k], cf.hotline_policy(), at)
        applies = [s for s in ev.goals if s.goal == "handling"]
        assert bool(handling.applies[k]) == bool(applies)
        if applies:
            assert handling.state[k] == handling.code(applies[0].state)
            assert handling.card[k] == handling.code(applies[0].card)
    with pytest.raises(KeyError, match="nope"):
        found.goal("nope")


#: Limits short and far apart, so that reclassifications come before and after breaches.
RECLASSIFYING = cf.hotline_policy(
    handling=(("咨询", "4个工作小时"), ("投诉", "3个工作日"), ("建议", "30分钟")),
    default_handling="8个工作小时",
    promised="1个工作小时",
)


def hotline_cases(max_events: int) -> st.SearchStrategy[list[cf.Case]]:
    """A few hotline cases of 2025, reclassified among four types, events hours apart."""
    return st.lists(
        cfs.cases(
            cf.hotline_workflow(),
            types=["咨询", "投诉", "建议", "求助"],
            urgencies=["normal", "urgent"],
            max_events=max_events,
            max_gap=dt.timedelta(hours=6),
            min_year=2025,
            max_year=2025,
        ),
        min_size=1,
        max_size=5,
    )


@settings(max_examples=150, deadline=None)
@given(hotline_cases(14), st.integers(0, 20 * 24 * 60))
def test_reclassified_clocks_choose_their_limit_as_evaluate_does(
    cases: list[cf.Case], minutes: int
) -> None:
    """Each reclassification chooses the limit again, unless the clock had breached the limit
    of its time; the verdict of an earlier cycle and a settled clock keep theirs."""
    at = min(c.received for c in cases) + dt.timedelta(minutes=minutes)
    same_evaluations(RECLASSIFYING, cf.china_calendar(), cases, at)


def _case(*events: tuple[str, dt.datetime, dict[str, str]]) -> cf.Case:
    case = cf.Case.open(cf.hotline_workflow(), "R", D(2025, 9, 1, 9), type="咨询")
    return case.apply_all(
        cf.Event(str(k), name, when, changes=changes)
        for k, (name, when, changes) in enumerate(events)
    )


D = dt.datetime


@pytest.mark.parametrize(
    ("events", "at", "limit"),
    [
        # Reclassified before the breach: the new type's limit.
        ((("dispatch", D(2025, 9, 1, 9), {}), ("reclassify", D(2025, 9, 1, 10), {"type": "投诉"})),
         D(2025, 9, 3, 12), cf.WorkingDays(3)),
        # After the breach of 4 working hours: the breach stands.
        ((("dispatch", D(2025, 9, 1, 9), {}), ("reclassify", D(2025, 9, 2, 10), {"type": "投诉"})),
         D(2025, 9, 3, 12), cf.WorkingHours(4)),
        # A breach in an earlier cycle: the cycle restarted by the reopen runs on the new type.
        ((("dispatch", D(2025, 9, 1, 9), {}), ("reclassify", D(2025, 9, 2, 10), {"type": "投诉"}),
          ("sign_for", D(2025, 9, 2, 11), {}), ("start", D(2025, 9, 2, 11), {}),
          ("reply", D(2025, 9, 2, 12), {}), ("call_back", D(2025, 9, 2, 14), {}),
          ("reopen", D(2025, 9, 3, 9), {})),
         D(2025, 9, 3, 12), cf.WorkingDays(3)),
        # At the very moment the clock starts: chosen again.
        ((("reclassify", D(2025, 9, 1, 9), {"type": "建议"}), ("dispatch", D(2025, 9, 1, 9), {}),
          ("reclassify", D(2025, 9, 1, 9), {"type": "投诉"})),
         D(2025, 9, 2, 12), cf.WorkingDays(3)),
    ],
)  # fmt: skip
def test_pinned_reclassifications(
    events: tuple[tuple[str, dt.datetime, dict[str, str]], ...], at: dt.datetime, limit: cf.Duration
) -> None:
    case = _case(*events)
    (found,) = evaluate_columns(CaseColumns.from_cases([case]), at, policy=RECLASSIFYING)
    assert found == cf.evaluate(case, RECLASSIFYING, at)
    assert found.goal("handling").limit == limit


def test_a_clock_stopped_by_a_reclassification_runs_on_the_new_type() -> None:
    """The verdict settles with the stopping event: its own change counts."""
    triage = cf.Goal(
        "triage",
        (cf.Limit("1个工作小时", types="咨询"), cf.Limit("2个工作日", types="投诉")),
        start="dispatch",
        stop="reclassify",
    )
    policy = cf.Policy("triage", cf.hotline_workflow(), (triage,))
    case = _case(
        ("dispatch", D(2025, 9, 1, 9), {}), ("reclassify", D(2025, 9, 1, 9, 30), {"type": "投诉"})
    )
    at = D(2025, 9, 2, 9)
    (found,) = evaluate_columns(CaseColumns.from_cases([case]), at, policy=policy)
    assert found == cf.evaluate(case, policy, at)
    assert found.goal("triage").limit == cf.WorkingDays(2)


@settings(max_examples=150, deadline=None)
@given(hotline_cases(16), st.integers(0, 20 * 24 * 60))
def test_the_first_cycle_of_a_reclassified_restarted_clock_is_that_of_cycles(
    cases: list[cf.Case], minutes: int
) -> None:
    """A reopened clock's first cycle is read at the reopen, on the limit of the
    classification when it settled: as :func:`~civicflow.cycles` reads it."""
    at = min(c.received for c in cases) + dt.timedelta(minutes=minutes)
    columns = CaseColumns.from_cases(cases)
    found = evaluate_columns(columns, at, policy=RECLASSIFYING, cycles=True)
    goal = found.goal("handling")
    for k, row in enumerate(found.rows().tolist()):
        if row in found.left.tolist() or not goal.applies[k]:
            continue
        statuses = cf.cycles(cases[row], RECLASSIFYING, "handling", at)
        first = goal.first_state[k]
        if len(statuses) < 2:
            assert first == -1
        else:
            assert first == goal.code(statuses[0].state), (cases[row], statuses)


#: A clock that starts at receipt (entering the first state), so that a reclassification
#: may be the case's very first event.
AT_RECEIPT = cf.Policy(
    "intake",
    cf.hotline_workflow(),
    (
        cf.Goal(
            "intake",
            (cf.Limit("1个工作小时", types="咨询"), cf.Limit("2个工作日", types="投诉")),
            start="registered",
            stop="sign_for",
        ),
    ),
)


@pytest.mark.parametrize(
    ("events", "limit"),
    [
        # The first event reclassifies the case before the breach: the new type's limit.
        ((("reclassify", D(2025, 9, 1, 9, 30), {"type": "投诉"}),
          ("dispatch", D(2025, 9, 1, 10), {})), cf.WorkingDays(2)),
        # ... and after it: the breach of the first type's hour stands.
        ((("reclassify", D(2025, 9, 1, 11), {"type": "投诉"}),
          ("dispatch", D(2025, 9, 1, 11, 30), {})), cf.WorkingHours(1)),
    ],
)  # fmt: skip
def test_a_reclassification_as_the_first_event_of_a_clock_started_at_receipt(
    events: tuple[tuple[str, dt.datetime, dict[str, str]], ...], limit: cf.Duration
) -> None:
    case = _case(*events)
    at = D(2025, 9, 2, 12)
    (found,) = evaluate_columns(CaseColumns.from_cases([case]), at, policy=AT_RECEIPT)
    assert found == cf.evaluate(case, AT_RECEIPT, at)
    assert found.goal("intake").limit == limit


def test_a_first_cycle_that_breached_before_its_reclassification_stays_breached() -> None:
    """Breached on the first type's 4 working hours, reclassified after, replied and reopened:
    the first cycle keeps its breach (the last runs on the new type)."""
    case = _case(
        ("dispatch", D(2025, 9, 1, 9), {}), ("reclassify", D(2025, 9, 2, 10), {"type": "投诉"}),
        ("sign_for", D(2025, 9, 2, 11), {}), ("start", D(2025, 9, 2, 11), {}),
        ("reply", D(2025, 9, 2, 12), {}), ("call_back", D(2025, 9, 2, 14), {}),
        ("reopen", D(2025, 9, 3, 9), {}),
    )  # fmt: skip
    at = D(2025, 9, 3, 12)
    found = evaluate_columns(CaseColumns.from_cases([case]), at, policy=RECLASSIFYING, cycles=True)
    first, _ = cf.cycles(case, RECLASSIFYING, "handling", at)
    assert first.state is cf.ClockState.BREACHED
    assert found.goal("handling").first_state[0] == found.goal("handling").code(first.state)


def test_a_clock_restarted_right_after_its_stop_runs_on_its_later_reclassification() -> None:
    """Stopped by a return and restarted by the reassignment that follows it at once: the
    reclassification after the restart chooses the limit of the new cycle."""
    handover = cf.Goal(
        "handover",
        (cf.Limit("4个工作小时", types="咨询"), cf.Limit("3个工作日", types="投诉")),
        start="dispatch",
        stop="return",
        restart="reassign",
    )
    policy = cf.Policy("handover", cf.hotline_workflow(), (handover,))
    case = _case(
        ("dispatch", D(2025, 9, 1, 9), {}), ("return", D(2025, 9, 1, 9, 30), {}),
        ("reassign", D(2025, 9, 1, 10), {}), ("reclassify", D(2025, 9, 1, 10, 30), {"type": "投诉"}),
    )  # fmt: skip
    at = D(2025, 9, 2, 12)
    (found,) = evaluate_columns(CaseColumns.from_cases([case]), at, policy=policy)
    assert found == cf.evaluate(case, policy, at)
    assert found.goal("handover").limit == cf.WorkingDays(3)


def test_the_second_reclassification_freezes_a_limit_the_first_did_not() -> None:
    """Reclassified to a 30-minute limit before the first type's breach, then again once that
    limit had run out: the 30 minutes stand, read on the arrays."""
    case = _case(
        ("dispatch", D(2025, 9, 1, 9), {}), ("reclassify", D(2025, 9, 1, 9, 20), {"type": "建议"}),
        ("reclassify", D(2025, 9, 1, 11), {"type": "投诉"}),
    )  # fmt: skip
    at = D(2025, 9, 2, 12)
    found = evaluate_columns(CaseColumns.from_cases([case]), at, policy=RECLASSIFYING)
    assert found.per_case == 0
    (evaluation,) = found
    assert evaluation == cf.evaluate(case, RECLASSIFYING, at)
    assert evaluation.goal("handling").limit == cf.Duration.parse("30分钟")


def test_a_reclassification_after_an_extension_is_read_on_the_arrays() -> None:
    """An extension granted before the reclassification counts when the clock is read at it:
    4 working hours and a day had not run out at the reclassification."""
    events = [
        ("dispatch", D(2025, 9, 1, 9), None, {}), ("sign_for", D(2025, 9, 1, 9, 10), None, {}),
        ("start", D(2025, 9, 1, 9, 20), None, {}),
        ("approve_extension", D(2025, 9, 1, 10), "1个工作日", {}),
        ("reclassify", D(2025, 9, 2, 15), None, {"type": "投诉"}),
    ]  # fmt: skip
    case = cf.Case.open(cf.hotline_workflow(), "R", D(2025, 9, 1, 9), type="咨询").apply_all(
        cf.Event(str(k), name, when, extension, changes=changes)
        for k, (name, when, extension, changes) in enumerate(events)
    )
    at = D(2025, 9, 3, 12)
    found = evaluate_columns(CaseColumns.from_cases([case]), at, policy=RECLASSIFYING)
    assert found.per_case == 0
    (evaluation,) = found
    assert evaluation == cf.evaluate(case, RECLASSIFYING, at)
    assert evaluation.goal("handling").limit == cf.WorkingDays(3)


def test_a_first_cycle_restarted_while_running_keeps_the_class_it_had_then() -> None:
    """Restarted by a reassignment before it stopped, then reclassified and stopped: the
    first cycle is read at the reassignment on the limit of the type it had then."""
    handover = cf.Goal(
        "handover",
        (cf.Limit("4个工作小时", types="咨询"), cf.Limit("30分钟", types="建议")),
        start="dispatch",
        stop="return",
        restart="reassign",
    )
    policy = cf.Policy("handover", cf.hotline_workflow(), (handover,))
    case = _case(
        ("dispatch", D(2025, 9, 1, 9), {}), ("reassign", D(2025, 9, 1, 9, 45), {}),
        ("reclassify", D(2025, 9, 1, 10), {"type": "建议"}), ("return", D(2025, 9, 1, 10, 5), {}),
    )  # fmt: skip
    at = D(2025, 9, 2, 12)
    found = evaluate_columns(CaseColumns.from_cases([case]), at, policy=policy, cycles=True)
    first, _ = cf.cycles(case, policy, "handover", at)
    assert first.state is cf.ClockState.RUNNING
    assert found.per_case == 0
    assert found.goal("handover").first_state[0] == found.goal("handover").code(first.state)


def test_a_reclassification_whose_clock_the_arrays_cannot_read_is_read_per_case() -> None:
    """Reclassified when the first type's deadline lies past the holiday data: the clock at
    the reclassification is not known on the arrays, and the case is read the per-case way."""
    case = cf.Case.open(cf.hotline_workflow(), "R", D(2026, 12, 30, 9), type="投诉").apply_all(
        [
            cf.Event("0", "dispatch", D(2026, 12, 30, 9)),
            cf.Event("1", "reclassify", D(2026, 12, 30, 10), changes={"type": "咨询"}),
        ]
    )
    at = D(2026, 12, 30, 12)
    found = evaluate_columns(CaseColumns.from_cases([case]), at, policy=RECLASSIFYING)
    assert found.per_case == 1
    assert list(found) == [cf.evaluate(case, RECLASSIFYING, at)]
