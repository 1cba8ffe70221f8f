"""Deadline arithmetic: the official dates, the legal rules, and the laws of the domain."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from tests import reference

D = dt.datetime


CAL = cf.china_calendar()


# Every make-up working day (调休上班) of 2024-2026, from the State Council's notices.
MAKE_UP_DAYS = {
    dt.date(2024, 2, 4): "春节", dt.date(2024, 2, 18): "春节", dt.date(2024, 4, 7): "清明节",
    dt.date(2024, 4, 28): "劳动节", dt.date(2024, 5, 11): "劳动节", dt.date(2024, 9, 14): "中秋节",
    dt.date(2024, 9, 29): "国庆节", dt.date(2024, 10, 12): "国庆节",
    dt.date(2025, 1, 26): "春节", dt.date(2025, 2, 8): "春节", dt.date(2025, 4, 27): "劳动节",
    dt.date(2025, 9, 28): "国庆节", dt.date(2025, 10, 11): "国庆节",
    dt.date(2026, 1, 4): "元旦", dt.date(2026, 2, 14): "春节", dt.date(2026, 2, 28): "春节",
    dt.date(2026, 5, 9): "劳动节", dt.date(2026, 9, 20): "国庆节", dt.date(2026, 10, 10): "国庆节",
}  # fmt: skip


# -- pinned official dates --------------------------------------------------------------------


def test_seed_scenario_national_day_eve() -> None:
    """A call at 16:00 on 2025-09-30 with a 3-working-day promise: Oct 1-8 are off, Oct 11 is
    a make-up Saturday."""
    assert cf.deadline(D(2025, 9, 30, 16), "3个工作日") == D(2025, 10, 11, 17, 30)
    assert cf.deadline(D(2025, 9, 30, 16), cf.WorkingDays(3), calendar=CAL) == D(
        2025, 10, 11, 17, 30
    )


@pytest.mark.parametrize(("day", "festival"), sorted(MAKE_UP_DAYS.items()))
def test_every_make_up_day_of_2024_to_2026_is_worked(day: dt.date, festival: str) -> None:
    assert day.weekday() >= 5
    assert CAL.is_workday(day)
    info = CAL.day(day)
    assert (info.kind, info.name) == (cf.DayKind.MAKE_UP, festival)
    # One working day from the day before lands on the make-up day itself.
    before = D.combine(day - dt.timedelta(days=1), dt.time(10))
    assert cf.deadline(before, "1个工作日") == D.combine(day, dt.time(17, 30))
    # And a working-hour limit runs through it.
    assert cf.deadline(D.combine(day, dt.time(9)), "2个工作小时") == D.combine(day, dt.time(11))


def test_the_make_up_list_is_complete() -> None:
    found = {
        d for d in CAL.workdays(dt.date(2024, 1, 1), dt.date(2026, 12, 31)) if d.weekday() >= 5
    }
    assert found == set(MAKE_UP_DAYS)


@pytest.mark.parametrize(
    ("start", "limit", "expected"),
    [
        # Spring Festival 2025: Jan 28 - Feb 4 off, Jan 26 and Feb 8 worked.
        (D(2025, 1, 20, 10), "20个工作日", D(2025, 2, 21, 17, 30)),
        (D(2025, 1, 27, 10), "1个工作日", D(2025, 2, 5, 17, 30)),
        # Friday afternoon, 4 working hours: the Sunday after is worked (国庆节 make-up).
        (D(2025, 9, 26, 15), "4个工作小时", D(2025, 9, 28, 10, 30)),
        # Lands exactly on the end of a session: that end.
        (D(2025, 3, 3, 9), "3个工作小时", D(2025, 3, 3, 12)),
        (D(2025, 3, 3, 9), "7 working hours", D(2025, 3, 3, 17, 30)),
        # Outside working time: counted from the next working moment.
        (D(2025, 3, 3, 12, 30), "1 working hour", D(2025, 3, 3, 14, 30)),
        (D(2025, 3, 1, 8), "1.5 working hours", D(2025, 3, 3, 10, 30)),
        # Clock time: nights and holidays count.
        (D(2025, 9, 30, 16), "48小时", D(2025, 10, 2, 16)),
        (D(2025, 9, 30, 23, 50), "30分钟", D(2025, 10, 1, 0, 20)),
        # Calendar days: the last day is a holiday, so the period runs to the next working day.
        (D(2025, 9, 20, 10), "15日", D(2025, 10, 9, 17, 30)),
        (D(2025, 3, 3, 10), "7 days", D(2025, 3, 10, 17, 30)),
        # Months: the matching day, or the month's last day.
        (D(2025, 8, 31, 10), "1个月", D(2025, 9, 30, 17, 30)),
        (D(2024, 1, 31, 10), "1 month", D(2024, 2, 29, 17, 30)),
        (D(2025, 7, 1, 10), "3个月", D(2025, 10, 9, 17, 30)),  # Oct 1 is National Day
        # The 2015 Victory Day holiday and its worked Sunday.
        (D(2015, 9, 2, 10), "1个工作日", D(2015, 9, 6, 17, 30)),
        # The 2020 Spring Festival was extended to Feb 2.
        (D(2020, 1, 23, 10), "1个工作日", D(2020, 2, 3, 17, 30)),
    ],
)
def test_pinned_deadlines(start: D, limit: str, expected: D) -> None:
    assert cf.deadline(start, limit) == expected


def test_day_end_midnight() -> None:
    assert cf.deadline(D(2025, 9, 30, 16), "3个工作日", day_end="midnight") == D(2025, 10, 12)
    assert cf.deadline(D(2025, 9, 30, 16), "3个工作日", day_end=cf.DayEnd.MIDNIGHT) == D(
        2025, 10, 12
    )
    assert cf.deadline(D(2025, 9, 20, 10), "15日", day_end="midnight") == D(2025, 10, 10)


def test_receipt_outside_working_time() -> None:
    saturday_call = D(2025, 3, 1, 10)
    assert cf.deadline(saturday_call, "1个工作日") == D(2025, 3, 3, 17, 30)
    assert cf.deadline(saturday_call, "1个工作日", receipt="next-working-moment") == D(
        2025, 3, 4, 17, 30
    )
    evening_call = D(2025, 3, 3, 18)
    assert cf.deadline(evening_call, "1个工作日", receipt=cf.Receipt.NEXT_WORKING_MOMENT) == D(
        2025, 3, 5, 17, 30
    )
    # Inside working time the option changes nothing.
    assert cf.deadline(D(2025, 3, 3, 10), "1个工作日", receipt="next-working-moment") == D(
        2025, 3, 4, 17, 30
    )


def test_bad_options_are_named() -> None:
    with pytest.raises(ValueError, match="'day_end' must be one of 'close', 'midnight'"):
        cf.deadline(D(2025, 3, 3), "1个工作日", day_end="noon")
    with pytest.raises(ValueError, match="'receipt' must be one of"):
        cf.deadline(D(2025, 3, 3), "1个工作日", receipt="later")
    with pytest.raises(cf.DurationError):
        cf.deadline(D(2025, 3, 3), 3)  # type: ignore[arg-type]


@pytest.mark.parametrize("start", [None, dt.date(2025, 3, 3), "2025-03-03 09:00", 1741000000])
@pytest.mark.parametrize("function", [cf.deadline, cf.explain, cf.before, cf.latest_start])
def test_a_start_that_is_no_datetime_is_an_argument_error(
    function: Callable[..., object], start: object
) -> None:
    with pytest.raises(cf.ArgumentTypeError) as info:
        function(start, "1个工作日")
    name = (
        "start"
        if function in (cf.deadline, cf.explain)
        else next(iter(inspect.signature(function).parameters))
    )
    assert (info.value.argument, info.value.value) == (name, start)
    assert str(info.value).startswith(f"'{name}' must be a datetime.datetime (got ")
    with pytest.raises(cf.ArgumentTypeError, match=r"^'start' must be a datetime\.datetime"):
        cf.working_time(start, D(2025, 3, 3))  # type: ignore[arg-type]
    with pytest.raises(cf.ArgumentTypeError, match=r"^'end' must be a datetime\.datetime"):
        cf.working_time(D(2025, 3, 3), start)  # type: ignore[arg-type]


@pytest.mark.parametrize("function", [cf.deadline, cf.explain, cf.before, cf.latest_start])
def test_a_calendar_given_as_a_zone_name_is_an_argument_error(
    function: Callable[..., object],
) -> None:
    with pytest.raises(cf.ArgumentTypeError) as info:
        function(D(2025, 3, 3, 9), "1个工作日", calendar="Asia/Shanghai")
    assert str(info.value) == (
        "'calendar' must be a civicflow Calendar or None (got 'Asia/Shanghai' that is a str)"
    )
    with pytest.raises(cf.ArgumentTypeError, match=r"^'calendar' must be a civicflow Calendar"):
        cf.working_time(D(2025, 3, 3), D(2025, 3, 4), calendar="Asia/Shanghai")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "start",
    [
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, 15, 59, tzinfo=dt.UTC),  # 23:59 in Shanghai: the result is past
        dt.datetime(1, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23))),
    ],
)
def test_an_aware_start_at_the_ends_of_time_is_a_coverage_error(start: dt.datetime) -> None:
    for call in (
        lambda: cf.deadline(start, "1个工作日"),
        lambda: cf.explain(start, "1个工作日"),
        lambda: cf.working_time(start, start),
    ):
        with pytest.raises(cf.CalendarCoverageError):
            call()
    # clock time needs no data: the start has no local time, or the limit runs past 9999
    with pytest.raises((cf.CalendarCoverageError, cf.DurationError)):
        cf.deadline(start, "1小时")


def test_coverage_errors_name_the_year() -> None:
    with pytest.raises(cf.CalendarCoverageError) as info:
        cf.deadline(D(2026, 12, 28, 10), "5个工作日")
    assert (info.value.year, info.value.first_year, info.value.last_year) == (2027, 2004, 2026)
    assert "2027" in str(info.value)
    assert "2004-2026" in str(info.value)
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2003"):
        cf.deadline(D(2003, 12, 30), "1个工作日")
    with pytest.raises(ValueError, match="2027"):  # also a ValueError
        cf.working_time(D(2026, 12, 1), D(2027, 1, 5))
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        cf.deadline(D(2026, 12, 20), "20日")
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        cf.deadline(D(2026, 11, 20), "2个月")


def test_clock_time_needs_no_holiday_data_past_the_start() -> None:
    assert cf.deadline(D(2026, 12, 31, 20), "48小时") == D(2027, 1, 2, 20)


def test_aware_datetimes_come_back_in_the_callers_zone() -> None:
    utc = dt.UTC
    start = D(2025, 9, 30, 8, 0, tzinfo=utc)  # 16:00 in Shanghai
    result = cf.deadline(start, "3个工作日")
    assert result.tzinfo is utc
    assert result == D(2025, 10, 11, 9, 30, tzinfo=utc)
    urumqi = cf.china_calendar(timezone="Asia/Urumqi")
    local = D(2025, 9, 30, 16, tzinfo=ZoneInfo("Asia/Urumqi"))
    assert cf.deadline(local, "3个工作日", urumqi) == D(
        2025, 10, 11, 17, 30, tzinfo=ZoneInfo("Asia/Urumqi")
    )
    assert cf.working_time(start, result) == dt.timedelta(hours=3 * 7 + 1, minutes=30)


def test_working_time_is_signed() -> None:
    a, b = D(2025, 9, 30, 16), D(2025, 10, 9, 10)
    assert cf.working_time(a, b) == dt.timedelta(hours=2, minutes=30)
    assert cf.working_time(b, a) == -dt.timedelta(hours=2, minutes=30)
    assert cf.working_time(a, a) == dt.timedelta(0)


def test_seasonal_hours() -> None:
    cal = cf.china_calendar("09:00-12:00,13:30-17:30; 05-01..09-30=08:30-12:00,14:30-18:00")
    assert cf.deadline(D(2025, 7, 1, 10), "1个工作日", cal) == D(2025, 7, 2, 18)
    # Summer hours until 18:00 on Sep 30, winter hours from 09:00 on Oct 9.
    assert cf.deadline(D(2025, 9, 30, 17), "2个工作小时", cal) == D(2025, 10, 9, 10)


def test_composed_closure_moves_deadlines() -> None:
    typhoon = CAL.with_days_off({dt.date(2025, 7, 21): "台风停工"})
    assert cf.deadline(D(2025, 7, 18, 10), "1个工作日", typhoon) == D(2025, 7, 22, 17, 30)
    worked = CAL.with_working_days([dt.date(2025, 7, 19)], reason="防汛加班")
    assert cf.deadline(D(2025, 7, 18, 10), "1个工作日", worked) == D(2025, 7, 19, 17, 30)


# -- laws -------------------------------------------------------------------------------------


@given(cfst.local_datetimes(), cfst.working_days())
def test_working_day_deadline_is_the_close_of_a_working_day(
    start: D, limit: cf.WorkingDays
) -> None:
    end = cf.deadline(start, limit)
    assert CAL.is_workday(end.date())
    assert end == CAL.close_of_business(end.date())
    assert CAL.workdays_between(start.date(), end.date()) == max(limit.days, 0) or limit.days == 0


@given(cfst.calendars(), cfst.local_datetimes(), cfst.durations(), st.integers(0, 50))
def test_deadlines_never_move_earlier_when_the_limit_grows(
    cal: cf.Calendar, start: D, limit: cf.Duration, more: int
) -> None:
    bigger: cf.Duration
    if isinstance(limit, cf.WorkingDays | cf.CalendarDays):
        bigger = type(limit)(limit.days + more)
    elif isinstance(limit, cf.Months):
        bigger = cf.Months(limit.months + more % 4)
    else:
        assert isinstance(limit, cf.WorkingHours | cf.ClockTime)
        bigger = type(limit)(minutes=limit.seconds // 60 + more)
    assert cf.deadline(start, limit, cal) <= cf.deadline(start, bigger, cal)


@given(cfst.calendars(), cfst.local_datetimes(resolution="second"), cfst.working_hours())
def test_working_time_to_a_working_hour_deadline_is_the_limit(
    cal: cf.Calendar, start: D, limit: cf.WorkingHours
) -> None:
    assert cf.working_time(start, cf.deadline(start, limit, cal), cal) == limit.timedelta


@given(cfst.calendars(), cfst.local_datetimes(), cfst.working_hours(100), cfst.working_hours(100))
def test_adding_working_hours_in_two_steps(
    cal: cf.Calendar, start: D, a: cf.WorkingHours, b: cf.WorkingHours
) -> None:
    assume(b.seconds > 0)  # a zero step from a session's end stays at that end
    step = cf.deadline(cf.deadline(start, a, cal), b, cal)
    assert cf.deadline(start, a + b, cal) == step


@given(
    cfst.calendars(),
    st.lists(cfst.local_datetimes(2024, 2025, resolution="microsecond"), min_size=3, max_size=3),
)
def test_working_time_splits_additively(cal: cf.Calendar, moments: list[D]) -> None:
    a, b, c = moments
    assert cf.working_time(a, c, cal) == cf.working_time(a, b, cal) + cf.working_time(b, c, cal)


@given(
    cfst.calendars(2010, 2025),
    cfst.local_datetimes(2010, 2025, resolution="second"),
    cfst.durations(),
    st.booleans(),
)
def test_fast_path_agrees_with_the_obvious_implementation(
    cal: cf.Calendar, start: D, limit: cf.Duration, midnight: bool
) -> None:
    end = "midnight" if midnight else "close"
    assert cf.deadline(start, limit, cal, day_end=end) == reference.deadline(
        cal, start, limit, midnight
    )


@given(
    cfst.calendars(2010, 2025),
    cfst.local_datetimes(2011, 2024, resolution="second"),
    st.integers(-399 * 24 * 60, 399 * 24 * 60),
)
def test_working_time_agrees_with_the_obvious_implementation(
    cal: cf.Calendar, a: D, minutes: int
) -> None:
    b = a + dt.timedelta(minutes=minutes)
    assert cf.working_time(a, b, cal) == reference.working_time(cal, a, b)


@given(cfst.calendars(2010, 2025), cfst.local_datetimes(2010, 2025, resolution="second"))
def test_next_working_moment_agrees_with_the_obvious_implementation(
    cal: cf.Calendar, moment: D
) -> None:
    found = cal.next_working_moment(moment)
    assert found == reference.next_working_moment(cal, moment)
    assert cal.is_working_time(found)
    assert cf.working_time(moment, found, cal) == dt.timedelta(0)


@pytest.mark.parametrize(
    ("limit", "error", "message"),
    [
        (
            "3000000天",
            cf.CalendarCoverageError,
            "3000000 days from 2025-01-01 00:00 ends after the year 9999",
        ),
        (
            "100000个月",
            cf.CalendarCoverageError,
            "100000 months from 2025-01-01 00:00 ends after the year 9999",
        ),
        ("100000000 hours", cf.DurationError, "from 2025-01-01 00:00 it ends after the year 9999"),
        ("999999999999个工作日", cf.CalendarCoverageError, "no holiday data for 2027"),
        ("999999999999 working hours", cf.CalendarCoverageError, "no holiday data for 2027"),
    ],
)
def test_limits_past_any_calendar_are_named_errors(
    limit: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        cf.deadline(D(2025, 1, 1), limit)


def test_clock_time_at_the_year_end_needs_no_holiday_data() -> None:
    start = D(2026, 12, 31, 10, 0)
    assert cf.deadline(start, "48小时") == D(2027, 1, 2, 10, 0)
    explained = cf.explain(start, "48小时")
    assert explained.deadline == D(2027, 1, 2, 10, 0)
    assert explained.days == ()
    assert "plain elapsed time" in str(explained)


# -- the exact edges of the data, in every unit ----------------------------------------------


@pytest.mark.parametrize(
    ("start", "limit", "expected"),
    [
        (D(2026, 12, 30, 10), "1个工作日", D(2026, 12, 31, 17, 30)),
        (D(2026, 12, 31, 10), "0个工作日", D(2026, 12, 31, 17, 30)),
        (D(2026, 12, 31, 16, 0), "90 working minutes", D(2026, 12, 31, 17, 30)),
        (D(2026, 12, 30, 10), "1日", D(2026, 12, 31, 17, 30)),
        (D(2026, 11, 30, 10), "1个月", D(2026, 12, 30, 17, 30)),
        (D(2004, 1, 1, 10), "1个工作日", D(2004, 1, 2, 17, 30)),
        (D(2004, 1, 1, 10), "1 working hour", D(2004, 1, 2, 10, 0)),
    ],
)
def test_a_deadline_on_the_edge_of_the_data(start: D, limit: str, expected: D) -> None:
    assert cf.deadline(start, limit) == expected
    assert cf.deadline(start, limit, day_end="midnight").date() >= expected.date()


@pytest.mark.parametrize(
    ("start", "limit", "year"),
    [
        (D(2026, 12, 31, 10), "1个工作日", 2027),
        (D(2026, 12, 30, 10), "2个工作日", 2027),
        (D(2026, 12, 31, 16, 0), "5401 working seconds", 2027),
        (D(2026, 12, 31, 18, 0), "1 working second", 2027),
        (D(2026, 12, 30, 10), "2日", 2027),
        (D(2026, 12, 1, 10), "1个月", 2027),
        (D(2027, 1, 4, 10), "1 working hour", 2027),
        (D(2003, 12, 31, 10), "1个工作日", 2003),
        (D(2003, 12, 31, 10), "1 working hour", 2003),
        (D(2003, 12, 31, 10), "1日", 2003),
    ],
)
def test_the_day_beyond_the_data_is_a_coverage_error(start: D, limit: str, year: int) -> None:
    with pytest.raises(cf.CalendarCoverageError) as info:
        cf.deadline(start, limit)
    assert info.value.year == year


def test_working_time_at_the_edges() -> None:
    assert cf.working_time(D(2004, 1, 1), D(2004, 1, 2, 10)) == dt.timedelta(hours=1)
    assert cf.working_time(D(2026, 12, 31, 17, 0), D(2026, 12, 31, 23, 59)) == dt.timedelta(
        minutes=30
    )
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        cf.working_time(D(2026, 12, 31, 17), D(2027, 1, 1))
    with pytest.raises(cf.CalendarCoverageError, match="2003"):
        cf.working_time(D(2003, 12, 31, 23, 59), D(2004, 1, 2))


def test_working_time_to_the_microsecond() -> None:
    start = D(2025, 9, 22, 9, 0, 0, 1)
    assert cf.working_time(start, D(2025, 9, 22, 10)) == dt.timedelta(hours=1, microseconds=-1)
    assert cf.deadline(start, "1 working hour") == D(2025, 9, 22, 10, 0, 0, 1)


def test_past_the_year_9999_the_errors_carry_their_values() -> None:
    with pytest.raises(cf.CalendarCoverageError) as info:
        cf.deadline(D(2025, 1, 1), "3000000天")
    assert (info.value.year, info.value.first_year, info.value.last_year) == (10000, 2004, 2026)
    with pytest.raises(cf.DurationError) as clock:
        cf.deadline(D(2025, 1, 1), "100000000 hours")
    assert clock.value.text == "100000000 hours"


def test_the_first_day_after_the_data_is_outside_it() -> None:
    for limit in ("1个工作日", "1 working hour"):
        with pytest.raises(cf.CalendarCoverageError) as info:
            cf.deadline(D(2027, 1, 1, 10), limit)
        assert info.value.year == 2027


def test_clock_time_counts_elapsed_time_in_the_calendars_zone() -> None:
    berlin = cf.china_calendar(timezone="Europe/Berlin")
    # The night of 30 March 2025 has 23 hours in Berlin.
    assert cf.deadline(D(2025, 3, 29, 12), "24小时", berlin) == D(2025, 3, 30, 13)
    assert cf.deadline(D(2025, 3, 29, 12), "1个月", day_end="midnight") == D(2025, 4, 30, 0, 0)


@given(
    cfst.local_datetimes(resolution="second"),
    st.one_of(cfst.working_days(max_days=60), cfst.working_hours(max_hours=200)),
    st.booleans(),
    st.one_of(st.none(), cfst.calendars()),
)
def test_the_short_path_gives_the_answers_of_the_general_one(
    start: D, limit: cf.Duration, as_text: bool, calendar: cf.Calendar | None
) -> None:
    """With a naive start and a working-day or working-hour limit, deadline and
    working_time take a short path to the tables of the calendar (the default one, or one
    passed in); the general computation gives the same answers."""
    from civicflow.calendars._tables import us_of_day
    from civicflow.limits._local import local_deadline

    cal = calendar or cf.china_calendar()
    text = limit.chinese if as_text else limit
    try:
        want = local_deadline(cal, start, limit, cf.DayEnd.CLOSE_OF_BUSINESS)
    except cf.CalendarCoverageError:
        with pytest.raises(cf.CalendarCoverageError):
            cf.deadline(start, text, calendar)
        return
    assert cf.deadline(start, text, calendar) == want
    assert cf.deadline(start, text, calendar) == want  # the text read before
    t = cal.tables
    try:
        wa = t.working_us(t.index(start.date()), us_of_day(start))
        wb = t.working_us(t.index(want.date()), us_of_day(want))
    except cf.CalendarCoverageError:
        with pytest.raises(cf.CalendarCoverageError):
            cf.working_time(start, want, calendar)
        return
    assert cf.working_time(start, want, calendar) == dt.timedelta(microseconds=wb - wa)


def test_the_short_path_leaves_what_it_cannot_answer_to_the_general_one() -> None:
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
        cf.deadline(D(2026, 12, 30, 10), "5个工作日")
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2003"):
        cf.deadline(D(2003, 12, 30, 10), "5个工作日")
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
        cf.deadline(D(2026, 12, 31, 16), "4个工作小时")
    with pytest.raises(cf.CalendarCoverageError):
        cf.working_time(D(2026, 12, 31, 16), D(2027, 1, 4, 10))
    with pytest.raises(cf.CalendarCoverageError):
        cf.working_time(D(2027, 1, 1, 10), D(2026, 12, 31, 16))
    with pytest.raises(cf.CalendarCoverageError):
        cf.working_time(D(2026, 12, 31, 16), D(2027, 1, 1, 10))  # the first day past the data
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
        cf.deadline(D(2027, 1, 1, 10), "1个工作日")
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
        cf.deadline(D(2026, 12, 31, 10), "1个工作日")  # the day after the last working day
    assert cf.deadline(D(2025, 10, 4, 10), "0个工作日") == D(2025, 10, 9, 17, 30)
    assert cf.deadline(D(2025, 10, 4, 10), "0工作小时") == D(2025, 10, 9, 9)
    utc = D(2025, 9, 30, 8, tzinfo=dt.UTC)
    assert cf.deadline(utc, "3个工作日") == D(2025, 10, 11, 9, 30, tzinfo=dt.UTC)


def test_the_short_path_from_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing built or remembered yet, the short path builds the default tables once
    and remembers each text limit it reads, in a dictionary that is cleared when full."""
    from civicflow.limits import arithmetic as a

    monkeypatch.setattr(a, "_TABLES", None)
    monkeypatch.setattr(a, "_READ", {})
    tables = cf.china_calendar().tables
    assert cf.deadline(D(2025, 9, 30, 16), "3个工作日") == D(2025, 10, 11, 17, 30)
    assert {"3个工作日": cf.WorkingDays(3)} == a._READ  # read the long way, and remembered
    assert a._TABLES is None
    assert cf.deadline(D(2025, 9, 30, 16), "3个工作日") == D(2025, 10, 11, 17, 30)
    assert a._TABLES is tables  # the short way builds the tables
    assert cf.deadline(D(2025, 9, 30, 16), cf.WorkingDays(3)) == D(2025, 10, 11, 17, 30)
    monkeypatch.setattr(a, "_TABLES", None)
    assert cf.deadline(D(2025, 9, 26, 15), cf.WorkingHours(4)) == D(2025, 9, 28, 10, 30)
    monkeypatch.setattr(a, "_TABLES", None)
    assert cf.working_time(D(2025, 9, 30, 16), D(2025, 10, 9, 10)) == dt.timedelta(hours=2.5)
    assert a._TABLES is tables
    monkeypatch.setattr(a, "_READ", {str(k): cf.WorkingDays(1) for k in range(4096)})
    cf.deadline(D(2025, 9, 30, 16), "2个工作日")
    assert {"2个工作日": cf.WorkingDays(2)} == a._READ
    a._remember(cf.WorkingDays(5), cf.WorkingDays(5))  # a Duration is not remembered
    assert len(a._READ) == 1


