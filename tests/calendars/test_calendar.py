"""Calendars: day reasons, coverage, composition, working moments and zones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst

CAL = cf.china_calendar()


def test_day_reasons() -> None:
    assert CAL.day(dt.date(2025, 1, 29)).reason == "statutory holiday (春节)"
    assert CAL.day(dt.date(2025, 10, 6)).name == "中秋节"
    assert CAL.day(dt.date(2025, 4, 4)).name == "清明节"
    assert CAL.day(dt.date(2025, 5, 31)).name == "端午节"
    assert CAL.day(dt.date(2015, 9, 3)).name.startswith("中国人民抗日战争")  # type: ignore[union-attr]
    assert CAL.day(dt.date(2025, 3, 1)).kind is cf.DayKind.WEEKEND
    assert CAL.day(dt.date(2025, 3, 3)).kind is cf.DayKind.WORKDAY
    assert str(CAL.day(dt.date(2025, 3, 3))) == "2025-03-03 Mon  working day"
    assert [str(s) for s in CAL.day(dt.date(2025, 3, 3)).sessions] == ["09:00-12:00", "13:30-17:30"]
    assert CAL.sessions_on(dt.date(2025, 3, 1)) == ()


def test_coverage() -> None:
    assert (CAL.first_day, CAL.last_day) == (dt.date(2004, 1, 1), dt.date(2026, 12, 31))
    for probe in (CAL.is_workday, CAL.day):
        with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
            probe(dt.date(2027, 1, 4))
    with pytest.raises(cf.CalendarCoverageError, match="2003"):
        CAL.is_workday(dt.date(2003, 12, 31))
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        CAL.add_workdays(dt.date(2026, 12, 30), 5)
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        CAL.with_days_off([dt.date(2027, 1, 4)])


def test_composition_keeps_layers_apart() -> None:
    typhoon = CAL.with_days_off({dt.date(2025, 7, 21): "台风停工"})
    assert not typhoon.is_workday(dt.date(2025, 7, 21))
    assert CAL.is_workday(dt.date(2025, 7, 21))  # the original is untouched
    both = typhoon.with_working_days({dt.date(2025, 7, 26): "补班"})
    assert both.day(dt.date(2025, 7, 26)).kind is cf.DayKind.EXTRA_WORKDAY
    assert both.day(dt.date(2025, 7, 21)).kind is cf.DayKind.DAY_OFF
    # A layer can override the statutory data both ways.
    assert (
        CAL.with_days_off([dt.date(2025, 10, 11)]).day(dt.date(2025, 10, 11)).kind
        is cf.DayKind.DAY_OFF
    )
    assert CAL.with_working_days([dt.date(2025, 10, 2)]).is_workday(dt.date(2025, 10, 2))
    assert typhoon == CAL.with_days_off({dt.date(2025, 7, 21): "台风停工"})


def test_conflicting_layers_are_refused() -> None:
    with pytest.raises(
        cf.CalendarError, match="both an extra day off and an extra working day: 2025-07-21"
    ):
        CAL.with_days_off([dt.date(2025, 7, 21)]).with_working_days([dt.date(2025, 7, 21)])
    with pytest.raises(cf.CalendarError, match=r"expected a datetime\.date"):
        CAL.with_days_off(["2025-07-21"])  # type: ignore[list-item]
    with pytest.raises(cf.CalendarError, match=r"expected a datetime\.date"):
        CAL.with_days_off([dt.datetime(2025, 7, 21)])
    with pytest.raises(cf.CalendarError, match="IANA zone"):
        cf.china_calendar(timezone="Mars/Olympus")
    with pytest.raises(cf.ScheduleError):
        cf.china_calendar("9 to 5")


def test_working_day_helpers() -> None:
    assert CAL.add_workdays(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)
    assert CAL.add_workdays(dt.date(2025, 10, 9), -1) == dt.date(2025, 9, 30)
    assert CAL.add_workdays(dt.date(2025, 10, 1), 0) == dt.date(2025, 10, 9)
    assert CAL.workdays_between(dt.date(2025, 10, 11), dt.date(2025, 9, 30)) == -3
    assert list(CAL.workdays(dt.date(2025, 10, 4), dt.date(2025, 10, 5))) == []
    assert CAL.close_of_business(dt.date(2025, 10, 11)) == dt.datetime(2025, 10, 11, 17, 30)
    with pytest.raises(cf.CalendarError, match="is not a working day"):
        CAL.close_of_business(dt.date(2025, 10, 1))


@given(cfst.calendars(2010, 2025), cfst.covered_dates(2010, 2025), st.integers(-300, 300))
def test_add_and_count_working_days_are_inverse(cal: cf.Calendar, day: dt.date, n: int) -> None:
    later = cal.add_workdays(day, n)
    assert cal.is_workday(later)
    if n > 0 or (n < 0 and cal.is_workday(day)):
        assert cal.workdays_between(day, later) == n
    elif n < 0:  # from a day off, the count back starts at the working day before it
        assert cal.workdays_between(day, later) == n + 1
    days = list(cal.workdays(min(day, later), max(day, later)))
    assert all(cal.is_workday(d) for d in days)


def test_working_moments() -> None:
    assert CAL.is_working_time(dt.datetime(2025, 3, 3, 9))
    assert not CAL.is_working_time(dt.datetime(2025, 3, 3, 12))
    assert not CAL.is_working_time(dt.datetime(2025, 3, 1, 10))
    assert CAL.next_working_moment(dt.datetime(2025, 3, 3, 12)) == dt.datetime(2025, 3, 3, 13, 30)
    assert CAL.next_working_moment(dt.datetime(2025, 3, 3, 10)) == dt.datetime(2025, 3, 3, 10)
    assert CAL.next_working_moment(dt.datetime(2025, 9, 30, 18)) == dt.datetime(2025, 10, 9, 9)


def test_aware_moments_are_read_in_the_calendar_zone() -> None:
    # 2025-10-10 20:00 UTC is Saturday 2025-10-11 04:00 in Shanghai: a make-up working day.
    moment = dt.datetime(2025, 10, 10, 20, tzinfo=dt.UTC)
    assert CAL.is_workday(moment)
    assert CAL.next_working_moment(moment) == dt.datetime(2025, 10, 11, 1, tzinfo=dt.UTC)
    with pytest.raises(TypeError, match=r"expected a datetime\.date"):
        CAL.is_workday("2025-10-11")  # type: ignore[arg-type]


def test_china_calendar_is_shared() -> None:
    assert cf.china_calendar() is cf.china_calendar()
    assert cf.china_calendar(cf.Schedule.parse(cf.DEFAULT_HOURS)) == cf.china_calendar()


# -- the exact edges of the data: the first and last covered day, and the day beyond ---------

FIRST, LAST = dt.date(2004, 1, 1), dt.date(2026, 12, 31)
FIRST_WORKDAY = dt.date(2004, 1, 2)  # 1 January was New Year's Day


def test_the_last_covered_day_and_the_day_beyond() -> None:
    assert CAL.is_workday(LAST)  # a Thursday
    assert CAL.add_workdays(LAST - dt.timedelta(days=1), 1) == LAST
    assert CAL.add_workdays(LAST, 0) == LAST
    for n in (1, 2):
        with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
            CAL.add_workdays(LAST, n)
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        CAL.day(LAST + dt.timedelta(days=1))
    assert CAL.workdays_between(LAST - dt.timedelta(days=1), LAST) == 1


def test_the_first_covered_day_and_the_day_before() -> None:
    assert not CAL.is_workday(FIRST)
    assert CAL.add_workdays(FIRST, 0) == FIRST_WORKDAY
    assert CAL.add_workdays(FIRST, 1) == FIRST_WORKDAY
    assert CAL.add_workdays(dt.date(2004, 1, 5), -1) == FIRST_WORKDAY
    for n in (-1, -2):
        with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2003"):
            CAL.add_workdays(FIRST_WORKDAY, n)
    with pytest.raises(cf.CalendarCoverageError, match="2003"):
        CAL.day(FIRST - dt.timedelta(days=1))


def test_working_moments_at_the_edges() -> None:
    close = dt.datetime(2026, 12, 31, 17, 30)
    assert CAL.close_of_business(LAST) == close
    assert CAL.next_working_moment(dt.datetime(2026, 12, 31, 12, 30)) == dt.datetime(
        2026, 12, 31, 13, 30
    )
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        CAL.next_working_moment(dt.datetime(2026, 12, 31, 18, 0))  # the next one is in 2027
    assert CAL.next_working_moment(dt.datetime(2004, 1, 1, 10)) == dt.datetime(2004, 1, 2, 9, 0)
