"""Provisional years: the holidays the law fixes, for a year whose notice is not out yet.

The holiday law as amended by State Council Order No. 795 (全国年节及纪念日放假办法, in
force from 2025-01-01) grants 13 days: New Year's Day 1, the Spring Festival 4 (its eve and
days 1-3), Qingming 1, Labour Day 2 (1-2 May), the Dragon Boat Festival 1, Mid-autumn 1 and
National Day 3 (1-3 October). Art. 6: a holiday that falls on a Saturday or a Sunday is
made up on a working day (补假), here the first weekday after it that is not a holiday.

What the law does not fix, the notice does: the make-up working weekends (调休) and the
bridges that join holidays to weekends. A provisional year has neither, so its deadlines
are provisional until the notice is out; calendars mark them. Opt in with
:meth:`Calendar.with_provisional`; without it, such years raise ``CalendarCoverageError``.

>>> arr = provisional_arrangement(2027)
>>> sorted(d.isoformat() for d, name in arr.holidays.items() if name == "春节")
['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10']
>>> arr.source
'provisional: the holiday law (Order No. 795), no notice yet'
"""

from __future__ import annotations

import datetime as dt
import functools

from civicflow._arguments import guard
from civicflow.calendars import _lunar
from civicflow.calendars.notices import Arrangement
from civicflow.calendars.statutory import qingming
from civicflow.errors import ArgumentError, shown

__all__ = ["PROVISIONAL_SOURCE", "provisional_arrangement", "statutory_days", "statutory_set"]

PROVISIONAL_SOURCE = "provisional: the holiday law (Order No. 795), no notice yet"


def statutory_days(year: int) -> dict[dt.date, str]:
    """The statutory holidays (法定节假日) of ``year`` by the law in force that year, without
    the days the notices add (补假, 调休): the days on which work is paid at 300 % (劳动法
    Art. 44). The law has changed three times:

    - 2004-2007 (国务院令第270号): New Year's Day, the Spring Festival's days 1-3, 1-3 May,
      1-3 October: 10 days;
    - 2008-2013 (国务院令第513号): New Year's Day, the Spring Festival's eve and days 1-2,
      Qingming, 1 May, the Dragon Boat Festival, Mid-autumn, 1-3 October: 11 days;
    - 2014-2024 (国务院令第644号): the same, with the Spring Festival's days 1-3;
    - from 2025 (国务院令第795号): the Spring Festival's eve and days 1-3, 1-2 May: 13 days.

    >>> sorted(statutory_days(2026).items())[:2]
    [(datetime.date(2026, 1, 1), '元旦'), (datetime.date(2026, 2, 16), '春节')]
    >>> len(statutory_days(2007)), len(statutory_days(2012)), len(statutory_days(2025))
    (10, 11, 13)

    Raises:
        ArgumentError: ``year`` is outside 2004-2060, the years of the lunar table.
    """
    if not _lunar.FIRST_YEAR <= year <= _lunar.LAST_YEAR:
        raise ArgumentError(
            f"statutory holidays are known for {_lunar.FIRST_YEAR}-{_lunar.LAST_YEAR} "
            f"(got {shown(year)}): the years of the lunar table"
        )
    spring, dragon, autumn = (dt.date(year, m, d) for m, d in _lunar.FESTIVALS[year])
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    first, last = (0, 2) if year < 2008 or 2014 <= year < 2025 else (-1, 1 if year < 2014 else 2)
    for k in range(first, last + 1):
        days[spring + dt.timedelta(days=k)] = "春节"
    for k in range(1, 4 if year < 2008 else 3 if year >= 2025 else 2):
        days[dt.date(year, 5, k)] = "劳动节"
    if year >= 2008:
        days[qingming(year)] = "清明节"
        days[dragon] = "端午节"
        days.setdefault(autumn, "中秋节")
    for k in range(1, 4):
        days.setdefault(dt.date(year, 10, k), "国庆节")
    return days


def provisional_arrangement(year: int) -> Arrangement:
    """The statutory holidays of ``year`` by the law alone, with 补假 for those on a weekend.

    Raises:
        ArgumentError: ``year`` is outside 2025-2060.
    """
    if not 2025 <= year <= _lunar.LAST_YEAR:
        raise ArgumentError(
            f"a provisional year must lie within 2025-{_lunar.LAST_YEAR} (got {shown(year)}): the "
            "amended law applies from 2025"
        )
    statutory = statutory_days(year)
    days = dict(statutory)
    for day, name in sorted(statutory.items()):
        if day.weekday() >= 5:
            substitute = day + dt.timedelta(days=1)
            while substitute.weekday() >= 5 or substitute in days:
                substitute += dt.timedelta(days=1)
            days[substitute] = name
    return Arrangement(year, days, {}, PROVISIONAL_SOURCE)


@functools.cache
def statutory_set(year: int) -> frozenset[dt.date]:
    """The statutory holidays of ``year`` as a set; empty outside the lunar table's years."""
    if not _lunar.FIRST_YEAR <= year <= _lunar.LAST_YEAR:
        return frozenset()
    return frozenset(statutory_days(year))


guard(globals())
