"""The schedule of a case's clocks: its instants are exact against `evaluate`, and hand-checked
schedules of every preset across a holiday, a pause over the Spring Festival, a night desk
and a 7x24 desk."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.sla.schedule import AlertKind, Unscheduled, first_elapsed

D = dt.datetime
US = dt.timedelta(microseconds=1)
H = dt.timedelta(hours=1)

HOTLINE = cf.hotline_policy()
URBAN = cf.urban_policy()
LICENCE = cf.licence_policy(promised="15个工作日")
RATING = cf.rating_policy()

#: Each preset's policy, with other warnings (thresholds, yellow cards in other units, a
#: day that ends at 24:00), and the values its limits are chosen by.
PRESETS: tuple[tuple[cf.Policy, dict[str, tuple[str, ...]]], ...] = (
    (HOTLINE, {"types": ("咨询", "投诉", "求助", "其他"), "urgencies": ("normal", "urgent")}),
    (
        cf.urban_policy(warnings=cf.Warnings(cf.WorkingHours(1), (0.5, 0.9))),
        {"categories": ("暴露垃圾", "道路不洁", "绿地脏乱", "井盖缺失", "其他")},
    ),
    (attrs.evolve(LICENCE, warnings=cf.Warnings(thresholds=(0.75,), severe_multiple=2)), {}),
    (
        attrs.evolve(
            RATING,
            warnings=cf.Warnings(cf.CalendarDays(2), (1 / 3,)),
            day_end=cf.DayEnd.MIDNIGHT,
        ),
        {},
    ),
)


def as_of(case: cf.Case, at: dt.datetime) -> cf.Case:
    """The case as known at ``at``: the events after it left out."""
    return attrs.evolve(case, history=()).replayed().apply_all(
        e for e in case.history if e.at <= at
    ) if case.received_as else cf.Case.open(
        case.workflow, case.id, case.received, type=case.type, category=case.category,
        urgency=case.urgency, channel=case.channel, fields=dict(case.fields),
    ).apply_all(e for e in case.history if e.at <= at)  # fmt: skip


def crossed(kind: AlertKind, share: float | None, s: cf.GoalStatus, at: dt.datetime) -> bool:
    """Whether ``s``, read at ``at``, has crossed the line of an alert of ``kind``."""
    if kind is AlertKind.THRESHOLD:
        return share in s.thresholds
    if kind is AlertKind.YELLOW:
        return s.card is not cf.Card.NONE
    if kind is AlertKind.DEADLINE:
        return s.deadline is not None and at >= s.deadline
    if kind is AlertKind.RED:
        return s.state is cf.ClockState.BREACHED and s.card is cf.Card.RED
    return s.severe


# -- the law: every instant is exact ---------------------------------------------------------


@given(st.data(), cfst.calendars(2006, 2024))
def test_each_instant_is_exact_against_evaluate(data: st.DataObject, cal: cf.Calendar) -> None:
    policy, values = data.draw(st.sampled_from(PRESETS))
    case = data.draw(
        cfst.cases(
            policy.workflow,
            types=values.get("types", ("",)),
            categories=values.get("categories", ("",)),
            urgencies=values.get("urgencies", ("normal",)),
            max_events=8,
            min_year=2006,
            max_year=2024,
        )
    )
    later = data.draw(st.one_of(st.integers(0, 3 * 24 * 60), st.integers(0, 40 * 24 * 60)))
    at = case.received + dt.timedelta(minutes=later)
    known = as_of(case, at)
    schedule = cf.clock_schedule(known, policy, at, cal)
    assert schedule == cf.clock_schedule(case, policy, at, cal)  # events after at are not seen
    assert [a.at for a in schedule.alerts] == sorted(a.at for a in schedule.alerts)
    now = {(s.goal, s.target): s for s in cf.evaluate(known, policy, at, cal).goals}
    for alert in schedule.alerts:
        assert alert.at > at
        key = (alert.goal, alert.target)
        before = cf.evaluate(known, policy, alert.at - US, cal).goal(*key)
        then = cf.evaluate(known, policy, alert.at, cal).goal(*key)
        assert not crossed(alert.kind, alert.threshold, before, alert.at - US), alert
        assert crossed(alert.kind, alert.threshold, then, alert.at), alert
        assert (then.remaining, then.overdue) == (alert.remaining, alert.overdue)
        assert then.deadline == alert.deadline == now[key].deadline
    # Every open goal either has its instants or says why it has none.
    listed = {(a.goal, a.target) for a in schedule.alerts} | {
        (u.goal, u.target) for u in schedule.unscheduled
    }
    for key, s in now.items():
        if s.state is cf.ClockState.RUNNING or s.state is cf.ClockState.PAUSED:
            assert key in listed


@given(st.floats(0.01, 0.99), st.integers(1, 10**13))
def test_the_first_elapsed_time_of_a_share_is_the_least_that_reaches_it(
    share: float, allowed: int
) -> None:
    e = first_elapsed(share, allowed)
    assert e / allowed >= share
    assert (e - 1) / allowed < share


# -- hand-checked schedules ------------------------------------------------------------------

E = cf.Event


def rows(schedule: cf.ClockSchedule) -> list[tuple[dt.datetime, str, str]]:
    return [(a.at, a.goal, a.what) for a in schedule.alerts]


def test_a_hotline_order_across_national_day() -> None:
    # A 咨询 dispatched on Monday 29 September 2025: signing for within one working day (due
    # on the 30th), handling within two (the 30th, then Thursday 9 October after the break).
    case = cf.Case.open(HOTLINE.workflow, "H-7", D(2025, 9, 29, 9), type="咨询")
    case = case.apply(E("1", "dispatch", D(2025, 9, 29, 9, 30)))
    schedule = cf.clock_schedule(case, HOTLINE, D(2025, 9, 29, 10))
    assert rows(schedule) == [
        (D(2025, 9, 29, 17, 30), "sign-for", "yellow card"),
        # 80 % of 13h30 (6h30 on Monday, 7h on Tuesday) is 10h48: 4h18 into Tuesday.
        (D(2025, 9, 30, 14, 48), "sign-for", "reached 80%"),
        (D(2025, 9, 30, 17, 30), "handling", "yellow card"),
        (D(2025, 9, 30, 17, 30), "sign-for", "deadline"),
        (D(2025, 9, 30, 17, 30) + US, "sign-for", "red card"),
        # 80 % of 20h30 is 16h24: 2h54 into 9 October.
        (D(2025, 10, 9, 11, 54), "handling", "reached 80%"),
        (D(2025, 10, 9, 17, 30), "handling", "deadline"),
        (D(2025, 10, 9, 17, 30) + US, "handling", "red card"),
        # Three times 13h30 is 40h30: 9, 10 and the make-up 11 October, and 6h on the 13th.
        (D(2025, 10, 13, 16, 30), "sign-for", "severely overdue"),
        # Three times 20h30 is 61h30: on to 16 October.
        (D(2025, 10, 16, 16, 30), "handling", "severely overdue"),
    ]
    first = schedule.alerts[0]
    assert (first.remaining, first.overdue, first.label) == (7 * H, dt.timedelta(0), "签收")
    assert schedule.alerts[-1].overdue == 41 * H
    assert schedule.unscheduled == ()


def suspended_complaint() -> cf.Case:
    """The README's complaint: 15 working days, on hold from 12 to 25 February 2026."""
    case = cf.Case.open(HOTLINE.workflow, "12345-0001", D(2026, 2, 10, 10), type="投诉")
    return case.apply_all([
        E("e1", "dispatch", D(2026, 2, 10, 10, 30)), E("e2", "sign_for", D(2026, 2, 10, 14)),
        E("e3", "start", D(2026, 2, 11, 9)), E("e4", "suspend", D(2026, 2, 12, 15)),
        E("e5", "resume", D(2026, 2, 25, 9, 30)),
    ])  # fmt: skip


