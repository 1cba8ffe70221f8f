"""The checks every columnar reader makes, by column: what JSON Lines, Arrow tables and
platforms' exports share.

A reader gathers the cases of a batch as :class:`RawCases` (one row per case, one per event,
times read, nothing checked yet); :func:`checked_columns` checks them exactly as the
per-case reader's fast path (``exchange._plain``) checks one document: the times and their
order, naive and aware not mixed, no field named as a case attribute, event ids used once in
a case, each event a transition its workflow allows from the state before it, an extension
exactly on the events that extend and within its rules, changes exactly on the events that
reclassify, of what a reclassification may change. It builds the
:class:`~civicflow.CaseColumns` of the batch and says which rows it refuses (those go to the
per-case reader, which keeps them as :class:`~civicflow.Case` objects or names their
problems) and which it finds reclassified (a reader keeps those as cases, or sends them to
the per-case reader). :func:`joined` puts the rows back in the order of the source.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from civicflow.cases.case import BUILT_IN_FIELDS, RECLASSIFIABLE, Case
from civicflow.cases.columns import CaseColumns, Coded, machine
from civicflow.cases.workflow import Workflow
from civicflow.exchange._times import Times
from civicflow.exchange.documents import Bad, InputError, InputStats
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)

__all__ = ["RawCases", "checked_columns", "duration", "joined", "objects", "settled"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Objects = npt.NDArray[np.object_]


@attrs.frozen(eq=False)
class RawCases:
    """The cases of a batch as a reader found them, before their checks.

    Attributes:
        refused: (rows,) the rows the reader sends to the per-case path already (a value
            the columns do not hold: a missing id, a schema of another version...).
        id: (rows,) the case ids, as Python str.
        workflow: the workflow of each row, by name.
        received: the receipt of each row (``ok`` false: no time).
        type, category, urgency, channel: the case's attributes.
        fields: the further fields by name; a row holding none is not valid there.
        event_start: (rows + 1,) int64 offsets of each row's events.
        event_id, event_note: (events,) as Python str.
        event_name, event_channel: the events' transitions and channels.
        event_at: the time of each event.
        extension: (events,) each event's extension as text, ``None`` for none.
        changes: (events,) each event's changes (a reclassification), ``None`` or empty
            for none.
        zone: the zone of every aware row, or ``None``: each aware row in the fixed offset
            of its receipt.
    """

    refused: Bools
    id: Objects
    workflow: Coded
    received: Times
    type: Coded
    category: Coded
    urgency: Coded
    channel: Coded
    fields: Mapping[str, Coded]
    event_start: I64
    event_id: Objects
    event_name: Coded
    event_at: Times
    extension: Sequence[str | None]
    event_note: Objects
    event_channel: Coded
    changes: Sequence[Mapping[str, str] | None]
    zone: dt.tzinfo | None = None


_PARSED: dict[str, Duration | None] = {}


def duration(text: str) -> Duration | None:
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


def objects(texts: Sequence[Any]) -> Objects:
    """``texts`` as a NumPy array of Python objects."""
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


def checked_columns(
    raw: RawCases, known: Mapping[str, Workflow]
) -> tuple[CaseColumns | None, Bools, Bools]:
    """The rows of ``raw`` as columns, which of them the columns refuse (they take the
    per-case reader), and which are reclassified; ``known`` are the workflows by name."""
    n = len(raw.id)
    refused = raw.refused.copy()
    if not n:
        return None, refused, refused
    workflow = raw.workflow
    unknown = [k for k, name in enumerate(workflow.values) if name not in known]
    refused |= np.isin(workflow.codes, unknown)
    start = raw.event_start
    sizes = np.diff(start)
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
    e = len(raw.extension)
    changes = np.flatnonzero(np.fromiter(map(bool, raw.changes), bool, e))
    reclassified = np.zeros(n, dtype=bool)
    reclassified[owner[changes]] = True
    # Times: the receipt, then each event at or after the one before, all naive or all aware.
    received, at = raw.received, raw.event_at
    refused |= ~received.ok
    refused[owner[~at.ok]] = True
    for k in changes.tolist():
        if not raw.changes[k].keys() <= _RECLASSIFIABLE:  # type: ignore[union-attr]
            refused[owner[k]] = True
    refused[owner[at.aware != received.aware[owner]]] = True
    before = np.empty(at.us.size, dtype=np.int64)
    if before.size:
        before[1:] = at.us[:-1]
        heads = start[:-1][sizes > 0]
        before[heads] = received.us[sizes > 0]
        refused[owner[at.us < before]] = True
    # Fields: none named as a case attribute.
    for name, column in raw.fields.items():
        if name in BUILT_IN_FIELDS:
            refused |= True if column.valid is None else column.valid
    # Events: ids used once in a case; the transitions, from the state before each.
    refused[_ids_twice(raw.event_id.tolist(), owner)] = True
    texts = raw.extension
    extended = np.fromiter(map(operator.is_not, texts, itertools.repeat(None)), bool, e)
    state = np.zeros(n, dtype=np.int64)
    state_names: list[str] = []
    extension_codes = np.full(e, -1, dtype=np.int32)
    extensions: dict[Duration, int] = {}
    for code, flow in enumerate(workflow.values):
        if flow not in known:
            continue
        rows = np.flatnonzero(workflow.codes == code)
        ok, final = _transitions(known[flow], rows, start, raw.event_name, extended, changes)
        refused[rows[~ok]] = True
        m = machine(known[flow])
        state[rows] = len(state_names) + final
        state_names.extend(m.states)
    for k in np.flatnonzero(extended).tolist():
        found = duration(texts[k])  # type: ignore[arg-type]
        if found is None:
            refused[owner[k]] = True
        else:
            extension_codes[k] = extensions.setdefault(found, len(extensions))
    refused |= _extension_rules(
        workflow, known, owner, raw.event_name, extension_codes, tuple(extensions)
    )
    zones: dict[Any, int] = {None: 0}
    zone = np.zeros(n, dtype=np.int32)
    if raw.zone is not None:
        zones[raw.zone] = 1
        zone[received.aware] = 1
    else:
        for k in np.flatnonzero(received.aware).tolist():
            tz = dt.timezone(dt.timedelta(microseconds=int(received.offset[k])))
            zone[k] = zones.setdefault(tz, len(zones))
    built = CaseColumns(
        id=raw.id,
        workflow=workflow,
        workflows={k: known[k] for k in workflow.values if k in known},
        received=received.us,
        zone=zone,
        zones=tuple(zones),
        received_wall=received.wall,
        type=raw.type,
        category=raw.category,
        urgency=raw.urgency,
        channel=raw.channel,
        state=Coded(state.astype(np.int32), tuple(state_names) or ("",)),
        fields=raw.fields,
        event_start=start,
        event_id=raw.event_id,
        event_name=raw.event_name,
        event_at=at.us,
        event_extension=extension_codes,
        extensions=tuple(extensions),
        event_note=raw.event_note,
        event_channel=raw.event_channel,
    )
    return built, refused, reclassified


_RECLASSIFIABLE = frozenset(RECLASSIFIABLE)


def _ids_twice(ids: Sequence[str], owner: I64) -> I64:
    """The rows with an event id used twice."""
    if not ids:
        return np.zeros(0, dtype=np.int64)
    hashes = np.fromiter(map(hash, ids), np.int64, len(ids))
    rows: set[int] = set()
    widest = int(np.bincount(owner).max())
    # An event against each of the events before it in its case (cases hold few events).
    for lag in range(1, widest):
        meet = np.flatnonzero((hashes[lag:] == hashes[:-lag]) & (owner[lag:] == owner[:-lag]))
        for k in meet.tolist():  # equal hashes: the ids compared as text
            if ids[k] == ids[k + lag]:
                rows.add(int(owner[k]))
    return np.asarray(sorted(rows), dtype=np.int64)


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
        w = known.get(workflow.values[flow])  # an unknown workflow's rows are refused already
        t = None if w is None else w.transition(names.values[name])
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


def joined(
    built: CaseColumns | None,
    refused: Bools,
    numbers: I64,
    kept: Sequence[Case],
    kept_numbers: Sequence[int],
) -> CaseColumns | None:
    """The rows of ``built`` the columns took and the cases the per-case reader read, as one
    batch in the order of their numbers (:attr:`CaseColumns.line`); ``None``: no row.

    Args:
        built: the columns of a batch (``None``: none were built).
        refused: (rows of built,) the rows the columns refused.
        numbers: (rows of built,) the number (line, row) of each.
        kept: the cases the per-case reader read (a reclassified one is kept whole).
        kept_numbers: the number of each.
    """
    parts = []
    if built is not None:
        taken = np.flatnonzero(~refused)
        parts.append(attrs.evolve(built.take(taken), line=numbers[taken]))
    if kept:
        extra = CaseColumns.from_cases(kept)
        parts.append(attrs.evolve(extra, line=np.asarray(kept_numbers, dtype=np.int64)))
    if not parts:
        return None
    whole = CaseColumns.concat(parts)
    assert whole.line is not None
    return whole.take(np.argsort(whole.line, kind="stable"))


def settled(
    numbers: I64,
    blank: Bools,
    built: CaseColumns | None,
    built_rows: I64,
    refused: Bools,
    per_case: Callable[[list[int]], Iterator[Case | InputError]],
    on_bad: Bad | None,
    stats: InputStats,
) -> tuple[CaseColumns | None, InputError | None]:
    """A batch read: the rows the columns took and those the per-case reader reads, counted
    in ``stats`` as a reader of one row at a time counts them (and the rows the per-case
    reader read in :attr:`InputStats.per_case`).

    Args:
        numbers: (rows,) the number of each row of the batch (its line, or its row).
        blank: (rows,) the blank rows, which hold nothing.
        built: the columns of the rows ``built_rows`` (indices into the batch).
        refused: (rows of built,) the rows of ``built`` the columns refused.
        per_case: reads the given rows one at a time, in order: each a case or its error.
        on_bad: called with each bad row's error; ``None``: the first one stops the batch.
        stats: counted in.

    Returns:
        The rows read, in order (with the rows before the first bad one when it stops the
        batch), and the error that stopped it.
    """
    n = len(numbers)
    taken = np.zeros(n, dtype=bool)
    taken[built_rows[~refused]] = True
    slow = np.flatnonzero(~blank & ~taken).tolist()
    kept: list[Case] = []
    kept_numbers: list[int] = []
    error: InputError | None = None
    cut = n
    for row, found in zip(slow, per_case(slow), strict=False):
        if isinstance(found, InputError):
            stats.bad += 1
            stats.bad_lines += found.lines
            if on_bad is None:
                error, cut = found, row
                break
            on_bad(found)
            continue
        kept.append(found)
        kept_numbers.append(int(numbers[row]))
    stats.per_case += len(kept)
    stats.lines += n if error is None else cut + 1
    stats.blank += int(blank[:cut].sum())
    whole = joined(built, refused | (built_rows >= cut), numbers[built_rows], kept, kept_numbers)
    stats.read_many(0 if whole is None else len(whole))
    return whole, error
