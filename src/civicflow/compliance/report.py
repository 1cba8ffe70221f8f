"""Reports: one tally per group of case fields and period of receipt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

import attrs

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import BUILT_IN_FIELDS, RECLASSIFIABLE, Case
from civicflow.compliance.facts import CaseFacts, Facts, Indicators
from civicflow.compliance.tally import Tally
from civicflow.errors import ArgumentError
from civicflow.limits._local import instant_like
from civicflow.sla.policy import Policy

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
    raise ArgumentError(f"period must be one of {', '.join(PERIODS)} (got {period!r})")


Key = tuple[tuple[str, ...], str]


@attrs.define(eq=True)
class Report:
    """One tally per group (the values of the ``by`` fields) and period of receipt.

    Attributes:
        by: the case fields to group by, e.g. ``("department",)``.
        period: one of :data:`PERIODS`.
        tallies: (group values, period label) -> tally.
        later: cases left out because they were received after the as-of instant
            (:meth:`add_case`).
        awaiting: the ids of the cases whose handling deadline waits for a holiday notice
            the calendar does not have yet (counted as ``awaiting_notice``).
        provisional_years: the provisional years of the calendar that some figure rests on.
        fields: the names of the further fields the cases had (see :meth:`unknown_fields`).
    """

    by: tuple[str, ...] = attrs.field(converter=_strs)
    period: str = "all"
    tallies: dict[Key, Tally] = attrs.Factory(dict)
    later: int = 0
    awaiting: set[str] = attrs.Factory(set)
    provisional_years: set[int] = attrs.Factory(set)
    fields: set[str] = attrs.Factory(set)

    def __attrs_post_init__(self) -> None:
        # checks the name; equivalent "2001", "2000, 2, 1", "2000, 1, 2": the label is unread
        period_of(dt.datetime(2000, 1, 1), self.period)

    def add(
        self,
        case: Case,
        facts: CaseFacts,
        at: dt.datetime | None = None,
        calendar: Calendar | None = None,
    ) -> Report:
        """Count one case in place, with what the report keeps beside its tallies (the fields
        seen, the cases awaiting a notice, and, given the ``calendar`` the facts were found
        on, its provisional years); returns this report. A reclassified case is grouped by
        its type, category and urgency as of ``at`` (the latest when ``at`` is ``None``)."""
        # equivalent "received_as or": a case never reclassified is classified as it is
        if case.received_as and at is not None:
            # equivalent "strict=None", "(at), )", "strict=False": both sides are three
            now = dict(zip(RECLASSIFIABLE, case.classification_at(at), strict=True))
            group = tuple(now[f] if f in now else case.get(f) for f in self.by)
        else:
            group = tuple(case.get(f) for f in self.by)
        key = (group, period_of(facts.received, self.period))
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = Tally()
        tally.add(facts)
        if case.fields:
            self.fields.update(name for name, _ in case.fields)
        flags = facts.flags
        if "awaiting_notice" in flags:
            self.awaiting.add(case.id)
        if "provisional" in flags and calendar is not None:
            self.provisional_years.update(calendar.provisional_years)
        return self

    def add_case(
        self,
        case: Case,
        policy: Policy,
        as_of: dt.datetime,
        indicators: Indicators,
        calendar: Calendar | None = None,
    ) -> Report:
        """Count one case as of ``as_of`` in place; returns this report.

        A case received after ``as_of`` is left out, and counted in :attr:`later`. A naive
        ``as_of`` is read in the calendar's zone for a case with aware times, and an aware
        one converted to it for a case with naive times.

        Raises:
            FieldError: the case's rating is not a grade.
        """
        return self.count(case, Facts(policy, indicators, calendar), as_of)

    def count(
        self, case: Case, facts: Facts, as_of: dt.datetime, also: Sequence[Report] = ()
    ) -> Report:
        """Count one case as of ``as_of`` on the compiled ``facts`` of its policy in place,
        as :meth:`add_case` does, and in the reports ``also`` (other groupings of the same
        cases: the facts are found once); returns this report.

        Raises:
            FieldError: the case's rating is not a grade.
        """
        cal = facts.calendar
        at = instant_like(cal, as_of, case.received)
        if case.received > at:
            self.later += 1
            for other in also:
                other.later += 1
            return self
        found = facts.of(case, at)
        self.record(case, found, at, cal)
        for other in also:
            other.record(case, found, at, cal)
        return self

    def record(self, case: Case, found: CaseFacts, at: dt.datetime, cal: Calendar) -> None:
        """Count a case whose facts as of ``at`` are ``found`` (on calendar ``cal``): what
        :meth:`add` does, with the calendar."""
        self.add(case, found, at, cal)

    def unknown_fields(self) -> list[str]:
        """The ``by`` fields that no case counted had: grouping by them puts every case in
        one blank group, which is almost always a misspelt name."""
        return [f for f in self.by if f not in BUILT_IN_FIELDS and f not in self.fields]

    def merge(self, other: Report) -> Report:
        """A new report of the cases of both; they must group alike."""
        if (self.by, self.period) != (other.by, other.period):
            raise ArgumentError(
                f"cannot merge a report by {other.by} per {other.period} into one by "
                f"{self.by} per {self.period}"
            )
        merged = {k: Tally().merge(v) for k, v in self.tallies.items()}
        for k, v in other.tallies.items():
            merged[k] = merged[k].merge(v) if k in merged else Tally().merge(v)
        return Report(
            self.by,
            self.period,
            merged,
            self.later + other.later,
            self.awaiting | other.awaiting,
            self.provisional_years | other.provisional_years,
            self.fields | other.fields,
        )

    def rows(self) -> Iterator[tuple[tuple[str, ...], str, Tally]]:
        """(group values, period, tally), sorted by group then period."""
        for (group, period), tally in sorted(self.tallies.items()):
            yield group, period, tally

    def total(self) -> Tally:
        """Every case in one tally."""
        total = Tally()
        for tally in self.tallies.values():  # in place: no copy of the sums per tally
            total.counts.update(tally.counts)
            total.minutes.update(tally.minutes)
            total.days.update(tally.days)
            total.grades.update(tally.grades)
        return total

    def series(self, group: tuple[str, ...] = ()) -> list[tuple[str, Tally]]:
        """One group's tallies by period, in order."""
        return [(p, t) for g, p, t in self.rows() if g == group]


guard(globals())
