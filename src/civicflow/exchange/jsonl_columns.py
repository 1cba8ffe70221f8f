"""JSON Lines read straight into columns: the columnar engine's reader.

:func:`read_columns` reads ``civicflow.case/1`` documents a batch of lines at a time with a
typed decoder (msgspec) into :class:`~civicflow.CaseColumns`, and checks them by column: the
times, their order, each event against the workflow's transitions from the state before it,
the extensions against their rules. A document is taken by the columns exactly when the
per-case reader would take it on its fast path (``exchange._plain``); any other goes to the
per-case reader, which either reads it (a reclassification: the row is kept as a
:class:`~civicflow.Case`) or names what is wrong with it, with its line, as
:func:`~civicflow.exchange.ingest.read_cases` does.

>>> import io
>>> from civicflow.exchange.synth import synth_cases
>>> from civicflow.exchange.serialization import case_to_json
>>> text = "\\n".join(case_to_json(c, indent=None) for c in synth_cases(5, seed=1)) + "\\n"
>>> [len(batch) for batch in read_columns(io.BytesIO(text.encode()))]
[5]
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

import attrs
import msgspec
import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard
from civicflow.cases.case import BUILT_IN_FIELDS, Case
from civicflow.cases.columns import CaseColumns, Coded, coded, machine
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError, SchemaError, shown
from civicflow.exchange._json import MAX_DOCUMENT
from civicflow.exchange._times import parse_times
from civicflow.exchange.ingest import (
    Bad,
    InputError,
    InputFileError,
    InputStats,
    decoded_lines,
    fail,
    not_json_lines,
    refuse,
)
from civicflow.exchange.serialization import CASE_SCHEMA, case_from_json
from civicflow.limits.duration import Duration
from civicflow.sla.presets import preset_workflows

__all__ = ["BATCH", "read_columns"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: Lines read into one batch of columns.
BATCH = 32_768


class _Event(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    id: str
    name: str
    at: str
    extension: str | None = None
    note: str = ""
    channel: str = ""
    changes: dict[str, str] | None = None


class _Document(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    schema: str
    id: str
    workflow: str
    received: str
    type: str = ""
    category: str = ""
    urgency: str = "normal"
    channel: str = ""
    fields: dict[str, str] = {}
    events: list[_Event] = []


_DECODER = msgspec.json.Decoder(_Document)

#: A source of JSON Lines: a binary file, the bytes of one, or its lines.
Source = IO[bytes] | bytes | Iterable[str] | Iterable[bytes]


def read_columns(
    source: Source,
    *,
    workflows: Mapping[str, Workflow] | None = None,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
    batch: int = BATCH,
    encoding: str = "utf-8",
) -> Iterator[CaseColumns]:
    """The cases of ``source`` as columns, a batch of lines at a time, each row with its
    line (:attr:`CaseColumns.line`).

    Args:
        source: a binary file, its bytes, or its lines (text or bytes).
        workflows: workflows by name, besides the presets.
        on_bad: called with each bad line's error, which is then skipped; ``None`` raises
            the first one instead.
        stats: filled in with what the reading met, line by line, as
            :func:`~civicflow.exchange.ingest.read_cases` fills it.
        batch: lines per batch.
        encoding: the text's encoding (UTF-8, with or without a byte-order mark, by default).

    Raises:
        InputError: a bad line, when ``on_bad`` is ``None``.
        InputFileError: the input as a whole is not JSON Lines, or not text in ``encoding``.
    """
    if isinstance(source, str) or not isinstance(source, Iterable | bytes | bytearray | memoryview):
        raise ArgumentTypeError(
            "source", source, "a binary file, its bytes, or its lines (text or bytes)"
        )
    if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= 10**7:
        raise ArgumentError(f"'batch' must be 1 to 10**7 lines (got {shown(batch)})")
    counts = stats if stats is not None else InputStats()
    known = {**preset_workflows(), **(workflows or {})}
    looked = False
    for first, lines in _batches(source, batch, encoding):
        counts.lines += len(lines)
        if not looked:
            for n, line in enumerate(lines, first):
                if line.strip():
                    looked = True
                    if not line.lstrip().startswith(b"{"):
                        refuse(not_json_lines(n, line.decode("utf-8", "replace")), counts)
                    break
        found = _read(first, lines, known, workflows, on_bad, counts)
        if found is not None:
            yield found


def _batches(source: Source, size: int, encoding: str) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, the lines as UTF-8 bytes) of ``source``, ``size`` at a time."""
    raw: Iterable[Any]
    if isinstance(source, bytes | bytearray | memoryview):
        split = bytes(source).split(b"\n")
        raw = split[:-1] if split and not split[-1] else split
    else:
        raw = source
    lines = iter(raw)
    first = 1
    while True:
        chunk = list(itertools.islice(lines, size))
        if not chunk:
            return
        yield first, _utf8(chunk, first, encoding)
        first += len(chunk)


