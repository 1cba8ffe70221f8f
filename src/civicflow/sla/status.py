"""SLA clocks: where one goal's replayed clock stands at an instant, as a :class:`GoalStatus`.

The history is replayed by :mod:`civicflow.sla.replay`, measured on the calendar by
:mod:`civicflow.sla._clock` and read here (:func:`goal_status`); how a pause moves each kind
of limit is set out in ``docs/sla.md``. :mod:`civicflow.sla.evaluation` evaluates every
goal of a policy on a case.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

import attrs

from civicflow._arguments import guard
from civicflow.calendars._tables import US_PER_SECOND, moment_at, us_of_day
from civicflow.calendars.calendar import Calendar
from civicflow.calendars.statutory import statutory_data
from civicflow.errors import CalendarCoverageError, NotFoundError
from civicflow.limits.duration import Duration, WorkingDays
from civicflow.limits.rules import DayEnd, parse_option
from civicflow.sla._clock import deadline_of, held_between, measure, shift_back, work
from civicflow.sla._text import amount, stamp
from civicflow.sla.policy import Goal, Target, Warnings
from civicflow.sla.replay import Extension, Pause, Run

__all__ = [
    "Card",
    "ClockState",
    "Evaluation",
    "GoalStatus",
    "awaiting",
    "goal_status",
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
    #: Not known yet: the clock ran past the end of the holiday data before its deadline
    #: could be found (:attr:`GoalStatus.awaiting_notice` names the year it waits for).
    UNKNOWN = "unknown"


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
        remaining: time left on the clock (at the stop, for a stopped goal); ``None`` when it
            is not known: the deadline lies beyond the holiday data (see ``awaiting_notice``).
        overdue: time past the deadline (at the stop, for a stopped goal).
        on_hold: time the clock was paused.
        card: the warning card.
        used: elapsed as a fraction of the allowed time, or ``None`` if none is allowed.
        thresholds: the warning thresholds reached.
        severe: whether the time used reached the severe multiple of the allowed time.
        provisional: whether the clock's span or deadline touches a provisional year of the
            calendar (holidays by the law alone, no notice yet): the deadline may move.
        awaiting_notice: the year whose holiday data the status lacks, or ``None`` when
            nothing is missing. For a year after the data, it is the year of the State
            Council notice the goal waits for. Then either the deadline lies beyond the
            data (``deadline`` is ``None``; the state, met, running, paused or cancelled,
            is known because everything the clock did lies inside the data, but the time
            left is not, and ``remaining`` is ``None``), or the goal was breached inside the
            data and ``elapsed`` and ``overdue`` are counted up to the end of the data, or
            the state itself is :attr:`ClockState.UNKNOWN`.
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
    remaining: dt.timedelta | None
    overdue: dt.timedelta
    on_hold: dt.timedelta
    card: Card
    used: float | None
    thresholds: tuple[float, ...]
    severe: bool
    provisional: bool = False
    awaiting_notice: int | None = None

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
            NotFoundError: the goal does not apply to the case (or has no such target).
        """
        want = parse_option(Target, target, "target")
        for status in self.goals:
            if status.goal == name and status.target is want:
                return status
        have = ", ".join(f"{s.goal} ({s.target.value})" for s in self.goals) or "none"
        raise NotFoundError(
            f"case {self.case_id!r} has no {want.value} goal {name!r}; it has: {have}"
        )

    def __str__(self) -> str:
        lines = [f"case {self.case_id} in state {self.state!r} at {stamp(self.at)}"]
        for s in self.goals:
            name = s.goal if s.target is Target.STATUTORY else f"{s.goal} (promised)"
            due = stamp(s.deadline) if s.deadline is not None else "-"
            flags = []
            if s.card is not Card.NONE:
                flags.append(f"{s.card.value} card")
            if s.severe:
                flags.append("severely overdue")
            if s.provisional:
                flags.append("provisional")
            if s.awaiting_notice is not None:
                flags.append(awaiting(s))
            if s.thresholds:
                flags.append("reached " + ", ".join(f"{x:.0%}" for x in s.thresholds))
            if s.state in (ClockState.NOT_STARTED, ClockState.CANCELLED) or s.deadline is None:
                left = ""
            elif s.overdue:
                left = f"{amount(s.overdue, s.limit)} over"
            else:
                left = f"{amount(s.remaining or _ZERO, s.limit)} left"
            line = f"  {name:<22} {s.state.value:<11} due {due:<26} {left}"
            if flags:
                line += "  [" + "; ".join(flags) + "]"
            lines.append(line.rstrip())
        return "\n".join(lines)


