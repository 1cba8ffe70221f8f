"""A calendar's tables as NumPy arrays: the questions of :mod:`civicflow.calendars._tables`
asked of many moments at once.

A *position* is a moment of local wall time as int64 microseconds after midnight of the
first covered day (day index ``pos // US_PER_DAY``). Every function takes and returns whole
arrays, answers exactly what the scalar :class:`~civicflow.calendars._tables.Tables` method of
the same name answers for each element, and reports the elements it cannot answer (outside
the covered days, or past the last working day) in a boolean ``bad`` array instead of
raising: the caller decides what to do with them.

The working sessions are kept flat, in time order over every covered day (a night
session's hours after midnight with the next day, as the tables keep them), each with the
working time before it: the working time of a position is one ``searchsorted`` and one
subtraction, and the inverse lookups one ``searchsorted`` on the cumulated ends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt

from civicflow.calendars._tables import US_PER_DAY, Tables

__all__ = ["EPOCH_ORDINAL", "I64", "TableArrays", "table_arrays"]

#: An int64 array.
I64 = npt.NDArray[np.int64]

#: The ordinal of 1970-01-01: datetime64 values count from it.
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()

#: A position far before any session (the sentinel session's start).
_FAR = -(2**62)

#: The most sessions a day may have for the working time to be read day by day.
_WIDEST = 4


class TableArrays:
    """NumPy copies of one calendar's :class:`Tables` (built once, see :func:`table_arrays`).

    Attributes:
        n: the covered days.
        origin: the position's zero as microseconds of wall time since 1970-01-01.
        start, length, before, ends: per session (a sentinel of length 0 first), its
            start position, its length, the working time before it, and the working time
            at its end, all int64 microseconds.
        cum_us, cum_work: the tables' prefix sums (n + 1 entries).
        work_days: the index of each working day, in order.
        workday, open_us, close_us, carry: per day, as in the tables.
        year: per day, its year.
    """

    def __init__(self, t: Tables) -> None:
        self.n = t.n
        self.origin = (t.base - EPOCH_ORDINAL) * US_PER_DAY
        self.limit = t.n * US_PER_DAY
        starts = [_FAR]
        lengths = [0]
        for i, sessions in enumerate(t.sessions):
            day = i * US_PER_DAY
            for b, e in sessions:
                starts.append(day + b)
                lengths.append(e - b)
        self.start: I64 = np.asarray(starts, dtype=np.int64)
        self.length: I64 = np.asarray(lengths, dtype=np.int64)
        self.ends: I64 = np.cumsum(self.length)
        self.before: I64 = self.ends - self.length
        self.cum_us: I64 = np.asarray(t.cum_us, dtype=np.int64)
        self.cum_work: I64 = np.asarray(t.cum_work, dtype=np.int64)
        self.work_days: I64 = np.asarray(t.work_days, dtype=np.int64)
        self.workday = np.asarray(t.workday, dtype=bool)
        self.open_us: I64 = np.asarray(t.open_us, dtype=np.int64)
        self.close_us: I64 = np.asarray(t.close_us, dtype=np.int64)
        self.carry: I64 = np.asarray(t.carry, dtype=np.int64)
        # The sessions of each day as a rectangle (days, widest day), for the working time
        # of a moment as a few gathers on its day instead of a search over every session.
        width = max((len(x) for x in t.sessions), default=0)
        self.width = width
        self.day_start: I64 = np.zeros((t.n, max(width, 1)), dtype=np.int64)
        self.day_length: I64 = np.zeros((t.n, max(width, 1)), dtype=np.int64)
        for i, sessions in enumerate(t.sessions):
            for k, (b, e) in enumerate(sessions):
                self.day_start[i, k] = b
                self.day_length[i, k] = e - b
        first = dt.date.fromordinal(t.base)
        days = np.arange(t.n, dtype="timedelta64[D]") + np.datetime64(first, "D")
        self.year: I64 = days.astype("datetime64[Y]").astype(np.int64) + 1970

    # -- days ------------------------------------------------------------------------------

    def inside(self, pos: I64) -> npt.NDArray[np.bool_]:
        """Whether each position lies on a covered day."""
        return (pos >= 0) & (pos < self.limit)

    def day_of(self, pos: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
        """``Tables.day_of``: the day each position counts on for limits in days (the day
        before while a night session begun then runs), and the positions outside the data
        (``bad``; their day is 0)."""
        bad = ~self.inside(pos)
        safe = np.where(bad, 0, pos)
        i = safe // US_PER_DAY
        i -= (safe - i * US_PER_DAY) < self.carry[i]
        bad |= i < 0
        return np.where(bad, 0, i), bad

    def nth_workday(self, i: I64, n: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
        """``Tables.nth_workday`` for n >= 0: the n-th working day after day ``i`` (the first
        on or after it for n == 0), and the results past the last working day (``bad``)."""
        k = np.where(n > 0, self.cum_work[i + 1] + n - 1, self.cum_work[i])
        bad = k >= self.work_days.size
        return self.work_days[np.where(bad, 0, k)], bad

    def workday_before(self, i: I64, n: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
        """``Tables.nth_workday(i, -n)`` for n >= 1, and the results before the first
        working day (``bad``)."""
        k = self.cum_work[i] - n
        bad = k < 0
        return self.work_days[np.where(bad, 0, k)], bad

    def end_of_day(self, k: I64, midnight: bool) -> I64:
        """The position of the end of day ``k``: 24:00, or its close of business."""
        if midnight:
            return (k + 1) * US_PER_DAY
        return k * US_PER_DAY + self.close_us[k]

    def days_begun(self, pos: I64) -> I64:
        """``days_begun`` of the SLA clocks: working days whose first working moment is
        before each position (positions on covered days only)."""
        i = pos // US_PER_DAY
        us = pos - i * US_PER_DAY
        return self.cum_work[i] + (self.workday[i] & (us > self.open_us[i]))

    # -- working time ----------------------------------------------------------------------

    def work(self, pos: I64) -> I64:
        """``Tables.working_us``: working microseconds from the first covered day up to each
        position (positions on covered days only)."""
        if self.width > _WIDEST:
            j = np.searchsorted(self.start, pos, side="right") - 1
            found: I64 = self.before[j] + np.minimum(pos - self.start[j], self.length[j])
            return found
        i = pos // US_PER_DAY
        us = pos - i * US_PER_DAY
        total = self.cum_us[i]
        for k in range(self.width):
            total += np.clip(us - self.day_start[i, k], 0, self.day_length[i, k])
        return total

    def locate_end(self, target: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
        """``Tables.locate_end`` (targets > 0): the earliest position whose working time is
        the target (a session's end, not the next one's start), and the targets past the
        data (``bad``)."""
        j = np.searchsorted(self.ends, target, side="left")
        return self._at(j, target)

    def locate_start(self, target: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
        """``Tables.locate_start``: the earliest position whose working time is the target
        and from which time runs (a session's end gives the next one's start)."""
        j = np.searchsorted(self.ends, target, side="right")
        return self._at(j, target)

    def _at(self, j: I64, target: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
        bad = j >= self.start.size
        j = np.where(bad, 0, j)
        return self.start[j] + target - self.before[j], bad

    # -- time ------------------------------------------------------------------------------

    def years(self, pos: I64) -> I64:
        """The year of each position, inside the data or not."""
        local = (pos + self.origin).astype("datetime64[us]")
        return local.astype("datetime64[Y]").astype(np.int64) + 1970

    def datetime(self, pos: int) -> dt.datetime:
        """One position as a naive local datetime."""
        return _EPOCH + dt.timedelta(microseconds=int(pos) + self.origin)


_EPOCH = dt.datetime(1970, 1, 1)


def table_arrays(t: Tables) -> TableArrays:
    """The arrays of ``t``, built once per tables (kept on the tables)."""
    found: Any = t.arrays
    if found is None:
        found = t.arrays = TableArrays(t)
    return found  # type: ignore[no-any-return]
