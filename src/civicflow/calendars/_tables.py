"""Precomputed tables that answer calendar arithmetic without day loops.

Days are numbered from the first covered day (index 0). Moments are (day index,
microseconds after midnight) in the calendar's local wall time. "Working time" of a moment
is the number of working microseconds from the start of the covered range up to it; it is a
non-decreasing function, and every question becomes a prefix-sum lookup or a binary search.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from civicflow.errors import CalendarCoverageError

__all__ = ["US_PER_DAY", "US_PER_SECOND", "Tables", "moment_at", "us_of_day"]

US_PER_SECOND = 1_000_000
US_PER_DAY = 86_400 * US_PER_SECOND

Sessions = tuple[tuple[int, int], ...]


class Tables:
    """Prefix sums over the covered days of one calendar.

    Args:
        first: the first covered day.
        day_sessions: for each covered day in order, its working sessions as
            (start, end) microseconds after midnight; empty for a day off.
    """

    __slots__ = (
        "arrays",
        "base",
        "carry",
        "close_us",
        "closes",
        "cum_us",
        "cum_work",
        "first_year",
        "last_year",
        "n",
        "open_us",
        "sessions",
        "short",
        "work_days",
        "workday",
    )

    def __init__(self, first: dt.date, day_sessions: Sequence[Sessions]) -> None:
        self.base = first.toordinal()
        self.n = len(day_sessions)
        #: The same tables as NumPy arrays, built on first use (``_arrays.table_arrays``).
        self.arrays: object | None = None
        self.first_year = first.year
        # equivalent "- 2": the tables end on 31 December, and the day before is in its year
        self.last_year = dt.date.fromordinal(self.base + self.n - 1).year
        self.workday = [bool(s) for s in day_sessions]
        self.work_days = [i for i, s in enumerate(day_sessions) if s]
        self.open_us = [s[0][0] if s else 0 for s in day_sessions]
        self.close_us = [s[-1][1] if s else 0 for s in day_sessions]
        # Time after midnight of a session that started the day before moves to its day.
        self.carry = [0] * self.n
        sessions: list[Sessions] = []
        carried: Sessions = ()  # equivalent "None": both are false, and no day joins them
        for i, s in enumerate(day_sessions):
            # equivalent ">=": a session ending at 24:00 leaves nothing to the next day, split or not
            if s and s[-1][1] > US_PER_DAY:
                own = tuple((b, min(e, US_PER_DAY)) for b, e in s if b < US_PER_DAY)
                after = tuple(
                    (max(b, US_PER_DAY) - US_PER_DAY, e - US_PER_DAY)
                    for b, e in s
                    if e > US_PER_DAY
                )
            else:
                own, after = tuple(s), ()
            # equivalent "or True": () + own is own
            sessions.append(carried + own if carried else own)
            carried = after
            if after and i + 1 < self.n:
                self.carry[i + 1] = after[-1][1]
        self.sessions = sessions
        cum_work = [0]
        cum_us = [0]
        for i, s in enumerate(sessions):
            cum_work.append(cum_work[-1] + self.workday[i])
            cum_us.append(cum_us[-1] + sum(e - b for b, e in s))
        self.cum_work = cum_work
        self.cum_us = cum_us
        first_moment = dt.datetime.fromordinal(self.base)
        #: The close of business of every day as a naive datetime (midnight on days off).
        self.closes = [
            first_moment + dt.timedelta(days=i, microseconds=us)
            for i, us in enumerate(self.close_us)
        ]
        #: What a working-day deadline reads on its short path: (first ordinal, days,
        #: working days before each day, the close of the k-th working day, working days);
        #: ``None`` when a night session runs past midnight (a moment may then count on the
        #: day before).
        self.short: tuple[int, int, list[int], list[dt.datetime], int] | None = (
            None
            if any(self.carry)
            else (
                self.base,
                self.n,
                self.cum_work,
                [self.closes[k] for k in self.work_days],
                len(self.work_days),
            )
        )

    def working_day_of(self, i: int, us: int) -> tuple[int, int]:
        """The moment (i, us) counted from the day it belongs to: before the end of a session
        carried over from the day before, that day, with ``us`` past 24:00."""
        if us < self.carry[i]:
            return i - 1, us + US_PER_DAY
        return i, us

    def day_of(self, local: dt.datetime) -> int:
        """The index of the day a naive local moment counts on, for limits in days: its own,
        or the day before while a night session begun then runs; raises
        CalendarCoverageError outside the tables."""
        return self.working_day_of(self.index(local.date()), us_of_day(local))[0]

    # -- coverage ---------------------------------------------------------------------------

    def uncovered(self, year: int) -> CalendarCoverageError:
        """The error for a year outside the tables."""
        return CalendarCoverageError(year, self.first_year, self.last_year)

    def beyond(self) -> CalendarCoverageError:
        """The error for a result that falls after the last covered day."""
        return self.uncovered(self.last_year + 1)

    def index(self, day: dt.date) -> int:
        """The index of ``day``; raises CalendarCoverageError outside the tables."""
        i = day.toordinal() - self.base
        if not 0 <= i < self.n:
            raise self.uncovered(day.year)
        return i

    def date(self, i: int) -> dt.date:
        """The date of day index ``i``."""
        return dt.date.fromordinal(self.base + i)

    # -- working days -----------------------------------------------------------------------

    def nth_workday(self, i: int, n: int) -> int:
        """The index of the n-th working day after day ``i`` (n >= 1), or before it (n <= -1).

        ``n == 0`` gives the first working day on or after day ``i``.
        """
        k = self.cum_work[i + 1] + n - 1 if n > 0 else self.cum_work[i] + n
        if k < 0:
            raise self.uncovered(self.first_year - 1)
        if k >= len(self.work_days):
            raise self.beyond()
        return self.work_days[k]

    def next_workday(self, i: int) -> int:
        """The first working day on or after day ``i``."""
        return self.nth_workday(i, 0)

    # -- working time -----------------------------------------------------------------------

    def working_us(self, i: int, us: int) -> int:
        """Working microseconds from the start of the tables to the moment (i, us)."""
        total = self.cum_us[i]
        for b, e in self.sessions[i]:
            if us <= b:  # equivalent "us < b": at us == b the session adds b - b, nothing
                break
            total += (us if us < e else e) - b  # equivalent "us <= e": at us == e both add e - b
        return total

    def locate_end(self, target: int) -> tuple[int, int]:
        """The earliest moment whose working time is ``target`` (> 0).

        A target reached exactly at the end of a session gives that end, not the start of
        the next session.
        """
        i = bisect_left(self.cum_us, target) - 1
        if i >= self.n:
            raise self.beyond()
        rest = target - self.cum_us[i]
        for b, e in self.sessions[i]:
            if rest <= e - b:
                return i, b + rest
            rest -= e - b
        # pragma: no cover; equivalent: unreachable, the day holds the target
        raise AssertionError("unreachable: the day holds the target")  # pragma: no cover

    def locate_start(self, target: int) -> tuple[int, int]:
        """The earliest moment whose working time is ``target`` and from which time runs.

        A target at the end of a session gives the start of the next one.
        """
        i = bisect_right(self.cum_us, target) - 1
        if i >= self.n:
            raise self.beyond()
        rest = target - self.cum_us[i]
        for b, e in self.sessions[i]:
            if rest < e - b:
                return i, b + rest
            rest -= e - b
        # pragma: no cover; equivalent: unreachable, the day holds the target
        raise AssertionError("unreachable: the day holds the target")  # pragma: no cover


def us_of_day(local: dt.datetime) -> int:
    """Microseconds after local midnight of a naive local datetime."""
    return (
        local.hour * 3600 + local.minute * 60 + local.second
    ) * US_PER_SECOND + local.microsecond


def moment_at(t: Tables, i: int, us: int) -> dt.datetime:
    """The naive local datetime of day index ``i`` and microseconds ``us`` (<= one day)."""
    return dt.datetime.fromordinal(t.base + i) + dt.timedelta(microseconds=us)
