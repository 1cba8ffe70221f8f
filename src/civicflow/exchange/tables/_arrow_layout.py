"""civicflow's Arrow layout of cases: a table's columns checked, its arrays made plain, and its
rows as the case documents the per-case reader reads.

Both readers of :mod:`civicflow.exchange.tables.arrow_columns` start here: :func:`plain_table`
checks a table's schema as a whole (a column that is not in the layout, or of a type it does
not hold, refuses the table) and gives its arrays in one form: text as Arrow strings, times as
int64 microseconds or ISO 8601 text, the events flattened with their offsets.
:func:`documents` gives rows as ``civicflow.case/1`` documents: a null is a value left out,
and a time is its ISO 8601 text.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from civicflow.errors import ArgumentError
from civicflow.exchange._extras import extra
from civicflow.exchange.documents import CASE_SCHEMA, InputFileError

__all__ = [
    "ATTRIBUTES",
    "EVENT_FIELDS",
    "FIELD",
    "LAYOUT",
    "SCHEMA_KEY",
    "Plain",
    "TimeColumn",
    "compute",
    "documents",
    "plain_table",
    "pyarrow",
    "zone_name",
    "zone_of",
]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: The case attributes held as text, with the value of a null.
ATTRIBUTES = {"type": "", "category": "", "urgency": "normal", "channel": ""}
#: The columns of the layout, in order (further fields follow as ``field.<name>``).
LAYOUT = ("id", "workflow", "received", *ATTRIBUTES, "events")
#: The prefix of a further field's column.
FIELD = "field."
#: The fields of an event, in order.
EVENT_FIELDS = ("id", "name", "at", "extension", "note", "channel", "changes")
#: The key of the schema's metadata that names the layout.
SCHEMA_KEY = b"civicflow.schema"

_REQUIRED = ("id", "workflow", "received")
_EVENT_REQUIRED = ("id", "name", "at")
_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)")
_EPOCH = dt.datetime(1970, 1, 1)
_AWARE_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def pyarrow() -> Any:
    """The pyarrow module, or an error naming the extra that installs it."""
    return extra("pyarrow", "parquet", "Arrow tables")


def compute() -> Any:
    """pyarrow's compute functions, or an error naming the extra that installs them."""
    return extra("pyarrow.compute", "parquet", "Arrow tables")


def zone_of(name: str) -> dt.tzinfo | None:
    """The zone an Arrow timestamp's ``tz`` names (``UTC``, ``+08:00``, ``Asia/Shanghai``),
    or ``None`` when it names none."""
    found = _OFFSET.fullmatch(name)
    if found is not None:
        sign, hours, minutes = found.groups()
        if int(hours) >= 24 or int(minutes) >= 60:
            return None
        offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
        return dt.timezone(-offset if sign == "-" else offset)
    if name.upper() in ("UTC", "Z"):
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_name(zone: dt.tzinfo) -> str:
    """The ``tz`` of an Arrow timestamp for ``zone``.

    Raises:
        ArgumentError: a zone Arrow cannot name (an offset of seconds, a zone without a key).
    """
    if isinstance(zone, zoneinfo.ZoneInfo) and zone.key:
        return zone.key
    if isinstance(zone, dt.timezone):
        offset = zone.utcoffset(None)
        if not offset:
            return "UTC"
        minutes, rest = divmod(abs(offset), dt.timedelta(minutes=1))
        if not rest:
            sign = "-" if offset < dt.timedelta(0) else "+"
            return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    raise ArgumentError(
        f"zone {zone!r}: an Arrow table names a zone by its IANA key (Asia/Shanghai) or an "
        "offset of whole minutes (+08:00); give the times in such a zone"
    )


@attrs.frozen(eq=False)
class TimeColumn:
    """A column of times: int64 microseconds (of the wall time when ``aware`` is false, of
    UTC when it is true) or ISO 8601 text (``text``).

    Attributes:
        values: the Arrow array (int64, or string when ``text``).
        valid: (n,) the cells that are not null.
        text: whether the times are text.
        zone: the zone of timestamps with one.
    """

    values: Any
    valid: Bools
    text: bool = False
    zone: dt.tzinfo | None = None


