"""Where a goal's clock stands, per kind of limit: positions, time on hold, deadlines.

Each kind of limit has its own clock (``docs/sla.md``): working days and working hours are
measured on the calendar's tables, clock time in elapsed microseconds, calendar days and months
in midnights. The functions here take local (naive, calendar-zone) times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dateutil.relativedelta import relativedelta

from civicflow.calendars._tables import US_PER_SECOND, Tables, moment_at, us_of_day
from civicflow.calendars.calendar import Calendar
from civicflow.errors import DurationError
from civicflow.limits._local import end_of_day, local_deadline
from civicflow.limits.arithmetic import DayEnd
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)

__all__ = [
    "clock_add",
    "clock_us",
    "days_begun",
    "deadline_of",
    "held_between",
    "index",
    "measure",
    "shift_back",
    "work",
]


def index(t: Tables, m: dt.datetime) -> int:
    i = m.toordinal() - t.base
    if not 0 <= i < t.n:
        i = t.index(m)  # grows the tables of a calendar without the national layer, or raises
    return i


def work(t: Tables, m: dt.datetime) -> int:
    """Working microseconds up to ``m`` (``Tables.working_us``, inlined: it is the hot path)."""
    i = m.toordinal() - t.base
    if not 0 <= i < t.n:
        i = t.index(m)  # grows the tables of a calendar without the national layer, or raises
    us = (m.hour * 3600 + m.minute * 60 + m.second) * US_PER_SECOND + m.microsecond
    total = t.cum_us[i]
    for b, e in t.sessions[i]:
        if us <= b:  # equivalent "us < b": at us == b the session adds b - b, nothing
            break
        total += (us if us < e else e) - b  # equivalent "us <= e": at us == e, e - b both ways
    return total


def days_begun(t: Tables, m: dt.datetime) -> int:
    """Working days whose first working moment is before ``m``."""
    i = index(t, m)
    return t.cum_work[i] + (1 if t.workday[i] and us_of_day(m) > t.open_us[i] else 0)


def clock_us(cal: Calendar, a: dt.datetime, b: dt.datetime) -> int:
    """Elapsed microseconds between two local times."""
    zone = cal.zone
    # equivalent "astimezone(None)": two aware times differ by the same in any zone
    span = b.replace(tzinfo=zone).astimezone(dt.UTC) - a.replace(tzinfo=zone).astimezone(dt.UTC)
    return span // dt.timedelta(microseconds=1)


def clock_add(cal: Calendar, m: dt.datetime, us: int) -> dt.datetime:
    """The local moment ``us`` microseconds of elapsed time after ``m`` (before, if negative).

    Raises:
        DurationError: the moment would fall outside the years 1-9999.
    """
    zone = cal.zone
    try:
        # equivalent "astimezone(None)": a fixed offset of the same instant, added to exactly
        end = m.replace(tzinfo=zone).astimezone(dt.UTC) + dt.timedelta(microseconds=us)
        return end.astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        raise DurationError(
            f"{us // US_PER_SECOND} seconds", f"from {m:%Y-%m-%d %H:%M} it leaves the years 1-9999"
        ) from None


def held_between(cal: Calendar, limit: Duration, a: dt.datetime, b: dt.datetime) -> int:
    """What a pause from ``a`` to ``b`` gives back, in the limit's own unit."""
    t = cal.tables
    if isinstance(limit, WorkingDays):
        return days_begun(t, b) - days_begun(t, a)
    if isinstance(limit, WorkingHours):
        return work(t, b) - work(t, a)
    if isinstance(limit, ClockTime):
        return clock_us(cal, a, b)
    return _day_number(t, b) - _day_number(t, a)  # calendar days and months: midnights on hold


def _day_number(t: Tables, m: dt.datetime) -> int:
    """The ordinal of the day ``m`` counts on; outside the data, of its date."""
    i = m.toordinal() - t.base
    if 0 <= i < t.n and t.carry[i] and us_of_day(m) < t.carry[i]:
        return m.toordinal() - 1
    return m.toordinal()


def deadline_of(
    cal: Calendar,
    start: dt.datetime,
    limit: Duration,
    held: int,
    extensions: list[Duration],
    day_end: DayEnd,
) -> dt.datetime:
    t = cal.tables
    kind = type(limit)
    # equivalent "and False", "or True": the sums below read each kind alone, and no
    # extensions is an empty list either way
    same = [e for e in extensions if type(e) is kind] if extensions else extensions
    # equivalent "or True": with no extensions the list is empty either way
    other = [e for e in extensions if type(e) is not kind] if extensions else []
    if isinstance(limit, WorkingDays):
        n = limit.days + held + sum(e.days for e in same if isinstance(e, WorkingDays))
        end = end_of_day(t, t.nth_workday(t.day_of(start), n), day_end)
    elif isinstance(limit, WorkingHours | ClockTime):
        seconds = limit.seconds + sum(e.seconds for e in same if isinstance(e, type(limit)))
        total = seconds * US_PER_SECOND + held
        if isinstance(limit, ClockTime):
            end = clock_add(cal, start, total)
        else:
            at = work(t, start) + total
            end = moment_at(t, *(t.locate_start(at) if total == 0 else t.locate_end(at)))
    elif isinstance(limit, CalendarDays):
        days = limit.days + held + sum(e.days for e in same if isinstance(e, CalendarDays))
        end = local_deadline(cal, start, CalendarDays(days), day_end)
    else:
        assert isinstance(limit, Months)
        months = limit.months + sum(e.months for e in same if isinstance(e, Months))
        end = local_deadline(cal, start, Months(months), day_end)
        if held:
            other.insert(0, CalendarDays(held))
    # An extension in another unit is a further period, counted from the deadline it extends.
    for e in other:
        end = local_deadline(cal, end, e, day_end)
    return end


def shift_back(cal: Calendar, end: dt.datetime, by: Duration, day_end: DayEnd) -> dt.datetime:
    """The moment ``by`` before ``end``, counted on the calendar by the unit of ``by``."""
    t = cal.tables
    if isinstance(by, WorkingDays):
        i, us = t.working_day_of(index(t, end), us_of_day(end))
        if t.workday[i] and us > t.open_us[i]:
            # equivalent "or True": nth_workday(i, 0) is i on a working day
            k = t.nth_workday(i, -by.days) if by.days else i
            return moment_at(t, k, min(us, t.close_us[k]))
        last = t.nth_workday(i, -1)  # the working day this deadline closes
        # equivalent "or True": nth_workday(last, 0) is last, a working day
        k = t.nth_workday(last, -by.days) if by.days else last
        return end_of_day(t, k, day_end)
    if isinstance(by, WorkingHours):
        target = work(t, end) - by.seconds * US_PER_SECOND
        return moment_at(t, 0, 0) if target <= 0 else moment_at(t, *t.locate_end(target))
    if isinstance(by, ClockTime):
        return clock_add(cal, end, -by.seconds * US_PER_SECOND)
    if isinstance(by, CalendarDays):
        return end - dt.timedelta(days=by.days)
    assert isinstance(by, Months)
    return end - relativedelta(months=by.months)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)


def measure(cal: Calendar, limit: Duration) -> Callable[[dt.datetime], int]:
    """Microseconds on the limit's clock (working time, or elapsed time) up to a moment."""
    t = cal.tables
    if isinstance(limit, WorkingDays | WorkingHours):
        return lambda m: work(t, m)
    zone = cal.zone
    # equivalent "astimezone(None)": two aware times differ by the same in any zone
    return lambda m: (m.replace(tzinfo=zone).astimezone(dt.UTC) - _EPOCH) // _US