def _utf8(chunk: list[Any], first: int, encoding: str) -> list[bytes]:
    """The lines as UTF-8 bytes (checked; a line that is not text in ``encoding`` fails as
    :func:`~civicflow.exchange.ingest.decoded_lines` fails)."""
    kind = str if isinstance(chunk[0], str) else bytes
    if not all(type(line) is kind for line in chunk):  # one pass, for the common case
        for n, line in enumerate(chunk, first):
            if not isinstance(line, str if kind is str else bytes | bytearray):
                what = f"a {type(line).__name__}"
                raise InputFileError(n, (f"{what}, not a line of text or of bytes",), 0)
    if kind is str:
        return [line.encode("utf-8", "surrogatepass") for line in chunk]
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        if first == 1 and chunk[0].startswith(b"\xef\xbb\xbf"):
            chunk[0] = chunk[0][3:]
        try:
            b"".join(chunk).decode("utf-8")
        except UnicodeDecodeError:
            for n, line in enumerate(chunk, first):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    list(decoded_lines(itertools.chain([b""] * (n - 1), [line])))
        return chunk
    text = decoded_lines(itertools.chain([b""] * (first - 1), chunk), encoding)
    return [line.encode("utf-8") for line in itertools.islice(text, first - 1, None)]


def _read(
    first: int,
    lines: list[bytes],
    known: Mapping[str, Workflow],
    workflows: Mapping[str, Workflow] | None,
    on_bad: Bad | None,
    stats: InputStats,
) -> CaseColumns | None:
    """One batch of lines as columns (``None``: nothing read)."""
    numbers = [n for n, line in enumerate(lines, first) if line.strip()]
    stats.blank += len(lines) - len(numbers)
    texts = [lines[n - first] for n in numbers]
    if not texts:
        return None
    docs = _decoded(texts)
    slow = np.asarray(
        [d is None or len(t) > MAX_DOCUMENT for d, t in zip(docs, texts, strict=True)], dtype=bool
    )
    plain = [d for d in docs if d is not None]
    which = np.flatnonzero(~slow)
    if len(plain) != which.size:
        plain = [docs[k] for k in which.tolist()]  # type: ignore[misc]
    built, refused = _columns(plain, known)
    slow[which[refused]] = True
    parts = [built.take(np.flatnonzero(~refused))] if built is not None else []
    kept: list[Case] = []
    kept_at: list[int] = []
    for k in np.flatnonzero(slow).tolist():
        n = numbers[k]
        try:
            case = case_from_json(texts[k], workflows)
        except SchemaError as exc:
            fail(InputError(n, exc.problems), on_bad, stats)
            continue
        kept.append(case)
        kept_at.append(n)
    order_lines = np.asarray(numbers, dtype=np.int64)
    if kept:
        extra = CaseColumns.from_cases(kept)
        parts.append(_with_lines(extra, np.asarray(kept_at, dtype=np.int64), keep_all=True))
    if parts and built is not None:
        parts[0] = _with_lines(parts[0], order_lines[which[~refused]])
    if not parts:
        return None
    whole = CaseColumns.concat(parts)
    for _ in range(len(whole)):
        stats.read(1)
    assert whole.line is not None
    return whole.take(np.argsort(whole.line, kind="stable"))


def _with_lines(columns: CaseColumns, lines: I64, keep_all: bool = False) -> CaseColumns:
    cases = dict(columns.cases)
    if keep_all:
        cases = {k: columns.case(k) for k in range(len(columns))}
    return attrs.evolve(columns, line=lines, cases=cases)


