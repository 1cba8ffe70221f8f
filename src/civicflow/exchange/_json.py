"""Reading and writing JSON text, with every failure of the reading a SchemaError; a document
of a schema (a case, a policy, a calendar, a score book) checked for its ``schema`` key."""

from __future__ import annotations

import json
from typing import Any

from civicflow.errors import SchemaError

__all__ = ["MAX_DOCUMENT", "decode_json", "dump_json", "load_document", "load_json"]


#: The largest document read, in characters: far more than any case, policy or calendar.
MAX_DOCUMENT = 16 * 1024 * 1024


def load_json(text: str | bytes, what: str) -> Any:
    """JSON text (or UTF-8 bytes) as Python values, every failure a :class:`SchemaError`.

    Refuses bytes that are not UTF-8, documents over :data:`MAX_DOCUMENT`, nesting too deep
    to read, numbers too long to convert, ``NaN`` / ``Infinity``, and a key given twice in
    one object (the second value would replace the first without a word).
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SchemaError(
                what,
                [
                    f"$: not UTF-8 text (byte {exc.start}: {exc.object[exc.start : exc.start + 4]!r})"
                ],
            ) from None
    if not isinstance(text, str):
        raise SchemaError(what, [f"$: expected JSON text, got {type(text).__name__}"])
    if len(text) > MAX_DOCUMENT:
        raise SchemaError(
            what,
            [f"$: {len(text):,} characters is more than a document may hold ({MAX_DOCUMENT:,})"],
        )
    try:
        return decode_json(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(what, [f"$: not JSON: {exc}"]) from None
    except RecursionError:
        raise SchemaError(what, ["$: nested too deeply to be a document"]) from None
    except ValueError as exc:  # NaN, or a number of thousands of digits
        reason = str(exc)
        if "digits" in reason:
            reason = "a number with more digits than any field holds"
        raise SchemaError(what, [f"$: {reason}"]) from None


def load_document(text: str | bytes, what: str, schema: str) -> dict[str, Any]:
    """The JSON object of a document of ``schema``; a :class:`SchemaError` for anything else."""
    data = load_json(text, what)
    if not isinstance(data, dict):
        raise SchemaError(what, [f"$: expected a JSON object, got {type(data).__name__}"])
    found = data.get("schema")
    if found != schema:
        raise SchemaError(
            what,
            [
                f"$.schema: expected {schema!r}, got {found!r}; this version of civicflow reads {schema}"
            ],
        )
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refused when a key is given twice."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(
                    f"the key {key!r} is given twice in one object: the second value would "
                    "replace the first; keep one"
                )
            seen.add(key)
    return data


#: One decoder for every document (``json.loads`` with options builds one per call).
_DECODER = json.JSONDecoder(parse_constant=_no_constant, object_pairs_hook=_object)


def decode_json(text: str) -> Any:
    """JSON text as Python values, for readers that report a failure themselves: a
    ``ValueError`` for text that is not JSON, ``NaN``, or a key given twice in one object."""
    return _DECODER.decode(text)


def dump_json(data: dict[str, Any], indent: int | None = 2) -> str:
    """``data`` as JSON text: one line with ``indent=None``, non-ASCII kept as it is."""
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, indent=indent)
