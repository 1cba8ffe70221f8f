"""Policies: the time limits a body sets on the cases of one workflow.

A :class:`Policy` holds :class:`Goal` s. Each goal says which event or state starts its
clock, which stops it, which states pause it, which events restart it, cancel it or
extend it, and its limits by case type, category and urgency (:class:`Limit`): the
statutory one (法定时限) and, optionally, a shorter promised one (承诺时限).

>>> from civicflow.sla.presets import hotline_policy
>>> policy = hotline_policy()
>>> [goal.name for goal in policy.goals]
['sign-for', 'handling']
>>> policy.goal("handling").limits[0]
Limit(limit=WorkingDays(2), promised=None, types=frozenset({'咨询'}), categories=frozenset(), urgencies=frozenset())
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import attrs

from civicflow._arguments import guard, items
from civicflow.cases.case import Case
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError, DefinitionError, NotFoundError
from civicflow.limits.duration import Duration, WorkingDays
from civicflow.limits.rules import DayEnd, parse_option

__all__ = ["Goal", "Limit", "Policy", "Target", "Warnings"]

T = TypeVar("T")


def _names(value: Iterable[str] | str) -> frozenset[str]:
    return frozenset((value,) if isinstance(value, str) else value)


def _duration(value: Duration | str) -> Duration:
    return Duration.parse(value)


def _optional_duration(value: Duration | str | None) -> Duration | None:
    return None if value is None else Duration.parse(value)


class Target(enum.Enum):
    """Which limit of a goal a status is about."""

    #: The limit set by law or regulation (法定时限).
    STATUTORY = "statutory"
    #: The shorter limit the body promises (承诺时限).
    PROMISED = "promised"


@attrs.frozen
class Limit:
    """The limits of a goal for the cases it matches.

    An empty set matches every value; a goal uses the first of its limits that matches.

    Attributes:
        limit: the statutory limit (a Duration, or text such as ``"5个工作日"``).
        promised: the promised limit, if the body promises less.
        types: the case types it applies to.
        categories: the case categories it applies to.
        urgencies: the case urgencies it applies to.
    """

    limit: Duration = attrs.field(converter=_duration)
    promised: Duration | None = attrs.field(default=None, converter=_optional_duration)
    types: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    categories: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    urgencies: frozenset[str] = attrs.field(default=frozenset(), converter=_names)

    def for_target(self, target: Target) -> Duration | None:
        """The limit for ``target``: the statutory one, or the promised one if any."""
        return self.limit if target is Target.STATUTORY else self.promised

    def matches(self, case: Case) -> bool:
        """Whether the limit applies to ``case``."""
        return self.matches_values(case.type, case.category, case.urgency)

    def matches_values(self, type: str, category: str, urgency: str) -> bool:
        """Whether the limit applies to a case of this type, category and urgency."""
        return (
            (not self.types or type in self.types)
            and (not self.categories or category in self.categories)
            and (not self.urgencies or urgency in self.urgencies)
        )


def _limits(value: Iterable[Limit]) -> tuple[Limit, ...]:
    return tuple(value)


@attrs.frozen
class Goal:
    """A time limit on part of a workflow, and what its clock does on each event.

    ``start``, ``stop`` and ``cancel`` name events or states (entering the state counts);
    the initial state is entered when the case is received. ``pause`` names states: the
    clock stands still while the case is in one. ``restart`` and ``extend`` name events.

    Attributes:
        name: the goal's name, e.g. ``"handling"``.
        limits: its limits; the first that matches a case applies, and a case that no
            limit matches has no such goal.
        start: what starts the clock (the first occurrence).
        stop: what stops it: the goal is met if that happens by the deadline.
        pause: states that pause the clock.
        restart: events that start the clock again from zero (also after a stop).
        cancel: events or states that cancel the goal (the case leaves its base).
        extend: extension events whose ``extension`` adds to the limit.
        label: the goal's name in the body's own language, e.g. ``"办理"``.
    """

    name: str
    limits: tuple[Limit, ...] = attrs.field(converter=_limits)
    start: frozenset[str] = attrs.field(converter=_names)
    stop: frozenset[str] = attrs.field(converter=_names)
    pause: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    restart: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    cancel: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    extend: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    label: str = ""
    _chosen: dict[tuple[str, str, str], Limit | None] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    def limit_for(self, case: Case, at: dt.datetime | None = None) -> Limit | None:
        """The limit for ``case`` as classified at ``at`` (the latest classification when
        ``at`` is ``None``), or ``None`` if the goal does not apply.

        This is the classification's limit, not always the one a clock runs on: for a
        reclassified case, :func:`~civicflow.evaluate` keeps the limit a clock had when its
        verdict was given or when it breached (``docs/sla.md``).
        """
        if case.received_as:
            return self.limit_classified(*case.classification_at(at))
        try:  # the common case, inline: a case never reclassified
            return self._chosen[case.type, case.category, case.urgency]
        except KeyError:
            return self.limit_classified(case.type, case.category, case.urgency)

    def limit_classified(self, type: str, category: str, urgency: str) -> Limit | None:
        """The limit for a case of this type, category and urgency, or ``None``."""
        key = (type, category, urgency)
        try:
            return self._chosen[key]
        except KeyError:
            pass
        chosen = next((limit for limit in self.limits if limit.matches_values(*key)), None)
        if len(self._chosen) < 4096:  # the combinations a body uses are few
            self._chosen[key] = chosen
        return chosen


def _floats(value: Iterable[float]) -> tuple[float, ...]:
    return tuple(value)


@attrs.frozen
class Warnings:
    """When a running goal is flagged.

    Attributes:
        yellow_before: a yellow card from this long before the deadline (Shandong: one
            working day); ``None`` for no yellow card. A red card is shown once overdue.
        thresholds: fractions of the allowed time, e.g. ``(0.8,)``: each one reached is
            reported.
        severe_multiple: "severely overdue" once the time used reaches this multiple of
            the allowed time (Amsterdam's complaint system flags cases at three times
            their promised time); ``None`` to turn it off.
    """

    yellow_before: Duration | None = attrs.field(
        default=WorkingDays(1), converter=_optional_duration
    )
    thresholds: tuple[float, ...] = attrs.field(default=(), converter=_floats)
    severe_multiple: int | None = attrs.field(default=3)

    @thresholds.validator
    def _check_thresholds(
        self, attribute: attrs.Attribute[tuple[float, ...]], value: tuple[float, ...]
    ) -> None:
        for x in value:
            if isinstance(x, bool) or not isinstance(x, int | float) or not 0 < x < 1:
                raise ArgumentError(
                    f"each threshold must be a fraction between 0 and 1 (got {x!r})"
                )

    @severe_multiple.validator
    def _check_multiple(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 2
        ):
            raise ArgumentError(
                f"'severe_multiple' must be a whole number >= 2 or None (got {value!r})"
            )


def _day_end(value: DayEnd | str) -> DayEnd:
    return parse_option(DayEnd, value, "day_end")


def _of(kind: type, words: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator: the value is a ``kind``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise ArgumentTypeError(attribute.name, value, words)

    return check


def _goals(value: Iterable[Goal]) -> tuple[Goal, ...]:
    return items(value, "goals", Goal, "a Goal")


@attrs.frozen
class Policy:
    """The goals of one workflow's cases; checked against the workflow when built.

    Attributes:
        name: the policy's name.
        workflow: the workflow its goals refer to.
        goals: the goals, each with a distinct name.
        warnings: when running goals are flagged.
        day_end: when the last day of a day-based limit ends.

    Raises:
        DefinitionError: with every problem: unknown events or states, a pause that is
            not a state, an extension goal on an event that does not extend.
    """

    name: str = attrs.field(validator=_of(str, "a str"))
    workflow: Workflow = attrs.field(validator=_of(Workflow, "a Workflow"))
    goals: tuple[Goal, ...] = attrs.field(converter=_goals)
    warnings: Warnings = attrs.field(default=Warnings(), validator=_of(Warnings, "a Warnings"))
    day_end: DayEnd = attrs.field(default=DayEnd.CLOSE_OF_BUSINESS, converter=_day_end)
    #: Work that evaluation derives from the policy once (e.g. each goal's compiled clock).
    _cache: dict[str, object] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise DefinitionError(self.name, problems)

    def goal(self, name: str) -> Goal:
        """The goal named ``name``.

        Raises:
            NotFoundError: there is no such goal; the message lists the goals.
        """
        for goal in self.goals:
            if goal.name == name:
                return goal
        raise NotFoundError(
            f"policy {self.name!r} has no goal {name!r}; its goals: {', '.join(g.name for g in self.goals)}"
        )

    def derived(self, key: str, compute: Callable[[Policy], T]) -> T:
        """What ``compute(self)`` returns, computed once per policy value and kept under ``key``.

        Evaluation keeps here what it derives from the policy alone (e.g. each goal's
        compiled clock), so that many cases share it.
        """
        cache = self._cache
        if key not in cache:
            cache[key] = compute(self)
        return cast(T, cache[key])

    def with_goals(self, *goals: Goal) -> Policy:
        """A copy with ``goals`` added, or replacing those of the same name."""
        names = {g.name for g in goals}
        return attrs.evolve(self, goals=tuple(g for g in self.goals if g.name not in names) + goals)


def _problems(policy: Policy) -> list[str]:
    wf = policy.workflow
    states = set(wf.states)
    events = set(wf.events)
    problems: list[str] = []
    seen: set[str] = set()
    for goal in policy.goals:
        where = f"goal {goal.name!r}"
        if goal.name in seen:
            problems.append(f"{where} is defined twice")
        seen.add(goal.name)
        if not goal.limits:
            problems.append(f"{where} has no limits")
        if not goal.start:
            problems.append(f"{where} has nothing that starts it")
        for field, names, allowed, what in (
            ("start", goal.start, states | events, "an event or state"),
            ("stop", goal.stop, states | events, "an event or state"),
            ("cancel", goal.cancel, states | events, "an event or state"),
            ("pause", goal.pause, states, "a state"),
            ("restart", goal.restart, events, "an event"),
            ("extend", goal.extend, events, "an event"),
        ):
            problems += [
                f"{where}: {field} {n!r} is not {what} of workflow {wf.name!r}"
                for n in sorted(names - allowed)
            ]
        for n in sorted(goal.extend & events):
            t = wf.transition(n)
            if t is not None and t.extension is None:
                problems.append(
                    f"{where}: extend {n!r} is an event that does not extend time limits"
                )
        for i, limit in enumerate(goal.limits):
            p = limit.promised
            if p is not None and type(p) is type(limit.limit) and p > limit.limit:  # type: ignore[operator]
                problems.append(
                    f"{where}: limits[{i}] promises {p}, more than the statutory {limit.limit}"
                )
    return problems


guard(globals())
