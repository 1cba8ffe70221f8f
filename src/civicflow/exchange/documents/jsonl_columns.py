"""JSON Lines read straight into columns: the columnar engine's reader.

:func:`read_columns` reads ``civicflow.case/1`` documents a batch of lines at a time with a
typed decoder (msgspec) into :class:`~civicflow.CaseColumns`, and checks them by column: the
times, their order, each event against the workflow's transitions from the state before it,
the extensions against their rules (the checks every columnar reader makes,
``exchange._column_checks``). A document is taken by the columns exactly when the
per-case reader would take it on its fast path (``exchange._plain``); any other goes to the
per-case reader, which either reads it (a reclassification: the row is kept as a
:class:`~civicflow.Case`) or names what is wrong with it, with its line, as
:func:`~civicflow.exchange.documents.ingest.read_cases` does.

>>> import io
>>> from civicflow.exchange.documents.synth import synth_cases
>>> from civicflow.exchange.documents.serialization import case_to_json
>>> text = "\\n".join(case_to_json(c, indent=None) for c in synth_cases(5, seed=1)) + "\\n"
>>> [len(batch) for batch in read_columns(io.BytesIO(text.encode()))]
[5]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

import attrs
import msgspec
import numpy as np
import numpy.typing as npt

from civicflow._arguments import positive
from civicflow.cases.case import Case, assembled_case, assembled_event
from civicflow.cases.columns import CaseColumns, Coded, coded
from civicflow.cases.workflow import Workflow
from civicflow.errors import SchemaError
from civicflow.exchange._column_checks import RawCases, checked_columns, duration, objects
from civicflow.exchange._json import MAX_DOCUMENT
from civicflow.exchange._refusals import fail, refuse
from civicflow.exchange._times import parse_times
from civicflow.exchange.documents._lines import line_kind, reader
from civicflow.exchange.documents.ingest import (
    Bad,
    InputError,
    InputStats,
    decoded_lines,
    not_json_lines,
)
from civicflow.exchange.documents.serialization import CASE_SCHEMA, case_from_json
from civicflow.sla.presets import preset_workflows

__all__ = ["BATCH", "read_columns"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: Lines read into one batch of columns: small enough that a batch's decoded documents and
#: arrays stay in the processor's caches and a report's peak memory is about 110 MiB (270 MiB
#: at 32,768 lines, no faster), large enough that each batch's fixed costs are paid rarely.
BATCH = 8_192


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
            :func:`~civicflow.exchange.documents.ingest.read_cases` fills it.
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
    positive("batch", batch)
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
        with paused_gc():
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
    :func:`~civicflow.exchange.documents.ingest.decoded_lines` fails)."""
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
    """Raise what :func:`~civicflow.exchange.documents.ingest.decoded_lines` raises for line ``n``
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
        extension = None if e.extension is None else duration(e.extension)
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


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector held while a batch is decoded and put in columns.

    A batch makes hundreds of thousands of objects that all live until the batch is done
    and hold no cycles (the documents' dicts and lists); the collector, which runs every
    few hundred new objects, would walk them again and again (half the decoding time).
    They are freed by reference counting when the batch goes; the collector runs as usual
    between batches.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
    reader), and which are reclassified (kept as cases); the checks are those of every
    columnar reader (``exchange._column_checks``)."""
    n = len(docs)
    # Each attribute as a list, read at C speed (no Python loop over the cases).
    schemas, ids, flows, receipts, types, categories, urgencies, channels, fields, lists = (
        list(map(get, docs)) for get in _DOC
    )
    events = list(itertools.chain.from_iterable(lists))
    e_ids, e_names, e_ats, e_extensions, e_notes, e_channels, e_changes = (
        list(map(get, events)) for get in _EVENT
    )
    sizes = np.fromiter(map(len, lists), np.int64, n)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=start[1:])
    names = sorted(set().union(*fields))
    raw = RawCases(
        refused=np.fromiter(map(CASE_SCHEMA.__ne__, schemas), bool, n),
        id=objects(ids),
        workflow=coded(flows),
        received=parse_times(receipts),
        type=coded(types),
        category=coded(categories),
        urgency=coded(urgencies),
        channel=coded(channels),
        fields={k: _present(list(map(dict.get, fields, itertools.repeat(k)))) for k in names},
        event_start=start,
        event_id=objects(e_ids),
        event_name=coded(e_names),
        event_at=parse_times(e_ats),
        extension=e_extensions,
        event_note=objects(e_notes),
        event_channel=coded(e_channels),
        changes=e_changes,
    )
    return checked_columns(raw, known)


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
