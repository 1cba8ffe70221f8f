"""Tallies: counts, handling times and grades of some cases, merged by adding.

A :class:`Tally` counts facts and merges with another tally, so a stream of cases needs
constant memory and partial tallies computed anywhere add up to the same result, in any order
and any split.

>>> from civicflow.compliance.rates import TIANMEN
>>> t = Tally()
>>> t.counts.update({"due": 972, "closed": 911, "closed_on_time": 737})
>>> print(t.rate(TIANMEN.rate("closure")), t.rate(TIANMEN.rate("on_time_closure")))
93.72 % (911/972) 75.82 % (737/972)
>>> print(Tally().rate(TIANMEN.rate("closure")))     # an empty base is no rate at all
undefined (0/0)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import attrs

from civicflow._arguments import guard
from civicflow.compliance.facts import CaseFacts
from civicflow.compliance.rates import Rate, Ratio
from civicflow.errors import ArgumentError

__all__ = ["Tally", "counts_of"]


@attrs.define(eq=True)
class Tally:
    """Counts, handling times and grades of some cases; merges with another tally.

    ``Tally()`` is the identity of :meth:`merge`, and merging is associative and
    commutative: split the cases any way, in any order, and the merged tally is the same.

    Attributes:
        counts: per name in :data:`COUNTS`.
        minutes: handling time of closed cases, in working minutes, as value -> cases.
        days: handling time of closed cases, in working days, as value -> cases.
        grades: 好差评 grades -> cases.
    """

    counts: Counter[str] = attrs.Factory(Counter)
    minutes: Counter[int] = attrs.Factory(Counter)
    days: Counter[int] = attrs.Factory(Counter)
    grades: Counter[str] = attrs.Factory(Counter)

    def add(self, facts: CaseFacts) -> Tally:
        """Count one case in place; returns this tally."""
        self.counts.update(facts.flags)
        if facts.handling_minutes is not None:
            self.minutes[facts.handling_minutes] += 1
        if facts.handling_days is not None:
            self.days[facts.handling_days] += 1
        if facts.grade is not None:
            self.grades[facts.grade] += 1
        return self

    def merge(self, other: Tally) -> Tally:
        """A new tally of the cases of both."""
        return Tally(
            self.counts + other.counts,
            self.minutes + other.minutes,
            self.days + other.days,
            self.grades + other.grades,
        )

    def count(self, name: str) -> int:
        """One count (0 when none)."""
        return self.counts[name]

    def rate(self, rate: Rate) -> Ratio:
        """A rate of these counts."""
        numerator = sum(self.counts[n] for n in rate.numerator)
        base = sum(self.counts[n] for n in rate.base) - sum(self.counts[n] for n in rate.minus)
        return Ratio(numerator, base)

    def hours(self, statistic: str) -> float | None:
        """``"mean"``, ``"median"`` or ``"p90"`` of handling time in working hours.

        ``None`` when no case was closed.
        """
        value = _statistic(self.minutes, statistic)
        return None if value is None else value / 60

    def working_days(self, statistic: str) -> float | None:
        """``"mean"``, ``"median"`` or ``"p90"`` of handling time in working days."""
        return _statistic(self.days, statistic)


def _statistic(values: Counter[int], statistic: str) -> float | None:
    n = sum(values.values())
    if statistic not in ("mean", "median", "p90"):
        raise ArgumentError(f"statistic must be 'mean', 'median' or 'p90' (got {statistic!r})")
    if n == 0:
        return None
    if statistic == "mean":
        return sum(v * k for v, k in values.items()) / n
    # The nearest-rank percentile: exact, and the same however the cases were split.
    rank = math.ceil((0.5 if statistic == "median" else 0.9) * n)
    seen = 0
    for v in sorted(values):
        seen += values[v]
        if seen >= rank:
            return float(v)
    raise AssertionError("unreachable")  # pragma: no cover; equivalent: the ranks reach it


def counts_of(mapping: Mapping[str, int]) -> Tally:
    """A tally with these counts (for tests and for figures taken from elsewhere)."""
    return Tally(Counter(mapping))


guard(globals())
