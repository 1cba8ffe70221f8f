"""SLA clocks: the laws of pausing, extending and breaching, cards and thresholds."""

import datetime as dt
import inspect
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.sla.status import awaiting
from tests.sla.clocks import UNCAPPED, WORKFLOW, handling, in_progress, paused, policy_with

D = dt.datetime


CAL = cf.china_calendar()


limits = st.one_of(
    cfst.working_days(max_days=30),
    cfst.working_hours(max_hours=80),
    cfst.clock_times(max_hours=200),
    cfst.calendar_days(max_days=40),
    cfst.months(max_months=2),
)


working_limits = st.one_of(cfst.working_days(max_days=30), cfst.working_hours(max_hours=80))


starts = cfst.local_datetimes(2010, 2025)


HOTLINE = cf.hotline_policy()


URBAN = cf.urban_policy()


KINDS = ("咨询", "求助", "投诉", "其他")


CATEGORIES = ("暴露垃圾", "道路不洁", "绿地脏乱", "井盖缺失", "其他")


# -- laws -----------------------------------------------------------------------------------


@given(starts, limits, st.integers(0, 30 * 24 * 60))
def test_a_pause_of_zero_length_changes_no_deadline(
    start: dt.datetime, limit: cf.Duration, offset: int
) -> None:
    policy = policy_with(limit)
    p = start + dt.timedelta(minutes=offset)
    base = handling(in_progress(start), policy, p)
    held = handling(paused(in_progress(start), p, p), policy, p)
    assert held.deadline == base.deadline


@given(starts, working_limits, st.integers(0, 30 * 24 * 60))
def test_a_pause_covering_no_working_time_changes_no_deadline(
    start: dt.datetime, limit: cf.Duration, offset: int
) -> None:
    policy = policy_with(limit)
    p = start + dt.timedelta(minutes=offset)
    r = CAL.next_working_moment(p)  # from p to r no working time passes
    assert cf.working_time(p, r) == dt.timedelta(0)
    base = handling(in_progress(start), policy, r)
    held = handling(paused(in_progress(start), p, r), policy, r)
    assert held.deadline == base.deadline
    assert held.on_hold == dt.timedelta(0)


@given(starts, limits, st.integers(0, 20 * 24 * 60), st.integers(0, 20 * 24 * 60))
def test_a_pause_never_makes_a_deadline_earlier(
    start: dt.datetime, limit: cf.Duration, offset: int, length: int
) -> None:
    policy = policy_with(limit)
    p = start + dt.timedelta(minutes=offset)
    r = p + dt.timedelta(minutes=length)
    base = handling(in_progress(start), policy, r)
    held = handling(paused(in_progress(start), p, r), policy, r)
    assert base.deadline is not None
    assert held.deadline is not None
    assert held.deadline >= base.deadline


@given(starts, working_limits, st.integers(0, 10 * 24 * 60), st.integers(0, 10 * 24 * 60))
def test_at_its_deadline_a_goal_is_due_and_a_working_minute_later_breached(
    start: dt.datetime, limit: cf.Duration, offset: int, length: int
) -> None:
    policy = policy_with(limit)
    p = start + dt.timedelta(minutes=offset)
    case = paused(in_progress(start), p, p + dt.timedelta(minutes=length))
    due = handling(case, policy, case.last_moment).deadline
    assert due is not None
    assume(due >= case.last_moment)
    at_due = handling(case, policy, due)
    assert at_due.deadline == due
    assert at_due.remaining == dt.timedelta(0)
    assert at_due.state is not cf.ClockState.BREACHED
    later = cf.deadline(due, cf.WorkingHours(minutes=1))
    after = handling(case, policy, later)
    assert after.state is cf.ClockState.BREACHED
    assert after.breached_at == due
    assert after.overdue == dt.timedelta(minutes=1)
    assert after.card is cf.Card.RED
    # Stopped at the deadline: met, and stays met.
    stopped = case.apply(cf.Event("reply", "reply", due))
    assert handling(stopped, policy, later).state is cf.ClockState.MET


@pytest.mark.parametrize(
    ("policy", "extra"),
    [
        (HOTLINE, {"types": KINDS, "urgencies": ("normal", "urgent")}),
        (URBAN, {"categories": CATEGORIES}),
        (cf.licence_policy(promised="10个工作日"), {}),
        (cf.rating_policy(), {}),
    ],
    ids=lambda x: getattr(x, "name", ""),
)
@given(data=st.data())
def test_met_goals_stay_met_until_a_restart(
    policy: cf.Policy, extra: dict[str, tuple[str, ...]], data: st.DataObject
) -> None:
    case = data.draw(cfst.cases(policy.workflow, **extra))  # type: ignore[arg-type]
    moments = sorted({case.received, *(e.at for e in case.history)})
    a = data.draw(st.sampled_from(moments))
    b = a + dt.timedelta(minutes=data.draw(st.integers(0, 20 * 24 * 60)))
    first, second = cf.evaluate(case, policy, a), cf.evaluate(case, policy, b)
    for s in first.goals:
        if s.state is not cf.ClockState.MET:
            continue
        goal = policy.goal(s.goal)
        restarted = any(a < e.at <= b and e.name in goal.restart for e in case.history)
        if not restarted:
            later = second.goal(s.goal, s.target)
            assert later.state is cf.ClockState.MET
            assert later.deadline == s.deadline


@given(data=st.data())
def test_evaluation_is_consistent(data: st.DataObject) -> None:
    case = data.draw(cfst.cases(WORKFLOW, types=KINDS, urgencies=("normal", "urgent")))
    at = case.last_moment + dt.timedelta(minutes=data.draw(st.integers(0, 30 * 24 * 60)))
    ev = cf.evaluate(case, HOTLINE, at)
    assert ev == cf.evaluate(case, HOTLINE, at)  # nothing depends on when it runs
    for s in ev.goals:
        assert s.elapsed >= dt.timedelta(0)
        assert s.on_hold >= dt.timedelta(0)
        assert not (s.remaining and s.overdue)
        if s.state is cf.ClockState.BREACHED:
            assert s.breached_at == s.deadline
            assert s.card is cf.Card.RED
        if s.state is cf.ClockState.RUNNING:
            assert s.deadline is not None
            assert at <= s.deadline
        if s.target is cf.Target.PROMISED:
            statutory = ev.goal(s.goal)
            assert s.deadline is not None
            assert statutory.deadline is not None
            assert s.deadline <= statutory.deadline


def test_no_hidden_clock() -> None:
    """Only the command line reads the clock; evaluation takes ``at`` as an argument."""
    import civicflow.cases.case
    import civicflow.limits.arithmetic
    import civicflow.sla.policy
    import civicflow.sla.status

    for module in (
        civicflow.sla.status,
        civicflow.cases.case,
        civicflow.sla.policy,
        civicflow.limits.arithmetic,
    ):
        source = inspect.getsource(module)
        assert not re.search(r"\b(now|today|utcnow)\(|time\.time\(", source), module.__name__


# -- how pauses move deadlines ---------------------------------------------------------------


def test_working_days_started_on_hold_are_given_back() -> None:
    policy = policy_with(cf.WorkingDays(3))
    start = D(2025, 9, 22, 10)  # Monday; 3 working days: due Thursday 17:30
    assert handling(in_progress(start), policy, start).deadline == D(2025, 9, 25, 17, 30)
    for a, b, due in [
        # Within one day: no working day starts on hold.
        (D(2025, 9, 22, 11), D(2025, 9, 22, 16), D(2025, 9, 25, 17, 30)),
        # Overnight, resumed before Tuesday's first working minute: nothing.
        (D(2025, 9, 22, 17), D(2025, 9, 23, 9, 0), D(2025, 9, 25, 17, 30)),
        # Overnight into Tuesday 09:01: Tuesday started on hold.
        (D(2025, 9, 22, 17), D(2025, 9, 23, 9, 1), D(2025, 9, 26, 17, 30)),
        # From Tuesday's opening minute: Tuesday started on hold.
        (D(2025, 9, 23, 9, 0), D(2025, 9, 23, 10), D(2025, 9, 26, 17, 30)),
    ]:
        assert handling(paused(in_progress(start), a, b), policy, b).deadline == due, (a, b)


