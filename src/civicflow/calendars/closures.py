"""Closures: working time taken away for part of a day or several days, with a reason.

An office shut from 14:00 for a typhoon or a snowstorm (停止办公), the half days of the
holidays that only part of the population keeps (三八, 五四, 八一), a day of a power cut: a
:class:`Closure` is a span of local wall time with a reason. Working-hour limits run around
it; a working day it empties entirely becomes a day off; a day it cuts short ends when its
business stops (民法典 Art. 203: 有业务时间的，停止业务活动的时间为截止时间).

>>> import datetime as dt
>>> c = Closure(dt.datetime(2025, 7, 21, 14, 0), dt.datetime(2025, 7, 22, 0, 0), "台风停工")
>>> [str(s) for s in cut((Session(32400, 43200), Session(48600, 63000)), dt.date(2025, 7, 21), (c,))]
['09:00-12:00', '13:30-14:00']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from civicflow._arguments import guard
from civicflow.calendars.sessions import Session
from civicflow.errors import CalendarError

__all__ = ["GROUP_HOLIDAYS", "Closure", "closing", "cut", "group_closures"]


def _check_moment(instance: Any, attribute: Any, value: dt.datetime) -> None:
    if not isinstance(value, dt.datetime) or value.tzinfo is not None:
        raise CalendarError(
            f"a closure's {attribute.name} is a naive local datetime, got {value!r}"
        )
    if value.second or value.microsecond:
        raise CalendarError(f"a closure starts and ends on whole minutes, got {value}")


@attrs.frozen(order=True)
class Closure:
    """Working time taken away from ``start`` to ``end`` (local wall time), for ``reason``.

    Raises:
        CalendarError: a moment that is not a naive datetime on a whole minute, or an end
            that is not after the start.
    """

    start: dt.datetime = attrs.field(validator=_check_moment)
    end: dt.datetime = attrs.field(validator=_check_moment)
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise CalendarError(f"a closure must end after it starts ({self.start}..{self.end})")
        if not isinstance(self.reason, str):
            raise CalendarError(f"a closure's reason is a str, got {self.reason!r}")

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}..{self.end:%Y-%m-%d %H:%M} {self.reason}".rstrip()


def cut(
    sessions: tuple[Session, ...], day: dt.date, closures: Iterable[Closure]
) -> tuple[Session, ...]:
    """``sessions`` of ``day`` with the closed time taken out."""
    midnight = dt.datetime.combine(day, dt.time())
    spans = []
    for c in closures:
        # equivalent " or ", "<=", "days=3", ">=": the test only spares a span that misses
        # the day, and such a span (from 48:00 on, or up to midnight) cuts nothing
        if c.start < midnight + dt.timedelta(days=2) and c.end > midnight:
            spans.append((  # up to 48:00: a night session runs into the next day
                max(0, int((c.start - midnight).total_seconds())),
                # equivalent "3 *", "86401": no session runs past 48:00, so a later end cuts the same
                min(2 * 86_400, int((c.end - midnight).total_seconds())),
            ))  # fmt: skip
    if not spans:
        return sessions
    left = []
    for s in sessions:
        pieces = [(s.start, s.end)]
        for a, b in spans:
            pieces = [
                part
                for start, end in pieces
                for part in ((start, min(end, a)), (max(start, b), end))
                if part[0] < part[1]
            ]
        left += [Session(start, end) for start, end in pieces]
    return tuple(left)


def closing(
    sessions: tuple[Session, ...], day: dt.date, closures: Iterable[Closure]
) -> tuple[Closure, ...]:
    """The closures among ``closures`` that take working time away from ``sessions`` of
    ``day``: those a day cut short, or closed whole, names as its reasons.

    >>> c = Closure(dt.datetime(2025, 7, 21, 14, 0), dt.datetime(2025, 7, 22, 0, 0), "台风停工")
    >>> closing((Session(32400, 43200),), dt.date(2025, 7, 21), (c,))
    ()
    """
    midnight = dt.datetime.combine(day, dt.time())
    spans = [
        (midnight + dt.timedelta(seconds=s.start), midnight + dt.timedelta(seconds=s.end))
        for s in sessions
    ]
    return tuple(c for c in closures if any(c.start < e and b < c.end for b, e in spans))


#: The holidays of part of the population (全国年节及纪念日放假办法 Art. 3): (key, month,
#: day, whole day or afternoon, name). They are not made up when they fall on a weekend.
GROUP_HOLIDAYS = {
    "women": (3, 8, False, "三八国际妇女节（妇女放假半天）"),
    "youth": (5, 4, False, "五四青年节（14周岁以上的青年放假半天）"),
    "children": (6, 1, True, "六一儿童节（不满14周岁的少年儿童放假1天）"),
    "army": (8, 1, False, "中国人民解放军建军纪念日（现役军人放假半天）"),
}


def group_closures(groups: Iterable[str], first_year: int, last_year: int) -> list[Closure]:
    """The closures of the group holidays ``groups`` (keys of :data:`GROUP_HOLIDAYS`) over
    the years: the afternoon from 12:00 for a half day, the whole day for 六一.

    Raises:
        CalendarError: an unknown group.
    """
    found = []
    for group in groups:
        if group not in GROUP_HOLIDAYS:
            raise CalendarError(
                f"unknown group {group!r}; expected one of {', '.join(GROUP_HOLIDAYS)}"
            )
        month, day, whole, name = GROUP_HOLIDAYS[group]
        for year in range(first_year, last_year + 1):
            date = dt.datetime(year, month, day)
            start = date if whole else date + dt.timedelta(hours=12)
            found.append(Closure(start, date + dt.timedelta(days=1), name))
    return found


guard(globals())
