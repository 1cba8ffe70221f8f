"""Explanations: the days a deadline counted and skipped, with the calendar's reasons.

>>> import datetime as dt
>>> print(explain(dt.datetime(2025, 9, 30, 16, 0), "3个工作日").deadline)
2025-10-11 17:30:00

It walks the days one by one (the slow path, which the tests also use as the reference for
the table lookups of :mod:`civicflow.limits.arithmetic`).
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
from dateutil.relativedelta import relativedelta

from civicflow._arguments import guard
from civicflow.calendars._tables import US_PER_SECOND, Tables, moment_at, us_of_day
from civicflow.calendars.calendar import Calendar
from civicflow.calendars.days import DayInfo, DayKind
from civicflow.errors import ArgumentTypeError
from civicflow.limits._local import (
    next_working,
    parse_limit,
    resolve_calendar,
)
from civicflow.limits.arithmetic import LimitLike, deadline
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)
from civicflow.limits.rules import DayEnd, Receipt, parse_option

__all__ = ["ExplainedDay", "Explanation", "explain"]


@attrs.frozen
class ExplainedDay:
    """One day in an explanation.

    Attributes:
        info: the day and its status in the calendar.
        counted: whether the day counted towards the limit.
        note: what the day did: ``"working day 2 of 3"``, ``"skipped"``, ``"start day"``...
    """

    info: DayInfo
    counted: bool
    note: str


@attrs.frozen
class Explanation:
    """Why a deadline is where it is.

    Attributes:
        start: the start as given.
        counted_from: the local moment the count started (differs from ``start`` under
            :attr:`Receipt.NEXT_WORKING_MOMENT`).
        limit: the limit.
        deadline: the deadline, as :func:`deadline` returns it.
        rule: the counting rule applied, in words.
        days: the days from the start day to the deadline day, with what each did.
        provisional: the years of those days that the calendar covers only provisionally
            (no notice yet): the deadline may move when the notice is out.
    """

    start: dt.datetime
    counted_from: dt.datetime
    limit: Duration
    deadline: dt.datetime
    rule: str
    days: tuple[ExplainedDay, ...]
    provisional: tuple[int, ...] = ()

    @property
    def skipped(self) -> tuple[ExplainedDay, ...]:
        """The days off the count passed over."""
        return tuple(d for d in self.days if d.note.startswith("skipped"))

    def __str__(self) -> str:
        lines = [f"start     {_stamp(self.start)}"]
        if self.counted_from != self.start.replace(tzinfo=None) and self.start.tzinfo is None:
            lines.append(f"counted   from {_stamp(self.counted_from)} (the next working moment)")
        lines.append(f"limit     {self.limit} ({self.limit.chinese}): {self.rule}")
        for group in _runs(self.days):
            first, last = group[0], group[-1]
            when = str(first.info.date)
            if len(group) > 1:
                when += f"..{last.info.date}"
            when += f" {_WEEK[first.info.date.weekday()]}"
            if len(group) > 1:
                when += f"-{_WEEK[last.info.date.weekday()]}"
            note = first.note if len(group) == 1 else _merged_note(group)
            lines.append(f"  {when:<30} {note}")
        lines.append(f"deadline  {_stamp(self.deadline)}")
        if self.provisional:
            years = ", ".join(map(str, self.provisional))
            lines.append(
                f"PROVISIONAL: no holiday notice yet for {years}; its holidays follow the law "
                "alone, without make-up days, and the deadline may move when the notice is out"
            )
        return "\n".join(lines)


_WEEK = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _stamp(moment: dt.datetime) -> str:
    text = f"{moment:%Y-%m-%d %H:%M} {_WEEK[moment.weekday()]}"
    if moment.second or moment.microsecond:
        text = f"{moment:%Y-%m-%d %H:%M:%S} {_WEEK[moment.weekday()]}"
    if moment.tzinfo is not None:
        text += f" {moment:%z}"
    return text


def _runs(days: tuple[ExplainedDay, ...]) -> list[list[ExplainedDay]]:
    """Consecutive days skipped for the same reason, or counted alike, go on one line."""
    runs: list[list[ExplainedDay]] = []
    for day in days:
        prev = runs[-1][-1] if runs else None
        if prev is not None and _key(prev) is not None and _key(prev) == _key(day):
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _key(day: ExplainedDay) -> tuple[object, ...] | None:
    if day.note.startswith("skipped"):
        return ("skipped", day.note)  # equivalent: a tag only compared with its neighbours' tags
    if re.fullmatch(r"day \d+", day.note):
        return ("day",)
    return None


def _merged_note(group: list[ExplainedDay]) -> str:
    first, last = group[0], group[-1]
    if _key(first) == ("day",):
        return f"days {first.note[4:]}-{last.note[4:]} (calendar days count, off or not)"
    return f"{first.note} ({len(group)} days)"


def _ordinal(n: int) -> str:
    # equivalent "11 <= n % 100", "10 < n % 100", "n % 100 < 20": at 10 and 20 the last
    # digit is 0, which gives "th" anyway
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _worked(t: Tables, day: dt.date, local: dt.datetime, local_end: dt.datetime) -> int:
    """Working microseconds of ``day``'s sessions (a night session's hours after midnight
    included) between ``local`` and ``local_end``."""
    i = t.index(day)
    lo = max(local, moment_at(t, i, t.carry[i]))
    hi = min(local_end, moment_at(t, i + 1, t.carry[i + 1] if i + 1 < t.n else 0))
    return max(0, _work_at(t, hi) - _work_at(t, lo))


def _work_at(t: Tables, moment: dt.datetime) -> int:
    j = moment.toordinal() - t.base
    return t.cum_us[t.n] if j >= t.n else t.working_us(j, us_of_day(moment))


def _hm(us: int) -> str:
    minutes = us // (60 * US_PER_SECOND)
    return f"{minutes // 60}h{minutes % 60:02d}"


def explain(
    start: dt.datetime,
    limit: LimitLike,
    calendar: Calendar | None = None,
    *,
    day_end: DayEnd | str = DayEnd.CLOSE_OF_BUSINESS,
    receipt: Receipt | str = Receipt.AS_RECEIVED,
) -> Explanation:
    """The deadline of :func:`deadline`, with the days it counted and skipped and why.

    Takes the same arguments as :func:`deadline`.

    >>> import datetime as dt
    >>> print(explain(dt.datetime(2025, 9, 30, 16, 0), "3个工作日"))
    start     2025-09-30 16:00 Tue
    limit     3 working days (3个工作日): the start day is not counted; the deadline is the close of business of the 3rd working day after it
      2025-09-30 Tue                 start day, not counted
      2025-10-01..2025-10-03 Wed-Fri skipped: statutory holiday (国庆节) (3 days)
      2025-10-04..2025-10-05 Sat-Sun skipped: rest day of the break (国庆节) (2 days)
      2025-10-06 Mon                 skipped: statutory holiday (中秋节)
      2025-10-07..2025-10-08 Tue-Wed skipped: rest day swapped, 调休 (国庆节) (2 days)
      2025-10-09 Thu                 working day 1 of 3
      2025-10-10 Fri                 working day 2 of 3
      2025-10-11 Sat                 working day 3 of 3: make-up working day (国庆节)
    deadline  2025-10-11 17:30 Sat
    """
    cal = resolve_calendar(calendar)
    dur = parse_limit(limit)
    end_rule = parse_option(DayEnd, day_end, "day_end")
    receipt_rule = parse_option(Receipt, receipt, "receipt")
    result = deadline(start, dur, cal, day_end=end_rule, receipt=receipt_rule)
    local = cal.to_local(start)
    if receipt_rule is Receipt.NEXT_WORKING_MOMENT:
        local = next_working(cal.tables, local)
    local_end = cal.to_local(result)
    last_day = local_end.date()
    if type(dur) in (WorkingDays, CalendarDays, Months):
        t = cal.tables
        first = t.date(t.day_of(local))  # a night session's day
        if end_rule is DayEnd.MIDNIGHT:
            last_day -= dt.timedelta(days=1)  # 24:00 is 00:00 of the next day
        elif last_day > first and us_of_day(local_end) <= t.carry[t.index(last_day)]:
            last_day -= dt.timedelta(days=1)  # the close of a session past midnight
    else:
        first = local.date()
    rule, days = _explain_days(cal, local, first, local_end, last_day, dur, end_rule)
    provisional = tuple(
        sorted(
            ({local.year, local_end.year} | {d.info.date.year for d in days})
            & cal.provisional_years
        )
    )
    return Explanation(start, local, dur, result, rule, days, provisional)


def _explain_days(
    cal: Calendar,
    local: dt.datetime,
    first: dt.date,
    local_end: dt.datetime,
    last_day: dt.date,
    dur: Duration,
    day_end: DayEnd,
) -> tuple[str, tuple[ExplainedDay, ...]]:
    if isinstance(dur, ClockTime):  # needs no holiday data, and lists no day
        return "plain elapsed time: nights, weekends and holidays all count", ()
    end_words = "24:00" if day_end is DayEnd.MIDNIGHT else "the close of business"
    days: list[ExplainedDay] = []
    infos = list(cal.days(first, max(last_day, first)))
    if isinstance(dur, WorkingDays):
        rule = (
            f"the start day is not counted; the deadline is {end_words} of the "
            f"{_ordinal(dur.days)} working day after it"
        )
        if dur.days == 0:
            rule = f"no working day to add; the deadline is {end_words} of the first working day"
        k = 0
        for n, info in enumerate(infos):
            if n == 0 and (dur.days or not info.is_workday):
                note = "start day, not counted" if dur.days else f"skipped: {info.reason}"
                days.append(ExplainedDay(info, False, note))
            elif info.is_workday:
                k += 1
                note = f"working day {k} of {dur.days}" if dur.days else "deadline day"
                if info.kind is not DayKind.WORKDAY or info.cut_short:
                    note += f": {info.reason}"
                days.append(ExplainedDay(info, True, note))
            else:
                days.append(ExplainedDay(info, False, f"skipped: {info.reason}"))
        return rule, tuple(days)
    if isinstance(dur, CalendarDays | Months):
        target = (
            first + dt.timedelta(dur.days)
            if isinstance(dur, CalendarDays)
            else first + relativedelta(months=dur.months)
        )
        what = (
            "the start day is not counted"
            if isinstance(dur, CalendarDays)
            else (
                f"the period ends on {target} (the matching day of the last month, or its last day)"
            )
        )
        rule = (
            f"{what}; if the last day is not a working day the period ends on the next "
            f"working day; the deadline is {end_words}"
        )
        for n, info in enumerate(infos):
            if n == 0:
                days.append(ExplainedDay(info, False, "start day, not counted"))
            elif info.date <= target:
                note = f"day {(info.date - first).days}"
                days.append(ExplainedDay(info, True, note))
            elif info.date < last_day:
                days.append(ExplainedDay(info, False, f"skipped: {info.reason}"))
            else:
                note = "the period ends on this next working day"
                if info.kind is not DayKind.WORKDAY or info.cut_short:
                    note += f": {info.reason}"
                days.append(ExplainedDay(info, True, note))
        for i, day in enumerate(days):
            if i and day.info.date == target:
                note = f"{day.note}, the last day"
                if target != last_day:
                    note += f", not a working day: {day.info.reason}"
                days[i] = attrs.evolve(day, note=note)
        return rule, tuple(days)
    if isinstance(dur, WorkingHours):
        rule = "working time counts from the start, inside working sessions only"
        t = cal.tables
        for info in infos:
            if not info.is_workday:
                days.append(ExplainedDay(info, False, f"skipped: {info.reason}"))
                continue
            counted = _worked(t, info.date, local, local_end)
            sessions = ",".join(map(str, info.sessions))
            note = f"{_hm(counted)} of working time (sessions {sessions})"
            if info.kind is not DayKind.WORKDAY or info.cut_short:
                note += f": {info.reason}"
            days.append(ExplainedDay(info, counted > 0, note))
        return rule, tuple(days)
    # equivalent: unreachable, deadline() has read the limit into one of the kinds above
    raise ArgumentTypeError("limit", dur, "a civicflow Duration or a str")


guard(globals())
