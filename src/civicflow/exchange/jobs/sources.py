"""Any input the library reads, as columns: the bulk jobs' reading.

A :class:`Source` names the cases and how to read them; :func:`columns` reads them into
:class:`~civicflow.CaseColumns` a batch at a time: JSON Lines, Parquet files, Arrow tables
and DataFrames in civicflow's layout, and platforms' exports through a mapping, straight
into columns; CSV events and cases in memory through their per-case readers.
:func:`read_once` also leaves out each case whose id came before, as a bad line
(:mod:`civicflow.exchange.jobs.duplicates`).

>>> from civicflow.exchange.documents.synth import synth_cases
>>> cases = list(synth_cases(5, seed=1))
>>> [len(batch) for batch in columns(Source(cases))]
[5]
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from civicflow._arguments import guard, positive
from civicflow.cases.case import Case
from civicflow.cases.columns import CaseColumns
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError
from civicflow.exchange._refusals import fail
from civicflow.exchange.documents import (
    BATCH,
    FORMATS,
    Bad,
    InputError,
    InputFileError,
    InputStats,
    decoded_lines,
    read_cases,
    read_columns,
)
from civicflow.exchange.jobs.duplicates import Index, Seen, jsonl_index
from civicflow.exchange.tables import TableMapping, load_mapping

__all__ = ["Source", "columns", "read_once", "refused", "unique", "unit_of"]


@attrs.frozen
class Source:
    """The cases a bulk job reads, and how to read them.

    Attributes:
        data: a file's path (JSON Lines; CSV with one row per event or per case; Parquet
            in civicflow's layout; a platform's export, .csv, .xlsx or .parquet, through
            ``mapping``), a binary stream or the bytes of JSON Lines, an Arrow table or
            record batch in civicflow's layout, a pandas or polars DataFrame (in
            civicflow's layout, or an export through ``mapping``), or any iterable of
            :class:`~civicflow.Case`.
        format: ``jsonl``, ``csv-events``, ``csv-cases``, ``parquet``, ``arrow``,
            ``frame`` (the last three in civicflow's layout, see
            :mod:`~civicflow.exchange.tables.arrow_columns`) or ``table`` (an export read through
            ``mapping``); default: a table for anything with a mapping and for .xlsx,
            Parquet for .parquet, Arrow for an Arrow table, a frame for a DataFrame,
            ``csv-events`` for .csv, else JSON Lines (cases in memory need none).
        mapping: how a table's columns are read: a :class:`TableMapping`, or the name of a
            shipped mapping or the path of a mapping file.
        sheet: the sheet of an .xlsx workbook.
        encoding: the text's encoding.
        workflows: workflows by name, besides the presets.
    """

    data: Any
    format: str | None = None
    mapping: TableMapping | str | None = None
    sheet: str | None = None
    encoding: str = "utf-8"
    workflows: Mapping[str, Workflow] | None = None

    @property
    def path(self) -> Path | None:
        """The file read, if it is one."""
        return Path(self.data) if isinstance(self.data, str | os.PathLike) else None

    def kind(self) -> str:
        """The format read (see :attr:`format`): ``cases`` for cases in memory.

        Raises:
            ArgumentError: a table without a mapping, a mapping with another format, or an
                unknown format.
        """
        fmt = self.format
        path = self.path
        if fmt is None:
            suffix = path.suffix.lower() if path is not None else ""
            if self.mapping is not None or suffix in (".xlsx", ".xlsm"):
                fmt = "table"
            elif suffix in (".parquet", ".pq"):
                fmt = "parquet"
            elif _is_frame(self.data):
                fmt = "arrow" if type(self.data).__module__.startswith("pyarrow") else "frame"
            elif (
                path is None
                and not isinstance(self.data, bytes | bytearray)
                and not hasattr(self.data, "read")
            ):
                fmt = "cases"
            else:
                fmt = "csv-events" if suffix == ".csv" else "jsonl"
        if fmt == "cases" and not isinstance(self.data, Iterable):
            words = "a file's path, a binary stream, bytes, a DataFrame or cases"
            raise ArgumentTypeError("data", self.data, words)
        if fmt not in (*FORMATS, *_COLUMNAR, "table", "cases"):
            raise ArgumentError(
                f"format must be one of {', '.join((*FORMATS, *_COLUMNAR, 'table'))} (got {fmt!r})"
            )
        if fmt == "table" and self.mapping is None:
            raise ArgumentError(
                "a table is read through a mapping: give one, a shipped one or a mapping "
                "file naming its columns (docs/tables.md)"
            )
        if fmt != "table" and self.mapping is not None:
            raise ArgumentError(f"a mapping reads tables, not {fmt}")
        return fmt


#: The formats in civicflow's own column layout.
_COLUMNAR = ("parquet", "arrow", "frame")


def unit_of(fmt: str) -> str:
    """What a format's errors number: a ``row`` of a table, an ``item`` of cases in memory, a
    ``line`` of text."""
    if fmt in _COLUMNAR or fmt == "table":
        return "row"
    return "item" if fmt == "cases" else "line"


def _is_frame(data: object) -> bool:
    module = type(data).__module__
    return module.startswith(("pandas", "polars", "pyarrow"))


def columns(
    source: Source,
    *,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> Iterator[CaseColumns]:
    """The cases of ``source`` as columns, a batch at a time, each row with its line (or
    row, for a table; its position, for cases in memory).

    ``progress`` is called after each batch with the bytes of the file read so far.

    Raises:
        InputError: a bad line, unless ``on_bad`` takes it.
        InputFileError: the input as a whole cannot be read.
    """
    counts = stats if stats is not None else InputStats()
    positive("batch", batch)
    fmt = source.kind()
    if fmt == "jsonl":
        yield from _jsonl(source, on_bad, counts, batch, progress)
        return
    if fmt in _COLUMNAR or fmt == "table":
        yield from _laid_out(source, fmt, on_bad, counts, batch)
        return
    if fmt == "cases":
        cases: Iterable[Case] = source.data
        numbered = ((n, c) for n, c in enumerate(cases, 1))
        counting = _counted(numbered, counts)
    else:
        raw = _opened(source)
        try:
            lines = decoded_lines(raw, source.encoding)
            counted = read_cases(
                lines, fmt, workflows=source.workflows, on_bad=on_bad, stats=counts
            )
            yield from _batched(counted, batch)
        finally:
            if raw is not source.data:
                raw.close()
        return
    yield from _batched(counting, batch)


def _laid_out(
    source: Source, fmt: str, on_bad: Bad | None, stats: InputStats, batch: int
) -> Iterator[CaseColumns]:
    """The batches of a Parquet file, an Arrow table or a DataFrame in civicflow's layout, or
    of an export read through a mapping."""
    from civicflow.exchange.tables import (
        frame_columns,
        from_arrow,
        read_parquet_columns,
        read_table_columns,
    )

    workflows = source.workflows
    if fmt == "table":
        mapping = source.mapping
        if not isinstance(mapping, TableMapping):
            mapping = load_mapping(mapping)  # type: ignore[arg-type]
        yield from read_table_columns(
            source.data, mapping, sheet=source.sheet, encoding=source.encoding,
            on_bad=on_bad, stats=stats, batch=batch,
        )  # fmt: skip
    elif fmt == "parquet":
        if source.path is None:
            raise ArgumentTypeError("data", source.data, "the path of a Parquet file")
        yield from read_parquet_columns(
            source.path, workflows=workflows, on_bad=on_bad, stats=stats, batch=batch
        )
    elif fmt == "frame":
        yield frame_columns(source.data, workflows=workflows, on_bad=on_bad, stats=stats)
    else:
        data = source.data
        parts = data.to_batches(max_chunksize=batch) if hasattr(data, "to_batches") else [data]
        first = 1
        for part in parts:
            found = from_arrow(
                part, workflows=workflows, on_bad=on_bad, stats=stats, first_row=first
            )
            first += part.num_rows
            if len(found):
                yield found


def _batched(cases: Iterator[tuple[int, Case]], size: int) -> Iterator[CaseColumns]:
    """Numbered cases as columns, ``size`` at a time."""
    while True:
        chunk = list(itertools.islice(cases, size))
        if not chunk:
            return
        found = CaseColumns.from_cases(c for _, c in chunk)
        yield attrs.evolve(found, line=np.asarray([n for n, _ in chunk], dtype=np.int64))


def _counted(cases: Iterator[tuple[int, Case]], stats: InputStats) -> Iterator[tuple[int, Case]]:
    for n, case in cases:
        if not isinstance(case, Case):
            raise ArgumentError(f"item {n} of the cases is a {type(case).__name__}, not a Case")
        stats.lines += 1
        stats.read(1)
        yield n, case


def _opened(source: Source) -> Any:
    data = source.data
    if isinstance(data, bytes | bytearray):
        return io.BytesIO(bytes(data))
    if source.path is not None:
        try:
            return source.path.open("rb")
        except OSError as e:
            raise InputFileError(1, (f"cannot read {source.path}: {e.strerror}",), 0) from None
    return data


def _jsonl(
    source: Source,
    on_bad: Bad | None,
    stats: InputStats,
    batch: int,
    progress: Callable[[int], None] | None,
) -> Iterator[CaseColumns]:
    raw = _opened(source)
    try:
        reading = read_columns(
            raw, workflows=source.workflows, on_bad=on_bad, stats=stats, batch=batch,
            encoding=source.encoding,
        )  # fmt: skip
        for found in reading:
            if progress is not None and hasattr(raw, "tell"):
                progress(raw.tell())
            yield found
    finally:
        if raw is not source.data:
            raw.close()


def unique(
    batches: Iterable[CaseColumns],
    on_bad: Bad | None,
    stats: InputStats,
    seen: Seen | None,
    index: Index | None,
) -> Iterator[CaseColumns]:
    """The batches without the cases whose id came before (each a bad line): the ids of
    ``index`` (a file's, found before it is read) or those ``seen`` as it goes."""
    for found in batches:
        assert found.line is not None
        lines = found.line.tolist()
        if index is not None:
            bad = {n: index.error(n) for n in lines if n in index.twice}
        else:
            assert seen is not None
            bad = seen.check((str(i) for i in found.id.tolist()), lines)
        if bad:
            for n in sorted(bad):
                refused(bad[n], on_bad, stats)
            found = found.take([k for k, n in enumerate(lines) if n not in bad])
        yield found


def refused(error: InputError, on_bad: Bad | None, stats: InputStats) -> None:
    """A case read, then refused (a duplicate, a field its facts cannot use): counted as a
    bad line instead, and reported to ``on_bad`` or raised."""
    stats.cases -= 1
    stats.case_lines -= error.lines
    fail(error, on_bad, stats)


def read_once(source: Source, on_bad: Bad | None, stats: InputStats) -> Iterator[CaseColumns]:
    """The batches of ``source``, each case once (every duplicate a bad line): a JSON Lines
    file's ids are found exactly before it is read; any other input's as it is read."""
    path = source.path
    if source.kind() == "jsonl" and path is not None and path.is_file():
        index = jsonl_index(path)
        yield from unique(columns(source, on_bad=on_bad, stats=stats), on_bad, stats, None, index)
        return
    seen = Seen(unit_of(source.kind()))
    yield from unique(columns(source, on_bad=on_bad, stats=stats), on_bad, stats, seen, None)


guard(globals())