# -- the scan of a case's history --------------------------------------------------------


def awaiting(s: GoalStatus) -> str:
    """What a status lacks for want of holiday data, in words."""
    year = s.awaiting_notice
    # equivalent ">=": a status never awaits the first year of the data, which every calendar has
    after = year is not None and year > statutory_data().first_year
    what = f"the {year} notice" if after else f"data for {year}"
    if s.deadline is None:
        return f"deadline not known until {what} is loaded"
    return f"time counted to the end of the holiday data; the rest needs {what}"


# -- reading a replayed clock -----------------------------------------------------------

_ZERO = dt.timedelta(0)
_ONE_US = dt.timedelta(microseconds=1)
_DAY_US = 86_400 * US_PER_SECOND

#: Where a replayed clock stands, in microseconds on the limit's own clock: the local
#: deadline, what pauses gave back, the extensions applied, whether an open pause counts,
#: and the positions of the start, of the end of the run and of the deadline, and the time
#: on hold.
_Positions = tuple[dt.datetime, int, list[Duration], bool, int, int, int, int]


def _positions(
    cal: Calendar, limit: Duration, run: Run, start: dt.datetime, end_m: dt.datetime,
    day_end: DayEnd,
) -> _Positions:  # fmt: skip
    """Replay the pauses and extensions in time order against the deadline as it stood."""
    t = cal.tables
    if not run.timeline and type(limit) is WorkingDays:
        # The common case, a working-day limit with no pause or extension: the deadline is
        # the end of the k-th working day, whose working time is a table entry.
        i = start.toordinal() - t.base
        if not 0 <= i < t.n:
            i = t.index(start)  # grows the tables of a calendar without the national layer
        if t.carry[i] and us_of_day(start) < t.carry[i]:
            i -= 1  # during a night session begun the day before: that day's moment
        n = limit.days
        k = t.cum_work[i + 1] + n - 1 if n else t.cum_work[i]  # Tables.nth_workday, inlined
        k = t.work_days[k] if k + 1 < len(t.work_days) else t.nth_workday(i, n)
        end = t.closes[k] if day_end is DayEnd.CLOSE_OF_BUSINESS else moment_at(t, k, _DAY_US)
        m_start = work(t, start)
        m_end = m_start if end_m is start else work(t, end_m)  # equivalent "and False": the same
        w_end = t.cum_us[k + 1]
        if day_end is DayEnd.CLOSE_OF_BUSINESS and k + 1 < t.n:
            w_end += t.carry[k + 1]  # a night session's time after midnight
        return end, 0, [], False, m_start, m_end, w_end, 0
    applied: list[Duration] = []
    given_back = 0
    open_counted = False  # equivalent "None": the flag is only tested for truth
    end = deadline_of(cal, start, limit, 0, applied, day_end)
    for item in run.timeline:
        when = item.start if isinstance(item, Pause) else item.at
        if when > end:
            item.counted = False  # equivalent "None": the mark is only tested for truth
            continue
        item.counted = True
        if isinstance(item, Pause):
            given_back += held_between(cal, limit, item.start, item.end or end_m)
            open_counted = item.end is None
        else:
            applied.append(item.amount)
        end = deadline_of(cal, start, limit, given_back, applied, day_end)
    at = measure(cal, limit)
    on_hold = 0
    for item in run.timeline:
        if isinstance(item, Pause):
            on_hold += at(item.end or end_m) - at(item.start)
    return end, given_back, applied, open_counted, at(start), at(end_m), at(end), on_hold


