"""Cases from the tables platforms export: one row per work order, a time column per milestone.

A :class:`TableMapping`, written once per export layout (JSON or TOML), says which column holds
the case's id, its time of receipt, its type, category, urgency and channel, its further
fields, and the time of each event of its workflow. An empty time cell is an event that did
not happen; the events that did are put in time order (the mapping's order breaks ties).
Shipped mappings read the common exports with Chinese headers: ``hotline-12345`` (12345
热线工单) and ``urban-management`` (数字城管案卷); see ``docs/tables.md``.

>>> mapping = shipped_mapping("hotline-12345")
>>> row = {"工单编号": "GD-1", "受理时间": "2025-09-29 09:00", "诉求类型": "投诉",
...        "派单时间": "2025/9/29 9:20", "签收时间": "2025-09-29 10:02"}
>>> case = case_of_row(row, mapping, 2)
>>> case.state, [e.name for e in case.history]
('signed_for', ['dispatch', 'sign_for'])
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from civicflow._arguments import guard
from civicflow.cases.case import BUILT_IN_FIELDS, Case
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, NotFoundError, SchemaError, shown
from civicflow.exchange._cells import Cell, cell_text, cell_time
from civicflow.exchange._json import decode_json
from civicflow.exchange._plain import plain_case
from civicflow.exchange.documents import (
    CASE_SCHEMA,
    Bad,
    InputError,
    InputFileError,
    InputStats,
    checked_case,
)
from civicflow.sla.presets import preset_workflows

__all__ = [
    "MAPPINGS",
    "EventColumn",
    "TableMapping",
    "case_of_row",
    "cases_of_rows",
    "load_mapping",
    "mapping_from_data",
    "row_of_case",
    "shipped_mapping",
]

#: The mappings shipped with civicflow, by name.
MAPPINGS = ("hotline-12345", "urban-management")

#: The case attributes a mapping may read from a column (besides ``id`` and ``received``).
_ATTRIBUTES = ("type", "category", "urgency", "channel")
_KEYS = frozenset(
    {"name", "workflow", "id", "received", *_ATTRIBUTES, "fields", "events", "values", "defaults"}
)


@attrs.frozen
class EventColumn:
    """One event of the workflow and the column of its time.

    Attributes:
        event: the event's name in the workflow, e.g. ``"sign_for"``.
        at: the column holding when it happened, e.g. ``"签收时间"``.
        extension: for an extending event, the column holding the time granted (e.g.
            ``"延期时长"``, with values such as ``5个工作日``).
    """

    event: str
    at: str
    extension: str | None = None


@attrs.frozen
class TableMapping:
    """Which column of an export holds what (build one with :func:`mapping_from_data`).

    Attributes:
        name: the mapping's name.
        workflow: the workflow every row follows.
        id: the column of the case id (工单编号).
        received: the column of the time of receipt (受理时间).
        columns: case attribute (type, category, urgency, channel) -> its column.
        fields: case field (e.g. department) -> its column.
        events: the events' columns, in the workflow's order.
        values: case attribute or field -> {cell value -> value}, e.g. urgency
            ``{"紧急": "urgent", "一般": "normal"}``; a value not listed is kept as it is.
        defaults: case attribute -> its value when the cell is empty or there is no column.
    """

    name: str
    workflow: Workflow
    id: str
    received: str
    columns: tuple[tuple[str, str], ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    events: tuple[EventColumn, ...] = ()
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    defaults: tuple[tuple[str, str], ...] = ()

    @property
    def needed(self) -> tuple[str, ...]:
        """Every column the mapping reads, in its order."""
        names = [self.id, self.received, *(c for _, c in self.columns)]
        names += [c for _, c in self.fields]
        for e in self.events:
            names += [e.at] if e.extension is None else [e.at, e.extension]
        return tuple(names)


def _text_map(
    data: object, where: str, problems: list[str], keys: Iterable[str] | None = None,
    what: str = "column name",
) -> dict[str, str]:  # fmt: skip
    if not isinstance(data, dict):
        problems.append(f"{where}: expected a table of {what}s, got {data!r}")
        return {}
    found = {}
    for key, value in data.items():
        if not isinstance(value, str) or not value:
            problems.append(f"{where}.{key}: expected a {what}, got {value!r}")
        elif keys is not None and key not in keys:
            problems.append(f"{where}.{key}: unknown; known: {', '.join(keys)}")
        else:
            found[key] = value
    return found


def mapping_from_data(
    data: Mapping[str, Any], workflows: Mapping[str, Workflow] | None = None
) -> TableMapping:
    """A mapping from its parsed JSON or TOML; every problem is named at once.

    Raises:
        SchemaError: unknown keys, a missing ``workflow``, ``id`` or ``received``, an
            unknown workflow or event, an extension column on an event that extends
            nothing, a column read twice, values that are not text.
    """
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise SchemaError("mapping", [f"$: expected a table, got {type(data).__name__}"])
    for key in sorted(set(data) - _KEYS):
        problems.append(f"$.{key}: unknown key; the keys are: {', '.join(sorted(_KEYS))}")
    for key in ("workflow", "id", "received"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.append(f"$.{key}: required, a name (got {data.get(key)!r})")
    known = {**preset_workflows(), **(workflows or {})}
    named = data.get("workflow")
    workflow = known.get(named) if isinstance(named, str) else None
    if isinstance(data.get("workflow"), str) and workflow is None:
        problems.append(
            f"$.workflow: unknown workflow {data['workflow']!r}; known: {', '.join(sorted(known))}"
        )
    columns = {k: v for k, v in data.items() if k in _ATTRIBUTES}
    columns = _text_map(columns, "$", problems)
    fields = _text_map(data.get("fields", {}), "$.fields", problems)
    for name in sorted(set(fields) & BUILT_IN_FIELDS):
        problems.append(f"$.fields.{name}: a case attribute of its own; map it at the top level")
    events: list[EventColumn] = []
    # equivalent "None)", ", )": no events, None or {}, is the same problem: not a table, or empty
    raw_events = data.get("events", {})
    if not isinstance(raw_events, dict) or not raw_events:
        problems.append("$.events: required, a table of event names to columns")
        raw_events = {}
    for name, spec in raw_events.items():
        where = f"$.events.{name}"
        at, extension = spec, None
        if isinstance(spec, dict):
            extra = set(spec) - {"at", "extension"}
            if extra:
                problems.append(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
            at, extension = spec.get("at"), spec.get("extension")
        if not isinstance(at, str) or not at:
            problems.append(f"{where}: expected a column name, or {{at, extension}}, got {spec!r}")
            continue
        if extension is not None and (not isinstance(extension, str) or not extension):
            problems.append(f"{where}.extension: expected a column name, got {extension!r}")
            continue
        if workflow is not None:
            t = workflow.transition(name)
            if t is None:
                problems.append(
                    f"{where}: the workflow {workflow.name!r} has no event {name!r}; its events: "
                    + ", ".join(workflow.events)
                )
                continue
            if t.reclassifies:
                problems.append(f"{where}: a reclassification cannot be read from a time column")
            if (t.extension is None) != (extension is None):
                problems.append(
                    f"{where}: {name!r} extends time limits: give {{at = ..., extension = ...}}"
                    if extension is None
                    else f"{where}.extension: {name!r} does not extend time limits"
                )
        events.append(EventColumn(name, at, extension))
    values: dict[str, tuple[tuple[str, str], ...]] = {}
    raw_values = data.get("values", {})
    if not isinstance(raw_values, dict):
        problems.append(f"$.values: expected a table, got {raw_values!r}")
        raw_values = {}
    for name, table in raw_values.items():
        if name not in _ATTRIBUTES and name not in fields:
            problems.append(f"$.values.{name}: neither a case attribute nor a mapped field")
            continue
        found = _text_map(table, f"$.values.{name}", problems, what="value")
        values[name] = tuple(found.items())
    defaults = _text_map(data.get("defaults", {}), "$.defaults", problems, _ATTRIBUTES, "value")
    # equivalent "XXXX": a workflow that is no name is a problem already, and nothing is built
    name = data.get("name", named if isinstance(named, str) else "")
    if not isinstance(name, str):
        problems.append(f"$.name: expected text, got {name!r}")
    used: dict[str, str] = {}
    mapped = [("id", data.get("id")), ("received", data.get("received"))]
    mapped += [(k, v) for k, v in columns.items()] + [(f"fields.{k}", v) for k, v in fields.items()]
    for e in events:
        mapped += [(f"events.{e.event}", e.at)]
        if e.extension is not None:
            mapped += [(f"events.{e.event}.extension", e.extension)]
    for key, column in mapped:
        if not isinstance(column, str):
            continue
        if column in used:
            problems.append(f"$.{key}: column {column!r} is read already by $.{used[column]}")
        used.setdefault(column, key)
    if problems:
        raise SchemaError("mapping", problems)
    assert workflow is not None
    return TableMapping(
        str(name), workflow, data["id"], data["received"], tuple(columns.items()),
        tuple(fields.items()), tuple(events), tuple(values.items()), tuple(defaults.items()),
    )  # fmt: skip


def load_mapping(
    source: str | Path, workflows: Mapping[str, Workflow] | None = None
) -> TableMapping:
    """A shipped mapping by name (:data:`MAPPINGS`), or a mapping file (``.toml`` or ``.json``).

    Raises:
        SchemaError: the file is not valid TOML or JSON, or not a valid mapping.
        NotFoundError: neither a shipped mapping nor a file (a name with no suffix, a file
            that is not there, a folder); the message lists the shipped mappings.
        ArgumentError: the file is there but cannot be read (not allowed, a name too long).
    """
    if isinstance(source, str) and source in MAPPINGS:
        return shipped_mapping(source)
    path = Path(source)
    try:
        raw = path.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a name with a NUL in it
        if isinstance(exc, ValueError | FileNotFoundError | IsADirectoryError | NotADirectoryError):
            name = shown(str(source), 300)
            what = f"no mapping file {name}" if path.suffix else f"no shipped mapping {name}"
            raise NotFoundError(
                f"{what} and no such file; the shipped mappings are: {', '.join(MAPPINGS)}, "
                "or give a mapping file (.toml or .json)"
            ) from None
        raise ArgumentError(
            f"cannot read the mapping file {shown(str(source), 300)}: {exc.strerror or exc}"
        ) from None
    try:
        text = raw.decode("utf-8-sig")  # equivalent "UTF-8-SIG": codec names ignore case
    except UnicodeDecodeError as exc:
        raise SchemaError("mapping", [f"$: not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = decode_json(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and TOMLDecodeError too
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        raise SchemaError("mapping", [f"$: not {kind}: {exc}"]) from None
    return mapping_from_data(data, workflows)


def shipped_mapping(name: str) -> TableMapping:
    """One of the mappings shipped with civicflow (:data:`MAPPINGS`).

    Raises:
        NotFoundError: no mapping of that name; the message lists them.
    """
    if name not in MAPPINGS:
        raise NotFoundError(f"no shipped mapping {name!r}; the mappings are: {', '.join(MAPPINGS)}")
    text = (
        resources.files("civicflow.exchange.tables")
        .joinpath("shipped_mappings", f"{name}.toml")
        # equivalent "encoding=None", "UTF-8": the tests run under UTF-8, and codec names ignore
        # case (a shipped mapping has Chinese headers: another locale fails those tests there)
        .read_text(encoding="utf-8")
    )
    return mapping_from_data(tomllib.loads(text))


def missing_columns(mapping: TableMapping, header: Iterable[str]) -> list[str]:
    """The columns the mapping reads that ``header`` lacks."""
    have = set(header)
    return [c for c in mapping.needed if c not in have]


def refuse_missing_columns(header: list[str], mapping: TableMapping, stats: InputStats) -> None:
    """Count and raise the error of a table that lacks columns the mapping reads.

    Raises:
        InputFileError: the header lacks columns the mapping reads (all of them named).
    """
    missing = missing_columns(mapping, header)
    if missing:
        stats.bad += 1
        raise InputFileError(
            1,
            (
                f"the table has no column {', '.join(missing)} that mapping {mapping.name!r} "
                f"reads; its columns: {', '.join(header) or 'none'} (if your export has "
                "none, copy the mapping and drop them: docs/tables.md)",
            ),
            0,
            unit="row",
        )


def _value(mapping: TableMapping, name: str, text: str) -> str:
    for key, table in mapping.values:
        if key == name:
            for cell, value in table:
                if cell == text:
                    return value
    return text


def case_of_row(row: Mapping[str, Cell], mapping: TableMapping, number: int) -> Case:
    """The case of one row (column -> cell); ``number`` is the row's number, for errors.

    Raises:
        InputError: a cell that does not hold what its column should (named with its
            column and value), or events the workflow refuses in that order.
    """
    problems: list[str] = []

    def text(column: str) -> str:
        try:
            return cell_text(row.get(column))
        except ValueError as exc:
            problems.append(f"column {column}: {exc}")
            return ""

    def moment(column: str) -> dt.datetime | None:
        try:
            return cell_time(row.get(column))
        except ValueError as exc:
            problems.append(f"column {column}: {exc}")
            return None

    case_id = text(mapping.id)
    if not case_id and not any(p.startswith(f"column {mapping.id}:") for p in problems):
        problems.append(f"column {mapping.id}: empty; every case needs its id")
    received = moment(mapping.received)
    if received is None and not problems:
        problems.append(f"column {mapping.received}: empty; every case needs its time of receipt")
    document: dict[str, Any] = {"schema": CASE_SCHEMA, "id": case_id,
                                "workflow": mapping.workflow.name}  # fmt: skip
    defaults = dict(mapping.defaults)
    for name, column in mapping.columns:
        document[name] = _value(mapping, name, text(column)) or defaults.get(name, "")
    for name in _ATTRIBUTES:
        if name not in document and name in defaults:
            document[name] = defaults[name]
    if not document.get("urgency"):
        document.pop("urgency", None)
    fields = {}
    for name, column in mapping.fields:
        value = _value(mapping, name, text(column))
        if value:
            fields[name] = value
    document["fields"] = fields
    found: list[tuple[dt.datetime, int, EventColumn, str | None]] = []
    for k, e in enumerate(mapping.events):
        at = moment(e.at)
        if at is None:
            continue
        extension = text(e.extension) if e.extension is not None else None
        if e.extension is not None and not extension:
            problems.append(f"column {e.extension}: empty, but {e.at} says the time was extended")
        found.append((at, k, e, extension))
    if problems:
        raise InputError(number, tuple(problems), unit="row")
    assert received is not None
    document["received"] = received.isoformat()
    try:
        found.sort(key=lambda item: (item[0], item[1]))
    except TypeError:
        raise InputError(
            number, ("naive and aware times in one row; use one kind throughout",), unit="row"
        ) from None
    events = []
    for n, (at, _, e, extension) in enumerate(found):
        doc: dict[str, Any] = {"id": f"e{n}", "name": e.event, "at": at.isoformat()}
        if extension:
            doc["extension"] = extension
        events.append(doc)
    document["events"] = events
    workflows = {mapping.workflow.name: mapping.workflow}
    case = plain_case(document, workflows)
    if case is not None:
        return case
    try:
        return checked_case(document, workflows)
    except SchemaError as exc:
        raise InputError(
            number, tuple(_columned(p, found) for p in exc.problems), unit="row"
        ) from None


def _columned(problem: str, found: list[tuple[dt.datetime, int, EventColumn, str | None]]) -> str:
    """A problem of the case document, with the column it comes from instead of its path."""
    path, _, reason = problem.partition(": ")
    if path.startswith("$.events["):
        index = int(path[len("$.events[") :].split("]")[0])
        at, _, e, _ = found[index]
        return f"column {e.at} ({e.event} at {at.isoformat(sep=' ')}): {reason}"
    return problem


def cases_of_rows(
    header: Iterable[str],
    rows: Iterable[tuple[int, Mapping[str, Cell]]],
    mapping: TableMapping,
    *,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
) -> Iterator[tuple[int, Case]]:
    """The case of each row, with its number; rows are read one at a time.

    Raises:
        InputFileError: the header lacks columns the mapping reads (all of them named).
        InputError: a bad row, unless ``on_bad`` takes it (it is then counted and skipped).
    """
    counts = stats if stats is not None else InputStats()
    refuse_missing_columns(list(header), mapping, counts)
    for number, row in rows:
        counts.lines += 1
        if all(cell_text_or_blank(v) == "" for v in row.values()):
            counts.blank += 1
            continue
        try:
            case = case_of_row(row, mapping, number)
        except InputError as exc:
            counts.bad += 1
            counts.bad_lines += 1
            if on_bad is None:
                raise
            on_bad(exc)
            continue
        counts.read(1)
        yield number, case


def row_of_case(case: Case, mapping: TableMapping) -> dict[str, Cell] | None:
    """The row an export through ``mapping`` would hold for ``case``, or ``None`` when one row
    cannot hold it: a reclassified case, an event twice, an event the mapping has no column
    for, or an event with a note or a channel (a row keeps none). Times are naive or aware
    as the case's; values are mapped back through ``mapping.values``.
    """
    if case.workflow != mapping.workflow or case.received_as:
        return None
    columns = {e.event: e for e in mapping.events}
    names = [e.name for e in case.history]
    if len(set(names)) != len(names) or any(n not in columns for n in names):
        return None
    if any(e.note or e.channel for e in case.history):
        return None
    back = {key: {v: k for k, v in table} for key, table in mapping.values}
    row: dict[str, Cell] = dict.fromkeys(mapping.needed)
    row[mapping.id] = case.id
    row[mapping.received] = case.received
    for name, column in mapping.columns:
        value = case.get(name)
        row[column] = back.get(name, {}).get(value, value)
    fields = dict(case.fields)
    if set(fields) - {name for name, _ in mapping.fields}:
        return None  # a field the export has no column for
    for name, column in mapping.fields:
        value = fields.get(name, "")
        row[column] = back.get(name, {}).get(value, value) or None
    for event in case.history:
        spec = columns[event.name]
        row[spec.at] = event.at
        if spec.extension is not None and event.extension is not None:
            row[spec.extension] = event.extension.chinese
    return row


def cell_text_or_blank(value: Cell) -> str:
    """A cell's text for telling a blank row: anything that is not text counts as filled."""
    try:
        return cell_text(value)
    except ValueError:
        return "x"


guard(globals())
