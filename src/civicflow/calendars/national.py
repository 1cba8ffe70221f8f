"""The national days of a calendar: the statutory data, with the notices loaded on top.

Whole-year arrangements replace their year (or add the next one); partial ones (one-off
notices) then amend their year day by day; provisional years follow the last year with data.

Each day off that the law does not itself grant is one of a break's weekend days, a day
given in lieu of a holiday on a weekend (补假) or a day swapped for a make-up working day
(调休): :func:`rest_days` tells them apart.

>>> import datetime as dt
>>> rests = rest_days(national_days((), None))
>>> [rests[dt.date(2006, 2, d)].value for d in (1, 2, 4)]
['in lieu', 'swapped', 'weekend']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from civicflow._arguments import guard
from civicflow.calendars import _lunar
from civicflow.calendars.days import Rest
from civicflow.calendars.notices import Arrangement
from civicflow.calendars.provisional import provisional_arrangement, statutory_set
from civicflow.calendars.statutory import statutory_data
from civicflow.errors import CalendarError

__all__ = ["National", "national_days", "notice_year", "rest_days"]


def notice_year(day: dt.date, festival: str) -> int:
    """The year of the notice that sets ``day``: a December day of a New Year's break
    (元旦) belongs to the next year's notice."""
    return day.year + 1 if day.month == 12 and "元旦" in festival else day.year


@attrs.frozen
class National:
    """The national days of a calendar: the statutory data with its arrangements on top."""

    first_year: int
    last_year: int
    days_off: Mapping[dt.date, str]
    make_up: Mapping[dt.date, str]
    sources: Mapping[int, str]
    #: The days swapped for a make-up working day (调休) where the data says which they are
    #: (chinesecalendar's in-lieu days), and the years it says so for.
    swapped: Mapping[dt.date, str] = attrs.field(factory=dict)
    swapped_years: frozenset[int] = frozenset()


def national_days(arrangements: tuple[Arrangement, ...], through: int | None) -> National:
    data = statutory_data()
    known = frozenset(range(data.first_year, data.last_year + 1))
    if not arrangements and through is None:
        sources = dict.fromkeys(range(data.first_year, data.last_year + 1), data.source)
        return National(
            data.first_year, data.last_year, data.days_off, data.make_up_days, sources,
            data.swapped_days, known,
        )  # fmt: skip
    days_off, make_up = dict(data.days_off), dict(data.make_up_days)
    sources = dict.fromkeys(range(data.first_year, data.last_year + 1), data.source)
    last = data.last_year
    whole = [a for a in arrangements if not a.partial]
    for a in sorted(whole, key=lambda a: a.year):
        if a.year > last + 1:
            raise CalendarError(
                f"an arrangement for {a.year} needs one for {last + 1} first: a calendar's "
                "years must follow each other"
            )
        if a.year < data.first_year:
            raise CalendarError(
                f"an arrangement for {a.year} is before the data begins ({data.first_year})"
            )
        # The days of the year's own notice: its year, and the December before it that its
        # New Year's break moves, but not its own December moved by the next year's notice.
        covered = {d for d, n in days_off.items() if notice_year(d, n) == a.year}
        covered |= {d for d, n in make_up.items() if notice_year(d, n) == a.year}
        covered |= set(a.holidays) | a.make_up_days
        for d in covered:
            days_off.pop(d, None)
            make_up.pop(d, None)
        days_off.update(a.holidays)
        make_up.update(a.make_up)
        sources[a.year] = a.source
        known -= {a.year}
        last = max(last, a.year)
    for a in arrangements:
        if not a.partial:
            continue
        if not data.first_year <= a.year <= last:
            raise CalendarError(
                f"a partial arrangement for {a.year} amends a year the calendar knows "
                f"({data.first_year}-{last}); load that year's notice first"
            )
        for d, name in a.days_off:
            make_up.pop(d, None)
            days_off[d] = name
        for d, name in a.make_up:
            days_off.pop(d, None)
            make_up[d] = name
        sources[a.year] = f"{sources[a.year]}; amended by {a.source}"
    for year in range(last + 1, (through or 0) + 1):
        p = provisional_arrangement(year)
        days_off.update(p.holidays)
        sources[year] = p.source
        last = year
    swapped = {d: n for d, n in data.swapped_days.items() if d in days_off}
    return National(data.first_year, last, days_off, make_up, sources, swapped, known)


