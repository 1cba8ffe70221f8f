"""Deadlines for many starts at once, vectorised with NumPy (``pip install civicflow[fast]``).

>>> import numpy as np
>>> starts = np.array(["2025-09-30T16:00", "2025-09-26T15:00"], dtype="datetime64[m]")
>>> deadlines(starts, "3个工作日")
array(['2025-10-11T17:30:00.000000', '2025-09-30T17:30:00.000000'],
      dtype='datetime64[us]')

Starts are naive local times of the calendar's zone, as ``datetime64`` values or anything
``numpy.asarray(..., dtype="datetime64[us]")`` accepts. The results equal those of
:func:`civicflow.limits.arithmetic` element by element.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any

from civicflow._arguments import guard
from civicflow.calendars._growing import LAST_YEAR, GrowingTables
from civicflow.calendars._tables import US_PER_DAY, US_PER_SECOND, Tables
from civicflow.calendars.calendar import Calendar
from civicflow.errors import ArgumentError
from civicflow.limits._local import parse_limit, resolve_calendar
from civicflow.limits.arithmetic import LimitLike, deadline
from civicflow.limits.duration import CalendarDays, ClockTime, Duration, WorkingDays, WorkingHours
from civicflow.limits.rules import DayEnd, Receipt, parse_option

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["deadlines"]


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "civicflow.limits.batch needs NumPy: pip install 'civicflow[fast]'"
        ) from None
    return numpy


class _Arrays:
    """NumPy copies of a calendar's tables, with sessions padded to a rectangle."""

    def __init__(self, t: Tables) -> None:
        np = _numpy()
        width = max(len(s) for s in t.sessions)
        starts = np.zeros((t.n, width), dtype=np.int64)
        ends = np.zeros((t.n, width), dtype=np.int64)
        for i, sessions in enumerate(t.sessions):
            for j, (b, e) in enumerate(sessions):
                starts[i, j], ends[i, j] = b, e
        self.starts = starts
        self.lengths = ends - starts
        self.ends_cum = np.cumsum(self.lengths, axis=1)
        self.cum_us = np.asarray(t.cum_us, dtype=np.int64)
        self.cum_work = np.asarray(t.cum_work, dtype=np.int64)
        self.work_days = np.asarray(t.work_days, dtype=np.int64)
        self.close_us = np.asarray(t.close_us, dtype=np.int64)
        self.carry = np.asarray(t.carry, dtype=np.int64)
        self.base = np.datetime64(dt.date.fromordinal(t.base), "D").astype("datetime64[us]")

    def working_us(self, i: Any, us: Any) -> Any:
        np = _numpy()
        inside = np.clip(us[:, None] - self.starts[i], 0, self.lengths[i])
        return self.cum_us[i] + inside.sum(axis=1)

    def locate(self, t: Tables, target: Any, *, end: bool) -> tuple[Any, Any]:
        np = _numpy()
        i = np.searchsorted(self.cum_us, target, side="left" if end else "right") - 1
        if i.size and i.max() >= t.n - 1:
            _beyond(t, i.max() >= t.n)
        rest = target - self.cum_us[i]
        cum = self.ends_cum[i]
        hit = rest[:, None] <= cum if end else rest[:, None] < cum
        j = hit.argmax(axis=1)
        rows = np.arange(i.size)
        before = cum[rows, j] - self.lengths[i, j]
        return i, self.starts[i, j] + rest - before


@functools.lru_cache(maxsize=16)
def _arrays(cal: Calendar, days: int) -> _Arrays:
    """The arrays of ``cal``'s tables as they stand with ``days`` days (tables that grow are
    copied again once they have)."""
    return _Arrays(cal.tables)


class _Grow(Exception):
    """The tables of a calendar without the national layer end too soon: grow them and count
    again."""


def _beyond(t: Tables, past: bool = True) -> None:
    """Refuse a result past the tables, or ask for them to grow; a result on their last day
    asks too, so that a night session's hours after midnight are there."""
    if isinstance(t, GrowingTables) and t.last_year < LAST_YEAR:
        raise _Grow
    if past:
        raise t.beyond()


