"""Synthetic cases for demos, tests and benchmarks: deterministic for a seed.

``hotline`` cases follow the 12345 preset: the five order types (咨询 most, 举报 least),
urgent orders now and then, departments and grids, calls arriving mostly in working hours,
suspensions, extensions, returns and reassignments, reopens, and a 好差评 grade on most
closed orders. ``urban`` cases follow the urban-management preset: categories with their
limits, patrol and public reports, parking, send-backs and rework. ``licence`` cases are
applications to a service hall, online or at the counter, with the channel of every step;
``rating`` cases are bad 好差评 ratings being rectified. ``docs/synth.md`` gives the
proportions.

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

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.cases.case import Case, Event
from civicflow.compliance.facts import GRADES
from civicflow.errors import ArgumentError, ArgumentTypeError, CalendarCoverageError, shown
from civicflow.sla.presets import (
    hotline_workflow,
    licence_workflow,
    rating_workflow,
    urban_workflow,
)

__all__ = ["KINDS", "synth_cases"]

KINDS = ("hotline", "urban", "licence", "rating")

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


#: The longest span of receipt drawn, in days; a case's events run less than that again.
_CENTURY = 36_600


def synth_cases(
    n: int,
    *,
    seed: int = 1,
    kind: str = "hotline",
    first: dt.date = dt.date(2025, 1, 1),
    days: int = 540,
) -> Iterator[Case]:
    """``n`` synthetic cases of ``kind`` received over ``days`` days from ``first``.

    Raises (when the first case is drawn):
        ArgumentError: an unknown kind, ``n`` < 0, ``days`` not within 1-36600 (a century),
            a ``first`` day whose cases would run past the year 9999, or a ``seed`` that is
            not a whole number below 10**18.
    """
    if not isinstance(kind, str) or kind not in KINDS:
        raise ArgumentError(f"kind must be one of {', '.join(KINDS)} (got {shown(kind)})")
    for name, value in (("n", n), ("seed", seed), ("days", days)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ArgumentTypeError(name, value, "a whole number")
    if n < 0:
        raise ArgumentError(f"the number of cases cannot be negative (got {shown(n)})")
    if not 1 <= days <= _CENTURY:
        raise ArgumentError(f"'days' must be 1 to {_CENTURY} (got {shown(days)})")
    if not abs(seed) < 10**18:
        raise ArgumentError(f"'seed' must be a whole number below 10**18 (got {shown(seed)})")
    if not isinstance(first, dt.date):
        raise ArgumentTypeError("first", first, "a datetime.date")
    if first.toordinal() + days + _CENTURY > dt.date.max.toordinal():
        raise ArgumentError(f"cases from {first} over {days} days would run past the year 9999")
    rng = random.Random(seed)
    make = _MAKERS[kind]
    for k in range(1, n + 1):
        received = _arrival(rng, first, days)
        # What was added to a kind later draws from a generator of its own, so the cases of
        # a seed keep the events they had.
        yield make(rng, k, received, random.Random(f"{seed}:{kind}:{k}"))


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


def _hotline(rng: random.Random, k: int, received: dt.datetime, more: random.Random) -> Case:
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
        events.append(("sign_for", None))
        if more.random() < 0.03:  # found to be another type once signed for (改类)
            events.append(("reclassify", None))
        events.append(("start", None))
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
        if name == "reclassify":
            now = kind
            kind = more.choice([k for k, _ in _TYPES if k != now])
            t += dt.timedelta(minutes=1)
            case = case.apply(Event(f"e{n}", name, t, changes={"type": kind}))
            continue
        t = _on_duty(cal, name, _later(rng, t, _HOTLINE_HOURS.get(name, 16)))
        case = case.apply(Event(f"e{n}", name, t, extension))
    if grade is not None:
        fields = [("rating", grade), *_callback(more, grade)]
        case = attrs.evolve(case, fields=(*case.fields, *fields))
    return case


def _callback(more: random.Random, grade: str) -> list[tuple[str, str]]:
    """The callback's three answers (回访: responded, resolved, satisfied), in line with the
    grade: a satisfied caller was almost always contacted and mostly had the problem solved."""
    satisfied = grade in GRADES[:3]
    responded = more.random() < (0.99 if satisfied else 0.85)
    resolved = responded and more.random() < (0.93 if satisfied else 0.35)
    return [
        ("resolved", "是" if resolved else "否"),
        ("responded", "是" if responded else "否"),
        ("satisfied", "是" if satisfied else "否"),
    ]


def _urban(rng: random.Random, k: int, received: dt.datetime, more: random.Random) -> Case:
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
    if more.random() < 0.02:  # the category corrected once dispatched (变更类别)
        events.append("reclassify")
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
        if name == "reclassify":
            other = more.choice([c for c, _ in _CATEGORIES if c != case.category])
            t += dt.timedelta(minutes=1)
            case = case.apply(Event(f"e{n}", name, t, changes={"category": other}))
            continue
        t = _on_duty(cal, name, _later(rng, t, 2 if name in ("file", "dispatch") else 6))
        case = case.apply(Event(f"e{n}", name, t, extension if name == "extend" else None))
    return case


_MATTERS = (("企业登记", 45), ("食品经营许可", 20), ("建设工程规划许可", 10), ("户外广告设置", 10),
            ("社会团体登记", 5), ("办不成事", 10))  # fmt: skip


def _licence(rng: random.Random, k: int, received: dt.datetime, more: random.Random) -> Case:
    """An application to a service hall: most online, each step online or at the counter."""
    matter = _pick(rng, _MATTERS)
    window = matter == "办不成事"  # a problem brought to the window, in person
    online = not window and rng.random() < 0.85
    cal = china_calendar()
    if not online:  # at the counter, in the hall's hours
        received = _on_duty(cal, "accept", received)
    case = Case.open(
        licence_workflow(), f"XK-{k:06d}", received, type=matter,
        channel="online" if online else "hall",
        fields={"department": rng.choice(("市场监管局", "住建局", "城管局", "民政局"))},
    )  # fmt: skip

    def channel() -> str:  # an online matter needs the counter now and then
        return "online" if online and rng.random() < 0.98 else "hall"

    t = received
    steps: list[tuple[str, str | None]] = []
    if rng.random() < 0.02:
        steps.append(("reject", None))
    else:
        if rng.random() < 0.12:
            steps += [("request_supplement", None), ("materials_received", None)]
        else:
            steps.append(("accept", None))
        if rng.random() < 0.05:
            steps += [("start_expert_review", None), ("end_expert_review", None)]
        if rng.random() < 0.03:
            steps.append(("extend", f"{rng.choice((5, 10))}个工作日"))
        if rng.random() < 0.02:
            steps.append(("withdraw", None))
        elif rng.random() < 0.95:
            steps += [("decide", None), ("deliver", None)]
    immediate = rng.random() < 0.6  # decided the day received (即办件)
    hours = {"accept": 0.5, "decide": 2 if immediate else 30, "deliver": 1,
             "materials_received": 40, "end_expert_review": 24}  # fmt: skip
    grade = None
    for n, (name, extension) in enumerate(steps):
        t = _on_duty(cal, name, _later(rng, t, hours.get(name, 8)))
        case = case.apply(Event(f"e{n}", name, t, extension, channel=channel()))
        if name == "deliver":
            grade = rng.choices(GRADES, (60, 30, 7, 2, 1))[0]
    if grade is not None:
        case = attrs.evolve(case, fields=(*case.fields, ("rating", grade)))
    return case


def _rating(rng: random.Random, k: int, received: dt.datetime, more: random.Random) -> Case:
    """A bad 好差评 rating being rectified: assigned, rectified, called back, closed."""
    case = Case.open(
        rating_workflow(), f"HCP-{k:06d}", received,
        fields={"rating": rng.choices(GRADES[3:], (75, 25))[0],
                "department": rng.choice(_DEPARTMENTS)},
    )  # fmt: skip
    if rng.random() < 0.03:
        steps = ["void"]  # the appeal upheld (申诉成立)
    else:
        steps = ["assign", "rectify", "call_back"]
        if rng.random() < 0.08:
            steps += ["redo", "rectify", "call_back"]
        steps.append("close")
        if rng.random() < 0.05:
            steps = steps[: rng.randrange(1, 3)]  # still being rectified
    cal = china_calendar()
    t = received
    for n, name in enumerate(steps):
        t = _on_duty(cal, name, _later(rng, t, 2 if name == "assign" else 20))
        case = case.apply(Event(f"e{n}", name, t))
    return case


_MAKERS = {"hotline": _hotline, "urban": _urban, "licence": _licence, "rating": _rating}


guard(globals())
