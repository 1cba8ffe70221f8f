"""Reading exported tables: CSV, Excel ``.xlsx``, Parquet and data frames, a row at a time.

Each source gives its header and its rows (column -> cell) to
:func:`~civicflow.exchange.tables.mappings.cases_of_rows`. CSV and Parquet are read in chunks, in
constant memory; a workbook is checked before it is opened: one that would unpack to far more
than its size, or a sheet past :class:`TableLimits`, is refused before it fills memory. Nothing
read is evaluated: a spreadsheet's formulas are read as the values it saved, never run.

The heavy readers are optional extras: ``civicflow[excel]`` (python-calamine),
``civicflow[parquet]`` (pyarrow), ``civicflow[pandas]``; a missing one is an
:class:`~civicflow.ArgumentError` that names it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from civicflow._arguments import guard
from civicflow.cases.case import Case
from civicflow.errors import ArgumentError
from civicflow.exchange._cells import Cell
from civicflow.exchange._extras import extra
from civicflow.exchange.documents import Bad, InputError, InputFileError, InputStats, decoded_lines
from civicflow.exchange.tables.mappings import TableMapping, cases_of_rows

__all__ = ["TABLE_FORMATS", "TableLimits", "read_table", "table_rows"]

#: The table formats, by file suffix.
TABLE_FORMATS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                 ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip

Row = tuple[int, Mapping[str, Cell]]


class Rows(Iterator[Row]):
    """The rows of a table, one at a time; :meth:`close` lets go of the file, read or not."""

    def __init__(self, rows: Iterator[Row], close: Callable[[], object] = lambda: None) -> None:
        self._rows, self._close = rows, close

    def __next__(self) -> Row:
        return next(self._rows)

    def close(self) -> None:
        """Let go of the file (the rows may not all have been read)."""
        self._close()


@attrs.frozen
class TableLimits:
    """How large a workbook may be before it is refused unread.

    Attributes:
        rows: rows of a sheet (Excel's own limit is 1,048,576).
        columns: columns of a sheet (an export has tens; Excel's limit is 16,384).
        unpacked: bytes the workbook's parts may unpack to in all.
        ratio: how many times its own size the workbook may unpack to (a real export
            packs 5 to 30 times; a zip bomb, thousands).
    """

    rows: int = 1_048_576
    columns: int = 1_024
    unpacked: int = 2 * 1024**3
    ratio: int = 200


def table_rows(
    source: str | Path | Any,
    *,
    sheet: str | None = None,
    encoding: str = "utf-8",
    limits: TableLimits = TableLimits(),
) -> tuple[list[str], Rows]:
    """The header and the rows of a table: a file (by its suffix) or a data frame.

    Rows are numbered as their source numbers them: a CSV by its lines, a sheet as the
    spreadsheet shows it (the header on its first row), Parquet and data frames from 1 for
    the first row of data.

    Raises:
        InputFileError: an empty table, a header with a column twice or a blank name, a
            workbook over its limits, a sheet that is not there, a file that is not what
            its suffix says.
        ArgumentError: an unknown suffix, or the extra the format needs is not installed.
    """
    if not isinstance(source, str | Path):
        if sheet is not None:
            raise ArgumentError(f"only a workbook has sheets (got sheet {sheet!r} for a DataFrame)")
        return _frame_rows(source)
    path = Path(source)
    kind = TABLE_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ArgumentError(
            f"{path.name}: a table is .csv, .xlsx or .parquet (got {path.suffix or 'no suffix'!r})"
        )
    if sheet is not None and kind != "xlsx":
        raise ArgumentError(f"{path.name}: only a workbook has sheets (got sheet {sheet!r})")
    if kind == "csv":
        return _csv_rows(path, encoding)
    if kind == "xlsx":
        return _xlsx_rows(path, sheet, limits)
    return _parquet_rows(path)


def read_table(
    source: str | Path | Any,
    mapping: TableMapping,
    *,
    sheet: str | None = None,
    encoding: str = "utf-8",
    limits: TableLimits = TableLimits(),
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
) -> Iterator[tuple[int, Case]]:
    """The cases of an exported table (CSV, ``.xlsx``, Parquet, or a pandas or polars data
    frame), one per row, read through ``mapping``; each with its row number.

    Raises:
        InputFileError: the table as a whole cannot be read (see :func:`table_rows`), or
            it lacks columns the mapping reads.
        InputError: a bad row, unless ``on_bad`` takes it.
    """
    header, rows = table_rows(source, sheet=sheet, encoding=encoding, limits=limits)
    cases = cases_of_rows(header, rows, mapping, on_bad=on_bad, stats=stats)
    try:
        first = next(cases, None)  # the problems of the table as a whole, now
    except BaseException:
        rows.close()
        raise
    return _closing(first, cases, rows)


def _closing(
    first: tuple[int, Case] | None, cases: Iterator[tuple[int, Case]], rows: Rows
) -> Iterator[tuple[int, Case]]:
    try:
        if first is not None:
            yield first
            yield from cases
    finally:
        rows.close()  # the file, whether or not the rows were read to the end


def _checked_header(names: Iterable[object], row: int) -> list[str]:
    header = ["" if n is None else str(n).strip() for n in names]
    while header and not header[-1]:
        header.pop()  # trailing empty cells of a spreadsheet's first row
    problems = []
    if not header:
        problems.append("the table is empty: it has no header row")
    if "" in header:
        problems.append(f"column {header.index('') + 1} of the header has no name")
    twice = sorted({n for n in header if n and header.count(n) > 1})
    if twice:
        problems.append(f"column {', '.join(twice)} appears twice in the header")
    if problems:
        raise InputFileError(row, tuple(problems), 0, unit="row")
    return header


def _csv_rows(path: Path, encoding: str) -> tuple[list[str], Rows]:
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputFileError(0, (f"cannot read {path}: {exc.strerror}",), 0) from None
    lines = decoded_lines(raw, encoding)
    reader = csv.reader(lines, strict=True)
    try:
        try:
            first = next(reader, None)
        except csv.Error as exc:
            raise InputFileError(1, (f"the header is not CSV: {exc}",), 0) from None
        if first is None:
            raise InputFileError(1, ("the table is empty: it has no header row",), 0)
        header = _checked_header(first, 1)
    except BaseException:
        raw.close()
        raise

    def rows() -> Iterator[Row]:
        with raw:
            while True:
                start = reader.line_num + 1
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise InputError(start, (f"not CSV: {exc}",)) from None
                if len(record) != len(header) and any(record):
                    raise InputError(
                        start,
                        (f"{len(record)} fields where the header has {len(header)}",),
                        reader.line_num - start + 1,
                    )
                yield start, dict(zip(header, record, strict=False))

    return header, Rows(rows(), raw.close)


_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + c - 64
    return n


def _check_workbook(path: Path, limits: TableLimits) -> None:
    """Refuse a workbook that would unpack to far more than its size, or whose sheets say
    they are larger than the limits, before anything is unpacked."""
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
            unpacked = sum(i.file_size for i in parts)
            if unpacked > limits.unpacked or unpacked > limits.ratio * max(size, 1):
                raise InputFileError(
                    0,
                    (
                        f"{path.name} would unpack to {unpacked:,} bytes from {size:,}: more "
                        f"than a workbook may (limits: {limits.unpacked:,} bytes, "
                        f"{limits.ratio} times its size); refused unread",
                    ),
                    0,
                    unit="row",
                )
            for part in parts:
                if not (
                    part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
                ):
                    continue
                with z.open(part) as f:
                    head = f.read(4096)
                found = _DIMENSION.search(head)
                if found is None:
                    continue
                rows = int(found.group(4) or found.group(2))
                columns = _column_number(found.group(3) or found.group(1))
                if rows > limits.rows or columns > limits.columns:
                    raise InputFileError(
                        0,
                        (
                            f"{path.name}: a sheet of {rows:,} rows and {columns:,} columns is "
                            f"past the limits ({limits.rows:,} rows, {limits.columns:,} "
                            "columns); refused unread",
                        ),
                        0,
                        unit="row",
                    )
    except zipfile.BadZipFile:
        raise InputFileError(
            0, (f"{path.name} is not an .xlsx workbook (not a zip file)",), 0
        ) from None


def _xlsx_rows(path: Path, sheet: str | None, limits: TableLimits) -> tuple[list[str], Rows]:
    calamine = extra("python_calamine", "excel", "reading .xlsx")
    try:
        _check_workbook(path, limits)
    except OSError as exc:
        raise InputFileError(0, (f"cannot read {path}: {exc.strerror}",), 0) from None
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        if sheet is None:
            data = book.get_sheet_by_index(0)
        elif sheet in book.sheet_names:
            data = book.get_sheet_by_name(sheet)
        else:
            raise InputFileError(
                0,
                (f"{path.name} has no sheet {sheet!r}; its sheets: {', '.join(book.sheet_names)}",),
                0,
            )
    except calamine.CalamineError as exc:
        raise InputFileError(0, (f"{path.name} cannot be read as a workbook: {exc}",), 0) from None
    if data.height > limits.rows or data.width > limits.columns:
        raise InputFileError(
            0,
            (
                f"{path.name}: a sheet of {data.height:,} rows and {data.width:,} columns is past the limits",
            ),
            0,
            unit="row",
        )
    cells = data.iter_rows()  # from the sheet's first row, blank rows included
    # the header: the first row with something in it
    found = next(((n, v) for n, v in enumerate(cells, 1) if any(c != "" for c in v)), None)
    first_row, first = found if found is not None else (0, None)
    if first is None:
        raise InputFileError(1, ("the table is empty: it has no header row",), 0, unit="row")
    header = _checked_header(first, first_row)

    def rows() -> Iterator[Row]:
        for k, values in enumerate(cells, first_row + 1):
            yield k, {name: _sheet_cell(v) for name, v in zip(header, values, strict=False)}

    return header, Rows(rows(), book.close)


def _sheet_cell(value: Any) -> Cell:
    """A workbook's cell: a date cell is the moment its day begins, as Excel stores it."""
    if value == "":
        return None
    if type(value) is dt.date:
        return dt.datetime.combine(value, dt.time())
    return value  # type: ignore[no-any-return]


def _parquet_rows(path: Path) -> tuple[list[str], Rows]:
    pq = extra("pyarrow.parquet", "parquet", "reading Parquet")
    pa = extra("pyarrow", "parquet", "reading Parquet")
    try:
        table = pq.ParquetFile(str(path))
    except (OSError, pa.ArrowException) as exc:
        raise InputFileError(
            0, (f"{path.name} cannot be read as Parquet: {exc}",), 0, unit="row"
        ) from None
    header = _checked_header(table.schema_arrow.names, 1)

    def rows() -> Iterator[Row]:
        n = 0
        for batch in table.iter_batches(batch_size=8192):
            for row in batch.to_pylist():
                n += 1
                yield n, row

    return header, Rows(rows(), table.close)


def _frame_rows(frame: Any) -> tuple[list[str], Rows]:
    module = type(frame).__module__.split(".")[0]
    if module == "pandas":
        header = _checked_header(list(frame.columns), 1)
        columns = list(frame.columns)

        def pandas_rows() -> Iterator[Row]:
            for n, values in enumerate(frame.itertuples(index=False, name=None), 1):
                yield n, dict(zip((str(c).strip() for c in columns), values, strict=True))

        return header, Rows(pandas_rows())
    if module == "polars":
        header = _checked_header(frame.columns, 1)

        def polars_rows() -> Iterator[Row]:
            yield from enumerate(frame.iter_rows(named=True), 1)

        return header, Rows(polars_rows())
    raise ArgumentError(
        f"a table is a path to a .csv, .xlsx or .parquet file, or a pandas or polars DataFrame "
        f"(got {type(frame).__name__})"
    )


guard(globals())
