"""SLA clocks: each goal of a policy, evaluated on a case at a given instant.

There is no hidden clock: "now" is the ``at`` argument, and events after it are not seen.

>>> import datetime as dt
>>> from civicflow.case import Case, Event
>>> from civicflow.presets import hotline_policy
>>> policy = hotline_policy()
>>> case = Case.open(policy.workflow, "H-7", dt.datetime(2025, 9, 29, 9, 0), type="投诉")
>>> case = case.apply_all([
...     Event("1", "dispatch", dt.datetime(2025, 9, 29, 9, 30)),
...     Event("2", "sign_for", dt.datetime(2025, 9, 29, 11, 0)),
... ])
>>> status = evaluate(case, policy, at=dt.datetime(2025, 10, 9, 10, 0)).goal("handling")
>>> status.state, status.deadline     # 15 working days, National Day skipped
(<ClockState.RUNNING: 'running'>, datetime.datetime(2025, 10, 27, 17, 30))

How a pause moves each kind of limit is set out in ``docs/sla.md``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator
from typing import cast

import attrs
from dateutil.relativedelta import relativedelta

from civicflow._tables import US_PER_SECOND, Tables, moment_at, us_of_day
from civicflow.calendar import Calendar, DayInfo, day_runs
from civicflow.case import Case, Event
from civicflow.deadline import DayEnd, _calendar, _end_of, _local_deadline
from civicflow.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)
from civicflow.policy import Goal, Policy, Target, Warnings
from civicflow.workflow import Workflow

__all__ = [
    "Card",
    "ClockState",
    "Evaluation",
    "GoalExplanation",
    "GoalStatus",
    "Segment",
    "evaluate",
    "explain_goal",
]


class ClockState(enum.Enum):
    """Where a goal's clock stands."""

    NOT_STARTED = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    #: Stopped by the deadline.
    MET = "met"
    #: Past the deadline: still open, or stopped too late.
    BREACHED = "breached"
    #: The case left the goal's base (e.g. parked, merged, withdrawn).
    CANCELLED = "cancelled"


class Card(enum.Enum):
    """The warning shown on a goal (Shandong's yellow and red cards)."""

    NONE = "none"
    YELLOW = "yellow"
    RED = "red"


@attrs.frozen
class GoalStatus:
    """One goal of a case, at one instant.

    Times are naive local times or aware, like the case's. Amounts of time are measured on
    the clock of the limit: working time for limits in working days or hours, elapsed time
    for limits in clock time, calendar days or months.

    Attributes:
        goal: the goal's name.
        target: whether this is the statutory or the promised limit.
        limit: the limit, before extensions.
        state: where the clock stands.
        started: when the clock (last) started, or ``None``.
        stopped: when it was stopped or cancelled, or ``None``.
        deadline: the deadline as of ``at``, moved by pauses and extensions, or ``None``
            if the clock has not started.
        breached_at: the deadline, when the goal is breached.
        extensions: the extensions applied, in order.
        elapsed: time the clock ran.
        remaining: time left on the clock (at the stop, for a stopped goal).
        overdue: time past the deadline (at the stop, for a stopped goal).
        on_hold: time the clock was paused.
        card: the warning card.
        used: elapsed as a fraction of the allowed time, or ``None`` if none is allowed.
        thresholds: the warning thresholds reached.
        severe: whether the time used reached the severe multiple of the allowed time.
        provisional: whether the clock's span or deadline touches a provisional year of the
            calendar (holidays by the law alone, no notice yet): the deadline may move.
    """

    goal: str
    target: Target
    limit: Duration
    state: ClockState
    started: dt.datetime | None
    stopped: dt.datetime | None
    deadline: dt.datetime | None
    breached_at: dt.datetime | None
    extensions: tuple[Duration, ...]
    elapsed: dt.timedelta
    remaining: dt.timedelta
    overdue: dt.timedelta
    on_hold: dt.timedelta
    card: Card
    used: float | None
    thresholds: tuple[float, ...]
    severe: bool
    provisional: bool = False

    @property
    def is_open(self) -> bool:
        """Whether the clock is running or paused."""
        return self.state in (ClockState.RUNNING, ClockState.PAUSED)


