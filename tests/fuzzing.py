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
