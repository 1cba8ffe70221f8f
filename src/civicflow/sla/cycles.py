"""Every cycle counts: a goal's clock that restarts keeps each cycle with its own verdict.

A restart (rework 返工, reopen 重办, reassignment 改派, materials arriving) starts a clock from
zero; :func:`civicflow.evaluate` reports the cycle running now, and :func:`cycles` every one.
"""

from __future__ import annotations

import datetime as dt

from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.sla.policy import Policy, Target
from civicflow.sla.replay import plan, replay
from civicflow.sla.status import GoalStatus, goal_status, prepare

__all__ = ["cycles"]


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

    Raises:
        KeyError: the policy has no goal ``goal``, or it does not apply to the case.
    """
    cal, local_at, received, moments, out = prepare(case, policy, at, calendar)
    want = Target(target)
    for the_goal, actions in plan(policy):
        if the_goal.name != goal:
            continue
        limits = the_goal.limit_for(case)
        limit = (
            None
            if limits is None
            else (limits.limit if want is Target.STATUTORY else limits.promised)
        )
        if limit is None:
            raise KeyError(f"goal {goal!r} has no {want.value} limit for case {case.id!r}")
        run, _ = replay(the_goal, actions, case, received, at, moments)
        warnings, day_end = policy.warnings, policy.day_end
        earlier = [
            goal_status(cal, the_goal, want, limit, r, moment, warnings, day_end, out)[0]
            for r, moment in run.cycles
        ]
        last = goal_status(cal, the_goal, want, limit, run, local_at, warnings, day_end, out)
        return (*earlier, last[0])
    raise KeyError(f"policy {policy.name!r} has no goal {goal!r}")
