"""Days that say why: 补假 told apart from 调休 as chinesecalendar's in-lieu data does, the
weekend days of a break, and the same reading for years loaded from a notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import chinese_calendar

import civicflow as cf
from civicflow.calendars.national import national_days, rest_days
from civicflow.calendars.provisional import statutory_set

d = dt.date
CAL = cf.china_calendar()
NATIONAL = national_days((), None)
RESTS = rest_days(NATIONAL)
NOTICES = Path(__file__).parents[1] / "data" / "notices"


def test_the_2006_spring_festival_as_chinesecalendar_reads_it() -> None:
    # 29 January, the first day, was a Sunday: 1 February is given in lieu (补假); 28 January
    # and 5 February were worked, so 2 and 3 February are swapped for them (调休).
    assert not chinese_calendar.is_in_lieu(d(2006, 2, 1))
    assert chinese_calendar.is_in_lieu(d(2006, 2, 2))
    assert [RESTS.get(d(2006, 2, k)) for k in (1, 2, 3, 4)] == [
        cf.Rest.IN_LIEU, cf.Rest.SWAPPED, cf.Rest.SWAPPED, cf.Rest.WEEKEND,
    ]  # fmt: skip
    assert [CAL.day(d(2006, 2, k)).reason for k in (1, 2, 4)] == [
        "rest day in lieu, 补假 (春节)",
        "rest day swapped, 调休 (春节)",
        "rest day of the break (春节)",
    ]
    day = CAL.day(d(2006, 1, 30))
    assert (day.statutory, day.rest, day.reason) == (True, None, "statutory holiday (春节)")


def test_every_in_lieu_day_of_the_data_is_swapped_and_the_rest_have_a_kind() -> None:
    for day in chinese_calendar.in_lieu_days:
        if day not in statutory_set(day.year):  # the data marks one statutory day (2022-02-03)
            assert RESTS[day] is cf.Rest.SWAPPED, day
    unexplained = sorted(
        day for day in NATIONAL.days_off
        if day.weekday() < 5 and day not in statutory_set(day.year) and day not in RESTS
    )  # fmt: skip
    # Only the days of one-off notices: the Victory Day holiday and the 2020 extension.
    assert unexplained == [d(2015, 9, 3), d(2020, 1, 30), d(2020, 1, 31)]
    assert all(
        (RESTS.get(day) is cf.Rest.WEEKEND) == (day.weekday() >= 5)
        for day in NATIONAL.days_off
        if day not in statutory_set(day.year)
    )


def test_the_kinds_with_no_in_lieu_data_follow_the_same_reading() -> None:
    """Read without chinesecalendar's in-lieu days, the breaks of 2004-2026 come out the
    same but for three days, where the data swaps another day of the same break."""
    derived = rest_days(attrs.evolve(NATIONAL, swapped_years=frozenset()))
    differ = sorted(day for day in set(RESTS) | set(derived) if RESTS.get(day) != derived.get(day))
    assert differ == [d(2015, 9, 3), d(2015, 9, 4), d(2018, 2, 19)]


def test_a_year_loaded_from_its_notice_says_why_too() -> None:
    text = (NOTICES / "2025.txt").read_text(encoding="utf-8")
    loaded = CAL.with_arrangement(cf.parse_notice(text, source="2025 notice"))
    # National Day 2025: 1-3 October statutory, 6 October Mid-autumn; 4-5 the weekend; 7-8
    # swapped for the make-up 28 September and 11 October.
    for cal in (CAL, loaded):
        assert [cal.day(d(2025, 10, k)).rest for k in (4, 7, 8)] == [
            cf.Rest.WEEKEND, cf.Rest.SWAPPED, cf.Rest.SWAPPED,
        ]  # fmt: skip
    # Provisional years have no make-up days: a holiday on a weekend is given in lieu.
    provisional = CAL.with_provisional(2027)
    assert provisional.day(d(2027, 10, 4)).rest is cf.Rest.IN_LIEU  # 2 October was a Saturday
    assert provisional.day(d(2027, 10, 4)).reason == "rest day in lieu, 补假 (国庆节)"


def test_a_calendar_without_the_national_layer_has_no_rest_days() -> None:
    desk = CAL.with_workweek(range(7), national=False)
    day = desk.day(d(2006, 2, 1))
    assert (day.kind, day.statutory, day.rest) == (cf.DayKind.WORKDAY, False, None)
