"""Score books (考核): the rules that turn a tally's rates and counts into points.

An assessment gives each item of a score book its points, takes points off per percentage
point a rate falls short of its threshold and per case counted against it (each rule up to
its cap, if it has one), or gives the points of the highest tier a rate reaches, never below
zero, and adds the items up. A :class:`Composite` weighs the totals of several books into
one score out of 100 (得分 = 智慧城管得分 × 40 % + ...). A book is data (:class:`ScoreBook`, loadable from JSON with
:func:`civicflow.exchange.reports.score_files.score_book_from_json`); :data:`JINHUA_SCORES` is
Jinhua's urban-management book as published (``docs/scores/jinhua.md``).

Arithmetic is exact (fractions): 50 points less 4.5 points off is 45.5, not 45.4999.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs

from civicflow._arguments import guard
from civicflow.compliance.facts import COUNTS
from civicflow.compliance.rates import Rate
from civicflow.compliance.tally import Tally
from civicflow.errors import ArgumentError

__all__ = [
    "JINHUA_SCORES",
    "SCORE_BOOKS",
    "Book",
    "Composite",
    "Part",
    "PerCase",
    "Score",
    "ScoreBook",
    "ScoreItem",
    "Shortfall",
    "Tiers",
    "rank",
]


def _exact(value: float) -> Fraction:
    """A number as written (0.7 is seven tenths, not the float nearest it)."""
    return Fraction(str(value))


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ArgumentError(f"{attribute.name!r} must be a number above 0 (got {value!r})")


@attrs.frozen
class Shortfall:
    """Points off per percentage point a rate falls below its threshold.

    A rate with an empty base takes nothing off: no urgent case, no urgent deduction.

    Attributes:
        rate: the rate, defined over counts like any rate of a rate book.
        threshold: the share from which nothing is taken off, e.g. ``0.7``.
        off_per_point: points off per percentage point below it.
    """

    rate: Rate
    threshold: float = attrs.field()
    off_per_point: float = attrs.field(validator=_positive)
    #: The most points this rule takes off, if it is capped.
    max_off: float | None = attrs.field(default=None, kw_only=True)

    @threshold.validator
    def _share(self, attribute: attrs.Attribute[float], value: float) -> None:
        _check_share(attribute.name, value)

    @max_off.validator
    def _cap(self, attribute: attrs.Attribute[float | None], value: float | None) -> None:
        if value is not None:
            _positive(self, attribute, value)  # type: ignore[arg-type]

    def points_off(self, tally: Tally, points: Fraction) -> Fraction:
        """What this rule takes off ``tally``'s points (``points``: the item's)."""
        ratio = tally.rate(self.rate)
        if ratio.value is None:
            return Fraction(0)
        short = _exact(self.threshold) - Fraction(ratio.numerator, ratio.denominator)
        return _capped(max(Fraction(0), short * 100 * _exact(self.off_per_point)), self.max_off)


def _check_share(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ArgumentError(f"{name!r} must be a share above 0 and at most 1 (got {value!r})")


def _capped(off: Fraction, cap: float | None) -> Fraction:
    return off if cap is None else min(off, _exact(cap))


def _tiers(value: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    return tuple(sorted(((t, p) for t, p in value), reverse=True))


@attrs.frozen
class Tiers:
    """Thresholds to points: the item is worth the points of the highest tier its rate
    reaches, and nothing below the lowest (e.g. 95 % or more: 10, 90 %: 8, 80 %: 5).

    A rate with an empty base takes nothing off, as for :class:`Shortfall`.

    Attributes:
        rate: the rate.
        tiers: ``(threshold, points)`` pairs, each threshold a share; kept highest first.
    """

    rate: Rate
    tiers: tuple[tuple[float, float], ...] = attrs.field(converter=_tiers)

    @tiers.validator
    def _check(
        self, attribute: attrs.Attribute[object], value: tuple[tuple[float, float], ...]
    ) -> None:
        if not value:
            raise ArgumentError("'tiers' must have at least one (threshold, points) pair")
        for threshold, points in value:
            _check_share("threshold", threshold)
            if isinstance(points, bool) or not isinstance(points, int | float) or points < 0:
                raise ArgumentError(
                    f"a tier's points must be a number of 0 or more (got {points!r})"
                )

    def points_off(self, tally: Tally, points: Fraction) -> Fraction:
        """The item's points less those of the tier ``tally``'s rate reaches."""
        ratio = tally.rate(self.rate)
        if ratio.value is None:
            return Fraction(0)
        share = Fraction(ratio.numerator, ratio.denominator)
        reached = next((_exact(p) for t, p in self.tiers if share >= _exact(t)), Fraction(0))
        return max(Fraction(0), points - reached)


def _counts(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class PerCase:
    """Points off per case in a count (less the cases in ``minus``).

    Attributes:
        count: the count, e.g. ``"reworked"``.
        off_each: points off per case.
        minus: counts whose cases this rule leaves to another rule.
    """

    count: str = attrs.field()
    off_each: float = attrs.field(validator=_positive)
    minus: tuple[str, ...] = attrs.field(default=(), converter=_counts)
    #: The most points this rule takes off, if it is capped.
    max_off: float | None = attrs.field(default=None, kw_only=True)

    @max_off.validator
    def _cap(self, attribute: attrs.Attribute[float | None], value: float | None) -> None:
        if value is not None:
            _positive(self, attribute, value)  # type: ignore[arg-type]

    @count.validator
    def _known(self, attribute: attrs.Attribute[str], value: str) -> None:
        for name in (value, *self.minus):
            if name not in COUNTS:
                raise ArgumentError(
                    f"per-case rule names unknown count {name!r}; the counts are: "
                    + ", ".join(COUNTS)
                )

    def points_off(self, tally: Tally, points: Fraction) -> Fraction:
        """What this rule takes off ``tally``'s points (``points``: the item's)."""
        cases = tally.count(self.count) - sum(tally.count(m) for m in self.minus)
        return _capped(max(0, cases) * _exact(self.off_each), self.max_off)


Rule = Shortfall | PerCase | Tiers


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(value)


@attrs.frozen
class ScoreItem:
    """One item of a score book: its points, less what its rules take off, never below 0.

    Attributes:
        name: e.g. ``"on_time_closure"``.
        label: e.g. ``"按期结案率"``.
        points: the points of the item.
        rules: what takes points off.
    """

    name: str
    label: str
    points: float = attrs.field(validator=_positive)
    rules: tuple[Rule, ...] = attrs.field(converter=_rules)

    def score(self, tally: Tally) -> Fraction:
        """The item's points for ``tally``."""
        points = _exact(self.points)
        # equivalent "self.rules), )": the points, a fraction, less 0 or less a fraction is one
        off = sum((r.points_off(tally, points) for r in self.rules), Fraction(0))
        return max(Fraction(0), points - off)


