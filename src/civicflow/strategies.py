"""Hypothesis strategies for testing code that uses civicflow (``pip install civicflow[strategies]``).

>>> from hypothesis import given
>>> import civicflow as cf
>>> from civicflow import strategies as cfst
>>> @given(cfst.local_datetimes(), cfst.working_days(max_days=30))
... def test_deadline_on_a_working_day(start, limit):
...     assert cf.china_calendar().is_workday(cf.deadline(start, limit).date())
>>> test_deadline_on_a_working_day()

Datetimes stay one year away from the end of the calendar's data by default, so that limits
of up to a few months never run past it; pass ``max_year`` to change that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.calendars.sessions import Schedule, Season, Session
from civicflow.calendars.statutory import statutory_data
from civicflow.cases.case import Case, Event
from civicflow.cases.workflow import Transition, Workflow
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)

__all__ = [
    "calendar_days",
    "calendars",
    "cases",
    "clock_times",
    "covered_dates",
    "durations",
    "local_datetimes",
    "months",
    "schedules",
    "sessions",
    "working_days",
    "working_hours",
]


def _years(min_year: int | None, max_year: int | None) -> tuple[int, int]:
    data = statutory_data()
    first = data.first_year if min_year is None else min_year
    last = data.last_year - 1 if max_year is None else max_year
    if not data.first_year <= first <= last <= data.last_year:
        raise ValueError(
            f"years must lie within {data.first_year}-{data.last_year} "
            f"(got min_year={min_year}, max_year={max_year})"
        )
    return first, last


def covered_dates(
    min_year: int | None = None, max_year: int | None = None
) -> st.SearchStrategy[dt.date]:
    """Dates inside the years the statutory data covers (by default all but the last)."""
    first, last = _years(min_year, max_year)
    return st.dates(dt.date(first, 1, 1), dt.date(last, 12, 31))


def local_datetimes(
    min_year: int | None = None, max_year: int | None = None, *, resolution: str = "minute"
) -> st.SearchStrategy[dt.datetime]:
    """Naive local datetimes inside the covered years.

    Args:
        resolution: ``"minute"`` (the default, as case systems record), ``"second"`` or
            ``"microsecond"``.
    """
    first, last = _years(min_year, max_year)
    moments = st.datetimes(dt.datetime(first, 1, 1), dt.datetime(last, 12, 31, 23, 59, 59))
    if resolution == "minute":
        return moments.map(lambda m: m.replace(second=0, microsecond=0))
    if resolution == "second":
        return moments.map(lambda m: m.replace(microsecond=0))
    if resolution == "microsecond":
        return moments
    raise ValueError(
        f"'resolution' must be 'minute', 'second' or 'microsecond' (got {resolution!r})"
    )


def working_days(max_days: int = 60) -> st.SearchStrategy[WorkingDays]:
    """Working-day limits from 0 to ``max_days``."""
    return st.builds(WorkingDays, st.integers(0, max_days))


def working_hours(max_hours: int = 200) -> st.SearchStrategy[WorkingHours]:
    """Working-hour limits from 0 to ``max_hours``, in whole minutes."""
    return st.integers(0, max_hours * 60).map(lambda m: WorkingHours(minutes=m))


def clock_times(max_hours: int = 500) -> st.SearchStrategy[ClockTime]:
    """Clock-time limits from 0 to ``max_hours``, in whole minutes."""
    return st.integers(0, max_hours * 60).map(lambda m: ClockTime(minutes=m))


def calendar_days(max_days: int = 90) -> st.SearchStrategy[CalendarDays]:
    """Calendar-day limits from 0 to ``max_days``."""
    return st.builds(CalendarDays, st.integers(0, max_days))


def months(max_months: int = 6) -> st.SearchStrategy[Months]:
    """Month limits from 0 to ``max_months``."""
    return st.builds(Months, st.integers(0, max_months))


def durations() -> st.SearchStrategy[Duration]:
    """Limits of every kind, short enough to stay inside the data from a covered start."""
    return st.one_of(working_days(), working_hours(), clock_times(), calendar_days(), months())


@st.composite
def sessions(
    draw: st.DrawFn,
    max_sessions: int = 3,
    min_hours: int = 2,
    *,
    earliest: int = 0,
    night: bool = False,
) -> tuple[Session, ...]:
    """Valid working sessions of a day: 1 to ``max_sessions``, in order, on whole minutes,
    at least ``min_hours`` in all (so that long working-hour limits stay inside the data),
    none before minute ``earliest``; with ``night``, the last one sometimes runs past
    midnight, never past the first one's start."""
    day = 24 * 60
    begin = draw(st.integers(earliest, day - min_hours * 60))
    found: list[Session] = []
    for k in range(draw(st.integers(1, max_sessions))):
        shortest = min_hours * 60 if k == 0 else 1
        if begin + shortest > day:
            break
        end = draw(st.integers(begin + shortest, day))
        found.append(Session(begin * 60, end * 60))
        if end == day:
            break
        begin = draw(st.integers(end, day - 1))
    if night and found[0].start and draw(st.booleans()):
        end = draw(st.integers(day + 1, day + found[0].start // 60))
        found[-1] = Session(found[-1].start, end * 60)
    return tuple(found)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """Schedules with random sessions, sometimes one past midnight, and sometimes a summer
    season, sessions of their own on some weekdays, and sessions on a range of dates."""
    default = draw(sessions(night=True))
    if draw(st.booleans()):
        return Schedule(default)
    after = max(0, default[-1].end // 60 - 24 * 60)  # a night session's minutes past midnight
    first = draw(st.integers(3, 6))
    last = draw(st.integers(first + 1, 10))
    seasons = (Season((first, 1), (last, 30), draw(sessions(earliest=after))),)
    weekdays = [
        (day, draw(sessions(earliest=after)))
        for day in draw(st.lists(st.integers(0, 6), max_size=2, unique=True))
    ]
    dates = []
    if draw(st.booleans()):
        start = draw(covered_dates())
        span = dt.timedelta(days=draw(st.integers(0, 40)))
        dates.append((start, start + span, draw(sessions(earliest=after))))
    return Schedule(default, seasons, weekdays, dates)


@st.composite
def calendars(
    draw: st.DrawFn, min_year: int | None = None, max_year: int | None = None
) -> Calendar:
    """The national calendar with random sessions, extra days off and extra working days,
    and sometimes a six- or seven-day week and closures of part of a day or a few days."""
    days = draw(st.lists(covered_dates(min_year, max_year), max_size=12, unique=True))
    cut = draw(st.integers(0, len(days)))
    cal = china_calendar(draw(schedules()))
    cal = cal.with_days_off(days[:cut], "closure").with_working_days(days[cut:], "extra")
    if draw(st.booleans()):
        cal = cal.with_workweek(range(draw(st.integers(5, 7))), national=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 3))):
        start = dt.datetime.combine(draw(covered_dates(min_year, max_year)), dt.time())
        start += dt.timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)))
        length = dt.timedelta(minutes=draw(st.integers(1, 3 * 24 * 60)))
        cal = cal.with_closure(start, start + length, "停止办公")
    return cal


