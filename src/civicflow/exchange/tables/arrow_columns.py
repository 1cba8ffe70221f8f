"""Cases as Arrow tables and Parquet files, in civicflow's own layout, read straight into columns.

One row per case (``pip install 'civicflow[parquet]'`` for pyarrow):

========================================  =============================================
column                                    Arrow type (a null reads as)
========================================  =============================================
``id``, ``workflow``                      string (required)
``received``                              timestamp[us], naive or with a zone (required)
``type``, ``category``, ``channel``       string (null: ``""``)
``urgency``                               string (null: ``"normal"``)
``events``                                list<struct<id, name, at, extension, note,
                                          channel, changes>> (null: no events)
``field.<name>``                          string, one per further field (null: none)
========================================  =============================================

An event's ``at`` is a timestamp like ``received``, ``extension`` a limit as text
(``5个工作日``), ``changes`` a map<string, string> on a reclassification (null on any other
event). Times may also be ISO 8601 text, read as the JSON documents' times are. It is plain
Arrow, so what Dask, Spark (``mapInArrow``), DuckDB and polars pass around.

:func:`from_arrow` checks a table by column, exactly as the JSON Lines reader
(:mod:`~civicflow.exchange.documents.jsonl_columns`) checks documents, and a row the columns do not take
goes to the per-case reader (:func:`arrow_cases`: each row read as a ``civicflow.case/1``
document, a null being a value left out), which keeps it as a :class:`~civicflow.Case` or
names its problems with its row. :func:`to_arrow` writes the columns back;
:func:`read_parquet_columns` and :func:`write_parquet_columns` do the same with Parquet files,
a row group at a time.

>>> from civicflow.exchange.documents.synth import synth_cases
>>> from civicflow.cases.columns import CaseColumns
>>> cases = list(synth_cases(4, seed=1))
>>> table = to_arrow(CaseColumns.from_cases(cases))
>>> table.column_names[:8]
['id', 'workflow', 'received', 'type', 'category', 'urgency', 'channel', 'events']
>>> columns = from_arrow(table)
>>> [columns.case(k) for k in range(len(columns))] == cases, columns.line.tolist()
(True, [1, 2, 3, 4])
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard, positive
from civicflow.cases.case import Case
from civicflow.cases.columns import CaseColumns, Coded
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError, SchemaError
from civicflow.exchange._column_checks import RawCases, checked_columns, objects, settled
from civicflow.exchange._extras import extra
from civicflow.exchange._plain import plain_case
from civicflow.exchange._refusals import refuse
from civicflow.exchange._times import Times, parse_times
from civicflow.exchange.documents import Bad, InputError, InputFileError, InputStats, checked_case
from civicflow.exchange.tables._arrow_layout import (
    ATTRIBUTES,
    Plain,
    TimeColumn,
    compute,
    documents,
    plain_table,
    pyarrow,
)
from civicflow.exchange.tables._arrow_writing import arrow_schema, to_arrow, write_parquet_columns
from civicflow.sla.presets import preset_workflows

__all__ = [
    "BATCH",
    "arrow_cases",
    "arrow_schema",
    "from_arrow",
    "read_parquet_columns",
    "to_arrow",
    "write_parquet_columns",
]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: Rows read into one batch of columns from a Parquet file (as many as the JSON Lines reader's
#: lines: a report's peak memory about half that of 65,536 rows, no slower).
BATCH = 8_192

_MIN_US = (dt.datetime.min - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)
_MAX_US = (dt.datetime.max - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)
_AWARE_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


# -- reading ---------------------------------------------------------------------------------


def from_arrow(
    data: Any,
    *,
    workflows: Mapping[str, Workflow] | None = None,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
    first_row: int = 1,
) -> CaseColumns:
    """The cases of an Arrow table or record batch in civicflow's layout, as columns, each row
    with its number (:attr:`CaseColumns.line`).

    Args:
        data: a ``pyarrow.Table`` or ``pyarrow.RecordBatch``.
        workflows: workflows by name, besides the presets.
        on_bad: called with each bad row's error, which is then skipped; ``None`` raises
            the first one instead.
        stats: filled in with what the reading met, row by row (a row is a "line").
        first_row: the number of the first row (rows of a part of a larger table).

    Raises:
        InputFileError: the table is not in the layout (every problem named).
        InputError: a bad row, when ``on_bad`` is ``None``.
        ArgumentError: not an Arrow table, or pyarrow is not installed.
    """
    counts = stats if stats is not None else InputStats()
    if isinstance(first_row, bool) or not isinstance(first_row, int) or not 0 < first_row < 2**62:
        raise ArgumentTypeError("first_row", first_row, "a row number, 1 or more")
    known = {**preset_workflows(), **(workflows or {})}
    try:
        plain = plain_table(data)
    except InputFileError as exc:
        refuse(exc, counts)
    found, error = _read(plain, first_row, known, workflows, on_bad, counts)
    if error is not None:
        raise error
    if found is None:
        return attrs.evolve(CaseColumns.from_cases(()), line=np.zeros(0, dtype=np.int64))
    return found


def arrow_cases(
    data: Any,
    *,
    workflows: Mapping[str, Workflow] | None = None,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
    first_row: int = 1,
) -> Iterator[tuple[int, Case]]:
    """The cases of an Arrow table in civicflow's layout, one at a time, each with its row:
    the per-case reader, which :func:`from_arrow` equals. Each row is read as the
    ``civicflow.case/1`` document it holds (a null is a value left out, a time its ISO 8601
    text) by the JSON reader's checks.

    Raises:
        InputFileError: the table is not in the layout (every problem named).
        InputError: a bad row, when ``on_bad`` is ``None``.
        ArgumentError: not an Arrow table, or pyarrow is not installed.
    """
    counts = stats if stats is not None else InputStats()
    known = {**preset_workflows(), **(workflows or {})}
    try:
        plain = plain_table(data)
    except InputFileError as exc:
        refuse(exc, counts)
    return _one_at_a_time(plain, first_row, known, workflows, on_bad, counts)


def _one_at_a_time(
    plain: Plain, first_row: int, known: Mapping[str, Workflow],
    workflows: Mapping[str, Workflow] | None, on_bad: Bad | None, stats: InputStats,
) -> Iterator[tuple[int, Case]]:  # fmt: skip
    for row, found in enumerate(_per_case(plain, first_row, known, workflows)(
        list(range(plain.rows))
    )):  # fmt: skip
        stats.lines += 1
        if isinstance(found, InputError):
            stats.bad += 1
            stats.bad_lines += found.lines
            if on_bad is None:
                raise found
            on_bad(found)
            continue
        stats.read(1)
        yield first_row + row, found


def _per_case(
    plain: Plain, first_row: int, known: Mapping[str, Workflow],
    workflows: Mapping[str, Workflow] | None,
) -> Any:  # fmt: skip
    """A reader of rows one at a time: each a case, or the error of its row."""
    zone = plain.received.zone

    def read(rows: list[int]) -> Iterator[Case | InputError]:
        for at in range(0, len(rows), 4096):
            chunk = rows[at : at + 4096]
            for row, (doc, problems) in zip(chunk, documents(plain, chunk), strict=True):
                number = first_row + row
                if problems:
                    yield InputError(number, tuple(problems), unit="row")
                    continue
                case = plain_case(doc, known)
                if case is None:
                    try:
                        case = checked_case(doc, workflows)
                    except SchemaError as exc:
                        yield InputError(number, exc.problems, unit="row")
                        continue
                yield case if zone is None else _rezoned(case, zone)

    return read


def _rezoned(case: Case, zone: dt.tzinfo) -> Case:
    """The case with its aware times in ``zone`` (the zone of the table's receipts)."""
    if case.received.tzinfo is None:
        return case
    history = tuple(attrs.evolve(e, at=e.at.astimezone(zone)) for e in case.history)
    return attrs.evolve(case, received=case.received.astimezone(zone), history=history)


def _read(
    plain: Plain, first_row: int, known: Mapping[str, Workflow],
    workflows: Mapping[str, Workflow] | None, on_bad: Bad | None, stats: InputStats,
) -> tuple[CaseColumns | None, InputError | None]:  # fmt: skip
    n = plain.rows
    built, refused, reclassified = checked_columns(_raw(plain), known)
    refused |= reclassified  # the per-case reader keeps it whole (events with changes are)
    rows = np.arange(n, dtype=np.int64)
    return settled(
        rows + first_row, np.zeros(n, dtype=bool), built, rows, refused,
        _per_case(plain, first_row, known, workflows), on_bad, stats,
    )  # fmt: skip


def _valid(array: Any) -> Bools:
    out: Bools = array.is_valid().to_numpy(zero_copy_only=False)
    return out


def _coded(array: Any, default: str, keep_valid: bool = False) -> Coded:
    """An Arrow string array as dictionary codes; a null reads as ``default`` (and, with
    ``keep_valid``, is not valid)."""
    encoded = compute().dictionary_encode(array)
    values = encoded.dictionary.to_pylist()
    valid = _valid(array)
    indices = encoded.indices
    if not valid.all():
        if default not in values:
            values.append(default)
        indices = indices.fill_null(values.index(default))
    codes = np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int32)
    return Coded(codes, tuple(values), None if not keep_valid or valid.all() else valid)


