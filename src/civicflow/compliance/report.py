"""Reports: one tally per group of case fields and period of receipt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import attrs

from civicflow.cases.case import Case
from civicflow.compliance.facts import CaseFacts
from civicflow.compliance.tally import Tally

__all__ = ["PERIODS", "Report", "period_of"]


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


#: The periods a report groups by.
PERIODS = ("day", "week", "month", "quarter", "year", "all")


def period_of(moment: dt.datetime, period: str) -> str:
    """The label of the period holding ``moment``: ``2025-09-29``, ``2025-W40``, ``2025-09``,
    ``2025-Q3``, ``2025``, or ``all``."""
    if period == "day":
        return moment.date().isoformat()
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{moment.year}-{moment.month:02d}"
    if period == "quarter":
        return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
    if period == "year":
        return str(moment.year)
    if period == "all":
        return "all"
    raise ValueError(f"period must be one of {', '.join(PERIODS)} (got {period!r})")


Key = tuple[tuple[str, ...], str]


@attrs.define(eq=True)
class Report:
    """One tally per group (the values of the ``by`` fields) and period of receipt.

    Attributes:
        by: the case fields to group by, e.g. ``("department",)``.
        period: one of :data:`PERIODS`.
        tallies: (group values, period label) -> tally.
    """

    by: tuple[str, ...] = attrs.field(converter=_strs)
    period: str = "all"
    tallies: dict[Key, Tally] = attrs.Factory(dict)

    def __attrs_post_init__(self) -> None:
        period_of(dt.datetime(2000, 1, 1), self.period)  # checks the name

    def add(self, case: Case, facts: CaseFacts) -> Report:
        """Count one case in place; returns this report."""
        key = (tuple(case.get(f) for f in self.by), period_of(facts.received, self.period))
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = Tally()
        tally.add(facts)
        return self

    def merge(self, other: Report) -> Report:
        """A new report of the cases of both; they must group alike."""
        if (self.by, self.period) != (other.by, other.period):
            raise ValueError(
                f"cannot merge a report by {other.by} per {other.period} into one by "
                f"{self.by} per {self.period}"
            )
        merged = {k: Tally().merge(v) for k, v in self.tallies.items()}
        for k, v in other.tallies.items():
            merged[k] = merged[k].merge(v) if k in merged else Tally().merge(v)
        return Report(self.by, self.period, merged)

    def rows(self) -> Iterator[tuple[tuple[str, ...], str, Tally]]:
        """(group values, period, tally), sorted by group then period."""
        for (group, period), tally in sorted(self.tallies.items()):
            yield group, period, tally

    def total(self) -> Tally:
        """Every case in one tally."""
        total = Tally()
        for tally in self.tallies.values():
            total = total.merge(tally)
        return total

    def series(self, group: tuple[str, ...] = ()) -> list[tuple[str, Tally]]:
        """One group's tallies by period, in order."""
        return [(p, t) for g, p, t in self.rows() if g == group]