def test_a_pause_over_a_holiday_gives_back_no_holiday() -> None:
    """Suspended from Friday before National Day 2025 until the morning after it."""
    policy = policy_with(cf.WorkingDays(5))
    start = D(2025, 9, 24, 10)  # a Wednesday
    base = handling(in_progress(start), policy, start).deadline
    # 09-25, 09-26, 09-28 (make-up Sunday), 09-29, 09-30
    assert base == D(2025, 9, 30, 17, 30)
    case = paused(in_progress(start), D(2025, 9, 26, 17), D(2025, 10, 9, 8))
    status = handling(case, policy, D(2025, 10, 9, 8))
    # Started on hold: 09-28, 09-29, 09-30 (October 1-8 are holidays): 3 days given back.
    assert status.deadline == D(2025, 10, 11, 17, 30)  # 10-09, 10-10, 10-11 (make-up Saturday)
    assert status.state is cf.ClockState.RUNNING
    assert status.on_hold == dt.timedelta(hours=3 * 7 + 0.5)


def test_working_hours_give_back_the_working_time_on_hold() -> None:
    policy = policy_with(cf.WorkingHours(4))
    start = D(2025, 9, 26, 15)  # Friday 15:00: due on the make-up Sunday at 10:30
    assert handling(in_progress(start), policy, start).deadline == D(2025, 9, 28, 10, 30)
    case = paused(in_progress(start), D(2025, 9, 26, 16), D(2025, 9, 28, 10))
    # On hold: Friday 16:00-17:30 and Sunday 09:00-10:00, 2h30 of working time.
    status = handling(case, policy, D(2025, 9, 28, 10))
    assert status.on_hold == dt.timedelta(hours=2.5)
    # 1h ran on Friday, 3h are left at Sunday 10:00: 10:00-12:00, then 13:30-14:30.
    assert status.deadline == D(2025, 9, 28, 14, 30)
    assert status.remaining == dt.timedelta(hours=3)


def test_clock_time_gives_back_elapsed_time() -> None:
    policy = policy_with(cf.ClockTime(minutes=30))
    start = D(2025, 10, 4, 23, 50)
    case = paused(in_progress(start), D(2025, 10, 4, 23, 55), D(2025, 10, 5, 0, 10))
    assert handling(case, policy, D(2025, 10, 5, 0, 10)).deadline == D(2025, 10, 5, 0, 35)


def test_a_pause_after_the_deadline_gives_nothing_back() -> None:
    policy = policy_with(cf.WorkingDays(1))
    start = D(2025, 9, 22, 10)
    case = paused(in_progress(start), D(2025, 9, 24, 10), D(2025, 9, 26, 10))
    status = handling(case, policy, D(2025, 9, 26, 10))
    assert status.deadline == D(2025, 9, 23, 17, 30)
    assert status.state is cf.ClockState.BREACHED
    text = str(cf.explain_goal(case, policy, "handling", D(2025, 9, 26, 10)))
    assert "began after the deadline: gives nothing back" in text


def test_units_are_never_converted() -> None:
    """One working day ends at the close of business, not 24 working hours later."""
    start = D(2025, 9, 22, 10)
    days = handling(in_progress(start), policy_with(cf.WorkingDays(1)), start)
    hours = handling(in_progress(start), policy_with(cf.WorkingHours(24)), start)
    assert days.deadline == D(2025, 9, 23, 17, 30)
    assert hours.deadline == D(2025, 9, 25, 14, 30)  # 6h + 7h + 7h + 4h
    # An extension in another unit is a further period counted from the deadline.
    case = in_progress(start)
    policy = policy_with(cf.WorkingHours(2))
    goal = attrs.evolve(policy.goals[0], extend=frozenset({"approve_extension"}))
    policy = attrs.evolve(policy, goals=(goal,))
    extended = case.apply(
        cf.Event("x", "approve_extension", D(2025, 9, 22, 11), extension="1个工作日")
    )
    assert handling(extended, policy, D(2025, 9, 22, 11)).deadline == D(2025, 9, 23, 17, 30)


# -- warnings ---------------------------------------------------------------------------------


def test_cards_thresholds_and_severity() -> None:
    policy = policy_with(cf.WorkingDays(2), thresholds=(0.5, 0.8), severe_multiple=3)
    start = D(2025, 9, 22, 9, 0)  # Monday at opening: due Wednesday 17:30
    case = in_progress(start)

    def at(moment: dt.datetime) -> cf.GoalStatus:
        return handling(case, policy, moment)

    assert at(D(2025, 9, 23, 12)).card is cf.Card.NONE
    assert at(D(2025, 9, 23, 17, 30)).card is cf.Card.YELLOW  # one working day before
    assert at(D(2025, 9, 23, 17, 30)).thresholds == (0.5,)
    assert at(D(2025, 9, 24, 15)).thresholds == (0.5, 0.8)
    assert at(D(2025, 9, 24, 17, 31)).card is cf.Card.RED
    assert not at(D(2025, 9, 30, 17, 30)).severe
    # 21h of working time allowed (Monday to Wednesday); severe at three times that.
    s = at(D(2025, 10, 13, 17, 30))
    assert s.severe
    assert s.used is not None
    assert s.used >= 3


def test_errors() -> None:
    case = in_progress(D(2025, 9, 22, 10))
    with pytest.raises(ValueError, match="naive or aware like the case's times"):
        cf.evaluate(case, HOTLINE, D(2025, 9, 22, tzinfo=dt.UTC))
    with pytest.raises(ValueError, match="follows workflow 'hotline-12345' but policy"):
        cf.evaluate(case, URBAN, D(2025, 9, 23))
    with pytest.raises(KeyError, match="has no statutory goal 'nope'"):
        cf.evaluate(case, HOTLINE, D(2025, 9, 23)).goal("nope")
    with pytest.raises(KeyError, match="no promised limit"):
        cf.explain_goal(case, HOTLINE, "handling", D(2025, 9, 23), target="promised")


def test_aware_cases_come_back_aware() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    start = D(2025, 9, 22, 10, tzinfo=tz)
    case = cf.Case.open(WORKFLOW, "A", start).apply(cf.Event("1", "dispatch", start))
    status = cf.evaluate(case, HOTLINE, start).goal("handling")
    assert status.deadline == D(2025, 9, 28, 17, 30, tzinfo=tz)  # the make-up Sunday


def test_a_pause_beginning_exactly_at_the_deadline_still_counts() -> None:
    """At its deadline a goal is not yet breached, so a pause that begins then holds the clock."""
    policy = policy_with(cf.WorkingDays(1))
    start = D(2025, 9, 22, 10)  # due Tuesday 17:30
    case = paused(in_progress(start), D(2025, 9, 23, 17, 30), D(2025, 9, 24, 10))
    status = handling(case, policy, D(2025, 9, 24, 10))
    assert status.deadline == D(2025, 9, 24, 17, 30)  # Wednesday started on hold
    assert status.state is cf.ClockState.RUNNING


# -- the year-end: clocks that run past the holiday data -------------------------------------

YEAR_END = cf.hotline_policy()


def december(*events: tuple[str, dt.datetime] | tuple[str, dt.datetime, str]) -> cf.Case:
    """A complaint received on 2026-12-21: its 15 working days run into 2027."""
    case = cf.Case.open(YEAR_END.workflow, "Y", D(2026, 12, 21, 9), type="投诉")
    return case.apply_all([cf.Event(str(n), *e) for n, e in enumerate(events)])


#: The hotline policy with a handling clock that a return (退单) cancels.
CANCELLING = YEAR_END.with_goals(attrs.evolve(YEAR_END.goal("handling"), cancel="return"))


OPENED = (
    ("dispatch", D(2026, 12, 21, 10)),
    ("sign_for", D(2026, 12, 21, 11)),
    ("start", D(2026, 12, 21, 14)),
)


