"""One day of a calendar: whether it is worked, why, and which days read as one run.

>>> import datetime as dt
>>> info = DayInfo(dt.date(2025, 10, 1), DayKind.HOLIDAY, "国庆节", statutory=True)
>>> print(info)
2025-10-01 Wed  statutory holiday (国庆节)
>>> print(DayInfo(dt.date(2006, 2, 1), DayKind.HOLIDAY, "春节", rest=Rest.IN_LIEU))
2006-02-01 Wed  rest day in lieu, 补假 (春节)
>>> print(DayInfo(dt.date(2006, 2, 2), DayKind.HOLIDAY, "春节", rest=Rest.SWAPPED))
2006-02-02 Thu  rest day swapped, 调休 (春节)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from civicflow._arguments import guard
from civicflow.calendars.closures import Closure
from civicflow.calendars.sessions import Session

__all__ = ["DayInfo", "DayKind", "Rest", "day_runs"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class DayKind(enum.Enum):
    """Why a day is, or is not, a working day."""

    WORKDAY = "working day"
    WEEKEND = "weekend"
    HOLIDAY = "statutory holiday"
    MAKE_UP = "make-up working day"
    DAY_OFF = "extra day off"
    EXTRA_WORKDAY = "extra working day"

    @property
    def is_workday(self) -> bool:
        """Whether days of this kind are worked."""
        return self in (DayKind.WORKDAY, DayKind.MAKE_UP, DayKind.EXTRA_WORKDAY)


class Rest(enum.Enum):
    """Why a day off of a break is off when the law does not itself grant it.

    A notice's break joins the statutory holidays (法定节假日) to the weekend; its other days
    off are of three kinds, which :attr:`DayInfo.rest` tells apart.
    """

    #: A Saturday or a Sunday inside the break.
    WEEKEND = "weekend"
    #: 补假: a working day given off because a statutory holiday fell on a weekend (or two
    #: festivals fell on one day), as the holiday law requires (e.g. 2006-02-01, for the
    #: Spring Festival's first day on Sunday 29 January).
    IN_LIEU = "in lieu"
    #: 调休: a working day given off in exchange for a weekend day worked instead (a make-up
    #: working day), as chinesecalendar's in-lieu data marks it (e.g. 2006-02-02, worked on
    #: Saturday 28 January).
    SWAPPED = "swapped"


def _closure_tuple(value: tuple[Closure, ...]) -> tuple[Closure, ...]:
    return tuple(value)


@attrs.frozen
class DayInfo:
    """One day of a calendar and the reason for its status.

    Attributes:
        date: the day.
        kind: why it is or is not a working day.
        name: the festival or reason behind it (``"国庆节"``, ``"台风停工"``), if any.
        sessions: its working sessions; empty on a day off.
        statutory: whether the law itself grants the day (法定节假日: New Year's Day, the
            Spring Festival's eve and first days, 1-2 May, 1-3 October...), as against the
            other days off of a break.
        rest: for a day off of a break that the law does not itself grant, which kind it
            is: a weekend day, a day given in lieu (补假) or a day swapped for a make-up
            working day (调休); ``None`` for other days, and for a day granted by a one-off
            notice (the 2020 extension of the Spring Festival, 3 September 2015).
        closures: the closures that take working time away from the day, with their
            reasons: a day cut short keeps them, as a day closed whole does.
    """

    date: dt.date
    kind: DayKind
    name: str | None = None
    sessions: tuple[Session, ...] = ()
    statutory: bool = False
    rest: Rest | None = None
    closures: tuple[Closure, ...] = attrs.field(default=(), converter=_closure_tuple)

    @property
    def is_workday(self) -> bool:
        """Whether the day is a working day."""
        return self.kind.is_workday

    @property
    def cut_short(self) -> bool:
        """Whether a closure takes part of the day's working time away (it is still worked)."""
        return self.kind.is_workday and bool(self.closures)

    @property
    def reason(self) -> str:
        """The kind, with the name when there is one: ``"statutory holiday (春节)"``; a day
        off of a break that the law does not itself grant reads ``"rest day in lieu, 补假
        (春节)"``, ``"rest day swapped, 调休 (春节)"`` or ``"rest day of the break (春节)"``;
        a working day cut short by a closure says so, with the closure's reason:
        ``"working day, cut short (台风停工)"``."""
        what = self.kind.value
        if self.kind is DayKind.HOLIDAY and not self.statutory:
            what = _REST.get(self.rest, "rest day of the break")
        text = f"{what} ({self.name})" if self.name else what
        if self.cut_short:
            reasons = "、".join(dict.fromkeys(c.reason for c in self.closures if c.reason))
            text += f", cut short ({reasons})" if reasons else ", cut short"
        return text

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {_WEEKDAYS[self.date.weekday()]}  {self.reason}"


_REST: dict[Rest | None, str] = {
    Rest.IN_LIEU: "rest day in lieu, 补假",
    Rest.SWAPPED: "rest day swapped, 调休",
}


def day_runs(infos: Iterable[DayInfo]) -> list[list[DayInfo]]:
    """Consecutive days of the same kind and reason, grouped: how explanations list them."""
    runs: list[list[DayInfo]] = []
    for info in infos:
        prev = runs[-1][-1] if runs else None
        if (
            prev is not None
            and (info.date - prev.date).days == 1
            and (prev.kind, prev.reason) == (info.kind, info.reason)
        ):
            runs[-1].append(info)
        else:
            runs.append([info])
    return runs


guard(globals())
