"""What the fuzz properties share: any input gives a value or a CivicflowError, nothing else."""

from __future__ import annotations

import json
from collections.abc import Callable

from hypothesis import strategies as st

import civicflow as cf

#: Any JSON value, small.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def refusal(
    call: Callable[[], object], error: type[Exception] = cf.CivicflowError
) -> Exception | None:
    """``None`` when ``call`` returns, its error when it raises ``error``.

    Any other exception propagates, and fails the property that called it.
    """
    try:
        call()
    except error as exc:
        return exc
    return None


def mutated(document: dict[str, object], data: st.DataObject) -> str:
    """The document as JSON with one field replaced by any JSON value, dropped, or added."""
    out = dict(document)
    key = data.draw(st.sampled_from([*out, "extra"]))
    if data.draw(st.booleans()) and key in out:
        del out[key]
    else:
        out[key] = data.draw(json_values)
    return json.dumps(out)


#: What a garbled text gets: quotes, separators, line breaks, brackets, digits, CJK.
PIECES = (
    '"',
    ",",
    "\n",
    "\r",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\\",
    " ",
    "x",
    "0",
    "9",
    "日",
    "月",
    "、",
    "（",
)


def garbled(text: str, data: st.DataObject) -> str:
    """``text`` with a few characters deleted, inserted or replaced (quotes, commas, line
    breaks, braces and CJK among them)."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(chars)))
        what = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = data.draw(st.sampled_from(PIECES))
        if what == "delete" and at < len(chars):
            del chars[at]
        elif what == "replace" and at < len(chars):
            chars[at] = piece
        else:
            chars.insert(at, piece)
    return "".join(chars)


class Pairs(list[tuple[str, object]]):
    """A JSON object as its pairs, in order, a key given twice kept twice."""


def pairs(text: str) -> object:
    """The JSON value of ``text`` with each object as its :class:`Pairs`."""
    return json.loads(text, object_pairs_hook=Pairs)


def dumped(value: object) -> str:
    """:func:`pairs`' value as JSON text again, a key given twice written twice."""
    if isinstance(value, Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {dumped(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dumped(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _objects(value: object) -> list[Pairs]:
    found: list[Pairs] = []
    if isinstance(value, Pairs):
        found.append(value)
        for _, v in value:
            found += _objects(v)
    elif isinstance(value, list):
        for v in value:
            found += _objects(v)
    return found


def doubled(text: str, data: st.DataObject) -> str:
    """``text`` (a JSON document) with one key of one of its objects given again, with
    another value: a reader that kept either value would lose the other without a word."""
    tree = pairs(text)
    objects = [o for o in _objects(tree) if o]
    chosen = data.draw(st.sampled_from(objects))
    key, value = data.draw(st.sampled_from(list(chosen)))
    plain = st.none() | st.booleans() | st.integers(-99, 99) | st.text(max_size=8)
    again = data.draw(plain.filter(lambda v: v != value))
    chosen.insert(data.draw(st.integers(0, len(chosen))), (key, again))
    return dumped(tree)