def _decoded(texts: list[bytes]) -> list[_Document | None]:
    """Each line's document, ``None`` for one the typed decoder cannot read (halves of a
    batch are decoded until the lines that fail are found)."""
    try:
        return list(_DECODER.decode_lines(b"\n".join(texts)))
    except (msgspec.DecodeError, msgspec.ValidationError):
        if len(texts) == 1:
            return [None]
    half = len(texts) // 2
    return _decoded(texts[:half]) + _decoded(texts[half:])


_PARSED: dict[str, Duration | None] = {}


def _duration(text: str) -> Duration | None:
    """``Duration.parse(text)``, remembered; ``None`` when it is no limit."""
    try:
        return _PARSED[text]
    except KeyError:
        pass
    try:
        found: Duration | None = Duration.parse(text)
    except ValueError:
        found = None
    if len(_PARSED) >= 4096:
        _PARSED.clear()
    _PARSED[text] = found
    return found


def _columns(
    docs: Sequence[_Document], known: Mapping[str, Workflow]
) -> tuple[CaseColumns | None, Bools]:
    """The documents as columns, and which of them the columns refuse (they take the
    per-case reader)."""
    n = len(docs)
    refused = np.zeros(n, dtype=bool)
    if not n:
        return None, refused
    refused |= np.asarray([d.schema != CASE_SCHEMA for d in docs], dtype=bool)
    workflow = coded([d.workflow for d in docs])
    unknown = [k for k, name in enumerate(workflow.values) if name not in known]
    refused |= np.isin(workflow.codes, unknown)
    events = [e for d in docs for e in d.events]
    changed = [k for k, e in enumerate(events) if e.changes is not None]
    sizes = np.fromiter(map(len, (d.events for d in docs)), np.int64, n)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=start[1:])
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
    # Times: the receipt, then each event at or after the one before, all naive or all aware.
    received = parse_times([d.received for d in docs])
    at = parse_times([e.at for e in events])
    refused |= ~received.ok
    refused[owner[~at.ok]] = True
    refused[owner[changed]] = True  # a reclassification: the per-case reader keeps it whole
    refused[owner[at.aware != received.aware[owner]]] = True
    before = np.empty(at.us.size, dtype=np.int64)
    if before.size:
        before[1:] = at.us[:-1]
        heads = start[:-1][sizes > 0]
        before[heads] = received.us[sizes > 0]
        refused[owner[at.us < before]] = True
    # Fields: text, none named as a case attribute.
    fields = [d.fields for d in docs]
    names = sorted({k for f in fields if f for k in f})
    columns_of_fields = {}
    for name in names:
        values = [f.get(name, "") if f else "" for f in fields]
        present = np.fromiter((bool(f) and name in f for f in fields), bool, n)
        column = coded(values)
        columns_of_fields[name] = (
            column if present.all() else type(column)(column.codes, column.values, present)
        )
        if name in BUILT_IN_FIELDS:
            refused |= present
    # Events: ids used once in a case; the transitions, from the state before each.
    ids = coded([e.id for e in events])
    pairs = owner * max(len(ids.values), 1) + ids.codes
    if pairs.size:
        ordered = np.sort(pairs)
        twice = ordered[1:][ordered[1:] == ordered[:-1]]
        refused[np.unique(twice // max(len(ids.values), 1))] = True
    event_names = coded([e.name for e in events])
    extension_texts = [e.extension for e in events]
    state = np.zeros(n, dtype=np.int64)
    state_names: list[str] = []
    extension_codes = np.full(len(events), -1, dtype=np.int32)
    extensions: dict[Duration, int] = {}
    for code, flow in enumerate(workflow.values):
        if flow not in known:
            continue
        rows = np.flatnonzero(workflow.codes == code)
        ok, final = _transitions(known[flow], rows, start, event_names, extension_texts, owner)
        refused[rows[~ok]] = True
        m = machine(known[flow])
        state[rows] = len(state_names) + final
        state_names.extend(m.states)
    for k in np.flatnonzero(np.asarray([x is not None for x in extension_texts], bool)).tolist():
        found = _duration(extension_texts[k])  # type: ignore[arg-type]
        if found is None:
            refused[owner[k]] = True
        else:
            extension_codes[k] = extensions.setdefault(found, len(extensions))
    refused |= _extension_rules(docs, known, refused, extension_texts, owner)
    zones: dict[Any, int] = {None: 0}
    zone = np.zeros(n, dtype=np.int32)
    for k in np.flatnonzero(received.aware).tolist():
        tz = dt.timezone(dt.timedelta(microseconds=int(received.offset[k])))
        zone[k] = zones.setdefault(tz, len(zones))
    built = CaseColumns(
        id=_objects([d.id for d in docs]),
        workflow=workflow,
        workflows={k: known[k] for k in workflow.values if k in known},
        received=received.us,
        zone=zone,
        zones=tuple(zones),
        received_wall=received.wall,
        type=coded([d.type for d in docs]),
        category=coded([d.category for d in docs]),
        urgency=coded([d.urgency for d in docs]),
        channel=coded([d.channel for d in docs]),
        state=type(workflow)(state.astype(np.int32), tuple(state_names) or ("",)),
        fields=columns_of_fields,
        event_start=start,
        event_id=_objects([e.id for e in events]),
        event_name=event_names,
        event_at=at.us,
        event_extension=extension_codes,
        extensions=tuple(extensions),
        event_note=_objects([e.note for e in events]),
        event_channel=coded([e.channel for e in events]),
    )
    return built, refused


def _transitions(
    workflow: Workflow,
    rows: I64,
    start: I64,
    name: Coded,
    extension_texts: list[str | None],
    owner: I64,
) -> tuple[Bools, I64]:
    """Whether the events of each of ``rows`` are transitions the workflow allows in turn,
    none reclassifying, each with an extension exactly when it extends; and each row's
    state after them."""
    m = machine(workflow)
    counts = start[rows + 1] - start[rows]
    off = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(counts, out=off[1:])
    local = np.repeat(np.arange(rows.size, dtype=np.int64), counts)
    ev = np.arange(int(off[-1]), dtype=np.int64) - off[local] + start[rows][local]
    t = m.codes(name.values)[name.codes[ev]] if ev.size else np.zeros(0, np.int64)
    known = t >= 0
    t = np.where(known, t, 0)
    target = np.where(known, m.target[t], -1)
    idx = np.arange(ev.size, dtype=np.int64)
    last = np.maximum.accumulate(np.where(target >= 0, idx, -1)) if ev.size else idx
    moved = last >= off[local]
    after = np.where(moved, target[np.maximum(last, 0)] if ev.size else 0, m.initial)
    before = np.empty_like(after)
    if ev.size:
        before[1:] = after[:-1]
        before[idx == off[local]] = m.initial
    has_extension = np.asarray([extension_texts[k] is not None for k in ev.tolist()], dtype=bool)
    good = known & m.allowed[t, before] & ~m.reclassifies[t] & (has_extension == m.extends[t])
    ok = np.bincount(local[~good], minlength=rows.size) == 0
    final = np.full(rows.size, m.initial, dtype=np.int64)
    some = counts > 0
    final[some] = after[off[1:][some] - 1]
    return ok, final


def _extension_rules(
    docs: Sequence[_Document],
    known: Mapping[str, Workflow],
    refused: Bools,
    extension_texts: list[str | None],
    owner: I64,
) -> Bools:
    """The rows whose extensions their rules refuse (too many, in another unit than the
    cap, over the cap), as :meth:`Case.refuses_extension` finds them."""
    out = np.zeros(len(docs), dtype=bool)
    rows = sorted({int(owner[k]) for k, x in enumerate(extension_texts) if x is not None})
    for row in rows:
        if refused[row]:
            continue
        doc = docs[row]
        workflow = known[doc.workflow]
        earlier: dict[str, list[Duration]] = {}
        for e in doc.events:
            if e.extension is None:
                continue
            rule = workflow.transition(e.name).extension  # type: ignore[union-attr]
            amount = _duration(e.extension)
            assert rule is not None
            assert amount is not None
            before = earlier.setdefault(e.name, [])
            if rule.times is not None and len(before) >= rule.times:
                out[row] = True
                break
            if rule.cap is not None:
                if type(amount) is not type(rule.cap):
                    out[row] = True
                    break
                total = amount
                for x in before:
                    if type(x) is type(total):
                        total = total + x  # type: ignore[operator]
                if total > rule.cap:  # type: ignore[operator]
                    out[row] = True
                    break
            before.append(amount)
    return out


def _objects(texts: list[str]) -> npt.NDArray[np.object_]:
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


guard(globals())