def test_a_goal_closed_inside_the_data_is_met_though_its_deadline_is_not_known() -> None:
    case = december(*OPENED, ("reply", D(2026, 12, 24, 10)))
    ev = cf.evaluate(case, YEAR_END, D(2026, 12, 30, 10))
    sign_for, handling = ev.goal("sign-for"), ev.goal("handling")
    assert (sign_for.state, sign_for.awaiting_notice) == (cf.ClockState.MET, None)
    assert handling.state is cf.ClockState.MET
    assert (handling.deadline, handling.awaiting_notice) == (None, 2027)
    # The handling clock runs from dispatch; all of it lies inside the data.
    assert handling.elapsed == cf.working_time(D(2026, 12, 21, 10), D(2026, 12, 24, 10))
    assert "deadline not known until the 2027 notice is loaded" in str(ev)


def test_an_open_goal_inside_the_data_is_running_and_unknown_past_it() -> None:
    case = december(*OPENED)
    running = cf.evaluate(case, YEAR_END, D(2026, 12, 31, 17)).goal("handling")
    assert (running.state, running.deadline, running.awaiting_notice) == (
        cf.ClockState.RUNNING,
        None,
        2027,
    )
    assert running.remaining is None  # the time left is not known: the deadline is past the data
    assert running.overdue == dt.timedelta(0)
    ev = cf.evaluate(case, YEAR_END, D(2026, 12, 31, 17))
    assert str(ev).splitlines()[2].split() == ["handling", "running", "due", "-", "[deadline",
                                               "not", "known", "until", "the", "2027", "notice",
                                               "is", "loaded]"]  # fmt: skip
    explained = str(cf.explain_goal(case, YEAR_END, "handling", D(2026, 12, 31, 17)))
    assert explained.endswith("\nstate     running")  # no time left said: none is known
    unknown = cf.evaluate(case, YEAR_END, D(2027, 1, 8, 10)).goal("handling")
    assert (unknown.state, unknown.awaiting_notice) == (cf.ClockState.UNKNOWN, 2027)
    assert unknown.remaining is None


def test_a_goal_breached_inside_the_data_stays_breached_past_it() -> None:
    case = cf.Case.open(YEAR_END.workflow, "B", D(2026, 11, 2, 9), type="投诉").apply_all(
        [cf.Event(str(n), name, at.replace(month=11, day=2)) for n, (name, at) in enumerate(OPENED)]
    )
    status = cf.evaluate(case, YEAR_END, D(2027, 1, 8, 10)).goal("handling")
    assert status.state is cf.ClockState.BREACHED
    assert status.deadline == cf.deadline(D(2026, 11, 2, 10), "15个工作日")
    assert (status.card, status.awaiting_notice) == (cf.Card.RED, 2027)
    # Overdue is counted up to the end of the data, the last thing known.
    assert status.overdue == cf.working_time(status.deadline, D(2026, 12, 31, 23, 59, 59, 999999))


def test_clock_time_goals_need_no_holiday_data() -> None:
    case = cf.Case.open(YEAR_END.workflow, "U", D(2026, 12, 31, 16), type="投诉", urgency="urgent")
    case = case.apply(cf.Event("1", "dispatch", D(2026, 12, 31, 16, 5)))
    ev = cf.evaluate(case, YEAR_END, D(2027, 1, 2, 10))
    sign_for = ev.goal("sign-for")
    assert sign_for.limit == cf.ClockTime(minutes=30)
    assert (sign_for.state, sign_for.awaiting_notice) == (cf.ClockState.BREACHED, None)


def test_the_notice_or_provisional_days_make_the_deadline_known() -> None:
    case = december(*OPENED)
    notice = cf.parse_notice(
        (Path(__file__).parents[1] / "data" / "notices" / "example_2027.txt").read_text("utf-8")
    )
    loaded = cf.evaluate(case, YEAR_END, D(2027, 1, 8, 10), CAL.with_arrangement(notice))
    handling = loaded.goal("handling")
    assert handling.awaiting_notice is None
    assert handling.deadline == D(2027, 1, 12, 17, 30)
    provisional = cf.evaluate(case, YEAR_END, D(2027, 1, 8, 10), CAL.with_provisional(2027))
    assert provisional.goal("handling").provisional
    assert provisional.goal("handling").deadline == D(2027, 1, 12, 17, 30)


def test_a_case_received_before_the_data_is_unknown_not_an_error() -> None:
    case = cf.Case.open(YEAR_END.workflow, "O", D(2003, 12, 30, 9), type="投诉").apply(
        cf.Event("1", "dispatch", D(2003, 12, 30, 10))
    )
    status = cf.evaluate(case, YEAR_END, D(2004, 1, 10)).goal("handling")
    assert (status.state, status.awaiting_notice) == (cf.ClockState.UNKNOWN, 2003)


def test_explaining_a_goal_past_the_data_says_what_is_missing() -> None:
    text = str(cf.explain_goal(december(*OPENED), YEAR_END, "handling", D(2027, 1, 8, 10)))
    assert "runs past the end of the calendar's holiday data" in text
    assert "deadline  unknown: 15 working days from 2026-12-21 10:00 Mon" in text
    assert text.endswith("state     unknown")


# -- the less-travelled clock paths (docs/sla.md) ------------------------------------------


def extended(start: dt.datetime, *amounts: str) -> cf.Case:
    """A case in progress from ``start``, extended by each amount in turn."""
    case = cf.Case.open(UNCAPPED, "X", start).apply_all(
        [
            cf.Event("1", "dispatch", start),
            cf.Event("2", "sign_for", start),
            cf.Event("3", "start", start),
        ]
    )
    at = start + dt.timedelta(minutes=5)
    for n, amount in enumerate(amounts):
        case = case.apply_all(
            [
                cf.Event(f"q{n}", "request_extension", at + dt.timedelta(minutes=2 * n)),
                cf.Event(
                    f"a{n}", "approve_extension", at + dt.timedelta(minutes=2 * n + 1), amount
                ),
            ]
        )
    return case


@pytest.mark.parametrize(
    ("limit", "extensions", "total"),
    [
        (cf.WorkingHours(4), ("2个工作小时", "3个工作小时"), "9个工作小时"),
        (cf.CalendarDays(5), ("3天", "2天"), "10天"),
        (cf.WorkingDays(5), ("2个工作日", "1个工作日"), "8个工作日"),
        (cf.ClockTime(48), ("24小时", "12小时"), "84小时"),
        (cf.Months(1), ("1个月", "1个月"), "3个月"),
    ],
)
def test_extensions_in_the_limits_unit_add_up(
    limit: cf.Duration, extensions: tuple[str, ...], total: str
) -> None:
    start = D(2025, 9, 22, 9, 30)
    policy = attrs.evolve(policy_with(limit), workflow=UNCAPPED)
    status = handling(extended(start, *extensions), policy, D(2025, 9, 22, 12))
    assert status.extensions == tuple(cf.Duration.parse(e) for e in extensions)
    assert status.deadline == cf.deadline(start, total)


@pytest.mark.parametrize(
    ("limit", "yellow_before", "due", "yellow_from"),
    [
        # 15 calendar days from Monday 22 Sep end on 7 Oct, a holiday: the period runs to the
        # next working day, Thursday 9 Oct; the yellow card one working day before it.
        (cf.CalendarDays(15), cf.WorkingDays(1), D(2025, 10, 9, 17, 30), D(2025, 9, 30, 17, 30)),
        (cf.CalendarDays(3), cf.CalendarDays(1), D(2025, 9, 25, 17, 30), D(2025, 9, 24, 17, 30)),
        (cf.Months(1), cf.Months(1), D(2025, 10, 22, 17, 30), D(2025, 9, 22, 17, 30)),
        (cf.WorkingHours(8), cf.WorkingHours(2), D(2025, 9, 23, 10, 30), D(2025, 9, 22, 17, 0)),
        (cf.ClockTime(48), cf.ClockTime(6), D(2025, 9, 24, 9, 30), D(2025, 9, 24, 3, 30)),
    ],
)
def test_a_yellow_card_before_every_kind_of_deadline(
    limit: cf.Duration, yellow_before: cf.Duration, due: dt.datetime, yellow_from: dt.datetime
) -> None:
    start = D(2025, 9, 22, 9, 30)
    policy = policy_with(limit, yellow_before=yellow_before)
    case = in_progress(start)
    assert handling(case, policy, start).deadline == due
    assert handling(case, policy, yellow_from - dt.timedelta(minutes=1)).card is cf.Card.NONE
    assert handling(case, policy, yellow_from).card is cf.Card.YELLOW
    assert handling(case, policy, due).card is cf.Card.YELLOW
    assert handling(case, policy, due + dt.timedelta(minutes=1)).card is cf.Card.RED


