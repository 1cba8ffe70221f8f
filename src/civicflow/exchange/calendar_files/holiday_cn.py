"""The holiday-cn JSON files: one year's days off and make-up days, as many systems share them.

The holiday-cn project (github.com/NateScarlet/holiday-cn) publishes a file per year,
``YYYY.json``, soon after each notice::

    {"$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
     "$id": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2026.json",
     "year": 2026, "papers": ["https://www.gov.cn/..."],
     "days": [{"name": "元旦", "date": "2026-01-01", "isOffDay": true}, ...]}

``isOffDay`` true is a day off, false a weekend day worked instead (调休上班); a day not listed
is an ordinary day. :func:`arrangement_from_holiday_cn` reads such a file into an
:class:`~civicflow.calendars.notices.Arrangement` a calendar loads; :func:`holiday_cn_json`
writes one, from an arrangement or a calendar's year (:meth:`Calendar.arrangement`).

>>> import civicflow as cf
>>> text = holiday_cn_json(cf.china_calendar().arrangement(2026))
>>> arrangement_from_holiday_cn(text).holidays == cf.china_calendar().arrangement(2026).holidays
True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from civicflow._arguments import guard
from civicflow.calendars.notices import Arrangement
from civicflow.errors import ArgumentTypeError, SchemaError
from civicflow.exchange._json import load_json

__all__ = ["HOLIDAY_CN_SCHEMA", "arrangement_from_holiday_cn", "holiday_cn_json"]

#: The ``$schema`` the holiday-cn files name.
HOLIDAY_CN_SCHEMA = "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json"
_DAY_KEYS = {"name", "date", "isOffDay"}


def holiday_cn_json(arrangement: Arrangement, papers: Sequence[str] = ()) -> str:
    """The arrangement as a holiday-cn file: its days sorted, each named for its festival.

    Args:
        arrangement: a year's arrangement, e.g. ``calendar.arrangement(2026)``.
        papers: the addresses of the notices it comes from, for the file's ``papers``.
    """
    days = [
        {"name": name, "date": day.isoformat(), "isOffDay": True}
        for day, name in arrangement.days_off
    ] + [
        {"name": name, "date": day.isoformat(), "isOffDay": False}
        for day, name in arrangement.make_up
    ]
    days.sort(key=lambda d: str(d["date"]))
    return json.dumps(
        {
            "$schema": HOLIDAY_CN_SCHEMA,
            "$id": HOLIDAY_CN_SCHEMA.replace("schema.json", f"{arrangement.year}.json"),
            "year": arrangement.year,
            "papers": list(papers),
            "days": days,
        },
        ensure_ascii=False,
        indent=2,
    )


def arrangement_from_holiday_cn(text: str | bytes, *, source: str | None = None) -> Arrangement:
    """Read a holiday-cn file (one year) into an arrangement.

    Args:
        text: the file's text or bytes.
        source: where it came from, kept in the arrangement; by default
            ``"holiday-cn YYYY.json"``.

    Raises:
        SchemaError: not such a file, or any day that does not add up; every problem is
            listed with its path: a missing or mistyped field, a date that is not a date or
            is outside the year (and the December before it), a date listed twice, a
            make-up day that is not a weekend day. It is also a ``ValueError``.
    """
    if source is not None and not isinstance(source, str):
        raise ArgumentTypeError("source", source, "a str")
    what = "holiday-cn file"
    data = load_json(text, what)
    if not isinstance(data, dict):
        raise SchemaError(what, [f"$: expected a JSON object, got {type(data).__name__}"])
    problems: list[str] = []
    year = data.get("year")
    if type(year) is not int or not 1999 <= year <= 2199:
        problems.append(f"$.year: expected a year as a whole number, got {year!r}")
        year = None
    days = data.get("days")
    if not isinstance(days, list):
        raise SchemaError(what, [*problems, f"$.days: expected a list of days, got {days!r}"])
    papers = data.get("papers", [])
    if not isinstance(papers, list) or not all(isinstance(p, str) for p in papers):
        problems.append(f"$.papers: expected a list of addresses, got {papers!r}")
    off: dict[dt.date, str] = {}
    work: dict[dt.date, str] = {}
    for n, entry in enumerate(days):
        _read_day(f"$.days[{n}]", entry, year, off, work, problems)
    if problems:
        raise SchemaError(what, problems)
    assert isinstance(year, int)
    return Arrangement(year, off, work, source or f"holiday-cn {year}.json")


def _read_day(
    path: str,
    entry: Any,
    year: int | None,
    off: dict[dt.date, str],
    work: dict[dt.date, str],
    problems: list[str],
) -> None:
    if not isinstance(entry, dict):
        problems.append(f"{path}: expected an object with name, date and isOffDay, got {entry!r}")
        return
    unknown = set(entry) - _DAY_KEYS
    if unknown:
        problems.append(f"{path}: unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    missing = _DAY_KEYS - set(entry)
    if missing:
        problems.append(f"{path}: missing {', '.join(sorted(missing))}")
        return
    name, text, is_off = entry["name"], entry["date"], entry["isOffDay"]
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{path}.name: expected the festival's name, got {name!r}")
    if type(is_off) is not bool:
        problems.append(f"{path}.isOffDay: expected true or false, got {is_off!r}")
    try:
        day = dt.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        problems.append(f"{path}.date: {text!r} is not a date (YYYY-MM-DD)")
        return
    if year is not None and not (day.year == year or (day.year == year - 1 and day.month == 12)):
        problems.append(f"{path}.date: {text} is not in {year} or the December before it")
    if day in off or day in work:
        problems.append(f"{path}.date: {text} is listed twice")
    if is_off is False and day.weekday() < 5:
        problems.append(f"{path}: {text} is a {day:%A}: a make-up working day is a weekend day")
    if isinstance(name, str) and type(is_off) is bool:
        (off if is_off else work)[day] = name.strip()


guard(globals())
