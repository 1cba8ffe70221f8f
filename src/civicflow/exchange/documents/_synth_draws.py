"""The random draws of the synthetic cases: each kind's cases as sketches, times in minutes.

A sketch holds what a case's document holds, as plain values: the id, the minute received,
the type, category, urgency and channel at receipt, the further fields as sorted pairs, and
the events. Times are whole minutes since 0001-01-01 00:00 (``ordinal * 1440 + minute of
the day``), naive local time. ``synth.py`` writes sketches as JSON Lines and builds cases of
them.

The draws are the first generator's, in the same order, from the same ``random.Random``
streams, so a seed gives the cases it always gave. What is fast is the rest: weighted
choices read from cumulative weights made once, the calendar's working hours read from a
table of each day's minutes, no case validated event by event. :func:`pick`, :func:`below`
and :func:`waited` are the draws of ``Random.choices``, ``Random.randrange`` (and
``Random.choice``) and ``Random.expovariate`` written out, with the same calls to the
generator; a test holds each to the method it stands for.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from array import array
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from math import log
from typing import TypeAlias

from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.compliance.facts import GRADES
from civicflow.errors import CalendarCoverageError

__all__ = [
    "MINUTES_PER_DAY",
    "EventSketch",
    "OnDuty",
    "Sketch",
    "Weighted",
    "below",
    "per_minute",
    "pick",
    "sketches",
    "waited",
    "weighted",
]

MINUTES_PER_DAY = 1440
_US_PER_MINUTE = 60_000_000

#: One event: (name, minute, extension as text or None, channel, change or None); the
#: change of a reclassification is (attribute, new value).
EventSketch: TypeAlias = tuple[str, int, str | None, str, tuple[str, str] | None]
#: One case: (id, minute received, type, category, urgency, channel, fields as sorted
#: pairs, events); type, category and urgency are the values at receipt.
Sketch: TypeAlias = tuple[
    str, int, str, str, str, str, tuple[tuple[str, str], ...], list[EventSketch]
]
#: A weighted choice made once: (population, cumulative weights, total, last index).
Weighted: TypeAlias = tuple[Sequence[str], list[int], float, int]


def weighted(population: Sequence[str], weights: Sequence[int]) -> Weighted:
    """What ``Random.choices(population, weights)`` computes before it draws."""
    cum = list(accumulate(weights))
    return population, cum, cum[-1] + 0.0, len(population) - 1


def pick(draw: Callable[[], float], table: Weighted) -> str:
    """``Random.choices(population, weights)[0]``, ``draw`` the generator's ``random``."""
    population, cum, total, hi = table
    return population[bisect(cum, draw() * total, 0, hi)]


def below(bits: Callable[[int], int], n: int) -> int:
    """``Random.randrange(n)``, and the index ``Random.choice`` takes of ``n`` items
    (``n`` > 0), ``bits`` the generator's ``getrandbits``."""
    k = n.bit_length()
    r = bits(k)
    while r >= n:
        r = bits(k)
    return r


def waited(draw: Callable[[], float], lambd: float) -> int:
    """The minutes of an exponential gap: ``max(1, int(Random.expovariate(lambd)))``,
    ``draw`` the generator's ``random``."""
    x = int(-log(1.0 - draw()) / lambd)
    return x if x > 0 else 1


def per_minute(hours: float) -> float:
    """The rate of a gap of ``hours`` on average, in minutes, as the first version
    computed it (so that the float is the same)."""
    return 1 / (hours * 60)


# -- working hours ------------------------------------------------------------------------

#: Events a round-the-clock centre records at any hour; the units act in working hours.
_ANY_HOUR = frozenset({"dispatch", "answer", "merge", "file", "discard"})