def test_severely_overdue_is_printed() -> None:
    policy = policy_with(cf.WorkingDays(2), severe_multiple=3)
    case = in_progress(D(2025, 9, 22, 9, 0))
    at = D(2025, 10, 13, 17, 30)
    line = str(cf.evaluate(case, policy, at)).splitlines()[1]
    assert line.endswith("[red card; severely overdue]")
    verdict = str(cf.explain_goal(case, policy, "handling", at)).splitlines()[-1]
    assert verdict == "state     breached, 63h00 of working time over, red card, severely overdue"


@pytest.mark.parametrize(
    ("limit", "extensions", "due"),
    [
        (cf.WorkingDays(2), (), D(2025, 9, 25, 0, 0)),
        (cf.CalendarDays(3), (), D(2025, 9, 26, 0, 0)),
        (cf.Months(1), (), D(2025, 10, 23, 0, 0)),
        (cf.CalendarDays(3), ("2个工作小时",), D(2025, 9, 26, 11, 0)),
        (cf.WorkingHours(2), ("1个工作日",), D(2025, 9, 24, 0, 0)),
    ],
)
def test_a_policy_whose_days_end_at_midnight(
    limit: cf.Duration, extensions: tuple[str, ...], due: dt.datetime
) -> None:
    """With DayEnd.MIDNIGHT every day-based deadline of the clock, and every extension in
    another unit counted from it, ends at 24:00 (00:00 of the next day)."""
    start = D(2025, 9, 22, 9, 30)
    policy = attrs.evolve(policy_with(limit), workflow=UNCAPPED, day_end="midnight")
    status = handling(extended(start, *extensions), policy, D(2025, 9, 22, 12))
    expected = cf.deadline(start, limit, day_end="midnight")
    for e in extensions:
        expected = cf.deadline(expected, e, day_end="midnight")
    assert status.deadline == expected == due


def test_a_yellow_card_before_a_deadline_at_midnight() -> None:
    start = D(2025, 9, 22, 9, 30)
    policy = attrs.evolve(
        policy_with(cf.WorkingDays(3), yellow_before=cf.WorkingDays(1)), day_end="midnight"
    )
    case = in_progress(start)
    assert handling(case, policy, start).deadline == D(2025, 9, 26, 0, 0)  # 24:00 Thursday
    # One working day before 24:00 Thursday is 24:00 Wednesday.
    assert handling(case, policy, D(2025, 9, 24, 23, 59)).card is cf.Card.NONE
    assert handling(case, policy, D(2025, 9, 25, 0, 0)).card is cf.Card.YELLOW
    # A working day before a deadline inside working time is the same moment of the working
    # day before: 8 working hours from Monday 09:00 end on Tuesday at 10:00.
    early = policy_with(cf.WorkingHours(8), yellow_before=cf.WorkingDays(1))
    opening = D(2025, 9, 22, 9, 0)
    assert handling(in_progress(opening), early, opening).deadline == D(2025, 9, 23, 10, 0)
    assert handling(in_progress(opening), early, D(2025, 9, 22, 9, 59)).card is cf.Card.NONE
    assert handling(in_progress(opening), early, D(2025, 9, 22, 10, 0)).card is cf.Card.YELLOW


def test_clock_time_is_elapsed_time_across_a_daylight_saving_change() -> None:
    berlin = cf.china_calendar(timezone="Europe/Berlin")
    policy = policy_with(cf.ClockTime(24), yellow_before=cf.ClockTime(2))
    start = D(2025, 3, 29, 12, 0)  # the night of 30 March has 23 hours in Berlin
    case = in_progress(start)
    status = cf.evaluate(case, policy, D(2025, 3, 30, 12, 30), berlin).goal("handling")
    assert status.deadline == D(2025, 3, 30, 13, 0)
    assert status.remaining == dt.timedelta(minutes=30)
    assert status.elapsed == dt.timedelta(hours=23, minutes=30)
    assert status.card is cf.Card.YELLOW
    on_hold = paused(case, D(2025, 3, 29, 20, 0), D(2025, 3, 30, 8, 0))  # 11 hours elapsed
    held = cf.evaluate(on_hold, policy, D(2025, 3, 30, 12, 0), berlin).goal("handling")
    assert held.on_hold == dt.timedelta(hours=11)
    assert held.deadline == D(2025, 3, 31, 0, 0)


def test_past_the_data_a_paused_clock_is_paused_and_counts_its_hold() -> None:
    case = december(*OPENED, ("suspend", D(2026, 12, 22, 10)))
    status = cf.evaluate(case, YEAR_END, D(2026, 12, 31, 12)).goal("handling")
    assert (status.state, status.awaiting_notice) == (cf.ClockState.PAUSED, 2027)
    assert status.on_hold == cf.working_time(D(2026, 12, 22, 10), D(2026, 12, 31, 12))
    assert status.elapsed == cf.working_time(D(2026, 12, 21, 10), D(2026, 12, 22, 10))
    assert (status.card, status.used, status.thresholds, status.severe) == (
        cf.Card.NONE,
        None,
        (),
        False,
    )


def test_past_the_data_extensions_and_cancellations_are_kept() -> None:
    extended_case = december(
        *OPENED,
        ("request_extension", D(2026, 12, 22, 10)),
        ("approve_extension", D(2026, 12, 22, 11), "5个工作日"),
    )
    status = cf.evaluate(extended_case, YEAR_END, D(2026, 12, 30)).goal("handling")
    assert (status.state, status.extensions) == (cf.ClockState.RUNNING, (cf.WorkingDays(5),))
    returned = december(*OPENED[:2], ("return", D(2026, 12, 23, 10)))
    cancelled = cf.evaluate(returned, CANCELLING, D(2026, 12, 30)).goal("handling")
    assert (cancelled.state, cancelled.stopped, cancelled.deadline) == (
        cf.ClockState.CANCELLED, D(2026, 12, 23, 10), None,
    )  # fmt: skip


def test_past_the_data_a_late_stop_or_cancel_of_a_breached_goal() -> None:
    opened = [(n, at.replace(month=11, day=2)) for n, at in OPENED]

    def november(*more: tuple[str, dt.datetime]) -> cf.Case:
        case = cf.Case.open(YEAR_END.workflow, "N", D(2026, 11, 2, 9), type="投诉")
        return case.apply_all(cf.Event(str(k), n, t) for k, (n, t) in enumerate([*opened, *more]))

    due = cf.deadline(D(2026, 11, 2, 10), "15个工作日")
    late = cf.evaluate(november(("reply", D(2027, 1, 5, 10))), YEAR_END, D(2027, 1, 8)).goal(
        "handling"
    )
    assert (late.state, late.stopped, late.deadline, late.breached_at) == (
        cf.ClockState.BREACHED, D(2027, 1, 5, 10), due, due,
    )  # fmt: skip
    opened = opened[:2]  # dispatched and signed for: a return can still cancel it
    returned = november(("return", D(2027, 1, 5, 10)))
    merged = cf.evaluate(returned, CANCELLING, D(2027, 1, 8)).goal("handling")
    assert (merged.state, merged.stopped, merged.breached_at, merged.card) == (
        cf.ClockState.CANCELLED, D(2027, 1, 5, 10), None, cf.Card.NONE,
    )  # fmt: skip