def _texts(array: Any) -> npt.NDArray[np.object_]:
    """An Arrow string array as Python str, a null as ``""``."""
    return objects(array.fill_null("").to_pylist())


def _times(column: TimeColumn) -> Times:
    """The times of a column, as the per-case reader reads each."""
    if column.text:
        return parse_times([x or "" for x in column.values.to_pylist()])
    values = np.asarray(column.values.fill_null(0).to_numpy(), dtype=np.int64)
    out = Times(values.size)
    ok = column.valid & (values >= _MIN_US) & (values <= _MAX_US)
    if column.zone is None:
        wall, offset = values, np.zeros_like(values)
    else:
        offset, known = _offsets(values, ok, column.zone)
        ok &= known
        wall = values + offset
        ok &= (wall >= _MIN_US) & (wall <= _MAX_US)
        out.aware[:] = True
    out.us = np.where(ok, values, 0)
    out.wall = np.where(ok, wall, 0)
    out.offset = np.where(ok, offset, 0)
    out.ok = ok
    return out


def _offsets(values: I64, ok: Bools, zone: dt.tzinfo) -> tuple[I64, Bools]:
    """(the UTC offset in µs of each instant in ``zone``, whether it has one there)."""
    if isinstance(zone, dt.timezone):
        fixed = zone.utcoffset(None) // dt.timedelta(microseconds=1)
        return np.full(values.size, fixed, dtype=np.int64), np.ones(values.size, dtype=bool)
    unique, where = np.unique(values[ok], return_inverse=True)
    found = np.zeros(unique.size, dtype=np.int64)
    good = np.ones(unique.size, dtype=bool)
    for k, us in enumerate(unique.tolist()):
        try:
            moment = (_AWARE_EPOCH + dt.timedelta(microseconds=us)).astimezone(zone)
        except OverflowError:
            good[k] = False
            continue
        offset = moment.utcoffset()
        found[k] = 0 if offset is None else offset // dt.timedelta(microseconds=1)
    offsets = np.zeros(values.size, dtype=np.int64)
    known = np.ones(values.size, dtype=bool)
    offsets[ok] = found[where]
    known[ok] = good[where]
    return offsets, known