@attrs.frozen
class Evaluation:
    """Every goal of a case at one instant.

    Attributes:
        case_id: the case.
        state: the case's state at ``at``.
        at: the instant.
        goals: the status of each goal that applies, statutory then promised.
    """

    case_id: str
    state: str
    at: dt.datetime
    goals: tuple[GoalStatus, ...]

    def goal(self, name: str, target: Target | str = Target.STATUTORY) -> GoalStatus:
        """The status of goal ``name`` for ``target``.

        Raises:
            KeyError: the goal does not apply to the case (or has no such target).
        """
        want = Target(target)
        for status in self.goals:
            if status.goal == name and status.target is want:
                return status
        have = ", ".join(f"{s.goal} ({s.target.value})" for s in self.goals) or "none"
        raise KeyError(f"case {self.case_id!r} has no {want.value} goal {name!r}; it has: {have}")

    def __str__(self) -> str:
        lines = [f"case {self.case_id} in state {self.state!r} at {_stamp(self.at)}"]
        for s in self.goals:
            name = s.goal if s.target is Target.STATUTORY else f"{s.goal} (promised)"
            due = _stamp(s.deadline) if s.deadline is not None else "-"
            flags = []
            if s.card is not Card.NONE:
                flags.append(f"{s.card.value} card")
            if s.severe:
                flags.append("severely overdue")
            if s.provisional:
                flags.append("provisional")
            if s.thresholds:
                flags.append("reached " + ", ".join(f"{x:.0%}" for x in s.thresholds))
            left = f"{_span(s.overdue)} over" if s.overdue else f"{_span(s.remaining)} left"
            if s.state in (ClockState.NOT_STARTED, ClockState.CANCELLED):
                left = ""
            line = f"  {name:<22} {s.state.value:<11} due {due:<26} {left}"
            if flags:
                line += "  [" + "; ".join(flags) + "]"
            lines.append(line.rstrip())
        return "\n".join(lines)


# -- the scan of a case's history --------------------------------------------------------


@attrs.define
class _Pause:
    start: dt.datetime
    end: dt.datetime | None
    state: str
    counted: bool = True


@attrs.define
class _Extension:
    at: dt.datetime
    amount: Duration
    event: Event
    counted: bool = True


@attrs.define
class _Run:
    """What one goal's clock did, in local time."""

    started: dt.datetime | None = None
    start_cause: str = ""
    stopped: dt.datetime | None = None
    stop_cause: str = ""
    cancelled: dt.datetime | None = None
    timeline: list[_Pause | _Extension] = attrs.Factory(list)
    restarts: int = 0


# What each event does to a goal's clock, as bits: compiled once per policy.
_START, _STOP, _CANCEL, _RESTART, _EXTEND = 1, 2, 4, 8, 16

# Per event name: (bits of the event, bits of entering its target state, the target).
_Actions = dict[str, tuple[int, int, str | None]]


def _actions(goal: Goal, workflow: Workflow) -> _Actions:
    def bits(name: str, *, event: bool) -> int:
        b = (
            (_START if name in goal.start else 0)
            | (_STOP if name in goal.stop else 0)
            | (_CANCEL if name in goal.cancel else 0)
        )
        if event:
            b |= (_RESTART if name in goal.restart else 0) | (_EXTEND if name in goal.extend else 0)
        return b

    return {
        t.name: (
            bits(t.name, event=True),
            0 if t.target is None else bits(t.target, event=False),
            t.target,
        )
        for t in workflow.transitions
    }


def _plan(policy: Policy) -> list[tuple[Goal, _Actions]]:
    """The policy's goals with their compiled actions, cached on the policy."""
    cache = policy._cache
    plan = cache.get("plan")
    if plan is None:
        plan = cache["plan"] = [(g, _actions(g, policy.workflow)) for g in policy.goals]
    return cast(list[tuple[Goal, _Actions]], plan)


