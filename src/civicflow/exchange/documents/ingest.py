"""Reading cases in bulk: JSON Lines and CSV, one case at a time, in constant memory.

Formats (``docs/input.md`` has the columns):

- ``jsonl``: one case per line, each a ``civicflow.case/1`` document.
- ``csv-events``: one row per event; the rows of a case are consecutive and repeat its
  opening columns. A case with no event has one row with an empty ``event``.
- ``csv-cases``: one row per case; its events are a JSON array in the ``events`` column.

Nothing is lost without a word: every line is either part of a case that is read, blank, or
part of a problem that is reported with its line. A bad line stops the reading with an
:class:`InputError` naming its line, unless the caller asks to skip bad lines; then each one
is reported to ``on_bad`` and reading goes on. A problem with the input as a whole (an empty
CSV, a missing column, JSON Lines read as CSV, a case whose rows are apart) is an
:class:`InputFileError`, raised even when bad lines are skipped.

>>> import io
>>> text = '{"schema": "civicflow.case/1", "id": "A", "workflow": "hotline-12345", "received": "2025-09-29T09:00:00"}\\n'
>>> [case.id for _, case in read_cases(io.StringIO(text), "jsonl")]
['A']
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from civicflow._arguments import guard
from civicflow.cases.case import Case
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError, CivicflowError, SchemaError, shown
from civicflow.exchange._json import decode_json
from civicflow.exchange._refusals import fail, refuse
from civicflow.exchange.documents.serialization import CASE_SCHEMA, case_from_json

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "Bad",
    "InputError",
    "InputFileError",
    "InputStats",
    "decoded_lines",
    "not_json_lines",
    "read_cases",
]

FORMATS = ("jsonl", "csv-events", "csv-cases")

#: The opening columns of both CSV layouts; further ``field.<name>`` columns are case fields.
CSV_COLUMNS = ("id", "workflow", "received", "type", "category", "urgency", "channel")
#: Columns that never hold a line break: one that does is a quote left open.
_ONE_LINE = frozenset(
    {"id", "workflow", "received", "event_id", "event", "at", "extension", "event_channel"}
)


class InputError(CivicflowError, ValueError):
    """A line of the input (or a few lines: one case, one broken CSV record) is not a valid case.

    Attributes:
        line: the first line of the problem (1 for the first line of the file).
        problems: what is wrong with it.
        lines: how many lines the problem covers (they are not read).
        unit: what ``line`` counts: ``"line"`` of a text file, or ``"row"`` of a table
            (a spreadsheet's row as the spreadsheet numbers it).
    """

    def __init__(
        self, line: int, problems: tuple[str, ...], lines: int = 1, *, unit: str = "line"
    ) -> None:
        self.line = line
        self.problems = problems
        self.lines = lines
        self.unit = unit
        listed = "; ".join(problems)
        where = f"{unit} {line}" if lines <= 1 else f"{unit}s {line}-{line + lines - 1}"
        #: Where and what, without the advice on skipping (line 0: the input as a whole).
        self.summary = f"{where}: {listed}" if line > 0 else listed
        super().__init__(self.summary + self._hint.format(unit=unit))

    _hint = " (fix the {unit}, or skip bad {unit}s with --skip-bad)"


class InputFileError(InputError):
    """The input as a whole cannot be read as asked: nothing is read, even when skipping.

    Examples: an empty CSV, a missing column, JSON Lines read as CSV, bytes in another
    encoding, a case whose rows are not consecutive.
    """

    _hint = ""


@attrs.define
class InputStats:
    """What a reading met, line by line; filled in as the cases are read.

    Every line is counted once: ``lines == blank + case_lines + bad_lines``.

    Attributes:
        lines: the lines read after the header (all of them, for JSON Lines).
        blank: blank lines, which hold nothing.
        cases: the cases read.
        case_lines: the lines those cases were read from.
        bad: the problems reported (each an :class:`InputError`).
        bad_lines: the lines those problems cover.
        last_lines: the lines of the case read last.
        per_case: of the cases read into columns (:mod:`civicflow.exchange.documents.jsonl_columns`),
            those the columns could not take, read by the per-case reader instead.
    """

    lines: int = 0
    blank: int = 0
    cases: int = 0
    case_lines: int = 0
    bad: int = 0
    bad_lines: int = 0
    last_lines: int = 0
    per_case: int = 0

    def read(self, lines: int) -> None:
        """Count a case read from ``lines`` lines.

        Raises:
            ArgumentTypeError: ``lines`` is not a whole number.
            ArgumentError: ``lines`` is below 0.
        """
        _count("lines", lines)
        self.cases += 1
        self.case_lines += lines
        self.last_lines = lines

    def read_many(self, cases: int) -> None:
        """Count ``cases`` cases read from a line each.

        Raises:
            ArgumentTypeError: ``cases`` is not a whole number.
            ArgumentError: ``cases`` is below 0.
        """
        _count("cases", cases)
        if cases:
            self.cases += cases
            self.case_lines += cases
            self.last_lines = 1

    def reject(self) -> int:
        """Count the case read last as a bad record instead (its reader refused it, e.g. for
        a field its report cannot use); returns the lines it covers."""
        self.cases -= 1
        self.case_lines -= self.last_lines
        self.bad += 1
        self.bad_lines += self.last_lines
        return self.last_lines


def _count(name: str, value: int) -> None:
    """Refuse a count that is not a whole number, 0 or more (a count of the stats is one)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(name, value, "a whole number, 0 or more")
    if value < 0:
        raise ArgumentError(f"{name} must be 0 or more (got {shown(value)})")


Bad = Callable[[InputError], None]


def read_cases(
    stream: Iterable[str],
    format: str = "jsonl",
    *,
    workflows: Mapping[str, Workflow] | None = None,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
) -> Iterator[tuple[int, Case]]:
    """Cases from ``stream``, with the line each one starts on.

    Args:
        stream: text lines, e.g. a file opened with ``newline=""``, or
            :func:`decoded_lines` of a binary file.
        format: one of :data:`FORMATS`.
        workflows: workflows by name, besides the presets.
        on_bad: called with each bad line's error, which is then skipped; ``None`` (the
            default) raises the first one instead.
        stats: filled in with what the reading met, line by line.

    Raises:
        InputError: a bad line, when ``on_bad`` is ``None``.
        InputFileError: a problem with the input as a whole, always: a line that is not
            text (a file opened in binary mode) among them.
        ArgumentError: an unknown format, or ``stream`` a single str (not lines).
    """
    if format not in FORMATS:
        raise ArgumentError(f"format must be one of {', '.join(FORMATS)} (got {shown(format)})")
    if isinstance(stream, str):
        raise ArgumentTypeError(
            "stream", stream, "lines of text (a file, a list of str), not one str"
        )
    lines = _text(iter(stream))
    counts = stats if stats is not None else InputStats()
    if format == "jsonl":
        return _jsonl(lines, workflows, on_bad, counts)
    if format == "csv-events":
        return _csv_events(lines, workflows, on_bad, counts)
    return _csv_cases(lines, workflows, on_bad, counts)


def _text(lines: Iterator[str]) -> Iterator[str]:
    """``lines``, each checked to be text: bytes mean a file opened in binary mode."""
    for n, line in enumerate(lines, 1):
        if not isinstance(line, str):
            what = "bytes" if isinstance(line, bytes | bytearray) else f"a {type(line).__name__}"
            raise InputFileError(
                n,
                (
                    f"{what}, not a line of text: open the file in text mode "
                    "(open(path, encoding='utf-8', newline='')), or read a binary file "
                    "through decoded_lines",
                ),
            )
        yield line


def decoded_lines(raw: Iterable[bytes], encoding: str = "utf-8") -> Iterator[str]:
    """The lines of a binary stream (or any lines of bytes) as text, decoded one line at a
    time.

    UTF-8 is read with or without a byte-order mark (Excel's "CSV UTF-8" writes one).

    Raises:
        InputFileError: a line is not bytes, or not text in ``encoding`` (the error names the line and
            suggests GB18030 when the bytes look like it), the encoding is unknown or
            not one that keeps ASCII as it is (UTF-16 and UTF-32 are not read), or the
            file begins with UTF-8's byte-order mark while another encoding is asked for
            (GB18030 would read those bytes as characters, and change the first field).
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        raise InputFileError(
            1, (f"unknown encoding {encoding!r}; e.g. utf-8, gbk, gb18030",), 0
        ) from None
    if "a,\n".encode(info.name, errors="replace") != b"a,\n":
        raise InputFileError(
            1, (f"encoding {encoding!r} does not keep ASCII as it is; use utf-8 or gb18030",), 0
        )
    decode = info.name
    for n, line in enumerate(raw, 1):
        if not isinstance(line, bytes | bytearray):
            what = "text" if isinstance(line, str) else f"a {type(line).__name__}"
            raise InputFileError(
                n,
                (
                    f"{what}, not a line of bytes: decoded_lines reads a file opened in binary "
                    "mode (open(path, 'rb')); lines of text need no decoding",
                ),
                0,
            )
        if n == 1 and decode != "utf-8" and line.startswith(codecs.BOM_UTF8):
            raise InputFileError(
                1,
                (
                    f"the file begins with UTF-8's byte-order mark, so it is UTF-8 text, not "
                    f"{encoding}: pass --encoding utf-8 (the default)",
                ),
                0,
            )
        try:
            text = line.decode("utf-8-sig" if n == 1 and decode == "utf-8" else decode)
        except UnicodeDecodeError as exc:
            bad = line[exc.start : exc.start + 4]
            hint = ""
            if decode == "utf-8":
                hint = (
                    "; if the file comes from Excel or a system in Chinese it is probably "
                    "GBK or GB18030: pass --encoding gb18030"
                )
            raise InputFileError(n, (f"not {encoding} text (bytes {bad!r}){hint}",), 0) from None
        yield text


def not_json_lines(n: int, line: str) -> InputFileError:
    """The error for a first line ``n`` that is not JSON."""
    return InputFileError(
        n,
        (
            f"this does not look like JSON Lines (it begins {line.strip()[:30]!r}); for CSV, "
            "pass --input csv-events or --input csv-cases",
        ),
    )


def _jsonl(
    lines: Iterator[str], workflows: Mapping[str, Workflow] | None, on_bad: Bad | None,
    stats: InputStats,
) -> Iterator[tuple[int, Case]]:  # fmt: skip
    looked = False
    for n, line in enumerate(lines, 1):
        stats.lines += 1
        if not line.strip():
            stats.blank += 1
            continue
        if not looked:
            looked = True
            if not line.lstrip().startswith("{"):
                refuse(not_json_lines(n, line), stats)
        try:
            case = case_from_json(line, workflows)
        except SchemaError as exc:
            fail(InputError(n, exc.problems), on_bad, stats)
            continue
        stats.read(1)
        yield n, case


#: The columns of each CSV format besides the opening ones and the ``field.<name>`` ones.
_EVENT_COLUMNS = {
    "csv-events": ("event_id", "event", "at", "extension", "note", "event_channel", "changes"),
    "csv-cases": ("events",),
}


def _records(
    lines: Iterator[str], needed: tuple[str, ...], stats: InputStats, fmt: str
) -> tuple[list[str], Iterator[tuple[int, int, dict[str, str] | str]]]:
    """The header, and each record as (first line, lines, row or the reason it is bad). A
    column the format does not read is refused, never dropped without a word."""
    first = next(lines, None)
    if first is None:
        raise InputFileError(1, ("the file is empty: a CSV needs a header line",), 0)
    if first.lstrip().startswith("{"):
        raise InputFileError(1, ("this looks like JSON Lines, not CSV: pass --input jsonl",))
    reader = csv.reader(itertools.chain((first,), lines), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputFileError(1, (f"the header line is not CSV: {exc}",)) from None
    missing = [c for c in needed if c not in header]
    if missing:
        raise InputFileError(
            1,
            (
                f"the CSV lacks the column(s) {', '.join(missing)}; its columns are: "
                f"{', '.join(header) or 'none'} (a platform's export, one row per case with "
                "its own headers, is read through --mapping: docs/tables.md)",
            ),
        )
    if len(set(header)) != len(header):
        twice = sorted({c for c in header if header.count(c) > 1})
        raise InputFileError(1, (f"the column(s) {', '.join(twice)} appear twice",))
    known = (*CSV_COLUMNS, *_EVENT_COLUMNS[fmt])
    unknown = [c for c in header if c not in known and not (c.startswith("field.") and c[6:])]
    if unknown:
        raise InputFileError(
            1,
            (
                f"{fmt} reads no column {', '.join(map(repr, unknown))}: its columns are "
                f"{', '.join(known)}, and field.<name> for a field of your own (e.g. "
                f"field.{unknown[0]})",
            ),
        )

    def records() -> Iterator[tuple[int, int, dict[str, str] | str]]:
        done = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                first, done = done + 1, reader.line_num
                stats.lines += done - first + 1
                yield first, done - first + 1, _csv_problem(str(exc), first, done)
                continue
            first, done = done + 1, reader.line_num
            stats.lines += done - first + 1
            if not row or (len(row) == 1 and not row[0].strip()):
                stats.blank += done - first + 1
                continue
            if len(row) != len(header):
                yield (
                    first,
                    done - first + 1,
                    (f"{len(row)} fields where the header has {len(header)}"),
                )
                continue
            values = dict(zip(header, row, strict=True))
            broken = sorted(c for c in _ONE_LINE if "\n" in values.get(c, ""))
            if broken:
                yield first, done - first + 1, _csv_problem("", first, done, broken[0])
                continue
            yield first, done - first + 1, values

    return header, records()


def _csv_problem(reason: str, first: int, last: int, column: str = "") -> str:
    if "field larger than field limit" in reason:
        return (
            f"a field of more than {csv.field_size_limit():,} characters begins on line "
            f"{first}: probably a quote that is never closed"
        )
    if reason == "unexpected end of data":
        return (
            f"a quoted field begins on line {first} and is never closed: it swallows lines "
            f"{first}-{last}"
        )
    if column:
        return (
            f"a quoted field in column {column!r} begins on line {first} and runs to line "
            f"{last}: a quote is missing"
        )
    return f"not CSV: {reason} (the record begins on line {first})"


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


def _csv_cases(
    lines: Iterator[str], workflows: Mapping[str, Workflow] | None, on_bad: Bad | None,
    stats: InputStats,
) -> Iterator[tuple[int, Case]]:  # fmt: skip
    _, records = _records(lines, ("id", "workflow", "received", "events"), stats, "csv-cases")
    for n, count, row in records:
        if isinstance(row, str):
            fail(InputError(n, (row,), count), on_bad, stats)
            continue
        try:
            events = decode_json(row["events"] or "[]")
        except (ValueError, RecursionError) as exc:
            fail(InputError(n, (f"events: not a JSON array: {exc}",), count), on_bad, stats)
            continue
        try:
            case = case_from_json(json.dumps(_document(row, events)), workflows)
        except SchemaError as exc:
            fail(InputError(n, exc.problems, count), on_bad, stats)
            continue
        stats.read(count)
        yield n, case


@attrs.define
class _Pending:
    """The rows of the case being read."""

    id: str
    first: int
    opening: dict[str, str]
    events: list[dict[str, Any]] = attrs.Factory(list)
    lines: int = 0
    bad: str = ""  # why the case is left out, if one of its rows was bad


def _csv_events(
    lines: Iterator[str], workflows: Mapping[str, Workflow] | None, on_bad: Bad | None,
    stats: InputStats,
) -> Iterator[tuple[int, Case]]:  # fmt: skip
    _, records = _records(lines, ("id", "workflow", "received", "event", "at"), stats, "csv-events")
    current: _Pending | None = None
    done: dict[str, int] = {}  # the cases read so far, and their first line

    def flush(case: _Pending) -> Iterator[tuple[int, Case]]:
        done[case.id] = case.first
        if case.bad:
            fail(InputError(case.first, (case.bad,), case.lines), on_bad, stats)
            return
        try:
            built = case_from_json(json.dumps(_document(case.opening, case.events)), workflows)
        except SchemaError as exc:
            fail(InputError(case.first, exc.problems, case.lines), on_bad, stats)
            return
        stats.read(case.lines)
        yield case.first, built

    for n, count, row in records:
        if isinstance(row, str):
            # The record's case cannot be told: the case being read is left out whole,
            # rather than kept without one of its events.
            fail(InputError(n, (row,), count), on_bad, stats)
            if current is not None:
                current.bad = (
                    current.bad or f"case {current.id!r} is left out: its row on line {n} is bad"
                )
            continue
        case_id = row["id"]
        if current is None or case_id != current.id:
            if current is not None:
                yield from flush(current)
            if case_id in done:
                refuse(
                    InputFileError(
                        n,
                        (
                            f"the rows of case {case_id!r} are not consecutive (line "
                            f"{done[case_id]}, and again line {n}): sort the file by id",
                        ),
                        count,
                    ),
                    stats,
                )
            current = _Pending(case_id, n, row)
        elif any(row.get(c, "") != current.opening.get(c, "") for c in CSV_COLUMNS):
            current.lines += count
            current.bad = current.bad or (
                f"case {case_id!r} has other opening columns on line {n} than on line "
                f"{current.first}"
            )
            continue
        current.lines += count
        if row.get("event"):
            event = {"id": row.get("event_id") or f"{n}", "name": row["event"], "at": row["at"]}
            if row.get("extension"):
                event["extension"] = row["extension"]
            if row.get("note"):
                event["note"] = row["note"]
            if row.get("event_channel"):
                event["channel"] = row["event_channel"]
            if row.get("changes"):
                try:
                    event["changes"] = decode_json(row["changes"])
                except (ValueError, RecursionError) as exc:
                    current.bad = current.bad or (f"changes on line {n}: not a JSON object: {exc}")
            current.events.append(event)
    if current is not None:
        yield from flush(current)


guard(globals())