def _raw(plain: Plain) -> RawCases:
    """The table's rows as the columnar checks take them; nulls the documents would lack
    (an id, a workflow, an event or its id, name or time) send their rows to the per-case
    reader, as do events with changes (a reclassification: kept whole there)."""
    n = plain.rows
    refused = ~_valid(plain.text["id"]) | ~_valid(plain.text["workflow"])
    start = plain.event_start
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(start))
    events = plain.event_text
    bad = ~plain.event_valid | ~_valid(events["id"]) | ~_valid(events["name"])
    bad |= ~plain.event_at.valid
    if plain.changes is not None:
        bad |= _valid(plain.changes)
    refused[owner[bad]] = True
    attributes = {k: _coded(plain.text[k], default) for k, default in ATTRIBUTES.items()}
    return RawCases(
        refused=refused,
        id=_texts(plain.text["id"]),
        workflow=_coded(plain.text["workflow"], ""),
        received=_times(plain.received),
        type=attributes["type"],
        category=attributes["category"],
        urgency=attributes["urgency"],
        channel=attributes["channel"],
        fields={k: _coded(v, "", keep_valid=True) for k, v in sorted(plain.fields.items())},
        event_start=start,
        event_id=_texts(events["id"]),
        event_name=_coded(events["name"], ""),
        event_at=_times(plain.event_at),
        extension=events["extension"].to_pylist(),
        event_note=_texts(events["note"]),
        event_channel=_coded(events["channel"], ""),
        changes=[None] * int(start[-1]),
        zone=plain.received.zone,
    )


