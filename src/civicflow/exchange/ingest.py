"""Reading cases in bulk: JSON Lines and CSV, one case at a time, in constant memory.

Formats (``docs/input.md`` has the columns):

- ``jsonl``: one case per line, each a ``civicflow.case/1`` document.
- ``csv-events``: one row per event; the rows of a case are consecutive and repeat its
  opening columns. A case with no event has one row with an empty ``event``.
- ``csv-cases``: one row per case; its events are a JSON array in the ``events`` column.

A bad line stops the reading with an :class:`InputError` naming its line, unless the caller
asks to skip bad lines; then each one is reported to ``on_bad`` and reading goes on.

>>> import io
>>> text = '{"schema": "civicflow.case/1", "id": "A", "workflow": "hotline-12345", "received": "2025-09-29T09:00:00"}\\n'
>>> [case.id for _, case in read_cases(io.StringIO(text), "jsonl")]
['A']
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any

from civicflow.cases.case import Case
from civicflow.cases.workflow import Workflow
from civicflow.errors import CivicflowError, SchemaError
from civicflow.exchange.serialization import CASE_SCHEMA, case_from_json

__all__ = ["CSV_COLUMNS", "FORMATS", "InputError", "read_cases"]

FORMATS = ("jsonl", "csv-events", "csv-cases")

#: The opening columns of both CSV layouts; further ``field.<name>`` columns are case fields.
CSV_COLUMNS = ("id", "workflow", "received", "type", "category", "urgency", "channel")
_EVENT_COLUMNS = ("event_id", "event", "at", "extension", "note")


class InputError(CivicflowError, ValueError):
    """A line of the input is not a valid case.

    Attributes:
        line: the line number (1 for the first line of the file).
        problems: what is wrong with it.
    """

    def __init__(self, line: int, problems: tuple[str, ...]) -> None:
        self.line = line
        self.problems = problems
        listed = "; ".join(problems)
        super().__init__(f"line {line}: {listed} (fix the line, or skip bad lines with --skip-bad)")


Bad = Callable[[InputError], None]


def read_cases(
    stream: IO[str],
    format: str = "jsonl",
    *,
    workflows: Mapping[str, Workflow] | None = None,
    on_bad: Bad | None = None,
) -> Iterator[tuple[int, Case]]:
    """Cases from ``stream``, with the line each one starts on.

    Args:
        stream: a text stream (a file opened with ``newline=""`` for CSV).
        format: one of :data:`FORMATS`.
        workflows: workflows by name, besides the presets.
        on_bad: called with each bad line's error, which is then skipped; ``None`` (the
            default) raises the first one instead.

    Raises:
        InputError: a bad line, when ``on_bad`` is ``None``.
        ValueError: an unknown format, or CSV without the needed columns.
    """
    if format == "jsonl":
        return _jsonl(stream, workflows, on_bad)
    if format == "csv-events":
        return _csv_events(stream, workflows, on_bad)
    if format == "csv-cases":
        return _csv_cases(stream, workflows, on_bad)
    raise ValueError(f"format must be one of {', '.join(FORMATS)} (got {format!r})")


def _fail(error: InputError, on_bad: Bad | None) -> None:
    if on_bad is None:
        raise error
    on_bad(error)


def _jsonl(
    stream: IO[str], workflows: Mapping[str, Workflow] | None, on_bad: Bad | None
) -> Iterator[tuple[int, Case]]:
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield n, case_from_json(line, workflows)
        except SchemaError as exc:
            _fail(InputError(n, exc.problems), on_bad)


def _document(row: Mapping[str, str], events: list[dict[str, Any]]) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema": CASE_SCHEMA}
    for column in CSV_COLUMNS:
        if row.get(column):
            doc[column] = row[column]
    fields = {k[6:]: v for k, v in row.items() if k and k.startswith("field.") and v}
    if fields:
        doc["fields"] = fields
    doc["events"] = events
    return doc


def _check_columns(reader: csv.DictReader[str], needed: tuple[str, ...]) -> None:
    have = set(reader.fieldnames or ())
    missing = [c for c in needed if c not in have]
    if missing:
        raise ValueError(
            f"the CSV lacks the column(s) {', '.join(missing)}; its columns are: "
            f"{', '.join(reader.fieldnames or ()) or 'none'}"
        )


def _csv_cases(
    stream: IO[str], workflows: Mapping[str, Workflow] | None, on_bad: Bad | None
) -> Iterator[tuple[int, Case]]:
    reader = csv.DictReader(stream)
    _check_columns(reader, ("id", "workflow", "received", "events"))
    for row in reader:
        n = reader.line_num
        try:
            events = json.loads(row["events"] or "[]")
        except json.JSONDecodeError as exc:
            _fail(InputError(n, (f"events: not a JSON array: {exc}",)), on_bad)
            continue
        try:
            yield n, case_from_json(json.dumps(_document(row, events)), workflows)
        except SchemaError as exc:
            _fail(InputError(n, exc.problems), on_bad)


def _csv_events(
    stream: IO[str], workflows: Mapping[str, Workflow] | None, on_bad: Bad | None
) -> Iterator[tuple[int, Case]]:
    reader = csv.DictReader(stream)
    _check_columns(reader, ("id", "workflow", "received", "event", "at"))
    current: str | None = None
    first = 0
    opening: dict[str, str] = {}
    events: list[dict[str, Any]] = []
    done: set[str] = set()

    def flush() -> Iterator[tuple[int, Case]]:
        try:
            yield first, case_from_json(json.dumps(_document(opening, events)), workflows)
        except SchemaError as exc:
            _fail(InputError(first, exc.problems), on_bad)

    for row in reader:
        n = reader.line_num
        case_id = row.get("id") or ""
        if case_id != current:
            if current is not None:
                yield from flush()
                done.add(current)
            if case_id in done:
                _fail(
                    InputError(n, (f"the rows of case {case_id!r} are not consecutive",)),
                    on_bad,
                )
                current = None
                continue
            current, first, opening, events = case_id, n, dict(row), []
        elif any(row.get(c, "") != opening.get(c, "") for c in CSV_COLUMNS):
            _fail(
                InputError(
                    n, (f"case {case_id!r} has other opening columns than on line {first}",)
                ),
                on_bad,
            )
            continue
        if row.get("event"):
            event = {"id": row.get("event_id") or f"{n}", "name": row["event"], "at": row["at"]}
            if row.get("extension"):
                event["extension"] = row["extension"]
            if row.get("note"):
                event["note"] = row["note"]
            events.append(event)
    if current is not None:
        yield from flush()
