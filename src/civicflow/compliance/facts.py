"""The facts of one case as of an instant: which counts it adds one to, its handling time, its grade.

A case's facts are read from its goals' clocks (:func:`~civicflow.evaluate`) and its events,
through the :class:`Indicators` of its policy: which goal is the handling, which events park,
merge, extend, return, rework or reopen it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.errors import ArgumentError, FieldError, NotFoundError
from civicflow.limits._local import resolve_calendar
from civicflow.sla.cycles import cycles
from civicflow.sla.evaluation import evaluate, prepare, state_at
from civicflow.sla.policy import Policy, Target
from civicflow.sla.replay import plan, replay
from civicflow.sla.status import Card, ClockState, GoalStatus, goal_status

__all__ = [
    "CALLBACK_QUESTIONS",
    "COUNTS",
    "GRADES",
    "NO",
    "YES",
    "CaseFacts",
    "Facts",
    "Indicators",
    "case_facts",
    "hotline_indicators",
    "licence_indicators",
    "preset_indicators",
    "rating_indicators",
    "urban_indicators",
]

#: The answers a callback field may hold: yes, then no (case and spaces matter: "是", "yes").
YES = ("是", "yes", "y", "true", "1")
NO = ("否", "no", "n", "false", "0")

#: The callback questions: the count of cases asked, the count that answered yes, and the
#: default field of the answer (Indicators.callback_fields renames the fields).
CALLBACK_QUESTIONS = (
    ("callback_response", "callback_responded"),
    ("callback_resolution", "callback_resolved"),
    ("callback_satisfaction", "callback_satisfied"),
)

#: The five grades of 好差评 (GB/T 39734-2020), best first.
GRADES = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")

#: The counts a tally keeps, in report order (``docs/indicators/counts.md``).
COUNTS = (
    "received",
    "due",
    "closed",
    "closed_on_time",
    "open",
    "open_overdue",
    "open_at_risk",
    "parked",
    "parked_due",
    "merged",
    "cancelled",
    "extended",
    "returned",
    "reworked",
    "reworked_thrice",
    "reopened",
    "restarted",
    "first_due",
    "right_first_time",
    "urgent_due",
    "urgent_closed",
    "urgent_closed_on_time",
    "urgent_parked_due",
    "can_extend",
    "can_return",
    "rework_base",
    "reopen_base",
    "signed",
    "signed_on_time",
    "rated",
    "rated_good",
    "rated_satisfied",
    "callback_response",
    "callback_responded",
    "callback_resolution",
    "callback_resolved",
    "callback_satisfaction",
    "callback_satisfied",
    "online_throughout",
    "immediate",
    "one_go_base",
    "one_go",
    "window_brought",
    "window_solved",
    "window_rated",
    "window_satisfied",
    "awaiting_notice",
    "provisional",
)


#: The counts repeated for urgent cases (urgent_due, ...).
_URGENT = frozenset({"due", "closed", "closed_on_time", "parked_due"})


def _names(value: Iterable[str] | str) -> frozenset[str]:
    return frozenset((value,) if isinstance(value, str) else value)


@attrs.frozen
class Indicators:
    """Which goals and events of a policy the indicators read.

    Attributes:
        handling: the goal whose clock is the case's handling (closed = stopped; on time =
            met; due = its deadline has come or it is closed).
        sign_for: the goal of signing for, if the workflow has one.
        parked: events that park a case (挂账 / 缓办): a parked case is neither open nor
            closed; one parked after its deadline stays due (``parked_due``).
        merged: events that merge a case into another (并单): it is neither open nor due.
        extended, returned, reworked, reopened: the events behind those counts; a workflow
            without such events has no base for the rate (it is undefined, not 0 %).
        answered: events that end a case at first contact (直接答复), before any handling
            clock starts: such a case is closed on time.
        rated_by: events that record the 好差评 grade (a callback, an evaluation): a grade
            counts only once one of them has happened by the as-of instant. With none, the
            grade counts from receipt (the case is the rating, as in 好差评 rectification).
        rating_field: the case field holding a 好差评 grade.
        callback: events of the callback (回访) whose answers ``callback_fields`` hold:
            they count once one of these events has happened by the as-of instant.
        callback_fields: the case fields holding the callback's three answers, each a yes
            or a no (:data:`YES`, :data:`NO`) or empty when not asked: whether the unit
            responded (联系/响应), whether the problem was solved (解决), whether the caller
            is satisfied (满意).
        online: the channels that count as online (网办), for the case and for each of its
            steps (:attr:`Event.channel <civicflow.Event.channel>`): a closed case is
            handled online throughout (全程网办) when it came in online and every step up to
            its close was done online.
        supplemented: events that ask the applicant for missing materials (一次性告知补正):
            a case closed without one was done in one go (一次办结).
        window: the types of the problems brought to a 办不成事 window (problems the
            applicant could not get done elsewhere): they are counted apart as well.
    """

    handling: str
    sign_for: str | None = None
    parked: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    merged: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    extended: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    returned: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    reworked: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    reopened: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    answered: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    rated_by: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    rating_field: str = "rating"
    callback: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    callback_fields: tuple[str, str, str] = attrs.field(
        default=("responded", "resolved", "satisfied")
    )
    online: frozenset[str] = attrs.field(default=frozenset({"online"}), converter=_names)
    supplemented: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    window: frozenset[str] = attrs.field(default=frozenset(), converter=_names)

    @callback_fields.validator
    def _three(self, attribute: attrs.Attribute[tuple[str, str, str]], value: object) -> None:
        if not (
            isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, str) for v in value)
        ):
            raise ArgumentError(
                "'callback_fields' must be three field names: whether the unit responded, "
                f"whether the problem was solved, whether the caller is satisfied (got {value!r})"
            )


def hotline_indicators() -> Indicators:
    """The indicators of :func:`~civicflow.hotline_policy`."""
    return Indicators(
        "handling",
        "sign-for",
        merged="merge",
        extended="approve_extension",
        returned="return",
        reopened="reopen",
        answered="answer",
        rated_by="call_back",
        callback="call_back",
    )


def urban_indicators() -> Indicators:
    """The indicators of :func:`~civicflow.urban_policy`."""
    return Indicators(
        "handling",
        parked="park",
        extended="extend",
        returned="send_back",
        reworked="rework",
        rated_by="evaluate",
    )


def licence_indicators() -> Indicators:
    """The indicators of :func:`~civicflow.licence_policy`."""
    return Indicators(
        "decision",
        extended="extend",
        rated_by="deliver",
        supplemented="request_supplement",
        window="办不成事",
    )


def rating_indicators() -> Indicators:
    """The indicators of :func:`~civicflow.rating_policy`."""
    return Indicators("rectification", reopened="redo")  # the case is the rating


@attrs.frozen
class CaseFacts:
    """What one case contributes to the counts, as of an instant.

    Attributes:
        received: when the case was received.
        flags: the counts (names from :data:`COUNTS`) this case adds one to.
        handling_minutes: working minutes from the handling clock's start to its stop,
            for a closed case.
        handling_days: working days from the start day (not counted) to the stop day.
        grade: the 好差评 grade, if rated.
    """

    received: dt.datetime
    flags: frozenset[str]
    handling_minutes: int | None = None
    handling_days: int | None = None
    grade: str | None = None


def case_facts(
    case: Case,
    policy: Policy,
    at: dt.datetime,
    indicators: Indicators,
    calendar: Calendar | None = None,
) -> CaseFacts:
    """The facts of ``case`` as of ``at``; :class:`Facts` gives those of many cases faster.

    Raises:
        NotFoundError: ``indicators`` names a goal the policy does not have.
        FieldError: the case's grade is not one of :data:`GRADES` (also a ``ValueError``).
    """
    return Facts(policy, indicators, calendar).of(case, at)


class Facts:
    """The facts of the cases of one policy, found many at a time.

    What does not change from case to case is found once: the goals the indicators read,
    with their compiled clocks, and the calendar. A case is then evaluated on those goals
    alone (its other goals and its promised limits add no count), unless it was reclassified
    or the calendar has provisional years: then on every goal, as :func:`~civicflow.evaluate`
    does, since a limit re-chosen or a provisional mark may come from any of them.

    >>> import datetime as dt
    >>> from civicflow.exchange.documents.synth import synth_cases
    >>> from civicflow.sla.presets import hotline_policy
    >>> facts = Facts(hotline_policy(), hotline_indicators())
    >>> at = dt.datetime(2026, 9, 1)
    >>> cases = list(synth_cases(50, seed=3))
    >>> [facts.of(c, at) for c in cases] == [
    ...     case_facts(c, hotline_policy(), at, hotline_indicators()) for c in cases]
    True

    Raises:
        NotFoundError: ``indicators`` names a goal the policy does not have.
    """

    def __init__(
        self, policy: Policy, indicators: Indicators, calendar: Calendar | None = None
    ) -> None:
        self.policy, self.indicators = policy, indicators
        self.calendar = resolve_calendar(calendar)
        self.handling = policy.goal(indicators.handling)  # a clear error for a wrong name
        read = {indicators.handling}
        if indicators.sign_for is not None:
            policy.goal(indicators.sign_for)
            read.add(indicators.sign_for)
        self.read = [(g, a) for g, a in plan(policy) if g.name in read]

    def statuses(self, case: Case, at: dt.datetime) -> tuple[str, list[GoalStatus]]:
        """The case's state at ``at`` and the statutory status of each goal the indicators
        read (of every goal, for a reclassified case or a provisional calendar)."""
        cal, policy = self.calendar, self.policy
        if case.received_as or cal.provisional_years:
            ev = evaluate(case, policy, at, cal)
            return ev.state, [s for s in ev.goals if s.target is Target.STATUTORY]
        _, local_at, received, moments, out = prepare(case, policy, at, cal)
        warnings, day_end = policy.warnings, policy.day_end
        found = []
        state = None
        for goal, actions in self.read:
            limits = goal.limit_for(case)
            if limits is None:
                continue
            run, state = replay(goal, actions, case, received, at, moments)
            found.append(
                goal_status(
                    cal, goal, Target.STATUTORY, limits.limit, run, local_at, warnings,
                    day_end, out,
                )[0]
            )  # fmt: skip
        return state if state is not None else state_at(case, at), found

    def of(self, case: Case, at: dt.datetime) -> CaseFacts:
        """The facts of ``case`` as of ``at``, as :func:`case_facts` gives them.

        Raises:
            FieldError: the case's grade is not one of :data:`GRADES`.
        """
        cal, indicators, handling = self.calendar, self.indicators, self.handling
        case_state, statuses = self.statuses(case, at)
        seen = {e.name for e in case.history if e.at <= at}
        flags = {"received"}
        minutes = days = None
        closed_at: dt.datetime | None = None  # when the case was closed, in the case's times
        # whether the handling clock says where the case stands; equivalent "None": tested for truth
        placed = False
        for s in statuses:
            if s.provisional:
                flags.add("provisional")
            if s.goal == indicators.handling:
                placed = s.state is not ClockState.NOT_STARTED
                if s.state is ClockState.UNKNOWN:
                    flags.add("awaiting_notice")
                elif s.state is ClockState.CANCELLED:
                    left = (
                        "parked"
                        if seen & indicators.parked
                        else "merged"
                        if seen & indicators.merged
                        else "cancelled"
                    )
                    flags.add(left)
                    # A clock breached before the case left stays due (and a book may take
                    # the parked ones off its base: parked_due).
                    if s.deadline is not None and s.stopped is not None and s.stopped > s.deadline:
                        flags.add("due")
                        if left == "parked":
                            flags.add("parked_due")
                elif s.stopped is not None:
                    flags |= {"closed", "due"}
                    closed_at = s.stopped
                    if s.state is ClockState.MET:
                        flags.add("closed_on_time")
                    # A goal breached inside the data but stopped past it: its handling time is
                    # counted only to the end of the data, so it is left out of the statistics.
                    if s.awaiting_notice is None or s.deadline is None:
                        assert s.started is not None
                        minutes = s.elapsed // dt.timedelta(minutes=1)
                        days = cal.workdays_between(
                            cal.to_local(s.started).date(), cal.to_local(s.stopped).date()
                        )
                elif placed:
                    flags.add("open")
                    if s.state is ClockState.BREACHED:
                        flags |= {"open_overdue", "due"}
                    elif s.card is Card.YELLOW:
                        flags.add("open_at_risk")
            elif s.goal == indicators.sign_for and s.stopped is not None:
                flags.add("signed")
                if s.state is ClockState.MET:
                    flags.add("signed_on_time")
        for name in ("merged", "extended", "returned", "reworked", "reopened"):
            if seen & getattr(indicators, name):
                flags.add(name)
        if not placed and "merged" not in flags:
            if seen & indicators.answered:
                # Ended before the handling clock started: answered at first contact (直接答复).
                flags |= {"closed", "due", "closed_on_time"}
                closed_at = next(
                    e.at for e in case.history if e.at <= at and e.name in indicators.answered
                )
            elif case_state in case.workflow.terminal:
                flags.add("cancelled")  # ended unhandled: discarded, not accepted, voided
            else:
                flags.add("open")  # received, the handling clock not started yet
        if "reworked" in flags:
            reworks = sum(e.name in indicators.reworked for e in case.history if e.at <= at)
            if reworks >= 3:
                flags.add("reworked_thrice")  # failed the check three times or more
        # Every cycle counts: a restarted clock keeps its first cycle's verdict (a case
        # the handling goal does not apply to has no clock to restart).
        again = (
            [e.name for e in case.history if e.at <= at and e.name in handling.restart]
            # equivalent "seen | handling": with no restart seen the list below is empty anyway
            if seen & handling.restart and any(s.goal == handling.name for s in statuses)
            else ()
        )
        if len(again) > (1 if again and again[0] in handling.start else 0):
            first = cycles(case, self.policy, indicators.handling, at, cal)
            if len(first) > 1:
                flags.add("restarted")
                if first[0].state in (ClockState.MET, ClockState.BREACHED):
                    flags.add("first_due")
        if "restarted" not in flags:
            if "due" in flags:
                flags.add("first_due")
            if "closed_on_time" in flags:
                flags.add("right_first_time")
        if case.received_as:
            kind, _, urgency = case.classification_at(at)
        else:
            kind, urgency = case.type, case.urgency
        if urgency == "urgent":
            flags |= {f"urgent_{n}" for n in _URGENT & flags}
        if indicators.window and kind in indicators.window:
            flags.add("window_brought")
            if closed_at is not None:
                flags.add("window_solved")
        # The bases of the event rates exist only where the workflow has the event.
        if indicators.extended:
            flags.add("can_extend")
        if indicators.returned:
            flags.add("can_return")
        if indicators.reworked and flags & {"closed", "reworked"}:
            flags.add("rework_base")
        if indicators.reopened and flags & {"closed", "reopened"}:
            flags.add("reopen_base")
        if closed_at is not None:
            if closed_at.tzinfo is None:
                same_day = closed_at.date() == case.received.date()
            else:
                same_day = cal.to_local(closed_at).date() == cal.to_local(case.received).date()
            if same_day:
                flags.add("immediate")  # 即办件: closed on the day it was received
            if case.channel in indicators.online or indicators.supplemented:
                _hall(case, indicators, closed_at, flags)
        grade = case.get(indicators.rating_field) or None
        if grade is not None:
            if grade not in GRADES:
                raise FieldError(case.id, indicators.rating_field, grade, GRADES, "a grade")
            if not indicators.rated_by or seen & indicators.rated_by:
                flags.add("rated")
                if grade in GRADES[:2]:
                    flags.add("rated_good")
                if grade in GRADES[:3]:
                    flags.add("rated_satisfied")
            else:
                grade = None  # given after the as-of instant, as far as the report can know
        if "window_brought" in flags and "rated" in flags:
            flags.add("window_rated")
            if "rated_satisfied" in flags:
                flags.add("window_satisfied")
        if case.fields and seen & indicators.callback:
            fields = indicators.callback_fields
            # equivalent "strict=None", "fields, )", "strict=False": Indicators holds three
            for (asked, yes), field in zip(CALLBACK_QUESTIONS, fields, strict=True):
                answer = case.get(field)
                if not answer:
                    continue
                if answer in YES:
                    flags |= {asked, yes}
                elif answer in NO:
                    flags.add(asked)
                else:
                    raise FieldError(case.id, field, answer, YES + NO, "a yes or a no")
        return CaseFacts(case.received, frozenset(flags), minutes, days, grade)


def _hall(case: Case, indicators: Indicators, closed_at: dt.datetime, flags: set[str]) -> None:
    """The service hall's counts of a closed case from its steps: online throughout, and
    in one go."""
    online = indicators.online
    steps = [e for e in case.history if e.at <= closed_at]
    if case.channel in online and all(e.channel in online for e in steps):
        flags.add("online_throughout")
    if indicators.supplemented:
        flags.add("one_go_base")
        if not any(e.name in indicators.supplemented for e in steps):
            flags.add("one_go")


_INDICATORS = {
    "hotline-12345": hotline_indicators,
    "urban-management": urban_indicators,
    "licence-application": licence_indicators,
    "rating-rectification": rating_indicators,
}


def preset_indicators(workflow: str) -> Indicators:
    """The indicators of a preset workflow's policy.

    Raises:
        NotFoundError: no preset of that name; the message lists them.
    """
    try:
        return _INDICATORS[workflow]()
    except KeyError:
        raise NotFoundError(
            f"no indicators for workflow {workflow!r}; the presets are: {', '.join(_INDICATORS)}"
        ) from None


guard(globals())