def _replay(
    goal: Goal,
    actions: _Actions,
    case: Case,
    received: dt.datetime,
    at: dt.datetime,
    moments: list[dt.datetime] | None,
) -> tuple[_Run, str]:
    """Replay the history up to ``at`` for one goal: when its clock started, paused, stopped.

    ``moments`` are the events' local times, or ``None`` when the case's times are naive
    (already local). Returns the run and the case's state at ``at``.
    """
    pause = goal.pause
    started: dt.datetime | None = None
    start_cause = stop_cause = ""
    stopped: dt.datetime | None = None
    cancelled: dt.datetime | None = None
    timeline: list[_Pause | _Extension] = []
    restarts = 0
    open_pause: _Pause | None = None
    state = case.workflow.initial
    if state in goal.start:
        started, start_cause = received, f"received (state {state!r})"
        if state in pause:
            open_pause = _Pause(received, None, state)
            timeline.append(open_pause)
    for n, event in enumerate(case.history):
        if event.at > at:
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
                if not bits & _START:
                    continue
            elif bits & _RESTART:
                restarts += 1
            else:
                continue
        elif bits & _RESTART:
            restarts += 1
        else:
            if bits & _STOP:
                stopped, stop_cause = local, event.name
            elif bits & _CANCEL:
                cancelled, stop_cause = local, event.name
            if stopped is not None or cancelled is not None:
                if open_pause is not None:
                    open_pause.end = local
                    open_pause = None
                continue
            if bits & _EXTEND and event.extension is not None:
                timeline.append(_Extension(local, event.extension, event))
            if after in pause:
                if open_pause is None:
                    open_pause = _Pause(local, None, after)
                    timeline.append(open_pause)
            elif open_pause is not None:
                open_pause.end = local
                open_pause = None
            continue
        # A (re)start: the clock runs from zero.
        started, start_cause = local, event.name
        stopped = cancelled = None
        timeline = []
        open_pause = None
        if after in pause:
            open_pause = _Pause(local, None, after)
            timeline.append(open_pause)
    run = _Run(started, start_cause, stopped, stop_cause, cancelled, timeline, restarts)
    return run, state


# -- clocks: positions and deadlines per kind of limit -----------------------------------


def _index(t: Tables, m: dt.datetime) -> int:
    i = m.toordinal() - t.base
    if not 0 <= i < t.n:
        raise t.uncovered(m.year)
    return i


def _work(t: Tables, m: dt.datetime) -> int:
    """Working microseconds up to ``m`` (``Tables.working_us``, inlined: it is the hot path)."""
    i = m.toordinal() - t.base
    if not 0 <= i < t.n:
        raise t.uncovered(m.year)
    us = (m.hour * 3600 + m.minute * 60 + m.second) * US_PER_SECOND + m.microsecond
    total = t.cum_us[i]
    for b, e in t.sessions[i]:
        if us <= b:
            break
        total += (us if us < e else e) - b
    return total


def _days_begun(t: Tables, m: dt.datetime) -> int:
    """Working days whose first working moment is before ``m``."""
    i = _index(t, m)
    sessions = t.sessions[i]
    return t.cum_work[i] + (1 if sessions and us_of_day(m) > sessions[0][0] else 0)


def _clock_us(cal: Calendar, a: dt.datetime, b: dt.datetime) -> int:
    """Elapsed microseconds between two local times."""
    zone = cal.zone
    span = b.replace(tzinfo=zone).astimezone(dt.UTC) - a.replace(tzinfo=zone).astimezone(dt.UTC)
    return span // dt.timedelta(microseconds=1)


def _clock_add(cal: Calendar, m: dt.datetime, us: int) -> dt.datetime:
    zone = cal.zone
    end = m.replace(tzinfo=zone).astimezone(dt.UTC) + dt.timedelta(microseconds=us)
    return end.astimezone(zone).replace(tzinfo=None)


