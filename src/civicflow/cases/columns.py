"""Many cases as columns: one row per case, one per event, text as dictionary codes.

:class:`CaseColumns` is the form the columnar engine reads (``docs/columns.md``): the layout
of an Arrow record batch, with NumPy arrays. Times are int64 microseconds since 1970-01-01:
the wall time of naive cases (local time of the calendar they are counted on), and UTC for
aware ones, whose zone is kept to give results back in it. The events of row ``i`` are rows
``event_start[i]`` to ``event_start[i + 1]`` of the event columns, in time order.

A case the columns cannot hold whole (a reclassification changes its type, category or
urgency as it goes) is also kept as a :class:`~civicflow.Case` in :attr:`CaseColumns.cases`,
under its row: the columnar clocks read its classifications there.

>>> import datetime as dt
>>> from civicflow.exchange.documents.synth import synth_cases
>>> cases = list(synth_cases(3, seed=1))
>>> columns = CaseColumns.from_cases(cases)
>>> len(columns), columns.type[0], columns.event_name[0]
(3, '投诉', 'dispatch')
>>> columns.case(0) == cases[0]
True
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard
from civicflow.cases.case import Case, assembled_case, assembled_event
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError, shown
from civicflow.limits.duration import Duration

__all__ = ["CaseColumns", "Coded", "Machine", "coded", "machine", "micros", "row_indices"]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


def row_indices(rows: npt.ArrayLike, size: int, name: str = "rows") -> I64:
    """``rows`` as (k,) int64 indices of ``size`` rows, each checked to be one of them."""
    try:
        found = np.asarray(rows, dtype=np.int64).reshape(-1)
    except (TypeError, ValueError, OverflowError):
        raise ArgumentTypeError(name, rows, "row numbers (an array of whole numbers)") from None
    bad = found[(found < 0) | (found >= size)]
    if bad.size:
        raise ArgumentError(
            f"'{name}': {int(bad[0])} is not a row (there are {size}: 0 to {size - 1})"
        )
    return found


def _row(row: int, size: int) -> int:
    if isinstance(row, bool) or not isinstance(row, int | np.integer):
        raise ArgumentTypeError("row", row, "a row number")
    if not 0 <= row < size:
        raise ArgumentError(f"row {shown(row)} is not a row (there are {size}: 0 to {size - 1})")
    return int(row)


_EPOCH = dt.datetime(1970, 1, 1)
_AWARE_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)


def micros(moment: dt.datetime) -> int:
    """Microseconds since 1970-01-01: of the wall time for a naive datetime, of UTC for an
    aware one."""
    if moment.tzinfo is None:
        return (moment - _EPOCH) // _US
    return (moment - _AWARE_EPOCH) // _US


@attrs.frozen(eq=False)
class Coded:
    """A column of text as dictionary codes: row ``i`` holds ``values[codes[i]]`` (Arrow's
    dictionary arrays).

    Attributes:
        codes: (rows,) int32 codes.
        values: the dictionary, each text once.
        valid: (rows,) whether each row holds a value (Arrow's validity mask), or ``None``
            when every row does. A row without one reads as ``""``, its code is that of
            ``""``; a case field a case lacks is such a row.
    """

    codes: I32
    values: tuple[str, ...]
    valid: npt.NDArray[np.bool_] | None = None

    def __len__(self) -> int:
        return int(self.codes.size)

    def __getitem__(self, row: int) -> str:
        return self.values[int(self.codes[row])]

    def code(self, text: str) -> int:
        """The code of ``text``, or -1 when no row holds it."""
        try:
            return self.values.index(text)
        except ValueError:
            return -1

    def equals(self, other: Coded) -> bool:
        """Whether both columns hold the same text row by row (whatever their codes)."""
        return len(self) == len(other) and all(
            self.values[a] == other.values[b]
            for a, b in zip(self.codes.tolist(), other.codes.tolist(), strict=True)
        )


def coded(texts: Iterable[str]) -> Coded:
    """A coded column of ``texts``, codes in the order each text is first met."""
    every = texts if isinstance(texts, list) else list(texts)
    values = tuple(dict.fromkeys(every))
    index = {v: k for k, v in enumerate(values)}
    codes = np.fromiter(map(index.__getitem__, every), np.int32, len(every))
    return Coded(codes, values)


@attrs.frozen(eq=False)
class CaseColumns:
    """Many cases as columns (see the module's documentation).

    Attributes:
        id: (rows,) the case ids, as Python str.
        workflow: the workflow of each row, by name; ``workflows`` has each by name.
        received: (rows,) int64 receipt, microseconds (wall time if naive, UTC if aware).
        zone: (rows,) int32 code of the receipt's zone in ``zones`` (``None``: naive).
        received_wall: (rows,) int64 receipt as wall time in its own zone (a report's period).
        type, category, urgency, channel: the case's attributes.
        state: the case's state after all its events.
        fields: the further fields by name; a case without one is not valid there.
        event_start: (rows + 1,) int64 offsets of each row's events.
        event_id, event_note: (events,) the events' ids and notes, as Python str.
        event_name: the transition of each event, by name.
        event_at: (events,) int64 times, as ``received``.
        event_extension: (events,) int32 code in ``extensions``, -1 for none.
        event_channel: the channel of each event.
        cases: rows also kept as :class:`~civicflow.Case` objects: the reclassified ones,
            whose changes the columns do not hold.
        line: (rows,) where each row was read from (a line of a file), when it was.
    """

    id: npt.NDArray[np.object_]
    workflow: Coded
    workflows: Mapping[str, Workflow]
    received: I64
    zone: I32
    zones: tuple[dt.tzinfo | None, ...]
    received_wall: I64
    type: Coded
    category: Coded
    urgency: Coded
    channel: Coded
    state: Coded
    fields: Mapping[str, Coded]
    event_start: I64
    event_id: npt.NDArray[np.object_]
    event_name: Coded
    event_at: I64
    event_extension: I32
    extensions: tuple[Duration, ...]
    event_note: npt.NDArray[np.object_]
    event_channel: Coded
    cases: Mapping[int, Case] = attrs.field(factory=dict)
    line: I64 | None = None

    def __len__(self) -> int:
        return int(self.received.size)

    @property
    def per_case(self) -> int:
        """How many rows are kept as Case objects, for the per-case path."""
        return len(self.cases)

    def aware(self) -> npt.NDArray[np.bool_]:
        """(rows,) whether each case's times are aware."""
        naive = [k for k, z in enumerate(self.zones) if z is None]
        return ~np.isin(self.zone, naive)

    def moment(self, row: int, us: int) -> dt.datetime:
        """``us`` (as this row's times are kept) as a datetime like the row's receipt."""
        row = _row(row, len(self))
        try:
            return self._moment(row, us)
        except OverflowError:
            raise ArgumentError(f"'us': {shown(us)} microseconds is past any date") from None

    def _moment(self, row: int, us: int) -> dt.datetime:
        zone = self.zones[int(self.zone[row])]
        if zone is None:
            return _EPOCH + dt.timedelta(microseconds=us)
        return (_AWARE_EPOCH + dt.timedelta(microseconds=us)).astimezone(zone)

    def get(self, row: int, name: str) -> str:
        """What :meth:`Case.get` gives for row ``row``: a built-in attribute or a field."""
        row = _row(row, len(self))
        if name in _BUILT_IN:
            return str(getattr(self, name)[row])
        column = self.fields.get(name)
        return "" if column is None else column[row]

    def case(self, row: int) -> Case:
        """Row ``row`` as a :class:`~civicflow.Case` (the per-case path reads it so)."""
        row = _row(row, len(self))
        kept = self.cases.get(row)
        if kept is not None:
            return kept
        workflow = self.workflows[self.workflow[row]]
        received = self._moment(row, int(self.received[row]))
        first, last = int(self.event_start[row]), int(self.event_start[row + 1])
        history = tuple(
            assembled_event(
                self.event_id[e],
                self.event_name[e],
                self._moment(row, int(self.event_at[e])),
                None if self.event_extension[e] < 0 else self.extensions[self.event_extension[e]],
                self.event_note[e],
                self.event_channel[e],
            )
            for e in range(first, last)
        )
        fields = tuple(
            sorted((k, v[row]) for k, v in self.fields.items() if v.valid is None or v.valid[row])
        )
        values = (
            str(self.id[row]), received, self.type[row], self.category[row],
            self.urgency[row], self.channel[row],
        )  # fmt: skip
        return assembled_case(workflow, values, self.state[row], history, fields)

    def take(self, rows: npt.ArrayLike) -> CaseColumns:
        """The rows ``rows`` (indices, in the order given) as columns of their own."""
        r = row_indices(rows, len(self))
        es = self.event_start
        counts = es[r + 1] - es[r]
        start = np.zeros(r.size + 1, dtype=np.int64)
        np.cumsum(counts, out=start[1:])
        events = np.arange(int(start[-1]), dtype=np.int64) - np.repeat(start[:-1], counts)
        events += np.repeat(es[r], counts)
        where = {int(old): new for new, old in enumerate(r.tolist())}
        return attrs.evolve(
            self,
            id=self.id[r],
            workflow=_take(self.workflow, r),
            received=self.received[r],
            zone=self.zone[r],
            received_wall=self.received_wall[r],
            type=_take(self.type, r),
            category=_take(self.category, r),
            urgency=_take(self.urgency, r),
            channel=_take(self.channel, r),
            state=_take(self.state, r),
            fields={k: _take(v, r) for k, v in self.fields.items()},
            event_start=start,
            event_id=self.event_id[events],
            event_name=_take(self.event_name, events),
            event_at=self.event_at[events],
            event_extension=self.event_extension[events],
            event_note=self.event_note[events],
            event_channel=_take(self.event_channel, events),
            cases={where[k]: c for k, c in self.cases.items() if k in where},
            line=None if self.line is None else self.line[r],
        )

    @classmethod
    def concat(cls, parts: Sequence[CaseColumns]) -> CaseColumns:
        """The rows of every part, one after another."""
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return cls.from_cases(())
        workflows: dict[str, Workflow] = {}
        for p in parts:
            workflows.update(p.workflows)
        names = sorted({n for p in parts for n in p.fields})
        sizes = [len(p) for p in parts]
        event_sizes = [int(p.event_start[-1]) for p in parts]
        zones: dict[dt.tzinfo | None, int] = {}
        extensions: dict[Duration, int] = {}
        zone_codes, ext_codes = [], []
        for p in parts:
            remap = np.asarray([zones.setdefault(z, len(zones)) for z in p.zones], dtype=np.int32)
            zone_codes.append(remap[p.zone] if remap.size else p.zone)
            table = np.asarray(
                [extensions.setdefault(x, len(extensions)) for x in p.extensions] + [-1],
                dtype=np.int32,
            )
            ext_codes.append(table[p.event_extension])
        rows_before = np.cumsum([0, *sizes])
        before = np.cumsum([0, *event_sizes])[:-1]
        starts = [p.event_start[:-1] + e for p, e in zip(parts, before, strict=True)]
        cases = {
            int(rows_before[k]) + row: case
            for k, p in enumerate(parts)
            for row, case in p.cases.items()
        }
        lines = [p.line for p in parts]
        return cls(
            id=np.concatenate([p.id for p in parts]),
            workflow=_concat([p.workflow for p in parts]),
            workflows=workflows,
            received=np.concatenate([p.received for p in parts]),
            zone=np.concatenate(zone_codes),
            zones=tuple(zones),
            received_wall=np.concatenate([p.received_wall for p in parts]),
            type=_concat([p.type for p in parts]),
            category=_concat([p.category for p in parts]),
            urgency=_concat([p.urgency for p in parts]),
            channel=_concat([p.channel for p in parts]),
            state=_concat([p.state for p in parts]),
            fields={
                name: _concat([p.fields.get(name) or _absent(len(p)) for p in parts])
                for name in names
            },
            event_start=np.concatenate([*starts, [sum(event_sizes)]]).astype(np.int64),
            event_id=np.concatenate([p.event_id for p in parts]),
            event_name=_concat([p.event_name for p in parts]),
            event_at=np.concatenate([p.event_at for p in parts]),
            event_extension=np.concatenate(ext_codes).astype(np.int32),
            extensions=tuple(extensions),
            event_note=np.concatenate([p.event_note for p in parts]),
            event_channel=_concat([p.event_channel for p in parts]),
            cases=cases,
            line=None
            if any(x is None for x in lines)
            else np.concatenate([x for x in lines if x is not None]),
        )

    @classmethod
    def from_cases(cls, cases: Iterable[Case]) -> CaseColumns:
        """The columns of ``cases``, in order; a reclassified case is kept whole."""
        rows = _Rows()
        for n, case in enumerate(cases):
            if not isinstance(case, Case):
                raise ArgumentTypeError(f"cases[{n}]", case, "a Case")
            rows.add(case)
        return rows.columns()


def _take(column: Coded, rows: I64) -> Coded:
    return Coded(
        column.codes[rows], column.values, None if column.valid is None else column.valid[rows]
    )


def _absent(n: int) -> Coded:
    """A column of ``n`` rows without a value."""
    return Coded(np.zeros(n, dtype=np.int32), ("",), np.zeros(n, dtype=bool))


def _concat(columns: Sequence[Coded]) -> Coded:
    """The rows of each column one after another, over one dictionary."""
    values: dict[str, int] = {}
    codes = []
    for c in columns:
        remap = np.asarray([values.setdefault(v, len(values)) for v in c.values], dtype=np.int32)
        codes.append(remap[c.codes] if remap.size else c.codes)
    valid = None
    if any(c.valid is not None for c in columns):
        valid = np.concatenate(
            [np.ones(len(c), dtype=bool) if c.valid is None else c.valid for c in columns]
        )
    return Coded(np.concatenate(codes).astype(np.int32), tuple(values), valid)


_BUILT_IN = frozenset({"id", "type", "category", "urgency", "channel", "state"})


class _Rows:
    """Cases gathered row by row into lists, then made columns."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.workflows: dict[str, Workflow] = {}
        self.workflow: list[str] = []
        self.received: list[int] = []
        self.wall: list[int] = []
        self.zone: list[dt.tzinfo | None] = []
        self.attributes: list[tuple[str, str, str, str, str]] = []
        self.fields: list[tuple[tuple[str, str], ...]] = []
        self.start = [0]
        self.event_id: list[str] = []
        self.event_name: list[str] = []
        self.event_at: list[int] = []
        self.event_extension: list[Duration | None] = []
        self.event_note: list[str] = []
        self.event_channel: list[str] = []
        self.kept: dict[int, Case] = {}

    def add(self, case: Case) -> None:
        row = len(self.ids)
        self.ids.append(case.id)
        name = case.workflow.name
        known = self.workflows.setdefault(name, case.workflow)
        if known is not case.workflow and known != case.workflow:
            raise ValueError(f"two workflows named {name!r} among the cases")
        self.workflow.append(name)
        received = case.received
        self.received.append(micros(received))
        self.wall.append(micros(received.replace(tzinfo=None)))
        self.zone.append(received.tzinfo)
        self.attributes.append((case.type, case.category, case.urgency, case.channel, case.state))
        self.fields.append(case.fields)
        if case.received_as:
            self.kept[row] = case  # the changes of its reclassifications are in the case
        for e in case.history:
            self.event_id.append(e.id)
            self.event_name.append(e.name)
            self.event_at.append(micros(e.at))
            self.event_extension.append(e.extension)
            self.event_note.append(e.note)
            self.event_channel.append(e.channel)
        self.start.append(len(self.event_at))

    def columns(self) -> CaseColumns:
        extensions: dict[Duration, int] = {}
        zones: dict[dt.tzinfo | None, int] = {}
        names = sorted({k for pairs in self.fields for k, _ in pairs})
        fields = {}
        for name in names:
            column = coded(dict(pairs).get(name, "") for pairs in self.fields)
            valid = np.asarray([any(k == name for k, _ in pairs) for pairs in self.fields])
            fields[name] = attrs.evolve(column, valid=None if valid.all() else valid)
        type_, category, urgency, channel, state = (
            coded(a[k] for a in self.attributes) for k in range(5)
        )
        return CaseColumns(
            id=_objects(self.ids),
            workflow=coded(self.workflow),
            workflows=self.workflows,
            received=np.asarray(self.received, dtype=np.int64),
            zone=np.asarray([zones.setdefault(z, len(zones)) for z in self.zone], dtype=np.int32),
            zones=tuple(zones),
            received_wall=np.asarray(self.wall, dtype=np.int64),
            type=type_,
            category=category,
            urgency=urgency,
            channel=channel,
            state=state,
            fields=fields,
            event_start=np.asarray(self.start, dtype=np.int64),
            event_id=_objects(self.event_id),
            event_name=coded(self.event_name),
            event_at=np.asarray(self.event_at, dtype=np.int64),
            event_extension=np.asarray(
                [
                    -1 if x is None else extensions.setdefault(x, len(extensions))
                    for x in self.event_extension
                ],
                dtype=np.int32,
            ),
            extensions=tuple(extensions),
            event_note=_objects(self.event_note),
            event_channel=coded(self.event_channel),
            cases=self.kept,
        )


def _objects(texts: Sequence[Any]) -> npt.NDArray[np.object_]:
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


@attrs.frozen(eq=False)
class Machine:
    """A workflow as integer tables: states and transitions numbered in their order.

    Attributes:
        workflow: the workflow.
        states: the state names; ``initial`` is the code of the initial one.
        transitions: the transition names.
        target: (transitions,) the state each enters, -1 when it does not change the state.
        allowed: (transitions, states) whether a transition may leave a state.
        extends: (transitions,) whether a transition extends time limits.
        reclassifies: (transitions,) whether it reclassifies the case.
        terminal: (states,) whether a state is terminal.
    """

    workflow: Workflow
    states: tuple[str, ...]
    initial: int
    transitions: tuple[str, ...]
    target: I64
    allowed: npt.NDArray[np.bool_]
    extends: npt.NDArray[np.bool_]
    reclassifies: npt.NDArray[np.bool_]
    terminal: npt.NDArray[np.bool_]

    def codes(self, names: Sequence[str]) -> I64:
        """The transition code of each name, -1 for a name the workflow lacks."""
        index = {t: k for k, t in enumerate(self.transitions)}
        return np.asarray([index.get(n, -1) for n in names], dtype=np.int64)

    def state_codes(self, names: Sequence[str]) -> I64:
        """The state code of each name, -1 for a name the workflow lacks."""
        index = {s: k for k, s in enumerate(self.states)}
        return np.asarray([index.get(n, -1) for n in names], dtype=np.int64)


@functools.lru_cache(maxsize=64)
def machine(workflow: Workflow) -> Machine:
    """The integer tables of ``workflow`` (built once per workflow value)."""
    states = tuple(workflow.states)
    at = {s: k for k, s in enumerate(states)}
    ts = workflow.transitions
    allowed = np.zeros((len(ts), len(states)), dtype=bool)
    for k, t in enumerate(ts):
        for s in t.sources:
            allowed[k, at[s]] = True
    return Machine(
        workflow,
        states,
        at[workflow.initial],
        tuple(t.name for t in ts),
        np.asarray([-1 if t.target is None else at[t.target] for t in ts], dtype=np.int64),
        allowed,
        np.asarray([t.extension is not None for t in ts], dtype=bool),
        np.asarray([t.reclassifies for t in ts], dtype=bool),
        np.asarray([s in workflow.terminal for s in states], dtype=bool),
    )


guard(globals())
