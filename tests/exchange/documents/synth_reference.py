"""The first synthetic generator, kept as the reference of ``civicflow.exchange.documents.synth``.

Every case is opened with ``Case.open`` and every event applied with ``Case.apply``, and the
documents are written by ``case_to_json``: slow and obvious. The library's generator draws
the same random numbers in the same order and builds the cases and their documents directly;
``tests/exchange/documents/test_synth.py`` holds the two to the same cases and the same bytes, and
``benchmarks/bench_synth.py`` times one against the other.
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
from civicflow.sla.presets import (
    hotline_workflow,
    licence_workflow,
    rating_workflow,
    urban_workflow,
)

__all__ = ["KINDS", "on_duty", "synth_cases"]

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


def on_duty(cal: Calendar, name: str, t: dt.datetime) -> dt.datetime:
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
        t = on_duty(cal, name, _later(rng, t, _HOTLINE_HOURS.get(name, 16)))
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
        t = on_duty(cal, name, _later(rng, t, 2 if name in ("file", "dispatch") else 6))
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
        received = on_duty(cal, "accept", received)
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
        t = on_duty(cal, name, _later(rng, t, hours.get(name, 8)))
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
        t = on_duty(cal, name, _later(rng, t, 2 if name == "assign" else 20))
        case = case.apply(Event(f"e{n}", name, t))
    return case


_MAKERS = {"hotline": _hotline, "urban": _urban, "licence": _licence, "rating": _rating}
