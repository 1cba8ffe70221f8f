"""The bulk pass gives exactly the figures and verdicts of the per-case path.

:class:`Facts` evaluates a case on the goals its indicators read alone; the reference here
evaluates every goal with :func:`civicflow.evaluate`, as the per-case path always did.
"""

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfs
from civicflow.compliance import Facts, Report, evaluations, preset_indicators, report_cases
from civicflow.compliance.facts import CaseFacts
from civicflow.exchange.documents.synth import synth_cases
from civicflow.sla.policy import Policy

KINDS = ("hotline", "urban", "licence", "rating")
WORKFLOWS = {
    "hotline": "hotline-12345",
    "urban": "urban-management",
    "licence": "licence-application",
    "rating": "rating-rectification",
}
CAL = cf.china_calendar()


class EveryGoal(Facts):
    """The reference: every goal evaluated, as :func:`civicflow.evaluate` does."""

    def statuses(self, case: cf.Case, at: dt.datetime) -> tuple[str, list[cf.GoalStatus]]:
        ev = cf.evaluate(case, self.policy, at, self.calendar)
        return ev.state, [s for s in ev.goals if s.target is cf.Target.STATUTORY]


def reference_report(
    cases: list[cf.Case], as_of: dt.datetime, by: tuple[str, ...], period: str
) -> Report:
    report = Report(by, period)
    for case in cases:
        policy = cf.preset_policy(case.workflow.name)
        report.count(case, EveryGoal(policy, preset_indicators(case.workflow.name), CAL), as_of)
    return report


def _values(policy: Policy, attribute: str) -> list[str]:
    found = {v for g in policy.goals for limit in g.limits for v in getattr(limit, attribute)}
    return [*sorted(found), ""]


def cases_of(kind: str) -> st.SearchStrategy[cf.Case]:
    policy = cf.preset_policy(WORKFLOWS[kind])
    return cfs.cases(
        policy.workflow,
        types=_values(policy, "types"),
        categories=_values(policy, "categories"),
        urgencies=[*_values(policy, "urgencies")[:-1], "normal", "urgent"],
        max_events=14,
        min_year=2025,
        max_year=2026,
    )


# An instant while the case runs, or past the end of the data (2026-12-31): deadlines of
# late 2026 lie past it.
AS_OF = st.one_of(
    st.integers(0, 40 * 24 * 60).map(lambda m: dt.timedelta(minutes=m)),
    st.sampled_from([dt.datetime(2026, 12, 31, 17), dt.datetime(2027, 3, 1)]),
)


def instant(case: cf.Case, as_of: dt.timedelta | dt.datetime) -> dt.datetime:
    if isinstance(as_of, dt.timedelta):
        return case.received + as_of
    return max(as_of, case.received)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(KINDS).flatmap(cases_of), AS_OF)
def test_the_goals_the_indicators_read_give_the_facts_of_every_goal(
    case: cf.Case, as_of: dt.timedelta | dt.datetime
) -> None:
    policy = cf.preset_policy(case.workflow.name)
    indicators = preset_indicators(case.workflow.name)
    at = instant(case, as_of)
    assert Facts(policy, indicators, CAL).of(case, at) == EveryGoal(policy, indicators, CAL).of(
        case, at
    )


def _narrowed(policy: Policy) -> Policy:
    """The policy with a promised handling limit, and its goals for complaints (投诉) alone: other
    cases have no goal to read, and their state comes from their events."""
    goals = [
        attrs.evolve(
            g,
            limits=(
                cf.Limit(
                    g.limits[-1].limit,
                    promised="2个工作日" if g.name == "handling" else None,
                    types={"投诉"},
                ),
            ),
        )
        for g in policy.goals
    ]
    return policy.with_goals(*goals)


def synthetic(kind: str) -> st.SearchStrategy[list[cf.Case]]:
    """Synthetic cases of ``kind``: histories as platforms record them, clocks that run."""
    return st.integers(0, 10**6).map(lambda seed: list(synth_cases(20, seed=seed, kind=kind)))


def same_facts(policy: Policy, cases: list[cf.Case], as_of: dt.timedelta | dt.datetime) -> None:
    for case in cases:
        indicators = preset_indicators(case.workflow.name)
        at = instant(case, as_of)
        assert Facts(policy, indicators, CAL).of(case, at) == EveryGoal(policy, indicators, CAL).of(
            case, at
        )


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(KINDS).flatmap(synthetic), AS_OF)
def test_synthetic_cases_have_the_facts_of_every_goal(
    cases: list[cf.Case], as_of: dt.timedelta | dt.datetime
) -> None:
    same_facts(cf.preset_policy(cases[0].workflow.name), cases, as_of)


