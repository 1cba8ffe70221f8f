"""JSON for cases and policies, with a versioned schema.

A case is stored as its opening and its events; loading replays the events through the
workflow, so a loaded case is always one the workflow allows. Loading checks everything
before building anything and names every bad field:

>>> case_from_json('{"schema": "civicflow.case/1", "id": 7, "workflow": "hotline-12345", "received": "yesterday"}')
Traceback (most recent call last):
...
civicflow.errors.SchemaError: cannot load this case (2 problems):
  - $.id: expected a str, got 7
  - $.received: expected an ISO 8601 date and time, got 'yesterday'

Workflows are stored by name: a loaded case or policy finds its workflow among the presets,
or in the ``workflows`` you pass.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError

from civicflow._arguments import guard
from civicflow.cases.case import RECLASSIFIABLE, Case, Event
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, CaseError, DefinitionError, SchemaError, shown
from civicflow.exchange._json import dump_json, load_document
from civicflow.exchange._plain import plain_case
from civicflow.limits.arithmetic import DayEnd
from civicflow.limits.duration import Duration
from civicflow.sla.policy import Goal, Limit, Policy, Warnings
from civicflow.sla.presets import preset_workflows

__all__ = [
    "CASE_SCHEMA",
    "POLICY_SCHEMA",
    "case_from_json",
    "case_to_json",
    "checked_case",
    "policy_from_json",
    "policy_to_json",
]

CASE_SCHEMA = "civicflow.case/1"
POLICY_SCHEMA = "civicflow.policy/1"

K = TypeVar("K")


# -- the documents, as stored ---------------------------------------------------------------


@attrs.frozen
class _EventDoc:
    id: str
    name: str
    at: dt.datetime
    extension: Duration | None = None
    note: str = ""
    changes: dict[str, str] = attrs.Factory(dict)
    channel: str = ""


@attrs.frozen
class _CaseDoc:
    schema: str
    id: str
    workflow: str
    received: dt.datetime
    type: str = ""
    category: str = ""
    urgency: str = "normal"
    channel: str = ""
    fields: dict[str, str] = attrs.Factory(dict)
    events: list[_EventDoc] = attrs.Factory(list)


@attrs.frozen
class _LimitDoc:
    limit: Duration
    promised: Duration | None = None
    types: list[str] = attrs.Factory(list)
    categories: list[str] = attrs.Factory(list)
    urgencies: list[str] = attrs.Factory(list)


@attrs.frozen
class _GoalDoc:
    name: str
    limits: list[_LimitDoc]
    start: list[str]
    stop: list[str]
    pause: list[str] = attrs.Factory(list)
    restart: list[str] = attrs.Factory(list)
    cancel: list[str] = attrs.Factory(list)
    extend: list[str] = attrs.Factory(list)
    label: str = ""


@attrs.frozen
class _WarningsDoc:
    yellow_before: Duration | None
    thresholds: list[float]
    severe_multiple: int | None


@attrs.frozen
class _PolicyDoc:
    schema: str
    name: str
    workflow: str
    goals: list[_GoalDoc]
    warnings: _WarningsDoc | None = None
    day_end: str = "close"


# -- the converter ------------------------------------------------------------------------


def _strict(kind: type[K], what: str) -> Callable[[Any, Any], K]:
    def hook(value: Any, _: Any) -> K:
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise TypeError(f"expected {what}, got {value!r}")
        return value

    return hook


def _number(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _moment(value: Any, _: Any) -> dt.datetime:
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if len(value) > 10:
                return moment
            raise ValueError(
                f"{value!r} is a date without a time of day; write e.g. "
                f"'{moment:%Y-%m-%d}T09:00' (T00:00 for midnight), never a guess"
            )
    raise ValueError(f"expected an ISO 8601 date and time, got {shown(value)}")


def _duration(value: Any, _: Any) -> Duration:
    if not isinstance(value, str):
        raise TypeError(f"expected a time limit as text, e.g. '5个工作日', got {value!r}")
    return Duration.parse(value)


def _checked(kind: type, what: str, hook: Callable[[Any, Any], K]) -> Callable[[Any, Any], K]:
    """``hook``, after checking that the value is a ``kind``: no string is read as a list."""

    def check(value: Any, type_: Any) -> K:
        if type(value) is not kind:
            raise TypeError(f"expected {what}, got {value!r}")
        return hook(value, type_)

    return check


def _converter() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_structure_hook(str, _strict(str, "a str"))
    c.register_structure_hook(int, _strict(int, "a whole number"))
    c.register_structure_hook(float, _number)
    c.register_structure_hook(dt.datetime, _moment)
    c.register_structure_hook(Duration, _duration)
    # cattrs reads any iterable as a list (a string becomes its characters) and any mapping
    # as a dict: the documents' containers must be JSON arrays and objects.
    # The hooks of the inner containers come first: a document's hook, made once, keeps
    # the hooks of its fields as they were then.
    for container, kind, what in (
        (list[str], list, "a list"),
        (list[float], list, "a list"),
        (dict[str, str], dict, "an object"),
        (list[_EventDoc], list, "a list"),
        (list[_LimitDoc], list, "a list"),
        (list[_GoalDoc], list, "a list"),
    ):
        c.register_structure_hook_func(
            functools.partial(operator.eq, container),
            _checked(kind, what, c.get_structure_hook(container)),
        )
    return c


_CONVERTER = _converter()


def _message(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, KeyError) and type_ is not None:
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s): {', '.join(sorted(exc.extra_fields))}"
    return str(exc)


def _structure(data: dict[str, Any], kind: type[K], what: str) -> K:
    try:
        return _CONVERTER.structure(data, kind)
    except (ClassValidationError, IterableValidationError) as exc:
        problems = cattrs.transform_error(exc, format_exception=_message)
        raise SchemaError(what, [_path_first(p) for p in problems]) from None


def _path_first(problem: str) -> str:
    message, _, path = problem.rpartition(" @ ")
    return f"{path}: {message}" if message else problem


@functools.cache
def _presets() -> dict[str, Workflow]:
    return preset_workflows()


def _workflow(name: str, workflows: Mapping[str, Workflow] | None, what: str) -> Workflow:
    if workflows and name in workflows:
        return workflows[name]
    presets = _presets()
    if name in presets:
        return presets[name]
    known = {**presets, **(workflows or {})}
    if name not in known:
        raise SchemaError(
            what,
            [
                f"$.workflow: unknown workflow {name!r}; known: {', '.join(sorted(known))} "
                "(pass yours in 'workflows')"
            ],
        )
    return known[name]


# -- cases --------------------------------------------------------------------------------


def case_to_json(case: Case, *, indent: int | None = 2) -> str:
    """The case as JSON text (schema :data:`CASE_SCHEMA`); ``indent=None`` gives one line,
    for JSON Lines.

    The document is the case's opening and its events: ``type``, ``category`` and
    ``urgency`` are the values at receipt, and a reclassification event carries the new
    ones in its ``changes``.

    Raises:
        ArgumentError: ``indent`` is not None or a number of spaces from 0 to 16.
    """
    if indent is not None and (type(indent) is not int or not 0 <= indent <= 16):
        raise ArgumentError(f"'indent' must be None or 0 to 16 spaces (got {shown(indent)})")
    events = []
    for e in case.history:
        doc: dict[str, Any] = {"id": e.id, "name": e.name, "at": e.at.isoformat()}
        if e.extension is not None:
            doc["extension"] = e.extension.chinese
        if e.note:
            doc["note"] = e.note
        if e.changes:
            doc["changes"] = dict(e.changes)
        if e.channel:
            doc["channel"] = e.channel
        events.append(doc)
    first = dict(case.received_as)
    return dump_json(
        {
            "schema": CASE_SCHEMA,
            "id": case.id,
            "workflow": case.workflow.name,
            "received": case.received.isoformat(),
            "type": first.get("type", case.type),
            "category": first.get("category", case.category),
            "urgency": first.get("urgency", case.urgency),
            "channel": case.channel,
            "fields": dict(case.fields),
            "events": events,
        },
        indent,
    )


def case_from_json(text: str | bytes, workflows: Mapping[str, Workflow] | None = None) -> Case:
    """Load a case written by :func:`case_to_json`, replaying its events.

    Args:
        text: the JSON text.
        workflows: workflows by name, besides the presets.

    Raises:
        SchemaError: the text is not JSON, has another schema version, has bad, missing or
            unknown fields (all of them are listed), names an unknown workflow, or has an
            event the workflow refuses. Nothing is half-built.
    """
    what = "case"
    data = load_document(text, what, CASE_SCHEMA)
    plain = plain_case(data, _presets() if not workflows else {**_presets(), **workflows})
    return plain if plain is not None else checked_case(data, workflows)


def checked_case(data: dict[str, Any], workflows: Mapping[str, Workflow] | None) -> Case:
    """The case of a document whose schema is checked, every field and event checked in
    turn (what :func:`case_from_json` does with a document that is not plain).

    Raises:
        SchemaError: as :func:`case_from_json`.
    """
    what = "case"
    doc = _structure(data, _CaseDoc, what)  # names every bad field
    events = (
        Event(e.id, e.name, e.at, e.extension, e.note, changes=e.changes, channel=e.channel)
        for e in doc.events
    )
    workflow = _workflow(doc.workflow, workflows, what)
    try:
        case = Case.open(
            workflow,
            doc.id,
            doc.received,
            type=doc.type,
            category=doc.category,
            urgency=doc.urgency,
            channel=doc.channel,
            fields=doc.fields,
        )
    except ValueError as exc:
        raise SchemaError(what, [f"$.fields: {exc}"]) from None
    try:
        return case.apply_all(events)
    except CaseError as exc:
        raise SchemaError(what, [f"$.events[{exc.index}]: {exc.reason}"]) from None
    except ValueError as exc:  # a change of something a reclassification cannot change
        bad = next(n for n, e in enumerate(doc.events) if _bad_change(e.changes))
        raise SchemaError(what, [f"$.events[{bad}].changes: {exc}"]) from None


def _bad_change(changes: Mapping[str, str]) -> bool:
    return any(key not in RECLASSIFIABLE for key in changes)


# -- policies -----------------------------------------------------------------------------


def policy_to_json(policy: Policy) -> str:
    """The policy as JSON text (schema :data:`POLICY_SCHEMA`)."""
    w = policy.warnings
    return dump_json(
        {
            "schema": POLICY_SCHEMA,
            "name": policy.name,
            "workflow": policy.workflow.name,
            "day_end": policy.day_end.value,
            "warnings": {
                "yellow_before": None if w.yellow_before is None else w.yellow_before.chinese,
                "thresholds": list(w.thresholds),
                "severe_multiple": w.severe_multiple,
            },
            "goals": [_goal_doc(g) for g in policy.goals],
        }
    )


def _goal_doc(goal: Goal) -> dict[str, Any]:
    return {
        "name": goal.name,
        "label": goal.label,
        "limits": [
            {
                "limit": limit.limit.chinese,
                "promised": None if limit.promised is None else limit.promised.chinese,
                "types": sorted(limit.types),
                "categories": sorted(limit.categories),
                "urgencies": sorted(limit.urgencies),
            }
            for limit in goal.limits
        ],
        "start": sorted(goal.start),
        "stop": sorted(goal.stop),
        "pause": sorted(goal.pause),
        "restart": sorted(goal.restart),
        "cancel": sorted(goal.cancel),
        "extend": sorted(goal.extend),
    }


def policy_from_json(text: str | bytes, workflows: Mapping[str, Workflow] | None = None) -> Policy:
    """Load a policy written by :func:`policy_to_json`.

    Raises:
        SchemaError: as for :func:`case_from_json`; also when the goals do not fit the
            workflow (every problem is listed).
    """
    what = "policy"
    doc = _structure(load_document(text, what, POLICY_SCHEMA), _PolicyDoc, what)
    workflow = _workflow(doc.workflow, workflows, what)
    problems: list[str] = []
    warnings = Warnings()
    if doc.warnings is not None:
        try:
            warnings = Warnings(
                doc.warnings.yellow_before,
                tuple(doc.warnings.thresholds),
                doc.warnings.severe_multiple,
            )
        except ValueError as exc:
            problems.append(f"$.warnings: {exc}")
    if doc.day_end not in ("close", "midnight"):
        problems.append(f"$.day_end: expected 'close' or 'midnight', got {doc.day_end!r}")
    goals = [
        Goal(
            g.name,
            tuple(Limit(x.limit, x.promised, x.types, x.categories, x.urgencies) for x in g.limits),
            g.start,
            g.stop,
            g.pause,
            g.restart,
            g.cancel,
            g.extend,
            g.label,
        )
        for g in doc.goals
    ]
    try:
        policy = Policy(doc.name, workflow, tuple(goals), warnings, DayEnd.CLOSE_OF_BUSINESS)
    except DefinitionError as exc:
        problems += [f"$.goals: {p}" for p in exc.problems]
    if problems:
        raise SchemaError(what, problems)
    return attrs.evolve(policy, day_end=doc.day_end)


guard(globals())
