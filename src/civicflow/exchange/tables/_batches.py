"""Exported tables a batch of rows at a time, as columns: CSV and sheet rows gathered, Parquet
record batches, pandas and polars frames sliced.

A :class:`Batch` gives each column's cells (the values a reader of one row at a time sees, or
:class:`~civicflow.exchange.tables._cell_columns.Stamps` for the timestamps a source keeps as
integers), whether rows are blank, and each row as
:func:`~civicflow.exchange.tables.files.table_rows` gives it, for the rows the columns leave
to the row reader.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from civicflow.exchange._cells import Cell
from civicflow.exchange._extras import extra
from civicflow.exchange.documents import InputError, InputFileError
from civicflow.exchange.tables._arrow_layout import zone_of
from civicflow.exchange.tables._cell_columns import Cells, Stamps, blank_cells

__all__ = ["Batch", "arrow_batches", "frame_batches", "row_batches"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_MAX_US = (dt.datetime.max - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)
_SCALE = {"s": 1_000_000, "ms": 1_000, "us": 1}

#: What a source gives: a batch (or none), and the error that ended the reading (or none).
Batches = Iterator[tuple["Batch | None", BaseException | None]]


class Batch:
    """Rows of a table: their numbers, their columns' cells, and each row as a row reader
    sees it.

    Args:
        numbers: (rows,) each row's number.
        names: the columns a row may have.
        cells: the cells of a column by name (a column a row lacks: ``None`` cells).
        row: row ``k`` as the row reader sees it (column -> cell).
    """

    def __init__(
        self,
        numbers: I64,
        names: list[str],
        cells: Callable[[str], Cells],
        row: Callable[[int], Mapping[str, Cell]],
    ) -> None:
        self.numbers = numbers
        self.names = names
        self._cells = cells
        self._row = row
        self._cache: dict[str, Cells] = {}

    def cells(self, name: str) -> Cells:
        """The cells of column ``name``."""
        if name not in self._cache:
            self._cache[name] = self._cells(name)
        return self._cache[name]

    def blank(self, name: str, rows: I64) -> Bools:
        """(rows,) whether the cell of column ``name`` of each of ``rows`` is empty."""
        return blank_cells(self.cells(name), rows)

    def row(self, k: int) -> Mapping[str, Cell]:
        """Row ``k`` (an index into the batch) as the row reader sees it.

        Raises:
            InputError: a cell no row reader can hold (a time past the year 9999).
        """
        return self._row(k)


def _gathered(source: Iterator[Any], size: int) -> Iterator[tuple[list[Any], BaseException | None]]:
    """``size`` items at a time, and the error that ended the source early."""
    while True:
        got: list[Any] = []
        try:
            for _ in range(size):
                got.append(next(source))
        except StopIteration:
            if got:
                yield got, None
            return
        except Exception as exc:  # the row reader raises it after the rows before it
            yield got, exc
            return
        yield got, None


def row_batches(rows: Iterator[tuple[int, Mapping[str, Cell]]], size: int) -> Batches:
    """Batches of rows read one at a time (CSV, a sheet): each row a mapping of its cells."""
    for got, stopped in _gathered(rows, size):
        if not got:
            yield None, stopped
            continue
        numbers = np.asarray([n for n, _ in got], dtype=np.int64)
        dicts = [r for _, r in got]
        names = list(dict.fromkeys(k for r in dicts for k in r))

        def cells(name: str, dicts: list[Mapping[str, Cell]] = dicts) -> Cells:
            return [r.get(name) for r in dicts]

        yield Batch(numbers, names, cells, dicts.__getitem__), stopped


class _ArrowBatch(Batch):
    """A record batch: blank cells told by type, timestamps kept as integers."""

    def __init__(self, numbers: I64, batch: Any) -> None:
        self.batch = batch
        super().__init__(numbers, list(batch.schema.names), self._arrow_cells, self._arrow_row)

    def _array(self, name: str) -> Any:
        pa = extra("pyarrow", "parquet", "reading Parquet")
        array = self.batch.column(name)
        if pa.types.is_dictionary(array.type):
            array = array.dictionary_decode()
        return array

    def _arrow_cells(self, name: str) -> Cells:
        pa = extra("pyarrow", "parquet", "reading Parquet")
        n = len(self.numbers)
        if name not in self.names:
            return [None] * n
        array = self._array(name)
        kind = array.type
        if pa.types.is_timestamp(kind) and kind.unit in _SCALE:
            zone = None if kind.tz is None else zone_of(kind.tz)
            if kind.tz is None or isinstance(zone, dt.timezone):
                raw = np.asarray(array.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
                valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
                offset = None
                if zone is not None:
                    found = zone.utcoffset(None)
                    offset = 0 if found is None else found // dt.timedelta(microseconds=1)
                return Stamps(_scaled(raw, _SCALE[kind.unit]), valid, offset)
        try:
            return list(array.to_pylist())
        except (ValueError, OverflowError, pa.ArrowException):
            return [_cell(array, k) for k in range(n)]

    def blank(self, name: str, rows: I64) -> Bools:
        pa = extra("pyarrow", "parquet", "reading Parquet")
        pc = extra("pyarrow.compute", "parquet", "reading Parquet")
        array = self._array(name).take(pa.array(rows, pa.int64()))
        kind = array.type
        t = pa.types
        view = getattr(t, "is_string_view", lambda _: False)
        if t.is_string(kind) or t.is_large_string(kind) or view(kind):
            try:
                values = array.to_pylist()
            except ValueError:  # bytes that are not UTF-8: such a cell is not empty
                values = [_cell(array, k) for k in range(len(array))]
            return np.asarray(
                [v is None or (isinstance(v, str) and not v.strip()) for v in values], dtype=bool
            )
        empty = ~np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        if t.is_floating(kind):
            nan = pc.is_nan(array).fill_null(True).to_numpy(zero_copy_only=False)
            empty |= np.asarray(nan, dtype=bool)
        return empty  # any other value, even a zero or a date, fills its cell

    def _arrow_row(self, k: int) -> Mapping[str, Cell]:
        pa = extra("pyarrow", "parquet", "reading Parquet")
        try:
            found: dict[str, Cell] = self.batch.slice(k, 1).to_pylist()[0]
        except (ValueError, OverflowError, pa.ArrowException):
            for name in self.names:
                try:
                    self.batch.column(name).slice(k, 1).to_pylist()
                except (ValueError, OverflowError, pa.ArrowException) as exc:
                    raise InputError(
                        int(self.numbers[k]),
                        (f"column {name}: a value no table row can hold ({exc})",),
                        unit="row",
                    ) from None
            raise
        return found


class _Unreadable:
    """A cell pyarrow cannot give as a Python value (a time past the year 9999)."""


def _cell(array: Any, k: int) -> Any:
    try:
        return array[k].as_py()
    except (ValueError, OverflowError):
        return _Unreadable()


def _scaled(raw: I64, scale: int) -> I64:
    """Times in a unit of ``scale`` microseconds as microseconds; one past the range a
    datetime holds where they would overflow."""
    if scale == 1:
        return raw
    limit = _MAX_US // scale
    out = raw * scale
    out[np.abs(raw) > limit] = _MAX_US + 1
    return out


def arrow_batches(path: Path, size: int) -> Batches:
    """The record batches of a Parquet file, rows numbered from 1."""
    pa = extra("pyarrow", "parquet", "reading Parquet")
    pq = extra("pyarrow.parquet", "parquet", "reading Parquet")
    try:
        source = pq.ParquetFile(str(path))
    except (OSError, pa.ArrowException) as exc:
        yield None, InputFileError(0, (f"{path.name} cannot be read as Parquet: {exc}",), 0)
        return
    first = 1
    with contextlib.closing(source):
        batches = source.iter_batches(batch_size=size)
        while True:
            try:
                batch = next(batches, None)
            except (OSError, pa.ArrowException) as exc:
                yield None, InputFileError(first, (f"{path.name}: {exc}",), 0, unit="row")
                return
            if batch is None:
                return
            numbers = np.arange(first, first + batch.num_rows, dtype=np.int64)
            yield _ArrowBatch(numbers, batch), None
            first += batch.num_rows


def frame_batches(frame: Any, size: int) -> Batches:
    """A pandas or polars DataFrame ``size`` rows at a time, rows numbered from 1."""
    module = type(frame).__module__.split(".")[0]
    if module == "polars":
        yield from _polars(frame, size)
        return
    keys = [str(c).strip() for c in frame.columns]
    where = {k: j for j, k in enumerate(keys)}
    for at in range(0, len(frame), size):
        part = frame.iloc[at : at + size]
        n = len(part)
        numbers = np.arange(at + 1, at + 1 + n, dtype=np.int64)
        lists: dict[int, list[Any]] = {}

        def python(j: int, part: Any = part, lists: dict[int, list[Any]] = lists) -> list[Any]:
            if j not in lists:
                lists[j] = list(part.iloc[:, j])
            return lists[j]

        def cells(name: str, part: Any = part, n: int = n, python: Any = python) -> Cells:
            j = where.get(name)
            if j is None:
                return [None] * n
            values = part.iloc[:, j].to_numpy() if part.dtypes.iloc[j].kind == "M" else None
            if values is not None and values.dtype.kind == "M":  # naive datetime64
                unit = np.datetime_data(values.dtype)[0]
                raw = values.view(np.int64)
                valid = ~np.isnat(values)
                if unit == "ns":
                    return Stamps(np.floor_divide(raw, 1000), valid)
                if unit in _SCALE:
                    return Stamps(_scaled(raw.copy(), _SCALE[unit]), valid)
            return list(python(j))

        def row(k: int, python: Any = python) -> Mapping[str, Cell]:
            return dict(zip(keys, (python(j)[k] for j in range(len(keys))), strict=True))

        yield Batch(numbers, keys, cells, row), None


def _polars(frame: Any, size: int) -> Batches:
    names = list(frame.columns)
    for at in range(0, frame.height, size):
        part = frame.slice(at, size)
        n = part.height
        numbers = np.arange(at + 1, at + 1 + n, dtype=np.int64)
        lists: dict[str, list[Any]] = {}

        def python(name: str, part: Any = part, lists: dict[str, list[Any]] = lists) -> list[Any]:
            if name not in lists:
                lists[name] = part.get_column(name).to_list()
            return lists[name]

        def cells(name: str, part: Any = part, n: int = n, python: Any = python) -> Cells:
            if name not in names:
                return [None] * n
            series = part.get_column(name)
            kind = series.dtype
            unit = getattr(kind, "time_unit", None)
            if unit in ("us", "ms") and getattr(kind, "time_zone", "") is None:
                valid = ~np.asarray(series.is_null().to_numpy(), dtype=bool)
                raw = np.asarray(series.to_physical().fill_null(0).to_numpy(), dtype=np.int64)
                return Stamps(_scaled(raw, _SCALE[unit]), valid)
            return list(python(name))

        def row(k: int, python: Any = python) -> Mapping[str, Cell]:
            return {name: python(name)[k] for name in names}

        yield Batch(numbers, names, cells, row), None
