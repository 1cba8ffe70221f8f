"""The SLA clocks of many cases at once, on columns: :func:`evaluate_columns`.

A second implementation of :func:`~civicflow.evaluate`, for bulk work: the cases are
:class:`~civicflow.CaseColumns`, the policy is compiled to integer tables
(:mod:`civicflow.sla.compiled`), each goal's replay is array operations over the events of
every case (:mod:`civicflow.sla._runs`), and its clock is read by array arithmetic over the
calendar's prefix arrays (:mod:`civicflow.sla._kernels`). The answers are those of
:func:`~civicflow.evaluate`, case by case; a property of the test suite holds the two
together on the cases and calendars the strategies draw.

What the arrays do not reach is read the per-case way, and counted (:attr:`per_case`):
rows kept as :class:`~civicflow.Case` objects (a reclassified case), limits in calendar
days or months, extensions in another unit than their limit, clocks that run past the
calendar's data (they wait for a notice), aware times on a calendar whose zone changes its
offset (daylight saving).

>>> import datetime as dt
>>> import civicflow as cf
>>> from civicflow.exchange.documents.synth import synth_cases
>>> cases = list(synth_cases(200, seed=2))
>>> found = evaluate_columns(cf.CaseColumns.from_cases(cases), dt.datetime(2026, 9, 1))
>>> policy = cf.hotline_policy()
>>> list(found) == [cf.evaluate(c, policy, dt.datetime(2026, 9, 1)) for c in cases]
True
>>> handling = found.goal("handling")
>>> int((handling.state == handling.code(cf.ClockState.MET)).sum()) > 100
True
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator

import attrs
import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard
from civicflow.calendars._arrays import table_arrays
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.cases.columns import CaseColumns, row_indices
from civicflow.errors import ArgumentTypeError, NotFoundError, shown
from civicflow.limits._local import instant_like, resolve_calendar
from civicflow.limits.duration import Duration
from civicflow.limits.rules import parse_option
from civicflow.sla._filling import Filling
from civicflow.sla._kernels import Rules, read
from civicflow.sla._reclassified import Reclassified, chosen, reclassified
from civicflow.sla._runs import NEVER, Cycle, Events, cycle, starts, states_of, take
from civicflow.sla.compiled import (
    CLOCK,
    DAYS,
    HOURS,
    NONE,
    OTHER,
    Classes,
    CompiledPolicy,
    classes_of,
    compile_policy,
    kind_of,
    limits_of,
)
from civicflow.sla.evaluation import evaluate
from civicflow.sla.policy import Policy, Target
from civicflow.sla.presets import preset_policy
from civicflow.sla.status import Card, ClockState, Evaluation, GoalStatus

__all__ = ["ColumnEvaluation", "GoalColumns", "evaluate_columns"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: The states and cards in the order of their codes.
STATES = tuple(ClockState)
CARDS = tuple(Card)

_ONE_US = dt.timedelta(microseconds=1)
_EPOCH = dt.datetime(1970, 1, 1)


@attrs.frozen(eq=False)
class GoalColumns:
    """One goal and target of every row of a workflow's part, as arrays (times are local
    wall time of the calendar, microseconds since 1970-01-01; amounts in microseconds on
    the limit's clock; :data:`~civicflow.sla._runs.NEVER` where a time does not exist).

    Attributes:
        goal, target: which goal and limit.
        applies: (rows,) the goal has this limit for the case.
        limit: (rows,) code of the limit in ``limits``.
        state, card: (rows,) codes of :class:`ClockState` and :class:`Card` (see
            :meth:`code`).
        started, stopped, deadline: (rows,) times.
        elapsed, remaining, overdue, on_hold: (rows,) amounts.
        used: (rows,) elapsed over allowed time, NaN when none is allowed.
        reached: (rows,) bit j set when the policy's threshold j is reached.
        severe, provisional: (rows,) flags.
        first_state: (rows,) for a restarted clock, the state of its first cycle when it
            was restarted (:func:`~civicflow.cycles`); -1 otherwise.
        thresholds: the policy's warning thresholds.
        counted: the extensions counted, as rows and extensions in timeline order.
    """

    goal: str
    target: Target
    applies: Bools
    limit: npt.NDArray[np.int32]
    limits: tuple[Duration, ...]
    state: npt.NDArray[np.int8]
    card: npt.NDArray[np.int8]
    started: I64
    stopped: I64
    deadline: I64
    elapsed: I64
    remaining: I64
    overdue: I64
    on_hold: I64
    used: npt.NDArray[np.float64]
    reached: I64
    severe: Bools
    provisional: Bools
    first_state: npt.NDArray[np.int8]
    thresholds: tuple[float, ...]
    #: The extensions counted, as (row, extension) pairs in row and timeline order.
    counted: tuple[I64, tuple[Duration, ...]]

    @staticmethod
    def code(value: ClockState | Card) -> int:
        """The code of a state or a card in :attr:`state` and :attr:`card`."""
        return STATES.index(value) if isinstance(value, ClockState) else CARDS.index(value)


@attrs.frozen(eq=False)
class Seen:
    """The events of a workflow's rows up to the instant, in the columns' order.

    Attributes:
        off: (rows + 1,) each row's first event.
        event: (events,) each event's row in the event columns.
        transition: (events,) each event's transition code.
        pos: (events,) each event's local position on the calendar's arrays.
    """

    off: I64
    event: I64
    transition: I64
    pos: I64


@attrs.frozen(eq=False)
class _Part:
    """The rows of one workflow evaluated on the arrays."""

    rows: I64
    compiled: CompiledPolicy
    state: I64
    goals: tuple[GoalColumns, ...]
    seen: Seen
    received: I64
    reclassified: Reclassified
    classes: Classes


class ColumnEvaluation:
    """Every goal of every row, as :func:`evaluate_columns` found them.

    Iterating gives each row's :class:`~civicflow.Evaluation`, as
    :func:`~civicflow.evaluate` gives it; :meth:`goal` gives one goal's arrays.

    Attributes:
        columns, at, calendar: what was evaluated.
        arrays: the calendar's arrays.
    """

    def __init__(
        self,
        columns: CaseColumns,
        at: dt.datetime,
        calendar: Calendar,
        parts: dict[str, _Part],
        left: I64,
        selected: I64,
        policy_for: Callable[[int], Policy],
    ) -> None:
        self.columns, self.at, self.calendar = columns, at, calendar
        #: The rows evaluated, in order.
        self.selected = row_indices(selected, len(columns), "selected")
        left = row_indices(left, len(columns), "left")
        self.arrays = table_arrays(calendar.tables)
        self.parts = parts
        #: The rows read the per-case way (their evaluations are found when asked for).
        self.left = left
        self._left = set(left.tolist())
        self._policy_for = policy_for
        self._where: dict[int, tuple[_Part, int]] = {}

    @property
    def per_case(self) -> int:
        """How many rows are read the per-case way."""
        return int(self.left.size)

    def __len__(self) -> int:
        return int(self.selected.size)

    def __iter__(self) -> Iterator[Evaluation]:
        return (self.evaluation(row) for row in self.selected.tolist())

    def goal(
        self, name: str, target: Target | str = Target.STATUTORY, workflow: str | None = None
    ) -> GoalColumns:
        """The arrays of goal ``name`` for the rows of ``workflow`` (which may be left out
        when every row follows one workflow); :meth:`rows` says which rows they describe.

        Raises:
            NotFoundError: no such workflow among the rows, or no such goal.
        """
        part = self._part(workflow)
        want = parse_option(Target, target, "target")
        for g in part.goals:
            if g.goal == name and g.target is want:
                return g
        part.compiled.policy.goal(name)  # a clear error for a wrong name
        raise NotFoundError(f"goal {name!r} has no {want.value} limit for these cases")

    def rows(self, workflow: str | None = None) -> I64:
        """The rows of the columns that the :meth:`goal` arrays describe, in order (rows read
        the per-case way are among them, with their array entries not filled)."""
        return self._part(workflow).rows

    def _part(self, workflow: str | None) -> _Part:
        if workflow is None:
            if len(self.parts) != 1:
                raise NotFoundError(
                    f"the rows follow {len(self.parts)} workflows: name one of "
                    f"{', '.join(self.parts) or 'none'}"
                )
            return next(iter(self.parts.values()))
        try:
            return self.parts[workflow]
        except (KeyError, TypeError):
            raise NotFoundError(
                f"no row follows workflow {shown(workflow)}; the workflows: {', '.join(self.parts)}"
            ) from None

    def evaluation(self, row: int) -> Evaluation:
        """Row ``row``'s :class:`~civicflow.Evaluation`, as :func:`~civicflow.evaluate`
        gives it."""
        cols, cal = self.columns, self.calendar
        cols.get(row, "id")  # a row of the columns, or an error naming it
        if row in self._left:
            case = cols.case(row)
            at = instant_like(cal, self.at, case.received)
            return evaluate(case, self._policy_for(row), at, cal)
        if not self._where:
            for part in self.parts.values():
                for k, r in enumerate(part.rows.tolist()):
                    self._where[r] = (part, k)
        part, k = self._where[row]
        received = cols.moment(row, int(cols.received[row]))
        at = instant_like(cal, self.at, received)

        def out(us: int) -> dt.datetime:
            local = _EPOCH + dt.timedelta(microseconds=us)
            return local if received.tzinfo is None else cal.from_local(local, received)

        statuses = [_status(g, k, out) for g in part.goals if g.applies[k]]
        state = part.compiled.machine.states[int(part.state[k])]
        return Evaluation(str(cols.id[row]), state, at, tuple(statuses))


def _status(g: GoalColumns, k: int, out: Callable[[int], dt.datetime]) -> GoalStatus:
    limit = g.limits[int(g.limit[k])]
    state = STATES[int(g.state[k])]
    zero = dt.timedelta(0)
    if state is ClockState.NOT_STARTED:
        return GoalStatus(
            g.goal, g.target, limit, state, None, None, None, None, (), zero, zero, zero, zero,
            Card.NONE, None, (), False,
        )  # fmt: skip
    rows, extensions = g.counted
    lo, hi = np.searchsorted(rows, k), np.searchsorted(rows, k, side="right")
    stopped = int(g.stopped[k])
    deadline = out(int(g.deadline[k]))
    used = float(g.used[k])
    reached = int(g.reached[k])
    return GoalStatus(
        g.goal, g.target, limit, state, out(int(g.started[k])),
        None if stopped == NEVER else out(stopped), deadline,
        deadline if state is ClockState.BREACHED else None, extensions[lo:hi],
        _ONE_US * int(g.elapsed[k]), _ONE_US * int(g.remaining[k]),
        _ONE_US * int(g.overdue[k]), _ONE_US * int(g.on_hold[k]), CARDS[int(g.card[k])],
        None if np.isnan(used) else used,
        tuple(x for j, x in enumerate(g.thresholds) if reached >> j & 1),
        bool(g.severe[k]), bool(g.provisional[k]),
    )  # fmt: skip


#: The policy of every row, a function choosing each workflow's from one of its cases, or
#: ``None`` for each workflow's preset policy.
PolicyChoice = Policy | Callable[[Case], Policy] | None


def evaluate_columns(
    columns: CaseColumns,
    at: dt.datetime,
    *,
    policy: PolicyChoice = None,
    calendar: Calendar | None = None,
    cycles: bool = False,
    rows: npt.ArrayLike | None = None,
) -> ColumnEvaluation:
    """Every goal of every row of ``columns`` as of ``at``, as :func:`~civicflow.evaluate`
    finds it for each case.

    Args:
        columns: the cases.
        at: the instant; naive, it is read in the calendar's zone for aware cases (and an
            aware one converted for naive cases), as :func:`~civicflow.evaluations` does.
        policy: the policy of every row (its workflow must be theirs), or a function
            choosing a workflow's policy from one of its cases; default: the preset policy
            of each row's workflow.
        calendar: default :func:`~civicflow.china_calendar`.
        cycles: also read, for each restarted clock, its first cycle as
            :func:`~civicflow.cycles` reads it (:attr:`GoalColumns.first_state`).
        rows: the rows to evaluate (indices, in order); default: every row.

    Raises:
        KeyError: no preset policy for a row's workflow.
        ArgumentError: the policy is for another workflow.
        CalendarCoverageError: a row read the per-case way needs a year the calendar lacks,
            as :func:`~civicflow.evaluate` would raise it.
    """
    cal = resolve_calendar(calendar)
    if not isinstance(at, dt.datetime):
        raise ArgumentTypeError("at", at, "a datetime.datetime")
    left: list[I64] = []
    parts: dict[str, _Part] = {}
    selected = (
        np.arange(len(columns), dtype=np.int64) if rows is None else row_indices(rows, len(columns))
    )
    wanted = np.zeros(len(columns), dtype=bool)
    wanted[selected] = True
    kept = np.zeros(len(columns), dtype=bool)
    kept[list(columns.cases)] = True
    chosen: dict[str, Policy] = {}

    def policy_for(row: int) -> Policy:
        name = columns.workflow[row]
        found = chosen.get(name)
        if found is None:
            if isinstance(policy, Policy):
                found = policy
            elif policy is None:
                found = preset_policy(name)
            else:
                found = policy(columns.case(row))
            chosen[name] = found
        return found

    for code, name in enumerate(columns.workflow.values):
        these = np.flatnonzero((columns.workflow.codes == code) & wanted)
        if not these.size:
            continue
        compiled = compile_policy(policy_for(int(these[0])))
        if compiled.policy.workflow != columns.workflows[name]:
            case = columns.case(int(these[0]))
            evaluate(case, compiled.policy, instant_like(cal, at, case.received), cal)  # raises
        part, out = _evaluate(columns, these, compiled, cal, at, cycles)
        parts[name] = part
        left.append(these[out])
    found = np.sort(np.concatenate(left)) if left else np.zeros(0, dtype=np.int64)
    return ColumnEvaluation(columns, at, cal, parts, found, selected, policy_for)


@functools.lru_cache(maxsize=64)
def fixed_offset(cal: Calendar) -> int | None:
    """The calendar zone's one UTC offset over its covered years, in microseconds, or
    ``None`` when it changes (daylight saving)."""
    zone = cal.zone
    offsets = {
        dt.datetime(y, m, d, tzinfo=zone).utcoffset()
        for y in range(max(cal.first_day.year - 1, 1), min(cal.last_day.year + 1, 9999) + 1)
        for m in range(1, 13)
        for d in (1, 15)
    }
    if len(offsets) != 1:
        return None
    only = offsets.pop()
    return None if only is None else only // _ONE_US


def _evaluate(
    columns: CaseColumns,
    rows: I64,
    compiled: CompiledPolicy,
    cal: Calendar,
    at: dt.datetime,
    with_cycles: bool,
) -> tuple[_Part, Bools]:
    """The rows of one workflow on the arrays, and those left to the per-case path."""
    a = table_arrays(cal.tables)
    m = compiled.machine
    aware = columns.aware()[rows]
    left = np.zeros(rows.size, dtype=bool)
    kept = np.isin(rows, list(columns.cases))
    # A reclassified case's clocks run on the arrays too; any other kept case does not.
    moved = np.asarray(
        [
            bool(columns.cases[int(r)].received_as) if k else False
            for r, k in zip(rows, kept, strict=True)
        ],
        dtype=bool,
    )
    left |= kept & ~moved
    offset = fixed_offset(cal)
    if offset is None:
        left |= aware
        offset = 0
    local_at = at if at.tzinfo is None else cal.to_local(at)
    at_pos = (local_at - _EPOCH) // _ONE_US - a.origin
    shift = np.where(aware, offset, 0) - a.origin
    received = columns.received[rows] + shift
    # The events of the rows, up to the instant.
    es = columns.event_start
    counts = es[rows + 1] - es[rows]
    counts[left] = 0
    owner = np.repeat(np.arange(rows.size, dtype=np.int64), counts)
    event = np.arange(owner.size, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    event += es[rows][owner]
    pos = columns.event_at[event] + shift[owner]
    visible = pos <= at_pos
    if not visible.all():
        owner, event, pos = owner[visible], event[visible], pos[visible]
    off = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=rows.size), out=off[1:])
    transition = m.codes(columns.event_name.values)[columns.event_name.codes[event]]
    ext = columns.event_extension[event].astype(np.int64)
    after, before = states_of(m, off, owner, transition)
    state = np.full(rows.size, m.initial, dtype=np.int64)
    some = off[1:] > off[:-1]
    state[some] = after[off[1:][some] - 1]
    seen = Seen(off, event, transition, pos)
    rules = Rules(
        compiled.midnight, compiled.yellow, compiled.thresholds, compiled.severe,
        cal.provisional_years,
    )  # fmt: skip
    # Each extension's kind and amount, by code (-1, no extension, is the last entry).
    each = [kind_of(x) for x in columns.extensions] + [(NONE, 0)]
    x_kind = np.asarray([k for k, _ in each], dtype=np.int64)
    x_amount = np.asarray([v for _, v in each], dtype=np.int64)
    classes = classes_of(columns, rows)
    rc = reclassified(columns, rows, moved & ~left, off, classes.index)
    goals = []
    for g in compiled.goals:
        ev = Events.of(g, off, owner, pos, received, transition, before, after, m.target, ext)
        st = starts(g, ev)
        run = np.flatnonzero((st.first != NEVER) & ~left)
        last = cycle(ev, run, st.last[run], off[run + 1])
        first: Cycle | None = None
        if with_cycles:
            again = np.flatnonzero((st.restarts > 0) & ~left)
            first = cycle(ev, again, st.first[again], st.restart[again])
        statutory = np.zeros(rc.rows.size, dtype=bool)
        for target in (Target.STATUTORY, Target.PROMISED):
            limits, class_codes, class_kinds, class_amounts = limits_of(g.goal, target, classes)
            codes = class_codes[classes.of_row]
            kinds = class_kinds[classes.of_row]
            amounts = class_amounts[classes.of_row]
            first_kinds, first_amounts = kinds, amounts
            if rc.rows.size:
                limit_tables = (class_kinds, class_amounts)
                pick, unread = chosen(a, ev, st, rc, *limit_tables, (x_kind, x_amount), rules)
                left[rc.rows[unread]] = True
                has = class_kinds[pick] != NONE
                if target is Target.STATUTORY:
                    statutory = has
                else:  # a promised limit only beside a statutory one
                    has &= statutory
                codes[rc.rows] = class_codes[pick]
                kinds[rc.rows] = np.where(has, class_kinds[pick], NONE)
                amounts[rc.rows] = class_amounts[pick]
                if with_cycles:  # a first cycle's limit is chosen like the last's
                    earlier, unread = chosen(
                        a, ev, st, rc, *limit_tables, (x_kind, x_amount), rules, first=True
                    )
                    left[rc.rows[unread]] = True
                    first_kinds, first_amounts = kinds.copy(), amounts.copy()
                    known = class_kinds[earlier] != NONE
                    first_kinds[rc.rows] = np.where(known, class_kinds[earlier], kinds[rc.rows])
                    first_amounts[rc.rows] = np.where(
                        known, class_amounts[earlier], amounts[rc.rows]
                    )
            applies = kinds != NONE
            if target is Target.PROMISED and not applies.any():
                continue
            left |= applies & ~np.isin(kinds, (DAYS, HOURS, CLOCK))
            left |= applies & ~np.isin(first_kinds, (DAYS, HOURS, CLOCK))
            filling = Filling(rows.size, a.origin)
            for kind in (DAYS, HOURS, CLOCK):
                for c, moment, kinds_of, amounts_of in (
                    (last, None, kinds, amounts),
                    (first, st.restart, first_kinds, first_amounts),
                ):
                    if c is None:
                        continue
                    c = take(c, np.flatnonzero(kinds_of[c.rows] == kind))
                    if not c.rows.size:
                        continue
                    xk = x_kind[c.item_ext]
                    left[c.rows[c.item_cycle[xk == OTHER]]] = True
                    at_c = (
                        np.full(c.rows.size, at_pos) if moment is None else ev.pos[moment[c.rows]]
                    )
                    xa = x_amount[c.item_ext]
                    clock = read(a, kind, amounts_of[c.rows], c, at_c, xk, xa, rules)
                    left[c.rows[clock.bad]] = True
                    if moment is None:
                        filling.fill(c, clock, columns.extensions)
                    else:
                        filling.first_state[c.rows] = clock.state
            goals.append(
                GoalColumns(
                    *filling.done(
                        g.goal.name, target, applies, limits, codes, compiled.thresholds,
                        columns.extensions,
                    )
                )
            )  # fmt: skip
    part = _Part(rows, compiled, state, tuple(goals), seen, received, rc, classes)
    return part, left


guard(globals())
