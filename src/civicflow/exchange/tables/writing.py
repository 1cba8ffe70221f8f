"""Writing tables: CSV, Excel ``.xlsx`` and Parquet, a row at a time.

Every column has a kind (``text``, ``time``, ``number``), so a column keeps one type in every
format and an empty cell stays empty. Text that begins like a formula (``=``, ``+``, ``-``,
``@``, a tab) is written so that a spreadsheet shows it and never runs it: in CSV with a
leading apostrophe, in ``.xlsx`` as a string cell (never a formula). CSV is UTF-8 with the
byte-order mark Excel needs to read Chinese. ``.xlsx`` is written by XlsxWriter in constant
memory (``civicflow[excel]``), Parquet by pyarrow in chunks (``civicflow[parquet]``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from civicflow._arguments import guard
from civicflow.cases.case import Case
from civicflow.errors import ArgumentError, ArgumentTypeError, shown
from civicflow.exchange._cells import Cell, safe_text
from civicflow.exchange._extras import extra
from civicflow.exchange._files import written
from civicflow.exchange.tables.files import TABLE_FORMATS
from civicflow.exchange.tables.mappings import TableMapping, row_of_case

__all__ = ["KINDS", "Column", "export_cases", "write_csv", "write_table"]

#: The kinds of column.
KINDS = ("text", "time", "number")

#: A column: its header and its kind.
Column = tuple[str, str]

_CHUNK = 65_536


def write_table(
    path: str | Path, columns: Sequence[Column], rows: Iterable[Sequence[Cell]], *,
    sheet: str = "Sheet1",
) -> int:  # fmt: skip
    """Write ``rows`` under ``columns`` to ``path`` (``.csv``, ``.xlsx`` or ``.parquet``, by
    its suffix); returns the number of rows written.

    Raises:
        ArgumentError: an unknown suffix or kind, the extra the format needs is missing, or
            a cell's text that has no UTF-8 form (a lone surrogate, as a JSON escape can give).
        OSError: the file cannot be written.
    """
    for name, kind in columns:
        if kind not in KINDS:
            raise ArgumentError(f"column {name!r}: kind must be one of {', '.join(KINDS)}")
    target = Path(path)
    fmt = TABLE_FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise ArgumentError(
            f"{target.name}: a table is written as .csv, .xlsx or .parquet "
            f"(got {target.suffix or 'no suffix'!r})"
        )
    with written(target) as part:  # whole, or not at all
        try:
            if fmt == "csv":
                return _csv(part, columns, rows)
            if fmt == "xlsx":
                return _xlsx(part, columns, rows, sheet)
            return _parquet(part, columns, rows)
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise ArgumentError(
                f"{target.name}: a cell's text has no UTF-8 form ({exc.reason}: {shown(bad)}); "
                "correct that text, nothing was written"
            ) from None


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, str):
        return safe_text(value)
    return str(value)


def _csv(path: Path, columns: Sequence[Column], rows: Iterable[Sequence[Cell]]) -> int:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        return write_csv(f, columns, rows)


def write_csv(
    out: TextIO, columns: Sequence[Column], rows: Iterable[Sequence[Cell]], *,
    lineterminator: str = "\r\n",
) -> int:  # fmt: skip
    """Write ``rows`` under ``columns`` to a text stream as CSV, formula-looking text kept as
    text; returns the number of rows written.

    Raises:
        ArgumentTypeError: ``out`` is not a stream that can be written to.
    """
    if not callable(getattr(out, "write", None)) or isinstance(
        out, io.RawIOBase | io.BufferedIOBase
    ):
        raise ArgumentTypeError("out", out, "a text stream to write to (e.g. sys.stdout)")
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow([safe_text(name) for name, _ in columns])
    n = 0
    for row in rows:
        writer.writerow([_text(v) for v in row])
        n += 1
    return n


def _xlsx(path: Path, columns: Sequence[Column], rows: Iterable[Sequence[Cell]], sheet: str) -> int:
    xlsxwriter = extra("xlsxwriter", "excel", "writing .xlsx")
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False, "strings_to_numbers": False})  # fmt: skip
    try:
        return write_rows(book, book.add_worksheet(sheet[:31]), columns, rows)
    finally:
        try:
            book.close()
        finally:
            _discard_rows(book)


def _discard_rows(book: Any) -> None:
    """Close and remove the file of rows XlsxWriter keeps for each sheet in constant memory:
    it does when the workbook is complete, but leaves them open when writing it fails."""
    for worksheet in book.worksheets():
        handle = getattr(worksheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()
            with contextlib.suppress(OSError, TypeError):
                os.unlink(worksheet.row_data_filename)


def write_rows(book: Any, sheet: Any, columns: Sequence[Column], rows: Iterable[Sequence[Cell]],
               first: int = 0) -> int:  # fmt: skip
    """Write ``columns`` and ``rows`` into an XlsxWriter sheet from row ``first``; returns
    the rows of data written. Text is always a string cell, never a formula."""
    bold = book.add_format({"bold": True})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for c, (name, kind) in enumerate(columns):
        sheet.write_string(first, c, name, bold)
        sheet.set_column(c, c, 18 if kind == "time" else max(10, min(40, len(name) * 2 + 2)))
    kinds = [kind for _, kind in columns]
    n = 0
    for n, row in enumerate(rows, 1):
        r = first + n
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if kinds[c] == "time" and isinstance(value, dt.datetime):
                if value.tzinfo is None:
                    sheet.write_datetime(r, c, value, stamp)
                else:  # Excel has no time zones: the moment as text, with its offset
                    sheet.write_string(r, c, value.isoformat(sep=" "))
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    sheet.freeze_panes(first + 1, 0)
    return n


def _parquet(path: Path, columns: Sequence[Column], rows: Iterable[Sequence[Cell]]) -> int:
    pa = extra("pyarrow", "parquet", "writing Parquet")
    pq = extra("pyarrow.parquet", "parquet", "writing Parquet")
    rows = iter(rows)
    chunk = [r for _, r in zip(range(_CHUNK), rows, strict=False)]
    zone = next(
        (v.tzinfo for r in chunk for v, (_, k) in zip(r, columns, strict=True)
         if k == "time" and isinstance(v, dt.datetime)),
        None,
    )  # fmt: skip
    types = {"text": pa.string(), "number": pa.float64(),
             "time": pa.timestamp("us", tz=None if zone is None else "UTC")}  # fmt: skip
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        while chunk:
            data = list(zip(*chunk, strict=True))
            arrays = [pa.array([_arrow(v, kind) for v in data[c]], type=types[kind])
                      for c, (_, kind) in enumerate(columns)]  # fmt: skip
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(chunk)
            chunk = [r for _, r in zip(range(_CHUNK), rows, strict=False)]
    return n


def _arrow(value: Cell, kind: str) -> Cell:
    if value is None or value == "":
        return None
    return str(value) if kind == "text" and not isinstance(value, str) else value


def export_cases(
    cases: Iterable[Case], mapping: TableMapping, path: str | Path, *, sheet: str = "工单"
) -> tuple[int, int]:
    """Write ``cases`` as a platform's export read through ``mapping`` would hold them (one
    row per case; see :func:`~civicflow.exchange.tables.mappings.row_of_case`); returns the rows
    written and the cases left out because one row cannot hold them."""
    times = {mapping.received, *(e.at for e in mapping.events)}
    columns = [(name, "time" if name in times else "text") for name in mapping.needed]
    left_out = 0

    def rows() -> Iterator[list[Cell]]:
        nonlocal left_out
        for case in cases:
            row = row_of_case(case, mapping)
            if row is None:
                left_out += 1
                continue
            yield [row[name] for name in mapping.needed]

    written = write_table(path, columns, rows(), sheet=sheet)
    return written, left_out


guard(globals())
