"""Cases: immutable, event-sourced records of a request moving through a workflow.

>>> import datetime as dt
>>> from civicflow.sla.presets import hotline_workflow
>>> case = Case.open(
...     hotline_workflow(), "H-1", dt.datetime(2025, 9, 30, 9, 0), type="投诉", urgency="normal"
... )
>>> case = case.apply(Event("e1", "dispatch", dt.datetime(2025, 9, 30, 9, 20)))
>>> case.state
'dispatched'
>>> case.apply(Event("e2", "close", dt.datetime(2025, 9, 30, 9, 30)))
Traceback (most recent call last):
...
civicflow.errors.CaseError: case 'H-1' refuses Event(id='e2', name='close', ...): 'close' is not allowed in state 'dispatched'; allowed: reassign, reclassify, return, sign_for, supervise
>>> case.apply(Event("e1", "dispatch", dt.datetime(2025, 9, 30, 9, 20))) is case   # a retry
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from civicflow._arguments import guard
from civicflow.cases.workflow import Transition, Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError, CaseError, shown
from civicflow.limits.duration import Duration

__all__ = [
    "BUILT_IN_FIELDS",
    "RECLASSIFIABLE",
    "Case",
    "Event",
    "assembled_case",
    "assembled_event",
]

#: The attributes a reclassification event (改类) may change: policies choose limits by them.
RECLASSIFIABLE = ("type", "category", "urgency")


def _extension(value: Duration | str | None) -> Duration | None:
    return None if value is None else Duration.parse(value)


def _moment(instance: object, attribute: attrs.Attribute[dt.datetime], value: object) -> None:
    if not isinstance(value, dt.datetime):
        raise ArgumentTypeError(attribute.name, value, "a datetime.datetime")


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(attribute.name, value, "a str")


def _sorted_pairs(
    value: Mapping[str, str] | Iterable[tuple[str, str]], name: str
) -> tuple[tuple[str, str], ...]:
    """``value``, a mapping of text to text or (text, text) pairs, as sorted pairs."""
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes | bytearray):
        pairs = list(value)
        for pair in pairs:
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise ArgumentTypeError(name, value, "a mapping of str to str, or (str, str) pairs")
    else:
        raise ArgumentTypeError(name, value, "a mapping of str to str, or (str, str) pairs")
    for key, text in pairs:
        if not isinstance(key, str):
            raise ArgumentTypeError(f"a key of {name}", key, "a str")
        if not isinstance(text, str):
            raise ArgumentTypeError(f"{name}[{key!r}]", text, "a str")
    return tuple(sorted((key, text) for key, text in pairs))


def _changes(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    if not value:  # nearly every event: no call further
        return ()
    pairs = _sorted_pairs(value, "changes")
    for key, _ in pairs:
        if key not in RECLASSIFIABLE:
            raise ArgumentError(
                f"a reclassification changes {', '.join(RECLASSIFIABLE)}, not {key!r}"
            )
    return pairs


@attrs.frozen
class Event:
    """Something that happened to a case: one transition of its workflow.

    Attributes:
        id: unique within the case; applying an event whose id the case has seen is a no-op.
        name: the transition's name, e.g. ``"dispatch"``.
        at: when it happened (naive: local time of the calendar; or aware).
        extension: for an extension event, how much time it grants (a Duration, or text).
        note: free text, kept with the event.
        changes: for a reclassification event (改类), the new values of the case's
            ``type``, ``category`` or ``urgency``, e.g. ``{"type": "投诉"}``; stored as
            sorted pairs.
        channel: how this step was done, e.g. ``"online"``, ``"hall"``, ``"post"``; empty
            when not recorded. A service hall's 全程网办率 reads it from every step.
    """

    id: str = attrs.field(validator=_text)
    name: str = attrs.field(validator=_text)
    at: dt.datetime = attrs.field(validator=_moment)
    extension: Duration | None = attrs.field(default=None, converter=_extension)
    note: str = attrs.field(default="", validator=_text, repr=False)
    changes: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_changes, kw_only=True, repr=False
    )
    channel: str = attrs.field(default="", validator=_text, kw_only=True, repr=False)


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | bytearray):
        raise ArgumentTypeError("history", value, "an iterable of Event")
    events = tuple(value)
    for n, event in enumerate(events):
        if not isinstance(event, Event):
            raise ArgumentTypeError(f"history[{n}]", event, "an Event")
    return events


def _field_pairs(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    if not value:
        return ()
    pairs = _sorted_pairs(value, "fields")
    for key, _ in pairs:
        if key in BUILT_IN_FIELDS:
            raise ArgumentError(f"{key!r} is a case attribute of its own, not one of its 'fields'")
    return pairs


def _workflow(instance: object, attribute: attrs.Attribute[Workflow], value: object) -> None:
    if not isinstance(value, Workflow):
        raise ArgumentTypeError(attribute.name, value, "a Workflow")


#: The attributes of every case that reports can group by, besides its further fields.
BUILT_IN_FIELDS = frozenset({"id", "type", "category", "urgency", "channel", "state"})


@attrs.frozen
class Case:
    """A request moving through a workflow. Build one with :meth:`Case.open`.

    A case never changes: :meth:`apply` returns a new case. The history keeps every event,
    and replaying it from the opening gives the same case (:meth:`replayed`).

    Attributes:
        workflow: the workflow the case follows.
        id: the case's identifier.
        received: when the request was received; the case starts in the initial state.
        type: the request type, e.g. ``"投诉"``; policies choose limits by it. A
            reclassification event changes it, and ``type`` is then the latest value.
        category: the category, e.g. ``"暴露垃圾"`` (reclassified likewise).
        urgency: e.g. ``"normal"`` or ``"urgent"`` (reclassified likewise).
        channel: how it arrived, e.g. ``"phone"``, ``"app"``, ``"patrol"``.
        fields: any other fields a body keeps and reports by, e.g. ``{"department": "城管局",
            "grid": "A-12", "rating": "满意"}``; stored as sorted pairs.
        state: the current state.
        history: every event applied, in order.
        received_as: the values at receipt of the attributes reclassified since, as sorted
            pairs; empty for a case never reclassified.
    """

    workflow: Workflow = attrs.field(repr=False, validator=_workflow)
    id: str = attrs.field(validator=_text)
    received: dt.datetime = attrs.field(validator=_moment)
    type: str = attrs.field(default="", validator=_text)
    category: str = attrs.field(default="", validator=_text)
    urgency: str = attrs.field(default="normal", validator=_text)
    channel: str = attrs.field(default="", validator=_text)
    state: str = attrs.field(default="", validator=_text)
    history: tuple[Event, ...] = attrs.field(default=(), converter=_events, repr=False)
    fields: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_field_pairs, kw_only=True
    )
    received_as: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_changes, kw_only=True, repr=False
    )

    @classmethod
    def open(
        cls,
        workflow: Workflow,
        id: str,
        received: dt.datetime,
        *,
        type: str = "",
        category: str = "",
        urgency: str = "normal",
        channel: str = "",
        fields: Mapping[str, str] | None = None,
    ) -> Case:
        """A new case in the workflow's initial state, with no events.

        Raises:
            ArgumentTypeError: an argument of the wrong type (a received time that is no
                datetime, a field that is no text...).
        """
        _workflow(None, attrs.fields(Case).workflow, workflow)
        return cls(
            workflow,
            id,
            received,
            type,
            category,
            urgency,
            channel,
            workflow.initial,
            fields=_field_pairs(fields or {}),
        )

    def get(self, name: str) -> str:
        """The value of a case field by name: ``type``, ``category``, ``urgency``, ``channel``
        or one of :attr:`fields`; ``""`` when the case has no such field."""
        if not isinstance(name, str):
            raise ArgumentTypeError("name", name, "a str")
        if name in BUILT_IN_FIELDS:
            return str(getattr(self, name))
        for key, value in self.fields:
            if key == name:
                return value
        return ""

    @property
    def is_closed(self) -> bool:
        """Whether the case is in a terminal state."""
        return self.state in self.workflow.terminal

    @property
    def last_moment(self) -> dt.datetime:
        """The time of the last event, or the receipt time."""
        return self.history[-1].at if self.history else self.received

    def apply(self, event: Event) -> Case:
        """The case after ``event``.

        Returns:
            A new case, or this very case if an event with the same id was applied
            already (so a retried delivery is harmless).

        Raises:
            CaseError: the event is unknown to the workflow, not allowed in the current
                state (the error lists the allowed ones), earlier than the last event,
                mixes naive and aware times, lacks or wrongly carries an extension, takes
                the extensions past their cap, or reuses an id for a different event.
        """
        if not isinstance(event, Event):
            raise ArgumentTypeError("event", event, "an Event")
        after = self._next(self.state, self.history, event)
        if after is None:
            return self
        if event.changes:
            return attrs.evolve(
                self, state=after, history=(*self.history, event), **self._reclassified([event])
            )
        return self._moved(after, (*self.history, event))

    def apply_all(self, events: Iterable[Event]) -> Case:
        """The case after each of ``events`` in turn (one new case, however many events).

        Raises:
            CaseError: as :meth:`apply`, for the first event refused; its ``index`` is that
                event's position in ``events``. Nothing is applied then.
        """
        if not isinstance(events, Iterable) or isinstance(events, str | bytes | bytearray):
            raise ArgumentTypeError("events", events, "an iterable of Event")
        state = self.state
        history = list(self.history)
        # equivalent "None", "True": the flag is only tested for truth, and a case with no
        # change reclassified comes back with the same values
        changes = False
        for n, event in enumerate(events):
            if not isinstance(event, Event):
                raise ArgumentTypeError(f"events[{n}]", event, "an Event")
            try:
                after = self._next(state, history, event)
            except CaseError as exc:
                exc.index = n
                raise
            if after is not None:
                state = after
                history.append(event)
                changes = changes or bool(event.changes)
        if len(history) == len(self.history):
            return self
        if changes:
            added = history[len(self.history) :]
            return attrs.evolve(
                self, state=state, history=tuple(history), **self._reclassified(added)
            )
        return self._moved(state, tuple(history))

    def _moved(self, state: str, history: tuple[Event, ...]) -> Case:
        """This case in ``state`` with ``history``: the other attributes are this case's,
        checked when it was built, so they are copied without checking them again."""
        moved = object.__new__(Case)
        for name in _COPIED:
            object.__setattr__(moved, name, getattr(self, name))
        object.__setattr__(moved, "state", state)
        object.__setattr__(moved, "history", history)
        return moved

    def _reclassified(self, events: Iterable[Event]) -> dict[str, Any]:
        """The attributes after the reclassifications among ``events``."""
        now = {name: getattr(self, name) for name in RECLASSIFIABLE}
        first = dict(self.received_as)
        for event in events:
            for key, value in event.changes:
                first.setdefault(key, now[key])
                now[key] = value
        return {**now, "received_as": first}

    def classification_at(self, at: dt.datetime | None = None) -> tuple[str, str, str]:
        """The case's ``(type, category, urgency)`` as of ``at``: the values at receipt,
        changed by the reclassification events up to ``at``; the latest when ``at`` is
        ``None``."""
        if at is not None and not isinstance(at, dt.datetime):
            raise ArgumentTypeError("at", at, "a datetime.datetime or None")
        if at is None or not self.received_as:
            return self.type, self.category, self.urgency
        if (at.tzinfo is None) != (self.received.tzinfo is None):
            raise ArgumentError(
                f"'at' {at.isoformat()} is {'naive' if at.tzinfo is None else 'aware'} but the "
                f"case's times are not; use one kind"
            )
        seen = next((n for n, e in enumerate(self.history) if e.at > at), len(self.history))
        return self.classification_after(seen)

    def classification_after(self, events: int) -> tuple[str, str, str]:
        """The case's ``(type, category, urgency)`` after the first ``events`` events of its
        history (0: as received)."""
        if isinstance(events, bool) or not isinstance(events, int):
            raise ArgumentTypeError("events", events, "a whole number")
        if not self.received_as:
            return self.type, self.category, self.urgency
        values = {name: getattr(self, name) for name in RECLASSIFIABLE} | dict(self.received_as)
        for event in self.history[:events]:
            values.update(event.changes)
        return values["type"], values["category"], values["urgency"]

    def _next(self, state: str, history: Sequence[Event], event: Event) -> str | None:
        """The state after ``event``, or ``None`` for an event already applied."""
        for seen in history:
            if seen.id == event.id:
                if seen == event:
                    return None
                raise CaseError(
                    self.id, event, f"event id {event.id!r} was already used by {seen!r}"
                )
        t = self.workflow.transition(event.name)
        if t is None:
            raise CaseError(
                self.id,
                event,
                f"the workflow {self.workflow.name!r} has no event {event.name!r}",
                self.workflow.events,
            )
        if state not in t.sources:
            allowed = self.workflow.allowed(state)
            raise CaseError(
                self.id,
                event,
                f"{event.name!r} is not allowed in state {state!r}; allowed: "
                + (", ".join(allowed) or "none (the state is terminal)"),
                allowed,
            )
        last = history[-1].at if history else self.received
        if (event.at.tzinfo is None) != (last.tzinfo is None):
            raise CaseError(
                self.id,
                event,
                f"its time {event.at.isoformat()} is {'naive' if event.at.tzinfo is None else 'aware'}"
                f" but the case's times are not; use one kind throughout a case",
            )
        if event.at < last:
            raise CaseError(
                self.id,
                event,
                f"it happened at {event.at.isoformat()}, before the case's last event or "
                f"its receipt ({last.isoformat()}); events must come in time order",
            )
        if t.extension is not None or event.extension is not None:
            self._check_extension(t, event, history)
        if t.reclassifies is not bool(event.changes):
            if t.reclassifies:
                raise CaseError(
                    self.id,
                    event,
                    f"{event.name!r} reclassifies the case: give 'changes', e.g. "
                    "{'type': '投诉'}",
                )
            raise CaseError(
                self.id, event, f"{event.name!r} does not reclassify the case; drop 'changes'"
            )
        return t.moves_from(state)

    def replayed(self) -> Case:
        """The case rebuilt from its opening by applying its history again."""
        first = dict(self.received_as)
        opened = Case.open(
            self.workflow,
            self.id,
            self.received,
            type=first.get("type", self.type),
            category=first.get("category", self.category),
            urgency=first.get("urgency", self.urgency),
            channel=self.channel,
            fields=dict(self.fields),
        )
        return opened.apply_all(self.history)

    def refuses_extension(self, transition: Transition, index: int) -> bool:
        """Whether :meth:`apply` would refuse the extension of event ``index`` of the history
        (made by ``transition``) after the events before it: what a reader that builds cases
        with :func:`assembled_case` asks."""
        if not isinstance(transition, Transition):
            raise ArgumentTypeError("transition", transition, "a Transition")
        if isinstance(index, bool) or not isinstance(index, int):
            raise ArgumentTypeError("index", index, "a whole number")
        if not 0 <= index < len(self.history):
            raise ArgumentError(
                f"'index' must be the position of an event of the history, 0 to "
                f"{len(self.history) - 1} (got {shown(index)})"
            )
        try:
            self._check_extension(transition, self.history[index], self.history[:index])
        except CaseError:
            return True
        return False

    def _check_extension(self, t: Transition, event: Event, history: Sequence[Event]) -> None:
        rule = t.extension
        if rule is None:
            if event.extension is not None:
                raise CaseError(
                    self.id, event, f"{event.name!r} does not extend time limits; drop 'extension'"
                )
            return
        if event.extension is None:
            raise CaseError(
                self.id,
                event,
                f"{event.name!r} extends time limits: give 'extension', e.g. '5个工作日'",
            )
        earlier = [e.extension for e in history if e.name == t.name and e.extension is not None]
        if rule.times is not None and len(earlier) >= rule.times:
            raise CaseError(
                self.id,
                event,
                f"{event.name!r} may happen at most {rule.times} time(s) in a case, and it has "
                f"happened {len(earlier)} time(s)",
            )
        if rule.cap is None:
            return
        if type(event.extension) is not type(rule.cap):
            raise CaseError(
                self.id,
                event,
                f"the extension must be given in the unit of its cap {rule.cap} "
                f"(got {event.extension}); units are never converted",
            )
        total = event.extension
        for e in earlier:
            if type(e) is type(total):
                total = total + e  # type: ignore[operator]
        if total > rule.cap:  # type: ignore[operator]
            raise CaseError(
                self.id,
                event,
                f"extensions would add up to {total}, over the cap of {rule.cap}",
            )


def _slot_setters(kind: type, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The slots' own setters: the fastest way to fill a frozen instance."""
    # equivalent: called only at import, to build the setters, where mutmut runs the original
    return tuple(kind.__dict__[name].__set__ for name in names)