def test_past_the_data_aware_cases_come_back_aware() -> None:
    zone = ZoneInfo("Asia/Shanghai")
    case = cf.Case.open(
        YEAR_END.workflow, "Z", D(2026, 12, 21, 9, tzinfo=zone), type="投诉"
    ).apply_all(
        [cf.Event(str(n), name, at.replace(tzinfo=zone)) for n, (name, at) in enumerate(OPENED)]
    )
    unknown = cf.evaluate(case, YEAR_END, D(2027, 1, 8, tzinfo=zone)).goal("handling")
    assert (unknown.state, unknown.started) == (
        cf.ClockState.UNKNOWN,
        D(2026, 12, 21, 10, tzinfo=zone),
    )
    running = cf.evaluate(case, YEAR_END, D(2026, 12, 30, tzinfo=dt.UTC)).goal("handling")
    assert running.state is cf.ClockState.RUNNING
    assert running.started is not None
    assert running.started.utcoffset() == dt.timedelta(hours=8)


def test_past_provisional_years_the_statuses_say_both() -> None:
    cal = CAL.with_provisional(2027)
    case = cf.Case.open(YEAR_END.workflow, "P", D(2027, 12, 21, 9), type="投诉").apply_all(
        [cf.Event(str(n), name, at.replace(year=2027)) for n, (name, at) in enumerate(OPENED)]
    )
    status = cf.evaluate(case, YEAR_END, D(2027, 12, 30), cal).goal("handling")
    assert (status.state, status.provisional, status.awaiting_notice) == (
        cf.ClockState.RUNNING,
        True,
        2028,
    )


THRESHOLDS = policy_with(cf.WorkingDays(2), thresholds=(0.5, 0.8))


def signed_for_with_a_promise() -> cf.Case:
    case = cf.Case.open(WORKFLOW, "E-1", D(2025, 9, 22, 9), type="投诉")
    return case.apply_all(
        [
            cf.Event("1", "dispatch", D(2025, 9, 22, 10)),
            cf.Event("2", "sign_for", D(2025, 9, 22, 11)),
        ]
    )


def test_evaluations_print_one_line_per_goal_and_target() -> None:
    # Hand-checked: 12h00 of working time from Monday 11:00 to Tuesday's close; the promise of
    # 2 working days ran out on Wednesday; 13h30 of 21h used is past 50 %; 31 December 2026 to
    # 4 January 2027 over New Year's Day, provisionally.
    assert str(
        cf.evaluate(
            signed_for_with_a_promise(), cf.hotline_policy(promised="2个工作日"), D(2025, 9, 25, 10)
        )
    ) == (
        "case E-1 in state 'signed_for' at 2025-09-25 10:00 Thu\n"
        "  sign-for               met         due 2025-09-23 17:30 Tue       12h00 of working time left\n"
        "  handling               running     due 2025-10-17 17:30 Fri       90h00 of working time left\n"
        "  handling (promised)    breached    due 2025-09-24 17:30 Wed       1h00 of working time over  [red card; reached 80%]"
    )
    assert str(cf.evaluate(in_progress(D(2025, 9, 22, 9)), THRESHOLDS, D(2025, 9, 23, 17))) == (
        "case T in state 'in_progress' at 2025-09-23 17:00 Tue\n"
        "  handling               running     due 2025-09-24 17:30 Wed       7h30 of working time left  [reached 50%]"
    )
    assert str(
        cf.evaluate(
            in_progress(D(2026, 12, 30, 9)),
            THRESHOLDS,
            D(2026, 12, 31, 10),
            CAL.with_provisional(2027),
        )
    ) == (
        "case T in state 'in_progress' at 2026-12-31 10:00 Thu\n"
        "  handling               running     due 2027-01-04 17:30 Mon       13h00 of working time left  [provisional]"
    )
    assert str(
        cf.evaluate(cf.Case.open(WORKFLOW, "E-4", D(2025, 9, 22, 9)), THRESHOLDS, D(2025, 9, 23))
    ) == (
        "case E-4 in state 'registered' at 2025-09-23 00:00 Tue\n"
        "  handling               not started due -"
    )


def test_a_case_no_goal_applies_to_still_says_its_state() -> None:
    only_questions = cf.Goal(
        "handling", (cf.Limit(cf.WorkingDays(2), types="咨询"),), start="dispatch", stop="reply"
    )
    policy = cf.Policy("questions", WORKFLOW, (only_questions,))
    case = signed_for_with_a_promise()  # a complaint
    evaluation = cf.evaluate(case, policy, D(2025, 9, 23))
    assert (evaluation.state, evaluation.goals) == ("signed_for", ())
    assert cf.evaluate(case, policy, D(2025, 9, 22, 10, 30)).state == "dispatched"
    assert cf.evaluate(case, policy, D(2025, 9, 22, 9, 30)).state == "registered"
    with pytest.raises(KeyError) as info:
        evaluation.goal("handling")
    assert info.value.args[0] == "case 'E-1' has no statutory goal 'handling'; it has: none"
    with pytest.raises(KeyError) as info:
        cf.evaluate(case, THRESHOLDS, D(2025, 9, 23)).goal("handling", "promised")
    assert (
        info.value.args[0]
        == "case 'E-1' has no promised goal 'handling'; it has: handling (statutory)"
    )


@given(st.data())
def test_an_aware_case_is_the_naive_case_in_the_callers_zone(data: st.DataObject) -> None:
    """Evaluating a case with aware times gives, field by field, what the same case in local
    naive times gives, each moment read back in the case's zone."""
    policy = data.draw(st.sampled_from([HOTLINE, URBAN]))
    extra = {"types": KINDS} if policy is HOTLINE else {"categories": CATEGORIES}
    case = data.draw(cfst.cases(policy.workflow, **extra))
    at = case.last_moment + dt.timedelta(minutes=data.draw(st.integers(0, 20 * 24 * 60)))
    zone = ZoneInfo("Asia/Shanghai")
    aware = cf.case_from_json(
        cf.case_to_json(case).replace(':00"', ':00+08:00"'), {case.workflow.name: case.workflow}
    )
    assert aware.received == case.received.replace(tzinfo=zone)
    naive, other = (
        cf.evaluate(case, policy, at),
        cf.evaluate(aware, policy, at.replace(tzinfo=zone)),
    )
    assert len(naive.goals) == len(other.goals)
    for n, a in zip(naive.goals, other.goals, strict=True):
        for name in attrs.fields_dict(cf.GoalStatus):
            x, y = getattr(n, name), getattr(a, name)
            if isinstance(x, dt.datetime):
                assert y == x.replace(tzinfo=zone), name
                assert y.tzinfo is not None, name
            else:
                assert y == x, name


def test_past_the_data_a_breach_counts_its_pauses_and_extensions_inside_the_data() -> None:
    def november(*more: tuple[str, dt.datetime] | tuple[str, dt.datetime, str]) -> cf.Case:
        case = cf.Case.open(YEAR_END.workflow, "B", D(2026, 11, 2, 9), type="投诉")
        opened = [
            ("dispatch", D(2026, 11, 2, 10)),
            ("sign_for", D(2026, 11, 2, 11)),
            ("start", D(2026, 11, 2, 12)),
        ]
        return case.apply_all(cf.Event(str(k), *e) for k, e in enumerate([*opened, *more]))

    case = november(
        ("suspend", D(2026, 11, 3, 10)),
        ("resume", D(2026, 11, 5, 10)),  # gives back the working days begun on hold: 4 and 5 Nov
        ("request_extension", D(2026, 11, 6, 10)),
        ("approve_extension", D(2026, 11, 6, 11), "2个工作日"),
    )
    status = cf.evaluate(case, YEAR_END, D(2027, 1, 8)).goal("handling")
    due = cf.deadline(D(2026, 11, 2, 10), "19个工作日")  # 15 + 2 given back + 2 of extension
    assert (status.state, status.deadline, status.breached_at, status.awaiting_notice) == (
        cf.ClockState.BREACHED, due, due, 2027,
    )  # fmt: skip
    assert status.extensions == (cf.WorkingDays(2),)
    edge = D(2026, 12, 31, 23, 59, 59, 999999)
    assert status.on_hold == cf.working_time(D(2026, 11, 3, 10), D(2026, 11, 5, 10))
    assert status.elapsed == cf.working_time(D(2026, 11, 2, 10), edge) - status.on_hold
    assert status.overdue == cf.working_time(due, edge)
    assert (status.card, status.remaining) == (cf.Card.RED, dt.timedelta(0))
    # A case received on the first covered day is inside the data.
    first = cf.Case.open(YEAR_END.workflow, "F", D(2004, 1, 1, 0, 0), type="投诉").apply(
        cf.Event("1", "dispatch", D(2004, 1, 1, 0, 0))
    )
    assert cf.evaluate(first, YEAR_END, D(2004, 1, 5)).goal("handling").awaiting_notice is None