def _held(cal: Calendar, limit: Duration, a: dt.datetime, b: dt.datetime) -> int:
    """What a pause from ``a`` to ``b`` gives back, in the limit's own unit."""
    t = cal._tables
    if isinstance(limit, WorkingDays):
        return _days_begun(t, b) - _days_begun(t, a)
    if isinstance(limit, WorkingHours):
        return _work(t, b) - _work(t, a)
    if isinstance(limit, ClockTime):
        return _clock_us(cal, a, b)
    return (b.date() - a.date()).days  # calendar days and months: midnights on hold


def _deadline(
    cal: Calendar,
    start: dt.datetime,
    limit: Duration,
    held: int,
    extensions: list[Duration],
    day_end: DayEnd,
) -> dt.datetime:
    t = cal._tables
    kind = type(limit)
    same = [e for e in extensions if type(e) is kind] if extensions else extensions
    other = [e for e in extensions if type(e) is not kind] if extensions else []
    if isinstance(limit, WorkingDays):
        n = limit.days + held + sum(e.days for e in same if isinstance(e, WorkingDays))
        end = _end_of(t, t.nth_workday(_index(t, start), n), day_end)
    elif isinstance(limit, WorkingHours | ClockTime):
        seconds = limit.seconds + sum(e.seconds for e in same if isinstance(e, type(limit)))
        total = seconds * US_PER_SECOND + held
        if isinstance(limit, ClockTime):
            end = _clock_add(cal, start, total)
        else:
            end = start if total == 0 else moment_at(t, *t.locate_end(_work(t, start) + total))
    elif isinstance(limit, CalendarDays):
        days = limit.days + held + sum(e.days for e in same if isinstance(e, CalendarDays))
        end = _local_deadline(cal, start, CalendarDays(days), day_end)
    else:
        assert isinstance(limit, Months)
        months = limit.months + sum(e.months for e in same if isinstance(e, Months))
        end = _local_deadline(cal, start, Months(months), day_end)
        if held:
            other.insert(0, CalendarDays(held))
    # An extension in another unit is a further period, counted from the deadline it extends.
    for e in other:
        end = _local_deadline(cal, end, e, day_end)
    return end


def _shift_back(cal: Calendar, end: dt.datetime, by: Duration, day_end: DayEnd) -> dt.datetime:
    """The moment ``by`` before ``end``, counted on the calendar by the unit of ``by``."""
    t = cal._tables
    if isinstance(by, WorkingDays):
        i = _index(t, end)
        us = us_of_day(end)
        sessions = t.sessions[i]
        if sessions and us > sessions[0][0]:
            k = t.nth_workday(i, -by.days) if by.days else i
            return moment_at(t, k, min(us, t.close_us[k]))
        last = t.nth_workday(i, -1)  # the working day this deadline closes
        k = t.nth_workday(last, -by.days) if by.days else last
        return _end_of(t, k, day_end)
    if isinstance(by, WorkingHours):
        target = _work(t, end) - by.seconds * US_PER_SECOND
        return moment_at(t, 0, 0) if target <= 0 else moment_at(t, *t.locate_end(target))
    if isinstance(by, ClockTime):
        return _clock_add(cal, end, -by.seconds * US_PER_SECOND)
    if isinstance(by, CalendarDays):
        return end - dt.timedelta(days=by.days)
    assert isinstance(by, Months)
    return end - relativedelta(months=by.months)


# What _status returns: the status, the local deadline, and what pauses gave back.
_Outcome = tuple[GoalStatus, dt.datetime | None, int]


_ZERO = dt.timedelta(0)


_ONE_US = dt.timedelta(microseconds=1)
_DAY_US = 86_400 * US_PER_SECOND


def _us(us: int) -> dt.timedelta:
    return _ONE_US * us