def test_a_pause_over_the_spring_festival() -> None:
    case = suspended_complaint()
    # Before the pause, assuming no further event: 15 working days from 10 February, the
    # make-up Saturdays 14 and 28 February counted, the festival skipped: 9 March.
    before = cf.clock_schedule(as_of(case, D(2026, 2, 11, 10)), HOTLINE, D(2026, 2, 11, 10))
    assert rows(before) == [
        # 80 % of 110h30 is 88h24: 5h30 on the 10th, 11 days to 3 March, 5h54 on the 4th.
        (D(2026, 3, 4, 16, 24), "handling", "reached 80%"),
        (D(2026, 3, 6, 17, 30), "handling", "yellow card"),
        (D(2026, 3, 9, 17, 30), "handling", "deadline"),
        (D(2026, 3, 9, 17, 30) + US, "handling", "red card"),
        # 221h over: 16 working days of March, 1-3 April, 7-17 April (Qingming skipped), and
        # 4h into 23 April.
        (D(2026, 4, 23, 14, 30), "handling", "severely overdue"),
    ]
    # On hold: nothing is scheduled until the clock resumes.
    held = cf.clock_schedule(case, HOTLINE, D(2026, 2, 20, 10))
    assert held.alerts == ()
    assert held.unscheduled == (Unscheduled("handling", cf.Target.STATUTORY, cf.ClockState.PAUSED),)
    assert "nothing is scheduled until the clock resumes" in str(held)
    # Resumed: four working days given back, due 13 March; its yellow card and 80 % are past.
    after = cf.clock_schedule(case, HOTLINE, D(2026, 3, 12, 18))
    assert rows(after) == [
        (D(2026, 3, 13, 17, 30), "handling", "deadline"),
        (D(2026, 3, 13, 17, 30) + US, "handling", "red card"),
        # Allowed 114h30 (138h30 of working time to the deadline, 24h of it on hold): three
        # times that is 229h over, reached on 30 April at 15:30.
        (D(2026, 4, 30, 15, 30), "handling", "severely overdue"),
    ]
    assert after.alerts[-1].overdue == 229 * H


