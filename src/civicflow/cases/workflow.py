"""Workflows as values: states, the named transitions between them, and extension rules.

A :class:`Workflow` is checked when it is built; every problem is reported at once:

>>> Workflow(
...     "broken",
...     states=("open", "closed", "limbo"),
...     initial="open",
...     terminal=("closed",),
...     transitions=(Transition("close", ("open",), "closed"), Transition("lose", ("open",), "nowhere")),
... )
Traceback (most recent call last):
...
civicflow.errors.DefinitionError: 'broken' is not a valid definition (3 problems):
  - transition 'lose' goes to unknown state 'nowhere'
  - state 'limbo' cannot be reached from the initial state 'open'
  - state 'limbo' has no way to a terminal state

The event names of a case are the transition names of its workflow; see :mod:`civicflow.cases.case`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from civicflow._arguments import guard, items
from civicflow.errors import (
    ArgumentError,
    ArgumentTypeError,
    DefinitionError,
    NotFoundError,
    shown,
)
from civicflow.limits.duration import Duration

__all__ = ["ExtensionRule", "Transition", "Workflow"]


def _names(value: Iterable[str] | str) -> frozenset[str]:
    return frozenset((value,) if isinstance(value, str) else value)


def _label_pairs(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    items = list(value.items() if isinstance(value, Mapping) else value)
    for item in items:
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise ArgumentTypeError("labels", value, "a mapping of names to labels")
    return tuple(sorted((str(k), str(v)) for k, v in items))


@attrs.frozen
class ExtensionRule:
    """How a transition extends the time limits of a case (延期).

    An event of such a transition must carry an ``extension`` of the same unit as ``cap``.

    Attributes:
        cap: the most all extensions of the case may add up to, or ``None`` for no cap.
        times: how many extensions a case may have, or ``None`` for no limit.
    """

    cap: Duration | None = None
    times: int | None = attrs.field(default=None)

    @times.validator
    def _check_times(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise ArgumentError(f"'times' must be a whole number >= 1 or None (got {value!r})")


@attrs.frozen
class Transition:
    """A named move of a case between states; its name is the name of the event that makes it.

    Attributes:
        name: the event name, e.g. ``"dispatch"``.
        sources: the states it may leave from (a str is one state).
        target: the state it enters, or ``None`` when the state does not change (a
            supervision note, an extension).
        label: its name in the workflow's own language, e.g. ``"派单"``.
        extension: set when the event extends the case's time limits.
        reclassifies: the event changes the case's type, category or urgency (改类); it
            carries the new values in ``changes``, and goals re-choose their limits.
    """

    name: str
    sources: frozenset[str] = attrs.field(converter=_names)
    target: str | None = None
    label: str = ""
    extension: ExtensionRule | None = None
    reclassifies: bool = attrs.field(default=False, converter=bool)

    def moves_from(self, state: str) -> str:
        """The state after this transition from ``state``."""
        return state if self.target is None else self.target


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return items(value, "states", str, "a str")


def _transitions(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return items(value, "transitions", Transition, "a Transition")


@attrs.frozen
class Workflow:
    """States and the transitions between them; validated when built.

    Attributes:
        name: the workflow's name, used to find it when a case is loaded.
        states: every state.
        initial: the state a new case is in.
        terminal: the states that end a case; no transition may leave them.
        transitions: the transitions, each with a distinct name.
        labels: the states' names in the workflow's own language, e.g. ``{"closed": "办结"}``.

    Raises:
        DefinitionError: with every problem: unknown states, duplicate names, a state
            that cannot be reached, a state with no way to a terminal state.
    """

    name: str
    states: tuple[str, ...] = attrs.field(converter=_strings)
    initial: str
    terminal: frozenset[str] = attrs.field(converter=_names)
    transitions: tuple[Transition, ...] = attrs.field(converter=_transitions)
    labels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_label_pairs)
    _by_name: dict[str, Transition] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _allowed: dict[str, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise DefinitionError(self.name, problems)
        object.__setattr__(self, "_by_name", {t.name: t for t in self.transitions})
        allowed = {
            s: tuple(sorted(t.name for t in self.transitions if s in t.sources))
            for s in self.states
        }
        object.__setattr__(self, "_allowed", allowed)

    def transition(self, name: str) -> Transition | None:
        """The transition named ``name``, or ``None``."""
        return self._by_name.get(name)

    def allowed(self, state: str) -> tuple[str, ...]:
        """The events allowed in ``state``, sorted.

        Raises:
            NotFoundError: the workflow has no such state.
        """
        try:
            return self._allowed[state]
        except (KeyError, TypeError):
            raise NotFoundError(
                f"workflow {self.name!r} has no state {shown(state)}; its states: "
                + ", ".join(self.states)
            ) from None

    @property
    def events(self) -> tuple[str, ...]:
        """Every event name, in the order of the transitions."""
        return tuple(t.name for t in self.transitions)

    def label(self, name: str) -> str:
        """The label of a state or an event, or ``name`` itself when it has none."""
        if not isinstance(name, str):
            raise ArgumentTypeError("name", name, "a str")
        for key, text in self.labels:
            if key == name:
                return text
        t = self._by_name.get(name)
        return t.label if t is not None and t.label else name

    def extended(
        self,
        *,
        states: Iterable[str] = (),
        transitions: Iterable[Transition] = (),
        terminal: Iterable[str] = (),
        labels: Mapping[str, str] | None = None,
    ) -> Workflow:
        """A copy with more states, transitions and terminal states, validated as a whole.

        A transition with the name of an existing one replaces it.

        >>> from civicflow.sla.presets import hotline_workflow
        >>> wf = hotline_workflow().extended(
        ...     states=["transferred"],
        ...     transitions=[Transition("transfer", "registered", "transferred", label="转办")],
        ... )
        Traceback (most recent call last):
        ...
        civicflow.errors.DefinitionError: 'hotline-12345' is not a valid definition (1 problem):
          - state 'transferred' has no way to a terminal state
        >>> wf = hotline_workflow().extended(
        ...     states=["transferred"],
        ...     transitions=[Transition("transfer", "registered", "transferred", label="转办")],
        ...     terminal=["transferred"],
        ... )
        >>> wf.allowed("registered")
        ('answer', 'dispatch', 'merge', 'reclassify', 'transfer')
        """
        added = items(transitions, "transitions", Transition, "a Transition")
        names = {t.name for t in added}
        kept = tuple(t for t in self.transitions if t.name not in names)
        return attrs.evolve(
            self,
            states=self.states + tuple(s for s in states if s not in self.states),
            transitions=kept + added,
            terminal=self.terminal | frozenset(terminal),
            labels=dict(self.labels) | dict(labels or {}),
        )

    def without_transitions(self, *names: str) -> Workflow:
        """A copy without the named transitions."""
        return attrs.evolve(
            self, transitions=tuple(t for t in self.transitions if t.name not in names)
        )


def _problems(wf: Workflow) -> list[str]:
    problems: list[str] = []
    states = set(wf.states)
    if not wf.name:
        problems.append("the workflow needs a name")
    seen: set[str] = set()
    for s in wf.states:
        if s in seen:
            problems.append(f"state {s!r} is listed twice")
        seen.add(s)
    if wf.initial not in states:
        problems.append(f"initial state {wf.initial!r} is not one of the states")
    if not wf.terminal:
        problems.append("no terminal state")
    problems += [
        f"terminal state {s!r} is not one of the states" for s in sorted(wf.terminal - states)
    ]
    names: set[str] = set()
    for t in wf.transitions:
        if t.name in names:
            problems.append(f"transition {t.name!r} is defined twice")
        names.add(t.name)
        if t.name in states:
            problems.append(
                f"transition {t.name!r} has the name of a state; event and state names must differ"
            )
        if not t.sources:
            problems.append(f"transition {t.name!r} has no source state")
        problems += [
            f"transition {t.name!r} leaves from unknown state {s!r}"
            for s in sorted(t.sources - states)
        ]
        if t.target is not None and t.target not in states:
            problems.append(f"transition {t.name!r} goes to unknown state {t.target!r}")
        leaving = sorted(t.sources & wf.terminal)
        if leaving and t.target is not None:
            problems.append(
                f"transition {t.name!r} leaves terminal state(s) {', '.join(map(repr, leaving))}"
            )
    if wf.initial not in states:
        return problems
    # Reachability over the well-formed transitions, so that every problem shows at once.
    forward: dict[str, set[str]] = {s: set() for s in states}
    for t in wf.transitions:
        for s in t.sources & states:
            target = t.moves_from(s)
            if target in states:
                forward[s].add(target)
    reached = _closure({wf.initial}, forward)
    problems += [
        f"state {s!r} cannot be reached from the initial state {wf.initial!r}"
        for s in wf.states
        if s not in reached
    ]
    backward: dict[str, set[str]] = {s: set() for s in states}
    for s, targets in forward.items():
        for u in targets:
            backward[u].add(s)
    ending = _closure(set(wf.terminal) & states, backward)
    problems += [
        f"state {s!r} has no way to a terminal state" for s in wf.states if s not in ending
    ]
    return problems


def _closure(start: set[str], edges: dict[str, set[str]]) -> set[str]:
    seen = set(start)
    todo = list(start)
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


guard(globals())