@settings(max_examples=60, deadline=None)
@given(st.one_of(synthetic("hotline"), cases_of("hotline").map(lambda c: [c])), AS_OF)
def test_promised_limits_and_goals_that_do_not_apply_change_no_fact(
    cases: list[cf.Case], as_of: dt.timedelta | dt.datetime
) -> None:
    same_facts(_narrowed(cf.hotline_policy()), cases, as_of)


@pytest.mark.parametrize("kind", KINDS)
def test_a_report_of_synthetic_cases_equals_the_per_case_one(kind: str) -> None:
    # Received over the last half year of the data: many deadlines run past 1 January.
    cases = list(synth_cases(300, seed=5, kind=kind, first=dt.date(2026, 6, 15), days=160))
    as_of = dt.datetime(2027, 1, 20)
    by = ("department",) if kind != "rating" else ()
    bulk = report_cases(cases, as_of, by=by, period="month", calendar=CAL)
    assert bulk == reference_report(cases, as_of, by, "month")
    assert bulk.total().count("received") == len(cases) - bulk.later


def year_end_case(n: int) -> cf.Case:
    received = dt.datetime(2026, 12, 1, 9) + dt.timedelta(days=n, hours=n % 5)
    case = cf.Case.open(cf.hotline_workflow(), f"Y-{n}", received, type="投诉")
    events = [("dispatch", 1), ("sign_for", 2), ("start", 3)][: n % 4]
    return case.apply_all(
        cf.Event(f"e{k}", name, received + dt.timedelta(hours=h))
        for k, (name, h) in enumerate(events)
    )


def test_cases_whose_deadlines_run_past_the_data_are_counted_alike() -> None:
    cases = [year_end_case(n) for n in range(30)] + list(synth_cases(100, seed=6))
    as_of = dt.datetime(2027, 1, 5)
    bulk = report_cases(cases, as_of, by=("type",), period="month")
    assert bulk == reference_report(cases, as_of, ("type",), "month")
    assert bulk.awaiting  # the year-end cases wait for the 2027 notice


def test_a_report_mixes_workflows_and_takes_a_policy_chooser() -> None:
    cases = [*synth_cases(80, seed=2), *synth_cases(80, seed=3, kind="urban")]
    as_of = dt.datetime(2026, 9, 1)
    chosen: list[str] = []

    def choose(case: cf.Case) -> Policy:
        chosen.append(case.workflow.name)
        return cf.preset_policy(case.workflow.name)

    assert report_cases(cases, as_of, by=("type",), policy=choose) == reference_report(
        cases, as_of, ("type",), "all"
    )
    assert sorted(chosen) == ["hotline-12345", "urban-management"]  # once per workflow


def test_one_policy_for_every_case() -> None:
    cases = list(synth_cases(60, seed=4))
    as_of = dt.datetime(2026, 9, 1)
    assert report_cases(cases, as_of, policy=cf.hotline_policy()) == report_cases(cases, as_of)


def test_facts_name_a_goal_the_policy_lacks() -> None:
    wrong = cf.compliance.Indicators("nope")
    with pytest.raises(KeyError, match="nope"):
        Facts(cf.hotline_policy(), wrong)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(KINDS).flatmap(cases_of), AS_OF, st.booleans())
def test_evaluations_are_those_of_evaluate(
    case: cf.Case, as_of: dt.timedelta | dt.datetime, aware: bool
) -> None:
    policy = cf.preset_policy(case.workflow.name)
    at = instant(case, as_of)
    moment = at.replace(tzinfo=CAL.zone) if aware else at
    expected = cf.evaluate(
        case, policy, CAL.to_local(moment) if aware else moment, CAL
    )  # a naive case's times are local
    assert list(evaluations([case], moment, calendar=CAL)) == [expected]


def test_a_facts_value_is_what_case_facts_gives() -> None:
    case = next(iter(synth_cases(1, seed=9)))
    policy, indicators = cf.hotline_policy(), preset_indicators("hotline-12345")
    at = dt.datetime(2026, 9, 1)
    facts = Facts(policy, indicators).of(case, at)
    assert isinstance(facts, CaseFacts)
    assert facts == cf.compliance.case_facts(case, policy, at, indicators)


OFFICE = cf.china_calendar(hours="08:00-12:00")  # a half-day office: other deadlines


def test_the_calendar_and_indicators_given_are_the_ones_counted_on() -> None:
    cases = list(synth_cases(150, seed=8))
    as_of = dt.datetime(2026, 9, 1)
    unrated = attrs.evolve(preset_indicators("hotline-12345"), sign_for=None)
    policy = cf.hotline_policy()
    expected = Report((), "all")
    for case in cases:
        expected.count(case, EveryGoal(policy, unrated, OFFICE), as_of)
    got = report_cases(cases, as_of, indicators=unrated, calendar=OFFICE)
    assert got == expected
    assert got != report_cases(cases, as_of, calendar=OFFICE)  # the indicators count
    assert got != report_cases(cases, as_of, indicators=unrated)  # and so does the calendar


