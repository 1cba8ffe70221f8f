"""Deadline arithmetic: when a limit runs out, and how much working time a span holds.

The rules follow 民法典 Arts. 200-204 and 行政许可法 Art. 82 (see ``docs/rules.md``):

>>> import datetime as dt
>>> deadline(dt.datetime(2025, 9, 30, 16, 0), "3个工作日")    # National Day, then a make-up Saturday
datetime.datetime(2025, 10, 11, 17, 30)
>>> deadline(dt.datetime(2025, 9, 26, 15, 0), "4个工作小时")   # Friday 15:00 -> the make-up Sunday
datetime.datetime(2025, 9, 28, 10, 30)
>>> working_time(dt.datetime(2025, 9, 26, 15, 0), dt.datetime(2025, 9, 28, 10, 30))
datetime.timedelta(seconds=14400)

Every computation is a table lookup or a binary search: its cost does not grow with the
length of the limit or of the span. The commonest calls (the default calendar, a naive
start, a limit in working days or hours) take a short path straight to the tables; every
other call, and every call the short path cannot finish (a start outside the data, a night
session), takes the general one, which gives the same answers.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left

from civicflow._arguments import guard
from civicflow.calendars._tables import US_PER_SECOND, Tables, us_of_day
from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.errors import ArgumentTypeError
from civicflow.limits._local import (
    local_deadline,
    next_working,
    resolve_calendar,
)
from civicflow.limits.duration import (
    Duration,
    WorkingDays,
    WorkingHours,
)
from civicflow.limits.rules import DayEnd, Receipt, parse_option

__all__ = [
    "DayEnd",
    "LimitLike",
    "Receipt",
    "deadline",
    "working_time",
]

#: A limit as a value, or as text that :meth:`Duration.parse` reads.
LimitLike = Duration | str

_CLOSE, _AS_RECEIVED, _DATETIME = DayEnd.CLOSE_OF_BUSINESS, Receipt.AS_RECEIVED, dt.datetime
_TIMEDELTA = dt.timedelta
_EPOCH = dt.datetime(1, 1, 1)

#: Limits read from text, by their text (bounded: cleared when full).
_READ: dict[str, Duration] = {}


def _remember(text: LimitLike, dur: Duration) -> None:
    if type(text) is str:
        if len(_READ) >= 4096:
            _READ.clear()
        _READ[text] = dur


#: The default calendar's tables, once built (read by the short paths without a call).
_TABLES: Tables | None = None


def _default_tables() -> Tables:
    global _TABLES
    if _TABLES is None:
        _TABLES = china_calendar().tables
    return _TABLES


def _short_hours(t: Tables, i: int, start: dt.datetime, dur: WorkingHours) -> dt.datetime | None:
    """A working-hour deadline on the default calendar, or None to take the long way."""
    if dur.seconds:
        us = (
            start.hour * 3600 + start.minute * 60 + start.second
        ) * US_PER_SECOND + start.microsecond
        cum = t.cum_us
        target = cum[i]
        for b, e in t.sessions[i]:
            if us <= b:  # equivalent "us < b": at us == b the session adds b - b, nothing
                break
            target += (us if us < e else e) - b  # equivalent "us <= e": at us == e, e - b both ways
        target += dur.seconds * US_PER_SECOND
        j = bisect_left(cum, target) - 1
        if j >= t.n:
            return None
        rest = target - cum[j]
        for b, e in t.sessions[j]:
            if rest <= e - b:
                return _EPOCH + dt.timedelta(days=t.base + j - 1, microseconds=b + rest)
            rest -= e - b
    return None


def deadline(
    start: dt.datetime,
    limit: LimitLike,
    calendar: Calendar | None = None,
    *,
    day_end: DayEnd | str = DayEnd.CLOSE_OF_BUSINESS,
    receipt: Receipt | str = Receipt.AS_RECEIVED,
) -> dt.datetime:
    """The moment a limit that starts at ``start`` runs out.

    Args:
        start: when the clock starts. Naive: local time of the calendar's zone. Aware:
            converted, and the result comes back in ``start``'s zone.
        limit: a :class:`Duration`, or text that :meth:`Duration.parse` reads.
        calendar: the calendar to count on; ``None`` is :func:`china_calendar`.
        day_end: for day-based limits, the close of business (default) or 24:00.
        receipt: whether a start outside working time counts as the next working moment.

    Returns:
        The deadline, naive or aware like ``start``.

    Raises:
        CalendarCoverageError: the computation needs a year the calendar has no data for.
        DurationError: ``limit`` is text that is not a valid limit.

    >>> import datetime as dt
    >>> deadline(dt.datetime(2025, 9, 30, 16), "3个工作日", day_end="midnight")
    datetime.datetime(2025, 10, 12, 0, 0)
    >>> deadline(dt.datetime(2025, 9, 27, 10), "1个工作日", receipt="next-working-moment")
    datetime.datetime(2025, 9, 29, 17, 30)
    """
    # The short path: a naive start on the default calendar or on one passed in (anything
    # else passed as a calendar takes the general path, which checks it).
    if (
        type(start) is _DATETIME
        and day_end is _CLOSE
        and receipt is _AS_RECEIVED
        and start.tzinfo is None
    ):
        known = _READ.get(limit) if type(limit) is str else limit
        kind = type(known)
        if kind is WorkingDays or kind is WorkingHours:
            if calendar is None:
                t = _TABLES or _default_tables()
            elif type(calendar) is Calendar:
                t = calendar.tables
            else:
                t = None
            if t is None:
                pass
            elif kind is WorkingDays:
                short = t.short  # None on a calendar with night sessions
                if short is not None:
                    base, size, cum, ranked, count = short
                    i = start.toordinal() - base
                    if 0 <= i < size:
                        n = known.days  # type: ignore[union-attr]
                        k = cum[i + 1] + n - 1 if n else cum[i]
                        if k < count:
                            return ranked[k]
            else:
                i = start.toordinal() - t.base
                if 0 <= i < t.n:
                    found = _short_hours(t, i, start, known)  # type: ignore[arg-type]
                    if found is not None:
                        return found
    cal = resolve_calendar(calendar)
    if not isinstance(start, dt.datetime):
        raise ArgumentTypeError("start", start, "a datetime.datetime")
    dur = limit if isinstance(limit, Duration) else Duration.parse(limit)
    _remember(limit, dur)
    if receipt is not Receipt.AS_RECEIVED:
        receipt = parse_option(Receipt, receipt, "receipt")
    if day_end is not DayEnd.CLOSE_OF_BUSINESS:
        day_end = parse_option(DayEnd, day_end, "day_end")
    # The common case, a naive local time, needs no conversion.
    # equivalent "type(None)", "is not dt": to_local gives a naive start back as it is
    naive = type(start) is dt.datetime and start.tzinfo is None
    local = start if naive else cal.to_local(start)  # equivalent "and False": the same
    if receipt is Receipt.NEXT_WORKING_MOMENT:
        local = next_working(cal.tables, local)
    result = local_deadline(cal, local, dur, day_end)
    # equivalent "and False": from_local gives a naive result back as it is
    return result if local is start else cal.from_local(result, start)


def working_time(
    start: dt.datetime, end: dt.datetime, calendar: Calendar | None = None
) -> dt.timedelta:
    """The working time between two moments: positive if ``end`` is later, else negative.

    >>> import datetime as dt
    >>> working_time(dt.datetime(2025, 9, 30, 16), dt.datetime(2025, 10, 9, 10))
    datetime.timedelta(seconds=9000)

    Raises:
        CalendarCoverageError: a moment falls in a year the calendar has no data for.
    """
    if (
        type(start) is _DATETIME
        and type(end) is _DATETIME
        and start.tzinfo is None
        and end.tzinfo is None
        and (
            t := (_TABLES or _default_tables())
            if calendar is None
            else calendar.tables
            if type(calendar) is Calendar
            else None
        )
        is not None
    ):
        i, j = start.toordinal() - t.base, end.toordinal() - t.base
        if 0 <= i < t.n and 0 <= j < t.n:
            cum, sessions = t.cum_us, t.sessions
            us = (start.hour * 3600 + start.minute * 60 + start.second) * 1_000_000
            us += start.microsecond
            wa = cum[i]
            for lo, hi in sessions[i]:
                if us <= lo:
                    break
                wa += (us if us < hi else hi) - lo
            us = (end.hour * 3600 + end.minute * 60 + end.second) * 1_000_000 + end.microsecond
            wb = cum[j]
            for lo, hi in sessions[j]:
                if us <= lo:
                    break
                wb += (us if us < hi else hi) - lo
            return _TIMEDELTA(0, 0, wb - wa)
    cal = resolve_calendar(calendar)
    for name, moment in (("start", start), ("end", end)):
        if not isinstance(moment, dt.datetime):
            raise ArgumentTypeError(name, moment, "a datetime.datetime")
    t = cal.tables
    a, b = cal.to_local(start), cal.to_local(end)
    wa = t.working_us(t.index(a.date()), us_of_day(a))
    wb = t.working_us(t.index(b.date()), us_of_day(b))
    return dt.timedelta(microseconds=wb - wa)


# The hottest calls check their own arguments (see civicflow._arguments).
guard(
    globals(),
    unguarded=(
        "deadline",
        "working_time",
    ),
)
