"""Sessions as values: one working session of one day, as the two moments it runs between.

A :class:`~civicflow.calendars.sessions.Session` is a time of day (``09:00-12:00``); a
:class:`SessionSpan` is that session on a given working day, cut by any closure, with the
moments it starts and ends. A night session belongs to the day it starts and ends the next
morning. The calendar answers with spans: the one that holds a moment, the next and the
previous one, and the next and previous boundary (a session's start or end).

>>> import datetime as dt
>>> from civicflow.calendars.calendar import china_calendar
>>> cal = china_calendar()
>>> print(cal.session_at(dt.datetime(2025, 10, 9, 10, 0)))
2025-10-09 09:00..12:00
>>> print(cal.next_session(dt.datetime(2025, 9, 30, 18, 0)))       # over National Day
2025-10-09 09:00..12:00
>>> cal.previous_boundary(dt.datetime(2025, 10, 9, 9, 0))           # the close before the break
datetime.datetime(2025, 9, 30, 17, 30)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from civicflow.calendars.calendar import Calendar

__all__ = [
    "SessionSpan",
    "backward",
    "forward",
    "next_boundary",
    "next_session",
    "previous_boundary",
    "previous_session",
    "session_at",
]


@attrs.frozen(order=True)
class SessionSpan:
    """A working session on one day: work happens from ``start`` up to ``end``.

    Attributes:
        start: the moment it starts (naive local time, or aware like the moment asked about).
        end: the moment it ends; ``start <= m < end`` for the moments it holds.
        day: the working day it belongs to (for a night session, the day it starts).
    """

    start: dt.datetime
    end: dt.datetime
    day: dt.date

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, dt.datetime) and self.start <= moment < self.end

    @property
    def length(self) -> dt.timedelta:
        """How long the session lasts."""
        return self.end - self.start

    def __str__(self) -> str:
        end = (
            f"{self.end:%H:%M}"
            if self.end.date() == self.start.date()
            else f"{self.end:%Y-%m-%d %H:%M}"
        )
        return f"{self.start:%Y-%m-%d %H:%M}..{end}"


#: A session in local time: (its day, its start, its end).
Local = tuple[dt.date, dt.datetime, dt.datetime]


def _spans(cal: Calendar, day: dt.date) -> list[Local]:
    midnight = dt.datetime.combine(day, dt.time())
    return [
        (day, midnight + dt.timedelta(seconds=s.start), midnight + dt.timedelta(seconds=s.end))
        for s in cal.day(day).sessions
    ]


def forward(cal: Calendar, local: dt.datetime) -> Iterator[Local]:
    """The sessions that end after the local moment ``local``, in order (endless: it stops
    with a coverage error past the calendar's last day)."""
    t = cal.tables
    # From the day before (a night session begun then); a day outside the calendar's years is
    # a coverage error, never an overflow of the date arithmetic.
    i = max(t.index(local.date()) - 1, t.index(cal.first_day))
    if not t.workday[i]:
        i = t.next_workday(i)
    while True:
        for span in _spans(cal, t.date(i)):
            if span[2] > local:
                yield span
        i = t.next_workday(i + 1)


def backward(cal: Calendar, local: dt.datetime) -> Iterator[Local]:
    """The sessions that start before the local moment ``local``, latest first (endless: it
    stops with a coverage error before the calendar's first day)."""
    t = cal.tables
    i = t.index(local.date())
    if not t.workday[i]:
        i = t.nth_workday(i, -1)
    while True:
        for span in reversed(_spans(cal, t.date(i))):
            if span[1] < local:
                yield span
        i = t.nth_workday(i, -1)


def _value(cal: Calendar, span: Local, like: dt.datetime) -> SessionSpan:
    day, start, end = span
    return SessionSpan(cal.from_local(start, like), cal.from_local(end, like), day)


def session_at(cal: Calendar, moment: dt.datetime) -> SessionSpan | None:
    local = cal.to_local(moment)
    span = next(forward(cal, local))
    return _value(cal, span, moment) if span[1] <= local else None


def next_session(cal: Calendar, moment: dt.datetime) -> SessionSpan:
    local = cal.to_local(moment)
    span = next(s for s in forward(cal, local) if s[1] > local)
    return _value(cal, span, moment)


def previous_session(cal: Calendar, moment: dt.datetime) -> SessionSpan:
    local = cal.to_local(moment)
    span = next(s for s in backward(cal, local) if s[2] < local)
    return _value(cal, span, moment)


def next_boundary(cal: Calendar, moment: dt.datetime) -> dt.datetime:
    local = cal.to_local(moment)
    _, start, end = next(forward(cal, local))
    return cal.from_local(start if start > local else end, moment)


def previous_boundary(cal: Calendar, moment: dt.datetime) -> dt.datetime:
    local = cal.to_local(moment)
    _, start, end = next(backward(cal, local))
    return cal.from_local(end if end < local else start, moment)