@attrs.frozen(eq=False)
class Plain:
    """A table of the layout, its arrays in one form.

    Attributes:
        rows: the number of rows.
        text: id, workflow and the attributes as Arrow string arrays (nulls kept).
        received: the receipts.
        fields: each further field by name, an Arrow string array.
        event_start: (rows + 1,) int64 offsets of each row's events (a null list: none).
        event_valid: (events,) the events that are not null.
        event_text: id, name, extension, note and channel of the events, as strings.
        event_at: the events' times.
        changes: (events,) the events' changes (an Arrow map array), or ``None``.
    """

    rows: int
    text: dict[str, Any]
    received: TimeColumn
    fields: dict[str, Any]
    event_start: I64
    event_valid: Bools
    event_text: dict[str, Any]
    event_at: TimeColumn
    changes: Any


def _is_text(pa: Any, kind: Any) -> bool:
    t = pa.types
    if t.is_dictionary(kind):
        return _is_text(pa, kind.value_type)
    view = getattr(t, "is_string_view", lambda _: False)
    return bool(t.is_string(kind) or t.is_large_string(kind) or view(kind) or t.is_null(kind))


def _text(pa: Any, array: Any, n: int) -> Any:
    if array is None or pa.types.is_null(array.type):
        return pa.nulls(n, pa.string())
    if pa.types.is_string(array.type):
        return array
    return array.cast(pa.string())


def _utf8(pa: Any, name: str, array: Any, problems: list[str]) -> Any:
    """``array`` if its text is UTF-8 (a file can hold other bytes), else nulls and a problem."""
    try:
        array.validate(full=True)
    except pa.ArrowInvalid as exc:
        problems.append(f"column {name}: text that is not UTF-8 ({exc})")
        return pa.nulls(len(array), pa.string())
    return array


def _times(pa: Any, name: str, array: Any, n: int, problems: list[str]) -> TimeColumn:
    kind = array.type if array is not None else pa.null()
    valid = np.zeros(n, dtype=bool)
    if array is not None and not pa.types.is_null(kind):
        valid = array.is_valid().to_numpy(zero_copy_only=False)
    if _is_text(pa, kind):
        return TimeColumn(_utf8(pa, name, _text(pa, array, n), problems), valid, text=True)
    if not pa.types.is_timestamp(kind):
        problems.append(f"column {name}: expected times (timestamp, or ISO 8601 text), got {kind}")
        return TimeColumn(pa.nulls(n, pa.string()), np.zeros(n, dtype=bool), text=True)
    zone = None
    if kind.tz is not None:
        zone = zone_of(kind.tz)
        if zone is None:
            problems.append(f"column {name}: unknown time zone {kind.tz!r}")
    try:
        micros = array.cast(pa.timestamp("us", tz=kind.tz))
    except pa.ArrowInvalid:
        problems.append(
            f"column {name}: times finer than a microsecond; civicflow keeps microseconds "
            "(round them first)"
        )
        micros = pa.nulls(n, pa.timestamp("us"))
    return TimeColumn(micros.cast(pa.int64()), valid, zone=zone)


