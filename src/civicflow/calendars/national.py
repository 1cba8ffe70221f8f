"""The national days of a calendar: the statutory data, with the notices loaded on top.

Whole-year arrangements replace their year (or add the next one); partial ones (one-off
notices) then amend their year day by day; provisional years follow the last year with data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from civicflow._arguments import guard
from civicflow.calendars.notices import Arrangement
from civicflow.calendars.provisional import provisional_arrangement
from civicflow.calendars.statutory import statutory_data
from civicflow.errors import CalendarError

__all__ = ["National", "national_days", "notice_year"]


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


def national_days(arrangements: tuple[Arrangement, ...], through: int | None) -> National:
    data = statutory_data()
    if not arrangements and through is None:
        sources = dict.fromkeys(range(data.first_year, data.last_year + 1), data.source)
        return National(data.first_year, data.last_year, data.days_off, data.make_up_days, sources)
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
    return National(data.first_year, last, days_off, make_up, sources)


guard(globals())
