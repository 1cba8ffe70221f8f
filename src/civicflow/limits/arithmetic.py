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
length of the limit or of the span.
"""

from __future__ import annotations

import datetime as dt

from civicflow.calendars._tables import us_of_day
from civicflow.calendars.calendar import Calendar
from civicflow.limits._local import (
    local_deadline,
    next_working,
    resolve_calendar,
)
from civicflow.limits.duration import (
    Duration,
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
    cal = resolve_calendar(calendar)
    dur = limit if isinstance(limit, Duration) else Duration.parse(limit)
    if receipt is not Receipt.AS_RECEIVED:
        receipt = parse_option(Receipt, receipt, "receipt")
    if day_end is not DayEnd.CLOSE_OF_BUSINESS:
        day_end = parse_option(DayEnd, day_end, "day_end")
    # The common case, a naive local time, needs no conversion.
    naive = type(start) is dt.datetime and start.tzinfo is None
    local = start if naive else cal.to_local(start)
    if receipt is Receipt.NEXT_WORKING_MOMENT:
        local = next_working(cal.tables, local)
    result = local_deadline(cal, local, dur, day_end)
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
    cal = resolve_calendar(calendar)
    t = cal.tables
    a, b = cal.to_local(start), cal.to_local(end)
    wa = t.working_us(t.index(a.date()), us_of_day(a))
    wb = t.working_us(t.index(b.date()), us_of_day(b))
    return dt.timedelta(microseconds=wb - wa)
