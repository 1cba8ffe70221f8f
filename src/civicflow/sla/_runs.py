"""The replay of :mod:`civicflow.sla.replay` as array operations over the events of many cases.

The events of many cases lie in one array, each case's run in time order (CSR layout: the
events of row ``r`` are ``off[r]`` to ``off[r + 1]``). For one goal, :func:`first_cycle`
and :func:`last_cycle` find what :func:`~civicflow.sla.replay.replay` finds for each row:
where the clock's cycle starts, where it stops or is cancelled, the pauses and extensions
in between, as arrays. A cycle's start is an event index, or ``off[r] - 1`` for a clock
that starts at receipt; :data:`NEVER` marks what does not happen.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from civicflow.cases.columns import Machine
from civicflow.sla.compiled import CANCEL, EXTEND, RESTART, START, STOP, CompiledGoal

__all__ = [
    "NEVER",
    "Cycle",
    "Events",
    "Starts",
    "cycle",
    "first_each",
    "last_each",
    "starts",
    "states_of",
    "take",
]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: An index no event has: "never".
NEVER = np.iinfo(np.int64).max


def first_each(rows: I64, values: I64, size: int) -> I64:
    """Per row (0 to ``size``), the first of ``values`` among those of its row (``rows`` is
    sorted), :data:`NEVER` for a row with none."""
    out = np.full(size, NEVER, dtype=np.int64)
    if rows.size:
        first = np.empty(rows.size, dtype=bool)
        first[0] = True
        np.not_equal(rows[1:], rows[:-1], out=first[1:])
        out[rows[first]] = values[first]
    return out


def last_each(rows: I64, values: I64, size: int) -> I64:
    """Per row, the last of ``values`` among those of its row, :data:`NEVER` for none."""
    out = np.full(size, NEVER, dtype=np.int64)
    if rows.size:
        last = np.empty(rows.size, dtype=bool)
        last[-1] = True
        np.not_equal(rows[1:], rows[:-1], out=last[:-1])
        out[rows[last]] = values[last]
    return out


@attrs.frozen(eq=False)
class Events:
    """The events of many rows as seen by one goal.

    Attributes:
        off: (rows + 1,) each row's first event.
        row: (events,) each event's row.
        pos: (events,) each event's position.
        received: (rows,) each row's receipt position.
        after: (events,) the state after each event.
        ext: (events,) each event's extension code, -1 for none.
        bits: (events,) what each event does to the goal's clock.
        paused: (events,) whether the state after each event pauses the clock.
        paused_at_receipt: whether the initial state pauses it.
    """

    off: I64
    row: I64
    pos: I64
    received: I64
    after: I64
    ext: I64
    bits: I64
    paused: Bools
    paused_at_receipt: bool

    @classmethod
    def of(
        cls,
        goal: CompiledGoal,
        off: I64,
        row: I64,
        pos: I64,
        received: I64,
        transition: I64,
        before: I64,
        after: I64,
        target: I64,
        ext: I64,
    ) -> Events:
        """The events as ``goal`` sees them: ``transition`` codes, the states ``before``
        and ``after`` each event, and each transition's ``target`` (-1: none)."""
        bits = goal.event_bits[transition]
        if goal.entering_bits.any():
            t = target[transition]
            bits = bits | np.where((t >= 0) & (t != before), goal.entering_bits[transition], 0)
        return cls(
            off, row, pos, received, after, ext, bits, goal.pause[after], goal.paused_at_receipt
        )


@attrs.frozen(eq=False)
class Starts:
    """Where each row's clock first starts, and its restarts.

    Attributes:
        first: (rows,) the event that first starts it (``off[r] - 1``: at receipt), or
            :data:`NEVER`.
        last: (rows,) the start of its last cycle.
        restart: (rows,) the first restart, or :data:`NEVER`.
        restarts: (rows,) how many times it restarted.
    """

    first: I64
    last: I64
    restart: I64
    restarts: I64


def starts(goal: CompiledGoal, ev: Events) -> Starts:
    """Where the clock of every row starts and restarts (see :class:`Starts`)."""
    size = ev.received.size
    if goal.starts_at_receipt:
        first = ev.off[:-1] - 1
    else:
        hit = np.flatnonzero(ev.bits & START)
        first = first_each(ev.row[hit], hit, size)
    again = np.flatnonzero(ev.bits & RESTART)
    # A restart counts once the clock has started (an event before the first start, or at
    # it, only starts it).
    again = again[again > first[ev.row[again]]]
    rows = ev.row[again]
    last = last_each(rows, again, size)
    last = np.where(last == NEVER, first, last)
    restart = first_each(rows, again, size)
    return Starts(first, last, restart, np.bincount(rows, minlength=size))


@attrs.frozen(eq=False)
class Cycle:
    """One cycle of each row's clock (rows where it started), as the replay's
    :class:`~civicflow.sla.replay.Run` has it.

    Attributes:
        rows: (cycles,) the row of each cycle.
        start: (cycles,) the position the clock (re)started at.
        stop: (cycles,) the position it stopped or was cancelled at, or :data:`NEVER`.
        cancelled: (cycles,) whether that was a cancellation.
        item_cycle: (items,) the cycle of each timeline item, in timeline order.
        item_pause: (items,) whether the item is a pause (else an extension).
        item_when: (items,) when a pause began, or when an extension was granted.
        item_until: (items,) when a pause ended, :data:`NEVER` while it lasts.
        item_ext: (items,) an extension's code (-1 for a pause).
    """

    rows: I64
    start: I64
    stop: I64
    cancelled: Bools
    item_cycle: I64
    item_pause: Bools
    item_when: I64
    item_until: I64
    item_ext: I64


