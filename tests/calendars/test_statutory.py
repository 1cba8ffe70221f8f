"""The statutory data: every covered day against chinesecalendar and an independent source, and the corrections."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import holidays

import civicflow as cf

CAL = cf.china_calendar()


def covered_days() -> list[dt.date]:
    first = dt.date(2004, 1, 1)
    return [first + dt.timedelta(k) for k in range((dt.date(2027, 1, 1) - first).days)]


def test_every_covered_day_agrees_with_chinesecalendar_but_its_corrections() -> None:
    data = cf.statutory_data()
    assert (data.first_year, data.last_year) == (2004, 2026)
    corrected = {c.date for c in data.corrections}
    for day in covered_days():
        if day in corrected:
            assert CAL.is_workday(day) != chinese_calendar.is_workday(day), day
        else:
            assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day


def test_every_covered_day_agrees_with_an_independent_source() -> None:
    """The ``holidays`` package, read independently of chinesecalendar, agrees on every day
    once the corrections are applied; before, they differed on 2005-12-31 only."""
    other = holidays.country_holidays("CN", years=range(2004, 2027))
    disagree = [d for d in covered_days() if CAL.is_workday(d) != other.is_working_day(d)]
    assert disagree == []
    raw = [d for d in covered_days() if chinese_calendar.is_workday(d) != other.is_working_day(d)]
    assert raw == [c.date for c in cf.statutory_data().corrections]


def test_the_2006_notice_made_new_years_eve_2005_a_working_saturday() -> None:
    info = CAL.day(dt.date(2005, 12, 31))
    assert info.kind is cf.DayKind.MAKE_UP
    assert info.reason == "make-up working day (元旦)"
    assert "国办发明电〔2005〕35号" in cf.statutory_data().corrections[0].source
