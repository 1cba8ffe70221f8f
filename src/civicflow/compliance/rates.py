"""Rates as definitions: a numerator and a base over named counts, gathered in rate books.

Cities define their rates differently (``docs/indicators/``); a rate book is a named set of
definitions. A rate with an empty base is undefined, never 0 % or 100 %.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from civicflow._arguments import guard, items
from civicflow.compliance.facts import COUNTS
from civicflow.errors import ArgumentError, NotFoundError

__all__ = [
    "CALLBACK_RATES",
    "HOTLINE_RATES",
    "JINHUA",
    "RATE_BOOKS",
    "SERVICE_HALL",
    "TIANMEN",
    "Rate",
    "RateBook",
    "Ratio",
]


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _rates(value: Iterable[Rate]) -> tuple[Rate, ...]:
    return items(value, "rates", Rate, "a Rate")


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
            raise ArgumentError(
                f"rate {self.name!r}: {attribute.name} names unknown counts {unknown}; "
                f"the counts are: {', '.join(COUNTS)}"
            )


@attrs.frozen
class RateBook:
    """A named set of rate definitions: cities define their rates differently.

    Attributes:
        name: e.g. ``"jinhua"``.
        rates: the rates, in report order.
        time_unit: the unit a table shows the median handling time in: ``"working hours"``
            (a hotline's or an urban desk's) or ``"working days"`` (a service hall's time to
            decision). JSON and CSV carry both.
    """

    name: str
    rates: tuple[Rate, ...] = attrs.field(converter=_rates)
    time_unit: str = attrs.field(default="working hours", kw_only=True)

    @time_unit.validator
    def _unit(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("working hours", "working days"):
            raise ArgumentError(
                f"rate book {self.name!r}: time_unit must be 'working hours' or 'working "
                f"days' (got {value!r})"
            )

    @rates.validator
    def _unique(
        self, attribute: attrs.Attribute[tuple[Rate, ...]], value: tuple[Rate, ...]
    ) -> None:
        for what in ("name", "label"):
            seen = [getattr(r, what) for r in value]
            twice = sorted({x for x in seen if seen.count(x) > 1})
            if twice:
                raise ArgumentError(
                    f"rate book {self.name!r}: each rate needs its own {what} (they head the "
                    f"columns), but {', '.join(map(repr, twice))} is used more than once"
                )

    def rate(self, name: str) -> Rate:
        """The rate named ``name``.

        Raises:
            NotFoundError: no such rate; the message lists them.
        """
        for r in self.rates:
            if r.name == name:
                return r
        raise NotFoundError(
            f"rate book {self.name!r} has no rate {name!r}; it has: "
            + ", ".join(r.name for r in self.rates)
        )


def _common(closure_minus: tuple[str, ...], closed: str = "结案") -> tuple[Rate, ...]:
    """The rates every book shares; ``closed`` is the word for a closed case: 结案 for a case
    (案卷) of urban management, 办结 for a 12345 work order."""
    return (
        Rate("closure", f"{closed}率", ("closed",), ("due",), closure_minus),
        Rate("on_time_closure", f"按期{closed}率", ("closed_on_time",), ("due",), closure_minus),
        Rate("right_first_time", "一次按期办结率", ("right_first_time",), ("first_due",)),
        Rate("sign_for_on_time", "及时签收率", ("signed_on_time",), ("signed",)),
        Rate("rework", "返工率", ("reworked",), ("rework_base",)),
        Rate("extension", "延期率", ("extended",), ("can_extend",)),
        Rate("return", "回退率", ("returned",), ("can_return",)),
        Rate("reopen", "重办率", ("reopened",), ("reopen_base",)),
        Rate("satisfaction", "满意率", ("rated_satisfied",), ("rated",)),
        Rate("good_rating", "好评率", ("rated_good",), ("rated",)),
    )


#: Jinhua's definitions: 按期结案率 = 按期结案数 / (应结案数 − 缓办数). A case parked after its
#: deadline is still due, and leaves the base; one parked before it never came due.
JINHUA = RateBook("jinhua", _common(("parked_due",)))
#: Tianmen's definitions: every due case is in the base (911/972 = 93.72 %).
TIANMEN = RateBook("tianmen", _common(()))
#: The 12345 "three rates" (Beijing): response, resolution, satisfaction, then the others,
#: as Jinhua's book counts them, in the hotline's words (办结率, 按期办结率).
HOTLINE_RATES = RateBook(
    "hotline-three-rates",
    (
        Rate("response", "响应率", ("signed_on_time",), ("received",)),
        Rate("resolution", "解决率", ("closed",), ("received",)),
        *_common(("parked_due",), "办结"),
    ),
)

#: The three rates of the callback (回访), as Beijing's 12345 counts them: of the callers
#: asked, the share whose unit responded, whose problem was solved, who were satisfied.
CALLBACK_RATES = RateBook(
    "hotline-callback",
    (
        Rate("response", "响应率", ("callback_responded",), ("callback_response",)),
        Rate("resolution", "解决率", ("callback_resolved",), ("callback_resolution",)),
        Rate("satisfaction", "满意率", ("callback_satisfied",), ("callback_satisfaction",)),
        *(r for r in _common(("parked_due",), "办结") if r.name != "satisfaction"),
    ),
)

#: A service hall's own rates, for licence and registration matters: 全程网办率 (handled
#: online at every step), 即办件率 (closed the day received), 一次办结率 (closed with no request
#: for missing materials), and the 办不成事 window's problems solved and satisfaction; the
#: table shows the time to decision in working days.
SERVICE_HALL = RateBook(
    "service-hall",
    (
        Rate("online_throughout", "全程网办率", ("online_throughout",), ("closed",)),
        Rate("immediate", "即办件率", ("immediate",), ("closed",)),
        Rate("one_go", "一次办结率", ("one_go",), ("one_go_base",)),
        Rate("on_time_closure", "按期办结率", ("closed_on_time",), ("due",)),
        Rate("extension", "延期率", ("extended",), ("can_extend",)),
        Rate("satisfaction", "满意率", ("rated_satisfied",), ("rated",)),
        Rate("good_rating", "好评率", ("rated_good",), ("rated",)),
        Rate("window_solved", "办不成事解决率", ("window_solved",), ("window_brought",)),
        Rate("window_satisfaction", "办不成事满意率", ("window_satisfied",), ("window_rated",)),
    ),
    time_unit="working days",
)


#: The rate books by name.
RATE_BOOKS = {
    book.name: book for book in (JINHUA, TIANMEN, HOTLINE_RATES, CALLBACK_RATES, SERVICE_HALL)
}


guard(globals())
