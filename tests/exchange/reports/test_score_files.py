"""Score books from JSON: a valid book loads, anything else lists every problem at once."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import compliance as co
from civicflow.compliance.scores import PerCase, ScoreBook, ScoreItem, Shortfall
from civicflow.exchange.reports.score_files import SCORE_BOOK_SCHEMA, score_book_from_json
from tests.fuzzing import garbled, json_values, refusal

DOCUMENT: dict[str, Any] = {
    "schema": SCORE_BOOK_SCHEMA,
    "name": "our-district",
    "source": "our rules 2026",
    "items": [
        {"name": "on_time", "label": "按期结案率", "points": 60, "rules": [
            {"rate": {"numerator": ["closed_on_time"], "base": ["due"], "minus": ["parked_due"]},
             "threshold": 0.8, "off_per_point": 2}]},
        {"name": "rework", "label": "返工", "points": 10, "rules": [
            {"count": "reworked", "off_each": 0.5, "minus": "reworked_thrice"},
            {"count": "reworked_thrice", "off_each": 1}]},
    ],
}  # fmt: skip


COMPOSITE: dict[str, Any] = {
    "schema": SCORE_BOOK_SCHEMA,
    "name": "city",
    "source": "ours",
    "parts": [
        {"book": "jinhua", "weight": 0.4},
        {"book": {k: v for k, v in DOCUMENT.items() if k != "schema"}, "weight": 0.6},
    ],
}


def test_a_book_written_as_json_is_the_book_built_in_python() -> None:
    rate = co.Rate("rate", "按期结案率", ["closed_on_time"], ["due"], ["parked_due"])
    assert score_book_from_json(json.dumps(DOCUMENT)) == ScoreBook(
        "our-district",
        "our rules 2026",
        [
            ScoreItem("on_time", "按期结案率", 60, [Shortfall(rate, 0.8, 2)]),
            ScoreItem("rework", "返工", 10, [
                PerCase("reworked", 0.5, "reworked_thrice"), PerCase("reworked_thrice", 1)]),
        ],
    )  # fmt: skip
    book = score_book_from_json(json.dumps(DOCUMENT))
    # 75 % on time: 5 points below 80 %, 2 each; 3 cases sent back, one of them thrice.
    tally = co.counts_of({"due": 100, "closed_on_time": 75, "reworked": 3, "reworked_thrice": 1})
    assert (book.score(tally).item("on_time"), book.score(tally).item("rework")) == (
        Fraction(50),
        Fraction(8),
    )


def test_every_problem_is_listed_with_its_path() -> None:
    bad = copy.deepcopy(DOCUMENT)
    bad["name"] = ""
    bad["items"][0]["points"] = -5
    bad["items"][0]["rules"][0]["threshold"] = 80
    bad["items"][0]["rules"][0]["rate"]["base"] = ["dew"]
    bad["items"][1]["name"] = "on_time"
    bad["items"][1]["rules"][0]["count"] = "rewrked"
    bad["items"][1]["rules"].append({"points": 1})
    bad["colour"] = "red"
    with pytest.raises(cf.SchemaError) as info:
        score_book_from_json(json.dumps(bad))
    problems = info.value.problems
    assert [p.split(":")[0] for p in problems] == [
        "$.colour", "$.name", "$.items[0].points", "$.items[0].rules[0].rate.base[0]",
        "$.items[0].rules[0].threshold", "$.items[1].name", "$.items[1].rules[0].count",
        "$.items[1].rules[2]",
    ]  # fmt: skip
    assert problems[4] == (
        "$.items[0].rules[0].threshold: expected a share above 0 and at most 1, got 80"
    )
    assert "unknown count 'dew'" in problems[3]


def mutate(document: Any, data: st.DataObject) -> Any:
    """The document with one value somewhere inside it replaced, dropped or added."""
    if isinstance(document, dict) and document and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(document)))
        out = dict(document)
        choice = data.draw(st.sampled_from(("deeper", "replace", "drop")))
        if choice == "deeper":
            out[key] = mutate(out[key], data)
        elif choice == "replace":
            out[key] = data.draw(json_values)
        else:
            del out[key]
        return out
    if isinstance(document, list) and document and data.draw(st.booleans()):
        n = data.draw(st.integers(0, len(document) - 1))
        return [*document[:n], mutate(document[n], data), *document[n + 1 :]]
    return data.draw(json_values)


@given(st.data())
def test_any_text_gives_a_book_or_a_schema_error(data: st.DataObject) -> None:
    text = data.draw(
        st.one_of(
            st.sampled_from([DOCUMENT, COMPOSITE]).map(
                lambda d: json.dumps(mutate(d, data), ensure_ascii=False)
            ),
            st.just(json.dumps(DOCUMENT, ensure_ascii=False)).map(lambda t: garbled(t, data)),
            st.text(max_size=30),
            st.binary(max_size=30),
        )
    )
    error = refusal(lambda: score_book_from_json(text))
    if error is None:
        book = score_book_from_json(text)
        assert 0 <= book.score(co.Tally()).total <= book.out_of
    else:
        assert isinstance(error, cf.SchemaError)
        assert error.problems


def test_tiers_caps_and_composites_load_from_json() -> None:
    from civicflow.compliance.scores import Composite, Tiers

    tiered = copy.deepcopy(DOCUMENT)
    tiered["items"][0]["rules"] = [
        {
            "rate": {"numerator": ["closed_on_time"], "base": ["due"]},
            "tiers": [[0.9, 60], [0.8, 40]],
        }
    ]
    tiered["items"][1]["rules"][0]["max_off"] = 2
    book = score_book_from_json(json.dumps(tiered))
    assert isinstance(book, ScoreBook)
    assert isinstance(book.items[0].rules[0], Tiers)
    assert book.items[1].rules[0] == PerCase("reworked", 0.5, "reworked_thrice", max_off=2)
    tally = co.counts_of({"due": 100, "closed_on_time": 85, "reworked": 9})
    assert (book.score(tally).item("on_time"), book.score(tally).item("rework")) == (
        Fraction(40),
        Fraction(8),
    )
    inner = {k: v for k, v in DOCUMENT.items() if k != "schema"}
    composite = {"schema": SCORE_BOOK_SCHEMA, "name": "city", "source": "ours",
                 "parts": [{"book": "jinhua", "weight": 0.4}, {"book": inner, "weight": 0.6}]}  # fmt: skip
    made = score_book_from_json(json.dumps(composite))
    assert isinstance(made, Composite)
    assert [(p.name, p.weight) for p in made.parts] == [("jinhua", 0.4), ("our-district", 0.6)]
    assert made.out_of == 100


def test_every_problem_of_a_composite_or_a_tier_is_listed() -> None:
    inner = {k: v for k, v in DOCUMENT.items() if k != "schema"}
    bad_inner = copy.deepcopy(inner)
    bad_inner["items"][0]["rules"] = [
        {"rate": {"numerator": ["closed"], "base": ["due"]}, "tiers": [[90, 60], "x"]}
    ]
    bad = {"schema": SCORE_BOOK_SCHEMA, "name": "city", "source": "ours", "parts": [
        {"book": "nanjing", "weight": 0.4}, {"book": bad_inner, "weight": 0.7},
        {"book": "jinhua", "weight": 0}, {"book": 3, "weight": 0.1, "size": 1}]}  # fmt: skip
    with pytest.raises(cf.SchemaError) as info:
        score_book_from_json(json.dumps(bad))
    paths = [p.split(":")[0] for p in info.value.problems]
    assert paths == [
        "$.parts[0].book", "$.parts[1].book.items[0].rules[0].tiers[0]",
        "$.parts[1].book.items[0].rules[0].tiers[1]", "$.parts[2].weight", "$.parts[3].size",
        "$.parts[3].book",
    ]  # fmt: skip
    assert "no shipped book 'nanjing'; they are: jinhua" in info.value.problems[0]
