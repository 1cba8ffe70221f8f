"""Why a goal stands where it does: the stretches its clock ran and paused, and the reckoning.

>>> import datetime as dt
>>> from civicflow.cases.case import Case, Event
>>> from civicflow.sla.presets import hotline_policy
>>> policy = hotline_policy()
>>> case = Case.open(policy.workflow, "H-8", dt.datetime(2025, 9, 29, 9, 0), type="投诉")
>>> case = case.apply(Event("1", "dispatch", dt.datetime(2025, 9, 29, 9, 30)))
>>> print(explain_goal(case, policy, "handling", at=dt.datetime(2025, 9, 30, 9, 0)).reckoning)
15 working days from 2025-09-29 09:30 Mon
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.calendars.days import DayInfo, day_runs
from civicflow.cases.case import RECLASSIFIABLE, Case
from civicflow.cases.workflow import Workflow
from civicflow.limits.duration import CalendarDays, Duration, Months, WorkingDays, WorkingHours
from civicflow.sla._clock import held_between, measure
from civicflow.sla._text import amount, span, stamp
from civicflow.sla.cycles import replayed
from civicflow.sla.policy import Goal, Policy, Target
from civicflow.sla.replay import Extension, Run
from civicflow.sla.status import Card, ClockState, GoalStatus, awaiting, goal_status

__all__ = ["GoalExplanation", "Segment", "explain_goal"]


@attrs.frozen
class Segment:
    """A stretch of time in the life of a goal's clock.

    Attributes:
        kind: ``"running"`` or ``"paused"``.
        start: when it began (local time).
        end: when it ended (local time).
        cause: what began it: an event, or the state the case was in.
        counted: the time the clock counted in it (working or elapsed, like the limit).
        note: what it did to the deadline.
        days_off: the days off inside it, and the working days a closure cut short, with
            their reasons.
    """

    kind: str
    start: dt.datetime
    end: dt.datetime
    cause: str
    counted: dt.timedelta
    note: str
    days_off: tuple[DayInfo, ...]


@attrs.frozen
class GoalExplanation:
    """Why one goal of a case stands where it does.

    Attributes:
        case_id: the case.
        goal: the goal.
        status: its status.
        segments: the stretches the clock ran and paused, in order.
        notes: other facts: restarts, extensions, pauses or extensions past the deadline.
        reckoning: how the deadline adds up, e.g. ``"15 working days + 4 working days
            given back by pauses + 5 working days of extension"``.
    """

    case_id: str
    goal: Goal
    status: GoalStatus
    segments: tuple[Segment, ...]
    notes: tuple[str, ...]
    reckoning: str = ""

    def __str__(self) -> str:
        s = self.status
        label = f" ({self.goal.label})" if self.goal.label else ""
        what = "statutory" if s.target is Target.STATUTORY else "promised"
        lines = [
            f"case      {self.case_id}",
            f"goal      {s.goal}{label}: {what} limit {s.limit} ({s.limit.chinese})",
        ]
        if s.started is None:
            lines.append("state     not started")
            return "\n".join(lines)
        for seg in self.segments:
            when = f"{stamp(seg.start)} -> {stamp(seg.end)}"
            lines.append(f"{seg.kind:<9} {when}  {seg.cause}")
            lines.append(f"{'':<10}{seg.note}")
            for run in _day_runs(seg.days_off):
                lines.append(f"{'':<10}{run}")
        lines += [f"note      {n}" for n in self.notes]
        if s.deadline is None:
            lines.append(f"deadline  unknown: {self.reckoning}")
        else:
            lines.append(f"deadline  {stamp(s.deadline)}: {self.reckoning}")
        verdict = s.state.value
        if s.stopped is not None:
            verdict += f" at {stamp(s.stopped)}"
        if s.overdue:
            verdict += f", {amount(s.overdue, s.limit)} over"
        elif s.state is not ClockState.CANCELLED and s.deadline and s.remaining is not None:
            verdict += f", {amount(s.remaining, s.limit)} left"
        if s.card is not Card.NONE:
            verdict += f", {s.card.value} card"
        if s.severe:
            verdict += ", severely overdue"
        lines.append(f"state     {verdict}")
        if s.provisional:
            lines.append(
                "PROVISIONAL: the clock runs into a year with no holiday notice yet (holidays by "
                "the law alone, no make-up days); the deadline may move when the notice is out"
            )
        return "\n".join(lines)


def explain_goal(
    case: Case,
    policy: Policy,
    goal: str,
    at: dt.datetime,
    calendar: Calendar | None = None,
    *,
    target: Target | str = Target.STATUTORY,
) -> GoalExplanation:
    """The segments a goal's clock ran and paused, and what each did to its deadline.

    Takes the arguments of :func:`evaluate`, plus the goal's name and the target.

    Raises:
        NotFoundError: the policy has no such goal, or it does not apply to the case.
    """
    r = replayed(case, policy, goal, at, calendar, target)
    cal, the_goal, want, limit, run, local_at, out = (
        r.calendar,
        r.goal,
        r.target,
        r.limit,
        r.run,
        r.at,
        r.out,
    )
    status, _, held = goal_status(
        cal, the_goal, want, limit, run, local_at, policy.warnings, policy.day_end, out
    )
    if run.started is None:
        return GoalExplanation(case.id, the_goal, status, (), (), str(limit))
    if status.awaiting_notice is not None:
        note = (
            f"the clock runs past the end of the calendar's holiday data ({awaiting(status)}); "
            "load the notice (civicflow calendar import, --arrangement) or count the years "
            "after the data provisionally (--provisional-through) to see every segment"
        )
        start = f"{limit} from {stamp(run.started)}"
        return GoalExplanation(case.id, the_goal, status, (), (note,), start)
    end_m = run.stopped or run.cancelled or local_at
    segments, notes = _segments(cal, limit, run, end_m, case.workflow)
    notes += _reclassifications(case, the_goal, want, at, run.settled, r.frozen)
    reckoning = [f"{limit} from {stamp(run.started)}"]
    if held:
        reckoning.append(_given_back(limit, held) + " given back by pauses")
    reckoning += [f"{e} of extension" for e in status.extensions]
    return GoalExplanation(
        case.id, the_goal, status, tuple(segments), tuple(notes), " + ".join(reckoning)
    )


def _segments(
    cal: Calendar, limit: Duration, run: Run, end_m: dt.datetime, wf: Workflow
) -> tuple[list[Segment], list[str]]:
    """The stretches a replayed run ran and paused until ``end_m``, and the notes beside them."""
    assert run.started is not None
    position = measure(cal, limit)
    unit = "working time" if isinstance(limit, WorkingDays | WorkingHours) else "elapsed time"

    def counted(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        return dt.timedelta(microseconds=position(b) - position(a))

    def days_off(a: dt.datetime, b: dt.datetime) -> tuple[DayInfo, ...]:
        if b.date() < a.date():
            return ()
        return tuple(d for d in cal.days(a.date(), b.date()) if not d.is_workday or d.cut_short)

    segments: list[Segment] = []
    notes: list[str] = []
    if run.restarts:
        notes.append(f"the clock was restarted {run.restarts} time(s); this is its last run")
    cursor, cause = run.started, f"started on {_event_label(wf, run.start_cause)}"
    for item in run.timeline:
        if isinstance(item, Extension):
            if item.counted:
                notes.append(
                    f"{item.event.name} at {stamp(item.at)} extended the limit by {item.amount}"
                )
            else:
                notes.append(
                    f"{item.event.name} at {stamp(item.at)} came after the deadline: "
                    f"its {item.amount} was not applied"
                )
            continue
        if item.start > cursor:
            segments.append(_running(cursor, item.start, cause, counted, days_off, unit))
        p_end = item.end or end_m
        amount = held_between(cal, limit, item.start, p_end)
        if not item.counted:
            note = "began after the deadline: gives nothing back"
        else:
            note = "gives back " + _given_back(limit, amount)
            if isinstance(limit, WorkingDays):
                note += " (the working days that started while on hold)"
        segments.append(
            Segment(
                "paused",
                item.start,
                p_end,
                f"in state {wf.label(item.state)!r}",
                counted(item.start, p_end),
                note,
                days_off(item.start, p_end),
            )
        )
        cursor, cause = p_end, "resumed"
    if end_m > cursor or not segments:
        segments.append(_running(cursor, end_m, cause, counted, days_off, unit))
    if run.stopped is not None:
        notes.append(f"stopped on {_event_label(wf, run.stop_cause)}")
    elif run.cancelled is not None:
        notes.append(f"cancelled on {_event_label(wf, run.stop_cause)}")
    return segments, notes


def _reclassifications(
    case: Case, goal: Goal, want: Target, at: dt.datetime, settled: int, frozen: int | None
) -> list[str]:
    """A note for each reclassification up to ``at``: what changed, and the limit it chose
    (none after the first ``settled`` events: the verdict was given by then; none from
    event ``frozen`` on: the clock had breached)."""
    if not case.received_as:
        return []

    def chosen(events: int) -> str:
        limits = goal.limit_classified(*case.classification_after(events))
        if limits is None:
            return "none (the goal does not apply)"
        picked = limits.for_target(want)
        return "none (no promised limit)" if picked is None else str(picked)

    notes = []
    for n, event in enumerate(case.history):
        if event.at > at:
            break
        if not event.changes:
            continue
        # equivalent "strict=None", "(n), )", "strict=False": both sides are three
        was = dict(zip(RECLASSIFIABLE, case.classification_after(n), strict=True))
        what = ", ".join(f"{key} {was[key]} -> {new}" for key, new in event.changes)
        head = f"{_event_label(case.workflow, event.name)} at {stamp(event.at)} changed {what}"
        if frozen is not None and frozen <= n < settled:
            notes.append(
                f"{head} after the deadline had passed: the breach stands on the limit it had"
            )
        elif n >= settled:
            notes.append(
                f"{head} after the clock stopped: the verdict stands on the limit it was given"
            )
        else:
            before, after = chosen(n), chosen(n + 1)
            limit = f"the limit stays {after}" if after == before else f"limit {before} -> {after}"
            notes.append(f"{head}: {limit}, counted from the same start with the time on hold kept")
    return notes


def _running(
    a: dt.datetime,
    b: dt.datetime,
    cause: str,
    counted: Callable[[dt.datetime, dt.datetime], dt.timedelta],
    days_off: Callable[[dt.datetime, dt.datetime], tuple[DayInfo, ...]],
    unit: str,
) -> Segment:
    c = counted(a, b)
    return Segment("running", a, b, cause, c, f"counts {span(c)} of {unit}", days_off(a, b))


def _event_label(wf: Workflow, name: str) -> str:
    text = wf.label(name)
    return name if text == name else f"{name} ({text})"


def _given_back(limit: Duration, amount: int) -> str:
    if isinstance(limit, WorkingDays):
        return f"{amount} working day(s)"
    if isinstance(limit, CalendarDays | Months):
        return f"{amount} calendar day(s) (midnights on hold)"
    kind = "working time" if isinstance(limit, WorkingHours) else "elapsed time"
    return f"{span(dt.timedelta(microseconds=amount))} of {kind}"


def _day_runs(days: tuple[DayInfo, ...]) -> list[str]:
    lines = []
    for r in day_runs(days):
        when = str(r[0].date) if len(r) == 1 else f"{r[0].date}..{r[-1].date}"
        lines.append(f"{'short' if r[0].is_workday else 'off'} {when}: {r[0].reason}")
    return lines


guard(globals())