#: For each minute of a day, the minutes after the next session's start at which an event
#: due then is recorded (5 to 59, from the minute itself), less the minute.
_SHIFT = [5 + ((m % 60) * 7 + m // 60) % 55 - m for m in range(MINUTES_PER_DAY)]


class OnDuty:
    """When a unit records an event due at a minute: then, in working hours; else a few
    minutes into the next session (past the holiday data, then). Each day's answer for
    every minute is worked out once, from the calendar's own ``is_working_time`` and
    ``next_working_moment``, and days with the same answers share one table."""

    def __init__(self, calendar: Calendar) -> None:
        self._calendar = calendar
        self._rows: dict[int, array[int]] = {}
        self._shared: dict[bytes, array[int]] = {}

    def at(self, minute: int) -> int:
        """The minute an event due at ``minute`` is recorded.

        Raises:
            CalendarCoverageError: ``minute`` is on a day without holiday data.
        """
        day, of_day = divmod(minute, MINUTES_PER_DAY)
        row = self._rows.get(day)
        if row is None:
            row = self._rows[day] = self._row(day)
        return minute + row[of_day]

    def _row(self, day: int) -> array[int]:
        """For each minute of ``day`` (an ordinal), how many minutes later it is recorded."""
        cal = self._calendar
        midnight = dt.datetime.fromordinal(day)
        tables = cal.tables
        i = day - tables.base
        if not 0 <= i < tables.n:
            cal.is_working_time(midnight)  # raises CalendarCoverageError, as it always did
            raise AssertionError("unreachable: the day is outside the calendar's tables")
        working = bytearray(MINUTES_PER_DAY)
        for b, e in tables.sessions[i]:
            if b % _US_PER_MINUTE or e % _US_PER_MINUTE:
                raise AssertionError(
                    f"a session of day {midnight:%Y-%m-%d} is not in whole minutes"
                )
            lo, hi = b // _US_PER_MINUTE, min(e // _US_PER_MINUTE, MINUTES_PER_DAY)
            working[lo:hi] = b"\x01" * (hi - lo)
        row = array("i", bytes(4 * MINUTES_PER_DAY))
        start = working.find(0)
        while start >= 0:  # a run of minutes out of working hours: one next session for all
            end = working.find(1, start)
            end = MINUTES_PER_DAY if end < 0 else end
            try:
                session = cal.next_working_moment(midnight + dt.timedelta(minutes=start))
            except CalendarCoverageError:  # past the data: recorded when due
                pass
            else:
                offset, rest = divmod(session - midnight, dt.timedelta(minutes=1))
                if rest:
                    raise AssertionError(f"the session at {session} is not in whole minutes")
                row[start:end] = array("i", [offset + s for s in _SHIFT[start:end]])
            start = working.find(0, end)
        return self._shared.setdefault(row.tobytes(), row)


# -- the kinds ----------------------------------------------------------------------------


@functools.cache
def _on_duty() -> OnDuty:
    """The working hours of ``china_calendar()``, shared by every run."""
    return OnDuty(china_calendar())


class _Draws:
    """One run's generators: ``rng`` for everything the first version drew, and ``more``,
    seeded afresh for each case, for what was added to a kind later."""

    def __init__(self, seed: int, kind: str) -> None:
        rng = random.Random(seed)
        self.random = rng.random
        self.bits = rng.getrandbits
        self._more = random.Random(0)  # seeded again for each case
        self._prefix = f"{seed}:{kind}:"
        self.duty = _on_duty().at

    def more(self, k: int) -> random.Random:
        """The generator of case ``k``: ``random.Random(f"{seed}:{kind}:{k}")``."""
        self._more.seed(self._prefix + str(k))
        return self._more


Maker: TypeAlias = Callable[[_Draws, int, int], Sketch]

_TYPES = weighted(("咨询", "求助", "投诉", "建议", "举报"), (40, 20, 25, 10, 5))
_DEPARTMENTS = (
    "城管局",
    "住建局",
    "市场监管局",
    "生态环境局",
    "交通运输局",
    "供电公司",
    "水务集团",
)
_CHANNELS = weighted(("phone", "app", "web", "wechat"), (60, 25, 10, 5))
_GRIDS = tuple(f"G{g:02d}" for g in range(1, 41))
_GRADES = weighted(GRADES, (40, 35, 15, 7, 3))
_BAD = frozenset(GRADES[3:])
_GOOD = frozenset(GRADES[:3])
#: The hour of a call: its weights as ``Random.choices`` accumulates them, and their total.
_HOURS = list(accumulate((1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 16, 14, 9, 12, 15, 15, 14, 11, 8, 6,
                          5, 4, 3, 2)))  # fmt: skip
_HOURS_TOTAL = _HOURS[-1] + 0.0
# Hours before each hotline event on average (exponential): dispatch and sign-for come fast.
_HOTLINE_RATES = {
    name: per_minute(hours)
    for name, hours in {
        "dispatch": 0.5,
        "answer": 0.2,
        "sign_for": 3,
        "start": 2,
        "call_back": 8,
    }.items()
}
_RATE_16 = per_minute(16)
_DAYS_3_5_10 = ("3个工作日", "5个工作日", "10个工作日")


def _arrival(draws: _Draws, first: int, days: int) -> int:
    """A minute with the rhythm of a hotline: most in working hours, some evenings and nights."""
    day = first + below(draws.bits, days)
    hour = bisect(_HOURS, draws.random() * _HOURS_TOTAL, 0, 23)  # choices(range(24), ...)
    return day * MINUTES_PER_DAY + hour * 60 + below(draws.bits, 60)


def _hotline(draws: _Draws, k: int, received: int) -> Sketch:
    draw, bits, duty = draws.random, draws.bits, draws.duty
    kind = pick(draw, _TYPES)
    urgency = "urgent" if draw() < 0.04 else "normal"
    channel = pick(draw, _CHANNELS)
    fields = [("department", _DEPARTMENTS[below(bits, 7)]), ("grid", _GRIDS[below(bits, 40)])]
    more = draws.more(k)
    names: list[str] = []
    extension = None
    if kind == "咨询" and draw() < 0.5:
        names.append("answer")
    else:
        names.append("dispatch")
        if draw() < 0.06:
            names += ("return", "reassign")
        names.append("sign_for")
        if more.random() < 0.03:  # found to be another type once signed for (改类)
            names.append("reclassify")
        names.append("start")
        if draw() < 0.08:
            names += ("suspend", "resume")
        if draw() < 0.07:
            names += ("request_extension", "approve_extension")
            extension = _DAYS_3_5_10[below(bits, 3)]
        if draw() < 0.9:
            names.append("reply")
    grade = None
    if names[-1] in ("reply", "answer"):
        names.append("call_back")
        grade = pick(draw, _GRADES)
        if grade in _BAD and draw() < 0.5:
            names += ("reopen", "reply", "call_back")
            grade = pick(draw, _GRADES)
        names.append("close")
    events: list[EventSketch] = []
    t = received
    now = kind
    for name in names:
        if name == "reclassify":
            types = [x for x in _TYPES[0] if x != now]
            now = types[below(more.getrandbits, len(types))]
            t += 1
            events.append((name, t, None, "", ("type", now)))
            continue
        t += waited(draw, _HOTLINE_RATES.get(name, _RATE_16))
        if name not in _ANY_HOUR:
            t = duty(t)
        events.append((name, t, extension if name == "approve_extension" else None, "", None))
    if grade is not None:
        fields += (("rating", grade), *_callback(more, grade))
    return f"12345-{k:06d}", received, kind, "", urgency, channel, tuple(fields), events


def _callback(more: random.Random, grade: str) -> list[tuple[str, str]]:
    """The callback's three answers (回访: responded, resolved, satisfied), in line with the
    grade: a satisfied caller was almost always contacted and mostly had the problem solved."""
    satisfied = grade in _GOOD
    responded = more.random() < (0.99 if satisfied else 0.85)
    resolved = responded and more.random() < (0.93 if satisfied else 0.35)
    return [
        ("resolved", "是" if resolved else "否"),
        ("responded", "是" if responded else "否"),
        ("satisfied", "是" if satisfied else "否"),
    ]


_CATEGORIES = weighted(
    ("暴露垃圾", "道路不洁", "绿地脏乱", "违法建设", "井盖缺失", "占道经营", "乱堆物料"),
    (30, 20, 10, 5, 5, 20, 10),
)
_URBAN_CHANNELS = weighted(("patrol", "video", "public"), (70, 15, 15))
_HOURS_4_8_16 = ("4个工作小时", "8个工作小时", "16个工作小时")
_RATE_1, _RATE_2, _RATE_6 = per_minute(1), per_minute(2), per_minute(6)


def _urban(draws: _Draws, k: int, received: int) -> Sketch:
    draw, bits, duty = draws.random, draws.bits, draws.duty
    category = pick(draw, _CATEGORIES)
    channel = pick(draw, _URBAN_CHANNELS)
    fields = (("department", _DEPARTMENTS[below(bits, 5)]), ("grid", _GRIDS[below(bits, 40)]))
    case_id = f"CG-{k:06d}"
    if draw() < 0.03:
        discarded = ("discard", received + waited(draw, _RATE_1), None, "", None)
        return case_id, received, "", category, "normal", channel, fields, [discarded]
    more = draws.more(k)
    names = ["file", "dispatch"]
    if more.random() < 0.02:  # the category corrected once dispatched (变更类别)
        names.append("reclassify")
    if draw() < 0.04:
        names += ("send_back", "dispatch")
    extension = None
    if draw() < 0.05:
        names.append("extend")
        extension = _HOURS_4_8_16[below(bits, 3)]
    if draw() < 0.03:
        names.append("park")
    else:
        names.append("feed_back")
        if draw() < 0.06:
            names += ("rework", "feed_back")
        names += ("pass_check", "evaluate")
    events: list[EventSketch] = []
    t = received
    for name in names:
        if name == "reclassify":
            others = [c for c in _CATEGORIES[0] if c != category]
            other = others[below(more.getrandbits, len(others))]
            t += 1
            events.append((name, t, None, "", ("category", other)))
            continue
        t += waited(draw, _RATE_2 if name in ("file", "dispatch") else _RATE_6)
        if name not in _ANY_HOUR:
            t = duty(t)
        events.append((name, t, extension if name == "extend" else None, "", None))
    return case_id, received, "", category, "normal", channel, fields, events


_MATTERS = weighted(
    ("企业登记", "食品经营许可", "建设工程规划许可", "户外广告设置", "社会团体登记", "办不成事"),
    (45, 20, 10, 10, 5, 10),
)
_HALL_DEPARTMENTS = ("市场监管局", "住建局", "城管局", "民政局")
_DAYS_5_10 = ("5个工作日", "10个工作日")
_DELIVERY_GRADES = weighted(GRADES, (60, 30, 7, 2, 1))


def _licence_rates(immediate: bool) -> dict[str, float]:
    """The rates of a licence's steps: decided the day received (即办件) or not."""
    hours = {"accept": 0.5, "decide": 2 if immediate else 30, "deliver": 1,
             "materials_received": 40, "end_expert_review": 24}  # fmt: skip
    return {name: per_minute(h) for name, h in hours.items()}


_LICENCE_RATES = {immediate: _licence_rates(immediate) for immediate in (False, True)}
_RATE_8 = per_minute(8)


def _licence(draws: _Draws, k: int, received: int) -> Sketch:
    """An application to a service hall: most online, each step online or at the counter."""
    draw, bits, duty = draws.random, draws.bits, draws.duty
    matter = pick(draw, _MATTERS)
    window = matter == "办不成事"  # a problem brought to the window, in person
    online = not window and draw() < 0.85
    if not online:  # at the counter, in the hall's hours
        received = duty(received)
    fields = [("department", _HALL_DEPARTMENTS[below(bits, 4)])]
    steps: list[tuple[str, str | None]] = []
    if draw() < 0.02:
        steps.append(("reject", None))
    else:
        if draw() < 0.12:
            steps += (("request_supplement", None), ("materials_received", None))
        else:
            steps.append(("accept", None))
        if draw() < 0.05:
            steps += (("start_expert_review", None), ("end_expert_review", None))
        if draw() < 0.03:
            steps.append(("extend", _DAYS_5_10[below(bits, 2)]))
        if draw() < 0.02:
            steps.append(("withdraw", None))
        elif draw() < 0.95:
            steps += (("decide", None), ("deliver", None))
    immediate = draw() < 0.6  # decided the day received (即办件)
    rates = _LICENCE_RATES[immediate]
    events: list[EventSketch] = []
    t = received
    for name, extension in steps:
        t = duty(t + waited(draw, rates.get(name, _RATE_8)))  # no step is any-hour
        # an online matter needs the counter now and then
        step_channel = "online" if online and draw() < 0.98 else "hall"
        events.append((name, t, extension, step_channel, None))
        if name == "deliver":
            fields.append(("rating", pick(draw, _DELIVERY_GRADES)))
    channel = "online" if online else "hall"
    return f"XK-{k:06d}", received, matter, "", "normal", channel, tuple(fields), events


_RATINGS = weighted(GRADES[3:], (75, 25))
_RATE_20 = per_minute(20)


def _rating(draws: _Draws, k: int, received: int) -> Sketch:
    """A bad 好差评 rating being rectified: assigned, rectified, called back, closed."""
    draw, bits, duty = draws.random, draws.bits, draws.duty
    rating = pick(draw, _RATINGS)
    fields = (("department", _DEPARTMENTS[below(bits, 7)]), ("rating", rating))
    if draw() < 0.03:
        names = ["void"]  # the appeal upheld (申诉成立)
    else:
        names = ["assign", "rectify", "call_back"]
        if draw() < 0.08:
            names += ("redo", "rectify", "call_back")
        names.append("close")
        if draw() < 0.05:
            names = names[: 1 + below(bits, 2)]  # still being rectified
    events: list[EventSketch] = []
    t = received
    for name in names:  # no step is any-hour
        t = duty(t + waited(draw, _RATE_2 if name == "assign" else _RATE_20))
        events.append((name, t, None, "", None))
    return f"HCP-{k:06d}", received, "", "", "normal", "", fields, events


_MAKERS: dict[str, Maker] = {
    "hotline": _hotline,
    "urban": _urban,
    "licence": _licence,
    "rating": _rating,
}


def sketches(n: int, seed: int, kind: str, first: dt.date, days: int) -> Iterator[Sketch]:
    """The sketches of ``n`` cases of ``kind`` (checked by the caller) received over
    ``days`` days from ``first``."""
    draws = _Draws(seed, kind)
    make = _MAKERS[kind]
    start = first.toordinal()
    for k in range(1, n + 1):
        yield make(draws, k, _arrival(draws, start, days))