def _items(value: Iterable[ScoreItem]) -> tuple[ScoreItem, ...]:
    return tuple(value)


@attrs.frozen
class Score:
    """A tally's points in a score book.

    Attributes:
        items: each item's name and points, in book order.
        total: the sum of the items.
        out_of: the points the book gives at most.
    """

    items: tuple[tuple[str, Fraction], ...]
    total: Fraction
    out_of: Fraction

    def item(self, name: str) -> Fraction:
        """The points of one item."""
        return dict(self.items)[name]


@attrs.frozen
class ScoreBook:
    """A named set of score items, with where the rules come from.

    Attributes:
        name: e.g. ``"jinhua"``.
        source: the document that publishes the rules.
        items: the items, in report order.
    """

    name: str
    source: str
    items: tuple[ScoreItem, ...] = attrs.field(converter=_items)

    @items.validator
    def _unique(self, attribute: attrs.Attribute[tuple[ScoreItem, ...]], value: object) -> None:
        names = [i.name for i in self.items]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ArgumentError(
                f"score book {self.name!r}: item {twice[0]!r} is used more than once"
            )
        if not names:
            raise ArgumentError(f"score book {self.name!r} has no item")

    @property
    def out_of(self) -> Fraction:
        """The points the book gives at most."""
        return sum((_exact(i.points) for i in self.items), Fraction(0))

    def score(self, tally: Tally) -> Score:
        """The points of ``tally``."""
        items = tuple((i.name, i.score(tally)) for i in self.items)
        # equivalent "items), )": a book has items, whose points are fractions: the same sum
        return Score(items, sum((p for _, p in items), Fraction(0)), self.out_of)