def _state(run: Run, end: dt.datetime, at: dt.datetime, open_counted: bool) -> ClockState:
    if run.cancelled is not None:
        return ClockState.CANCELLED
    if run.stopped is not None:
        return ClockState.MET if run.stopped <= end else ClockState.BREACHED
    if open_counted:
        return ClockState.PAUSED
    return ClockState.BREACHED if at > end else ClockState.RUNNING


def _card(
    cal: Calendar, state: ClockState, end: dt.datetime, at: dt.datetime, warnings: Warnings,
    day_end: DayEnd,
) -> Card:  # fmt: skip
    if state is ClockState.BREACHED:
        return Card.RED
    if (state is ClockState.RUNNING or state is ClockState.PAUSED) and (
        warnings.yellow_before is not None
    ):
        try:
            yellow_from = shift_back(cal, end, warnings.yellow_before, day_end)
        except CalendarCoverageError:  # before the first day of data: every moment after it
            return Card.YELLOW
        if at >= yellow_from:
            return Card.YELLOW
    return Card.NONE


#: What goal_status returns: the status, the local deadline, and what pauses gave back.
Outcome = tuple[GoalStatus, dt.datetime | None, int]


def goal_status(
    cal: Calendar,
    goal: Goal,
    target: Target,
    limit: Duration,
    run: Run,
    at: dt.datetime,
    warnings: Warnings,
    day_end: DayEnd,
    out: Callable[[dt.datetime], dt.datetime] | None,
) -> Outcome:
    """The status of one goal's replayed clock at local instant ``at``.

    ``out`` converts local times back to the case's zone, or is ``None`` for naive cases.
    """
    if run.started is None:
        status = GoalStatus(
            goal.name, target, limit, ClockState.NOT_STARTED, None, None, None, None, (),
            _ZERO, _ZERO, _ZERO, _ZERO, Card.NONE, None, (), False,
        )  # fmt: skip
        # equivalent "None, 1": what pauses gave back is read only for a clock that started
        return status, None, 0
    try:
        return _read(cal, goal, target, limit, run, at, warnings, day_end, out)
    except CalendarCoverageError as error:
        return _beyond_data(cal, goal, target, limit, run, at, warnings, day_end, out, error)


def _read(
    cal: Calendar,
    goal: Goal,
    target: Target,
    limit: Duration,
    run: Run,
    at: dt.datetime,
    warnings: Warnings,
    day_end: DayEnd,
    out: Callable[[dt.datetime], dt.datetime] | None,
) -> Outcome:
    """The status of a started clock whose span and deadline the calendar covers."""
    assert run.started is not None
    start = run.started
    end_m = run.stopped or run.cancelled or at
    end, given_back, applied, open_counted, m_start, m_end, m_deadline, on_hold = _positions(
        cal, limit, run, start, end_m, day_end
    )
    elapsed = m_end - m_start - on_hold
    remaining = max(0, m_deadline - m_end)
    overdue = max(0, m_end - m_deadline)
    state = _state(run, end, at, open_counted)
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
    card = _card(cal, state, end, at, warnings, day_end)
    stopped = run.stopped or run.cancelled
    provisional_years = cal.provisional_years
    provisional = bool(provisional_years) and bool(
        {start.year, end.year, end_m.year} & provisional_years
    )
    one = _ONE_US
    if out is None:  # naive local times: nothing to convert
        status = GoalStatus(
            goal.name, target, limit, state, start, stopped, end, end if breached else None,
            tuple(applied), one * elapsed, one * remaining, one * overdue, one * on_hold, card,
            used, reached, severe, provisional,
        )  # fmt: skip
        return status, end, given_back
    status = GoalStatus(
        goal.name, target, limit, state, out(start), None if stopped is None else out(stopped),
        out(end), out(end) if breached else None, tuple(applied), one * elapsed,
        one * remaining, one * overdue, one * on_hold, card, used, reached, severe, provisional,
    )  # fmt: skip
    return status, end, given_back


