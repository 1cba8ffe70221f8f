"""Tables that grow: a calendar without the national layer covers every year from its first.

Such a calendar needs no holiday data: its days follow its own week, sessions and closures,
which are known for any year. Its tables are built for the years of the national data at
first, like every calendar's, and grow forward, in place, the first time a count reaches
past them, up to the end of the year 9999. Growing only appends days: the index and the
prefix sums of every day already there stay what they were, so a count that holds an index
or a list while the tables grow still reads the same values, and the lists keep their
identity.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left
from collections.abc import Callable, Sequence

from civicflow.calendars._tables import Sessions, Tables
from civicflow.errors import CalendarCoverageError

__all__ = ["LAST_YEAR", "GrowingTables"]

#: The last year a growing calendar covers: the last year of ``datetime``.
LAST_YEAR = 9999

#: The sessions of the days from one ordinal to another, both included.
DaySessions = Callable[[int, int], list[Sessions]]


class GrowingTables(Tables):
    """:class:`Tables` that grow forward when asked for a day past them.

    Args:
        first: the first covered day.
        day_sessions: the sessions of the days it covers at first.
        more: the sessions of further days, given their first and last ordinals.
        works: whether the calendar's week has any working day, so that growing can reach
            more working time (a calendar that never works does not grow to find any).
    """

    __slots__ = ("days", "lock", "more", "works")

    def __init__(
        self, first: dt.date, day_sessions: Sequence[Sessions], more: DaySessions, works: bool
    ) -> None:
        super().__init__(first, day_sessions)
        self.days = list(day_sessions)
        self.more = more
        self.works = works
        self.lock = threading.Lock()

    # -- growing ----------------------------------------------------------------------------

    def grow(self, year: int) -> None:
        """Cover every day up to the end of ``year`` (and ten years more, so that counts that
        run on from there do not grow again at once).

        Raises:
            CalendarCoverageError: ``year`` is past :data:`LAST_YEAR`.
        """
        if year > LAST_YEAR:
            raise self.uncovered(year)
        with self.lock:
            if year <= self.last_year:
                return
            last = min(LAST_YEAR, max(year + 1, self.last_year + 10))
            start = dt.date(self.last_year + 1, 1, 1).toordinal()
            self.days.extend(self.more(start, dt.date(last, 12, 31).toordinal()))
            bigger = Tables(dt.date.fromordinal(self.base), self.days)
            later = []
            for name in Tables.__slots__:
                value, old = getattr(bigger, name), getattr(self, name)
                if isinstance(old, list):
                    old[:] = value  # in place: a list a count holds sees the new days
                else:
                    later.append((name, value))
            for name, value in sorted(later, key=lambda item: item[0] == "n"):
                setattr(self, name, value)  # the day count last, once every list is longer

    def _grow_for(self, have: int, want: int, per_year: int) -> bool:
        """Grow towards ``want`` of something the tables hold ``have`` of, at about
        ``per_year`` a year; whether they grew."""
        if not self.works or self.last_year >= LAST_YEAR:
            return False
        years = self.last_year - self.first_year + 1
        rate = max(per_year // years, 1)
        self.grow(min(LAST_YEAR, self.last_year + (want - have) // rate + 1))
        return True

    # -- the lookups, growing where they would leave the tables -----------------------------

    def index(self, day: dt.date) -> int:
        i = day.toordinal() - self.base
        if i >= self.n and day.year <= LAST_YEAR:
            self.grow(day.year)
        return super().index(day)

    def nth_workday(self, i: int, n: int) -> int:
        want = self.cum_work[i + 1] + n - 1 if n > 0 else self.cum_work[i] + n
        while want + 1 >= len(self.work_days):
            if not self._grow_for(len(self.work_days), want + 2, len(self.work_days)):
                break
        return super().nth_workday(i, n)

    def locate_end(self, target: int) -> tuple[int, int]:
        self._cover(target)
        return super().locate_end(target)

    def locate_start(self, target: int) -> tuple[int, int]:
        self._cover(target)
        return super().locate_start(target)

    def _cover(self, target: int) -> None:
        """Grow until the working time ``target`` lies before the last day's end."""
        while bisect_left(self.cum_us, target) >= self.n:
            if not self._grow_for(self.cum_us[-1], target, self.cum_us[-1]):
                return

    # -- errors -----------------------------------------------------------------------------

    def uncovered(self, year: int) -> CalendarCoverageError:
        return CalendarCoverageError(year, self.first_year, LAST_YEAR, national=False)

    def beyond(self) -> CalendarCoverageError:
        return self.uncovered(LAST_YEAR + 1)
