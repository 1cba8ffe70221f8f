"""Cases as columns written to Arrow tables and Parquet files in civicflow's layout (the
writing half of :mod:`civicflow.exchange.tables.arrow_columns`, which is the module to import)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from civicflow._arguments import guard, positive
from civicflow.cases.columns import CaseColumns, Coded
from civicflow.errors import ArgumentError, ArgumentTypeError
from civicflow.exchange._extras import extra
from civicflow.exchange._files import written
from civicflow.exchange.documents import CASE_SCHEMA
from civicflow.exchange.tables._arrow_layout import (
    ATTRIBUTES,
    FIELD,
    SCHEMA_KEY,
    pyarrow,
    zone_name,
    zone_of,
)

__all__ = ["arrow_schema", "to_arrow", "write_parquet_columns"]

_EPOCH = dt.datetime(1970, 1, 1)
_AWARE_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)


def arrow_schema(fields: Iterable[str] = (), zone: dt.tzinfo | str | None = None) -> Any:
    """The Arrow schema of civicflow's layout, with a column ``field.<name>`` for each of
    ``fields``, and times naive (``zone`` ``None``) or in ``zone``.

    Raises:
        ArgumentError: a zone Arrow cannot name, or pyarrow is not installed.
    """
    pa = pyarrow()
    fields = list(fields)
    for name in fields:
        if not isinstance(name, str):
            raise ArgumentTypeError("fields", name, "field names, each a str")
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise ArgumentError(f"field name {name!r} is not text Arrow can hold") from None
    tz = None
    if zone is not None:
        tz = zone if isinstance(zone, str) else zone_name(zone)
        if zone_of(tz) is None:
            raise ArgumentError(f"unknown time zone {tz!r}")
    text = pa.string()
    stamp = pa.timestamp("us", tz=tz)
    event = pa.struct(
        [("id", text), ("name", text), ("at", stamp), ("extension", text), ("note", text),
         ("channel", text), ("changes", pa.map_(text, text))]
    )  # fmt: skip
    columns = [("id", text), ("workflow", text), ("received", stamp)]
    columns += [(name, text) for name in ATTRIBUTES]
    columns += [("events", pa.list_(event))] + [(FIELD + f, text) for f in fields]
    return pa.schema(columns, metadata={SCHEMA_KEY: CASE_SCHEMA.encode()})


def _zone(columns: CaseColumns) -> dt.tzinfo | None:
    """The one zone of the rows' times (``None``: naive)."""
    used: set[dt.tzinfo | None] = {columns.zones[int(z)] for z in np.unique(columns.zone)}
    if len(used) == 1:
        return used.pop()
    if None in used and len(used) > 1:
        raise ArgumentError(
            "the cases mix naive and aware times: an Arrow table holds one kind; write "
            "them as two tables (CaseColumns.aware() tells them apart)"
        )
    if not used:
        return None
    names = sorted(str(z) for z in used)
    raise ArgumentError(
        f"the cases' times are in several zones ({', '.join(names)}): an Arrow table holds "
        "one; pass schema=arrow_schema(fields, zone) to write them all in that zone"
    )


def to_arrow(columns: CaseColumns, schema: Any = None) -> Any:
    """The columns as an Arrow table in civicflow's layout (rows kept as Case objects
    included: a reclassified case keeps its events' ``changes``).

    Args:
        columns: the cases.
        schema: the table's schema (:func:`arrow_schema`): which fields it has, and the
            zone of its times; by default the fields of ``columns`` and the rows' zone.

    Raises:
        ArgumentError: naive and aware times together, several zones without a schema, a
            row with a field or a kind of time the schema lacks, or pyarrow is not
            installed.
    """
    pa = pyarrow()
    if schema is None:
        schema = arrow_schema(sorted(columns.fields), _zone(columns))
    if not isinstance(schema, pyarrow().Schema):
        raise ArgumentTypeError("schema", schema, "a pyarrow.Schema (see arrow_schema)")
    tz = schema.field("received").type.tz
    fields = [n[len(FIELD) :] for n in schema.names if n.startswith(FIELD)]
    aware = columns.aware()
    if aware.size and (bool(aware.any()) if tz is None else not bool(aware.all())):
        raise ArgumentError(
            f"the schema's times are {'naive' if tz is None else 'in ' + tz}, and some of "
            "the cases' times are not"
        )
    for name, column in columns.fields.items():
        held = column.valid is None or bool(column.valid.any())
        if name not in fields and len(column) and held:
            raise ArgumentError(
                f"the cases have the field {name!r} and the schema has no column "
                f"{FIELD}{name}: add it (arrow_schema(fields=...))"
            )
    return pa.Table.from_arrays(_arrays(pa, columns, schema, fields), schema=schema)


def _strings(pa: Any, column: Coded, overrides: dict[int, str] | None = None) -> Any:
    """A coded column as an Arrow string array; ``overrides`` replace some rows' text."""
    values = list(column.values)
    codes = column.codes.astype(np.int64)
    if overrides:
        codes = codes.copy()
        for row, text in overrides.items():
            codes[row] = len(values)
            values.append(text)
    mask = None if column.valid is None else ~column.valid
    return pa.array(values, pa.string()).take(pa.array(codes, mask=mask))


