"""Evaluating a case: every goal of a policy as of an instant, each replayed and read.

There is no hidden clock: "now" is the ``at`` argument, and events after it are not seen.

>>> import datetime as dt
>>> from civicflow.cases.case import Case, Event
>>> from civicflow.sla.presets import hotline_policy
>>> policy = hotline_policy()
>>> case = Case.open(policy.workflow, "H-7", dt.datetime(2025, 9, 29, 9, 0), type="投诉")
>>> case = case.apply_all([
...     Event("1", "dispatch", dt.datetime(2025, 9, 29, 9, 30)),
...     Event("2", "sign_for", dt.datetime(2025, 9, 29, 11, 0)),
... ])
>>> status = evaluate(case, policy, at=dt.datetime(2025, 10, 9, 10, 0)).goal("handling")
>>> status.state, status.deadline     # 15 working days, National Day skipped
(<ClockState.RUNNING: 'running'>, datetime.datetime(2025, 10, 27, 17, 30))

A reclassified case (改类) has its limit re-chosen by :func:`reclassified_limit`: each
reclassification up to the verdict re-chooses it, unless the clock had already breached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.errors import ArgumentError, ArgumentTypeError
from civicflow.limits._local import resolve_calendar
from civicflow.limits.duration import Duration
from civicflow.limits.rules import DayEnd
from civicflow.sla.policy import Goal, Policy, Target, Warnings
from civicflow.sla.replay import Actions, Run, plan, replay
from civicflow.sla.status import ClockState, Evaluation, goal_status

__all__ = ["evaluate", "prepare", "reclassified_limit", "state_at"]


_TARGETS = tuple(Target)  # iterating the enum itself costs a generator per goal


def prepare(
    case: Case, policy: Policy, at: dt.datetime, calendar: Calendar | None
) -> tuple[
    Calendar,
    dt.datetime,
    dt.datetime,
    list[dt.datetime] | None,
    Callable[[dt.datetime], dt.datetime] | None,
]:
    """Check the arguments; return the calendar, ``at`` and the receipt in local time, the
    events' local times (``None`` for naive cases) and the conversion of results."""
    if case.workflow is not policy.workflow and case.workflow != policy.workflow:
        raise ArgumentError(
            f"case {case.id!r} follows workflow {case.workflow.name!r} but policy "
            f"{policy.name!r} is for {policy.workflow.name!r}"
        )
    if not isinstance(at, dt.datetime):
        raise ArgumentTypeError("at", at, "a datetime.datetime")
    like = case.received
    if (at.tzinfo is None) != (like.tzinfo is None):
        raise ArgumentError(
            f"'at' ({at.isoformat()}) must be naive or aware like the case's times "
            f"({like.isoformat()})"
        )
    cal = resolve_calendar(calendar)
    if like.tzinfo is None:
        return cal, at, like, None, None
    local = cal.to_local

    def out(moment: dt.datetime) -> dt.datetime:
        return cal.from_local(moment, like)

    moments = [local(e.at) for e in case.history]
    return cal, local(at), local(like), moments, out


def evaluate(
    case: Case, policy: Policy, at: dt.datetime, calendar: Calendar | None = None
) -> Evaluation:
    """Every goal of ``policy`` that applies to ``case``, as of ``at``.

    Args:
        case: the case; events after ``at`` are not seen.
        policy: the policy; it must be for the case's workflow.
        at: the instant of the evaluation, naive or aware like the case's times.
        calendar: the calendar to count on; ``None`` is :func:`~civicflow.china_calendar`.

    Returns:
        An :class:`Evaluation`, with a :class:`GoalStatus` per goal and target.

    Raises:
        ValueError: the policy is for another workflow, or ``at`` mixes naive and aware.
        CalendarCoverageError: the case needs a year the calendar has no data for.
    """
    cal, local_at, received, moments, out = prepare(case, policy, at, calendar)
    warnings, day_end = policy.warnings, policy.day_end
    statuses = []
    state = None
    for goal, actions in plan(policy):
        if case.received_as:  # reclassified: the limit of the classification when it settled
            run, state = replay(goal, actions, case, received, at, moments)
            chosen = tuple(
                reclassified_limit(
                    cal,
                    goal,
                    actions,
                    target,
                    case,
                    run,
                    received,
                    moments,
                    warnings,
                    day_end,
                    out,  # equivalent "None": it reaches only the breach check, which reads a state
                )[0]
                for target in _TARGETS
            )
        else:
            limits = goal.limit_for(case)
            if limits is None:
                continue
            run, state = replay(goal, actions, case, received, at, moments)
            chosen = (limits.limit, limits.promised)
        if chosen[0] is None:
            continue  # the goal does not apply (a promised limit comes with a statutory one)
        # equivalent "strict=None", "chosen, )", "strict=False": both sides are the two targets
        for target, limit in zip(_TARGETS, chosen, strict=True):
            if limit is not None:
                status = goal_status(
                    cal, goal, target, limit, run, local_at, warnings, day_end, out
                )
                statuses.append(status[0])
    if state is None:
        state = state_at(case, at)
    return Evaluation(case.id, state, at, tuple(statuses))


def reclassified_limit(
    cal: Calendar,
    goal: Goal,
    actions: Actions,
    target: Target,
    case: Case,
    run: Run,
    received: dt.datetime,
    moments: list[dt.datetime] | None,
    warnings: Warnings,
    day_end: DayEnd,
    out: Callable[[dt.datetime], dt.datetime] | None,
) -> tuple[Duration | None, int | None]:
    """The limit of a reclassified case's run for ``target``, and the index of the first
    reclassification it did not follow (``None`` if it followed them all).

    Each reclassification up to the run's verdict (:attr:`Run.settled`) re-chooses the limit,
    except one that comes when the run's clock has already breached the limit of its time:
    the breach stands, as a late pause or a late extension does not undo it, and the run
    keeps that limit.
    """

    def pick(events: int) -> Duration | None:
        limits = goal.limit_classified(*case.classification_after(events))
        return None if limits is None else limits.for_target(target)

    limit = pick(0)
    for n, event in enumerate(case.history[: run.settled]):
        if not event.changes:
            continue
        local = event.at if moments is None else moments[n]
        # equivalent "local > run.started": at the very start nothing has elapsed, no breach
        if limit is not None and run.started is not None and local >= run.started:
            then, _ = replay(goal, actions, case, received, event.at, moments)
            if then.started == run.started:  # the same cycle of the clock
                # equivalent "goal, None, limit", "day_end, None)": the breach check reads the state
                status = goal_status(cal, goal, target, limit, then, local, warnings, day_end, out)
                if status[0].state is ClockState.BREACHED:
                    return limit, n
        limit = pick(n + 1)
    return limit, None


def state_at(case: Case, at: dt.datetime) -> str:
    state = case.workflow.initial
    for event in case.history:
        if event.at > at:
            break
        t = case.workflow.transition(event.name)
        if t is not None and t.target is not None:
            state = t.target
    return state


guard(globals())
