"""Compliance: the figures a service body reports, computed by mergeable accumulators.

A case becomes :class:`CaseFacts` as of an instant (closed? on time? overdue? parked?...);
a :class:`Tally` counts facts and merges with another tally, so a stream of cases needs
constant memory and partial tallies computed anywhere add up to the same result, in any order
and any split. A :class:`Report` keeps one tally per group and period.

>>> t = Tally()
>>> t.counts.update({"due": 972, "closed": 911, "closed_on_time": 737})
>>> print(t.rate(TIANMEN.rate("closure")), t.rate(TIANMEN.rate("on_time_closure")))
93.72 % (911/972) 75.82 % (737/972)
>>> print(Tally().rate(TIANMEN.rate("closure")))     # an empty base is no rate at all
undefined (0/0)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

import attrs

from civicflow.calendar import Calendar
from civicflow.case import Case
from civicflow.deadline import _calendar
from civicflow.policy import Policy
from civicflow.sla import Card, ClockState, evaluate

__all__ = [
    "COUNTS",
    "GRADES",
    "HOTLINE_RATES",
    "JINHUA",
    "PERIODS",
    "RATE_BOOKS",
    "TIANMEN",
    "CaseFacts",
    "Indicators",
    "Rate",
    "RateBook",
    "Ratio",
    "Report",
    "Tally",
    "case_facts",
    "change",
    "consecutive",
    "counts_of",
    "hotline_indicators",
    "last_year",
    "licence_indicators",
    "period_of",
    "preset_indicators",
    "rating_indicators",
    "urban_indicators",
]

#: The five grades of 好差评 (GB/T 39734-2020), best first.
GRADES = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")

#: The counts a tally keeps, in report order.
COUNTS = (
    "received",
    "due",
    "closed",
    "closed_on_time",
    "open",
    "open_overdue",
    "open_at_risk",
    "parked",
    "merged",
    "extended",
    "returned",
    "reworked",
    "reopened",
    "signed",
    "signed_on_time",
    "rated",
    "rated_good",
    "rated_satisfied",
)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _rates(value: Iterable[Rate]) -> tuple[Rate, ...]:
    return tuple(value)


# -- ratios ---------------------------------------------------------------------------------


@attrs.frozen
class Ratio:
    """A rate with its numerator and base; undefined when the base is empty.

    Attributes:
        numerator: the cases counted.
        denominator: the base.
    """

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The rate as a fraction, or ``None`` when the base is empty (never 0 or 1)."""
        return self.numerator / self.denominator if self.denominator > 0 else None

    def __str__(self) -> str:
        v = self.value
        shown = "undefined" if v is None else f"{100 * v:.2f} %"
        return f"{shown} ({self.numerator}/{self.denominator})"