@attrs.frozen
class Part:
    """One part of a :class:`Composite`: a book, and the weight of its total.

    Attributes:
        book: the book; its total is counted on a scale of 100.
        weight: its share of the composite, e.g. ``0.4`` for 40 %.
    """

    book: ScoreBook
    weight: float = attrs.field()

    @weight.validator
    def _share(self, attribute: attrs.Attribute[float], value: float) -> None:
        _check_share("weight", value)

    @property
    def name(self) -> str:
        return self.book.name

    @property
    def label(self) -> str:
        return f"{self.book.name}×{float(_exact(self.weight) * 100):g}%"


def _parts(value: Iterable[Part | tuple[ScoreBook, float]]) -> tuple[Part, ...]:
    return tuple(p if isinstance(p, Part) else Part(*p) for p in value)


@attrs.frozen
class Composite:
    """A score out of 100 weighed from the totals of several books, each counted on a scale
    of 100 (Jinhua's monthly city score: 智慧城管得分 × 40 % + the other parts).

    Its weights add up to at most 1: a composite of 40 % is out of 40, the rest scored
    elsewhere (by hand). It reports like a book: its items are its parts.

    Attributes:
        name: e.g. ``"our-city"``.
        source: the document that publishes the formula.
        parts: the books and their weights.
    """

    name: str
    source: str
    parts: tuple[Part, ...] = attrs.field(converter=_parts)

    @parts.validator
    def _check(self, attribute: attrs.Attribute[tuple[Part, ...]], value: tuple[Part, ...]) -> None:
        if not value:
            raise ArgumentError(f"composite {self.name!r} has no part")
        names = [p.name for p in value]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ArgumentError(f"composite {self.name!r}: book {twice[0]!r} is a part twice")
        if sum(_exact(p.weight) for p in value) > 1:
            raise ArgumentError(f"composite {self.name!r}: the weights add up to more than 1")

    @property
    def items(self) -> tuple[Part, ...]:
        return self.parts

    @property
    def out_of(self) -> Fraction:
        """100 times the weights: the points the composite gives at most."""
        return 100 * sum((_exact(p.weight) for p in self.parts), Fraction(0))

    def score(self, tally: Tally) -> Score:
        """Each part's total, on a scale of 100 and weighed, and their sum."""
        items = tuple(
            (p.name, p.book.score(tally).total * 100 / p.book.out_of * _exact(p.weight))
            for p in self.parts
        )
        # equivalent "items), )": a composite has parts, whose points are fractions: the same sum
        return Score(items, sum((x for _, x in items), Fraction(0)), self.out_of)


#: What a report can be scored in: a book, or a composite of books.
Book = ScoreBook | Composite


def rank(scores: Mapping[str, Score]) -> dict[str, int]:
    """Each key's place by total, best first; equal totals share a place (1, 1, 3)."""
    totals = sorted((s.total for s in scores.values()), reverse=True)
    return {key: 1 + totals.index(s.total) for key, s in scores.items()}


_DUE = ("due",)
_JINHUA_OFF = ("parked_due",)
_URGENT_OFF = ("urgent_parked_due",)

#: Jinhua's urban-management book, 《金华市区数字化城市管理工作考核细则（试行）》: the 85 points the
#: case data decides (the organisation items and the cases of leaders and the media, scored
#: by hand, are not in it).
JINHUA_SCORES = ScoreBook(
    "jinhua",
    "金华市区数字化城市管理工作考核细则（试行）",
    (
        ScoreItem("on_time_closure", "按期结案率", 50, (
            Shortfall(Rate("on_time_closure", "按期结案率", ("closed_on_time",), _DUE, _JINHUA_OFF),
                      0.7, 1),
        )),
        ScoreItem("closure", "结案率", 20, (
            Shortfall(Rate("closure", "结案率", ("closed",), _DUE, _JINHUA_OFF), 0.9, 1),
        )),
        ScoreItem("urgent", "紧急问题", 10, (
            Shortfall(Rate("urgent_closure", "紧急问题结案率", ("urgent_closed",), ("urgent_due",),
                           _URGENT_OFF), 1, 0.5),
            Shortfall(Rate("urgent_on_time_closure", "紧急问题按期结案率",
                           ("urgent_closed_on_time",), ("urgent_due",), _URGENT_OFF), 0.95, 0.5),
        )),
        ScoreItem("rework", "返工", 5, (
            PerCase("reworked", 0.2, minus="reworked_thrice"),
            PerCase("reworked_thrice", 0.5),
        )),
    ),
)  # fmt: skip

#: The shipped score books by name.
SCORE_BOOKS: dict[str, Book] = {book.name: book for book in (JINHUA_SCORES,)}


guard(globals())