# -- every field of a status, hand-checked ---------------------------------------------------

H = 3600 * 10**6  # microseconds in an hour


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


def events(start: dt.datetime, *later: tuple[str, dt.datetime]) -> cf.Case:
    """A hotline case dispatched, signed for and started at ``start``, then ``later``."""
    tz = start.tzinfo
    case = in_progress(start.replace(tzinfo=None))
    if tz is not None:
        case = cf.Case.open(WORKFLOW, "T", start).apply_all(
            [cf.Event(e.id, e.name, e.at.replace(tzinfo=tz)) for e in case.history]
        )
    return case.apply_all(cf.Event(f"e{n}", name, at) for n, (name, at) in enumerate(later))


def test_every_field_of_a_goal_met_after_two_pauses() -> None:
    # 10 working hours from Monday 09:00; on hold Monday and Tuesday 14:00-17:30 (3h30 each,
    # both given back): due Wednesday 12:00; replied Wednesday 10:00 after 8 hours of work.
    policy = policy_with(cf.WorkingHours(10), thresholds=(0.5, 0.8))
    case = events(
        D(2025, 9, 22, 9),
        ("suspend", D(2025, 9, 22, 14)),
        ("resume", D(2025, 9, 23, 9)),
        ("suspend", D(2025, 9, 23, 14)),
        ("resume", D(2025, 9, 24, 9)),
        ("reply", D(2025, 9, 24, 10)),
    )
    assert handling(case, policy, D(2025, 9, 26)) == cf.GoalStatus(
        "handling", cf.Target.STATUTORY, cf.WorkingHours(10), cf.ClockState.MET,
        D(2025, 9, 22, 9), D(2025, 9, 24, 10), D(2025, 9, 24, 12), None, (),
        hours(8), hours(2), hours(0), hours(7), cf.Card.NONE, 0.8, (0.5, 0.8), False,
    )  # fmt: skip


def test_every_field_of_an_aware_goal_breached_severely() -> None:
    # 2 working hours from Monday 09:00 (+08:00) are due at 11:00; replied at 16:30 after
    # 6 hours of work, three times the time allowed.
    tz = dt.timezone(dt.timedelta(hours=8))
    policy = policy_with(cf.WorkingHours(2), severe_multiple=3)
    case = events(D(2025, 9, 22, 9, tzinfo=tz), ("reply", D(2025, 9, 22, 16, 30, tzinfo=tz)))
    assert handling(case, policy, D(2025, 9, 26, tzinfo=tz)) == cf.GoalStatus(
        "handling", cf.Target.STATUTORY, cf.WorkingHours(2), cf.ClockState.BREACHED,
        D(2025, 9, 22, 9, tzinfo=tz), D(2025, 9, 22, 16, 30, tzinfo=tz),
        D(2025, 9, 22, 11, tzinfo=tz), D(2025, 9, 22, 11, tzinfo=tz), (),
        hours(6), hours(0), hours(4), hours(0), cf.Card.RED, 3.0, (), True,
    )  # fmt: skip


def test_every_field_of_a_goal_not_started() -> None:
    case = cf.Case.open(WORKFLOW, "T", D(2025, 9, 22, 9))
    assert handling(case, policy_with(cf.WorkingDays(1)), D(2025, 9, 26)) == cf.GoalStatus(
        "handling", cf.Target.STATUTORY, cf.WorkingDays(1), cf.ClockState.NOT_STARTED,
        None, None, None, None, (), hours(0), hours(0), hours(0), hours(0), cf.Card.NONE,
        None, (), False,
    )  # fmt: skip


def test_with_no_time_allowed_no_share_is_used_and_nothing_is_severe() -> None:
    policy = policy_with(cf.WorkingHours(0), thresholds=(0.5,), severe_multiple=3)
    status = handling(events(D(2025, 9, 22, 9)), policy, D(2025, 9, 26))
    assert (status.state, status.used, status.thresholds, status.severe) == (
        cf.ClockState.BREACHED,
        None,
        (),
        False,
    )


def test_a_goal_is_provisional_only_when_it_touches_a_provisional_year() -> None:
    policy = policy_with(cf.WorkingDays(3))
    cal = CAL.with_provisional(2028)
    early = cf.evaluate(events(D(2025, 9, 22, 9)), policy, D(2025, 9, 23), cal)
    assert not early.goal("handling").provisional
    tz = dt.timezone(dt.timedelta(hours=8))
    late = cf.evaluate(events(D(2027, 3, 1, 9, tzinfo=tz)), policy, D(2027, 3, 2, tzinfo=tz), cal)
    assert late.goal("handling").provisional


def test_a_working_day_clock_from_the_edge_of_the_data_waits_for_the_notice() -> None:
    policy = policy_with(cf.WorkingDays(1))
    for start in (D(2026, 12, 31, 10), D(2027, 1, 4, 10)):  # the last working day, and past it
        status = handling(events(start), policy, D(2027, 1, 8))
        assert (status.state, status.awaiting_notice) == (cf.ClockState.UNKNOWN, 2027)


def test_every_field_of_a_goal_unknown_past_the_data() -> None:
    case = december(*OPENED)
    assert cf.evaluate(case, YEAR_END, D(2027, 1, 8, 10)).goal("handling") == cf.GoalStatus(
        "handling", cf.Target.STATUTORY, cf.WorkingDays(15), cf.ClockState.UNKNOWN,
        D(2026, 12, 21, 10), None, None, None, (), hours(0), None, hours(0), hours(0),
        cf.Card.NONE, None, (), False, False, 2027,
    )  # fmt: skip


def test_time_on_hold_inside_the_data_adds_up_when_the_deadline_is_beyond_it() -> None:
    case = december(
        *OPENED,
        ("suspend", D(2026, 12, 22, 14)),
        ("resume", D(2026, 12, 23, 9)),
        ("suspend", D(2026, 12, 24, 14)),
        ("resume", D(2026, 12, 25, 9)),
    )
    status = cf.evaluate(case, YEAR_END, D(2026, 12, 31, 17)).goal("handling")
    assert (status.state, status.awaiting_notice) == (cf.ClockState.RUNNING, 2027)
    assert status.on_hold == hours(7)


def november(*later: tuple[str, dt.datetime], tz: dt.tzinfo | None = None) -> cf.Case:
    """A complaint started on 2026-11-02, due on 2026-11-23: breached inside the data."""
    opened = [(name, at.replace(month=11, day=2, tzinfo=tz)) for name, at in OPENED]
    case = cf.Case.open(YEAR_END.workflow, "B", D(2026, 11, 2, 9, tzinfo=tz), type="投诉")
    return case.apply_all(cf.Event(str(n), *e) for n, e in enumerate([*opened, *later]))


@pytest.mark.parametrize(
    ("later", "on_hold"),
    [
        ((("suspend", D(2026, 12, 30, 10)), ("resume", D(2027, 1, 5, 10))), 13),
        ((("suspend", D(2026, 12, 30, 10)), ("resume", D(2027, 1, 1))), 13),
        ((("suspend", D(2027, 1, 1)),), 0),
        ((("reply", D(2027, 1, 1)),), 0),
    ],
)
def test_a_breached_goal_stays_breached_whatever_crosses_the_end_of_the_data(
    later: tuple[tuple[str, dt.datetime], ...], on_hold: int
) -> None:
    status = cf.evaluate(november(*later), YEAR_END, D(2027, 1, 8, 10)).goal("handling")
    assert (status.state, status.card, status.awaiting_notice) == (
        cf.ClockState.BREACHED,
        cf.Card.RED,
        2027,
    )
    assert status.on_hold == hours(on_hold)  # counted to the end of the data
    assert status.deadline == D(2026, 11, 23, 17, 30)