def test_an_urban_case_in_working_hours_across_national_day() -> None:
    case = cf.Case.open(URBAN.workflow, "CG-1", D(2025, 9, 30, 15), category="暴露垃圾")
    case = case.apply_all(
        [E("1", "file", D(2025, 9, 30, 15, 30)), E("2", "dispatch", D(2025, 9, 30, 16))]
    )
    # 4 working hours: 1h30 on 30 September, 2h30 on 9 October. The yellow card, one working
    # day before, came at once; severe at 12 hours: 1h30, 7h and 3h30 into the 10th.
    assert rows(cf.clock_schedule(case, URBAN, D(2025, 9, 30, 16, 30))) == [
        (D(2025, 10, 9, 11, 30), "handling", "deadline"),
        (D(2025, 10, 9, 11, 30) + US, "handling", "red card"),
        (D(2025, 10, 10, 14), "handling", "severely overdue"),
    ]


def test_an_urban_case_on_a_night_desk() -> None:
    night = cf.china_calendar("22:00-06:00+1")
    case = cf.Case.open(URBAN.workflow, "CG-N", D(2025, 10, 9, 22, 30), category="暴露垃圾")
    case = case.apply_all(
        [E("1", "file", D(2025, 10, 9, 22, 40)), E("2", "dispatch", D(2025, 10, 9, 23))]
    )
    # Four hours of the Thursday night session: 03:00; twelve: the rest of that night (3h)
    # and five hours of Friday's, to Saturday 03:00.
    assert rows(cf.clock_schedule(case, URBAN, D(2025, 10, 9, 23, 30), night)) == [
        (D(2025, 10, 10, 3), "handling", "deadline"),
        (D(2025, 10, 10, 3) + US, "handling", "red card"),
        (D(2025, 10, 11, 3), "handling", "severely overdue"),
    ]


def test_a_licence_decision_paused_by_a_hearing_over_the_spring_festival() -> None:
    policy = cf.licence_policy()
    case = cf.Case.open(policy.workflow, "XK-1", D(2026, 1, 26, 9)).apply_all([
        E("1", "accept", D(2026, 1, 27, 10)), E("2", "start_hearing", D(2026, 2, 10, 10)),
        E("3", "end_hearing", D(2026, 2, 25, 10)),
    ])  # fmt: skip
    held = cf.clock_schedule(case, policy, D(2026, 2, 20, 10))
    assert held.alerts == ()
    assert [(u.goal, u.state) for u in held.unscheduled] == [("decision", cf.ClockState.PAUSED)]
    # 20 working days, and six given back (11-14 and 24-25 February started on hold): the
    # 26th working day after 27 January is 10 March. Allowed 146h (188h less 42h on hold).
    assert rows(cf.clock_schedule(case, policy, D(2026, 2, 26, 10))) == [
        (D(2026, 3, 9, 17, 30), "decision", "yellow card"),
        (D(2026, 3, 10, 17, 30), "decision", "deadline"),
        (D(2026, 3, 10, 17, 30) + US, "decision", "red card"),
        (D(2026, 5, 12, 15, 30), "decision", "severely overdue"),
    ]


def test_a_bad_rating_across_national_day() -> None:
    case = cf.Case.open(RATING.workflow, "PJ-1", D(2025, 9, 26, 10))
    # 15 working days from Friday 26 September: the make-up 28 September and 11 October
    # count, 1-8 October do not: 23 October.
    assert rows(cf.clock_schedule(case, RATING, D(2025, 9, 26, 11))) == [
        (D(2025, 10, 22, 17, 30), "rectification", "yellow card"),
        (D(2025, 10, 23, 17, 30), "rectification", "deadline"),
        (D(2025, 10, 23, 17, 30) + US, "rectification", "red card"),
        (D(2025, 12, 8, 15, 30), "rectification", "severely overdue"),
    ]


