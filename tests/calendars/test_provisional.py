"""Provisional years, the lunar table, sector variants and fingerprints."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.calendars import _lunar
from civicflow.calendars.provisional import (
    PROVISIONAL_SOURCE,
    provisional_arrangement,
    statutory_days,
)

CAL = cf.china_calendar()


def test_the_lunar_table_agrees_with_every_bundled_year() -> None:
    for year in range(2004, 2027):
        (m1, d1), (m2, d2), (m3, d3) = _lunar.FESTIVALS[year]
        assert CAL.day(dt.date(year, m1, d1)).name == "春节", year
        if year >= 2008:  # Dragon Boat and Mid-autumn became holidays in 2008
            assert not CAL.is_workday(dt.date(year, m2, d2)), year
            assert not CAL.is_workday(dt.date(year, m3, d3)), year


@pytest.mark.parametrize("year", [2025, 2026])
def test_provisional_holidays_are_days_off_in_the_bundled_data(year: int) -> None:
    days = statutory_days(year)
    assert len(days) == 13
    for day, name in days.items():
        info = CAL.day(day)
        assert not info.is_workday, (day, name)
    # Qingming from the solar term, and the festivals' names as the bundled data has them.
    assert days[min(d for d, n in days.items() if n == "清明节")] == "清明节"


def test_provisional_years_are_opt_in_and_marked() -> None:
    start = dt.datetime(2026, 12, 30, 10)
    with pytest.raises(cf.CalendarCoverageError):
        cf.deadline(start, "5个工作日", CAL)
    cal = CAL.with_provisional(2027)
    assert cf.deadline(start, "5个工作日", cal) == dt.datetime(2027, 1, 7, 17, 30)
    assert cal.is_provisional(dt.date(2027, 1, 7))
    assert not cal.is_provisional(dt.date(2026, 12, 31))
    assert cal.year_sources()[2027] == PROVISIONAL_SOURCE
    assert cf.explain(start, "5个工作日", cal).provisional == (2027,)
    assert "PROVISIONAL" in str(cf.explain(start, "5个工作日", cal))
    assert cf.explain(dt.datetime(2026, 3, 2, 10), "5个工作日", cal).provisional == ()


def test_a_notice_replaces_the_provisional_year() -> None:
    notice = (Path(__file__).parents[1] / "data" / "notices" / "example_2027.txt").read_text(
        "utf-8"
    )
    cal = CAL.with_arrangement(cf.parse_notice(notice)).with_provisional(2028)
    assert cal.provisional_years == {2028}
    assert cal.year_sources()[2027] == "notice"


def test_goal_statuses_say_when_they_are_provisional() -> None:
    policy = cf.hotline_policy()
    case = cf.Case.open(policy.workflow, "P", dt.datetime(2026, 12, 28, 9), type="投诉")
    case = case.apply(cf.Event("1", "dispatch", dt.datetime(2026, 12, 28, 10)))
    at = dt.datetime(2026, 12, 29, 10)
    status = cf.evaluate(case, policy, at, CAL.with_provisional(2027)).goal("handling")
    assert status.provisional
    assert "[provisional]" in str(cf.evaluate(case, policy, at, CAL.with_provisional(2027)))
    text = str(cf.explain_goal(case, policy, "handling", at, CAL.with_provisional(2027)))
    assert "PROVISIONAL" in text


def test_substitute_days_off() -> None:
    arr = provisional_arrangement(2027)
    # 2027-02-06 and 02-07, Spring Festival days on a weekend, are made up on 02-09 and 02-10.
    assert arr.holidays[dt.date(2027, 2, 9)] == "春节"
    assert arr.holidays[dt.date(2027, 2, 10)] == "春节"
    assert not arr.make_up_days
    with pytest.raises(ValueError, match="within 2025-2060"):
        provisional_arrangement(2061)


def test_banks_stay_closed_on_make_up_weekends() -> None:
    bank = CAL.with_sector(observe_make_up=False)
    assert CAL.is_workday(dt.date(2025, 10, 11))
    assert not bank.is_workday(dt.date(2025, 10, 11))
    assert bank.day(dt.date(2025, 10, 11)).kind is cf.DayKind.WEEKEND
    assert cf.deadline(dt.datetime(2025, 9, 30, 16), "3个工作日", bank) == dt.datetime(
        2025, 10, 13, 17, 30
    )


def test_fingerprints() -> None:
    assert CAL.fingerprint == cf.china_calendar().fingerprint
    closed = CAL.with_days_off({dt.date(2025, 7, 21): "台风停工"})
    variants = {
        CAL.fingerprint,
        closed.fingerprint,
        CAL.with_provisional(2027).fingerprint,
        CAL.with_sector(observe_make_up=False).fingerprint,
        CAL.with_schedule("08:30-12:00,14:00-17:30").fingerprint,
    }
    assert len(variants) == 5


@given(cfst.local_datetimes(2024, 2025), cfst.working_days(max_days=40))
def test_provisional_years_change_nothing_before_them(
    start: dt.datetime, limit: cf.WorkingDays
) -> None:
    assert cf.deadline(start, limit, CAL.with_provisional(2030)) == cf.deadline(start, limit, CAL)


def test_regional_and_local_layers_compose() -> None:
    """A region's festival, a typhoon closure and a local make-up Saturday, on the national
    calendar, each with its reason."""
    local = (
        CAL.with_days_off({dt.date(2025, 6, 6): "古尔邦节 (自治区)"})
        .with_days_off({dt.date(2025, 6, 10): "台风停工"})
        .with_working_days({dt.date(2025, 6, 14): "补班 (市政府通知)"})
    )
    assert local.day(dt.date(2025, 6, 6)).reason == "extra day off (古尔邦节 (自治区))"
    assert local.day(dt.date(2025, 6, 14)).kind is cf.DayKind.EXTRA_WORKDAY
    start = dt.datetime(2025, 6, 5, 10)
    # National: 06-06, 06-09, 06-10, 06-11, 06-12. Local: 06-09, 06-11, 06-12, 06-13, 06-14.
    assert cf.deadline(start, "5个工作日", CAL) == dt.datetime(2025, 6, 12, 17, 30)
    assert cf.deadline(start, "5个工作日", local) == dt.datetime(2025, 6, 14, 17, 30)
    assert local.fingerprint != CAL.fingerprint
