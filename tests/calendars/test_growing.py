"""Calendars without the national layer work for any year: a 7x24 desk and a plain Monday to
Friday week compute deadlines in 2030 and 2100; their tables grow forward in place; the
national calendar still says exactly which notice it needs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow.calendars._growing import LAST_YEAR, GrowingTables
from civicflow.limits.batch import deadlines

D = dt.datetime
DESK = cf.china_calendar("00:00-24:00").with_workweek(range(7), national=False)
WEEK = cf.china_calendar().with_workweek(range(5), national=False)


def fresh(cal: cf.Calendar) -> cf.Calendar:
    """The same calendar as a new value, whose tables have not grown yet."""
    return cal.with_days_off({})


def test_a_7x24_desk_in_2030_and_2100() -> None:
    desk = fresh(DESK)
    # Every day is worked, holidays included, from 00:00 to 24:00.
    assert cf.deadline(D(2030, 10, 1, 10), "3个工作日", desk) == D(2030, 10, 5)
    assert cf.deadline(D(2030, 10, 1, 10), "48个工作小时", desk) == D(2030, 10, 3, 10)
    assert cf.deadline(D(2100, 12, 30, 10), "3个工作日", desk) == D(2101, 1, 3)
    assert cf.deadline(D(2100, 2, 28, 10), "1个工作日", desk) == D(2100, 3, 2)  # no 29 February
    assert cf.working_time(D(2099, 12, 31, 12), D(2100, 1, 1, 12), desk) == dt.timedelta(days=1)
    assert cf.before(D(2100, 1, 1, 12), "24个工作小时", desk) == D(2099, 12, 31, 12)
    assert desk.is_workday(dt.date(2030, 10, 1))
    assert desk.last_day == desk.covered_through == dt.date(9999, 12, 31)


def test_a_plain_week_without_the_national_layer_in_2030_and_2100() -> None:
    week = fresh(WEEK)
    # National Day 2030 is a working week here: Tuesday 1 October to Thursday the 3rd.
    assert cf.deadline(D(2030, 9, 30, 16), "3个工作日", week) == D(2030, 10, 3, 17, 30)
    assert cf.deadline(D(2030, 9, 30, 16), "4个工作小时", week) == D(2030, 10, 1, 11, 30)
    # Friday 26 February 2100, then Monday 1 March (2100 is no leap year) to Wednesday.
    assert cf.deadline(D(2100, 2, 26, 10), "3个工作日", week) == D(2100, 3, 3, 17, 30)
    assert cf.deadline(D(2100, 2, 26, 10), "15日", week) == D(2100, 3, 15, 17, 30)
    # Received by the end of Sunday 28 February, its three working days run out by then.
    last = cf.latest_start(D(2100, 3, 3, 17, 30), "3个工作日", week)
    assert last == D(2100, 2, 28, 23, 59, 59, 999999)
    day = week.day(dt.date(2100, 1, 1))
    assert (day.kind, day.is_workday, day.statutory) == (cf.DayKind.WORKDAY, True, False)
    assert [d.day for d in week.workdays(dt.date(2030, 10, 1), dt.date(2030, 10, 7))] == [
        1,
        2,
        3,
        4,
        7,
    ]
    explained = cf.explain(D(2100, 2, 26, 10), "3个工作日", week)
    assert [d.note for d in explained.days][-1] == "working day 3 of 3"


def test_evaluations_and_batches_run_on_past_the_data() -> None:
    policy = cf.hotline_policy()
    case = cf.Case.open(policy.workflow, "7x24", D(2100, 6, 1, 9), type="咨询")
    case = case.apply(cf.Event("1", "dispatch", D(2100, 6, 1, 10)))
    status = cf.evaluate(case, policy, D(2100, 6, 2, 10), fresh(DESK)).goal("handling")
    assert (status.state, status.deadline) == (cf.ClockState.RUNNING, D(2100, 6, 4))
    starts = np.array(["2030-10-01T10:00", "2100-12-30T10:00"], dtype="datetime64[m]")
    assert list(deadlines(starts, "3个工作日", fresh(DESK))) == list(
        np.array(["2030-10-05", "2101-01-03"], dtype="datetime64[us]")
    )
    assert list(deadlines(starts, "30个工作小时", fresh(WEEK))) == [
        np.datetime64(cf.deadline(s.astype(object), "30个工作小时", WEEK), "us") for s in starts
    ]


def test_the_years_outside_are_named_without_a_notice() -> None:
    with pytest.raises(cf.CalendarCoverageError) as before:
        cf.deadline(D(2003, 12, 31, 10), "1个工作日", DESK)
    assert "2003 is outside this calendar's years, 2004-9999" in str(before.value)
    assert "notice" not in str(before.value)
    assert before.value.national is False
    with pytest.raises(cf.CalendarCoverageError, match="outside this calendar's years"):
        WEEK.with_days_off([dt.date(2003, 5, 1)])
    # The national calendar says which notice it needs, as before.
    with pytest.raises(
        cf.CalendarCoverageError, match="关于2027年部分节假日安排的通知"
    ) as national:
        cf.deadline(D(2026, 12, 30, 10), "5个工作日")
    assert national.value.national is True
    # Its own days may lie in any year it covers.
    closed = WEEK.with_days_off({dt.date(2050, 1, 3): "停电"})
    assert closed.day(dt.date(2050, 1, 3)).name == "停电"
    assert cf.deadline(D(2049, 12, 31, 10), "1个工作日", closed) == D(2050, 1, 4, 17, 30)


def test_growing_appends_in_place_and_keeps_what_was_there() -> None:
    desk = fresh(DESK)
    t = desk.tables
    assert isinstance(t, GrowingTables)
    before = (t.n, t.last_year, list(t.cum_us), list(t.cum_work))
    lists = (t.cum_us, t.sessions, t.work_days, t.closes)
    cf.deadline(D(2040, 3, 1, 10), "1个工作日", desk)
    assert t.last_year >= 2041
    assert t.n > before[0]
    assert t.cum_us[: before[0] + 1] == before[2]
    assert t.cum_work[: before[0] + 1] == before[3]
    assert all(
        a is b for a, b in zip(lists, (t.cum_us, t.sessions, t.work_days, t.closes), strict=True)
    )
    assert cf.china_calendar().tables.last_year == 2026  # the national one never grows
    t.grow(2030)  # already covered: nothing to do
    with pytest.raises(cf.CalendarCoverageError, match="past any calendar"):
        t.grow(LAST_YEAR + 1)


def test_a_calendar_that_never_works_does_not_grow_to_find_work() -> None:
    idle = cf.china_calendar().with_workweek((), national=False)
    with pytest.raises(cf.CalendarCoverageError):
        cf.deadline(D(2025, 1, 1, 10), "1个工作日", idle)
    assert idle.tables.last_year == 2026


#: Weeks of their own, with a summer season: built once, so that their tables grow once.
OWN_WEEKS = [
    cf.china_calendar("08:30-12:00,14:00-17:30; 05-01..09-30=08:00-12:00").with_workweek(
        days, national=False
    )
    for days in (range(5), range(6), range(7), (0, 2, 4))
]


@given(
    st.dates(dt.date(2026, 6, 1), dt.date(2099, 12, 31)),
    st.integers(0, 40),
    st.sampled_from(OWN_WEEKS),
)
def test_working_days_past_the_data_equal_a_walk_over_the_days(
    day: dt.date, n: int, cal: cf.Calendar
) -> None:
    """Against the day-by-day reading of each day's status, which needs no tables."""
    found = cf.deadline(D.combine(day, dt.time(10)), cf.WorkingDays(n), cal)
    walked, left = day, n
    while left or not cal.day(walked).is_workday:
        walked += dt.timedelta(days=1)
        left -= left > 0 and cal.day(walked).is_workday
    assert found == D.combine(walked, dt.time()) + dt.timedelta(
        seconds=cal.day(walked).sessions[-1].end
    )


def test_long_limits_grow_the_tables_as_far_as_they_reach() -> None:
    week = fresh(WEEK)
    # 5,200 working days of a plain week are 1,040 weeks: from Monday 7 January 2030 to the
    # Monday 7,280 days later; and 36,400 working hours, at 35 a week, the same weeks.
    start = D(2030, 1, 7, 10)
    assert cf.deadline(start, cf.WorkingDays(5200), week) == D(2049, 12, 13, 17, 30)
    assert cf.deadline(start, cf.WorkingHours(36400), fresh(WEEK)) == D(2049, 12, 13, 10)
    assert week.tables.last_year >= 2050
