"""Replaying a case's history for one goal: when its clock started, paused, was extended, stopped.

The replay knows nothing of calendars: it reads the events in order and records the moments at
which each goal's clock changed. :mod:`civicflow.sla.status` then measures those moments on the
calendar. What each event does to each goal is compiled once per policy into bit flags.
"""

from __future__ import annotations

import datetime as dt

import attrs

from civicflow._arguments import guard
from civicflow.cases.case import Case, Event
from civicflow.cases.workflow import Workflow
from civicflow.limits.duration import Duration
from civicflow.sla.policy import Goal, Policy

__all__ = ["Actions", "Extension", "Pause", "Run", "compile_actions", "plan", "replay"]


@attrs.define
class Pause:
    start: dt.datetime
    end: dt.datetime | None
    state: str
    counted: bool = True


@attrs.define
class Extension:
    at: dt.datetime
    amount: Duration
    event: Event
    counted: bool = True


@attrs.define
class Run:
    """What one goal's clock did, in local time."""

    started: dt.datetime | None = None
    start_cause: str = ""
    stopped: dt.datetime | None = None
    stop_cause: str = ""
    cancelled: dt.datetime | None = None
    timeline: list[Pause | Extension] = attrs.Factory(list)
    restarts: int = 0
    #: The earlier cycles, each with the (local) moment it was restarted, oldest first.
    cycles: list[tuple[Run, dt.datetime]] = attrs.Factory(list)
    #: How many events of the history the clock had seen when its verdict settled: up to
    #: its stop or cancellation, the restart that ended it, or the evaluation's instant.
    settled: int = 0


# What each event does to a goal's clock, as bits: compiled once per policy.
START, STOP, CANCEL, RESTART, EXTEND = 1, 2, 4, 8, 16

# Per event name: (bits of the event, bits of entering its target state, the target).
Actions = dict[str, tuple[int, int, str | None]]


def compile_actions(goal: Goal, workflow: Workflow) -> Actions:
    def bits(name: str, *, event: bool) -> int:
        b = (
            (START if name in goal.start else 0)
            | (STOP if name in goal.stop else 0)
            | (CANCEL if name in goal.cancel else 0)
        )
        if event:
            b |= (RESTART if name in goal.restart else 0) | (EXTEND if name in goal.extend else 0)
        return b

    return {
        t.name: (
            bits(t.name, event=True),
            # equivalent "and False", "event=None": no goal starts, stops or cancels on a state
            # named None, and the flag is only tested for truth
            0 if t.target is None else bits(t.target, event=False),
            t.target,
        )
        for t in workflow.transitions
    }


def plan(policy: Policy) -> list[tuple[Goal, Actions]]:
    """The policy's goals with their compiled actions, computed once per policy."""
    # equivalent "derived(None", "XXplanXX", "PLAN": a key no other derived value uses
    return policy.derived("plan", _compile)


def _compile(policy: Policy) -> list[tuple[Goal, Actions]]:
    return [(g, compile_actions(g, policy.workflow)) for g in policy.goals]


def replay(
    goal: Goal,
    actions: Actions,
    case: Case,
    received: dt.datetime,
    at: dt.datetime,
    moments: list[dt.datetime] | None,
) -> tuple[Run, str]:
    """Replay the history up to ``at`` for one goal: when its clock started, paused, stopped.

    ``moments`` are the events' local times, or ``None`` when the case's times are naive
    (already local). Returns the run and the case's state at ``at``.
    """
    pause = goal.pause
    started: dt.datetime | None = None
    start_cause = stop_cause = ""
    stopped: dt.datetime | None = None
    cancelled: dt.datetime | None = None
    timeline: list[Pause | Extension] = []
    restarts = 0
    cycles: list[tuple[Run, dt.datetime]] = []
    open_pause: Pause | None = None
    state = case.workflow.initial
    if state in goal.start:
        started, start_cause = received, f"received (state {state!r})"
        if state in pause:
            open_pause = Pause(received, None, state)
            timeline.append(open_pause)
    # equivalent "history), 1": the first value of settled is never read, a stop, a
    # cancellation or the end of the replay sets it first
    seen, settled = len(case.history), 0
    for n, event in enumerate(case.history):
        if event.at > at:
            seen = n
            break
        bits, entering, target = actions[event.name]
        if target is None or target == state:
            after = state
        else:
            after = target
            bits |= entering
        state = after
        local = event.at if moments is None else moments[n]
        if started is None or stopped is not None or cancelled is not None:
            if started is None:
                if not bits & START:
                    continue
            elif bits & RESTART:
                restarts += 1
            else:
                continue
        elif bits & RESTART:
            restarts += 1
        else:
            if bits & STOP:
                stopped, stop_cause, settled = local, event.name, n + 1
            elif bits & CANCEL:
                cancelled, stop_cause, settled = local, event.name, n + 1
            if stopped is not None or cancelled is not None:
                if open_pause is not None:
                    open_pause.end = local
                    open_pause = None  # equivalent: read again only after a restart sets it
                continue
            if bits & EXTEND and event.extension is not None:
                timeline.append(Extension(local, event.extension, event))
            if after in pause:
                if open_pause is None:
                    open_pause = Pause(local, None, after)
                    timeline.append(open_pause)
            elif open_pause is not None:
                open_pause.end = local
                open_pause = None
            continue
        # A (re)start: the clock runs from zero; the cycle it ends is kept.
        if started is not None:
            ended = settled if stopped is not None or cancelled is not None else n
            done = Run(
                started,
                start_cause,  # equivalent "None": an earlier cycle's causes are read by nothing
                stopped,
                stop_cause,  # equivalent "None": goal_status reads no earlier cycle's cause
                cancelled,
                timeline,
                settled=ended,
            )
            cycles.append((done, local))
        started, start_cause = local, event.name
        stopped = cancelled = None
        timeline = []
        open_pause = None
        if after in pause:
            open_pause = Pause(local, None, after)
            timeline.append(open_pause)
    if stopped is None and cancelled is None:
        settled = seen
    run = Run(
        started, start_cause, stopped, stop_cause, cancelled, timeline, restarts, cycles, settled
    )
    return run, state


# -- clocks: positions and deadlines per kind of limit -----------------------------------


guard(globals())
