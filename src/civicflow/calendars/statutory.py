"""Statutory holiday data: the one adapter to chinesecalendar.

The State Council's yearly notices ("国务院办公厅关于YYYY年部分节假日安排的通知") fix which
days are off and which weekend days are worked instead (调休). The package chinesecalendar
carries them; this module is the only place that reads it, and turns it into plain dates
and the festival names as the notices write them.

>>> from datetime import date
>>> data = statutory_data()
>>> data.days_off[date(2025, 10, 1)]
'国庆节'
>>> data.make_up_days[date(2025, 10, 11)]
'国庆节'
>>> date(2006, 2, 2) in data.swapped_days, date(2006, 2, 1) in data.swapped_days
(True, False)
>>> data.first_year <= 2025 <= data.last_year
True
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Mapping
from types import MappingProxyType

import attrs
import chinese_calendar

from civicflow._arguments import guard
from civicflow.errors import ArgumentError, ArgumentTypeError, shown

__all__ = ["CORRECTIONS", "Correction", "StatutoryData", "qingming", "statutory_data"]

# chinesecalendar abbreviates some festivals ("清明", "端午", "中秋"); the notices use the full names.
_FULL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


@attrs.frozen
class Correction:
    """A day on which chinesecalendar departs from the notice; the notice wins.

    Attributes:
        date: the day.
        workday: what the notice makes it: a working day (True) or a day off (False).
        festival: the festival it belongs to.
        source: the notice, with its document number and the words that settle it.
    """

    date: dt.date
    workday: bool
    festival: str
    source: str


#: The corrections applied to chinesecalendar's data. Each was found by comparing it day by
#: day with the ``holidays`` package over 2004-2026 and settled by reading the notice.
CORRECTIONS = (
    Correction(
        dt.date(2005, 12, 31),
        workday=True,
        festival="元旦",
        source="国务院办公厅关于2006年部分节假日安排的通知 (国办发明电〔2005〕35号): "
        "“12月31日（星期六）上班”",
    ),
)


@attrs.frozen(eq=False)
class StatutoryData:
    """The national days off and make-up working days of the covered years.

    Attributes:
        first_year: the first year with data.
        last_year: the last year with data.
        days_off: each date granted off by a notice (weekend days inside a holiday
            included), mapped to its festival's Chinese name.
        make_up_days: each weekend date that a notice turned into a working day, mapped
            to the festival it makes up for.
        source: where the data comes from, with its version.
        corrections: the corrections applied (:data:`CORRECTIONS`).
        swapped_days: the days off given in exchange for a make-up working day (调休),
            mapped to their festival: chinesecalendar's in-lieu days
            (``chinese_calendar.in_lieu_days``, what its ``is_in_lieu`` reads). The other
            days off that the law does not itself grant are weekends of a break, days given
            in lieu of a holiday on a weekend (补假), or days of a one-off notice.
    """

    first_year: int
    last_year: int
    days_off: Mapping[dt.date, str]
    make_up_days: Mapping[dt.date, str]
    source: str
    corrections: tuple[Correction, ...] = ()
    swapped_days: Mapping[dt.date, str] = MappingProxyType({})


def _chinese_name(english: str) -> str:
    name: str = chinese_calendar.Holiday(english).chinese
    return _FULL_NAMES.get(name, name)


@functools.cache
def statutory_data() -> StatutoryData:
    """Read chinesecalendar's tables once, apply :data:`CORRECTIONS`, and return them.

    >>> from datetime import date
    >>> date(2005, 12, 31) in statutory_data().make_up_days    # the 2006 notice
    True
    """
    holidays: dict[dt.date, str] = chinese_calendar.holidays
    workdays: dict[dt.date, str] = chinese_calendar.workdays
    days_off = {d: _chinese_name(n) for d, n in holidays.items()}
    make_up = {d: _chinese_name(n) for d, n in workdays.items()}
    for c in CORRECTIONS:
        days_off.pop(c.date, None)
        make_up.pop(c.date, None)
        if c.workday and c.date.weekday() >= 5:
            make_up[c.date] = c.festival
        elif not c.workday:
            days_off[c.date] = c.festival
    named = _name_weekends(days_off, make_up)
    lieu: dict[dt.date, str] = chinese_calendar.in_lieu_days
    swapped = {d: _chinese_name(n) for d, n in lieu.items() if d in days_off}
    return StatutoryData(
        first_year=min(holidays).year,
        last_year=max(holidays).year,
        days_off=MappingProxyType(days_off),
        make_up_days=MappingProxyType(make_up),
        source=f"chinesecalendar {chinese_calendar.__version__}, with {len(CORRECTIONS)} "
        f"correction(s) from the notices and {named} weekend day(s) named for their break",
        corrections=CORRECTIONS,
        swapped_days=MappingProxyType(swapped),
    )


#: The days off whose notice says "与周末连休" (joined with the weekend): the adjoining weekend
#: is part of the break, though chinesecalendar leaves some of those days out (e.g. 31 May
#: and 1 June 2014, 8-9 June 2024). From the notices of 2014-2024.
JOINED_WEEKENDS = tuple(
    dt.date(*d)
    for d in (
        (2014, 6, 2), (2014, 9, 8), (2015, 5, 1), (2016, 1, 1), (2016, 4, 4), (2017, 5, 1),
        (2018, 1, 1), (2018, 6, 18), (2018, 9, 24), (2019, 4, 5), (2019, 6, 7), (2019, 9, 13),
        (2024, 1, 1), (2024, 6, 10),
    )
)  # fmt: skip


def _name_weekends(days_off: dict[dt.date, str], make_up: Mapping[dt.date, str]) -> int:
    """Name for its festival every weekend day between two days off of that festival (the
    data leaves some out: 2011-06-05, 2012-06-23, 2015-06-21, all in Dragon Boat breaks) and
    the weekend joined to a day off by its notice (:data:`JOINED_WEEKENDS`), so that a break
    reads as one block; return how many were named."""
    named = 0
    off = sorted(days_off)
    for before, after in itertools.pairwise(off):
        if days_off[before] != days_off[after] or (after - before).days == 1:
            continue
        gap = [before + dt.timedelta(days=k) for k in range(1, (after - before).days)]
        if all(d.weekday() >= 5 and d not in make_up for d in gap):
            for d in gap:
                days_off[d] = days_off[before]
                named += 1
    for day in JOINED_WEEKENDS:  # the weekend that adjoins the day (与周末连休)
        for step in (-1, 1):
            d = day + dt.timedelta(days=step)
            while d.weekday() >= 5 and d not in make_up and d not in days_off:
                days_off[d] = days_off[day]
                named += 1
                d += dt.timedelta(days=step)
    return named


def qingming(year: int) -> dt.date:
    """The day of the Qingming solar term (清明) in ``year``, as chinesecalendar computes it.

    >>> qingming(2027)
    datetime.date(2027, 4, 5)

    Raises:
        ArgumentError: ``year`` is outside 1900-2100, the years chinesecalendar computes.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise ArgumentTypeError("year", year, "a year as a whole number")
    if not 1900 <= year <= 2100:
        raise ArgumentError(
            f"the solar terms are known for 1900-2100 (got {shown(year)}), the years "
            "chinesecalendar computes"
        )
    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
    for day, name in terms:
        if name == "清明":
            return day  # type: ignore[no-any-return]
    raise ValueError(f"no Qingming solar term found in April {year}")  # pragma: no cover


guard(globals())
