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
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

import attrs
import msgspec
import numpy as np
import numpy.typing as npt

from civicflow.cases.case import (
    BUILT_IN_FIELDS,
    RECLASSIFIABLE,
    Case,
    assembled_case,
    assembled_event,
)
from civicflow.cases.columns import CaseColumns, Coded, coded, machine
from civicflow.cases.workflow import Workflow
from civicflow.errors import SchemaError
from civicflow.exchange._json import MAX_DOCUMENT
from civicflow.exchange._lines import line_kind, reader
from civicflow.exchange._times import parse_times
from civicflow.exchange.ingest import (
    Bad,
    InputError,
    InputStats,
    decoded_lines,
    fail,
    not_json_lines,
    refuse,
)
from civicflow.exchange.serialization import CASE_SCHEMA, case_from_json
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)
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


@reader
def read_columns(
    source: Source,
    *,
    workflows: Mapping[str, Workflow] | None = None,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
    batch: int = BATCH,
    encoding: str = "utf-8",
    first: int = 1,
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
        first: the number of the source's first line: a part of a file cut in runs of
            whole lines is numbered as in the whole file (only the file's first line is
            checked for looking like JSON Lines).

    Raises:
        InputError: a bad line, when ``on_bad`` is ``None``.
        InputFileError: the input as a whole is not JSON Lines, or not text in ``encoding``.
    """
    counts = stats if stats is not None else InputStats()
    known = {**preset_workflows(), **(workflows or {})}
    looked = first > 1
    for start, lines in _batches(source, batch, encoding, first):
        counts.lines += len(lines)
        if not looked:
            for n, line in enumerate(lines, start):
                if line.strip():
                    looked = True
                    _not_text(n, line)
                    if not line.lstrip().startswith(b"{"):
                        refuse(not_json_lines(n, line.decode("utf-8", "replace")), counts)
                    break
        found = _read(start, lines, known, workflows, on_bad, counts)
        if found is not None:
            yield found


def _batches(
    source: Source, size: int, encoding: str, first: int
) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, the lines as UTF-8 bytes) of ``source``, ``size`` at a time."""
    raw: Iterable[Any]
    if isinstance(source, bytes | bytearray | memoryview):
        split = bytes(source).split(b"\n")
        raw = split[:-1] if split and not split[-1] else split
    else:
        raw = source
    lines = iter(raw)
    while True:
        chunk = list(itertools.islice(lines, size))
        if not chunk:
            return
        yield first, _utf8(chunk, first, encoding)
        first += len(chunk)


def _utf8(chunk: list[Any], first: int, encoding: str) -> list[bytes]:
    """The lines as UTF-8 bytes (checked; a line that is not text in ``encoding`` fails as
    :func:`~civicflow.exchange.ingest.decoded_lines` fails)."""
    if line_kind(chunk, first) is str:
        return [line.encode("utf-8", "surrogatepass") for line in chunk]
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        # The typed decoder refuses bytes that are not UTF-8; such a line is named by
        # the per-case path (``_not_text``).
        if first == 1 and chunk[0].startswith(b"\xef\xbb\xbf"):
            chunk[0] = chunk[0][3:]
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
    built, refused, reclassified = _columns(plain, known)
    slow[which[refused]] = True
    lines_of = np.asarray(numbers, dtype=np.int64)
    parts = []
    if built is not None and not refused.all():
        # The reclassified rows stay in place, each kept as its case (the per-case path).
        kept_here = {
            int(j): _assembled(plain[j], known)
            for j in np.flatnonzero(reclassified & ~refused).tolist()
        }
        stats.per_case += len(kept_here)
        if refused.any():
            rows = np.flatnonzero(~refused)
            place = {int(j): k for k, j in enumerate(rows.tolist())}
            taken = built.take(rows)
            kept_here = {place[j]: c for j, c in kept_here.items()}
            parts.append(attrs.evolve(taken, line=lines_of[which[rows]], cases=kept_here))
        else:
            parts.append(attrs.evolve(built, line=lines_of[which], cases=kept_here))
    kept: list[Case] = []
    kept_at: list[int] = []
    for k in np.flatnonzero(slow).tolist():
        _not_text(numbers[k], texts[k])
        try:
            case = case_from_json(texts[k], workflows)
        except SchemaError as exc:
            fail(InputError(numbers[k], exc.problems), on_bad, stats)
            continue
        kept.append(case)
        kept_at.append(numbers[k])
    stats.per_case += len(kept)
    if kept:
        extra = CaseColumns.from_cases(kept)
        parts.append(attrs.evolve(extra, line=np.asarray(kept_at, dtype=np.int64)))
    if not parts:
        return None
    whole = CaseColumns.concat(parts)
    stats.read_many(len(whole))
    assert whole.line is not None
    return whole.take(np.argsort(whole.line, kind="stable")) if len(parts) > 1 else whole


def _not_text(n: int, line: bytes) -> None:
    """Raise what :func:`~civicflow.exchange.ingest.decoded_lines` raises for line ``n``
    if it is not UTF-8 text."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        list(decoded_lines(itertools.chain([b""] * (n - 1), [line])))


def _assembled(doc: _Document, workflows: Mapping[str, Workflow]) -> Case:
    """The case of a reclassified document the columns have checked, built as
    :meth:`Case.apply_all` builds it (the latest classification on the case, the one at
    receipt in ``received_as``)."""
    parse = dt.datetime.fromisoformat
    workflow = workflows[doc.workflow]
    now = {"type": doc.type, "category": doc.category, "urgency": doc.urgency}
    first: dict[str, str] = {}
    state = workflow.initial
    history = []
    for e in doc.events:
        changes = tuple(sorted(e.changes.items())) if e.changes else ()
        for key, value in changes:
            first.setdefault(key, now[key])
            now[key] = value
        extension = None if e.extension is None else _duration(e.extension)
        history.append(
            assembled_event(e.id, e.name, parse(e.at), extension, e.note, e.channel, changes)
        )
        target = workflow.transition(e.name).target  # type: ignore[union-attr]
        if target is not None:
            state = target
    values = (
        doc.id,
        parse(doc.received),
        now["type"],
        now["category"],
        now["urgency"],
        doc.channel,
    )
    fields = tuple(sorted(doc.fields.items()))
    return assembled_case(
        workflow, values, state, tuple(history), fields, tuple(sorted(first.items()))
    )


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


# Each attribute read by a getter of its own: a list of it, with no tuple per case or per
# event (a few hundred thousand new tuples a batch would keep the garbage collector busy).
_DOC = tuple(
    operator.attrgetter(name)
    for name in ("schema", "id", "workflow", "received", "type", "category", "urgency",
                 "channel", "fields", "events")
)  # fmt: skip
_EVENT = tuple(
    operator.attrgetter(name)
    for name in ("id", "name", "at", "extension", "note", "channel", "changes")
)


def _columns(
    docs: Sequence[_Document], known: Mapping[str, Workflow]
) -> tuple[CaseColumns | None, Bools, Bools]:
    """The documents as columns, which of them the columns refuse (they take the per-case
    reader), and which are reclassified (kept as cases)."""
    n = len(docs)
    refused = np.zeros(n, dtype=bool)
    if not n:
        return None, refused, refused
    # Each attribute as a tuple, read at C speed (no Python loop over the cases).
    schemas, ids, flows, receipts, types, categories, urgencies, channels, fields, lists = (
        list(map(get, docs)) for get in _DOC
    )
    events = list(itertools.chain.from_iterable(lists))
    e_ids, e_names, e_ats, e_extensions, e_notes, e_channels, e_changes = (
        list(map(get, events)) for get in _EVENT
    )
    refused |= np.fromiter(map(CASE_SCHEMA.__ne__, schemas), bool, n)
    workflow = coded(flows)
    unknown = [k for k, name in enumerate(workflow.values) if name not in known]
    refused |= np.isin(workflow.codes, unknown)
    sizes = np.fromiter(map(len, lists), np.int64, n)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=start[1:])
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
    changes = np.flatnonzero(np.fromiter(map(bool, e_changes), bool, len(events)))
    reclassified = np.zeros(n, dtype=bool)
    reclassified[owner[changes]] = True
    # Times: the receipt, then each event at or after the one before, all naive or all aware.
    received = parse_times(receipts)
    at = parse_times(e_ats)
    refused |= ~received.ok
    refused[owner[~at.ok]] = True
    for k in changes.tolist():
        if not e_changes[k].keys() <= _RECLASSIFIABLE:
            refused[owner[k]] = True
    refused[owner[at.aware != received.aware[owner]]] = True
    before = np.empty(at.us.size, dtype=np.int64)
    if before.size:
        before[1:] = at.us[:-1]
        heads = start[:-1][sizes > 0]
        before[heads] = received.us[sizes > 0]
        refused[owner[at.us < before]] = True
    # Fields: text, none named as a case attribute.
    names = sorted(set().union(*fields))
    columns_of_fields = {}
    for name in names:
        column = _present(list(map(dict.get, fields, itertools.repeat(name))))
        columns_of_fields[name] = column
        if name in BUILT_IN_FIELDS:
            refused |= True if column.valid is None else column.valid
    # Events: ids used once in a case; the transitions, from the state before each.
    refused[_ids_twice(e_ids, owner)] = True
    event_names = coded(e_names)
    extended = np.fromiter(map(operator.is_not, e_extensions, itertools.repeat(None)), bool)
    state = np.zeros(n, dtype=np.int64)
    state_names: list[str] = []
    extension_codes = np.full(len(events), -1, dtype=np.int32)
    extensions: dict[Duration, int] = {}
    for code, flow in enumerate(workflow.values):
        if flow not in known:
            continue
        rows = np.flatnonzero(workflow.codes == code)
        ok, final = _transitions(known[flow], rows, start, event_names, extended, changes)
        refused[rows[~ok]] = True
        m = machine(known[flow])
        state[rows] = len(state_names) + final
        state_names.extend(m.states)
    for k in np.flatnonzero(extended).tolist():
        found = _duration(e_extensions[k])
        if found is None:
            refused[owner[k]] = True
        else:
            extension_codes[k] = extensions.setdefault(found, len(extensions))
    refused |= _extension_rules(
        workflow, known, owner, event_names, extension_codes, tuple(extensions)
    )
    zones: dict[Any, int] = {None: 0}
    zone = np.zeros(n, dtype=np.int32)
    for k in np.flatnonzero(received.aware).tolist():
        tz = dt.timezone(dt.timedelta(microseconds=int(received.offset[k])))
        zone[k] = zones.setdefault(tz, len(zones))
    built = CaseColumns(
        id=_objects(ids),
        workflow=workflow,
        workflows={k: known[k] for k in workflow.values if k in known},
        received=received.us,
        zone=zone,
        zones=tuple(zones),
        received_wall=received.wall,
        type=coded(types),
        category=coded(categories),
        urgency=coded(urgencies),
        channel=coded(channels),
        state=type(workflow)(state.astype(np.int32), tuple(state_names) or ("",)),
        fields=columns_of_fields,
        event_start=start,
        event_id=_objects(e_ids),
        event_name=event_names,
        event_at=at.us,
        event_extension=extension_codes,
        extensions=tuple(extensions),
        event_note=_objects(e_notes),
        event_channel=coded(e_channels),
    )
    return built, refused, reclassified


def _transitions(
    workflow: Workflow,
    rows: I64,
    start: I64,
    name: Coded,
    extended: Bools,
    changes: I64,
) -> tuple[Bools, I64]:
    """Whether the events of each of ``rows`` are transitions the workflow allows in turn,
    each with an extension exactly when it extends and changes exactly when it
    reclassifies (``changes``: the events with changes); and each row's state after them."""
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
    has_extension = extended[ev]
    has_changes = np.isin(ev, changes)
    good = (
        known
        & m.allowed[t, before]
        & (m.reclassifies[t] == has_changes)
        & (has_extension == m.extends[t])
    )
    ok = np.bincount(local[~good], minlength=rows.size) == 0
    final = np.full(rows.size, m.initial, dtype=np.int64)
    some = counts > 0
    final[some] = after[off[1:][some] - 1]
    return ok, final


def _extension_rules(
    workflow: Coded,
    known: Mapping[str, Workflow],
    owner: I64,
    names: Coded,
    codes: npt.NDArray[np.int32],
    extensions: Sequence[Duration],
) -> Bools:
    """The rows whose extensions their rules refuse, as :meth:`Case.refuses_extension`
    finds them: one more than the rule's ``times``, one in another unit than its cap, or
    extensions of one event adding up to more than its cap."""
    out = np.zeros(workflow.codes.size, dtype=bool)
    x = np.flatnonzero(codes >= 0)  # the events with an extension that could be read
    if not x.size:
        return out
    rows = owner[x]
    # The rule of each (workflow, event), and the unit and amount of each extension.
    pairs = workflow.codes[rows].astype(np.int64) * len(names.values) + names.codes[x]
    distinct, which = np.unique(pairs, return_inverse=True)
    times, cap_unit, cap_amount = [], [], []
    for pair in distinct.tolist():
        flow, name = divmod(pair, len(names.values))
        t = known[workflow.values[flow]].transition(names.values[name])
        rule = None if t is None else t.extension
        times.append(-1 if rule is None or rule.times is None else rule.times)
        unit, amount = _unit(None if rule is None else rule.cap)
        cap_unit.append(unit)
        cap_amount.append(amount)
    units = np.asarray([_unit(d)[0] for d in extensions], dtype=np.int64)[codes[x]]
    amounts = np.asarray([_unit(d)[1] for d in extensions], dtype=np.int64)[codes[x]]
    # Each extension's place among those of its event in its case (they are in time order).
    group = rows * len(distinct) + which
    order = np.argsort(group, kind="stable")
    g = group[order]
    head = np.concatenate([[True], g[1:] != g[:-1]])
    first = np.maximum.accumulate(np.where(head, np.arange(g.size), 0))
    rank = np.arange(g.size) - first
    totals = np.cumsum(amounts[order])
    totals -= (totals - amounts[order])[first]
    rule = which[order]
    limit = np.asarray(times, dtype=np.int64)[rule]
    unit_of_cap = np.asarray(cap_unit, dtype=np.int64)[rule]
    bad = (limit >= 0) & (rank >= limit)
    capped = unit_of_cap >= 0
    bad |= capped & (units[order] != unit_of_cap)
    bad |= capped & (totals > np.asarray(cap_amount, dtype=np.int64)[rule])
    out[rows[order][bad]] = True
    return out


#: The units of extensions and caps, and each one's amount in it.
_UNITS = {WorkingDays: 0, WorkingHours: 1, ClockTime: 2, CalendarDays: 3, Months: 4}


def _unit(d: Duration | None) -> tuple[int, int]:
    """(unit, amount) of a duration, (-1, 0) for none: amounts of one unit add and compare
    as the durations do."""
    if d is None:
        return -1, 0
    unit = _UNITS[type(d)]
    if unit in (1, 2):
        return unit, d.seconds  # type: ignore[attr-defined]
    if unit == 4:
        return unit, d.months  # type: ignore[attr-defined]
    return unit, d.days  # type: ignore[attr-defined]


_RECLASSIFIABLE = frozenset(RECLASSIFIABLE)


def _present(texts: list[str | None]) -> Coded:
    """A coded column of ``texts``, ``None`` where a row has no value: ``""`` there, and
    not valid."""
    values = tuple(dict.fromkeys(texts))
    index = {v: k for k, v in enumerate(values)}
    codes = np.fromiter(map(index.__getitem__, texts), np.int32, len(texts))
    if None not in index:
        return Coded(codes, values)  # type: ignore[arg-type]
    absent = index[None]
    valid = codes != absent
    if "" in index:  # one code for "" and for no value
        codes = np.where(valid, codes, index[""]).astype(np.int32)
        values = tuple(v for v in values if v is not None)
        codes = np.where(codes > absent, codes - 1, codes).astype(np.int32)
    else:
        values = tuple("" if v is None else v for v in values)
    return Coded(codes, values, valid)  # type: ignore[arg-type]


def _ids_twice(ids: Sequence[str], owner: I64) -> I64:
    """The rows with an event id used twice."""
    if not ids:
        return np.zeros(0, dtype=np.int64)
    hashes = np.fromiter(map(hash, ids), np.int64, len(ids))
    key = hashes ^ (owner * 0x2545F4914F6CDD1D)  # wraps: any mixing will do, pairs are checked
    order = np.argsort(key, kind="stable")
    same = np.flatnonzero(key[order][1:] == key[order][:-1])
    rows = set()
    for k in same.tolist():
        a, b = order[k], order[k + 1]
        if owner[a] == owner[b] and ids[a] == ids[b]:
            rows.add(int(owner[a]))
    return np.asarray(sorted(rows), dtype=np.int64)


def _objects(texts: Sequence[str]) -> npt.NDArray[np.object_]:
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out
