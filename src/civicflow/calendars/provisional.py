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

from civicflow.calendars import _lunar
from civicflow.calendars.notices import Arrangement
from civicflow.calendars.statutory import qingming
from civicflow.errors import ArgumentError

__all__ = ["PROVISIONAL_SOURCE", "provisional_arrangement", "statutory_days"]

PROVISIONAL_SOURCE = "provisional: the holiday law (Order No. 795), no notice yet"


def statutory_days(year: int) -> dict[dt.date, str]:
    """The 13 statutory holidays of ``year`` by the amended law, without 补假.

    >>> sorted(statutory_days(2026).items())[:2]
    [(datetime.date(2026, 1, 1), '元旦'), (datetime.date(2026, 2, 16), '春节')]

    Raises:
        ValueError: ``year`` is outside 2025-2060.
    """
    if not 2025 <= year <= _lunar.LAST_YEAR:
        raise ArgumentError(
            f"a provisional year must lie within 2025-{_lunar.LAST_YEAR} (got {year}): the "
            "amended law applies from 2025, and the lunar table ends there"
        )
    spring, dragon, autumn = (dt.date(year, m, d) for m, d in _lunar.FESTIVALS[year])
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    for k in range(-1, 3):
        days[spring + dt.timedelta(days=k)] = "春节"
    days[qingming(year)] = "清明节"
    days[dt.date(year, 5, 1)] = days[dt.date(year, 5, 2)] = "劳动节"
    days[dragon] = "端午节"
    days[autumn] = "中秋节"
    for k in range(1, 4):
        days.setdefault(dt.date(year, 10, k), "国庆节")
    return days


def provisional_arrangement(year: int) -> Arrangement:
    """The statutory holidays of ``year`` by the law alone, with 补假 for those on a weekend.

    Raises:
        ValueError: ``year`` is outside 2025-2060.
    """
    statutory = statutory_days(year)
    days = dict(statutory)
    for day, name in sorted(statutory.items()):
        if day.weekday() >= 5:
            substitute = day + dt.timedelta(days=1)
            while substitute.weekday() >= 5 or substitute in days:
                substitute += dt.timedelta(days=1)
            days[substitute] = name
    return Arrangement(year, days, {}, PROVISIONAL_SOURCE)