def test_an_aware_goal_breached_past_the_data_comes_back_aware() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    status = cf.evaluate(november(tz=tz), YEAR_END, D(2027, 1, 8, 10, tzinfo=tz)).goal("handling")
    assert status.deadline == status.breached_at == D(2026, 11, 23, 17, 30, tzinfo=tz)
    assert status.started == D(2026, 11, 2, 10, tzinfo=tz)


def test_a_clock_from_the_first_moment_of_the_data_is_inside_it() -> None:
    policy = policy_with(cf.Months(300))
    status = handling(events(D(2004, 1, 1)), policy, D(2004, 6, 1))
    assert (status.state, status.awaiting_notice) == (cf.ClockState.RUNNING, 2027)


def test_a_clock_from_the_first_moment_past_the_data_is_unknown() -> None:
    status = handling(events(D(2027, 1, 1)), policy_with(cf.ClockTime(1)), D(2027, 1, 8))
    assert status.state is cf.ClockState.BREACHED  # elapsed time needs no holiday data
    status = handling(events(D(2027, 1, 1)), policy_with(cf.WorkingDays(1)), D(2027, 1, 8))
    assert (status.state, status.awaiting_notice) == (cf.ClockState.UNKNOWN, 2027)


def test_what_a_status_lacks_names_a_notice_after_the_data_and_data_before_it() -> None:
    before = cf.Case.open(YEAR_END.workflow, "O", D(2003, 12, 30, 9), type="投诉").apply(
        cf.Event("1", "dispatch", D(2003, 12, 30, 10))
    )
    old = cf.evaluate(before, YEAR_END, D(2004, 1, 10)).goal("handling")
    assert awaiting(old) == "deadline not known until data for 2003 is loaded"
    new = cf.evaluate(december(*OPENED), YEAR_END, D(2027, 1, 8)).goal("handling")
    assert awaiting(new) == "deadline not known until the 2027 notice is loaded"
    late = cf.evaluate(november(), YEAR_END, D(2027, 1, 8)).goal("handling")
    assert awaiting(late) == (
        "time counted to the end of the holiday data; the rest needs the 2027 notice"
    )


# -- evaluating a case ----------------------------------------------------------------------


def test_goals_that_do_not_apply_are_left_out_and_the_others_kept() -> None:
    only_complaints = cf.Goal(
        "complaints", (cf.Limit(cf.WorkingDays(1), types="投诉"),), start="dispatch", stop="reply"
    )
    every = cf.Goal("every", (cf.Limit(cf.WorkingDays(2)),), start="dispatch", stop="reply")
    policy = cf.Policy("two", WORKFLOW, (only_complaints, every))
    ev = cf.evaluate(events(D(2025, 9, 22, 9)), policy, D(2025, 9, 23))
    assert [s.goal for s in ev.goals] == ["every"]
    with pytest.raises(KeyError) as info:
        ev.goal("complaints")
    assert info.value.args[0] == (
        "case 'T' has no statutory goal 'complaints'; it has: every (statutory)"
    )


def test_an_aware_case_gets_its_promised_deadline_aware() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    goal = cf.Goal(
        "handling", (cf.Limit(cf.WorkingDays(5), promised=cf.WorkingDays(3)),),
        start="dispatch", stop="reply",
    )  # fmt: skip
    policy = cf.Policy("promise", WORKFLOW, (goal,))
    ev = cf.evaluate(events(D(2025, 9, 22, 9, tzinfo=tz)), policy, D(2025, 9, 23, tzinfo=tz))
    assert ev.goal("handling", "promised").deadline == D(2025, 9, 25, 17, 30, tzinfo=tz)
    have = "handling (statutory), handling (promised)"
    with pytest.raises(KeyError, match=re.escape(have)):
        ev.goal("other")


def test_with_no_goal_applying_the_state_is_read_from_the_events_seen() -> None:
    none_apply = cf.Goal(
        "g", (cf.Limit(cf.WorkingDays(1), types="投诉"),), start="dispatch", stop="reply"
    )
    policy = cf.Policy("none", WORKFLOW, (none_apply,))
    case = events(D(2025, 9, 22, 9), ("supervise", D(2025, 9, 22, 10)))
    assert cf.evaluate(case, policy, D(2025, 9, 22, 10)).state == "in_progress"
    assert cf.evaluate(case, policy, D(2025, 9, 22, 9)).state == "in_progress"
    assert cf.evaluate(case, policy, D(2025, 9, 22, 8)).state == WORKFLOW.initial


def test_the_instant_must_be_a_datetime() -> None:
    with pytest.raises(cf.ArgumentTypeError) as info:
        cf.evaluate(events(D(2025, 9, 22, 9)), policy_with(cf.WorkingDays(1)), "2025-09-23")  # type: ignore[arg-type]
    assert str(info.value) == "'at' must be a datetime.datetime (got '2025-09-23' that is a str)"


def test_the_evaluation_in_words_lists_thresholds_and_leaves_out_time_left_when_unknown() -> None:
    policy = policy_with(cf.WorkingHours(10), thresholds=(0.5, 0.8))
    ev = cf.evaluate(events(D(2025, 9, 22, 9)), policy, D(2025, 9, 23, 12))
    assert str(ev).endswith("; reached 50%, 80%]")
    waiting = cf.evaluate(cf.Case.open(WORKFLOW, "W", D(2025, 9, 22, 9)), policy, D(2025, 9, 23))
    assert str(waiting).splitlines()[1] == "  handling               not started due -"


def test_the_share_used_is_known_whenever_any_time_is_allowed() -> None:
    # No working day to add, a microsecond before the close: one microsecond allowed.
    policy = policy_with(cf.WorkingDays(0), severe_multiple=3)
    case = events(D(2025, 9, 22, 17, 29, 59, 999_999))
    at_close = handling(case, policy, D(2025, 9, 22, 17, 30))
    assert (at_close.used, at_close.severe) == (1.0, False)
    assert handling(case, policy, D(2025, 9, 23, 10)).severe


def test_a_cancelled_goal_in_words_has_its_deadline_but_no_time_left() -> None:
    urban = cf.urban_policy()
    case = cf.Case.open(urban.workflow, "U", D(2025, 9, 1, 9), category="暴露垃圾").apply_all(
        [
            cf.Event("1", "file", D(2025, 9, 1, 9, 30)),
            cf.Event("2", "dispatch", D(2025, 9, 1, 10)),
            cf.Event("3", "park", D(2025, 9, 1, 11)),
        ]
    )
    line = str(cf.evaluate(case, urban, D(2025, 9, 2))).splitlines()[1]
    assert line == "  handling               cancelled   due 2025-09-01 15:30 Mon"


# -- every cycle counts ---------------------------------------------------------------------


def test_every_cycle_of_a_restarted_clock_keeps_its_own_verdict() -> None:
    urban = cf.urban_policy()
    case = cf.Case.open(urban.workflow, "U", D(2025, 9, 1, 9), category="暴露垃圾").apply_all(
        cf.Event(str(n), name, at)
        for n, (name, at) in enumerate(
            [("file", D(2025, 9, 1, 9, 30)), ("dispatch", D(2025, 9, 1, 10)),
             ("feed_back", D(2025, 9, 1, 11)), ("rework", D(2025, 9, 1, 14)),
             ("feed_back", D(2025, 9, 2, 15))]
        )
    )  # fmt: skip
    first, second = cf.cycles(case, urban, "handling", D(2025, 9, 3))
    # Fed back after an hour of its 4 working hours: met. Reworked at 14:00, the clock runs
    # afresh: 3h30 that afternoon and 30 minutes the next morning, due 09:30; fed back at 15:00.
    assert (first.state, first.started, first.deadline) == (
        cf.ClockState.MET, D(2025, 9, 1, 10), D(2025, 9, 1, 15, 30)
    )  # fmt: skip
    assert (second.state, second.started, second.deadline) == (
        cf.ClockState.BREACHED, D(2025, 9, 1, 14), D(2025, 9, 2, 9, 30)
    )  # fmt: skip
    assert second == cf.evaluate(case, urban, D(2025, 9, 3)).goal("handling")
    # Before the rework there was one cycle.
    assert len(cf.cycles(case, urban, "handling", D(2025, 9, 1, 13))) == 1


