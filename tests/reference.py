"""Slow, obvious implementations that the fast tables must agree with.

They walk day by day and session by session, using only ``Calendar.day`` (the
classification of one day) and no precomputed table.
"""

from __future__ import annotations

import datetime as dt

import civicflow as cf

ONE_DAY = dt.timedelta(days=1)


def _sessions(cal: cf.Calendar, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    midnight = dt.datetime.combine(day, dt.time())
    return [
        (midnight + dt.timedelta(seconds=s.start), midnight + dt.timedelta(seconds=s.end))
        for s in cal.day(day).sessions
    ]


def _close(cal: cf.Calendar, day: dt.date, midnight: bool) -> dt.datetime:
    if midnight:
        return dt.datetime.combine(day + ONE_DAY, dt.time())
    return _sessions(cal, day)[-1][1]


def _day_of(cal: cf.Calendar, moment: dt.datetime) -> dt.date:
    """The day a moment counts on: the day before while a session of that day runs past
    midnight and has not yet ended."""
    before = moment.date() - ONE_DAY
    if before >= cal.first_day:
        sessions = _sessions(cal, before)
        if sessions and moment < sessions[-1][1]:
            return before
    return moment.date()


def _from(day: dt.date, cal: cf.Calendar) -> dt.date:
    """The day to walk from: the day before, whose night session may reach into ``day``."""
    return day - ONE_DAY if day > cal.first_day else day


def _first_workday(cal: cf.Calendar, day: dt.date) -> dt.date:
    while not cal.day(day).is_workday:
        day += ONE_DAY
    return day


def deadline(
    cal: cf.Calendar, start: dt.datetime, limit: cf.Duration, midnight: bool = False
) -> dt.datetime:
    if isinstance(limit, cf.WorkingDays):
        day = _day_of(cal, start)
        if limit.days == 0:
            return _close(cal, _first_workday(cal, day), midnight)
        counted = 0
        while counted < limit.days:
            day += ONE_DAY
            counted += cal.day(day).is_workday
        return _close(cal, day, midnight)
    if isinstance(limit, cf.WorkingHours):
        left = dt.timedelta(seconds=limit.seconds)
        day = _from(start.date(), cal)
        if not left:  # the clock's first working moment
            while True:
                for begin, end in _sessions(cal, day):
                    if end > start:
                        return max(begin, start)
                day += ONE_DAY
        while True:
            for begin, end in _sessions(cal, day):
                begin = max(begin, start)
                if begin >= end:
                    continue
                if end - begin >= left:
                    return begin + left
                left -= end - begin
            day += ONE_DAY
    if isinstance(limit, cf.ClockTime):
        return start + limit.timedelta
    if isinstance(limit, cf.CalendarDays):
        last = _day_of(cal, start) + limit.days * ONE_DAY
        return _close(cal, _first_workday(cal, last), midnight)
    if isinstance(limit, cf.Months):
        first = _day_of(cal, start)
        month = first.month - 1 + limit.months
        year, month = first.year + month // 12, month % 12 + 1
        day_of_month = first.day
        while True:
            try:
                last = dt.date(year, month, day_of_month)
                break
            except ValueError:
                day_of_month -= 1
        return _close(cal, _first_workday(cal, last), midnight)
    raise TypeError(limit)


def working_time(cal: cf.Calendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    if end < start:
        return -working_time(cal, end, start)
    total = dt.timedelta()
    day = _from(start.date(), cal)
    while day <= end.date():
        for begin, finish in _sessions(cal, day):
            lo, hi = max(begin, start), min(finish, end)
            if lo < hi:
                total += hi - lo
        day += ONE_DAY
    return total


def next_working_moment(cal: cf.Calendar, moment: dt.datetime) -> dt.datetime:
    day = _from(moment.date(), cal)
    while True:
        for begin, end in _sessions(cal, day):
            if moment < end:
                return max(begin, moment)
        day += ONE_DAY
