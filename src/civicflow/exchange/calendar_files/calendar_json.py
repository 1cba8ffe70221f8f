"""Calendar files: a calendar's description as JSON, and the calendar built back from it.

``civicflow calendar describe`` writes one; ``civicflow recompute --old/--new`` reads them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from civicflow._arguments import guard
from civicflow.calendars.arrangement_files import arrangement_from_json, arrangement_to_json
from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.calendars.notices import Arrangement
from civicflow.calendars.sessions import DEFAULT_HOURS
from civicflow.errors import CivicflowError, SchemaError
from civicflow.exchange._json import dump_json, load_document

__all__ = ["CALENDAR_SCHEMA", "calendar_from_json", "calendar_to_json"]

CALENDAR_SCHEMA = "civicflow.calendar/1"


def calendar_to_json(calendar: Calendar) -> str:
    """A calendar's description as JSON (schema :data:`CALENDAR_SCHEMA`): its hours, zone,
    extra days, arrangements, provisional years and sector option, and its fingerprint."""
    return dump_json(
        {
            "schema": CALENDAR_SCHEMA,
            "fingerprint": calendar.fingerprint,
            "hours": str(calendar.schedule),
            "timezone": calendar.timezone,
            "days_off": {d.isoformat(): r for d, r in calendar.days_off},
            "working_days": {d.isoformat(): r for d, r in calendar.working_days},
            "arrangements": [json.loads(arrangement_to_json(a)) for a in calendar.arrangements],
            "provisional_through": calendar.provisional_through,
            "observe_make_up": calendar.observe_make_up,
            "workweek": list(calendar.workweek),
            "national": calendar.national,
            "closures": [
                {"start": c.start.isoformat(), "end": c.end.isoformat(), "reason": c.reason}
                for c in calendar.closures
            ],
        }
    )


def calendar_from_json(text: str | bytes) -> Calendar:
    """Build the calendar a :func:`calendar_to_json` document describes.

    Every key but ``schema`` is optional; the defaults are those of ``china_calendar()``.
    A ``fingerprint`` is ignored when loading (it is recomputed).

    Raises:
        SchemaError: not such a document, or a bad field (each one is named).
    """
    what = "calendar"
    data = load_document(text, what, CALENDAR_SCHEMA)
    known = {"schema", "fingerprint", "hours", "timezone", "days_off", "working_days",
             "arrangements", "provisional_through", "observe_make_up", "workweek", "national",
             "closures"}  # fmt: skip
    problems = (
        [f"$: unknown field(s): {', '.join(sorted(set(data) - known))}"]
        if set(data) - known
        else []
    )
    kwargs: dict[str, Any] = {}
    for key, build in (
        ("hours", _text),
        ("timezone", _text),
        ("days_off", _dated_reasons),
        ("working_days", _dated_reasons),
        ("arrangements", _arrangements),
        ("provisional_through", _year_or_none),
        ("observe_make_up", _flag),
        ("workweek", _weekdays),
        ("national", _flag),
        ("closures", _closures),
    ):
        if key in data:
            try:
                kwargs[key] = build(data[key])
            except (TypeError, ValueError) as exc:
                problems.append(f"$.{key}: {exc}")
    if problems:
        raise SchemaError(what, problems)
    try:
        cal = china_calendar(
            kwargs.pop("hours", DEFAULT_HOURS), timezone=kwargs.pop("timezone", "Asia/Shanghai")
        )
        cal = cal.with_days_off(kwargs.get("days_off", {})).with_working_days(
            kwargs.get("working_days", {})
        )
        cal = cal.with_arrangement(*kwargs.get("arrangements", []))
        if kwargs.get("provisional_through") is not None:
            cal = cal.with_provisional(kwargs["provisional_through"])
        cal = cal.with_sector(observe_make_up=kwargs.get("observe_make_up", True))
        cal = cal.with_workweek(
            kwargs.get("workweek", range(5)), national=kwargs.get("national", True)
        )
        for start, end, reason in kwargs.get("closures", []):
            cal = cal.with_closure(start, end, reason)
        return cal
    except (CivicflowError, ValueError) as exc:
        raise SchemaError(what, [f"$: {exc}"]) from None


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a str, got {value!r}")
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _year_or_none(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int:
        raise TypeError(f"expected a year as a whole number, or null, got {value!r}")
    if not 1 <= value <= 9999:
        raise ValueError(f"expected a year, got {value!r}")
    return value


def _dated_reasons(value: Any) -> dict[dt.date, str]:
    if type(value) is not dict:
        raise TypeError(f"expected an object of dates and reasons, got {value!r}")
    out = {}
    for day, reason in value.items():
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"{day!r} is not a date (YYYY-MM-DD)") from None
        out[date] = _text(reason)
    return out


def _weekdays(value: Any) -> list[int]:
    if type(value) is not list or any(type(d) is not int or not 0 <= d <= 6 for d in value):
        raise TypeError(f"expected a list of weekdays 0 (Monday) to 6 (Sunday), got {value!r}")
    return value


def _closures(value: Any) -> list[tuple[dt.datetime, dt.datetime, str]]:
    if type(value) is not list:
        raise TypeError(f"expected a list of closures, got {value!r}")
    found = []
    for n, item in enumerate(value):
        if type(item) is not dict or set(item) != {"start", "end", "reason"}:
            raise TypeError(f"[{n}]: expected an object of start, end and reason, got {item!r}")
        texts = [_text(item[k]) for k in ("start", "end")]
        try:
            start, end = (dt.datetime.fromisoformat(t) for t in texts)
        except ValueError:
            raise ValueError(f"[{n}]: start and end are local times YYYY-MM-DDTHH:MM") from None
        if min(map(len, texts)) <= 10:  # a date alone is not taken as midnight
            raise ValueError(
                f"[{n}]: start and end are local times YYYY-MM-DDTHH:MM, not dates alone"
            )
        found.append((start, end, _text(item["reason"])))
    return found


def _arrangements(value: Any) -> list[Arrangement]:
    if type(value) is not list:
        raise TypeError(f"expected a list of arrangements, got {value!r}")
    loaded = []
    for n, item in enumerate(value):
        try:
            loaded.append(arrangement_from_json(json.dumps(item)))
        except SchemaError as exc:
            raise ValueError(f"[{n}]: " + "; ".join(exc.problems)) from None
    return loaded


guard(globals())
