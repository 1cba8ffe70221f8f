"""The arrays of one goal and target of a workflow's rows, filled cycle kind by cycle kind
as the columnar engine reads the clocks (:mod:`civicflow.sla.columnar`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from civicflow.limits.duration import Duration
from civicflow.sla._kernels import NOT_STARTED, Clock
from civicflow.sla._runs import NEVER, Cycle
from civicflow.sla.policy import Target

__all__ = ["Filling"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


class Filling:
    """The arrays of one goal and target, filled kind by kind."""

    def __init__(self, n: int, origin: int) -> None:
        self.origin = origin
        self.state = np.full(n, NOT_STARTED, dtype=np.int8)
        self.card = np.zeros(n, dtype=np.int8)
        self.started = np.full(n, NEVER, dtype=np.int64)
        self.stopped = np.full(n, NEVER, dtype=np.int64)
        self.deadline = np.full(n, NEVER, dtype=np.int64)
        self.elapsed = np.zeros(n, dtype=np.int64)
        self.remaining = np.zeros(n, dtype=np.int64)
        self.overdue = np.zeros(n, dtype=np.int64)
        self.on_hold = np.zeros(n, dtype=np.int64)
        self.used = np.full(n, np.nan)
        self.reached = np.zeros(n, dtype=np.int64)
        self.severe = np.zeros(n, dtype=bool)
        self.provisional = np.zeros(n, dtype=bool)
        self.first_state = np.full(n, -1, dtype=np.int8)
        self.counted_rows: list[I64] = []
        self.counted_codes: list[I64] = []

    def fill(self, c: Cycle, clock: Clock, extensions: tuple[Duration, ...]) -> None:
        r, o = c.rows, self.origin
        self.state[r] = clock.state
        self.card[r] = clock.card
        self.started[r] = c.start + o
        self.stopped[r] = np.where(c.stop == NEVER, NEVER, c.stop + o)
        self.deadline[r] = clock.deadline + o
        self.elapsed[r] = clock.elapsed
        self.remaining[r] = clock.remaining
        self.overdue[r] = clock.overdue
        self.on_hold[r] = clock.on_hold
        self.used[r] = clock.used
        self.reached[r] = clock.reached
        self.severe[r] = clock.severe
        self.provisional[r] = clock.provisional
        ok = clock.counted & ~c.item_pause
        self.counted_rows.append(r[c.item_cycle[ok]])
        self.counted_codes.append(c.item_ext[ok])

    def done(
        self,
        goal: str,
        target: Target,
        applies: Bools,
        limits: tuple[Duration, ...],
        codes: npt.NDArray[np.int32],
        thresholds: tuple[float, ...],
        extensions: tuple[Duration, ...] = (),
    ) -> tuple[Any, ...]:
        """The arguments of the goal's :class:`~civicflow.sla.columnar.GoalColumns`."""
        rows = np.concatenate(self.counted_rows) if self.counted_rows else np.zeros(0, np.int64)
        ext = np.concatenate(self.counted_codes) if self.counted_codes else np.zeros(0, np.int64)
        order = np.argsort(rows, kind="stable")
        return (
            goal, target, applies, codes, limits, self.state, self.card, self.started,
            self.stopped, self.deadline, self.elapsed, self.remaining, self.overdue,
            self.on_hold, self.used, self.reached, self.severe, self.provisional,
            self.first_state, thresholds,
            (rows[order], tuple(extensions[x] for x in ext[order].tolist())),
        )  # fmt: skip
