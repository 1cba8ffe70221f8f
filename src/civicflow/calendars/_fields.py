"""The converters and checks of a calendar's fields: what :class:`Calendar` accepts for each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from civicflow.calendars.closures import Closure
from civicflow.calendars.notices import Arrangement
from civicflow.calendars.sessions import Schedule
from civicflow.errors import CalendarError

__all__ = ["arrangements", "check_zone", "closures", "dated", "schedule", "week"]


def dated(
    value: Mapping[dt.date, str] | Iterable[dt.date] | Iterable[tuple[dt.date, str]],
) -> tuple[tuple[dt.date, str], ...]:
    """Dates with their reasons, as sorted pairs."""
    items: list[tuple[dt.date, str]] = []
    source: Iterable[Any] = value.items() if isinstance(value, Mapping) else value
    for item in source:
        day, reason = item if isinstance(item, tuple) else (item, "")
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise CalendarError(f"expected a datetime.date, got {day!r} ({type(day).__name__})")
        if not isinstance(reason, str):
            raise CalendarError(f"the reason for {day} must be a str, got {reason!r}")
        items.append((day, reason))
    return tuple(sorted(dict(items).items()))


def week(value: Iterable[int]) -> tuple[int, ...]:
    """Weekdays, 0 for Monday, sorted and once each."""
    days = tuple(sorted(set(value)))
    if any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in days):
        raise CalendarError(f"a workweek is weekdays 0 (Monday) to 6 (Sunday), got {value!r}")
    return days


def closures(value: Iterable[Closure]) -> tuple[Closure, ...]:
    """Closures, sorted."""
    items = tuple(value)
    for c in items:
        if not isinstance(c, Closure):
            raise CalendarError(f"expected a Closure, got {c!r}")
    return tuple(sorted(items))


def arrangements(value: Iterable[Arrangement]) -> tuple[Arrangement, ...]:
    """Arrangements read from notices."""
    items = tuple(value)
    for a in items:
        if not isinstance(a, Arrangement):
            raise CalendarError(f"expected an Arrangement (from parse_notice), got {a!r}")
    return items


def schedule(value: Schedule | str) -> Schedule:
    """A schedule, or the text of one."""
    return Schedule.parse(value) if isinstance(value, str) else value


def check_zone(instance: object, attribute: Any, value: str) -> None:
    """Refuse a zone name that is no IANA zone."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise CalendarError(
            f"'timezone' must be an IANA zone name such as 'Asia/Shanghai' (got {value!r})"
        ) from None
