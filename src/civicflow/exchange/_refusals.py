"""A problem of the input counted, then raised or reported: what every reader of every room
does with the lines, rows and files it cannot take, so that nothing is dropped uncounted."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from civicflow.exchange.documents import Bad, InputError, InputFileError, InputStats

__all__ = ["fail", "refuse"]


def refuse(error: InputFileError, stats: InputStats) -> NoReturn:
    """Count a problem with the whole input, and stop the reading."""
    stats.bad += 1
    stats.bad_lines += error.lines
    raise error


def fail(error: InputError, on_bad: Bad | None, stats: InputStats) -> None:
    """Count a bad line and report it to ``on_bad``, or raise it when there is none."""
    stats.bad += 1
    stats.bad_lines += error.lines
    if on_bad is None:
        raise error
    on_bad(error)