def _arrays(pa: Any, columns: CaseColumns, schema: Any, fields: list[str]) -> list[Any]:
    n = len(columns)
    kept = {row: columns.cases[row] for row in sorted(columns.cases)}
    first = {row: dict(case.received_as) for row, case in kept.items()}
    counts = np.diff(columns.event_start)
    for row, case in kept.items():
        counts[row] = len(case.history)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    total = int(start[-1])
    plain_counts = np.diff(columns.event_start)
    owner = np.repeat(np.arange(n, dtype=np.int64), plain_counts)
    sel = np.flatnonzero(~np.isin(owner, list(kept)))  # a kept row's events are its case's
    at_plain = (start[owner] + np.arange(owner.size) - columns.event_start[owner])[sel]
    at_kept = np.asarray([int(start[r]) + j for r, c in kept.items() for j in range(len(c.history))],
                         dtype=np.int64)  # fmt: skip
    kept_events = [e for c in kept.values() for e in c.history]

    def spliced(plain: Any, extra: list[Any], dtype: Any = object) -> Any:
        out = np.empty(total, dtype=dtype)
        out[at_plain] = plain[sel]
        out[at_kept] = extra
        return out

    def coded(column: Coded, extra: list[str]) -> Any:
        codes = spliced(column.codes, [len(column.values) + k for k in range(len(extra))], np.int64)
        return pa.array([*column.values, *extra], pa.string()).take(pa.array(codes))

    stamp = schema.field("received").type
    texts = [x.chinese for x in columns.extensions]
    ext = spliced(columns.event_extension,
                  [-1 if e.extension is None else len(texts) + k for k, e in enumerate(kept_events)],
                  np.int64)  # fmt: skip
    texts += ["" if e.extension is None else e.extension.chinese for e in kept_events]
    changes = pa.nulls(total, pa.map_(pa.string(), pa.string()))
    if kept_events:
        pairs = np.full(total, None, dtype=object)
        pairs[at_kept] = [list(e.changes) if e.changes else None for e in kept_events]
        changes = pa.array(pairs.tolist(), pa.map_(pa.string(), pa.string()))
    event = pa.StructArray.from_arrays(
        [
            pa.array(spliced(columns.event_id, [e.id for e in kept_events]), pa.string()),
            coded(columns.event_name, [e.name for e in kept_events]),
            pa.array(
                spliced(columns.event_at, [_micros(e.at) for e in kept_events], np.int64), stamp
            ),
            pa.array(texts, pa.string()).take(pa.array(ext, mask=ext < 0)),
            pa.array(spliced(columns.event_note, [e.note for e in kept_events]), pa.string()),
            coded(columns.event_channel, [e.channel for e in kept_events]),
            changes,
        ],
        fields=list(schema.field("events").type.value_type),
    )
    if total >= 2**31:
        raise ArgumentError(f"{total:,} events: more than one Arrow table holds; write parts")
    events = pa.ListArray.from_arrays(pa.array(start.astype(np.int32)), event)
    out = [
        pa.array(columns.id, pa.string()),
        _strings(pa, columns.workflow),
        pa.array(columns.received, stamp),
    ]
    for name in ATTRIBUTES:
        overrides = {r: f[name] for r, f in first.items() if name in f}
        out.append(_strings(pa, getattr(columns, name), overrides))
    out.append(events)
    for name in fields:
        column = columns.fields.get(name)
        out.append(pa.nulls(n, pa.string()) if column is None else _strings(pa, column))
    return out


def _micros(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        return (moment - _EPOCH) // _US
    return (moment - _AWARE_EPOCH) // _US


def write_parquet_columns(
    path: str | Path,
    parts: CaseColumns | Iterable[CaseColumns],
    *,
    schema: Any = None,
    row_group_size: int | None = None,
) -> int:
    """Write cases as columns to a Parquet file in civicflow's layout, part by part; returns
    the rows written. The file appears only when it is complete.

    Args:
        path: the file.
        parts: the columns, or an iterable of them (each written as it comes).
        schema: as for :func:`to_arrow`; by default that of the first part.
        row_group_size: rows per row group (pyarrow's default by default).

    Raises:
        ArgumentError: as :func:`to_arrow` (a later part with a field or a zone the schema
            lacks), or pyarrow is not installed.
        OSError: the file cannot be written.
    """
    pq = extra("pyarrow.parquet", "parquet", "writing Parquet")
    target = Path(path)
    if schema is not None and not isinstance(schema, pyarrow().Schema):
        raise ArgumentTypeError("schema", schema, "a pyarrow.Schema (see arrow_schema)")
    if row_group_size is not None:
        positive("row_group_size", row_group_size)
    if target.suffix.lower() not in (".parquet", ".pq"):
        raise ArgumentError(
            f"{target.name}: a Parquet file is named .parquet (got {target.suffix or 'no suffix'!r})"
        )
    items = iter([parts] if isinstance(parts, CaseColumns) else parts)
    count = 0
    with written(target) as scratch:  # whole, or not at all
        first = next(items, None)
        if schema is None:
            empty = CaseColumns.from_cases(())
            schema = to_arrow(first if first is not None else empty).schema
        with pq.ParquetWriter(str(scratch), schema) as writer:
            for part in itertools.chain([] if first is None else [first], items):
                writer.write_table(to_arrow(part, schema), row_group_size=row_group_size)
                count += len(part)
    return count


guard(globals())