def _status(
    cal: Calendar,
    goal: Goal,
    target: Target,
    limit: Duration,
    run: _Run,
    at: dt.datetime,
    warnings: Warnings,
    day_end: DayEnd,
    out: Callable[[dt.datetime], dt.datetime] | None,
) -> _Outcome:
    if run.started is None:
        status = GoalStatus(
            goal.name, target, limit, ClockState.NOT_STARTED, None, None, None, None, (),
            _ZERO, _ZERO, _ZERO, _ZERO, Card.NONE, None, (), False,
        )  # fmt: skip
        return status, None, 0
    start = run.started
    end_m = run.stopped or run.cancelled or at
    held = 0
    applied: list[Duration] = []
    open_counted = False
    on_hold = 0
    t = cal._tables
    if not run.timeline and type(limit) is WorkingDays:
        # The common case, a working-day limit with no pause or extension: the deadline is
        # the end of the k-th working day, whose working time is a table entry.
        i = start.toordinal() - t.base
        if not 0 <= i < t.n:
            raise t.uncovered(start.year)
        n = limit.days
        k = t.cum_work[i + 1] + n - 1 if n else t.cum_work[i]  # Tables.nth_workday, inlined
        if k >= len(t.work_days):
            raise t.beyond()
        k = t.work_days[k]
        end = t.closes[k] if day_end is DayEnd.CLOSE_OF_BUSINESS else moment_at(t, k, _DAY_US)
        m_deadline = t.cum_us[k + 1]
        m_start = _work(t, start)
        m_end = m_start if end_m is start else _work(t, end_m)
    else:
        end = _deadline(cal, start, limit, 0, applied, day_end)
        for item in run.timeline:
            when = item.start if isinstance(item, _Pause) else item.at
            if when > end:
                item.counted = False
                continue
            item.counted = True
            if isinstance(item, _Pause):
                held += _held(cal, limit, item.start, item.end or end_m)
                open_counted = item.end is None
            else:
                applied.append(item.amount)
            end = _deadline(cal, start, limit, held, applied, day_end)
        measure = _measure(cal, limit)
        for item in run.timeline:
            if isinstance(item, _Pause):
                on_hold += measure(item.end or end_m) - measure(item.start)
        m_end, m_start, m_deadline = measure(end_m), measure(start), measure(end)
    elapsed = m_end - m_start - on_hold
    remaining = max(0, m_deadline - m_end)
    overdue = max(0, m_end - m_deadline)

    if run.cancelled is not None:
        state = ClockState.CANCELLED
    elif run.stopped is not None:
        state = ClockState.MET if run.stopped <= end else ClockState.BREACHED
    elif open_counted:
        state = ClockState.PAUSED
    elif at > end:
        state = ClockState.BREACHED
    else:
        state = ClockState.RUNNING
    breached = state is ClockState.BREACHED

    allowed = elapsed + remaining - overdue
    used = elapsed / allowed if allowed > 0 else None
    reached = (
        tuple(x for x in warnings.thresholds if used >= x)
        if warnings.thresholds and used is not None
        else ()
    )
    severe = bool(
        warnings.severe_multiple and allowed > 0 and elapsed >= warnings.severe_multiple * allowed
    )
    card = Card.NONE
    if breached:
        card = Card.RED
    elif (
        (state is ClockState.RUNNING or state is ClockState.PAUSED)
        and warnings.yellow_before is not None
        and at >= _shift_back(cal, end, warnings.yellow_before, day_end)
    ):
        card = Card.YELLOW
    stopped = run.stopped or run.cancelled
    provisional_years = cal.provisional_years
    provisional = bool(provisional_years) and bool(
        {start.year, end.year, end_m.year} & provisional_years
    )
    if out is None:  # naive local times: nothing to convert
        one = _ONE_US
        status = GoalStatus(
            goal.name, target, limit, state, start, stopped, end, end if breached else None,
            tuple(applied), one * elapsed, one * remaining, one * overdue, one * on_hold, card,
            used, reached, severe, provisional,
        )  # fmt: skip
        return status, end, held
    status = GoalStatus(
        goal.name,
        target,
        limit,
        state,
        out(start),
        None if stopped is None else out(stopped),
        out(end),
        out(end) if breached else None,
        tuple(applied),
        _us(elapsed),
        _us(remaining),
        _us(overdue),
        _us(on_hold),
        card,
        used,
        reached,
        severe,
        provisional,
    )
    return status, end, held


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)


