"""Reclassified cases (改类) on the arrays: the limit each clock runs on.

:func:`~civicflow.sla.evaluation.reclassified_limit` chooses a reclassified clock's limit:
each reclassification up to the clock's verdict chooses it again, unless the clock had
already breached the limit of its time when it came (the breach stands). Here the same for
many cases at once: the classification after each event is found once per case, and each
reclassification that could freeze the limit is checked by reading the clock as it stood
then, a rank at a time across the cases (the first such reclassification of every case,
then the second...), with the kernels of every other clock.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np
import numpy.typing as npt

from civicflow.calendars._arrays import TableArrays
from civicflow.cases.columns import CaseColumns
from civicflow.sla._kernels import BREACHED, Rules, read
from civicflow.sla._runs import NEVER, Events, Starts, cycle
from civicflow.sla.compiled import CANCEL, NONE, RESTART, STOP

__all__ = ["Reclassified", "chosen", "reclassified"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@attrs.frozen(eq=False)
class Reclassified:
    """The classifications of the reclassified rows of a workflow's part.

    Attributes:
        rows: the reclassified rows (indices into the part).
        receipt: (rows,) each one's class at receipt.
        after: (events,) the class after each of their events (-1 for other rows' events).
        changed: (events,) whether the event reclassifies the case.
        now: (rows,) each one's class after the events up to the instant.
    """

    rows: I64
    receipt: I64
    after: I64
    changed: Bools
    now: I64


def reclassified(
    columns: CaseColumns,
    rows: I64,
    kept: Bools,
    off: I64,
    class_of: Callable[[tuple[str, str, str]], int],
) -> Reclassified:
    """The classes of the part's kept rows (``kept``, over ``rows`` of the columns), whose
    cases were reclassified; ``class_of`` numbers each (type, category, urgency)."""
    chosen_rows = np.flatnonzero(kept)
    after = np.full(int(off[-1]), -1, dtype=np.int64)
    changed = np.zeros(int(off[-1]), dtype=bool)
    receipt = np.zeros(chosen_rows.size, dtype=np.int64)
    now = np.zeros(chosen_rows.size, dtype=np.int64)
    for j, k in enumerate(chosen_rows.tolist()):
        case = columns.cases[int(rows[k])]
        values = dict(
            zip(("type", "category", "urgency"), case.classification_after(0), strict=True)
        )
        receipt[j] = now[j] = class_of((values["type"], values["category"], values["urgency"]))
        for e, event in zip(range(int(off[k]), int(off[k + 1])), case.history, strict=False):
            if event.changes:
                values.update(event.changes)
                changed[e] = True
            after[e] = now[j] = class_of((values["type"], values["category"], values["urgency"]))
    return Reclassified(chosen_rows, receipt, after, changed, now)


def chosen(
    a: TableArrays,
    ev: Events,
    st: Starts,
    rc: Reclassified,
    kinds: I64,
    amounts: I64,
    extensions: tuple[I64, I64],
    rules: Rules,
    first: bool = False,
) -> tuple[I64, Bools]:
    """The class whose limit each reclassified row's clock runs on (its last cycle, or with
    ``first`` its first), given each class's limit kind and amount for one target; and the
    rows the arrays could not read (left to the per-case path)."""
    rows = rc.rows
    n = rows.size
    bad = np.zeros(n, dtype=bool)
    # equivalent: every entry is set below (by _check when frozen, by the last loop if not)
    result = np.full(n, -1, dtype=np.int64)
    if not n:
        return result, bad
    off = ev.off
    begin = st.first[rows] if first else st.last[rows]
    end = (
        np.where(st.restart[rows] != NEVER, st.restart[rows], off[rows + 1])
        if first
        else off[rows + 1]
    )
    started = begin != NEVER
    settled = end.copy()  # the events seen when the verdict settled: up to the stop
    candidates: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for j in range(n):
        r = int(rows[j])
        lo = int(off[r])
        if started[j]:
            b = int(begin[j])
            for e in range(max(b + 1, lo), int(end[j])):
                if ev.bits[e] & (STOP | CANCEL):
                    settled[j] = e + 1
                    break
            # equivalent "b <= lo": a clock started at the first event starts at or after the
            # receipt, and every candidate event is at or after that event either way
            start = int(ev.received[r] if b < lo else ev.pos[b])
            for e in range(lo, int(settled[j])):
                if not rc.changed[e]:
                    continue
                before = int(rc.after[e - 1]) if e > lo else int(rc.receipt[j])
                # equivalent ">": at the very moment the clock starts it has not breached
                if kinds[before] != NONE and ev.pos[e] >= start:
                    candidates[j].append((e, before))
    # The limit of the classification when the verdict settled, unless a reclassification
    # came once the clock had breached the limit of its time: that limit stands.
    # equivalent "dtype=None", "(n, )": 0.0 and 1.0 read as False and True
    frozen = np.zeros(n, dtype=bool)
    rank = 0
    while True:
        todo = [j for j in range(n) if not frozen[j] and not bad[j] and len(candidates[j]) > rank]
        if not todo:
            break
        picks = [candidates[j][rank] for j in todo]
        _check(
            a, ev, st, rows, todo, picks, (kinds, amounts), extensions, rules,
            (frozen, bad, result),
        )  # fmt: skip
        rank += 1
    for j in range(n):
        if frozen[j]:
            continue
        r = int(rows[j])
        s = int(settled[j])
        result[j] = rc.after[s - 1] if s > off[r] else rc.receipt[j]
    return result, bad


def _check(
    a: TableArrays,
    ev: Events,
    st: Starts,
    rows: I64,
    todo: list[int],
    picks: list[tuple[int, int]],
    limits: tuple[I64, I64],
    extensions: tuple[I64, I64],
    rules: Rules,
    out: tuple[Bools, Bools, I64],
) -> None:
    """Read, for each row of ``todo``, its clock as it stood at its candidate
    reclassification (``picks``: the event and the class before it) with the limit of that
    class; freeze the rows whose clock had breached it (``out``: frozen, bad, result)."""
    kinds, amounts = limits
    frozen, bad, result = out
    off = ev.off
    at_rows, at_begin, at_cut, at_pos, at_class, at_j = [], [], [], [], [], []
    # equivalent: zip's strict= only matters for lengths that differ, and picks is one per todo
    for j, (e, before) in zip(todo, picks, strict=True):
        r = int(rows[j])
        lo, hi = int(off[r]), int(off[r + 1])
        at = int(ev.pos[e])
        cut = lo + int(np.searchsorted(ev.pos[lo:hi], at, side="right"))
        # The clock of the replay up to then: its last (re)start before the cut. A candidate
        # comes at or after the cycle's start, so that start is among the events seen then:
        # the replay's clock started at the same moment (``reclassified_limit`` asks it).
        then = _last_start(ev, st, r, cut)
        at_rows.append(r)
        at_begin.append(then)
        at_cut.append(cut)
        at_pos.append(at)
        at_class.append(before)
        at_j.append(j)
    if not at_rows:
        return
    # equivalent "dtype=None", "j], )": a table of Python ints (not empty) is int64 either way
    table = np.array([at_rows, at_begin, at_cut, at_pos, at_class, at_j], dtype=np.int64)
    r_, begin, cuts, pos, classes, js = table
    for kind in np.unique(kinds[classes]).tolist():
        pick = np.flatnonzero(kinds[classes] == kind)
        c = cycle(ev, r_[pick], begin[pick], cuts[pick])
        x_kind, x_amount = extensions
        clock = read(
            a, kind, amounts[classes[pick]], c, pos[pick], x_kind[c.item_ext],
            x_amount[c.item_ext], rules,
        )  # fmt: skip
        bad[js[pick][clock.bad]] = True
        breached = (clock.state == BREACHED) & ~clock.bad
        frozen[js[pick][breached]] = True
        result[js[pick][breached]] = classes[pick][breached]


def _last_start(ev: Events, st: Starts, r: int, cut: int) -> int:
    """The last (re)start of row ``r``'s clock among its events before ``cut``."""
    f = int(st.first[r])
    if f == NEVER or f >= cut:
        return NEVER
    found = f
    for e in range(max(f + 1, int(ev.off[r])), cut):
        if ev.bits[e] & RESTART:
            found = e
    return found
