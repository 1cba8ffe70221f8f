"""The fields of a :class:`~civicflow.calendars.calendar.Calendar`, checked and converted as
it is built: dates with reasons, the week worked, closures, arrangements, working hours,
flags and the time zone. Each refuses a value of the wrong type with an error naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from civicflow.calendars.closures import Closure
from civicflow.calendars.notices import Arrangement
from civicflow.calendars.sessions import Schedule
from civicflow.errors import ArgumentTypeError, CalendarError

__all__ = [
    "check_flag",
    "check_zone",
    "to_arrangements",
    "to_closures",
    "to_dates",
    "to_schedule",
    "to_week",
]


def to_dates(
    value: Mapping[dt.date, str] | Iterable[dt.date] | Iterable[tuple[dt.date, str]],
) -> tuple[tuple[dt.date, str], ...]:
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


def to_week(value: Iterable[int]) -> tuple[int, ...]:
    days = tuple(sorted(set(value)))
    if any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in days):
        raise CalendarError(f"a workweek is weekdays 0 (Monday) to 6 (Sunday), got {value!r}")
    return days


def to_closures(value: Iterable[Closure]) -> tuple[Closure, ...]:
    items = tuple(value)
    for c in items:
        if not isinstance(c, Closure):
            raise CalendarError(f"expected a Closure, got {c!r}")
    return tuple(sorted(items))


def to_arrangements(value: Iterable[Arrangement]) -> tuple[Arrangement, ...]:
    items = tuple(value)
    for a in items:
        if not isinstance(a, Arrangement):
            raise CalendarError(f"expected an Arrangement (from parse_notice), got {a!r}")
    return items


def to_schedule(value: Schedule | str) -> Schedule:
    if isinstance(value, str):
        return Schedule.parse(value)
    if not isinstance(value, Schedule):
        raise ArgumentTypeError("schedule", value, "a Schedule or a spec str such as '09:00-17:00'")
    return value


def check_flag(instance: object, attribute: Any, value: object) -> None:
    if not isinstance(value, bool):
        raise ArgumentTypeError(attribute.name, value, "True or False")


def check_zone(instance: object, attribute: Any, value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise CalendarError(
            f"'timezone' must be an IANA zone name such as 'Asia/Shanghai' (got {value!r})"
        ) from None