def _extension_for(draw: st.DrawFn, case: Case, t: Transition) -> Duration | None:
    """An extension the case accepts for ``t``, or None when none would be accepted."""
    rule = t.extension
    assert rule is not None
    earlier = [e.extension for e in case.history if e.name == t.name and e.extension is not None]
    if rule.times is not None and len(earlier) >= rule.times:
        return None
    if rule.cap is None:
        return draw(st.one_of(working_days(max_days=10), working_hours(max_hours=16)))
    if isinstance(rule.cap, WorkingDays):
        left = rule.cap.days - sum(e.days for e in earlier if isinstance(e, WorkingDays))
        return WorkingDays(draw(st.integers(0, left))) if left >= 0 else None
    if isinstance(rule.cap, WorkingHours | ClockTime):
        used = sum(e.seconds for e in earlier if isinstance(e, type(rule.cap)))
        left = rule.cap.seconds - used
        return type(rule.cap)(seconds=draw(st.integers(0, left))) if left >= 0 else None
    return None


@st.composite
def cases(
    draw: st.DrawFn,
    workflow: Workflow,
    *,
    types: Sequence[str] = ("",),
    categories: Sequence[str] = ("",),
    urgencies: Sequence[str] = ("normal",),
    max_events: int = 12,
    max_gap: dt.timedelta = dt.timedelta(days=4),
    min_year: int | None = None,
    max_year: int | None = None,
) -> Case:
    """Cases of ``workflow`` with a random history of valid events.

    Events come at most ``max_gap`` apart, at whole minutes; extensions stay within their
    caps; a reclassification draws its new type, category or urgency from those given; the
    case and each step come in online, at the hall, or with no channel recorded.
    Draw types, categories and urgencies from those a policy names to exercise its limits.
    """
    received = draw(local_datetimes(min_year, max_year))
    case = Case.open(
        workflow,
        draw(st.text("ABCDEFGH0123456789-", min_size=1, max_size=12)),
        received,
        type=draw(st.sampled_from(types)),
        category=draw(st.sampled_from(categories)),
        urgency=draw(st.sampled_from(urgencies)),
        channel=draw(st.sampled_from(("", "online", "hall"))),
    )
    gap_minutes = max_gap // dt.timedelta(minutes=1)
    for n in range(draw(st.integers(0, max_events))):
        allowed = workflow.allowed(case.state)
        if not allowed:
            break
        t = workflow.transition(draw(st.sampled_from(allowed)))
        assert t is not None
        extension = None
        if t.extension is not None:
            extension = _extension_for(draw, case, t)
            if extension is None:
                continue
        changes: dict[str, str] = {}
        if t.reclassifies:
            field, values = draw(
                st.sampled_from([("type", types), ("category", categories), ("urgency", urgencies)])
            )
            changes[field] = draw(st.sampled_from(values))
        at = case.last_moment + dt.timedelta(minutes=draw(st.integers(0, gap_minutes)))
        channel = draw(st.sampled_from(("", "online", "hall")))
        case = case.apply(Event(f"e{n}", t.name, at, extension, changes=changes, channel=channel))
    return case