_EVENT_SLOTS = _slot_setters(Event, ("id", "name", "at", "extension", "note", "changes", "channel"))
_CASE_SLOTS = _slot_setters(
    Case,
    ("workflow", "id", "received", "type", "category", "urgency", "channel", "state",
     "history", "fields", "received_as"),
)  # fmt: skip


def assembled_event(
    id: str,
    name: str,
    at: dt.datetime,
    extension: Duration | None,
    note: str,
    channel: str,
    changes: tuple[tuple[str, str], ...] = (),
) -> Event:
    """An event from values the caller has checked (each a ``str``, ``at`` a datetime,
    ``changes`` sorted pairs of a reclassification): the bulk readers build millions."""
    event = object.__new__(Event)
    set_id, set_name, set_at, set_extension, set_note, set_changes, set_channel = _EVENT_SLOTS
    set_id(event, id)
    set_name(event, name)
    set_at(event, at)
    set_extension(event, extension)
    set_note(event, note)
    set_changes(event, changes)
    set_channel(event, channel)
    return event


def assembled_case(
    workflow: Workflow,
    values: tuple[str, dt.datetime, str, str, str, str],
    state: str,
    history: tuple[Event, ...],
    fields: tuple[tuple[str, str], ...],
    received_as: tuple[tuple[str, str], ...] = (),
) -> Case:
    """A case from values the caller has checked as :class:`Case` and
    :meth:`Case.apply_all` would: ``values`` are (id, received, type, category, urgency,
    channel), the latest classification, ``fields`` sorted pairs of text none of which is a
    built-in field, ``history`` events the workflow allows in turn, in time order, leading
    to ``state``, whose extensions the case does not refuse
    (:meth:`Case.refuses_extension`), and for a reclassified case ``received_as`` the
    sorted values at receipt of the attributes its reclassifications changed."""
    case = object.__new__(Case)
    given = (workflow, *values, state, history, fields, received_as)
    # equivalent "strict=None", "strict=False", "given, )": values are typed as six, so the
    # lengths never differ
    for setter, value in zip(_CASE_SLOTS, given, strict=True):
        setter(case, value)
    return case


#: What :meth:`Case._moved` copies unchanged.
_COPIED = tuple(a.name for a in attrs.fields(Case) if a.name not in ("state", "history"))


# The hottest calls check their own arguments (see civicflow._arguments).
guard(
    globals(),
    unguarded=(
        "Case",
        "Event",
    ),
)
