"""Synthetic cases for demos, tests and benchmarks: deterministic for a seed.

``hotline`` cases follow the 12345 preset: the five order types (咨询 most, 举报 least),
urgent orders now and then, departments and grids, calls arriving mostly in working hours,
suspensions, extensions, returns and reassignments, reopens, and a 好差评 grade on most
closed orders. ``urban`` cases follow the urban-management preset: categories with their
limits, patrol and public reports, parking, send-backs and rework. ``licence`` cases are
applications to a service hall, online or at the counter, with the channel of every step;
``rating`` cases are bad 好差评 ratings being rectified. ``docs/synth.md`` gives the
proportions.

:func:`synth_cases` gives them as cases, :func:`synth_jsonl` as JSON Lines text, in
chunks, written straight from the random draws: each line is what
:func:`~civicflow.exchange.documents.serialization.case_to_json` writes of the same case, to the byte,
at many times the speed (``civicflow synth`` writes through it).

>>> cases = list(synth_cases(3, seed=1))
>>> [c.id for c in cases]
['12345-000001', '12345-000002', '12345-000003']
>>> cases == list(synth_cases(3, seed=1))
True
>>> from civicflow.exchange.documents.serialization import case_to_json
>>> text = "".join(synth_jsonl(3, seed=1))
>>> text.splitlines() == [case_to_json(c, indent=None) for c in cases]
True
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator
from itertools import islice

from civicflow._arguments import guard
from civicflow.cases.case import Case, assembled_case, assembled_event
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError, shown
from civicflow.exchange.documents._synth_draws import MINUTES_PER_DAY, EventSketch, Sketch, sketches
from civicflow.exchange.documents.serialization import CASE_SCHEMA
from civicflow.limits.duration import Duration
from civicflow.sla.presets import (
    hotline_workflow,
    licence_workflow,
    rating_workflow,
    urban_workflow,
)

__all__ = ["KINDS", "synth_cases", "synth_jsonl"]

KINDS = ("hotline", "urban", "licence", "rating")

_WORKFLOWS: dict[str, Callable[[], Workflow]] = {
    "hotline": hotline_workflow,
    "urban": urban_workflow,
    "licence": licence_workflow,
    "rating": rating_workflow,
}


#: The longest span of receipt drawn, in days; a case's events run less than that again.
_CENTURY = 36_600


def _checked(n: int, kind: str, days: int, seed: int, first: dt.date) -> Workflow:
    if not isinstance(kind, str) or kind not in KINDS:
        raise ArgumentError(f"kind must be one of {', '.join(KINDS)} (got {shown(kind)})")
    for name, value in (("n", n), ("seed", seed), ("days", days)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ArgumentTypeError(name, value, "a whole number")
    if n < 0:
        raise ArgumentError(f"the number of cases cannot be negative (got {shown(n)})")
    if days < 1:
        raise ArgumentError(
            f"the cases are received over at least one day (got days={shown(days)})"
        )
    if days > _CENTURY:
        raise ArgumentError(f"'days' must be 1 to {_CENTURY} (got {shown(days)})")
    if not abs(seed) < 10**100:
        raise ArgumentError(
            f"'seed' must be a whole number of 100 digits at most (got {shown(seed)})"
        )
    if not isinstance(first, dt.date):
        raise ArgumentTypeError("first", first, "a datetime.date")
    if first.toordinal() + days + _CENTURY > dt.date.max.toordinal():
        raise ArgumentError(f"cases from {first} over {days} days would run past the year 9999")
    return _WORKFLOWS[kind]()


def synth_cases(
    n: int,
    *,
    seed: int = 1,
    kind: str = "hotline",
    first: dt.date = dt.date(2025, 1, 1),
    days: int = 540,
) -> Iterator[Case]:
    """``n`` synthetic cases of ``kind`` received over ``days`` days from ``first``.

    Raises:
        ArgumentError: an unknown kind, ``n`` < 0, ``days`` not within 1-36600 (a century),
            a ``first`` day whose cases would run past the year 9999, or a ``seed`` of more
            than 100 digits (when the first case is drawn).
        CalendarCoverageError: a case would be handled in a year without holiday data
            (``first`` late in the last covered year).
    """
    workflow = _checked(n, kind, days, seed, first)
    moves = _moves(workflow)
    for sketch in sketches(n, seed, kind, first, days):
        yield _case(workflow, moves, sketch)


def synth_jsonl(
    n: int,
    *,
    seed: int = 1,
    kind: str = "hotline",
    first: dt.date = dt.date(2025, 1, 1),
    days: int = 540,
    chunk: int = 2048,
) -> Iterator[str]:
    """The cases of :func:`synth_cases` with the same arguments as JSON Lines: one
    document a line, each what ``case_to_json(case, indent=None)`` writes, in pieces of up
    to ``chunk`` whole lines (each line ends in ``"\\n"``), so that any ``n`` is written
    in the memory of one piece.

    Raises:
        ArgumentError: as :func:`synth_cases`, or ``chunk`` not 1 to 10**7.
        CalendarCoverageError: as :func:`synth_cases`.
    """
    workflow = _checked(n, kind, days, seed, first)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or not 1 <= chunk <= 10**7:
        raise ArgumentError(
            f"a piece holds at least one line, at most 10**7 (got chunk={shown(chunk)})"
        )
    lines = map(_writer(workflow.name), sketches(n, seed, kind, first, days))
    while piece := list(islice(lines, chunk)):
        piece.append("")
        yield "\n".join(piece)


# -- documents ----------------------------------------------------------------------------


class _Quoted(dict[str, str]):
    """Text as a JSON string, as ``case_to_json`` writes it; each text quoted once."""

    def __missing__(self, text: str) -> str:
        quoted = self[text] = json.dumps(text, ensure_ascii=False)
        return quoted


class _Pairs(dict[tuple[str, str], str]):
    """A field as a member of a JSON object; each field quoted once."""

    def __missing__(self, pair: tuple[str, str]) -> str:
        key, value = pair
        member = self[pair] = f"{_QUOTED[key]}:{_QUOTED[value]}"
        return member


class _Days(dict[int, str]):
    """The ISO date of a day ordinal; each day written once."""

    def __missing__(self, day: int) -> str:
        text = self[day] = dt.date.fromordinal(day).isoformat()
        return text


class _Extensions(dict[str, str]):
    """An extension as the document holds it: the quoted Chinese form of its duration."""

    def __missing__(self, text: str) -> str:
        member = self[text] = f',"extension":{_QUOTED[Duration.parse(text).chinese]}'
        return member


_QUOTED = _Quoted()
_PAIRS = _Pairs()
_DAYS = _Days()
_EXTENSIONS = _Extensions()
#: The time of each minute of a day as ``datetime.isoformat`` ends it.
_CLOCK = [f"T{m // 60:02d}:{m % 60:02d}:00" for m in range(MINUTES_PER_DAY)]


def _writer(workflow: str) -> Callable[[Sketch], str]:
    """The JSON document of a sketch, as ``case_to_json(case, indent=None)`` writes the case
    (the keys in its order, its separators, non-ASCII text as it is)."""
    q, pairs, days, clock, extensions = _QUOTED, _PAIRS, _DAYS, _CLOCK, _EXTENSIONS
    # The ids are letters, digits and hyphens: quoted as they are, and never kept.
    head = f'{{"schema":{q[CASE_SCHEMA]},"id":'
    flow = f',"workflow":{q[workflow]},"received":"'

    def events_json(events: list[EventSketch]) -> str:
        parts = []
        for n, (name, minute, extension, channel, change) in enumerate(events):
            day, of_day = divmod(minute, MINUTES_PER_DAY)
            text = f'{{"id":"e{n}","name":{q[name]},"at":"{days[day]}{clock[of_day]}"'
            if extension is not None:
                text += extensions[extension]
            if change is not None:
                text += f',"changes":{{{pairs[change]}}}'
            if channel:
                text += f',"channel":{q[channel]}'
            parts.append(text + "}")
        return ",".join(parts)

    def line(sketch: Sketch) -> str:
        case_id, received, type_, category, urgency, channel, fields, events = sketch
        day, of_day = divmod(received, MINUTES_PER_DAY)
        return (
            f'{head}"{case_id}"{flow}{days[day]}{clock[of_day]}","type":{q[type_]},'
            f'"category":{q[category]},"urgency":{q[urgency]},"channel":{q[channel]},'
            f'"fields":{{{",".join(map(pairs.__getitem__, fields))}}},'
            f'"events":[{events_json(events)}]}}'
        )

    return line


# -- cases --------------------------------------------------------------------------------


class _Midnights(dict[int, dt.datetime]):
    def __missing__(self, day: int) -> dt.datetime:
        moment = self[day] = dt.datetime.fromordinal(day)
        return moment


_MIDNIGHTS = _Midnights()
_MINUTES = [dt.timedelta(minutes=m) for m in range(MINUTES_PER_DAY)]


def _moment(minute: int) -> dt.datetime:
    day, of_day = divmod(minute, MINUTES_PER_DAY)
    return _MIDNIGHTS[day] + _MINUTES[of_day]


_durations = functools.lru_cache(maxsize=64)(Duration.parse)


def _moves(workflow: Workflow) -> dict[tuple[str, str], str]:
    """The state after each event the workflow allows in each state."""
    return {(s, t.name): t.moves_from(s) for t in workflow.transitions for s in t.sources}


def _case(workflow: Workflow, moves: dict[tuple[str, str], str], sketch: Sketch) -> Case:
    """The case of a sketch, assembled without checking each event again: the kinds' events
    are ones the workflow allows (``moves`` has each), in time order, at most one extension
    within its cap, at most one reclassification."""
    case_id, received, type_, category, urgency, channel, fields, events = sketch
    latest = {"type": type_, "category": category, "urgency": urgency}
    received_as: dict[str, str] = {}
    state = workflow.initial
    history = []
    for n, (name, minute, extension, event_channel, change) in enumerate(events):
        state = moves[state, name]
        duration = None if extension is None else _durations(extension)
        changes: tuple[tuple[str, str], ...] = ()
        if change is not None:  # what Case.apply records of a reclassification
            key, value = change
            received_as.setdefault(key, latest[key])
            latest[key] = value
            changes = (change,)
        event = assembled_event(
            f"e{n}", name, _moment(minute), duration, "", event_channel, changes
        )
        history.append(event)
    values = (case_id, _moment(received), latest["type"], latest["category"], latest["urgency"],
              channel)  # fmt: skip
    first = tuple(sorted(received_as.items()))
    return assembled_case(workflow, values, state, tuple(history), fields, first)


guard(globals())