def deadlines(
    starts: npt.ArrayLike,
    limit: LimitLike,
    calendar: Calendar | None = None,
    *,
    day_end: DayEnd | str = DayEnd.CLOSE_OF_BUSINESS,
    receipt: Receipt | str = Receipt.AS_RECEIVED,
) -> np.ndarray[Any, Any]:
    """The deadline of ``limit`` for every start, as a ``datetime64[us]`` array.

    Takes the same arguments as :func:`civicflow.limits.arithmetic`, with an array of naive local
    starts. Working days, working hours, clock time and calendar days are vectorised;
    months are computed one by one.

    A start that is NaT (not a time) gives NaT.

    Raises:
        CalendarCoverageError: a start or a deadline falls outside the calendar's years.
        ArgumentError: the starts carry a time zone (a pandas ``datetime64[ns, tz]`` Series,
            or aware ``datetime`` objects). The batch form reads naive local wall times
            only; convert first, e.g. ``series.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)``,
            or call :func:`civicflow.deadline` per start, which returns aware results.
    """
    xp = _numpy()
    s = _naive(xp, starts)
    nat = xp.isnat(s)
    if not nat.any():
        result: np.ndarray[Any, Any] = _deadlines(s, limit, calendar, day_end, receipt)
        return result
    out: np.ndarray[Any, Any] = xp.full(s.shape, xp.datetime64("NaT"), dtype="datetime64[us]")
    if not nat.all():
        out[~nat] = _deadlines(s[~nat], limit, calendar, day_end, receipt)
    else:
        parse_limit(limit)  # a bad limit is an error even when every start is NaT
    return out


def _naive(xp: Any, starts: npt.ArrayLike) -> Any:
    """The starts as naive ``datetime64[us]`` values; aware ones are refused, not shifted."""
    zone = getattr(getattr(starts, "dtype", None), "tz", None)
    if zone is not None:
        raise ArgumentError(
            f"'starts' are aware times (zone {zone}); the batch form reads naive local wall "
            "times of the calendar's zone: convert them first, e.g. "
            "series.dt.tz_convert('Asia/Shanghai').dt.tz_localize(None)"
        )
    try:
        raw = xp.asarray(starts)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ArgumentError(f"'starts' is not an array of dates and times ({exc})") from None
    if raw.dtype.kind not in "MOUS":  # numbers would be read as offsets from 1970: a guess
        raise ArgumentError(
            f"'starts' must hold dates and times (datetime64, datetime or ISO text), not "
            f"values of type {raw.dtype}"
        )
    _no_bare_dates(xp, raw)
    if raw.dtype == object:
        aware = next(
            (x for x in raw.ravel() if isinstance(x, dt.datetime) and x.tzinfo is not None), None
        )
        if aware is not None:
            raise ArgumentError(
                f"'starts' holds an aware time ({aware.isoformat()}); the batch form reads "
                "naive local wall times of the calendar's zone: convert them first"
            )
    try:
        return xp.asarray(raw, dtype="datetime64[us]").ravel()
    except (ValueError, TypeError, OverflowError) as exc:
        raise ArgumentError(f"'starts' holds a value that is not a date and time ({exc})") from None


def _no_bare_dates(xp: Any, raw: Any) -> None:
    """Refuse dates without a time of day: a date is never taken as midnight (as the table
    readers and the command line refuse it)."""
    if raw.dtype.kind == "M":
        bare = xp.datetime_data(raw.dtype)[0] in ("Y", "M", "W", "D")
    elif raw.dtype.kind in "US":
        text = xp.char.strip(raw.astype(str))
        bare = bool(((xp.char.str_len(text) <= 10) & (text != "") & (text != "NaT")).any())
    else:
        bare = any(
            (isinstance(x, dt.date) and not isinstance(x, dt.datetime))
            or (isinstance(x, str) and x.strip() not in ("", "NaT") and len(x.strip()) <= 10)
            for x in raw.ravel()
        )
    if bare:
        raise ArgumentError(
            "'starts' holds a date without a time of day: a date is not taken as midnight; "
            "give the time (00:00 for midnight), e.g. starts + np.timedelta64(9, 'h')"
        )


