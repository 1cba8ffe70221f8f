"""Arithmetic on local times that deadlines, batches and SLA clocks share.

Local times are naive wall times of the calendar's zone; each function here works on a
calendar's tables and knows nothing of the caller's time zone.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from civicflow.calendars._tables import US_PER_DAY, US_PER_SECOND, Tables, moment_at, us_of_day
from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.errors import ArgumentTypeError, CalendarCoverageError, DurationError
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)
from civicflow.limits.rules import DayEnd

__all__ = [
    "clock_after",
    "end_of_day",
    "first_workday_from",
    "instant_like",
    "local_deadline",
    "next_working",
    "parse_limit",
    "resolve_calendar",
]


def parse_limit(limit: Duration | str) -> Duration:
    """``limit`` itself, or the text read by :meth:`Duration.parse`."""
    return Duration.parse(limit) if not isinstance(limit, Duration) else limit


def resolve_calendar(calendar: Calendar | None) -> Calendar:
    """``calendar``, or :func:`china_calendar` for ``None``; anything else is an
    ArgumentTypeError naming the argument."""
    if calendar is None:
        return china_calendar()
    if not isinstance(calendar, Calendar):
        raise ArgumentTypeError("calendar", calendar, "a civicflow Calendar or None")
    return calendar


def instant_like(cal: Calendar, at: dt.datetime, like: dt.datetime) -> dt.datetime:
    """``at`` naive or aware as ``like`` is: a naive instant read in the calendar's zone for
    aware times, an aware one converted to the calendar's local time for naive times."""
    if (at.tzinfo is None) == (like.tzinfo is None):
        return at
    return cal.from_local(at, like) if at.tzinfo is None else cal.to_local(at)


def end_of_day(t: Tables, i: int, day_end: DayEnd) -> dt.datetime:
    if day_end is DayEnd.MIDNIGHT:
        return moment_at(t, i, US_PER_DAY)
    return t.closes[i]


def next_working(t: Tables, local: dt.datetime) -> dt.datetime:
    i, us = t.locate_start(t.working_us(t.index(local.date()), us_of_day(local)))
    return moment_at(t, i, us)


def first_workday_from(t: Tables, day: dt.date) -> int:
    i = day.toordinal() - t.base
    if i >= t.n:
        i = t.index(day)  # grows the tables of a calendar without the national layer, or raises
    return t.next_workday(i)


def clock_after(cal: Calendar, local: dt.datetime, limit: ClockTime) -> dt.datetime:
    """The local moment ``limit`` of elapsed time after ``local``: no holiday data needed.

    Raises:
        DurationError: the result would fall after the year 9999.
    """
    zone = cal.zone
    try:
        # equivalent "astimezone(None)": a fixed offset of the same instant, added to exactly
        end = local.replace(tzinfo=zone).astimezone(dt.UTC) + limit.timedelta
        return end.astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        raise DurationError(
            str(limit), f"from {local:%Y-%m-%d %H:%M} it ends after the year 9999"
        ) from None


def _past_9999(t: Tables, local: dt.datetime, limit: Duration) -> CalendarCoverageError:
    found = t.uncovered(9999 + 1)
    return CalendarCoverageError(
        9999 + 1,
        found.first_year,
        found.last_year,
        detail=f"{limit} from {local:%Y-%m-%d %H:%M} ends after the year 9999",
        national=found.national,
    )


def local_deadline(
    cal: Calendar, local: dt.datetime, limit: Duration, day_end: DayEnd
) -> dt.datetime:
    t = cal.tables
    if isinstance(limit, WorkingDays):
        return end_of_day(t, t.nth_workday(t.day_of(local), limit.days), day_end)
    if isinstance(limit, WorkingHours):
        i = t.index(local)
        target = t.working_us(i, us_of_day(local)) + limit.seconds * US_PER_SECOND
        if not limit.seconds:  # no time to run: the clock's first working moment
            return moment_at(t, *t.locate_start(target))
        return moment_at(t, *t.locate_end(target))
    if isinstance(limit, ClockTime):
        return clock_after(cal, local, limit)
    if isinstance(limit, CalendarDays):
        day = t.date(t.day_of(local))
        try:
            last = day + dt.timedelta(limit.days)
        except OverflowError:
            raise _past_9999(t, local, limit) from None
        return end_of_day(t, first_workday_from(t, last), day_end)
    if isinstance(limit, Months):
        day = t.date(t.day_of(local))
        try:
            last = day + relativedelta(months=limit.months)
        except (OverflowError, ValueError):
            raise _past_9999(t, local, limit) from None
        return end_of_day(t, first_workday_from(t, last), day_end)
    # equivalent: unreachable, every limit is parsed into one of the five kinds before
    raise ArgumentTypeError("limit", limit, "a civicflow Duration or a str")
