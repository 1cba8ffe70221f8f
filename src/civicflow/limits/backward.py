"""Counting backwards: a limit before an instant, and the latest start that meets a deadline.

Two questions run a limit backwards, and they have different answers:

- :func:`before`: the moment a limit *before* an instant, the mirror of :func:`deadline`.
  "提前3个工作日通知": the notice is due by the opening of the third working day before the
  hearing, the hearing's own day not counted, as the day of a start is not counted going
  forwards (民法典 Art. 201). Going back N working hours lands where N hours of working time
  lie between the result and the instant.
- :func:`latest_start`: the last moment a clock may start and still run out by a given
  deadline: "by when must a case be received to be closed before the year ends?". It is the
  inverse of :func:`deadline` itself: ``deadline(latest_start(d, N), N) <= d``, and one
  microsecond later the deadline would pass ``d``.

>>> import datetime as dt
>>> before(dt.datetime(2025, 10, 9, 10, 0), "3个工作日")   # 9-30, 9-29, then the make-up Sunday
datetime.datetime(2025, 9, 28, 9, 0)
>>> before(dt.datetime(2025, 10, 9, 10, 0), "2个工作小时")
datetime.datetime(2025, 9, 30, 16, 30)
>>> latest_start(dt.datetime(2025, 12, 31, 17, 30), "5个工作日")
datetime.datetime(2025, 12, 24, 23, 59, 59, 999999)

Both are table lookups, like the forward arithmetic; see ``docs/backward.md``.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from civicflow._arguments import guard
from civicflow.calendars._tables import US_PER_SECOND, Tables, moment_at, us_of_day
from civicflow.calendars.calendar import Calendar
from civicflow.errors import DurationError
from civicflow.limits._local import end_of_day, parse_limit, resolve_calendar
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)
from civicflow.limits.rules import DayEnd, Receipt, parse_option

__all__ = ["before", "latest_start"]

_LAST_US = dt.timedelta(microseconds=1)


def before(
    moment: dt.datetime,
    limit: Duration | str,
    calendar: Calendar | None = None,
    *,
    day_end: DayEnd | str = DayEnd.CLOSE_OF_BUSINESS,
    receipt: Receipt | str = Receipt.AS_RECEIVED,
) -> dt.datetime:
    """The moment ``limit`` before ``moment``, counted as :func:`deadline` counts, mirrored.

    - Working days: the opening of the N-th working day before ``moment``'s day (that day
      not counted); with ``day_end="midnight"``, its 00:00. Zero working days: the opening
      of ``moment``'s day if it is a working day, else of the last one before it.
    - Working hours: the latest moment from which N hours of working time run to
      ``moment``. Zero hours is the previous working moment, the mirror of the forward
      rule (zero hours run out at the next working moment): ``moment`` itself when work
      went on just before it, else the end of the last session before it, so that one
      second more is one second before that moment, never a jump.
    - Clock time: ``moment`` minus the time, across daylight-saving changes as elapsed time.
    - Calendar days and months (年 and 周 included): the same time of day N days, or N
      months, before, moved back to the last working day if it falls on a day off (the
      mirror of 民法典 Art. 203). A month end is kept: one month before 31 March is 28 or 29
      February.

    Args:
        moment: the instant; naive (local time of the calendar) or aware.
        limit: a :class:`Duration`, or text that :meth:`Duration.parse` reads.
        calendar: the calendar to count on; ``None`` is :func:`china_calendar`.
        day_end: for working days, whether the day begins at its first session (default)
            or at 00:00.
        receipt: the option of :func:`deadline`, mirrored: with ``"next-working-moment"``,
            a ``moment`` outside working time counts from the previous working moment (the
            end of the last session before it), as a start outside working time counts
            from the next one going forwards; the day-based limits then count back from
            that session's day.

    Returns:
        The moment, naive or aware like ``moment``.

    Raises:
        CalendarCoverageError: the count needs a year the calendar has no data for.
        DurationError: ``limit`` is text that is not a valid limit.
    """
    cal = resolve_calendar(calendar)
    dur = parse_limit(limit)
    day_end = parse_option(DayEnd, day_end, "day_end")
    mirrored = parse_option(Receipt, receipt, "receipt") is Receipt.NEXT_WORKING_MOMENT
    local = cal.to_local(moment)
    t = cal.tables
    i = _index(t, local)
    if mirrored:
        local = _previous_working(t, i, local)
        i = _index(t, local)
    if isinstance(dur, WorkingDays):
        i = t.day_of(local)
        k = i if not dur.days and t.workday[i] else t.nth_workday(i, -dur.days or -1)
        result = _opening(t, k, day_end)
    elif isinstance(dur, WorkingHours):
        if not dur.seconds:
            result = _previous_working(t, i, local)
        else:
            target = t.working_us(i, us_of_day(local)) - dur.seconds * US_PER_SECOND
            if target < 0:
                raise t.uncovered(t.first_year - 1)
            result = moment_at(t, *t.locate_start(target))
    elif isinstance(dur, ClockTime):
        zone = cal.zone
        try:
            utc = local.replace(tzinfo=zone).astimezone(dt.UTC) - dur.timedelta
        except OverflowError:
            raise DurationError(
                str(dur), f"before {local:%Y-%m-%d %H:%M} is before year 1"
            ) from None
        result = utc.astimezone(zone).replace(tzinfo=None)
    else:
        assert isinstance(dur, CalendarDays | Months)
        try:
            if isinstance(dur, CalendarDays):
                back = local - dt.timedelta(days=dur.days)
            else:
                back = local - relativedelta(months=dur.months)
        except (OverflowError, ValueError):
            raise t.uncovered(t.first_year - 1) from None
        j = _index(t, back)
        if not t.workday[j]:
            back = dt.datetime.combine(t.date(t.nth_workday(j, -1)), back.time())
        result = back
    # equivalent "and False": from_local gives a naive result back as it is
    return result if moment.tzinfo is None else cal.from_local(result, moment)


def latest_start(
    due: dt.datetime,
    limit: Duration | str,
    calendar: Calendar | None = None,
    *,
    day_end: DayEnd | str = DayEnd.CLOSE_OF_BUSINESS,
) -> dt.datetime:
    """The latest moment a clock of ``limit`` may start and still run out by ``due``.

    ``deadline(latest_start(due, limit), limit) <= due``, and a start one microsecond later
    would run out after ``due``. For limits counted in days, where the start's day is what
    counts, it is the last microsecond of the last day that may start them.

    Raises:
        CalendarCoverageError: the count needs a year the calendar has no data for, or no
            start inside the data meets ``due``.
        DurationError: ``limit`` is text that is not a valid limit.
    """
    cal = resolve_calendar(calendar)
    dur = parse_limit(limit)
    day_end = parse_option(DayEnd, day_end, "day_end")
    local = cal.to_local(due)
    t = cal.tables
    i = _index(t, local)
    if isinstance(dur, WorkingHours):
        w = t.working_us(i, us_of_day(local)) - dur.seconds * US_PER_SECOND
        if w < 0:
            raise t.uncovered(t.first_year - 1)
        if dur.seconds or any(b <= us_of_day(local) < e for b, e in t.sessions[i]):
            result = moment_at(t, *t.locate_start(w))
        else:  # zero hours run out at the next working moment: start before the last one ends
            result = moment_at(t, *t.locate_end(w)) - _LAST_US
    elif isinstance(dur, ClockTime):
        result = before(local, dur, cal)
    else:
        i = t.day_of(local)
        k = _last_day_closed(t, local, i, day_end)  # the last working day that ends by due
        if isinstance(dur, WorkingDays):
            if dur.days == 0:
                start_day = k
            else:
                first = t.cum_work[k] - dur.days + 1  # the working day the count must reach
                if first < 0:
                    raise t.uncovered(t.first_year - 1)
                start_day = t.work_days[first] - 1
        elif isinstance(dur, CalendarDays):
            start_day = k - dur.days
        else:
            assert isinstance(dur, Months)
            start_day = _months_back(t, k, dur.months)
        if start_day < 0:
            raise t.uncovered(t.first_year - 1)
        # the last moment on start_day, or in the night session it carries past midnight
        result = moment_at(t, start_day + 1, t.carry[start_day + 1]) - _LAST_US
    # equivalent "and False": from_local gives a naive result back as it is
    return result if due.tzinfo is None else cal.from_local(result, due)


def _index(t: Tables, local: dt.datetime) -> int:
    return t.index(local)


def _previous_working(t: Tables, i: int, local: dt.datetime) -> dt.datetime:
    """The previous working moment of ``local`` (on day ``i``): itself when work went on
    just before it, else the end of the last session before it."""
    w = t.working_us(i, us_of_day(local))
    if w == 0:
        raise t.uncovered(t.first_year - 1)
    return moment_at(t, *t.locate_end(w))


def _opening(t: Tables, k: int, day_end: DayEnd) -> dt.datetime:
    """The start of working day ``k``: its first session, or 00:00."""
    if day_end is DayEnd.MIDNIGHT:
        return moment_at(t, k, 0)
    return moment_at(t, k, t.open_us[k])


def _last_day_closed(t: Tables, local: dt.datetime, i: int, day_end: DayEnd) -> int:
    """The last working day whose end (close of business, or 24:00) is at or before
    ``local``."""
    # equivalent "+1": on a day off the next working day closes after the moment, so the step
    # back below lands on the working day before it all the same
    k = i if t.workday[i] else t.nth_workday(i, -1)
    if end_of_day(t, k, day_end) > local:
        k = t.nth_workday(k, -1)
    return k


def _months_back(t: Tables, k: int, months: int) -> int:
    """The last day whose date plus ``months`` months is at or before day ``k``."""
    last = t.date(k)
    try:
        day = last - relativedelta(months=months)
        while day + dt.timedelta(days=1) + relativedelta(months=months) <= last:
            day += dt.timedelta(days=1)
    except (OverflowError, ValueError):
        raise t.uncovered(t.first_year - 1) from None
    return day.toordinal() - t.base


guard(globals())
