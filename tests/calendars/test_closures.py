"""Office calendars: weekday and dated sessions, other weeks, closures and group holidays."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.calendars.closures import Closure, closing, cut

D = dt.datetime
CAL = cf.china_calendar()
HALL = cf.china_calendar("09:00-12:00,13:30-17:30; Sat=09:00-12:00; Fri=09:00-12:00").with_workweek(
    range(6)
)


def test_a_hall_open_on_saturday_mornings_and_closed_on_friday_afternoons() -> None:
    assert HALL.is_workday(dt.date(2025, 7, 19))  # a Saturday
    assert [str(s) for s in HALL.sessions_on(dt.date(2025, 7, 19))] == ["09:00-12:00"]
    assert [str(s) for s in HALL.sessions_on(dt.date(2025, 7, 18))] == ["09:00-12:00"]
    # Thursday 16:00 + 5 working hours: 1h30 on Thursday, 3h on Friday morning, 0h30 on Saturday.
    assert cf.deadline(D(2025, 7, 17, 16), "5个工作小时", HALL) == D(2025, 7, 19, 9, 30)
    # The statutory holidays still close it: Saturday 4 October 2025 is off.
    assert not HALL.is_workday(dt.date(2025, 10, 4))
    assert HALL.day(dt.date(2025, 7, 20)).kind is cf.DayKind.WEEKEND


def test_a_late_evening_on_one_date() -> None:
    late = cf.china_calendar("09:00-12:00,13:30-17:30; 2025-07-23=09:00-12:00,13:30-20:00")
    assert cf.deadline(D(2025, 7, 23, 17), "2个工作小时", late) == D(2025, 7, 23, 19)
    assert cf.deadline(D(2025, 7, 24, 17), "2个工作小时", late) == D(2025, 7, 25, 10, 30)


def test_a_seven_day_desk_without_the_national_layer() -> None:
    desk = cf.china_calendar("00:00-24:00").with_workweek(range(7), national=False)
    eve = D(2025, 1, 28, 20)  # the Spring Festival's eve
    assert cf.deadline(eve, "48个工作小时", desk) == eve + dt.timedelta(hours=48)
    assert cf.deadline(eve, "3个工作日", desk) == D(2025, 1, 31, 0, 0) + dt.timedelta(days=1)
    assert desk.day(dt.date(2025, 1, 29)).kind is cf.DayKind.WORKDAY


def test_a_typhoon_closure_from_14_00() -> None:
    closed = CAL.with_closure(D(2025, 7, 21, 14), D(2025, 7, 22), "台风停工")
    info = closed.day(dt.date(2025, 7, 21))
    assert info.kind is cf.DayKind.WORKDAY
    assert [str(s) for s in info.sessions] == ["09:00-12:00", "13:30-14:00"]
    # Working hours run around it: half an hour on Monday, then Tuesday.
    assert cf.deadline(D(2025, 7, 21, 13), "4个工作小时", closed) == D(2025, 7, 22, 14)
    assert cf.deadline(D(2025, 7, 21, 13), "4个工作小时", CAL) == D(2025, 7, 21, 17, 30)
    # A day cut short ends when its business stops (民法典 Art. 203).
    assert cf.deadline(D(2025, 7, 18, 10), "1个工作日", closed) == D(2025, 7, 21, 14)
    assert cf.working_time(D(2025, 7, 21, 9), D(2025, 7, 22, 9), closed) == dt.timedelta(
        hours=3, minutes=30
    )


def test_a_day_cut_short_keeps_the_closures_reason() -> None:
    typhoon = Closure(D(2025, 7, 21, 14), D(2025, 7, 22), "台风停工")
    power = Closure(D(2025, 7, 21, 9), D(2025, 7, 21, 10), "停电")
    closed = CAL.with_closure(typhoon.start, typhoon.end, typhoon.reason).with_closure(
        power.start, power.end, power.reason
    )
    info = closed.day(dt.date(2025, 7, 21))
    assert info.closures == (power, typhoon)
    assert info.cut_short
    assert info.reason == "working day, cut short (停电、台风停工)"
    assert str(info) == "2025-07-21 Mon  working day, cut short (停电、台风停工)"
    assert closed.day(dt.date(2025, 7, 22)).closures == ()  # the typhoon ends at midnight
    # A closure over the lunch break takes nothing away, and is no reason.
    lunch = CAL.with_closure(D(2025, 7, 21, 12), D(2025, 7, 21, 13, 30), "午休")
    assert lunch.day(dt.date(2025, 7, 21)).closures == ()
    assert (
        closing(lunch.sessions_on(dt.date(2025, 7, 21)), dt.date(2025, 7, 21), lunch.closures) == ()
    )
    # A closure without a reason still cuts the day short.
    quiet = CAL.with_closure(D(2025, 7, 21, 16), D(2025, 7, 21, 17, 30))
    assert quiet.day(dt.date(2025, 7, 21)).reason == "working day, cut short"
    # The explanations say it, in deadlines and in a goal's clock.
    explained = cf.explain(D(2025, 7, 18, 10), "1个工作日", closed)
    assert explained.days[-1].note == "working day 1 of 1: working day, cut short (停电、台风停工)"
    hours = cf.explain(D(2025, 7, 21, 11), "2个工作小时", closed)
    assert hours.days[0].note.endswith(
        "(sessions 10:00-12:00,13:30-14:00): working day, cut short (停电、台风停工)"
    )
    policy = cf.urban_policy()
    case = cf.Case.open(policy.workflow, "CG-T", D(2025, 7, 18, 9), category="绿地脏乱").apply_all(
        [
            cf.Event("1", "file", D(2025, 7, 18, 9, 30)),
            cf.Event("2", "dispatch", D(2025, 7, 18, 10)),
        ]
    )
    text = str(cf.explain_goal(case, policy, "handling", D(2025, 7, 22, 10), closed))
    assert "short 2025-07-21: working day, cut short (停电、台风停工)" in text
    assert "off 2025-07-19..2025-07-20: weekend" in text


def test_a_closure_over_whole_working_days_makes_them_days_off() -> None:
    closed = CAL.with_closure(D(2025, 7, 21), D(2025, 7, 23), "暴雪停工")
    assert closed.day(dt.date(2025, 7, 21)).kind is cf.DayKind.DAY_OFF
    assert closed.day(dt.date(2025, 7, 21)).closures == closed.closures
    assert not closed.day(dt.date(2025, 7, 21)).cut_short
    assert closed.day(dt.date(2025, 7, 22)).name == "暴雪停工"
    assert cf.deadline(D(2025, 7, 18, 10), "1个工作日", closed) == D(2025, 7, 23, 17, 30)


def test_group_holidays_are_an_opt_in_layer() -> None:
    assert [str(s) for s in CAL.sessions_on(dt.date(2024, 3, 8))] == ["09:00-12:00", "13:30-17:30"]
    women = CAL.with_group_holidays("women")
    assert [str(s) for s in women.sessions_on(dt.date(2024, 3, 8))] == ["09:00-12:00"]
    children = CAL.with_group_holidays("children")
    assert children.day(dt.date(2026, 6, 1)).kind is cf.DayKind.DAY_OFF
    assert "六一儿童节" in (children.day(dt.date(2026, 6, 1)).name or "")
    # Not made up when it falls on a weekend: 8 March 2025 is a Saturday.
    assert women.is_workday(dt.date(2025, 3, 10))
    assert [str(s) for s in women.sessions_on(dt.date(2025, 3, 10))] == [
        "09:00-12:00",
        "13:30-17:30",
    ]
    with pytest.raises(cf.CalendarError, match="unknown group 'men'"):
        CAL.with_group_holidays("men")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Closure(D(2025, 7, 21, 14), D(2025, 7, 21, 14), "x"), "must end after it starts"),
        (lambda: Closure(D(2025, 7, 21, 14, 0, 30), D(2025, 7, 22), "x"), "whole minutes"),
        (lambda: Closure(D(2025, 7, 21, 14, tzinfo=dt.UTC), D(2025, 7, 22), "x"), "naive local"),
        (lambda: CAL.with_workweek([7]), r"weekdays 0 \(Monday\) to 6"),
        (lambda: cf.Schedule.parse("09:00-17:00; Funday=09:00-12:00"), "'Funday' is not a rule"),
        (
            lambda: cf.Schedule.parse("09:00-17:00; 2025-07-22..2025-07-21=09:00-12:00"),
            "run backwards",
        ),
        (
            lambda: cf.Schedule.parse(
                "09:00-17:00; 2025-07-21..2025-07-25=09:00-12:00; 2025-07-25=10:00-11:00"
            ),
            "dated sessions overlap on 2025-07-25",
        ),
        (lambda: cf.Schedule.parse("09:00-17:00; Sat=09:00-12:00; 周六=10:00-11:00"), "twice"),
    ],
)
def test_what_is_not_an_office_calendar_is_refused(make: object, message: str) -> None:
    with pytest.raises((cf.CalendarError, cf.ScheduleError), match=message):
        make()  # type: ignore[operator]


def test_schedules_print_as_they_parse() -> None:
    spec = "09:00-12:00,13:30-17:30; 05-01..09-30=08:30-12:00; Sat=09:00-12:00; 2025-07-21..2025-07-25=10:00-16:00"
    assert str(cf.Schedule.parse(spec)) == spec
    assert cf.Schedule.parse(str(cf.Schedule.parse(spec))) == cf.Schedule.parse(spec)


@given(cfst.schedules())
def test_any_schedule_reads_back_from_its_text(schedule: cf.Schedule) -> None:
    assert cf.Schedule.parse(str(schedule)) == schedule


@given(
    st.lists(st.tuples(st.integers(0, 1439), st.integers(1, 600)), max_size=4),
    cfst.sessions(),
)
def test_a_cut_keeps_exactly_the_time_outside_the_closures(
    spans: list[tuple[int, int]], sessions: tuple[cf.Session, ...]
) -> None:
    day = dt.date(2025, 7, 21)
    midnight = D.combine(day, dt.time())
    closures = [
        Closure(midnight + dt.timedelta(minutes=a), midnight + dt.timedelta(minutes=a + n), "x")
        for a, n in spans
    ]
    left = cut(sessions, day, closures)
    for minute in range(24 * 60):
        second = minute * 60 + 30
        worked = any(s.start <= second < s.end for s in sessions)
        closed = any(a * 60 <= second < (a + n) * 60 for a, n in spans)
        assert any(s.start <= second < s.end for s in left) == (worked and not closed)


def test_group_closures_are_one_per_year_from_noon_or_the_whole_day() -> None:
    from civicflow.calendars.closures import group_closures

    women = group_closures(["women"], 2024, 2026)
    assert [(c.start, c.end) for c in women] == [
        (D(y, 3, 8, 12), D(y, 3, 9)) for y in (2024, 2025, 2026)
    ]
    assert women[0].reason == "三八国际妇女节（妇女放假半天）"
    children = group_closures(["children"], 2025, 2025)
    assert [(c.start, c.end) for c in children] == [(D(2025, 6, 1), D(2025, 6, 2))]
    with pytest.raises(cf.CalendarError, match=r"expected one of women, youth, children, army$"):
        group_closures(["girls"], 2025, 2025)


def test_a_closure_prints_and_checks_its_reason() -> None:
    assert (
        str(Closure(D(2025, 7, 21, 14), D(2025, 7, 22), "")) == "2025-07-21 14:00..2025-07-22 00:00"
    )
    assert str(Closure(D(2025, 7, 21, 14), D(2025, 7, 22), "台风")).endswith("00:00 台风")
    with pytest.raises(cf.CalendarError, match="a closure's reason is a str, got 3"):
        Closure(D(2025, 7, 21, 14), D(2025, 7, 22), 3)  # type: ignore[arg-type]
