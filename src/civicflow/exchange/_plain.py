"""The plain case document, read in one pass: the bulk readers' fast path.

Nearly every document of a large input is plain: known keys, text where text belongs, events
the workflow allows in turn and in time order, no reclassification, no id used twice,
extensions within their rules. :func:`plain_case` checks exactly that while it builds the
case, once, without the per-field checks of :class:`~civicflow.Case` and
:class:`~civicflow.Event` that it has already made. Anything else returns ``None``, and the full reader checks the document and
names its problems; so a document gives the same case, or the same error, either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from civicflow.cases.case import (
    BUILT_IN_FIELDS,
    Case,
    Event,
    assembled_case,
    assembled_event,
)
from civicflow.cases.workflow import Transition, Workflow
from civicflow.limits.duration import Duration

__all__ = ["plain_case"]

_CASE_KEYS = frozenset(
    ("schema", "id", "workflow", "received", "type", "category", "urgency", "channel", "fields",
     "events"),
)  # fmt: skip
_EVENT_KEYS = frozenset(("id", "name", "at", "extension", "note", "channel"))
_fromisoformat = dt.datetime.fromisoformat
_NONE: dict[str, str] = {}


def _parse(text: str) -> dt.datetime:
    if len(text) <= 10:  # a date without a time of day: the full check names it
        raise ValueError(text)
    return _fromisoformat(text)


def _duration(text: object) -> Duration:
    if type(text) is not str:
        raise TypeError  # to the full check, which names it
    return Duration.parse(text)


def plain_case(data: dict[str, Any], workflows: Mapping[str, Workflow]) -> Case | None:
    """The case of a plain document (its schema already checked), or ``None``.

    ``workflows`` are every workflow the document may name, by name.
    """
    try:
        if not data.keys() <= _CASE_KEYS:
            return None
        workflow = workflows.get(data["workflow"])
        if workflow is None:
            return None
        values = (
            data["id"], _parse(data["received"]), data.get("type", ""),
            data.get("category", ""), data.get("urgency", "normal"), data.get("channel", ""),
        )  # fmt: skip
        received = values[1]
        if not (
            type(values[0]) is str
            and type(values[2]) is str
            and type(values[3]) is str
            and type(values[4]) is str
            and type(values[5]) is str
        ):
            return None
        fields = data.get("fields", _NONE)
        if type(fields) is not dict:
            return None
        pairs = tuple(sorted(fields.items()))
        for key, text in pairs:
            if type(key) is not str or type(text) is not str or key in BUILT_IN_FIELDS:
                return None
        raw = data.get("events", ())
        if type(raw) is not list and raw != ():
            return None
        transition = workflow.transition
        state, last = workflow.initial, received
        ids: set[str] = set()
        history: list[Event] = []
        extended: list[tuple[Transition, int]] = []
        for e in raw:
            if type(e) is not dict or not e.keys() <= _EVENT_KEYS:
                return None
            id_, name = e["id"], e["name"]
            note, channel = e.get("note", ""), e.get("channel", "")
            if not (
                type(id_) is str and type(name) is str and type(note) is str
                and type(channel) is str and id_ not in ids
            ):  # fmt: skip
                return None
            at = _parse(e["at"])
            t = transition(name)
            text = e.get("extension")
            extension = None
            if text is not None:
                extension = _duration(text)
            if (
                t is None
                or state not in t.sources
                or (extension is None) is not (t.extension is None)
                or t.reclassifies
                or at < last  # a naive and an aware time do not compare: TypeError
            ):
                return None
            if extension is not None:
                extended.append((t, len(history)))
            ids.add(id_)
            history.append(assembled_event(id_, name, at, extension, note, channel))
            if t.target is not None:
                state = t.target
            last = at
        case = assembled_case(workflow, values, state, tuple(history), pairs)
        if any(case.refuses_extension(t, n) for t, n in extended):
            return None
        return case
    except (KeyError, TypeError, ValueError):
        return None
