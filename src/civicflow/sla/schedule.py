"""The schedule of a case's clocks: every instant ahead at which a running goal crosses a line.

:func:`~civicflow.evaluate` says where each clock stands at an instant you give;
:func:`clock_schedule` says when each running clock will next change its colour, assuming no
further event: when it reaches each warning threshold, gets its yellow card, reaches its
deadline, gets its red card (the first moment past the deadline) and becomes severely
overdue. Each instant is exact: evaluated one microsecond before it, the goal has not
crossed; at it, it has.

>>> import datetime as dt
>>> from civicflow.cases.case import Case, Event
>>> from civicflow.sla.presets import hotline_policy
>>> policy = hotline_policy()
>>> case = Case.open(policy.workflow, "H-7", dt.datetime(2025, 9, 29, 9, 0), type="咨询")
>>> case = case.apply(Event("1", "dispatch", dt.datetime(2025, 9, 29, 9, 30)))
>>> print(clock_schedule(case, policy, at=dt.datetime(2025, 9, 29, 10, 0)))
case H-7 in state 'dispatched' at 2025-09-29 10:00 Mon
  2025-09-29 17:30 Mon           sign-for         yellow card         7h00 of working time left
  2025-09-30 14:48 Tue           sign-for         reached 80%         2h42 of working time left
  2025-09-30 17:30 Tue           handling         yellow card         7h00 of working time left
  2025-09-30 17:30 Tue           sign-for         deadline            0h00 of working time left
  2025-09-30 17:30:00.000001 Tue sign-for         red card            0h00 of working time over
  2025-10-09 11:54 Thu           handling         reached 80%         4h06 of working time left
  2025-10-09 17:30 Thu           handling         deadline            0h00 of working time left
  2025-10-09 17:30:00.000001 Thu handling         red card            0h00 of working time over
  2025-10-13 16:30 Mon           sign-for         severely overdue    27h00 of working time over
  2025-10-16 16:30 Thu           handling         severely overdue    41h00 of working time over

Across National Day: the handling goal (a 咨询, two working days) is due on the Thursday
after the break, and its yellow card comes one working day before, at the close of 30
September.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
from collections.abc import Callable
from fractions import Fraction

import attrs

from civicflow._arguments import guard
from civicflow.calendars._tables import moment_at
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.errors import CalendarCoverageError
from civicflow.limits.duration import Duration, WorkingDays, WorkingHours
from civicflow.limits.rules import DayEnd
from civicflow.sla._clock import measure, shift_back
from civicflow.sla._text import amount, stamp
from civicflow.sla.evaluation import evaluate, prepare
from civicflow.sla.policy import Policy, Target, Warnings
from civicflow.sla.status import Card, ClockState, Evaluation, GoalStatus

__all__ = [
    "Alert",
    "AlertKind",
    "ClockSchedule",
    "Unscheduled",
    "clock_schedule",
    "schedule_of",
]


class AlertKind(enum.Enum):
    """What happens to a goal at an instant of its schedule."""

    #: The share of the allowed time used reaches one of :attr:`Warnings.thresholds`.
    THRESHOLD = "threshold"
    #: The yellow card: :attr:`Warnings.yellow_before` before the deadline.
    YELLOW = "yellow card"
    #: The deadline: the last instant at which a stop is on time.
    DEADLINE = "deadline"
    #: The red card: the first instant past the deadline, when the goal is breached.
    RED = "red card"
    #: The time used reaches :attr:`Warnings.severe_multiple` times the allowed time.
    SEVERE = "severely overdue"


_ORDER = {kind: n for n, kind in enumerate(AlertKind)}


@attrs.frozen
class Alert:
    """One instant of a goal's schedule.

    Attributes:
        case_id: the case.
        goal: the goal's name.
        target: the statutory or the promised limit.
        kind: what happens at the instant.
        at: the instant, naive or aware like the case's times.
        limit: the goal's limit.
        deadline: the goal's deadline.
        remaining: the time left on the goal's clock at the instant (working time for
            limits in working days or hours, elapsed time for the others).
        overdue: the time past the deadline at the instant, on the same clock.
        threshold: for :attr:`AlertKind.THRESHOLD`, the share reached (e.g. ``0.8``).
        label: the goal's name in the body's own language (``"办理"``), if it has one.
        provisional: whether the instant or the deadline falls in a provisional year: it
            may move when the year's notice is out.
    """

    case_id: str
    goal: str
    target: Target
    kind: AlertKind
    at: dt.datetime
    limit: Duration
    deadline: dt.datetime
    remaining: dt.timedelta
    overdue: dt.timedelta
    threshold: float | None = None
    label: str = ""
    provisional: bool = False

    @property
    def what(self) -> str:
        """What happens, in words: ``"yellow card"``, ``"reached 80%"``..."""
        if self.kind is AlertKind.THRESHOLD and self.threshold is not None:
            return f"reached {self.threshold:.0%}"
        return self.kind.value

    def __str__(self) -> str:
        name = self.goal if self.target is Target.STATUTORY else f"{self.goal} (promised)"
        left = (
            f"{amount(self.overdue, self.limit)} over"
            if self.overdue or self.kind in (AlertKind.RED, AlertKind.SEVERE)
            else f"{amount(self.remaining, self.limit)} left"
        )
        text = f"{exact_stamp(self.at):<30} {name:<16} {self.what:<19} {left}"
        return text + ("  [provisional]" if self.provisional else "")


@attrs.frozen
class Unscheduled:
    """A goal whose clock runs, or stands, but whose instants ahead cannot be given.

    Attributes:
        goal: the goal's name.
        target: the statutory or the promised limit.
        state: where its clock stands.
        awaiting_notice: the year of the holiday notice its next instants wait for, or
            ``None`` for a paused clock, which has nothing ahead until it resumes.
    """

    goal: str
    target: Target
    state: ClockState
    awaiting_notice: int | None = None

    @property
    def reason(self) -> str:
        """Why nothing (more) is scheduled, in words."""
        if self.awaiting_notice is not None:
            return f"the instants ahead wait for the {self.awaiting_notice} holiday notice"
        return "on hold: nothing is scheduled until the clock resumes"

    def __str__(self) -> str:
        name = self.goal if self.target is Target.STATUTORY else f"{self.goal} (promised)"
        return f"{name:<16} {self.reason}"


@attrs.frozen
class ClockSchedule:
    """The instants ahead of a case's running goals, in order.

    Attributes:
        case_id: the case.
        at: the instant the schedule starts from (not included).
        state: the case's state at ``at``.
        alerts: every instant after ``at`` at which a running goal crosses a line, in time
            order, assuming no further event.
        unscheduled: the goals with a clock that has nothing scheduled: on hold, or whose
            instants ahead lie past the calendar's holiday data.
    """

    case_id: str
    at: dt.datetime
    state: str
    alerts: tuple[Alert, ...]
    unscheduled: tuple[Unscheduled, ...] = ()

    def __str__(self) -> str:
        lines = [f"case {self.case_id} in state {self.state!r} at {stamp(self.at)}"]
        lines += [f"  {a}" for a in self.alerts]
        lines += [f"  {u}" for u in self.unscheduled]
        return "\n".join(lines)


def exact_stamp(moment: dt.datetime) -> str:
    """:func:`stamp`, with the seconds and microseconds when the moment has them (a red card
    comes one microsecond after its deadline)."""
    if not moment.second and not moment.microsecond:
        return stamp(moment)
    text = stamp(moment)
    return text[:16] + moment.strftime(":%S.%f") + text[16:]


def clock_schedule(
    case: Case, policy: Policy, at: dt.datetime, calendar: Calendar | None = None
) -> ClockSchedule:
    """Every instant after ``at`` at which a running goal of ``case`` crosses a line,
    assuming no further event: its warning thresholds, its yellow card, its deadline, its
    red card, its severe overdue.

    A paused clock has nothing scheduled until it resumes; a goal whose instants ahead lie
    past the holiday data names the notice it awaits; neither is left out silently: both are
    in :attr:`ClockSchedule.unscheduled`. Events after ``at`` are not seen, as in
    :func:`~civicflow.evaluate`.

    Args:
        case: the case.
        policy: its policy.
        at: the instant to look ahead from, naive or aware like the case's times.
        calendar: the calendar to count on; ``None`` is :func:`~civicflow.china_calendar`.

    Returns:
        A :class:`ClockSchedule`, its alerts in time order.

    Raises:
        ValueError: the policy is for another workflow, or ``at`` mixes naive and aware.
    """
    cal, _, _, _, _ = prepare(case, policy, at, calendar)
    return schedule_of(evaluate(case, policy, at, cal), policy, cal, case.received)


def schedule_of(
    evaluation: Evaluation, policy: Policy, calendar: Calendar, like: dt.datetime
) -> ClockSchedule:
    """The schedule of a case from its :class:`~civicflow.Evaluation` by ``policy`` on
    ``calendar`` (what :func:`clock_schedule` finds after evaluating it); ``like`` is a time
    of the case (its receipt), naive or aware, whose zone the alerts take."""
    cal, at = calendar, evaluation.at
    local_at = at if at.tzinfo is None else cal.to_local(at)
    out: Callable[[dt.datetime], dt.datetime] | None = None
    if like.tzinfo is not None:

        def out(moment: dt.datetime) -> dt.datetime:
            return cal.from_local(moment, like)

    case_id = evaluation.case_id
    labels = {g.name: g.label for g in policy.goals}
    pauses = {g.name: g.pause for g in policy.goals}
    alerts: list[Alert] = []
    unscheduled: list[Unscheduled] = []
    for s in evaluation.goals:
        if s.stopped is not None or s.state not in _OPEN:
            continue
        if evaluation.state in pauses[s.goal] or s.state is ClockState.PAUSED:
            unscheduled.append(Unscheduled(s.goal, s.target, s.state))
            continue
        if s.awaiting_notice is not None or s.deadline is None:
            unscheduled.append(Unscheduled(s.goal, s.target, s.state, s.awaiting_notice))
            continue
        found, missing = _ahead(cal, s, local_at, policy.warnings, policy.day_end, out)
        alerts += [attrs.evolve(a, case_id=case_id, label=labels.get(s.goal, "")) for a in found]
        if missing is not None:
            unscheduled.append(Unscheduled(s.goal, s.target, s.state, missing))
    alerts.sort(key=lambda a: (a.at if out is None else cal.to_local(a.at), _ORDER[a.kind]))
    return ClockSchedule(case_id, at, evaluation.state, tuple(alerts), tuple(unscheduled))


_OPEN = (ClockState.RUNNING, ClockState.PAUSED, ClockState.BREACHED, ClockState.UNKNOWN)


def first_elapsed(share: float, allowed: int) -> int:
    """The least whole number of microseconds ``e`` for which ``e / allowed >= share``, as
    :func:`~civicflow.evaluate` compares them (a float division, correctly rounded)."""
    e = math.ceil(Fraction(share) * allowed)
    while e > 0 and (e - 1) / allowed >= share:
        e -= 1
    while e / allowed < share:
        e += 1
    return e


def _ahead(
    cal: Calendar,
    s: GoalStatus,
    local_at: dt.datetime,
    warnings: Warnings,
    day_end: DayEnd,
    out: Callable[[dt.datetime], dt.datetime] | None,
) -> tuple[list[Alert], int | None]:
    """The instants ahead of one running goal, and the year of the notice the ones past the
    data wait for (``None`` when none does)."""
    assert s.deadline is not None
    assert s.remaining is not None  # a deadline known: its time left too
    local = cal.to_local if out is not None else (lambda m: m)
    deadline = local(s.deadline)
    at = measure(cal, s.limit)
    us = dt.timedelta(microseconds=1)
    now = at(local_at)
    elapsed = s.elapsed // us
    allowed = elapsed + s.remaining // us - s.overdue // us
    due = now + (s.remaining - s.overdue) // us  # the deadline's position on the clock
    base = now - elapsed  # the clock's start, with its time on hold
    found: list[tuple[AlertKind, dt.datetime, float | None]] = []
    missing: int | None = None
    us = dt.timedelta(microseconds=1)

    def reach(position: int) -> dt.datetime:
        """The first moment at which the clock reads ``position``."""
        if isinstance(s.limit, WorkingDays | WorkingHours):
            t = cal.tables
            return moment_at(t, *t.locate_end(position))
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        return (
            (epoch + dt.timedelta(microseconds=position)).astimezone(cal.zone).replace(tzinfo=None)
        )

    steps: list[tuple[AlertKind, float | None, Callable[[], dt.datetime]]] = []
    if s.state is ClockState.RUNNING:
        if allowed > 0:
            for x in warnings.thresholds:
                if x not in s.thresholds:
                    e = first_elapsed(x, allowed)
                    steps.append((AlertKind.THRESHOLD, x, functools.partial(reach, base + e)))
        if warnings.yellow_before is not None and s.card is Card.NONE:
            yellow = functools.partial(shift_back, cal, deadline, warnings.yellow_before, day_end)
            steps.append((AlertKind.YELLOW, None, yellow))
        steps.append((AlertKind.DEADLINE, None, lambda: deadline))
        steps.append((AlertKind.RED, None, lambda: deadline + us))
    if warnings.severe_multiple and allowed > 0 and not s.severe:
        severe = warnings.severe_multiple * allowed
        steps.append((AlertKind.SEVERE, None, functools.partial(reach, base + severe)))
    for kind, share, when in steps:
        try:
            instant = when()
            if instant <= local_at:
                continue
            at(instant)  # inside the data
        except CalendarCoverageError as error:
            missing = error.year if missing is None else min(missing, error.year)
            continue
        found.append((kind, instant, share))
    alerts = []
    provisional_years = cal.provisional_years
    for kind, instant, share in found:
        position = at(instant)
        alerts.append(
            Alert(
                "",
                s.goal,
                s.target,
                kind,
                instant if out is None else out(instant),
                s.limit,
                s.deadline,
                us * max(0, due - position),
                us * max(0, position - due),
                share,
                provisional=s.provisional or instant.year in provisional_years,
            )
        )
    return alerts, missing


guard(globals())