def test_evaluations_take_the_policy_and_calendar_given_found_once() -> None:
    cases = list(synth_cases(40, seed=9))
    at = dt.datetime(2026, 9, 1)
    policy = _narrowed(cf.hotline_policy())
    asked: list[str] = []

    def choose(case: cf.Case) -> Policy:
        asked.append(case.id)
        return policy

    got = list(evaluations(cases, at, policy=choose, calendar=OFFICE))
    assert got == [cf.evaluate(c, policy, at, OFFICE) for c in cases]
    assert asked == [cases[0].id]  # once for the workflow
    assert got != list(evaluations(cases, at, policy=policy))


def test_evaluations_read_a_naive_instant_in_the_calendar_zone_for_aware_cases() -> None:
    zone = OFFICE.zone
    case = next(iter(synth_cases(1, seed=10)))
    aware = case.replayed()
    aware = cf.Case.open(
        case.workflow, case.id, case.received.replace(tzinfo=zone), type=case.type
    ).apply_all(
        cf.Event(e.id, e.name, e.at.replace(tzinfo=zone), e.extension) for e in case.history
    )
    at = dt.datetime(2026, 9, 1, 8)
    (got,) = evaluations([aware], at, calendar=OFFICE)
    assert got == cf.evaluate(aware, cf.hotline_policy(), at.replace(tzinfo=zone), OFFICE)
    assert got.at.tzinfo is not None


def _aware(case: cf.Case, zone: dt.tzinfo) -> cf.Case:
    """The case with its times aware, in ``zone``."""
    opened = cf.Case.open(
        case.workflow, case.id, case.received.replace(tzinfo=zone), type=case.type,
        category=case.category, urgency=case.urgency, channel=case.channel,
        fields=dict(case.fields),
    )  # fmt: skip
    return opened.apply_all(
        cf.Event(e.id, e.name, e.at.replace(tzinfo=zone), e.extension, changes=dict(e.changes))
        for e in case.history
    )


def test_aware_cases_on_a_calendar_of_another_zone() -> None:
    """Times in UTC, counted on a calendar of Urumqi's hours: every conversion shows."""
    urumqi = cf.china_calendar(timezone="Asia/Urumqi")
    cases = [_aware(c, dt.UTC) for c in synth_cases(120, seed=14)]
    at = dt.datetime(2025, 9, 1, tzinfo=dt.UTC)
    policy, indicators = cf.hotline_policy(), preset_indicators("hotline-12345")
    for case in cases:
        got = Facts(policy, indicators, urumqi).of(case, at)
        assert got == EveryGoal(policy, indicators, urumqi).of(case, at)
    assert report_cases(cases, at, calendar=urumqi) != report_cases(cases, at)


def test_the_statuses_are_those_of_evaluate_for_the_goals_read() -> None:
    policy, indicators = cf.hotline_policy(), preset_indicators("hotline-12345")
    facts = Facts(policy, indicators)
    at = dt.datetime(2026, 9, 1)
    for case in synth_cases(60, seed=15):
        state, statuses = facts.statuses(case, at)
        ev = cf.evaluate(case, policy, at)
        assert state == ev.state
        assert statuses == [s for s in ev.goals if s.target is cf.Target.STATUTORY]


def test_a_handling_goal_read_when_the_sign_for_goal_does_not_apply() -> None:
    base = cf.hotline_policy()
    sign_for = base.goal("sign-for")
    narrowed = attrs.evolve(sign_for, limits=(cf.Limit(sign_for.limits[-1].limit, types={"投诉"}),))
    policy = attrs.evolve(base, goals=(narrowed, base.goal("handling")))  # sign-for first
    indicators = preset_indicators("hotline-12345")
    at = dt.datetime(2026, 9, 1)
    cases = [c for c in synth_cases(80, seed=16) if c.type != "投诉"]
    for case in cases:
        assert Facts(policy, indicators).of(case, at) == EveryGoal(policy, indicators, CAL).of(
            case, at
        )
    assert report_cases(cases, at, policy=policy).total().count("closed") > 0


def test_evaluations_of_cases_of_several_workflows() -> None:
    cases = [*synth_cases(5, seed=17), *synth_cases(5, seed=17, kind="urban")]
    at = dt.datetime(2026, 9, 1)
    assert list(evaluations(cases, at)) == [
        cf.evaluate(c, cf.preset_policy(c.workflow.name), at) for c in cases
    ]
