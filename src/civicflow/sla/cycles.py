"""Every cycle counts: a goal's clock that restarts keeps each cycle with its own verdict.

:func:`replayed` is the one goal's replay that :func:`cycles` and
:func:`~civicflow.explain_goal` both read.

A restart (rework 返工, reopen 重办, reassignment 改派, materials arriving) starts a clock from
zero; :func:`civicflow.evaluate` reports the cycle running now, and :func:`cycles` every one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.errors import NotFoundError
from civicflow.limits.duration import Duration
from civicflow.limits.rules import parse_option
from civicflow.sla.evaluation import prepare, reclassified_limit
from civicflow.sla.policy import Goal, Policy, Target
from civicflow.sla.replay import Run, plan, replay
from civicflow.sla.status import GoalStatus, goal_status

__all__ = ["Replayed", "cycles", "replayed"]


@attrs.frozen
class Replayed:
    """One goal's clock replayed for a target: what reading it needs (see :func:`replayed`)."""

    calendar: Calendar
    goal: Goal
    target: Target
    limit: Duration
    run: Run
    at: dt.datetime  # local
    out: Callable[[dt.datetime], dt.datetime] | None
    #: The first reclassification the run did not follow (it came after a breach), if any.
    frozen: int | None = None
    #: How to replay the case again: an earlier cycle's limit is chosen like the last's.
    again: Callable[[Run], Duration | None] | None = None


def replayed(
    case: Case,
    policy: Policy,
    goal: str,
    at: dt.datetime,
    calendar: Calendar | None,
    target: Target | str,
) -> Replayed:
    """The clock of goal ``goal`` for ``target``, replayed up to ``at``.

    Raises:
        NotFoundError: the policy has no such goal, or it has no such limit for the case.
    """
    cal, local_at, received, moments, out = prepare(case, policy, at, calendar)
    the_goal = policy.goal(goal)
    want = parse_option(Target, target, "target")
    actions = dict(plan(policy))[the_goal]
    run, _ = replay(the_goal, actions, case, received, at, moments)

    def chosen(of: Run) -> tuple[Duration | None, int | None]:
        if not case.received_as:
            limits = the_goal.limit_for(case)
            return (None if limits is None else limits.for_target(want)), None
        return reclassified_limit(
            cal, the_goal, actions, want, case, of, received, moments, policy.warnings,
            policy.day_end, out,  # equivalent "day_end, None": the breach check reads a state
        )  # fmt: skip

    limit, frozen = chosen(run)
    if limit is None:
        raise NotFoundError(f"goal {goal!r} has no {want.value} limit for case {case.id!r}")
    return Replayed(
        cal, the_goal, want, limit, run, local_at, out, frozen, lambda of: chosen(of)[0]
    )


def cycles(
    case: Case,
    policy: Policy,
    goal: str,
    at: dt.datetime,
    calendar: Calendar | None = None,
    target: Target | str = Target.STATUTORY,
) -> tuple[GoalStatus, ...]:
    """Every cycle of one goal's clock as of ``at``, oldest first: a clock that restarts
    (rework 返工, reopen 重办, reassignment 改派, materials arriving) keeps each cycle with its
    own start, deadline and verdict. An earlier cycle is read at the moment it was
    restarted: met or breached if it had stopped, otherwise where it stood then (running,
    paused, or already breached). The last is the goal's status in :func:`evaluate`.

    A reclassified case's earlier cycle has the limit of the classification when it
    settled (its stop, or the restart that ended it); where the goal had no limit for that
    classification, the cycle is read with the limit of the last one.

    Raises:
        NotFoundError: the policy has no goal ``goal``, or it does not apply to the case.
    """
    r = replayed(case, policy, goal, at, calendar, target)
    warnings, day_end = policy.warnings, policy.day_end

    def limit_then(run: Run) -> Duration:
        """The limit of an earlier cycle: that of the classification when it settled."""
        # equivalent "or True", "received_as or r.again": replayed always gives a chooser,
        # and for a case never reclassified it gives r.limit
        then = r.again(run) if case.received_as and r.again is not None else None
        return r.limit if then is None else then

    def read(run: Run, moment: dt.datetime, limit: Duration) -> GoalStatus:
        return goal_status(
            r.calendar, r.goal, r.target, limit, run, moment, warnings, day_end, r.out
        )[0]

    earlier = (read(run, moment, limit_then(run)) for run, moment in r.run.cycles)
    return (*earlier, read(r.run, r.at, r.limit))


guard(globals())
