"""Score books as JSON: a body writes its own 考核 rules once; every problem is listed at once.

A document::

    {"schema": "civicflow.score-book/1", "name": "our-district", "source": "our rules 2026",
     "items": [
       {"name": "on_time", "label": "按期结案率", "points": 60, "rules": [
         {"rate": {"numerator": ["closed_on_time"], "base": ["due"], "minus": ["parked_due"]},
          "threshold": 0.8, "off_per_point": 2}]},
       {"name": "rework", "label": "返工", "points": 10, "rules": [
         {"count": "reworked", "off_each": 0.5}]}]}

A rule is a shortfall (``rate``, ``threshold``, ``off_per_point``), tiers of points
(``rate``, ``tiers``: ``[[threshold, points], ...]``) or a per-case deduction (``count``,
``off_each``, optional ``minus``); a shortfall or a per-case rule may have a cap
(``max_off``). The counts are those of :data:`civicflow.compliance.COUNTS`.

A composite weighs books into one score (each book's total on a scale of 100)::

    {"schema": "civicflow.score-book/1", "name": "our-city", "source": "our rules 2026",
     "parts": [{"book": "jinhua", "weight": 0.4}, {"book": {"name": ..., "items": ...},
                                                   "weight": 0.6}]}

A part's book is a shipped one by name, or a book written in place (without ``schema``).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from civicflow._arguments import guard
from civicflow.compliance.facts import COUNTS
from civicflow.compliance.rates import Rate
from civicflow.compliance.scores import (
    SCORE_BOOKS,
    Book,
    Composite,
    Part,
    PerCase,
    Rule,
    ScoreBook,
    ScoreItem,
    Shortfall,
    Tiers,
)
from civicflow.errors import SchemaError
from civicflow.exchange._json import load_document

__all__ = ["SCORE_BOOK_SCHEMA", "score_book_from_json"]

SCORE_BOOK_SCHEMA = "civicflow.score-book/1"
_WHAT = "score book"


class _Problems:
    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.found.append(f"{path}: {message}")

    def text(self, data: dict[str, Any], key: str, path: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add(f"{path}.{key}", f"expected a non-empty string, got {value!r}")
            return ""
        return value

    def number(self, data: dict[str, Any], key: str, path: str, *, share: bool = False) -> float:
        value = data.get(key)
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and 0 < value <= (1 if share else float("inf"))
        ):
            return value
        wanted = "a share above 0 and at most 1" if share else "a number above 0"
        self.add(f"{path}.{key}", f"expected {wanted}, got {value!r}")
        return 1

    def counts(self, data: dict[str, Any], key: str, path: str, *, required: bool) -> list[str]:
        value = data.get(key, None if required else [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or (required and not value):
            self.add(f"{path}.{key}", f"expected a list of count names, got {value!r}")
            return []
        names = []
        for n, name in enumerate(value):
            if name not in COUNTS:
                self.add(f"{path}.{key}[{n}]", f"unknown count {name!r}; the counts are: "
                         + ", ".join(COUNTS))  # fmt: skip
            else:
                names.append(name)
        return names

    def unknown_keys(self, data: dict[str, Any], allowed: set[str], path: str) -> None:
        for key in sorted(set(data) - allowed):
            self.add(
                f"{path}.{key}", f"unknown field; expected one of {', '.join(sorted(allowed))}"
            )


def _rule(p: _Problems, data: Any, path: str, label: str) -> Rule | None:
    if not isinstance(data, dict):
        p.add(path, f"expected an object, got {type(data).__name__}")
        return None
    if "rate" in data:
        tiered = "tiers" in data
        keys = {"rate", "tiers"} if tiered else {"rate", "threshold", "off_per_point", "max_off"}
        p.unknown_keys(data, keys, path)
        rate = data["rate"]
        if not isinstance(rate, dict):
            p.add(f"{path}.rate", f"expected an object, got {type(rate).__name__}")
            return None
        p.unknown_keys(rate, {"name", "label", "numerator", "base", "minus"}, f"{path}.rate")
        numerator = p.counts(rate, "numerator", f"{path}.rate", required=True)
        base = p.counts(rate, "base", f"{path}.rate", required=True)
        minus = p.counts(rate, "minus", f"{path}.rate", required=False)
        if tiered:
            tiers = _tiers(p, data.get("tiers"), f"{path}.tiers")
        else:
            threshold = p.number(data, "threshold", path, share=True)
            off = p.number(data, "off_per_point", path)
            cap = p.number(data, "max_off", path) if "max_off" in data else None
        if not (numerator and base):
            return None
        name = str(rate.get("name", "rate"))
        made = Rate(name, str(rate.get("label", label)), numerator, base, minus)
        if tiered:
            return Tiers(made, tiers) if tiers else None
        return Shortfall(made, threshold, off, max_off=cap)
    if "count" in data:
        p.unknown_keys(data, {"count", "off_each", "minus", "max_off"}, path)
        count = data["count"]
        if count not in COUNTS:
            p.add(f"{path}.count", f"expected one count name, got {count!r}; the counts are: "
                  + ", ".join(COUNTS))  # fmt: skip
        minus = p.counts(data, "minus", path, required=False)
        off = p.number(data, "off_each", path)
        cap = p.number(data, "max_off", path) if "max_off" in data else None
        return PerCase(count, off, minus, max_off=cap) if count in COUNTS else None
    p.add(
        path,
        "expected a rule with 'rate' (a shortfall, or tiers) or 'count' (per case)",
    )
    return None


def _tiers(p: _Problems, value: Any, path: str) -> list[tuple[float, float]]:
    if not isinstance(value, list) or not value:
        p.add(path, f"expected a non-empty list of [threshold, points] pairs, got {value!r}")
        return []
    tiers = []
    for n, pair in enumerate(value):
        numbers = isinstance(pair, list) and len(pair) == 2 and all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in pair
        )  # fmt: skip
        if not numbers or not 0 < pair[0] <= 1 or pair[1] < 0:
            p.add(
                f"{path}[{n}]",
                f"expected [threshold, points]: a share above 0 and at most 1, and points of "
                f"0 or more; got {pair!r}",
            )
            continue
        tiers.append((pair[0], pair[1]))
    return tiers if len(tiers) == len(value) else []


def score_book_from_json(text: str | bytes) -> Book:
    """A score book, or a composite of books, from its JSON document.

    Raises:
        SchemaError: the document is not a score book; every problem is listed, with its path.
    """
    data = load_document(text, _WHAT, SCORE_BOOK_SCHEMA)
    p = _Problems()
    book = _composite(p, data) if "parts" in data else _book(p, data, "$", {"schema"})
    if p.found or book is None:
        raise SchemaError(_WHAT, p.found)
    return book


def _composite(p: _Problems, data: dict[str, Any]) -> Composite | None:
    p.unknown_keys(data, {"schema", "name", "source", "parts"}, "$")
    name, source = p.text(data, "name", "$"), p.text(data, "source", "$")
    raw = data.get("parts")
    if not isinstance(raw, list) or not raw:
        p.add("$.parts", f"expected a non-empty list of parts, got {raw!r}")
        return None
    parts: list[Part] = []
    for n, part in enumerate(raw):
        path = f"$.parts[{n}]"
        if not isinstance(part, dict):
            p.add(path, f"expected an object, got {type(part).__name__}")
            continue
        p.unknown_keys(part, {"book", "weight"}, path)
        weight = p.number(part, "weight", path, share=True)
        inner = part.get("book")
        book: Book | None = None
        if isinstance(inner, str):
            book = SCORE_BOOKS.get(inner)
            if book is None:
                p.add(f"{path}.book", f"no shipped book {inner!r}; they are: "
                      + ", ".join(sorted(SCORE_BOOKS)))  # fmt: skip
        elif isinstance(inner, dict):
            book = _book(p, inner, f"{path}.book", set())
        else:
            p.add(f"{path}.book", f"expected a shipped book's name or a book, got {inner!r}")
        if isinstance(book, Composite):
            p.add(f"{path}.book", "a part is a book, not a composite")
        elif book is not None:
            parts.append(Part(book, weight))
    names = [part.name for part in parts]
    for twice in sorted({x for x in names if names.count(x) > 1}):
        p.add("$.parts", f"the book {twice!r} is a part more than once")
    if sum(Fraction(str(part.weight)) for part in parts) > 1:
        p.add("$.parts", "the weights add up to more than 1")
    if p.found:
        return None
    return Composite(name, source, parts)


def _book(p: _Problems, data: dict[str, Any], where: str, more: set[str]) -> ScoreBook | None:
    p.unknown_keys(data, {"name", "source", "items", *more}, where)
    name, source = p.text(data, "name", where), p.text(data, "source", where)
    raw_items = data.get("items")
    items: list[ScoreItem] = []
    if not isinstance(raw_items, list) or not raw_items:
        p.add(f"{where}.items", f"expected a non-empty list of items, got {raw_items!r}")
        raw_items = []
    seen: set[str] = set()
    for n, item in enumerate(raw_items):
        path = f"{where}.items[{n}]"
        if not isinstance(item, dict):
            p.add(path, f"expected an object, got {type(item).__name__}")
            continue
        p.unknown_keys(item, {"name", "label", "points", "rules"}, path)
        item_name, label = p.text(item, "name", path), p.text(item, "label", path)
        if item_name in seen:
            p.add(f"{path}.name", f"{item_name!r} is used by an earlier item")
        seen.add(item_name)
        points = p.number(item, "points", path)
        rules = item.get("rules")
        if not isinstance(rules, list):
            p.add(f"{path}.rules", f"expected a list of rules, got {rules!r}")
            rules = []
        made = [_rule(p, r, f"{path}.rules[{k}]", label) for k, r in enumerate(rules)]
        items.append(ScoreItem(item_name, label, points, [r for r in made if r is not None]))
    if p.found or not items:
        return None
    return ScoreBook(name, source, items)


guard(globals())