def test_a_cycle_interrupted_before_its_stop_is_read_where_it_stood() -> None:
    hotline = cf.hotline_policy()
    case = cf.Case.open(hotline.workflow, "H", D(2025, 9, 22, 9), type="投诉").apply_all(
        [cf.Event("1", "dispatch", D(2025, 9, 22, 10)), cf.Event("2", "return", D(2025, 9, 22, 11)),
         cf.Event("3", "reassign", D(2025, 9, 23, 10))]
    )  # fmt: skip
    first, again = cf.cycles(case, hotline, "sign-for", D(2025, 9, 24))
    assert first.state is cf.ClockState.MET  # a return stops the sign-for clock
    assert again.started == D(2025, 9, 23, 10)
    with pytest.raises(KeyError, match="has no goal 'nope'"):
        cf.cycles(case, hotline, "nope", D(2025, 9, 24))
    with pytest.raises(KeyError, match="no promised limit"):
        cf.cycles(case, hotline, "handling", D(2025, 9, 24), target="promised")


def urban_report(*events: tuple[str, dt.datetime], tz: dt.tzinfo | None = None) -> cf.Case:
    urban = cf.urban_policy()
    case = cf.Case.open(urban.workflow, "U", D(2025, 9, 1, 9, tzinfo=tz), category="暴露垃圾")
    opened = [("file", D(2025, 9, 1, 9, 30, tzinfo=tz)), ("dispatch", D(2025, 9, 1, 10, tzinfo=tz))]
    return case.apply_all(cf.Event(str(n), *e) for n, e in enumerate([*opened, *events]))


def test_an_earlier_cycle_keeps_its_pauses_its_cancellation_and_where_it_stood() -> None:
    urban = cf.urban_policy()
    parked = urban_report(("park", D(2025, 9, 1, 11)), ("unpark", D(2025, 9, 2, 10)))
    first, _ = cf.cycles(parked, urban, "handling", D(2025, 9, 3))
    assert (first.state, first.stopped) == (cf.ClockState.CANCELLED, D(2025, 9, 1, 11))
    assert first.target is cf.Target.STATUTORY
    # Sent back at 11:00 and dispatched again at 12:00: the first cycle ran two hours.
    sent = urban_report(("send_back", D(2025, 9, 1, 11)), ("dispatch", D(2025, 9, 1, 12)))
    first, _ = cf.cycles(sent, urban, "handling", D(2025, 9, 3))
    assert (first.state, first.elapsed) == (cf.ClockState.RUNNING, hours(2))
    hotline = cf.hotline_policy()
    held = cf.Case.open(hotline.workflow, "H", D(2025, 9, 22, 9), type="投诉").apply_all(
        cf.Event(str(n), name, at)
        for n, (name, at) in enumerate(
            [("dispatch", D(2025, 9, 22, 10)), ("sign_for", D(2025, 9, 22, 11)),
             ("start", D(2025, 9, 22, 11)), ("suspend", D(2025, 9, 22, 14)),
             ("resume", D(2025, 9, 23, 9)), ("reply", D(2025, 9, 23, 10)),
             ("call_back", D(2025, 9, 23, 11)), ("reopen", D(2025, 9, 23, 12))]
        )
    )  # fmt: skip
    first, _ = cf.cycles(held, hotline, "handling", D(2025, 9, 24))
    assert first.on_hold == hours(3.5)


def test_cycles_use_the_calendar_the_day_end_and_the_zone_given() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    events = (
        ("send_back", D(2025, 9, 2, 10, tzinfo=tz)),
        ("dispatch", D(2025, 9, 2, 11, tzinfo=tz)),
    )
    urban = cf.urban_policy()
    aware = urban_report(*events, tz=tz)
    first, last = cf.cycles(aware, urban, "handling", D(2025, 9, 3, tzinfo=tz))
    assert first.deadline == D(2025, 9, 1, 15, 30, tzinfo=tz)
    assert last == cf.evaluate(aware, urban, D(2025, 9, 3, tzinfo=tz)).goal("handling")
    typhoon = CAL.with_days_off({dt.date(2025, 9, 1): "台风"})
    first, _ = cf.cycles(aware, urban, "handling", D(2025, 9, 3, tzinfo=tz), typhoon)
    assert first.deadline == D(2025, 9, 2, 14, 30, tzinfo=tz)  # 4 working hours from Tuesday
    days = cf.Policy("days", urban.workflow, (attrs.evolve(
        urban.goal("handling"), limits=(cf.Limit(cf.WorkingDays(1)),)),), day_end="midnight")  # fmt: skip
    first, last = cf.cycles(aware, days, "handling", D(2025, 9, 3, tzinfo=tz))
    assert first.deadline == D(2025, 9, 3, tzinfo=tz)  # the end of Tuesday, at 24:00
    assert last.deadline == D(2025, 9, 4, tzinfo=tz)
    close = attrs.evolve(days, day_end="close")
    first, last = cf.cycles(aware, close, "handling", D(2025, 9, 3, tzinfo=tz))
    assert first.deadline == D(2025, 9, 2, 17, 30, tzinfo=tz)
    assert last.deadline == D(2025, 9, 3, 17, 30, tzinfo=tz)


def test_cycles_of_a_clock_from_receipt_and_of_a_goal_that_does_not_apply() -> None:
    from tests.sla.test_replay import GOAL, RECEIVED
    from tests.sla.test_replay import WORKFLOW as DESK

    desk = cf.Policy("desk", DESK, (GOAL,))
    case = cf.Case.open(DESK, "R", RECEIVED).apply_all(
        [cf.Event("1", "take", D(2025, 9, 22, 10)), cf.Event("2", "answer", D(2025, 9, 22, 11)),
         cf.Event("3", "reopen", D(2025, 9, 23, 10))]
    )  # fmt: skip
    first, _ = cf.cycles(case, desk, "reply", D(2025, 9, 24))
    assert (first.started, first.state) == (RECEIVED, cf.ClockState.MET)
    only = attrs.evolve(GOAL, limits=(cf.Limit(cf.WorkingDays(5), types="投诉"),))
    with pytest.raises(KeyError, match="has no statutory limit for case 'R'"):
        cf.cycles(case, cf.Policy("desk", DESK, (only,)), "reply", D(2025, 9, 24))


@pytest.mark.parametrize("day_end", ["close", "midnight"])
def test_a_working_day_clock_with_nothing_on_hold_takes_the_short_path(
    monkeypatch: pytest.MonkeyPatch, day_end: str
) -> None:
    """A working-day clock with no pause and no extension, the commonest, reads its deadline
    straight from the tables: the short path is taken (the test_status properties hold its
    answers to the general path's)."""
    import civicflow.sla.status as status

    policy = attrs.evolve(policy_with(cf.WorkingDays(3)), day_end=day_end)
    before = cf.evaluate(events(D(2025, 9, 30, 16)), policy, D(2025, 10, 10, 12))

    def slow(*args: object) -> object:
        raise AssertionError("the general path was taken")

    monkeypatch.setattr(status, "deadline_of", slow)
    short = cf.evaluate(events(D(2025, 9, 30, 16)), policy, D(2025, 10, 10, 12))
    assert short == before
    assert short.goal("handling").deadline == (
        D(2025, 10, 11, 17, 30) if day_end == "close" else D(2025, 10, 12)
    )