def _holidays_on(day: dt.date) -> int:
    """How many statutory holidays fall on ``day``: two where the Mid-autumn Festival falls
    on one of National Day's days (2009, 2020, 2028...), which the law makes up with one more
    day off."""
    if day not in statutory_set(day.year):
        return 0
    festivals = _lunar.FESTIVALS.get(day.year)
    autumn = dt.date(day.year, *festivals[2]) if festivals and day.year >= 2008 else None
    return 2 if day == autumn and day.month == 10 and day.day <= 3 else 1


def rest_days(national: National) -> dict[dt.date, Rest]:
    """The kind of each day off that the law does not itself grant.

    Days off are read as breaks: runs of days off with nothing but weekend days between
    them. In a break, a Saturday or a Sunday is a weekend day, and the days the data marks
    as swapped for a make-up working day (chinesecalendar's in-lieu days) are 调休. Then, in
    date order, the break's other working days are given in lieu (补假), as many as it has
    statutory holidays on a weekend, a day on which two fall (Mid-autumn on National Day)
    counting twice, with what an earlier break within three weeks could not give (2015's
    Mid-autumn on a Sunday, made up in the National Day break); and the next are swapped,
    as many as the break has make-up working days not matched yet. A year with no in-lieu
    data (read from a notice or a holiday-cn file, or provisional) is read the same way.
    A day left over (a one-off notice's: the 2020 extension of the Spring Festival, 3
    September 2015) has no kind.
    """
    rests: dict[dt.date, Rest] = {}
    owed, owed_until = 0, dt.date.min
    for run in _breaks(national.days_off, national.make_up):
        if run[0] > owed_until:
            owed = 0
        owed += sum(_holidays_on(d) - (d.weekday() < 5) for d in run if d in statutory_set(d.year))
        known = run[0].year in national.swapped_years
        names = {national.days_off[d] for d in run}
        swaps = sum(1 for d, n in national.make_up.items() if n in names and _near(d, run))
        if known:
            swaps -= sum(1 for d in run if d in national.swapped and d not in statutory_set(d.year))
        for day in run:
            if day in statutory_set(day.year):
                continue
            if day.weekday() >= 5:
                rests[day] = Rest.WEEKEND
            elif known and day in national.swapped:
                rests[day] = Rest.SWAPPED
            elif owed > 0:
                rests[day] = Rest.IN_LIEU
                owed -= 1
            elif swaps > 0:
                rests[day] = Rest.SWAPPED
                swaps -= 1
        owed_until = run[-1] + dt.timedelta(days=21)
    return rests


def _breaks(days_off: Mapping[dt.date, str], make_up: Mapping[dt.date, str]) -> list[list[dt.date]]:
    """The days off in breaks: runs of days off with nothing between them but weekend days
    that are not worked."""
    runs: list[list[dt.date]] = []
    for day in sorted(days_off):
        if runs:
            gap = [runs[-1][-1] + dt.timedelta(days=k) for k in range(1, (day - runs[-1][-1]).days)]
            if all(d.weekday() >= 5 and d not in make_up for d in gap):
                runs[-1].append(day)
                continue
        runs.append([day])
    return runs


def _near(day: dt.date, run: list[dt.date]) -> bool:
    """Whether a make-up day belongs to a break: within three weeks of it."""
    return run[0] - dt.timedelta(days=21) <= day <= run[-1] + dt.timedelta(days=21)


guard(globals())
