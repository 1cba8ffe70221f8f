"""A calendar's days off and make-up working days as iCalendar (ICS), for people's diaries,
and such a file read back into arrangements.

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

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.calendars.days import DayInfo, DayKind
from civicflow.calendars.national import notice_year
from civicflow.calendars.notices import YEARLY_FESTIVALS, Arrangement
from civicflow.calendars.provisional import statutory_days
from civicflow.errors import ArgumentError, ArgumentTypeError, SchemaError, shown
from civicflow.exchange._extras import extra

__all__ = ["arrangements_from_ics", "calendar_to_ics"]

_SUMMARY = {
    DayKind.HOLIDAY: "放假",
    DayKind.MAKE_UP: "调休上班",
    DayKind.DAY_OFF: "停止办公",
    DayKind.EXTRA_WORKDAY: "加班",
}


def _icalendar() -> Any:
    return extra("icalendar", "ics", "reading and writing iCalendar")


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
        ArgumentError: the years are the wrong way round, or not years of the calendar era
            (1 to 9999); the ``icalendar`` package (``civicflow[ics]``) is not installed.
        CalendarCoverageError: the calendar has no data for one of the years.
    """
    for name, year in (("first_year", first_year), ("last_year", last_year)):
        if isinstance(year, int) and not dt.MINYEAR <= year <= dt.MAXYEAR:
            raise ArgumentError(f"{name} must be a year from 1 to 9999 (got {shown(year)})")
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


#: The last word of an event's summary, and whether it makes a day off.
_LABELS = {"放假": True, "休": True, "调休上班": False, "补班": False, "上班": False, "班": False}


def _missing_festivals(year: int, off: dict[dt.date, str]) -> list[str]:
    """The festivals of ``year`` the days off neither name nor cover: a festival inside
    another's break (中秋节 on 1 October 2020) is covered when its statutory day is off."""
    names = (n for d, n in off.items() if notice_year(d, n) == year)
    named = {f for n in names for f in n.split("、")}
    try:
        law = statutory_days(year)
    except ArgumentError:  # outside the lunar table: the names alone
        return [f for f in YEARLY_FESTIVALS if f not in named]
    covered = {n for d, n in law.items() if d in off}
    return [f for f in dict.fromkeys(law.values()) if f not in named and f not in covered]


def arrangements_from_ics(
    data: bytes | str, *, source: str = "iCalendar file", partial: bool = False
) -> list[Arrangement]:
    """The arrangements of the years an iCalendar file holds, one per year, in order.

    Every event must be an all-day run of days off (``"春节 放假"``, ``"春节 休"``) or of
    make-up working days (``"春节 调休上班"``, ``"春节 班"``): what :func:`calendar_to_ics` writes
    and what holiday diaries publish. The days of a New Year's break in December belong to
    the next year's arrangement.

    Args:
        data: the file's bytes or text.
        source: where it came from, kept in each arrangement.
        partial: the file sets only some festivals of a year; without it, every year must
            have days off for each of its festivals (seven since 2008, four before): named,
            or on the festival's statutory day.

    Raises:
        SchemaError: not an iCalendar file, or events it cannot read; every problem is
            listed, naming the event: a time instead of a date, an end before the start, a
            summary that says neither 放假 nor 上班, a day given twice, a make-up day that is
            not a weekend day, a year without one of its festivals. Nothing is returned.
        ArgumentError: the ``icalendar`` package (``civicflow[ics]``) is not installed.
    """
    if not isinstance(source, str):
        raise ArgumentTypeError("source", source, "a str")
    if not isinstance(partial, bool):
        raise ArgumentTypeError("partial", partial, "True or False")
    ical = _icalendar()
    what = "iCalendar file"
    try:
        cal = ical.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, AttributeError, TypeError) as e:
        raise SchemaError(what, [f"not an iCalendar file: {e}"]) from None
    problems: list[str] = []
    off: dict[dt.date, str] = {}
    work: dict[dt.date, str] = {}
    for n, event in enumerate(cal.walk("VEVENT")):
        _read_event(n, event, off, work, problems)
    years = sorted(
        {notice_year(d, name) for d, name in off.items()}
        | {notice_year(d, n) for d, n in work.items()}
    )
    if not years and not problems:
        problems.append("no events: the file holds no days off and no make-up days")
    if not partial:
        for year in years:
            missing = _missing_festivals(year, off)
            if missing:
                problems.append(
                    f"{year}: no days off for {'、'.join(missing)}; "
                    "a file that sets only some festivals is read with partial=True"
                )
    if problems:
        raise SchemaError(what, problems)
    return [
        Arrangement(
            year,
            {d: name for d, name in off.items() if notice_year(d, name) == year},
            {d: name for d, name in work.items() if notice_year(d, name) == year},
            source,
            partial,
        )
        for year in years
    ]


def _read_event(
    n: int,
    event: Any,
    off: dict[dt.date, str],
    work: dict[dt.date, str],
    problems: list[str],
) -> None:
    summary = str(event.get("summary", "")).strip()
    where = f"event {n + 1} ({summary or 'no summary'})"
    name, _, label = summary.rpartition(" ")
    if label not in _LABELS or not name.strip():
        problems.append(
            f"{where}: the summary must be a festival and 放假 or 上班, e.g. '春节 放假'"
        )
        return
    start = event.get("dtstart")
    end = event.get("dtend")
    try:
        first = getattr(start, "dt", None)
        last = getattr(end, "dt", None) if end is not None else None
    except (ValueError, AttributeError, TypeError) as e:  # icalendar reads dates lazily
        problems.append(f"{where}: its dates cannot be read ({e})")
        return
    if type(first) is not dt.date or (last is not None and type(last) is not dt.date):
        problems.append(f"{where}: an all-day event has dates, not times (got {first!r})")
        return
    last = last if last is not None else first + dt.timedelta(days=1)
    if last <= first:
        problems.append(f"{where}: it ends on {last}, not after it starts on {first}")
        return
    is_off = _LABELS[label]
    day = first
    while day < last:
        if day in off or day in work:
            problems.append(f"{where}: {day} is given twice")
        elif not is_off and day.weekday() < 5:
            problems.append(f"{where}: {day} is a {day:%A}: a make-up working day is a weekend day")
        else:
            (off if is_off else work)[day] = name.strip()
        day += dt.timedelta(days=1)


guard(globals())
