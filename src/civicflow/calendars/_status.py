"""The status of one day of a calendar: what :meth:`Calendar.day` and the tables read."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from civicflow.calendars.closures import Closure, closing, cut
from civicflow.calendars.days import DayKind
from civicflow.calendars.national import National
from civicflow.calendars.sessions import Session

if TYPE_CHECKING:
    from civicflow.calendars.calendar import Calendar

__all__ = ["day_status"]


def day_status(
    cal: Calendar,
    day: dt.date,
    data: National,
    extra: tuple[dict[dt.date, str], dict[dt.date, str]],
) -> tuple[DayKind, str | None, tuple[Session, ...], tuple[Closure, ...]]:
    """The kind, name, sessions and closures of a covered day of ``cal``, every layer
    applied: its own days off and worked (``extra``), the national days (``data``), its
    week, its sessions and its closures."""
    extra_off, extra_work = extra
    national = cal.national
    if day in extra_work:
        kind, name = DayKind.EXTRA_WORKDAY, extra_work[day] or None
    elif day in extra_off:
        kind, name = DayKind.DAY_OFF, extra_off[day] or None
    elif national and day in data.make_up and cal.observe_make_up:
        kind, name = DayKind.MAKE_UP, data.make_up[day]
    elif national and day in data.make_up and day.weekday() not in cal.workweek:
        kind, name = DayKind.WEEKEND, f"调休 not worked here: {data.make_up[day]}"
    elif national and day in data.days_off:
        kind, name = DayKind.HOLIDAY, data.days_off[day]
    elif day.weekday() not in cal.workweek:
        kind, name = DayKind.WEEKEND, None
    else:
        kind, name = DayKind.WORKDAY, None
    if not kind.is_workday:
        return kind, name, (), ()
    sessions = cal.schedule.sessions_on(day)
    if cal.closures:
        whole = sessions
        sessions = cut(whole, day, cal.closures)
        if sessions != whole:
            closed = closing(whole, day, cal.closures)
            if not sessions:  # closed all day: a day off
                return DayKind.DAY_OFF, closed[0].reason or None, (), closed
            return kind, name, sessions, closed
    return kind, name, sessions, ()
