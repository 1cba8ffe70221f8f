"""How the SLA clocks print a moment and an amount of time."""

from __future__ import annotations

import datetime as dt

from civicflow.limits.duration import Duration, WorkingDays, WorkingHours

__all__ = ["amount", "span", "stamp"]

_WEEK = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def stamp(m: dt.datetime) -> str:
    """``2026-03-13 17:30 Fri``, with the UTC offset for an aware moment."""
    text = f"{m:%Y-%m-%d %H:%M} {_WEEK[m.weekday()]}"
    return text + (f" {m:%z}" if m.tzinfo is not None else "")


def span(d: dt.timedelta) -> str:
    """Hours and minutes; never days, which would read as 24 hours of working time."""
    minutes = int(d.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}"


def amount(d: dt.timedelta, limit: Duration) -> str:
    """``3h00 of working time`` or ``3h00 of elapsed time``: a span on the clock of ``limit``."""
    unit = "working time" if isinstance(limit, WorkingDays | WorkingHours) else "elapsed time"
    return f"{span(d)} of {unit}"