def read_parquet_columns(
    path: str | Path,
    *,
    row_groups: Sequence[int] | None = None,
    workflows: Mapping[str, Workflow] | None = None,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
    batch: int = BATCH,
) -> Iterator[CaseColumns]:
    """The cases of a Parquet file in civicflow's layout, as columns, ``batch`` rows at a
    time, row group by row group; rows are numbered from 1 for the file's first row.

    Args:
        path: the file.
        row_groups: read only these row groups (a part of the file, e.g. one task's); rows
            keep their numbers in the whole file.
        workflows: workflows by name, besides the presets.
        on_bad: called with each bad row's error, which is then skipped; ``None`` raises
            the first one instead.
        stats: filled in with what the reading met, row by row.
        batch: rows per batch.

    Raises:
        InputFileError: the file is not Parquet, or not in the layout.
        InputError: a bad row, when ``on_bad`` is ``None`` (after the rows before it).
    """
    counts = stats if stats is not None else InputStats()
    positive("batch", batch)
    pa = pyarrow()
    pq = extra("pyarrow.parquet", "parquet", "reading Parquet")
    name = Path(path).name
    try:
        source = pq.ParquetFile(str(path))
    except (OSError, ValueError, pa.ArrowException) as exc:  # ValueError: a path no file has
        refuse(
            InputFileError(0, (f"{name} cannot be read as Parquet: {exc}",), 0, unit="row"),
            counts,
        )
    groups = list(range(source.num_row_groups)) if row_groups is None else list(row_groups)
    bad = [g for g in groups if not 0 <= g < source.num_row_groups]
    if bad:
        source.close()
        raise ArgumentError(
            f"{name} has {source.num_row_groups} row group(s); no row group {bad[0]}"
        )
    try:
        plain_table(source.schema_arrow.empty_table())
    except InputFileError as exc:
        source.close()
        refuse(exc, counts)
    sizes = [source.metadata.row_group(g).num_rows for g in range(source.num_row_groups)]
    starts = np.cumsum([1, *sizes])
    return _parquet(source, name, groups, starts, workflows, on_bad, counts, batch)


def _parquet(
    source: Any, name: str, groups: list[int], starts: I64,
    workflows: Mapping[str, Workflow] | None, on_bad: Bad | None, stats: InputStats, size: int,
) -> Iterator[CaseColumns]:  # fmt: skip
    pa = pyarrow()
    known = {**preset_workflows(), **(workflows or {})}
    with contextlib.closing(source):
        for g in groups:
            first = int(starts[g])
            batches = source.iter_batches(batch_size=size, row_groups=[g])
            while True:
                try:
                    part = next(batches, None)
                except (OSError, pa.ArrowException) as exc:
                    refuse(InputFileError(first, (f"{name}: {exc}",), 0, unit="row"), stats)
                if part is None:
                    break
                try:
                    plain = plain_table(part)
                except InputFileError as exc:  # e.g. text that is not UTF-8
                    refuse(InputFileError(first, (f"{name}: {exc}",), 0, unit="row"), stats)
                found, error = _read(plain, first, known, workflows, on_bad, stats)
                if found is not None and len(found):
                    yield found
                if error is not None:
                    raise error
                first += part.num_rows


guard(globals())
