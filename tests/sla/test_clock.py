"""The clocks of each kind of limit, at their edges: the data's first and last day, the
opening moment of a day, time on hold, and elapsed time past the years a datetime holds."""

from __future__ import annotations

import datetime as dt

import pytest

import civicflow as cf
from civicflow.sla._clock import (
    clock_add,
    clock_us,
    deadline_of,
    index,
    measure,
    shift_back,
    work,
)

D = dt.datetime
CAL = cf.china_calendar()
T = CAL.tables
CLOSE, MIDNIGHT = cf.DayEnd.CLOSE_OF_BUSINESS, cf.DayEnd.MIDNIGHT


def test_days_are_found_from_the_first_covered_day_to_the_last_and_no_further() -> None:
    assert index(T, D(2004, 1, 1, 10)) == 0
    assert index(T, D(2026, 12, 31, 10)) == T.n - 1
    for beyond in (D(2003, 12, 31, 10), D(2027, 1, 1, 10)):
        for find in (index, work):
            with pytest.raises(cf.CalendarCoverageError) as info:
                find(T, beyond)
            assert info.value.year == beyond.year


def test_working_time_counts_every_second_and_microsecond() -> None:
    opening = D(2025, 3, 3, 9)
    assert work(T, D(2025, 3, 3, 9, 0, 1, 2)) - work(T, opening) == 1_000_002
    assert work(T, D(2025, 3, 3, 12, 30)) - work(T, opening) == 3 * 3600 * 10**6  # lunch


def test_elapsed_time_is_an_exact_count_of_microseconds() -> None:
    a, b = D(2004, 1, 1), D(2026, 12, 31, 23, 59, 59, 999_999)
    span = clock_us(CAL, a, b)
    assert type(span) is int
    assert span == (b - a) // dt.timedelta(microseconds=1)
    clock = measure(CAL, cf.ClockTime(1))
    assert type(clock(b)) is int
    assert clock(b) - clock(a) == span


def test_elapsed_time_past_the_years_a_datetime_holds_is_a_duration_error() -> None:
    with pytest.raises(cf.DurationError) as info:
        clock_add(CAL, D(9999, 12, 31, 23), 2 * 3600 * 10**6)
    assert str(info.value) == (
        "invalid time limit '7200 seconds': from 9999-12-31 23:00 it leaves the years 1-9999"
    )


def test_no_working_time_to_add_runs_out_at_the_first_working_moment() -> None:
    evening, morning = D(2025, 3, 3, 20), D(2025, 3, 4, 9)
    assert deadline_of(CAL, evening, cf.WorkingHours(0), 0, [], CLOSE) == morning
    assert deadline_of(CAL, morning, cf.WorkingHours(0), 0, [], CLOSE) == morning


def test_a_working_day_limit_with_time_on_hold_ends_at_midnight_when_asked() -> None:
    start = D(2025, 3, 3, 10)  # Monday; one working day on hold: the deadline is Wednesday
    assert deadline_of(CAL, start, cf.WorkingDays(1), 1, [], MIDNIGHT) == D(2025, 3, 6)
    assert deadline_of(CAL, start, cf.WorkingDays(1), 1, [], CLOSE) == D(2025, 3, 5, 17, 30)


def test_days_on_hold_of_a_month_limit_are_given_back_before_other_extensions() -> None:
    # One month from Thursday 02-06 ends on Thursday 03-06; two days on hold carry it to
    # Saturday 03-08, so Monday 03-10; one working day more: Tuesday 03-11. The other way
    # round (Friday 03-07, then two days: Sunday 03-09) it would end on Monday 03-10.
    start = D(2025, 2, 6, 10)
    end = deadline_of(CAL, start, cf.Months(1), 2, [cf.WorkingDays(1)], CLOSE)
    assert end == D(2025, 3, 11, 17, 30)


def test_a_moment_at_the_opening_of_a_day_stands_for_the_close_of_the_working_day_before() -> None:
    monday_opening = D(2025, 3, 3, 9)
    assert shift_back(CAL, monday_opening, cf.WorkingDays(1), CLOSE) == D(2025, 2, 27, 17, 30)
    assert shift_back(CAL, monday_opening, cf.WorkingDays(0), CLOSE) == D(2025, 2, 28, 17, 30)


def test_working_hours_back_before_the_data_stop_at_its_first_moment() -> None:
    first_opening = D(2004, 1, 2, 9)  # 2004-01-01 is New Year's Day
    assert shift_back(CAL, first_opening, cf.WorkingHours(0), CLOSE) == D(2004, 1, 1)
    assert shift_back(CAL, D(2004, 1, 2, 10), cf.WorkingHours(2), CLOSE) == D(2004, 1, 1)
    one_us = D(2004, 1, 2, 9, 0, 0, 1)
    assert shift_back(CAL, one_us, cf.WorkingHours(0), CLOSE) == one_us


def test_a_yellow_card_that_would_start_before_the_data_is_shown_and_the_deadline_known() -> None:
    """Dispatched on 2004-01-01, the first day of data and a holiday: the sign-for deadline
    is 2004-01-02 17:30, and a yellow card one working day before it would start on
    2003-12-31, before the data; the card shows, and the deadline is not 'unknown'."""
    case = cf.Case.open(cf.hotline_workflow(), "X", D(2004, 1, 1), type="咨询")
    case = case.apply(cf.Event("e0", "dispatch", D(2004, 1, 1)))
    status = cf.evaluate(case, cf.hotline_policy(), D(2004, 1, 1)).goal("sign-for")
    assert status.deadline == D(2004, 1, 2, 17, 30)
    assert status.card is cf.Card.YELLOW
    assert status.awaiting_notice is None