@attrs.frozen
class Rate:
    """How one rate is computed from a tally's counts.

    Attributes:
        name: e.g. ``"closure"``.
        label: e.g. ``"结案率"``.
        numerator: the counts added up for the numerator.
        base: the counts added up for the base.
        minus: the counts taken off the base (e.g. parked cases).
    """

    name: str
    label: str
    numerator: tuple[str, ...] = attrs.field(converter=_strs)
    base: tuple[str, ...] = attrs.field(converter=_strs)
    minus: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    @numerator.validator
    @base.validator
    @minus.validator
    def _check(self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        unknown = [n for n in value if n not in COUNTS]
        if unknown:
            raise ValueError(
                f"rate {self.name!r}: {attribute.name} names unknown counts {unknown}; "
                f"the counts are: {', '.join(COUNTS)}"
            )


@attrs.frozen
class RateBook:
    """A named set of rate definitions: cities define their rates differently.

    Attributes:
        name: e.g. ``"jinhua"``.
        rates: the rates, in report order.
    """

    name: str
    rates: tuple[Rate, ...] = attrs.field(converter=_rates)

    def rate(self, name: str) -> Rate:
        """The rate named ``name``.

        Raises:
            KeyError: no such rate; the message lists them.
        """
        for r in self.rates:
            if r.name == name:
                return r
        raise KeyError(
            f"rate book {self.name!r} has no rate {name!r}; it has: "
            + ", ".join(r.name for r in self.rates)
        )


def _common(closure_minus: tuple[str, ...]) -> tuple[Rate, ...]:
    return (
        Rate("closure", "结案率", ("closed",), ("due",), closure_minus),
        Rate("on_time_closure", "按期结案率", ("closed_on_time",), ("due",), closure_minus),
        Rate("sign_for_on_time", "及时签收率", ("signed_on_time",), ("signed",)),
        Rate("rework", "返工率", ("reworked",), ("closed",)),
        Rate("extension", "延期率", ("extended",), ("received",)),
        Rate("return", "回退率", ("returned",), ("received",)),
        Rate("reopen", "重办率", ("reopened",), ("closed",)),
        Rate("satisfaction", "满意率", ("rated_satisfied",), ("rated",)),
        Rate("good_rating", "好评率", ("rated_good",), ("rated",)),
    )


#: Jinhua's definitions: parked cases (挂账) leave the base of the closure rates.
JINHUA = RateBook("jinhua", _common(("parked",)))
#: Tianmen's definitions: every due case is in the base (911/972 = 93.72 %).
TIANMEN = RateBook("tianmen", _common(()))
#: The 12345 "three rates" (Beijing): response, resolution, satisfaction.
HOTLINE_RATES = RateBook(
    "hotline-three-rates",
    (
        Rate("response", "响应率", ("signed_on_time",), ("received",)),
        Rate("resolution", "解决率", ("closed",), ("received",)),
        Rate("satisfaction", "满意率", ("rated_satisfied",), ("rated",)),
        *_common(("parked",)),
    ),
)


# -- the facts of one case ----------------------------------------------------------------


def _names(value: Iterable[str] | str) -> frozenset[str]:
    return frozenset((value,) if isinstance(value, str) else value)


@attrs.frozen
class Indicators:
    """Which goals and events of a policy the indicators read.

    Attributes:
        handling: the goal whose clock is the case's handling (closed = stopped; on time =
            met; due = its deadline has come or it is closed).
        sign_for: the goal of signing for, if the workflow has one.
        parked: events that park a case (挂账 / 缓办): it leaves the base of the closure rates
            of rate books that say so.
        merged: events that merge a case into another (并单): it is neither open nor due.
        extended, returned, reworked, reopened: the events behind those counts.
        rating_field: the case field holding a 好差评 grade.
    """

    handling: str
    sign_for: str | None = None
    parked: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    merged: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    extended: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    returned: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    reworked: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    reopened: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    rating_field: str = "rating"


def hotline_indicators() -> Indicators:
    """The indicators of :func:`~civicflow.hotline_policy`."""
    return Indicators(
        "handling",
        "sign-for",
        merged="merge",
        extended="approve_extension",
        returned="return",
        reopened="reopen",
    )


def urban_indicators() -> Indicators:
    """The indicators of :func:`~civicflow.urban_policy`."""
    return Indicators(
        "handling", parked="park", extended="extend", returned="send_back", reworked="rework"
    )


def licence_indicators() -> Indicators:
    """The indicators of :func:`~civicflow.licence_policy`."""
    return Indicators("decision", extended="extend")


def rating_indicators() -> Indicators:
    """The indicators of :func:`~civicflow.rating_policy`."""
    return Indicators("rectification", reopened="redo")


@attrs.frozen
class CaseFacts:
    """What one case contributes to the counts, as of an instant.

    Attributes:
        received: when the case was received.
        flags: the counts (names from :data:`COUNTS`) this case adds one to.
        handling_minutes: working minutes from the handling clock's start to its stop,
            for a closed case.
        handling_days: working days from the start day (not counted) to the stop day.
        grade: the 好差评 grade, if rated.
    """

    received: dt.datetime
    flags: frozenset[str]
    handling_minutes: int | None = None
    handling_days: int | None = None
    grade: str | None = None


def case_facts(
    case: Case,
    policy: Policy,
    at: dt.datetime,
    indicators: Indicators,
    calendar: Calendar | None = None,
) -> CaseFacts:
    """The facts of ``case`` as of ``at``.

    Raises:
        KeyError: ``indicators`` names a goal the policy does not have.
        ValueError: the case's grade is not one of :data:`GRADES`.
    """
    cal = _calendar(calendar)
    policy.goal(indicators.handling)  # a clear error for a wrong name
    if indicators.sign_for is not None:
        policy.goal(indicators.sign_for)
    ev = evaluate(case, policy, at, cal)
    flags = {"received"}
    minutes = days = None
    for s in ev.goals:
        if s.target.value != "statutory":
            continue
        if s.goal == indicators.handling:
            if s.state is ClockState.CANCELLED:
                flags.add("parked")
            elif s.stopped is not None:
                flags |= {"closed", "due"}
                if s.state is ClockState.MET:
                    flags.add("closed_on_time")
                minutes = s.elapsed // dt.timedelta(minutes=1)
                assert s.started is not None
                days = cal.workdays_between(
                    cal.to_local(s.started).date(), cal.to_local(s.stopped).date()
                )
            elif s.state is not ClockState.NOT_STARTED:
                flags.add("open")
                if s.state is ClockState.BREACHED:
                    flags |= {"open_overdue", "due"}
                elif s.card is Card.YELLOW:
                    flags.add("open_at_risk")
        elif s.goal == indicators.sign_for and s.stopped is not None:
            flags.add("signed")
            if s.state is ClockState.MET:
                flags.add("signed_on_time")
    seen = {e.name for e in case.history if e.at <= at}
    for name in ("parked", "merged", "extended", "returned", "reworked", "reopened"):
        if seen & getattr(indicators, name):
            flags.add(name)
    if not flags & {"closed", "parked", "open", "merged"}:
        if ev.state in case.workflow.terminal:
            # Ended without the handling clock: answered at first contact (直接答复).
            flags |= {"closed", "due", "closed_on_time"}
        else:
            flags.add("open")  # received, the handling clock not started yet
    grade = case.get(indicators.rating_field) or None
    if grade is not None:
        if grade not in GRADES:
            raise ValueError(
                f"case {case.id!r}: {indicators.rating_field} {grade!r} is not a grade; "
                f"expected one of {', '.join(GRADES)}"
            )
        flags.add("rated")
        if grade in GRADES[:2]:
            flags.add("rated_good")
        if grade in GRADES[:3]:
            flags.add("rated_satisfied")
    if "parked" in flags:
        flags.discard("open")
    return CaseFacts(case.received, frozenset(flags), minutes, days, grade)


# -- accumulators ---------------------------------------------------------------------------


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
        raise ValueError(f"statistic must be 'mean', 'median' or 'p90' (got {statistic!r})")
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
    raise AssertionError("unreachable")  # pragma: no cover


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


def consecutive(values: Iterable[Ratio], target: float = 1.0) -> int:
    """The number of periods, counted back from the last, whose rate equals ``target``.

    Undefined rates break the run: a month with no rated case is not a month at 100 %.
    """
    run = 0
    for ratio in reversed(list(values)):
        if ratio.value != target:
            break
        run += 1
    return run


def last_year(label: str) -> str:
    """The label of the same period a year before: ``2025-09`` -> ``2024-09``,
    ``2025-Q3`` -> ``2024-Q3``, ``2025-W40`` -> ``2024-W40``, ``2025-09-29`` -> ``2024-09-29``.

    Raises:
        ValueError: ``label`` is not a period label (``all`` has no year before it).
    """
    year, sep, rest = label.partition("-")
    if not year.isdigit() or len(year) != 4:
        raise ValueError(f"{label!r} is not the label of a period with a year")
    if rest.count("-") == 1 and rest[:2] == "02" and rest[3:] == "29":
        rest = "02-28"  # no 29 February the year before
    return f"{int(year) - 1}{sep}{rest}"


def change(before: float, after: float) -> float | None:
    """The relative change from ``before`` to ``after`` (-0.925 for "92.5 % fewer")."""
    return None if before == 0 else (after - before) / before


def counts_of(mapping: Mapping[str, int]) -> Tally:
    """A tally with these counts (for tests and for figures taken from elsewhere)."""
    return Tally(Counter(mapping))


_INDICATORS = {
    "hotline-12345": hotline_indicators,
    "urban-management": urban_indicators,
    "licence-application": licence_indicators,
    "rating-rectification": rating_indicators,
}

#: The rate books by name.
RATE_BOOKS = {book.name: book for book in (JINHUA, TIANMEN, HOTLINE_RATES)}


def preset_indicators(workflow: str) -> Indicators:
    """The indicators of a preset workflow's policy.

    Raises:
        KeyError: no preset of that name; the message lists them.
    """
    try:
        return _INDICATORS[workflow]()
    except KeyError:
        raise KeyError(
            f"no indicators for workflow {workflow!r}; the presets are: {', '.join(_INDICATORS)}"
        ) from None
