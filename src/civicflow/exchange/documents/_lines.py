"""What a reader of lines in batches is given, checked: its source, the lines of a batch, the
number of its first line, and the kind of each line."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar, cast

from civicflow._arguments import guarded
from civicflow.errors import ArgumentError, ArgumentTypeError, shown
from civicflow.exchange.documents.ingest import InputFileError

P = ParamSpec("P")
R = TypeVar("R")

#: The most lines in one batch.
MOST_BATCH = 10**7
#: The highest number of a first line.
MOST_FIRST = 10**15


def reader(function: Callable[P, R]) -> Callable[P, R]:
    """``function``, a reader of ``source`` a ``batch`` of lines at a time numbered from
    ``first``, with these checked before it reads, and any other failure blamed on the
    argument that does not fit its annotation (:func:`~civicflow._arguments.guarded`)."""
    signature = inspect.signature(function)
    checked = guarded(function)

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        given = signature.bind(*args, **kwargs)
        given.apply_defaults()
        source = given.arguments["source"]
        if isinstance(source, str) or not isinstance(source, Iterable | bytes | bytearray):
            words = "a binary file, its bytes, or its lines (text or bytes)"
            raise ArgumentTypeError("source", source, words)
        _count("batch", given.arguments["batch"], MOST_BATCH)
        _count("first", given.arguments["first"], MOST_FIRST)
        return cast(R, checked(*args, **kwargs))

    return call


def _count(name: str, value: Any, most: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(name, value, "a whole number")
    if not 1 <= value <= most:
        raise ArgumentError(f"{name!r} must be 1 to {most:,} (got {shown(value)})")


def line_kind(chunk: list[Any], first: int) -> type:
    """``str`` or ``bytes``: the kind of the first line of ``chunk`` (lines numbered from
    ``first``), each line checked to be of it.

    Raises:
        InputFileError: a line that is not of that kind (text mixed with bytes, or no line).
    """
    kind = str if isinstance(chunk[0], str) else bytes
    if not all(type(line) is kind for line in chunk):  # one pass, for the common case
        allowed = str if kind is str else bytes | bytearray
        for n, line in enumerate(chunk, first):
            if not isinstance(line, allowed):
                what = f"a {type(line).__name__}, not a line of text or of bytes"
                raise InputFileError(n, (what,), 0)
    return kind
