"""When the calendar changes: which deadlines move, by how much, and why.

The notice for next year arrives, a typhoon closure is declared: give the cases, their
policy, the old and the new calendar, and :func:`recompute` lists every goal whose deadline
moves and is still open, or whose verdict flips between on time and late, with both
verdicts side by side. Nothing is overwritten: the old status is kept beside the new one.

>>> import datetime as dt
>>> import civicflow as cf
>>> policy = cf.hotline_policy()
>>> case = cf.Case.open(policy.workflow, "H-1", dt.datetime(2025, 7, 17, 9), type="投诉")
>>> case = case.apply(cf.Event("1", "dispatch", dt.datetime(2025, 7, 17, 10)))
>>> old = cf.china_calendar()
>>> new = old.with_days_off({dt.date(2025, 7, 21): "台风停工"})
>>> [str(c) for c in recompute([case], policy, old, new, at=dt.datetime(2025, 7, 18, 9))]
['H-1 handling: 2025-08-07 17:30 -> 2025-08-08 17:30 (+24h00 of clock time); 2025-07-21: working day -> extra day off (台风停工)']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import attrs

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.errors import ArgumentTypeError, CalendarCoverageError
from civicflow.sla.evaluation import evaluate
from civicflow.sla.policy import Policy, Target
from civicflow.sla.status import ClockState, Evaluation, GoalStatus

__all__ = ["DeadlineChange", "compared", "in_order", "recompute"]


def _late(status: GoalStatus | None) -> bool | None:
    return None if status is None else status.state is ClockState.BREACHED


@attrs.frozen
class DeadlineChange:
    """One goal whose deadline or verdict differs between two calendars.

    Attributes:
        case_id: the case.
        goal: the goal.
        target: statutory or promised.
        old: the status under the old calendar (``None`` if it could not say: no data).
        new: the status under the new calendar.
        reasons: the days whose status differs between the calendars, in the clock's span.
    """

    case_id: str
    goal: str
    target: Target
    old: GoalStatus | None
    new: GoalStatus
    reasons: tuple[str, ...]

    @property
    def moved(self) -> dt.timedelta | None:
        """How far the deadline moved (later is positive), or ``None`` if unknown before."""
        if self.old is None or self.old.deadline is None or self.new.deadline is None:
            return None
        return self.new.deadline - self.old.deadline

    @property
    def flipped(self) -> bool:
        """Whether the verdict changed between on time and late."""
        return self.old is not None and _late(self.old) != _late(self.new)

    def __str__(self) -> str:
        name = self.goal if self.target is Target.STATUTORY else f"{self.goal} (promised)"
        before = (
            "unknown"
            if self.old is None or self.old.deadline is None
            else _stamp(self.old.deadline)
        )
        after = "-" if self.new.deadline is None else _stamp(self.new.deadline)
        text = f"{self.case_id} {name}: {before} -> {after}"
        if self.moved is not None:
            sign = "+" if self.moved >= dt.timedelta(0) else "-"
            minutes = int(abs(self.moved).total_seconds() // 60)
            text += f" ({sign}{minutes // 60}h{minutes % 60:02d} of clock time)"
        if self.flipped:
            assert self.old is not None
            text += f" [{self.old.state.value} -> {self.new.state.value}]"
        if self.reasons:
            text += "; " + "; ".join(self.reasons)
        return text


def _stamp(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _reasons(old: Calendar, new: Calendar, first: dt.date, last: dt.date) -> tuple[str, ...]:
    found = []
    day = first
    while day <= last:
        try:
            before = old.day(day).reason
        except CalendarCoverageError:
            before = "no data"
        after = new.day(day).reason
        if before != after:
            found.append(f"{day}: {before} -> {after}")
        day += dt.timedelta(days=1)
    return tuple(found)


def _known(status: GoalStatus) -> bool:
    """Whether the calendar could find the goal's deadline (some run past its data)."""
    return status.deadline is not None or status.awaiting_notice is None


def recompute(
    cases: Iterable[Case],
    policy: Policy | Callable[[Case], Policy],
    old: Calendar,
    new: Calendar,
    at: dt.datetime,
) -> list[DeadlineChange]:
    """The goals whose deadline moves or whose verdict flips when ``old`` becomes ``new``.

    A goal is listed when its deadline differs and it is open (under either calendar) at
    ``at``, or when it flips between on time and late. Flips come first, then the largest
    moves.

    Args:
        cases: the cases.
        policy: their policy, or a function choosing one per case.
        old: the calendar before the change.
        new: the calendar after it.
        at: the instant of the evaluation; naive, it is read in the new calendar's zone for
            cases with aware times (and an aware one is converted for naive cases).

    A goal whose deadline one calendar cannot find (it runs past that calendar's data) has
    no status on that side: under the old calendar, ``old`` is ``None``; under the new one,
    it is not listed.
    """
    choose = policy if callable(policy) else (lambda _: policy)
    changes: list[DeadlineChange] = []
    for n, case in enumerate(cases):
        if not isinstance(case, Case):
            raise ArgumentTypeError(f"cases[{n}]", case, "a Case")
        p = choose(case)
        when = at
        if (when.tzinfo is None) != (case.received.tzinfo is None):
            when = (
                new.from_local(when, case.received) if when.tzinfo is None else new.to_local(when)
            )
        changes += compared(evaluate(case, p, when, old), evaluate(case, p, when, new), old, new)
    return in_order(changes)


def compared(
    before: Evaluation, after: Evaluation, old: Calendar, new: Calendar
) -> list[DeadlineChange]:
    """The goals of one case that :func:`recompute` lists, from its evaluations under the
    ``old`` and the ``new`` calendar."""
    known = {(s.goal, s.target): s for s in before.goals if _known(s)}
    changes = []
    for s in after.goals:
        b = known.get((s.goal, s.target))
        moved = b is None or b.deadline != s.deadline
        open_ = s.is_open or (b is not None and b.is_open)
        flipped = b is not None and _late(b) != _late(s)
        if not ((moved and open_) or flipped) or s.deadline is None:
            continue
        assert s.started is not None
        ends = [s.deadline] + ([b.deadline] if b is not None and b.deadline else [])
        reasons = _reasons(old, new, new.to_local(s.started).date(), new.to_local(max(ends)).date())
        changes.append(DeadlineChange(after.case_id, s.goal, s.target, b, s, reasons))
    return changes


def in_order(changes: list[DeadlineChange]) -> list[DeadlineChange]:
    """``changes`` as :func:`recompute` lists them: flips first, then the largest moves."""
    changes.sort(
        key=lambda c: (
            not c.flipped,
            c.moved is not None,
            -abs(c.moved.total_seconds()) if c.moved is not None else 0.0,
            c.case_id,
        )
    )
    return changes


guard(globals())