def plain_table(data: Any) -> Plain:
    """A table (or a record batch) of the layout, its arrays in one form.

    Raises:
        InputFileError: columns the layout lacks or does not have, of types it does not
            hold, a column twice, another layout's version (every problem named at once).
        ArgumentError: not an Arrow table or record batch, or pyarrow is not installed.
    """
    pa = pyarrow()
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if not isinstance(data, pa.Table):
        raise ArgumentError(
            f"expected an Arrow table or record batch (got {type(data).__name__}); for a "
            "DataFrame, use frame_columns"
        )
    problems: list[str] = []
    found = (data.schema.metadata or {}).get(SCHEMA_KEY)
    if found is not None and found != CASE_SCHEMA.encode():
        problems.append(
            f"the table is in the layout {found.decode('utf-8', 'replace')!r}; this version "
            f"of civicflow reads {CASE_SCHEMA}"
        )
    names = data.column_names
    twice = sorted({c for c in names if names.count(c) > 1})
    if twice:
        problems.append(f"column(s) {', '.join(twice)} appear twice")
    unknown = [c for c in names if c not in LAYOUT and not c.startswith(FIELD)]
    if unknown:
        problems.append(
            f"column(s) {', '.join(unknown)} are not in civicflow's case layout; its columns: "
            f"{', '.join(LAYOUT)}, and {FIELD}<name> for each further field"
        )
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        problems.append(f"the table lacks the column(s) {', '.join(missing)}")
    n = data.num_rows

    def column(name: str) -> Any:
        return data.column(name).combine_chunks() if name in names and name not in twice else None

    text = {}
    for name in ("id", "workflow", *ATTRIBUTES):
        array = column(name)
        if array is not None and not _is_text(pa, array.type):
            problems.append(f"column {name}: expected text (string), got {array.type}")
            array = None
        text[name] = _utf8(pa, name, _text(pa, array, n), problems)
    fields = {}
    for name in names:
        if name.startswith(FIELD) and name not in twice:
            array = column(name)
            if not _is_text(pa, array.type):
                problems.append(f"column {name}: expected text (string), got {array.type}")
            found = _text(pa, array if _is_text(pa, array.type) else None, n)
            fields[name[len(FIELD) :]] = _utf8(pa, name, found, problems)
    received = _times(pa, "received", column("received"), n, problems)
    events = _events(pa, column("events"), n, problems)
    if problems:
        raise InputFileError(0, tuple(problems), 0, unit="row")
    start, valid, event_text, at, changes = events
    return Plain(n, text, received, fields, start, valid, event_text, at, changes)


def _events(pa: Any, array: Any, n: int, problems: list[str]) -> Any:
    start = np.zeros(n + 1, dtype=np.int64)
    kind = array.type if array is not None else pa.null()
    t = pa.types
    if t.is_null(kind):
        array = None
    elif not (t.is_list(kind) or t.is_large_list(kind)) or not (
        t.is_struct(kind.value_type) or t.is_null(kind.value_type)
    ):
        problems.append(
            "column events: expected a list of events, list<struct<id, name, at, extension, "
            f"note, channel, changes>>, got {kind}"
        )
        array = None
    if array is not None:
        sizes = compute().list_value_length(array).fill_null(0).to_numpy()
        np.cumsum(sizes, out=start[1:])
        flat = array.flatten()
    else:
        flat = pa.nulls(0)
    e = int(start[-1])
    valid = np.zeros(e, dtype=bool)
    children: dict[str, Any] = {}
    if t.is_struct(flat.type):
        valid = flat.is_valid().to_numpy(zero_copy_only=False)
        struct = flat.type
        names = [struct.field(k).name for k in range(struct.num_fields)]
        children = dict(zip(names, flat.flatten(), strict=True))
        unknown = [x for x in names if x not in EVENT_FIELDS]
        if unknown:
            problems.append(
                f"column events: unknown event field(s) {', '.join(unknown)}; an event has "
                f"{', '.join(EVENT_FIELDS)}"
            )
        missing = [x for x in _EVENT_REQUIRED if x not in names]
        if missing:
            problems.append(f"column events: the events lack the field(s) {', '.join(missing)}")
    event_text = {}
    for name in ("id", "name", "extension", "note", "channel"):
        child = children.get(name)
        if child is not None and not _is_text(pa, child.type):
            problems.append(f"column events: field {name}: expected text, got {child.type}")
            child = None
        event_text[name] = _utf8(pa, f"events.{name}", _text(pa, child, e), problems)
    at = _times(pa, "events.at", children.get("at"), e, problems)
    changes = children.get("changes")
    if changes is not None and t.is_null(changes.type):
        changes = None
    if changes is not None and not _is_pairs(pa, changes.type):
        problems.append(
            f"column events: field changes: expected map<string, string> (or a list of "
            f"pairs of strings), got {changes.type}"
        )
        changes = None
    if changes is not None:
        try:
            changes.validate(full=True)
        except pa.ArrowInvalid as exc:
            problems.append(f"column events.changes: text that is not UTF-8 ({exc})")
            changes = None
    return start, valid, event_text, at, changes