def test_a_7x24_desk_in_any_year() -> None:
    desk = cf.china_calendar("00:00-24:00").with_workweek(range(7), national=False)
    for year in (2025, 2030, 2100):
        case = cf.Case.open(HOTLINE.workflow, "7x24", D(year, 10, 1, 9, 30), type="咨询")
        case = case.apply(E("1", "dispatch", D(year, 10, 1, 10)))
        # National Day is worked: one working day ends at 24:00 on 2 October, two on the 3rd;
        # 80 % of 38h and of 62h; three times each.
        assert rows(cf.clock_schedule(case, HOTLINE, D(year, 10, 1, 10, 30), desk)) == [
            (D(year, 10, 2), "sign-for", "yellow card"),
            (D(year, 10, 2, 16, 24), "sign-for", "reached 80%"),
            (D(year, 10, 3), "handling", "yellow card"),
            (D(year, 10, 3), "sign-for", "deadline"),
            (D(year, 10, 3) + US, "sign-for", "red card"),
            (D(year, 10, 3, 11, 36), "handling", "reached 80%"),
            (D(year, 10, 4), "handling", "deadline"),
            (D(year, 10, 4) + US, "handling", "red card"),
            (D(year, 10, 6, 4), "sign-for", "severely overdue"),
            (D(year, 10, 9, 4), "handling", "severely overdue"),
        ]


# -- what cannot be scheduled, and what is not -----------------------------------------------


def test_a_deadline_past_the_data_names_the_notice_it_waits_for() -> None:
    case = cf.Case.open(HOTLINE.workflow, "H-Y", D(2026, 12, 29, 9), type="投诉")
    case = case.apply(E("1", "dispatch", D(2026, 12, 29, 10)))
    schedule = cf.clock_schedule(case, HOTLINE, D(2026, 12, 29, 11))
    # Signing for is due on the 30th, inside the data; its severe instant (40h30 of working
    # time) is in January, and the handling deadline too.
    assert [a.what for a in schedule.alerts if a.goal == "sign-for"] == [
        "yellow card", "reached 80%", "deadline", "red card",
    ]  # fmt: skip
    assert [(u.goal, u.awaiting_notice) for u in schedule.unscheduled] == [
        ("sign-for", 2027),
        ("handling", 2027),
    ]
    assert "wait for the 2027 holiday notice" in str(schedule)
    provisional = cf.china_calendar().with_provisional(2027)
    later = cf.clock_schedule(case, HOTLINE, D(2026, 12, 29, 11), provisional)
    assert later.unscheduled == ()
    assert any(a.provisional for a in later.alerts)


def test_stopped_and_cancelled_goals_have_nothing_ahead() -> None:
    case = suspended_complaint().apply_all([E("e6", "reply", D(2026, 3, 2, 10))])
    schedule = cf.clock_schedule(case, HOTLINE, D(2026, 3, 3))
    assert schedule.alerts == ()
    assert schedule.unscheduled == ()


def test_a_breached_goal_still_has_its_severe_instant() -> None:
    case = suspended_complaint()
    schedule = cf.clock_schedule(case, HOTLINE, D(2026, 3, 20))
    assert rows(schedule) == [(D(2026, 4, 30, 15, 30), "handling", "severely overdue")]


def test_aware_cases_get_aware_instants() -> None:
    utc = dt.UTC
    case = cf.Case.open(RATING.workflow, "PJ-Z", D(2025, 9, 26, 2, tzinfo=utc))  # 10:00 local
    schedule = cf.clock_schedule(case, RATING, D(2025, 9, 26, 3, tzinfo=utc))
    assert schedule.alerts[1].at == D(2025, 10, 23, 9, 30, tzinfo=utc)  # 17:30 in Shanghai
    assert schedule.alerts[1].deadline == schedule.alerts[1].at


def test_a_promised_limit_has_its_own_instants() -> None:
    case = cf.Case.open(LICENCE.workflow, "XK-P", D(2025, 3, 3, 9)).apply(
        E("1", "accept", D(2025, 3, 3, 10))
    )
    schedule = cf.clock_schedule(case, LICENCE, D(2025, 3, 3, 11))
    promised = [a for a in schedule.alerts if a.target is cf.Target.PROMISED]
    statutory = [a for a in schedule.alerts if a.goal == "decision" and a not in promised]
    assert promised[1].at < statutory[1].at
    assert "decision (promised)" in str(schedule)
