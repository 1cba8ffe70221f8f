"""A calendar's days off and make-up working days as iCalendar (ICS), for people's diaries.

Each break is one all-day event ("春节 放假"), each make-up weekend day one more ("春节 调休上班"),
and so is each of a body's own days off and working days; the file opens in any diary
application. It is written with the maintained ``icalendar`` package, an optional extra:
``pip install 'civicflow[ics]'``.

>>> import datetime as dt
>>> import civicflow as cf
>>> text = calendar_to_ics(cf.china_calendar(), 2025, 2025).decode()
>>> "SUMMARY:国庆节、中秋节 放假" in text, "DTSTART;VALUE=DATE:20251001" in text
(True, True)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from civicflow.calendars.calendar import Calendar
from civicflow.calendars.days import DayInfo, DayKind
from civicflow.errors import ArgumentError

__all__ = ["calendar_to_ics"]

_SUMMARY = {
    DayKind.HOLIDAY: "放假",
    DayKind.MAKE_UP: "调休上班",
    DayKind.DAY_OFF: "停止办公",
    DayKind.EXTRA_WORKDAY: "加班",
}


def _icalendar() -> Any:
    try:
        import icalendar
    except ImportError:
        raise ArgumentError(
            "writing iCalendar needs the optional extra: pip install 'civicflow[ics]'"
        ) from None
    return icalendar


def _breaks(infos: Iterable[DayInfo]) -> list[list[DayInfo]]:
    """Consecutive days of the same kind, whatever their names: one break is one event
    ("国庆节、中秋节 放假"), as people speak of it."""
    runs: list[list[DayInfo]] = []
    for info in infos:
        if runs and (info.date - runs[-1][-1].date).days == 1 and info.kind is runs[-1][-1].kind:
            runs[-1].append(info)
        else:
            runs.append([info])
    return runs


def calendar_to_ics(calendar: Calendar, first_year: int, last_year: int) -> bytes:
    """The named days of ``first_year`` to ``last_year`` as an iCalendar file (UTF-8).

    One all-day event per run of consecutive days of the same kind: breaks (放假), make-up
    working days (调休上班), the body's own days off (停止办公) and working days (加班). The
    events are transparent (they do not make anyone busy) and their UIDs are stable, so a
    diary that imports the file again updates them rather than doubling them.

    Raises:
        ValueError: the years are the wrong way round.
        CalendarCoverageError: the calendar has no data for one of the years.
        ArgumentError: the ``icalendar`` package (``civicflow[ics]``) is not installed.
    """
    if first_year > last_year:
        raise ArgumentError(f"the years run from {first_year} to {last_year}: backwards")
    ical = _icalendar()
    out = ical.Calendar()
    out.add("prodid", "-//civicflow//working-day calendar//ZH")
    out.add("version", "2.0")
    out.add("x-wr-calname", f"civicflow {first_year}-{last_year}")
    stamp = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    infos = calendar.days(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    for run in _breaks(i for i in infos if i.kind in _SUMMARY):
        first, last = run[0], run[-1]
        label = _SUMMARY[first.kind]
        names = "、".join(dict.fromkeys(i.name for i in run if i.name))
        summary = f"{names} {label}" if names else label
        event = ical.Event()
        key = f"{first.date}/{last.date}/{first.kind.name}/{names}"
        event.add("uid", hashlib.sha256(key.encode()).hexdigest()[:24] + "@civicflow")
        event.add("summary", summary)
        event.add("dtstart", first.date)
        event.add("dtend", last.date + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("transp", "TRANSPARENT")
        event.add("categories", [label])
        out.add_component(event)
    data: bytes = out.to_ical()
    return data
