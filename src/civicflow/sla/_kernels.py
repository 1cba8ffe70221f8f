"""Reading many clocks at once: :func:`~civicflow.sla.status.goal_status` as array arithmetic.

:func:`read` takes the cycles of :mod:`civicflow.sla._runs` whose limits are all of one kind
(working days, working hours or clock time) and finds, for each, what ``_positions``,
``_state`` and ``_card`` of :mod:`civicflow.sla.status` find: the deadline moved by the
pauses and extensions counted in time order against the deadline as it stood, the
positions of the start, the end and the deadline on the limit's clock, the state, the
cards, the thresholds. A cycle the arithmetic cannot finish inside the calendar's data is
marked ``bad``; its caller reads it the per-case way, which says what it waits for.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from civicflow.calendars._arrays import TableArrays
from civicflow.calendars._tables import US_PER_DAY
from civicflow.sla._runs import NEVER, Cycle
from civicflow.sla.compiled import CLOCK, DAYS, HOURS, NONE

__all__ = [
    "BREACHED",
    "CANCELLED",
    "GREEN",
    "MET",
    "NOT_STARTED",
    "PAUSED",
    "RED",
    "RUNNING",
    "YELLOW",
    "Clock",
    "Rules",
    "read",
]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: State codes (the order of :class:`~civicflow.sla.status.ClockState`).
NOT_STARTED, RUNNING, PAUSED, MET, BREACHED, CANCELLED = 0, 1, 2, 3, 4, 5
#: Card codes (the order of :class:`~civicflow.sla.status.Card`).
GREEN, YELLOW, RED = 0, 1, 2


@attrs.frozen
class Rules:
    """What a policy says of every clock: the end of its days and its warnings."""

    midnight: bool
    yellow: tuple[int, int]
    thresholds: tuple[float, ...]
    severe: int
    provisional: frozenset[int]


@attrs.frozen(eq=False)
class Clock:
    """Where each cycle's clock stands (positions and amounts in microseconds).

    Attributes:
        deadline: (cycles,) the deadline's position.
        state, card: (cycles,) codes.
        elapsed, remaining, overdue, on_hold: (cycles,) amounts on the limit's clock.
        used: (cycles,) elapsed over allowed time, NaN when none is allowed.
        reached: (cycles,) bit j set when threshold j is reached.
        severe, provisional: (cycles,) flags.
        counted: (items,) whether each timeline item counted (it began by the deadline as
            it then stood).
        bad: (cycles,) the cycles read past the calendar's data: left to the per-case path.
    """

    deadline: I64
    state: npt.NDArray[np.int8]
    card: npt.NDArray[np.int8]
    elapsed: I64
    remaining: I64
    overdue: I64
    on_hold: I64
    used: npt.NDArray[np.float64]
    reached: I64
    severe: Bools
    provisional: Bools
    counted: Bools
    bad: Bools


def read(
    a: TableArrays,
    kind: int,
    amount: I64,
    c: Cycle,
    at: I64,
    ext_kind: I64,
    ext_amount: I64,
    rules: Rules,
) -> Clock:
    """Read cycles whose limits are all of ``kind`` (:data:`DAYS`, :data:`HOURS`,
    :data:`CLOCK`), ``amount`` each (days, or microseconds), as of position ``at`` each.

    Each timeline item that is an extension has its kind and amount in ``ext_kind`` and
    ``ext_amount`` (:data:`NONE` for a pause): one in the limit's unit adds to it, one in
    another unit is a further period counted from the deadline it extends."""
    n = c.start.size
    start = c.start
    stopped = c.stop != NEVER
    end_m = np.where(stopped, c.stop, at)
    bad = np.zeros(n, dtype=bool)
    if kind != CLOCK:  # the span must lie inside the data
        bad |= ~(a.inside(start) & a.inside(end_m))
        start = np.where(bad, 0, start)
        end_m = np.where(bad, 0, end_m)
    items = c.item_cycle
    until = np.where(c.item_until == NEVER, end_m[items], c.item_until)
    pause = c.item_pause
    when = np.where(bad[items], 0, c.item_when)
    until = np.where(bad[items], 0, until)
    if kind == DAYS:
        i0, outside = a.day_of(start)
        bad |= outside
        held_each = np.where(pause, a.days_begun(until) - a.days_begun(when), 0)
    elif kind == HOURS:
        w0 = a.work(start)
        held_each = np.where(pause, a.work(until) - a.work(when), 0)
    else:
        held_each = np.where(pause, until - when, 0)

    same = (ext_kind == kind) & ~pause
    foreign = (ext_kind != NONE) & (ext_kind != kind)
    width = int(np.bincount(items[foreign]).max()) if foreign.any() else 0
    further_kind = np.zeros((n, width), dtype=np.int64)
    further_amount = np.zeros((n, width), dtype=np.int64)
    further = np.zeros(n, dtype=np.int64)

    def deadline(rows: I64, more: I64) -> tuple[I64, Bools]:
        """The deadline of ``rows`` with ``more`` (what pauses gave back and extensions in
        the limit's unit added) on top of the limit, then the further periods."""
        total = amount[rows] + more
        if kind == DAYS:
            k, past = a.nth_workday(i0[rows], total)
            end = a.end_of_day(k, rules.midnight)
        elif kind == HOURS:
            end, past = _hours_after(a, w0[rows], total)
        else:
            end, past = start[rows] + total, np.zeros(rows.size, dtype=bool)
        for j in range(width):
            sel = np.flatnonzero(further[rows] > j)
            if sel.size:
                r = rows[sel]
                moved, out = _period_after(
                    a, end[sel], further_kind[r, j], further_amount[r, j], rules.midnight
                )
                end[sel] = moved
                past[sel] |= out
        return end, past

    everyone = np.arange(n, dtype=np.int64)
    more = np.zeros(n, dtype=np.int64)
    if kind == DAYS:
        k0, past = a.nth_workday(i0, amount)
        end = a.end_of_day(k0, rules.midnight)
    else:
        end, past = deadline(everyone, more)
    bad |= past
    open_counted = np.zeros(n, dtype=bool)
    counted = np.zeros(items.size, dtype=bool)
    if items.size:
        rank = np.arange(items.size) - np.searchsorted(items, items, side="left")
        by_rank = np.argsort(rank, kind="stable")
        sizes = np.bincount(rank)
        lo = 0
        for size in sizes.tolist():
            sel = by_rank[lo : lo + size]
            lo += size
            rows = items[sel]
            ok = c.item_when[sel] <= end[rows]
            counted[sel] = ok
            more[rows] += np.where(ok & ~foreign[sel], held_each[sel], 0)
            more[rows] += np.where(ok & same[sel], ext_amount[sel], 0)
            later = np.flatnonzero(ok & foreign[sel])
            if later.size:
                r = rows[later]
                slot = further[r]
                further_kind[r, slot] = ext_kind[sel][later]
                further_amount[r, slot] = ext_amount[sel][later]
                further[r] += 1
            opened = ok & pause[sel]
            open_counted[rows[opened]] = c.item_until[sel][opened] == NEVER
            end[rows], past = deadline(rows, more[rows])
            bad[rows] |= past
    # Positions on the limit's clock.
    has_items = np.zeros(n, dtype=bool)
    has_items[items] = True
    if kind == CLOCK:
        m_start, m_end, m_dead = start, end_m, end
        on_hold_each = np.where(pause, until - when, 0)
    else:
        m_start, m_end = a.work(start), a.work(end_m)
        on_hold_each = np.where(pause, a.work(until) - a.work(when), 0)
        inside = a.inside(end)
        if kind == DAYS:
            # A working-day deadline with nothing on its timeline ends day k: its working
            # time is a table entry, even at the end of the data (``_positions``).
            k = k0 + 1
            plain = a.cum_us[k]
            if not rules.midnight:
                plain = plain + np.where(k < a.n, a.carry[np.minimum(k, a.n - 1)], 0)
            bad |= has_items & ~inside
            m_dead = np.where(has_items, a.work(np.where(inside, end, 0)), plain)
        else:
            bad |= ~inside
            m_dead = a.work(np.where(inside, end, 0))
    on_hold = np.zeros(n, dtype=np.int64)
    np.add.at(on_hold, items, on_hold_each)
    elapsed = m_end - m_start - on_hold
    remaining = np.maximum(0, m_dead - m_end)
    overdue = np.maximum(0, m_end - m_dead)
    state = np.full(n, RUNNING, dtype=np.int8)
    state[at > end] = BREACHED
    state[open_counted] = PAUSED
    state[stopped] = np.where(c.stop[stopped] <= end[stopped], MET, BREACHED)
    state[c.cancelled] = CANCELLED
    allowed = elapsed + remaining - overdue
    some = allowed > 0
    used = np.full(n, np.nan)
    used[some] = elapsed[some] / allowed[some]
    reached = np.zeros(n, dtype=np.int64)
    for j, x in enumerate(rules.thresholds):
        reached |= np.where(used >= x, 1 << j, 0)
    severe = some & (elapsed >= rules.severe * allowed) if rules.severe else np.zeros(n, dtype=bool)
    card = np.where(state == BREACHED, RED, GREEN).astype(np.int8)
    open_ = (state == RUNNING) | (state == PAUSED)
    if rules.yellow[0] != NONE and open_.any():
        rows = np.flatnonzero(open_)
        from_, unknown, edge = _yellow_from(a, end[rows], rules)
        card[rows[unknown | (at[rows] >= from_)]] = YELLOW
        bad[rows[edge]] = True
    provisional = np.zeros(n, dtype=bool)
    if rules.provisional:
        years = np.asarray(sorted(rules.provisional), dtype=np.int64)
        provisional = (
            np.isin(a.years(c.start), years)
            | np.isin(a.years(end), years)
            | np.isin(a.years(np.where(stopped, c.stop, at)), years)
        )
    return Clock(
        end, state, card, elapsed, remaining, overdue, on_hold, used, reached, severe,
        provisional, counted, bad,
    )  # fmt: skip


def _hours_after(a: TableArrays, work: I64, total: I64) -> tuple[I64, Bools]:
    """The position ``total`` working microseconds after working time ``work``: the
    earliest one reached (a session's end), or for no time at all the first working
    moment."""
    target = work + total
    e_end, past_end = a.locate_end(target)
    e_start, past_start = a.locate_start(target)
    zero = total == 0
    return np.where(zero, e_start, e_end), np.where(zero, past_start, past_end)


def _period_after(
    a: TableArrays, end: I64, kinds: I64, amounts: I64, midnight: bool
) -> tuple[I64, Bools]:
    """``local_deadline(end, period)`` for periods of several kinds: an extension in
    another unit than its limit, counted from the deadline it extends."""
    out = end.copy()
    bad = np.zeros(end.size, dtype=bool)
    days = kinds == DAYS
    if days.any():
        i, outside = a.day_of(end[days])
        k, past = a.nth_workday(i, amounts[days])
        out[days] = a.end_of_day(k, midnight)
        bad[days] = outside | past
    hours = kinds == HOURS
    if hours.any():
        e = end[hours]
        inside = a.inside(e)
        moved, past = _hours_after(a, a.work(np.where(inside, e, 0)), amounts[hours])
        out[hours] = moved
        bad[hours] = ~inside | past
    clock = kinds == CLOCK
    out[clock] = end[clock] + amounts[clock]
    return out, bad


def _yellow_from(a: TableArrays, end: I64, rules: Rules) -> tuple[I64, Bools, Bools]:
    """``shift_back(end, yellow_before)``: when the yellow card begins, the deadlines for
    which it cannot be found inside the data (yellow from the first moment), and those at
    the first day's night hours, left to the per-case path."""
    kind, amount = rules.yellow
    none = np.zeros(end.size, dtype=bool)
    if kind == CLOCK:
        return end - amount, none, none
    unknown = ~a.inside(end)
    end = np.where(unknown, 0, end)
    if kind == HOURS:
        target = a.work(end) - amount
        found, past = a.locate_end(np.maximum(target, 1))
        return np.where(target <= 0, 0, found), unknown | ((target > 0) & past), none
    # Working days: the working day ``end`` closes, counted back.
    i = end // US_PER_DAY
    us = end - i * US_PER_DAY
    night = us < a.carry[i]
    i = i - night
    us = us + night * US_PER_DAY
    edge = ~unknown & (i < 0)
    i = np.maximum(i, 0)
    within = a.workday[i] & (us > a.open_us[i])
    n = np.full(end.size, amount, dtype=np.int64)
    if amount:
        k_in, before_in = a.workday_before(i, n)
    else:
        k_in, before_in = i, np.zeros(end.size, dtype=bool)
    last, before_last = a.workday_before(i, np.ones(end.size, dtype=np.int64))
    if amount:
        k_out, before_out = a.workday_before(last, n)
    else:
        k_out, before_out = last, np.zeros(end.size, dtype=bool)
    at_in = k_in * US_PER_DAY + np.minimum(us, a.close_us[k_in])
    at_out = a.end_of_day(k_out, rules.midnight)
    unknown |= np.where(within, before_in, before_last | before_out)
    return np.where(within, at_in, at_out), unknown, edge