def _deadlines(
    starts: Any,
    limit: LimitLike,
    calendar: Calendar | None,
    day_end: DayEnd | str,
    receipt: Receipt | str,
) -> Any:
    _numpy()
    cal = resolve_calendar(calendar)
    dur = parse_limit(limit)
    end_rule = parse_option(DayEnd, day_end, "day_end")
    receipt_rule = parse_option(Receipt, receipt, "receipt")
    t = cal.tables
    day = starts.astype("datetime64[D]")
    if isinstance(t, GrowingTables) and day.size:
        t.index(day.max().astype(object))  # the tables grow to the last start
    while True:
        try:
            return _counted(cal, t, starts, day, dur, end_rule, receipt_rule)
        except _Grow:
            assert isinstance(t, GrowingTables)
            t.grow(t.last_year + 1)


def _counted(
    cal: Calendar, t: Tables, s: Any, day: Any, dur: Duration, end_rule: DayEnd,
    receipt_rule: Receipt,
) -> Any:  # fmt: skip
    np = _numpy()
    a = _arrays(cal, t.n)
    i = (day.astype("datetime64[us]") - a.base).astype(np.int64) // US_PER_DAY
    bad = (i < 0) | (i >= t.n)
    if bad.any():
        raise t.uncovered(int(day[bad][0].astype("datetime64[Y]").astype(np.int64)) + 1970)
    us = (s - day.astype("datetime64[us]")).astype(np.int64)
    if receipt_rule is Receipt.NEXT_WORKING_MOMENT:
        i, us = a.locate(t, a.working_us(i, us), end=False)
    if type(dur) in (WorkingDays, CalendarDays):
        i = i - (us < a.carry[i])  # during a night session begun the day before: that day
    if type(dur) is WorkingDays:
        k = a.cum_work[i + 1] + dur.days - 1 if dur.days else a.cum_work[i]
        return _ends(a, t, _workday_at(a, t, k), end_rule)
    if type(dur) is WorkingHours:
        if not dur.seconds:
            return _at(a, *a.locate(t, a.working_us(i, us), end=False))
        if dur.seconds * US_PER_SECOND > t.cum_us[-1]:  # more working time than the data holds
            raise t.beyond()
        return _at(a, *a.locate(t, a.working_us(i, us) + dur.seconds * US_PER_SECOND, end=True))
    if type(dur) is CalendarDays:
        target = i + dur.days
        if target.max() >= t.n - 1:
            _beyond(t, target.max() >= t.n)
        return _ends(a, t, _workday_at(a, t, a.cum_work[target]), end_rule)
    if type(dur) is ClockTime and _fixed_offset(cal):
        return _at(a, i, us) + np.timedelta64(dur.seconds, "s")
    local = _at(a, i, us).astype(object)
    out = [deadline(x, dur, cal, day_end=end_rule) for x in local]
    return np.asarray(out, dtype="datetime64[us]")


def _workday_at(a: _Arrays, t: Tables, k: Any) -> Any:
    if k.size and k.max() >= a.work_days.size - 1:
        _beyond(t, k.max() >= a.work_days.size)
    return a.work_days[k]


def _at(a: _Arrays, i: Any, us: Any) -> Any:
    np = _numpy()
    return a.base + (i * US_PER_DAY + us).astype("timedelta64[us]") + np.timedelta64(0, "us")


def _ends(a: _Arrays, t: Tables, i: Any, day_end: DayEnd) -> Any:
    np = _numpy()
    if day_end is DayEnd.MIDNIGHT:
        return _at(a, i, np.full(i.shape, US_PER_DAY, dtype=np.int64))
    return _at(a, i, a.close_us[i])


@functools.cache
def _fixed_offset(cal: Calendar) -> bool:
    """Whether the zone kept one UTC offset over the covered years (no daylight saving)."""
    zone = cal.zone
    last = min(cal.last_day.year, cal.first_day.year + 200)  # no zone's rules are known further
    offsets = {
        dt.datetime(y, m, 1, tzinfo=zone).utcoffset()
        for y in range(cal.first_day.year, last + 1)
        for m in (1, 4, 7, 10)
    }
    return len(offsets) == 1


guard(globals())
