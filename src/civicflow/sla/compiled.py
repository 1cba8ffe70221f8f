"""Policies compiled to integer tables, once per policy: what the columnar clocks read.

For each goal, what every transition of the workflow does to its clock (the bits of
:mod:`civicflow.sla.replay`: start, stop, cancel, restart, extend, for the event and for
the state it enters), which states pause it, and its limits by (type, category, urgency);
for the policy, its warnings and the end of its days. A limit is a kind code and an
amount: working days in days, working hours and clock time in microseconds.

>>> from civicflow.sla.presets import hotline_policy
>>> compiled = compile_policy(hotline_policy())
>>> [g.goal.name for g in compiled.goals]
['sign-for', 'handling']
>>> kind_of(compiled.goals[1].goal.limit_classified("投诉", "", "normal").limit)
(1, 15)
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard
from civicflow.calendars._tables import US_PER_SECOND
from civicflow.cases.columns import CaseColumns, Machine, machine
from civicflow.limits.duration import ClockTime, Duration, WorkingDays, WorkingHours
from civicflow.limits.rules import DayEnd
from civicflow.sla.policy import Goal, Policy, Target
from civicflow.sla.replay import CANCEL, EXTEND, RESTART, START, STOP, compile_actions

__all__ = [
    "CANCEL",
    "CLOCK",
    "DAYS",
    "EXTEND",
    "HOURS",
    "NONE",
    "OTHER",
    "RESTART",
    "START",
    "STOP",
    "Classes",
    "CompiledGoal",
    "CompiledPolicy",
    "classes_of",
    "compile_policy",
    "kind_of",
    "limits_of",
]

I64 = npt.NDArray[np.int64]

#: Limit kinds: no limit (the goal does not apply), working days, working hours, clock
#: time, and the others (calendar days, months), which the columnar clocks leave to the
#: per-case path.
NONE, DAYS, HOURS, CLOCK, OTHER = 0, 1, 2, 3, 4


def kind_of(limit: Duration | None) -> tuple[int, int]:
    """A limit as (kind, amount): days for working days, microseconds for working hours
    and clock time, 0 for no limit and for the kinds left to the per-case path."""
    if limit is None:
        return NONE, 0
    if type(limit) is WorkingDays:
        return DAYS, limit.days
    if type(limit) is WorkingHours:
        return HOURS, limit.seconds * US_PER_SECOND
    if type(limit) is ClockTime:
        return CLOCK, limit.seconds * US_PER_SECOND
    return OTHER, 0


@attrs.frozen(eq=False)
class CompiledGoal:
    """One goal as integer tables over its workflow's transitions and states.

    Attributes:
        goal: the goal.
        event_bits: (transitions,) what each event does to the clock.
        entering_bits: (transitions,) what entering each one's target state does (when the
            state changes).
        pause: (states,) whether the clock stands still in each state.
        starts_at_receipt: the initial state starts the clock.
        paused_at_receipt: the initial state pauses it.
    """

    goal: Goal
    event_bits: I64
    entering_bits: I64
    pause: npt.NDArray[np.bool_]
    starts_at_receipt: bool
    paused_at_receipt: bool


@attrs.frozen(eq=False)
class CompiledPolicy:
    """A policy as integer tables (see :func:`compile_policy`).

    Attributes:
        policy: the policy.
        machine: its workflow's tables.
        goals: each goal's tables, in the policy's order.
        midnight: days end at 24:00 rather than at the close of business.
        yellow: the yellow card's lead as (kind, amount), kind :data:`NONE` for no card.
        thresholds: the warning thresholds, as fractions.
        severe: the severe multiple, 0 for none.
    """

    policy: Policy
    machine: Machine
    goals: tuple[CompiledGoal, ...]
    midnight: bool
    yellow: tuple[int, int]
    thresholds: tuple[float, ...]
    severe: int

    def goal(self, name: str) -> CompiledGoal:
        """The compiled goal named ``name`` (KeyError as :meth:`Policy.goal`)."""
        self.policy.goal(name)
        return next(g for g in self.goals if g.goal.name == name)


def compile_policy(policy: Policy) -> CompiledPolicy:
    """The integer tables of ``policy``, compiled once per policy value (kept with it)."""
    return policy.derived("compiled", _compile)


def _compile(policy: Policy) -> CompiledPolicy:
    m = machine(policy.workflow)
    state_code = {s: k for k, s in enumerate(m.states)}
    goals = []
    for goal in policy.goals:
        actions = compile_actions(goal, policy.workflow)
        event_bits = np.asarray([actions[t][0] for t in m.transitions], dtype=np.int64)
        entering = np.asarray([actions[t][1] for t in m.transitions], dtype=np.int64)
        pause = np.zeros(len(m.states), dtype=bool)
        for s in goal.pause:
            pause[state_code[s]] = True
        initial = policy.workflow.initial
        goals.append(
            CompiledGoal(
                goal, event_bits, entering, pause, initial in goal.start, initial in goal.pause
            )
        )
    warnings = policy.warnings
    return CompiledPolicy(
        policy,
        m,
        tuple(goals),
        policy.day_end is DayEnd.MIDNIGHT,
        kind_of(warnings.yellow_before),
        warnings.thresholds,
        warnings.severe_multiple or 0,
    )


@attrs.define(eq=False)
class Classes:
    """The (type, category, urgency) of the rows: each row's class, and each class (more
    may be added, for classifications no row has now: :meth:`index`)."""

    of_row: I64
    types: list[str]
    categories: list[str]
    urgencies: list[str]
    _known: dict[tuple[str, str, str], int] = attrs.field(init=False, factory=dict)

    def index(self, key: tuple[str, str, str]) -> int:
        """The class of ``key``, added if no row has it."""
        if not self._known:
            triples = zip(self.types, self.categories, self.urgencies, strict=True)
            self._known.update((k, n) for n, k in enumerate(triples))
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = len(self.types)
            self.types.append(key[0])
            self.categories.append(key[1])
            self.urgencies.append(key[2])
        return found


def classes_of(columns: CaseColumns, rows: I64) -> Classes:
    t, c, u = (columns.type, columns.category, columns.urgency)
    nc, nu = len(c.values) or 1, len(u.values) or 1
    key = (t.codes[rows].astype(np.int64) * nc + c.codes[rows]) * nu + u.codes[rows]
    size = (len(t.values) or 1) * nc * nu
    if size <= 1 << 20:  # few combinations: a lookup table, no sort
        seen = np.zeros(size, dtype=bool)
        seen[key] = True
        distinct = np.flatnonzero(seen)
        index = np.zeros(size, dtype=np.int64)
        index[distinct] = np.arange(distinct.size)
        of_row = index[key]
    else:
        distinct, of_row = np.unique(key, return_inverse=True)
    tk, rest = np.divmod(distinct, nc * nu)
    ck, uk = np.divmod(rest, nu)
    return Classes(
        of_row.astype(np.int64),
        [t.values[k] for k in tk.tolist()],
        [c.values[k] for k in ck.tolist()],
        [u.values[k] for k in uk.tolist()],
    )


def limits_of(
    goal: Goal, target: Target, classes: Classes
) -> tuple[tuple[Duration, ...], npt.NDArray[np.int32], I64, I64]:
    """For ``target``, the distinct limits, and each class's limit code, kind and amount
    (index them by :attr:`Classes.of_row` for the rows')."""
    found: list[Duration] = []
    codes, kinds, amounts = [], [], []
    for key in zip(classes.types, classes.categories, classes.urgencies, strict=True):
        limit = goal.limit_classified(*key)
        duration = None if limit is None else limit.for_target(target)
        if duration is not None and duration not in found:
            found.append(duration)
        codes.append(0 if duration is None else found.index(duration))
        kind, amount = kind_of(duration)
        kinds.append(kind)
        amounts.append(amount)
    return (
        tuple(found),
        np.asarray(codes, dtype=np.int32),
        np.asarray(kinds, dtype=np.int64),
        np.asarray(amounts, dtype=np.int64),
    )


guard(globals())