def test_working_hours_that_end_with_a_session_end_at_its_end() -> None:
    assert cf.deadline(D(2025, 7, 21, 9), "3个工作小时") == D(2025, 7, 21, 12)
    assert cf.deadline(D(2025, 7, 21, 9), "7个工作小时") == D(2025, 7, 21, 17, 30)
    assert cf.deadline(D(2025, 7, 21, 12), "1个工作小时") == D(2025, 7, 21, 14, 30)


@pytest.mark.parametrize(
    ("start", "limit", "due"),
    [
        (D(2025, 9, 30, 16), cf.WorkingDays(3), D(2025, 10, 11, 17, 30)),
        (D(2025, 9, 30, 16), "3个工作日", D(2025, 10, 11, 17, 30)),  # the text read before
        (D(2025, 10, 4, 10), cf.WorkingDays(0), D(2025, 10, 9, 17, 30)),
        (D(2004, 1, 1, 10), cf.WorkingDays(1), D(2004, 1, 2, 17, 30)),  # the first day of data
        (D(2026, 12, 28, 10), cf.WorkingDays(3), D(2026, 12, 31, 17, 30)),  # the last working day
        (D(2025, 9, 26, 15), cf.WorkingHours(4), D(2025, 9, 28, 10, 30)),
        (D(2025, 9, 26, 15), "4个工作小时", D(2025, 9, 28, 10, 30)),
        (D(2025, 9, 26, 12, 0), cf.WorkingHours(minutes=90), D(2025, 9, 26, 15)),  # at a break
        (D(2025, 9, 26, 13, 30), cf.WorkingHours(minutes=1), D(2025, 9, 26, 13, 31)),
        (D(2025, 9, 26, 17, 30), cf.WorkingHours(minutes=1), D(2025, 9, 28, 9, 1)),
        (D(2004, 1, 2, 9), cf.WorkingHours(3), D(2004, 1, 2, 12)),
        (D(2004, 1, 1, 10), cf.WorkingHours(3), D(2004, 1, 2, 12)),  # the first day of data
        (D(2025, 9, 26, 9), cf.WorkingHours(4), D(2025, 9, 26, 14, 30)),  # in the 2nd session
    ],
)
def test_the_commonest_calls_take_the_short_path(
    monkeypatch: pytest.MonkeyPatch, start: D, limit: cf.Duration | str, due: D
) -> None:
    """The short path is what makes the commonest calls fast: it must be taken, not only
    agree with the general path (which these calls never reach)."""
    from civicflow.limits import arithmetic as a

    cf.deadline(start, limit)  # reads a text limit once, the long way
    worked = cf.working_time(start, due, cf.china_calendar())

    def general(calendar: object) -> object:
        raise AssertionError("the general path was taken")

    monkeypatch.setattr(a, "resolve_calendar", general)
    assert cf.deadline(start, limit) == due
    assert cf.working_time(start, due) == worked
    assert cf.working_time(D(2004, 1, 1, 8), D(2004, 1, 1, 20)) == dt.timedelta(0)