def cycle(ev: Events, rows: I64, begin: I64, end: I64) -> Cycle:
    """The cycles of ``rows`` that begin at event ``begin`` (``off[r] - 1``: at receipt) and
    run up to event ``end`` (excluded): their start, stop, pauses and extensions.

    Every step is a mask over all the events: those in each cycle's window, after its start
    and before ``end``, and up to its stop."""
    n, size, count = rows.size, ev.received.size, ev.pos.size
    at_receipt = begin < ev.off[rows]
    from_event = np.where(at_receipt, 0, begin)
    if count:
        start = np.where(at_receipt, ev.received[rows], ev.pos[from_event])
        opened = np.where(at_receipt, ev.paused_at_receipt, ev.paused[from_event])
    else:
        start = ev.received[rows]
        opened = np.full(n, ev.paused_at_receipt)
    which = np.full(size, -1, dtype=np.int64)
    which[rows] = np.arange(n)
    lo = np.full(size, count, dtype=np.int64)
    hi = np.full(size, -1, dtype=np.int64)
    lo[rows], hi[rows] = begin, end
    e = np.arange(count, dtype=np.int64)
    r = ev.row
    window = (e > lo[r]) & (e < hi[r])
    # The stop: the window's first event that stops or cancels the clock.
    hit = np.flatnonzero(window & ((ev.bits & (STOP | CANCEL)) != 0))
    stop_at = first_each(r[hit], hit, size)
    stop_idx = stop_at[rows]
    stopped = stop_idx != NEVER
    safe = np.where(stopped, stop_idx, 0)
    stop = np.where(stopped, ev.pos[safe] if count else 0, NEVER)
    cancelled = stopped & ((ev.bits[safe] & STOP) == 0 if count else False)
    # The window up to the stop, which closes any pause and grants nothing.
    stop_of = stop_at[r]
    upto = window & (e <= stop_of)
    at_stop = e == stop_of
    paused = ev.paused & upto & ~at_stop
    before = np.zeros(count, dtype=bool)
    before[1:] = paused[:-1]
    head = upto & (e == lo[r] + 1)
    opened_of = np.zeros(size, dtype=bool)
    opened_of[rows] = opened
    before = np.where(head, opened_of[r], before)
    rising = np.flatnonzero(upto & paused & ~before)
    falling = np.flatnonzero(upto & ~paused & before)
    # Pauses: one begun as the cycle started, then one per rising edge; the k-th pause of
    # a cycle ends at its k-th falling edge, or lasts.
    first = np.flatnonzero(opened)
    p_cycle = np.concatenate([first, which[r[rising]]])
    p_when = np.concatenate([start[first], ev.pos[rising]])
    p_key = np.concatenate([begin[first] * 2 + 1, rising * 2 + 1])
    order = np.lexsort((p_key, p_cycle))
    p_cycle, p_when, p_key = p_cycle[order], p_when[order], p_key[order]
    p_until = np.full(p_cycle.size, NEVER, dtype=np.int64)
    f_cycle = which[r[falling]]
    if f_cycle.size:
        rank = np.arange(f_cycle.size) - np.searchsorted(f_cycle, f_cycle, side="left")
        p_until[np.searchsorted(p_cycle, f_cycle, side="left") + rank] = ev.pos[falling]
    # Extensions: granted after the start and before the stop.
    x = np.flatnonzero(upto & ~at_stop & ((ev.bits & EXTEND) != 0) & (ev.ext >= 0))
    item_cycle = np.concatenate([p_cycle, which[r[x]]])
    order = np.lexsort((np.concatenate([p_key, x * 2]), item_cycle))
    return Cycle(
        rows=rows,
        start=start,
        stop=stop,
        cancelled=cancelled,
        item_cycle=item_cycle[order],
        item_pause=np.concatenate([np.ones(p_cycle.size, bool), np.zeros(x.size, bool)])[order],
        item_when=np.concatenate([p_when, ev.pos[x]])[order],
        item_until=np.concatenate([p_until, np.full(x.size, NEVER, dtype=np.int64)])[order],
        item_ext=np.concatenate([np.full(p_cycle.size, -1, dtype=np.int64), ev.ext[x]])[order],
    )


def states_of(m: Machine, off: I64, owner: I64, transition: I64) -> tuple[I64, I64]:
    """The state after each event, and before it."""
    target = m.target[transition]
    idx = np.arange(transition.size, dtype=np.int64)
    last = np.maximum.accumulate(np.where(target >= 0, idx, -1)) if idx.size else idx
    moved = last >= off[owner]
    after = np.where(moved, target[np.maximum(last, 0)] if idx.size else 0, m.initial)
    before = np.empty_like(after)
    if idx.size:
        before[1:] = after[:-1]
        head = idx == off[owner]
        before[head] = m.initial
    return after, before


def take(c: Cycle, which: I64) -> Cycle:
    """The cycles ``which`` of ``c``, with their timeline items."""
    if which.size == c.rows.size:
        return c
    renumber = np.full(c.rows.size, -1, dtype=np.int64)
    renumber[which] = np.arange(which.size)
    items = renumber[c.item_cycle] >= 0
    return Cycle(
        rows=c.rows[which],
        start=c.start[which],
        stop=c.stop[which],
        cancelled=c.cancelled[which],
        item_cycle=renumber[c.item_cycle[items]],
        item_pause=c.item_pause[items],
        item_when=c.item_when[items],
        item_until=c.item_until[items],
        item_ext=c.item_ext[items],
    )
