"""The cells of a column of an exported table read at once, as :mod:`~civicflow.exchange._cells`
reads each: the text of text columns, the moments of time columns.

A column comes as the Python values a reader of one row at a time would see (a list), or as
:class:`Stamps` (timestamps a source holds as integers: Parquet, pandas, polars), which are
converted as arrays. Text is read by ``cell_text`` itself; times in the forms
:func:`~civicflow.exchange._times.parse_times` reads as arrays are read so, naive
``datetime`` values are converted as an array, and any other cell by ``cell_time`` itself;
so a cell reads here exactly as a row reader reads it. A cell that is not what its column
should hold is marked, not explained: the row reader names its problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from civicflow.exchange._cells import cell_text, cell_time
from civicflow.exchange._times import Times, parse_times

__all__ = ["Stamps", "TimeCells", "blank_cells", "text_cells", "time_cells"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_EPOCH = dt.datetime(1970, 1, 1)
_AWARE_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)
_MIN_US = (dt.datetime.min - _EPOCH) // _US
_MAX_US = (dt.datetime.max - _EPOCH) // _US


@attrs.frozen(eq=False)
class Stamps:
    """A column of timestamps held as integers.

    Attributes:
        us: (n,) int64 microseconds since 1970 (of the wall time when ``offset`` is
            ``None``, of UTC when it is not).
        valid: (n,) the cells that hold a time (the others are empty).
        offset: the zone's fixed offset in microseconds, ``None`` for naive times.
    """

    us: I64
    valid: Bools
    offset: int | None = None


@attrs.frozen(eq=False)
class TimeCells:
    """The moments of a column's cells.

    Attributes:
        times: each cell's moment where ``times.ok``.
        present: (n,) the cells that are not empty (``present & ~times.ok``: not a moment).
    """

    times: Times
    present: Bools


Cells = Sequence[Any] | Stamps


def text_cells(cells: Cells) -> tuple[list[str], Bools]:
    """Each cell's text (``""`` for an empty one), and which cells hold text at all."""
    if isinstance(cells, Stamps):  # a time is no text; an empty cell is ""
        return [""] * cells.us.size, ~cells.valid
    texts: list[str] = []
    ok = np.ones(len(cells), dtype=bool)
    for k, value in enumerate(cells):
        if type(value) is str:
            texts.append(value.strip())
            continue
        try:
            texts.append(cell_text(value))
        except ValueError:
            texts.append("")
            ok[k] = False
    return texts, ok


def blank_cells(cells: Cells, rows: npt.NDArray[np.int64]) -> Bools:
    """(rows,) whether each of ``rows`` holds nothing (as ``cell_text_or_blank`` tells)."""
    if isinstance(cells, Stamps):
        out: Bools = ~cells.valid[rows]
        return out
    found = np.zeros(rows.size, dtype=bool)
    for k, row in enumerate(rows.tolist()):
        value = cells[row]
        if type(value) is str:
            found[k] = not value.strip()
            continue
        try:
            found[k] = cell_text(value) == ""
        except ValueError:
            found[k] = False
    return found


def time_cells(cells: Cells) -> TimeCells:
    """The moment of each cell, as ``cell_time`` reads it."""
    if isinstance(cells, Stamps):
        return _stamps(cells)
    n = len(cells)
    out = Times(n)
    present = np.zeros(n, dtype=bool)
    texts: list[str] = []
    at_text: list[int] = []
    moments: list[dt.datetime] = []
    at_moment: list[int] = []
    for k, value in enumerate(cells):
        if value is None:
            continue
        if type(value) is str:
            text = value.strip()
            if text:
                present[k] = True
                texts.append(text)
                at_text.append(k)
            continue
        if type(value) is not dt.datetime:
            try:
                value = cell_time(value)
            except ValueError:
                present[k] = True
                continue
            if value is None:
                continue
        present[k] = True
        moments.append(value)
        at_moment.append(k)
    if texts:
        parsed = parse_times(texts)
        where = np.asarray(at_text, dtype=np.int64)
        wide = np.fromiter(map(len, texts), np.int64, len(texts)) > 10
        good = parsed.ok & wide  # a date alone is no moment
        for name in ("us", "wall", "offset", "aware", "ok"):
            getattr(out, name)[where[good]] = getattr(parsed, name)[good]
        for k in np.flatnonzero(~parsed.ok).tolist():  # the forms exports write, one by one
            try:
                moment = cell_time(texts[k])
            except ValueError:
                continue
            assert moment is not None
            moments.append(moment)
            at_moment.append(at_text[k])
    _moments(out, moments, at_moment)
    return TimeCells(out, present)


def _moments(out: Times, moments: list[dt.datetime], where: list[int]) -> None:
    """Fill ``out`` at ``where`` with ``moments``: naive ones as an array, aware ones each."""
    naive = [k for k, m in enumerate(moments) if m.tzinfo is None]
    if naive:
        rows = np.asarray([where[k] for k in naive], dtype=np.int64)
        values = np.array([moments[k] for k in naive], dtype="datetime64[us]").astype(np.int64)
        out.us[rows] = values
        out.wall[rows] = values
        out.ok[rows] = True
    for k, m in enumerate(moments):
        if m.tzinfo is None:
            continue
        offset = m.utcoffset()
        if offset is None:  # a zone that gives no offset: the row reader says so
            continue
        row = where[k]
        out.wall[row] = (m.replace(tzinfo=None) - _EPOCH) // _US
        out.offset[row] = offset // _US
        out.us[row] = (m - _AWARE_EPOCH) // _US
        out.aware[row] = True
        out.ok[row] = True


def _stamps(cells: Stamps) -> TimeCells:
    n = cells.us.size
    out = Times(n)
    us = cells.us
    offset = 0 if cells.offset is None else cells.offset
    wall = us + offset
    ok = cells.valid & (us >= _MIN_US) & (us <= _MAX_US) & (wall >= _MIN_US) & (wall <= _MAX_US)
    out.us = np.where(ok, us, 0)
    out.wall = np.where(ok, wall, 0)
    out.offset[:] = offset
    out.aware[:] = cells.offset is not None
    out.ok = ok
    return TimeCells(out, cells.valid.copy())