def _is_pairs(pa: Any, kind: Any) -> bool:
    """Whether ``kind`` holds pairs of text: a map, or a list of two-field structs or of
    lists (what pandas and polars make of a map)."""
    t = pa.types
    if t.is_map(kind):
        return _is_text(pa, kind.key_type) and _is_text(pa, kind.item_type)
    if not (t.is_list(kind) or t.is_large_list(kind)):
        return False
    item = kind.value_type
    if t.is_struct(item):
        return bool(item.num_fields == 2) and all(_is_text(pa, f.type) for f in item)
    if t.is_list(item) or t.is_large_list(item):
        return _is_text(pa, item.value_type)
    return bool(t.is_null(item))


def _changes(value: list[Any], path: str, problems: list[str]) -> dict[str, Any]:
    """The changes of an event from its pairs (a map's, a struct's or a list's)."""
    out: dict[str, Any] = {}
    for item in value:
        pair = list(item.values()) if isinstance(item, dict) else item
        if pair is None or len(pair) != 2:
            problems.append(f"{path}: expected pairs of a key and a value, got {item!r}")
            return out
        out[pair[0]] = pair[1]
    return out


def _iso(us: int, column: TimeColumn) -> str | None:
    """A timestamp's ISO 8601 text, or ``None`` outside the years a datetime holds."""
    try:
        if column.zone is None:
            return (_EPOCH + dt.timedelta(microseconds=us)).isoformat()
        return (_AWARE_EPOCH + dt.timedelta(microseconds=us)).astimezone(column.zone).isoformat()
    except OverflowError:
        return None


def _time(value: Any, column: TimeColumn, path: str, problems: list[str]) -> Any:
    if column.text:
        return value
    text = _iso(value, column)
    if text is None:
        problems.append(f"{path}: {value} µs from 1970 is past the years 1-9999 a time may have")
    return text


def documents(plain: Plain, rows: Sequence[int]) -> list[tuple[dict[str, Any], list[str]]]:
    """The ``civicflow.case/1`` document of each of ``rows``, and the problems of the times
    no document can hold (past the years 1-9999)."""
    pa = pyarrow()
    index = pa.array(rows, pa.int64())
    top = {k: v.take(index).to_pylist() for k, v in plain.text.items()}
    received = plain.received.values.take(index).to_pylist()
    fields = {k: v.take(index).to_pylist() for k, v in plain.fields.items()}
    start = plain.event_start
    spans = [range(int(start[r]), int(start[r + 1])) for r in rows]
    which = pa.array([e for s in spans for e in s], pa.int64())
    events = {k: v.take(which).to_pylist() for k, v in plain.event_text.items()}
    at = plain.event_at.values.take(which).to_pylist()
    changes = plain.changes.take(which).to_pylist() if plain.changes is not None else None
    valid = plain.event_valid[np.asarray(which.to_numpy(), dtype=np.int64)].tolist()
    out = []
    e = 0
    for k, span in enumerate(spans):
        problems: list[str] = []
        doc: dict[str, Any] = {"schema": CASE_SCHEMA}
        for name in ("id", "workflow"):
            if top[name][k] is not None:
                doc[name] = top[name][k]
        if received[k] is not None:
            doc["received"] = _time(received[k], plain.received, "$.received", problems)
        for name in ATTRIBUTES:
            if top[name][k] is not None:
                doc[name] = top[name][k]
        doc["fields"] = {n: v[k] for n, v in fields.items() if v[k] is not None}
        if span:
            listed: list[Any] = []
            for j in range(len(span)):
                if not valid[e]:
                    listed.append(None)
                    e += 1
                    continue
                event: dict[str, Any] = {}
                for name in ("id", "name"):
                    if events[name][e] is not None:
                        event[name] = events[name][e]
                if at[e] is not None:
                    event["at"] = _time(at[e], plain.event_at, f"$.events[{j}].at", problems)
                for name in ("extension", "note", "channel"):
                    if events[name][e] is not None:
                        event[name] = events[name][e]
                if changes is not None and changes[e] is not None:
                    event["changes"] = _changes(changes[e], f"$.events[{j}].changes", problems)
                listed.append(event)
                e += 1
            doc["events"] = listed
        out.append((doc, problems))
    return out