def _beyond_data(
    cal: Calendar,
    goal: Goal,
    target: Target,
    limit: Duration,
    run: Run,
    at: dt.datetime,
    warnings: Warnings,
    day_end: DayEnd,
    out: Callable[[dt.datetime], dt.datetime] | None,
    error: CalendarCoverageError,
) -> Outcome:
    """What is known of a clock that needs days the calendar has no data for.

    Everything the clock did inside the data is counted; what lies beyond it is not guessed.
    """
    assert run.started is not None
    t = cal.tables
    edge = dt.datetime.fromordinal(t.base + t.n)  # the first moment past the data
    # After the data, the notice awaited is the next one, whatever year the deadline needs.
    start, year = run.started, min(error.year, edge.year)
    end_m = run.stopped or run.cancelled or at
    convert = out or (lambda m: m)
    stopped = run.stopped or run.cancelled
    provisional = bool({start.year, min(end_m, edge).year} & cal.provisional_years)
    unknown = GoalStatus(
        goal.name, target, limit, ClockState.UNKNOWN, convert(start),
        None if stopped is None else convert(stopped), None, None, (), _ZERO, None, _ZERO,
        _ZERO, Card.NONE, None, (), False, provisional, year,
    )  # fmt: skip
    # equivalent "start <= edge": a clock that starts at the first moment past the data runs
    # past it, so _read refuses it below and the status is unknown all the same
    if not dt.datetime.fromordinal(t.base) <= start < edge:
        # equivalent "None, 1": what pauses gave back is read by nothing for this clock
        return unknown, None, 0
    if end_m < edge:
        # The clock's whole run lies inside the data: only its deadline lies beyond it, so
        # the deadline is later than anything the clock did.
        at_ = measure(cal, limit)
        on_hold = 0
        for item in run.timeline:
            item.counted = True  # equivalent: the marks of a run past the data are read by no one
            if isinstance(item, Pause):
                on_hold += at_(item.end or end_m) - at_(item.start)
        applied = tuple(i.amount for i in run.timeline if not isinstance(i, Pause))
        if run.cancelled is not None:
            state = ClockState.CANCELLED
        elif run.stopped is not None:
            state = ClockState.MET
        elif any(isinstance(i, Pause) and i.end is None for i in run.timeline):
            state = ClockState.PAUSED
        else:
            state = ClockState.RUNNING
        elapsed = at_(end_m) - at_(start) - on_hold
        status = attrs.evolve(
            unknown, state=state, extensions=applied, elapsed=_ONE_US * elapsed,
            on_hold=_ONE_US * on_hold,
        )  # fmt: skip
        # equivalent "None, 1": what pauses gave back is read by nothing for this clock
        return status, None, 0
    # The run goes past the data: a goal already breached by the end of the data stays
    # breached (a late stop is late, a pause after the deadline gives nothing back).
    timeline: list[Pause | Extension] = [
        # equivalent "edge else None, None)": _read reads a pause's times, not its state
        Pause(i.start, i.end if i.end is not None and i.end < edge else None, i.state)
        if isinstance(i, Pause)
        else i
        for i in run.timeline
        if (i.start if isinstance(i, Pause) else i.at) < edge
    ]
    # _read measures the times and the timeline of the run, not its causes nor its restarts:
    # equivalent "Run(start, None, None,", "cause, None, None, None", "XXXX", "timeline, None)": unread
    inside = Run(start, run.start_cause, None, "", None, timeline, run.restarts)
    last = edge - _ONE_US
    try:
        status, end, given_back = _read(
            cal, goal, target, limit, inside, last, warnings, day_end, out
        )
    except CalendarCoverageError:
        # equivalent "None, 1": what pauses gave back is read by nothing for this clock
        return unknown, None, 0
    if status.state is not ClockState.BREACHED:
        # equivalent "None, 1": what pauses gave back is read by nothing for this clock
        return unknown, None, 0
    state = ClockState.CANCELLED if run.cancelled is not None else ClockState.BREACHED
    status = attrs.evolve(
        status,
        state=state,
        stopped=unknown.stopped,
        breached_at=status.breached_at if state is ClockState.BREACHED else None,
        card=Card.RED if state is ClockState.BREACHED else Card.NONE,
        awaiting_notice=year,
    )
    return status, end, given_back


guard(globals())