def _measure(cal: Calendar, limit: Duration) -> Callable[[dt.datetime], int]:
    """Microseconds on the limit's clock (working time, or elapsed time) up to a moment."""
    t = cal._tables
    if isinstance(limit, WorkingDays | WorkingHours):
        return lambda m: _work(t, m)
    zone = cal.zone
    return lambda m: (m.replace(tzinfo=zone).astimezone(dt.UTC) - _EPOCH) // _US


def _targets(goal: Goal, case: Case) -> Iterator[tuple[Target, Duration]]:
    limit = goal.limit_for(case)
    if limit is None:
        return
    yield Target.STATUTORY, limit.limit
    if limit.promised is not None:
        yield Target.PROMISED, limit.promised


def _prepare(
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
        raise ValueError(
            f"case {case.id!r} follows workflow {case.workflow.name!r} but policy "
            f"{policy.name!r} is for {policy.workflow.name!r}"
        )
    if not isinstance(at, dt.datetime):
        raise TypeError(f"'at' must be a datetime.datetime (got {at!r})")
    like = case.received
    if (at.tzinfo is None) != (like.tzinfo is None):
        raise ValueError(
            f"'at' ({at.isoformat()}) must be naive or aware like the case's times "
            f"({like.isoformat()})"
        )
    cal = _calendar(calendar)
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
    cal, local_at, received, moments, out = _prepare(case, policy, at, calendar)
    warnings, day_end = policy.warnings, policy.day_end
    statuses = []
    state = None
    for goal, actions in _plan(policy):
        limit = goal.limit_for(case)
        if limit is None:
            continue
        run, state = _replay(goal, actions, case, received, at, moments)
        statuses.append(
            _status(
                cal, goal, Target.STATUTORY, limit.limit, run, local_at, warnings, day_end, out
            )[0]
        )
        if limit.promised is not None:
            statuses.append(
                _status(
                    cal,
                    goal,
                    Target.PROMISED,
                    limit.promised,
                    run,
                    local_at,
                    warnings,
                    day_end,
                    out,
                )[0]
            )
    if state is None:
        state = _state_at(case, at)
    return Evaluation(case.id, state, at, tuple(statuses))


def _state_at(case: Case, at: dt.datetime) -> str:
    state = case.workflow.initial
    for event in case.history:
        if event.at > at:
            break
        t = case.workflow.transition(event.name)
        if t is not None and t.target is not None:
            state = t.target
    return state


# -- explanations -------------------------------------------------------------------------


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
        days_off: the days off inside it, with their reasons.
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
            span = f"{_stamp(seg.start)} -> {_stamp(seg.end)}"
            lines.append(f"{seg.kind:<9} {span}  {seg.cause}")
            lines.append(f"{'':<10}{seg.note}")
            for run in _day_runs(seg.days_off):
                lines.append(f"{'':<10}{run}")
        lines += [f"note      {n}" for n in self.notes]
        assert s.deadline is not None
        lines.append(f"deadline  {_stamp(s.deadline)}: {self.reckoning}")
        verdict = s.state.value
        if s.stopped is not None:
            verdict += f" at {_stamp(s.stopped)}"
        if s.overdue:
            verdict += f", {_span(s.overdue)} over"
        elif s.state is not ClockState.CANCELLED:
            verdict += f", {_span(s.remaining)} left"
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
        KeyError: the policy has no such goal, or it does not apply to the case.
    """
    cal, local_at, received, moments, out = _prepare(case, policy, at, calendar)
    the_goal = policy.goal(goal)
    want = Target(target)
    limits = dict(_targets(the_goal, case))
    if want not in limits:
        raise KeyError(f"goal {goal!r} has no {want.value} limit for case {case.id!r}")
    limit = limits[want]
    actions = dict(_plan(policy))[the_goal]
    run, _ = _replay(the_goal, actions, case, received, at, moments)
    status, local_deadline, held = _status(
        cal, the_goal, want, limit, run, local_at, policy.warnings, policy.day_end, out
    )
    if run.started is None or local_deadline is None:
        return GoalExplanation(case.id, the_goal, status, (), (), str(limit))
    end_m = run.stopped or run.cancelled or local_at
    measure = _measure(cal, limit)
    unit = "working time" if isinstance(limit, WorkingDays | WorkingHours) else "elapsed time"

    def counted(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        return dt.timedelta(microseconds=measure(b) - measure(a))

    def days_off(a: dt.datetime, b: dt.datetime) -> tuple[DayInfo, ...]:
        if b.date() < a.date():
            return ()
        return tuple(d for d in cal.days(a.date(), b.date()) if not d.is_workday)

    wf = case.workflow
    segments: list[Segment] = []
    notes: list[str] = []
    if run.restarts:
        notes.append(f"the clock was restarted {run.restarts} time(s); this is its last run")
    cursor, cause = run.started, f"started on {_event_label(wf, run.start_cause)}"
    for item in run.timeline:
        if isinstance(item, _Extension):
            if item.counted:
                notes.append(
                    f"{item.event.name} at {_stamp(item.at)} extended the limit by {item.amount}"
                )
            else:
                notes.append(
                    f"{item.event.name} at {_stamp(item.at)} came after the deadline: "
                    f"its {item.amount} was not applied"
                )
            continue
        if item.start > cursor:
            segments.append(_running(cursor, item.start, cause, counted, days_off, unit))
        p_end = item.end or end_m
        amount = _held(cal, limit, item.start, p_end)
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
    reckoning = [f"{limit} from {_stamp(run.started)}"]
    if held:
        reckoning.append(_given_back(limit, held) + " given back by pauses")
    reckoning += [f"{e} of extension" for e in status.extensions]
    return GoalExplanation(
        case.id, the_goal, status, tuple(segments), tuple(notes), " + ".join(reckoning)
    )


def _running(
    a: dt.datetime,
    b: dt.datetime,
    cause: str,
    counted: Callable[[dt.datetime, dt.datetime], dt.timedelta],
    days_off: Callable[[dt.datetime, dt.datetime], tuple[DayInfo, ...]],
    unit: str,
) -> Segment:
    c = counted(a, b)
    return Segment("running", a, b, cause, c, f"counts {_span(c)} of {unit}", days_off(a, b))


def _event_label(wf: Workflow, name: str) -> str:
    text = wf.label(name)
    return name if text == name else f"{name} ({text})"


def _given_back(limit: Duration, amount: int) -> str:
    if isinstance(limit, WorkingDays):
        return f"{amount} working day(s)"
    if isinstance(limit, CalendarDays | Months):
        return f"{amount} calendar day(s) (midnights on hold)"
    kind = "working time" if isinstance(limit, WorkingHours) else "elapsed time"
    return f"{_span(dt.timedelta(microseconds=amount))} of {kind}"


def _day_runs(days: tuple[DayInfo, ...]) -> list[str]:
    lines = []
    for r in day_runs(days):
        when = str(r[0].date) if len(r) == 1 else f"{r[0].date}..{r[-1].date}"
        lines.append(f"off {when}: {r[0].reason}")
    return lines


_WEEK = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _stamp(m: dt.datetime) -> str:
    text = f"{m:%Y-%m-%d %H:%M} {_WEEK[m.weekday()]}"
    return text + (f" {m:%z}" if m.tzinfo is not None else "")


def _span(d: dt.timedelta) -> str:
    """Hours and minutes; never days, which would read as 24 hours of working time."""
    minutes = int(d.total_seconds() // 60)
    return f"{minutes // 60}h{minutes % 60:02d}"
