"""Platforms' exports read into columns through a mapping: the columnar engine's table reader.

:func:`read_table_columns` reads what :func:`~civicflow.exchange.tables.files.read_table`
reads (CSV, ``.xlsx``, Parquet, pandas and polars DataFrames, one row per case through a
:class:`~civicflow.exchange.tables.mappings.TableMapping`) into :class:`~civicflow.CaseColumns`, a
batch of rows at a time. The cells are read by column (each mapped column's times as an
array: ISO 8601 text, Parquet, pandas and polars timestamps, spreadsheets' date cells), the
events of each row put in time order by one sort, and the rows checked by column as the
JSON Lines reader checks documents. A row the columns do not take (an empty id, a cell that is
not what its column holds, naive and aware times together, events its workflow refuses) is
read by :func:`~civicflow.exchange.tables.mappings.case_of_row` itself: so the cases, the errors (row,
problems) and the counts are exactly those of ``read_table``.

>>> import datetime as dt
>>> import pandas as pd
>>> from civicflow.exchange.tables.mappings import shipped_mapping
>>> export = pd.DataFrame({"工单编号": ["GD-1", "GD-2"], "受理时间": ["2025-09-29 09:00", "2025-09-29 09:30"],
...                        "派单时间": [pd.Timestamp("2025-09-29 09:20"), pd.NaT]})
>>> hotline = shipped_mapping("hotline-12345")
>>> needed = [c for c in hotline.needed if c not in export.columns]
>>> columns = next(read_table_columns(export.assign(**dict.fromkeys(needed)), hotline))
>>> [columns.case(k).state for k in range(len(columns))], columns.line.tolist()
(['dispatched', 'registered'], [1, 2])
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard, positive
from civicflow.cases.case import Case
from civicflow.cases.columns import CaseColumns, Coded, coded
from civicflow.exchange._cells import Cell
from civicflow.exchange._column_checks import RawCases, checked_columns, objects, settled
from civicflow.exchange._times import Times
from civicflow.exchange.documents import Bad, InputError, InputStats
from civicflow.exchange.tables._batches import Batch, arrow_batches, frame_batches, row_batches
from civicflow.exchange.tables._cell_columns import text_cells, time_cells
from civicflow.exchange.tables.files import TABLE_FORMATS, TableLimits, table_rows
from civicflow.exchange.tables.mappings import TableMapping, case_of_row, refuse_missing_columns

__all__ = ["BATCH", "read_table_columns"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: Rows read into one batch of columns.
BATCH = 16_384

_ATTRIBUTES = ("type", "category", "urgency", "channel")
_LIMITS = TableLimits()


def read_table_columns(
    source: str | Path | Any,
    mapping: TableMapping,
    *,
    sheet: str | None = None,
    encoding: str = "utf-8",
    limits: TableLimits = _LIMITS,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
    batch: int = BATCH,
) -> Iterator[CaseColumns]:
    """The cases of an exported table (CSV, ``.xlsx``, Parquet, or a pandas or polars data
    frame), one per row, read through ``mapping`` into columns, ``batch`` rows at a time;
    each row with its number (:attr:`CaseColumns.line`), numbered as ``read_table`` numbers
    them.

    Args:
        source: a path (by its suffix) or a DataFrame.
        mapping: which column holds what.
        sheet: the sheet of a workbook (its first by default).
        encoding: the encoding of a CSV file.
        limits: how large a workbook may be before it is refused unread.
        on_bad: called with each bad row's error, which is then skipped; ``None`` raises
            the first one instead (after the rows before it).
        stats: filled in row by row, as ``read_table`` fills it.
        batch: rows per batch.

    Raises:
        InputFileError: the table as a whole cannot be read, or lacks columns the mapping
            reads.
        InputError: a bad row, unless ``on_bad`` takes it.
    """
    counts = stats if stats is not None else InputStats()
    positive("batch", batch)
    header, rows = table_rows(source, sheet=sheet, encoding=encoding, limits=limits)
    try:
        refuse_missing_columns(header, mapping, counts)
        batches: Iterator[tuple[Batch | None, BaseException | None]]
        kind = (
            TABLE_FORMATS.get(Path(source).suffix.lower())
            if isinstance(source, str | Path)
            else None
        )
        if kind == "parquet":
            rows.close()
            batches = arrow_batches(Path(source), batch)
        elif kind is None:
            batches = frame_batches(source, batch)
        else:
            batches = row_batches(rows, batch)
        found = _read(batches, _Plan(mapping), on_bad, counts)
        first = next(found, None)  # the first batch now, as read_table reads its first row
    except BaseException:
        rows.close()
        raise
    return _closing(first, found, rows.close)


def _closing(
    first: CaseColumns | None, rest: Iterator[CaseColumns], close: Callable[[], object]
) -> Iterator[CaseColumns]:
    try:
        if first is not None:
            yield first
            yield from rest
    finally:
        close()


def _read(
    batches: Iterator[tuple[Batch | None, BaseException | None]],
    plan: _Plan,
    on_bad: Bad | None,
    stats: InputStats,
) -> Iterator[CaseColumns]:
    with contextlib.closing(batches):  # type: ignore[type-var]
        for part, stopped in batches:
            if part is not None:
                found, error = _batch(part, plan, on_bad, stats)
                if found is not None and len(found):
                    yield found
                if error is not None:
                    raise error
            if stopped is not None:
                raise stopped


class _Plan:
    """What a mapping reads, compiled once: each attribute's column, values and default,
    each field's, each event's."""

    def __init__(self, mapping: TableMapping) -> None:
        self.mapping = mapping
        values: dict[str, dict[str, str]] = {}
        for key, table in mapping.values:  # the first value listed for a cell is the one read
            for cell, value in table:
                values.setdefault(key, {}).setdefault(cell, value)
        self.values = values
        self.defaults = dict(mapping.defaults)
        self.names = tuple(e.event for e in mapping.events)

    def attribute(self, name: str, texts: list[str] | None, n: int) -> list[str]:
        """The values of an attribute, as ``case_of_row`` gives them to the case."""
        if texts is None:
            found = [self.defaults.get(name, "normal" if name == "urgency" else "")] * n
        else:
            table, default = self.values.get(name, {}), self.defaults.get(name, "")
            found = [table.get(t, t) or default for t in texts]
        if name == "urgency":
            found = [v or "normal" for v in found]
        return found


def _batch(
    part: Batch, plan: _Plan, on_bad: Bad | None, stats: InputStats
) -> tuple[CaseColumns | None, InputError | None]:
    """One batch of rows: those the columns take, and the others read row by row."""
    mapping = plan.mapping
    n = len(part.numbers)
    blank = _blank(part)
    simple = ~blank
    texts: dict[str, list[str]] = {}

    def text(column: str) -> list[str]:
        if column not in texts:
            found, ok = text_cells(part.cells(column))
            simple[~ok] = False
            texts[column] = found
        return texts[column]

    ids = text(mapping.id)
    simple &= np.fromiter(map(bool, ids), bool, n)
    received = time_cells(part.cells(mapping.received))
    simple &= received.times.ok
    attributes = {name: text(column) for name, column in mapping.columns}  # the last one read
    fields = [(name, text(column)) for name, column in mapping.fields]
    times: list[Times] = []
    present: list[Bools] = []
    extensions: list[list[str] | None] = []
    for e in mapping.events:
        at = time_cells(part.cells(e.at))
        simple &= ~at.present | at.times.ok
        simple &= ~at.present | (at.times.aware == received.times.aware)
        ext = None
        if e.extension is not None:
            found, ok = text_cells(part.cells(e.extension))
            simple &= ~at.present | (ok & np.fromiter(map(bool, found), bool, n))
            ext = found
        times.append(at.times)
        present.append(at.present)
        extensions.append(ext)
    rows = np.flatnonzero(simple)
    built, refused, _ = checked_columns(  # nothing reclassifies: no column holds changes
        _raw(plan, rows, ids, received.times, attributes, fields, times, present, extensions),
        {mapping.workflow.name: mapping.workflow},
    )
    return settled(
        part.numbers, blank, built, rows, refused, _per_case(part, mapping), on_bad, stats
    )


def _blank(part: Batch) -> Bools:
    """(rows,) the rows that hold nothing: every cell of every column empty."""
    candidates = np.ones(len(part.numbers), dtype=bool)
    for column in part.names:
        rows = np.flatnonzero(candidates)
        if not rows.size:
            break
        candidates[rows] = part.blank(column, rows)
    return candidates


def _per_case(part: Batch, mapping: TableMapping) -> Callable[[list[int]], Iterator[Any]]:
    def read(rows: list[int]) -> Iterator[Case | InputError]:
        for k in rows:
            number = int(part.numbers[k])
            try:
                row: Mapping[str, Cell] = part.row(k)
                yield case_of_row(row, mapping, number)
            except InputError as exc:
                yield exc

    return read


def _raw(
    plan: _Plan,
    rows: I64,
    ids: list[str],
    received: Times,
    attributes: dict[str, list[str]],
    fields: list[tuple[str, list[str]]],
    times: list[Times],
    present: list[Bools],
    extensions: list[list[str] | None],
) -> RawCases:
    """The rows ``rows`` of a batch as the columnar checks take them: events in time order
    (the mapping's order breaking ties), numbered e0, e1..."""
    n = rows.size
    pick = rows.tolist()
    values = {}
    for name in _ATTRIBUTES:
        found = attributes.get(name)
        chosen = None if found is None else [found[k] for k in pick]
        values[name] = coded(plan.attribute(name, chosen, n))
    field_values: dict[str, list[str]] = {}
    for name, texts in fields:
        table = plan.values.get(name, {})
        current = field_values.setdefault(name, [""] * n)
        for j, k in enumerate(pick):
            value = table.get(texts[k], texts[k])
            if value:
                current[j] = value
    fields_coded = {}
    for name in sorted(field_values):
        column = coded(field_values[name])
        valid = np.fromiter(map(bool, field_values[name]), bool, n)
        fields_coded[name] = Coded(column.codes, column.values, None if valid.all() else valid)
    # The events: (row, time, column) sorted, as case_of_row sorts each row's.
    k_events = len(times)
    held = np.stack([p[rows] for p in present], axis=1) if k_events else np.zeros((n, 0), bool)
    owner, which = np.nonzero(held)
    us = np.zeros(owner.size, dtype=np.int64)
    for k in range(k_events):
        mine = which == k
        us[mine] = times[k].us[rows[owner[mine]]]
    order = np.lexsort((which, us, owner))
    owner, which = owner[order], which[order]
    counts = np.bincount(owner, minlength=n) if owner.size else np.zeros(n, dtype=np.int64)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    position = np.arange(owner.size, dtype=np.int64) - start[owner]
    event_at = Times(owner.size)
    for name in ("us", "wall", "offset", "aware", "ok"):
        target = getattr(event_at, name)
        for k in range(k_events):
            mine = which == k
            target[mine] = getattr(times[k], name)[rows[owner[mine]]]
    extension: list[str | None] = [None] * owner.size
    for e, (r, k) in enumerate(zip(owner.tolist(), which.tolist(), strict=True)):
        granted = extensions[k]
        if granted is not None:
            extension[e] = granted[pick[r]]
    refused = np.zeros(n, dtype=bool)
    return RawCases(
        refused=refused,
        id=objects([ids[k] for k in pick]),
        workflow=Coded(np.zeros(n, dtype=np.int32), (plan.mapping.workflow.name,)),
        received=_take(received, rows),
        type=values["type"],
        category=values["category"],
        urgency=values["urgency"],
        channel=values["channel"],
        fields=fields_coded,
        event_start=start,
        event_id=objects([f"e{p}" for p in position.tolist()]),
        event_name=Coded(which.astype(np.int32), plan.names),
        event_at=event_at,
        extension=extension,
        event_note=objects([""] * owner.size),
        event_channel=Coded(np.zeros(owner.size, dtype=np.int32), ("",)),
        changes=[None] * owner.size,
    )


def _take(times: Times, rows: I64) -> Times:
    out = Times(rows.size)
    for name in ("us", "wall", "offset", "aware", "ok"):
        setattr(out, name, getattr(times, name)[rows])
    return out


guard(globals())
