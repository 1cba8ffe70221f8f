"""One day of a calendar: whether it is worked, why, and which days read as one run.

>>> import datetime as dt
>>> info = DayInfo(dt.date(2025, 10, 1), DayKind.HOLIDAY, "国庆节", statutory=True)
>>> print(info)
2025-10-01 Wed  statutory holiday (国庆节)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from civicflow._arguments import guard
from civicflow.calendars.sessions import Session

__all__ = ["DayInfo", "DayKind", "day_runs"]

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
            other days off of a break, which are rest days moved by the notice (调休).
    """

    date: dt.date
    kind: DayKind
    name: str | None = None
    sessions: tuple[Session, ...] = ()
    statutory: bool = False

    @property
    def is_workday(self) -> bool:
        """Whether the day is a working day."""
        return self.kind.is_workday

    @property
    def reason(self) -> str:
        """The kind, with the name when there is one: ``"statutory holiday (春节)"``; a day
        off of a break that the law does not itself grant reads ``"rest day of the break
        (国庆节)"``."""
        what = self.kind.value
        if self.kind is DayKind.HOLIDAY and not self.statutory:
            what = "rest day of the break"
        return f"{what} ({self.name})" if self.name else what

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {_WEEKDAYS[self.date.weekday()]}  {self.reason}"


def day_runs(infos: Iterable[DayInfo]) -> list[list[DayInfo]]:
    """Consecutive days of the same kind and name, grouped: how explanations list them."""
    runs: list[list[DayInfo]] = []
    for info in infos:
        prev = runs[-1][-1] if runs else None
        if (
            prev is not None
            and (info.date - prev.date).days == 1
            and (prev.kind, prev.name, prev.statutory) == (info.kind, info.name, info.statutory)
        ):
            runs[-1].append(info)
        else:
            runs.append([info])
    return runs


guard(globals())
