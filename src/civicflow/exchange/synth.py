"""Synthetic cases for demos, tests and benchmarks: deterministic for a seed.

``hotline`` cases follow the 12345 preset: the five order types (咨询 most, 举报 least),
urgent orders now and then, departments and grids, calls arriving mostly in working hours,
suspensions, extensions, returns and reassignments, reopens, and a 好差评 grade on most
closed orders. ``urban`` cases follow the urban-management preset: categories with their
limits, patrol and public reports, parking, send-backs and rework. ``docs/synth.md`` gives
the proportions.

>>> cases = list(synth_cases(3, seed=1))
>>> [c.id for c in cases]
['12345-000001', '12345-000002', '12345-000003']
>>> cases == list(synth_cases(3, seed=1))
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import attrs

from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.cases.case import Case, Event
from civicflow.compliance.facts import GRADES
from civicflow.errors import CalendarCoverageError
from civicflow.sla.presets import hotline_workflow, urban_workflow

__all__ = ["KINDS", "synth_cases"]

KINDS = ("hotline", "urban")

_TYPES = (("咨询", 40), ("求助", 20), ("投诉", 25), ("建议", 10), ("举报", 5))
_DEPARTMENTS = (
    "城管局",
    "住建局",
    "市场监管局",
    "生态环境局",
    "交通运输局",
    "供电公司",
    "水务集团",
)
_CHANNELS = (("phone", 60), ("app", 25), ("web", 10), ("wechat", 5))
_CATEGORIES = (
    ("暴露垃圾", 30), ("道路不洁", 20), ("绿地脏乱", 10), ("违法建设", 5), ("井盖缺失", 5),
    ("占道经营", 20), ("乱堆物料", 10),
)  # fmt: skip
_GRADES = (40, 35, 15, 7, 3)
# Mean hours before each hotline event (exponential): dispatch and sign-for come fast.
_HOTLINE_HOURS = {"dispatch": 0.5, "answer": 0.2, "sign_for": 3, "start": 2, "call_back": 8}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _arrival(rng: random.Random, first: dt.date, days: int) -> dt.datetime:
    """A moment with the rhythm of a hotline: most in working hours, some evenings and nights."""
    day = first + dt.timedelta(days=rng.randrange(days))
    hour = rng.choices(range(24), [1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 16, 14, 9, 12, 15, 15, 14,
                                   11, 8, 6, 5, 4, 3, 2])[0]  # fmt: skip
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60)))


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
        ValueError: an unknown kind, or ``n`` < 0.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
    if n < 0:
        raise ValueError(f"the number of cases cannot be negative (got {n})")
    rng = random.Random(seed)
    make = _hotline if kind == "hotline" else _urban
    for k in range(1, n + 1):
        yield make(rng, k, _arrival(rng, first, days))


def _later(rng: random.Random, t: dt.datetime, hours: float) -> dt.datetime:
    return t + dt.timedelta(minutes=max(1, int(rng.expovariate(1 / (hours * 60)))))


#: Events a round-the-clock centre records at any hour; the units act in working hours.
_ANY_HOUR = frozenset({"dispatch", "answer", "merge", "file", "discard"})


def _on_duty(cal: Calendar, name: str, t: dt.datetime) -> dt.datetime:
    """When a unit would record ``name`` at ``t``: in working hours, a few minutes into the
    next session if ``t`` falls outside one (past the holiday data, ``t`` as it is). The
    minutes come from ``t`` itself, so the random draws, and the cases, stay as they were."""
    if name in _ANY_HOUR or cal.is_working_time(t):
        return t
    try:
        start = cal.next_working_moment(t)
    except CalendarCoverageError:
        return t
    return start + dt.timedelta(minutes=5 + (t.minute * 7 + t.hour) % 55)


def _hotline(rng: random.Random, k: int, received: dt.datetime) -> Case:
    kind = _pick(rng, _TYPES)
    case = Case.open(
        hotline_workflow(),
        f"12345-{k:06d}",
        received,
        type=kind,
        urgency="urgent" if rng.random() < 0.04 else "normal",
        channel=_pick(rng, _CHANNELS),
        fields={"department": rng.choice(_DEPARTMENTS), "grid": f"G{rng.randrange(1, 41):02d}"},
    )
    events: list[tuple[str, str | None]] = []
    if kind == "咨询" and rng.random() < 0.5:
        events.append(("answer", None))
    else:
        events.append(("dispatch", None))
        if rng.random() < 0.06:
            events += [("return", None), ("reassign", None)]
        events += [("sign_for", None), ("start", None)]
        if rng.random() < 0.08:
            events += [("suspend", None), ("resume", None)]
        if rng.random() < 0.07:
            events += [
                ("request_extension", None),
                ("approve_extension", f"{rng.choice((3, 5, 10))}个工作日"),
            ]
        if rng.random() < 0.9:
            events.append(("reply", None))
    t = received
    grade = None
    if events[-1][0] in ("reply", "answer"):
        events.append(("call_back", None))
        grade = rng.choices(GRADES, _GRADES)[0]
        if grade in GRADES[3:] and rng.random() < 0.5:
            events += [("reopen", None), ("reply", None), ("call_back", None)]
            grade = rng.choices(GRADES, _GRADES)[0]
        events.append(("close", None))
    cal = china_calendar()
    for n, (name, extension) in enumerate(events):
        t = _on_duty(cal, name, _later(rng, t, _HOTLINE_HOURS.get(name, 16)))
        case = case.apply(Event(f"e{n}", name, t, extension))
    if grade is not None:
        case = attrs.evolve(case, fields=(*case.fields, ("rating", grade)))
    return case


def _urban(rng: random.Random, k: int, received: dt.datetime) -> Case:
    case = Case.open(
        urban_workflow(),
        f"CG-{k:06d}",
        received,
        category=_pick(rng, _CATEGORIES),
        channel=_pick(rng, (("patrol", 70), ("video", 15), ("public", 15))),
        fields={"department": rng.choice(_DEPARTMENTS[:5]), "grid": f"G{rng.randrange(1, 41):02d}"},
    )
    if rng.random() < 0.03:
        return case.apply(Event("e0", "discard", _later(rng, received, 1)))
    events = ["file", "dispatch"]
    if rng.random() < 0.04:
        events += ["send_back", "dispatch"]
    extension = None
    if rng.random() < 0.05:
        events.append("extend")
        extension = f"{rng.choice((4, 8, 16))}个工作小时"
    if rng.random() < 0.03:
        events.append("park")
    else:
        events.append("feed_back")
        if rng.random() < 0.06:
            events += ["rework", "feed_back"]
        events += ["pass_check", "evaluate"]
    t = received
    cal = china_calendar()
    for n, name in enumerate(events):
        t = _on_duty(cal, name, _later(rng, t, 2 if name in ("file", "dispatch") else 6))
        case = case.apply(Event(f"e{n}", name, t, extension if name == "extend" else None))
    return case
