"""Calendars: day reasons, coverage, composition, working moments and zones."""

from __future__ import annotations

import datetime as dt
import fractions

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.calendars.days import day_runs
from civicflow.calendars.provisional import PROVISIONAL_SOURCE

CAL = cf.china_calendar()


def test_day_reasons() -> None:
    assert CAL.day(dt.date(2025, 1, 29)).reason == "statutory holiday (春节)"
    assert CAL.day(dt.date(2025, 10, 6)).name == "中秋节"
    assert CAL.day(dt.date(2025, 4, 4)).name == "清明节"
    assert CAL.day(dt.date(2025, 5, 31)).name == "端午节"
    assert CAL.day(dt.date(2015, 9, 3)).name.startswith("中国人民抗日战争")  # type: ignore[union-attr]
    assert CAL.day(dt.date(2025, 3, 1)).kind is cf.DayKind.WEEKEND
    assert CAL.day(dt.date(2025, 3, 3)).kind is cf.DayKind.WORKDAY
    assert str(CAL.day(dt.date(2025, 3, 3))) == "2025-03-03 Mon  working day"
    assert [str(s) for s in CAL.day(dt.date(2025, 3, 3)).sessions] == ["09:00-12:00", "13:30-17:30"]
    assert CAL.sessions_on(dt.date(2025, 3, 1)) == ()


def test_coverage() -> None:
    assert (CAL.first_day, CAL.last_day) == (dt.date(2004, 1, 1), dt.date(2026, 12, 31))
    for probe in (CAL.is_workday, CAL.day):
        with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
            probe(dt.date(2027, 1, 4))
    with pytest.raises(cf.CalendarCoverageError, match="2003"):
        CAL.is_workday(dt.date(2003, 12, 31))
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        CAL.add_workdays(dt.date(2026, 12, 30), 5)
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        CAL.with_days_off([dt.date(2027, 1, 4)])


def test_composition_keeps_layers_apart() -> None:
    typhoon = CAL.with_days_off({dt.date(2025, 7, 21): "台风停工"})
    assert not typhoon.is_workday(dt.date(2025, 7, 21))
    assert CAL.is_workday(dt.date(2025, 7, 21))  # the original is untouched
    both = typhoon.with_working_days({dt.date(2025, 7, 26): "补班"})
    assert both.day(dt.date(2025, 7, 26)).kind is cf.DayKind.EXTRA_WORKDAY
    assert both.day(dt.date(2025, 7, 21)).kind is cf.DayKind.DAY_OFF
    # A layer can override the statutory data both ways.
    assert (
        CAL.with_days_off([dt.date(2025, 10, 11)]).day(dt.date(2025, 10, 11)).kind
        is cf.DayKind.DAY_OFF
    )
    assert CAL.with_working_days([dt.date(2025, 10, 2)]).is_workday(dt.date(2025, 10, 2))
    assert typhoon == CAL.with_days_off({dt.date(2025, 7, 21): "台风停工"})


def test_conflicting_layers_are_refused() -> None:
    with pytest.raises(
        cf.CalendarError, match="both an extra day off and an extra working day: 2025-07-21"
    ):
        CAL.with_days_off([dt.date(2025, 7, 21)]).with_working_days([dt.date(2025, 7, 21)])
    with pytest.raises(cf.CalendarError, match=r"expected a datetime\.date"):
        CAL.with_days_off(["2025-07-21"])  # type: ignore[list-item]
    with pytest.raises(cf.CalendarError, match=r"expected a datetime\.date"):
        CAL.with_days_off([dt.datetime(2025, 7, 21)])
    with pytest.raises(cf.CalendarError, match="IANA zone"):
        cf.china_calendar(timezone="Mars/Olympus")
    with pytest.raises(cf.ScheduleError):
        cf.china_calendar("9 to 5")


def test_working_day_helpers() -> None:
    assert CAL.add_workdays(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 11)
    assert CAL.add_workdays(dt.date(2025, 10, 9), -1) == dt.date(2025, 9, 30)
    assert CAL.add_workdays(dt.date(2025, 10, 1), 0) == dt.date(2025, 10, 9)
    assert CAL.workdays_between(dt.date(2025, 10, 11), dt.date(2025, 9, 30)) == -3
    assert list(CAL.workdays(dt.date(2025, 10, 4), dt.date(2025, 10, 5))) == []
    assert CAL.close_of_business(dt.date(2025, 10, 11)) == dt.datetime(2025, 10, 11, 17, 30)
    with pytest.raises(cf.CalendarError, match="is not a working day"):
        CAL.close_of_business(dt.date(2025, 10, 1))


# 300 working days are about 14 months: from 2024 they stay inside the data (2004-2026).
@given(cfst.calendars(2010, 2025), cfst.covered_dates(2010, 2024), st.integers(-300, 300))
def test_add_and_count_working_days_are_inverse(cal: cf.Calendar, day: dt.date, n: int) -> None:
    later = cal.add_workdays(day, n)
    assert cal.is_workday(later)
    if n > 0 or (n < 0 and cal.is_workday(day)):
        assert cal.workdays_between(day, later) == n
    elif n < 0:  # from a day off, the count back starts at the working day before it
        assert cal.workdays_between(day, later) == n + 1
    days = list(cal.workdays(min(day, later), max(day, later)))
    assert all(cal.is_workday(d) for d in days)


def test_working_moments() -> None:
    assert CAL.is_working_time(dt.datetime(2025, 3, 3, 9))
    assert not CAL.is_working_time(dt.datetime(2025, 3, 3, 12))
    assert not CAL.is_working_time(dt.datetime(2025, 3, 1, 10))
    assert CAL.next_working_moment(dt.datetime(2025, 3, 3, 12)) == dt.datetime(2025, 3, 3, 13, 30)
    assert CAL.next_working_moment(dt.datetime(2025, 3, 3, 10)) == dt.datetime(2025, 3, 3, 10)
    assert CAL.next_working_moment(dt.datetime(2025, 9, 30, 18)) == dt.datetime(2025, 10, 9, 9)


def test_aware_moments_are_read_in_the_calendar_zone() -> None:
    # 2025-10-10 20:00 UTC is Saturday 2025-10-11 04:00 in Shanghai: a make-up working day.
    moment = dt.datetime(2025, 10, 10, 20, tzinfo=dt.UTC)
    assert CAL.is_workday(moment)
    assert CAL.next_working_moment(moment) == dt.datetime(2025, 10, 11, 1, tzinfo=dt.UTC)
    with pytest.raises(cf.ArgumentTypeError, match=r"^'day' must be a datetime\.date"):
        CAL.is_workday("2025-10-11")  # type: ignore[arg-type]


def test_china_calendar_is_shared() -> None:
    assert cf.china_calendar() is cf.china_calendar()
    assert cf.china_calendar(cf.Schedule.parse(cf.DEFAULT_HOURS)) == cf.china_calendar()


# -- the exact edges of the data: the first and last covered day, and the day beyond ---------

FIRST, LAST = dt.date(2004, 1, 1), dt.date(2026, 12, 31)
FIRST_WORKDAY = dt.date(2004, 1, 2)  # 1 January was New Year's Day


def test_the_last_covered_day_and_the_day_beyond() -> None:
    assert CAL.is_workday(LAST)  # a Thursday
    assert CAL.add_workdays(LAST - dt.timedelta(days=1), 1) == LAST
    assert CAL.add_workdays(LAST, 0) == LAST
    for n in (1, 2):
        with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
            CAL.add_workdays(LAST, n)
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        CAL.day(LAST + dt.timedelta(days=1))
    assert CAL.workdays_between(LAST - dt.timedelta(days=1), LAST) == 1


def test_the_first_covered_day_and_the_day_before() -> None:
    assert not CAL.is_workday(FIRST)
    assert CAL.add_workdays(FIRST, 0) == FIRST_WORKDAY
    assert CAL.add_workdays(FIRST, 1) == FIRST_WORKDAY
    assert CAL.add_workdays(dt.date(2004, 1, 5), -1) == FIRST_WORKDAY
    for n in (-1, -2):
        with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2003"):
            CAL.add_workdays(FIRST_WORKDAY, n)
    with pytest.raises(cf.CalendarCoverageError, match="2003"):
        CAL.day(FIRST - dt.timedelta(days=1))


def test_working_moments_at_the_edges() -> None:
    close = dt.datetime(2026, 12, 31, 17, 30)
    assert CAL.close_of_business(LAST) == close
    assert CAL.next_working_moment(dt.datetime(2026, 12, 31, 12, 30)) == dt.datetime(
        2026, 12, 31, 13, 30
    )
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        CAL.next_working_moment(dt.datetime(2026, 12, 31, 18, 0))  # the next one is in 2027
    assert CAL.next_working_moment(dt.datetime(2004, 1, 1, 10)) == dt.datetime(2004, 1, 2, 9, 0)


# -- where each year comes from, and arrangements on top of the data --------------------------


def notice(year: int, line: str) -> cf.Arrangement:
    """A whole year's arrangement that has only its New Year's Day line."""
    arr = cf.parse_notice(
        f"国务院办公厅关于{year}年部分节假日安排的通知\n一、元旦：{line}", partial=True
    )
    return cf.Arrangement(year, arr.holidays, arr.make_up_days, f"notice {year}")


A2027 = notice(2027, "1月1日（周五）至3日（周日）放假，共3天。")
A2028 = notice(2028, "1月1日（周六）至3日（周一）放假，共3天。")


def test_year_sources_name_where_every_year_comes_from() -> None:
    data = cf.statutory_data()
    assert CAL.year_sources() == dict.fromkeys(range(2004, 2027), data.source)
    sources = CAL.with_arrangement(A2027).with_provisional(2029).year_sources()
    assert list(sources) == list(range(2004, 2030))
    assert sources[2026] == data.source
    assert (sources[2027], sources[2028], sources[2029]) == (
        "notice 2027",
        PROVISIONAL_SOURCE,
        PROVISIONAL_SOURCE,
    )


def test_arrangements_come_in_any_order_but_without_gaps() -> None:
    one, other = CAL.with_arrangement(A2028, A2027), CAL.with_arrangement(A2027, A2028)
    days = (dt.date(2027, 1, 1), dt.date(2028, 12, 31))
    assert list(one.days(*days)) == list(other.days(*days))
    assert one.day(dt.date(2028, 1, 3)).name == "元旦"
    with pytest.raises(cf.CalendarError) as info:
        CAL.with_arrangement(A2028).day(dt.date(2026, 1, 5))
    assert str(info.value) == (
        "an arrangement for 2028 needs one for 2027 first: a calendar's years must follow each other"
    )
    with pytest.raises(cf.CalendarError) as info:
        CAL.with_arrangement(notice(2003, "1月1日（周三）放假1天。")).day(dt.date(2025, 1, 6))
    assert str(info.value) == "an arrangement for 2003 is before the data begins (2004)"


def test_an_arrangement_replaces_its_year_and_only_its_year() -> None:
    only_new_year = CAL.with_arrangement(notice(2004, "1月1日（周四）放假1天。"))
    assert only_new_year.day(dt.date(2004, 1, 1)).kind is cf.DayKind.HOLIDAY
    assert CAL.day(dt.date(2004, 1, 22)).kind is cf.DayKind.HOLIDAY  # 春节 in the bundled data
    assert only_new_year.day(dt.date(2004, 1, 22)).kind is cf.DayKind.WORKDAY
    assert CAL.day(dt.date(2004, 1, 17)).kind is cf.DayKind.MAKE_UP
    assert only_new_year.day(dt.date(2004, 1, 17)).kind is cf.DayKind.WEEKEND
    # Other years keep their days.
    for day in (dt.date(2005, 2, 9), dt.date(2003 + 22, 10, 1), dt.date(2025, 9, 28)):
        assert only_new_year.day(day) == CAL.day(day)
    assert only_new_year.year_sources()[2004] == "notice 2004"


def test_extra_days_inside_the_data_and_outside_it() -> None:
    edges = CAL.with_days_off([dt.date(2004, 1, 5), dt.date(2026, 12, 31)], "盘点")
    assert edges.day(dt.date(2004, 1, 5)).reason == "extra day off (盘点)"
    assert edges.day(dt.date(2026, 12, 31)).reason == "extra day off (盘点)"
    with pytest.raises(cf.CalendarCoverageError) as info:
        CAL.with_working_days([dt.date(2027, 1, 2)])
    assert (info.value.year, info.value.first_year, info.value.last_year) == (2027, 2004, 2026)
    with pytest.raises(cf.CalendarCoverageError) as info:
        CAL.day(dt.date(2003, 12, 31))
    assert (info.value.year, info.value.first_year, info.value.last_year) == (2003, 2004, 2026)


def test_reasons_of_extra_days() -> None:
    d1, d2 = dt.date(2025, 7, 21), dt.date(2025, 7, 22)
    assert CAL.with_days_off([d1]).day(d1).reason == "extra day off"
    assert CAL.with_days_off([d1, d2], "台风").day(d2).reason == "extra day off (台风)"
    assert CAL.with_days_off({d1: "暴雨"}).day(d1).reason == "extra day off (暴雨)"
    saturday = dt.date(2025, 7, 19)
    assert CAL.with_working_days([saturday]).day(saturday).reason == "extra working day"
    assert (
        CAL.with_working_days({saturday: "迎检"}).day(saturday).reason == "extra working day (迎检)"
    )
    assert (
        CAL.with_working_days([saturday], "迎检").day(saturday).reason == "extra working day (迎检)"
    )
    with pytest.raises(cf.CalendarError) as info:
        CAL.with_days_off({d1: "x", d2: "y"}).with_working_days([d1, d2])
    assert str(info.value) == (
        "a date cannot be both an extra day off and an extra working day: 2025-07-21, 2025-07-22"
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: CAL.with_days_off([dt.datetime(2025, 7, 21)]),
            "expected a datetime.date, got datetime.datetime(2025, 7, 21, 0, 0) (datetime)",
        ),
        (
            lambda: CAL.with_days_off({dt.date(2025, 7, 21): 3}),
            "the reason for 2025-07-21 must be a str, got 3",
        ),
        (
            lambda: CAL.with_arrangement("2027"),  # type: ignore[arg-type]
            "expected an Arrangement (from parse_notice), got '2027'",
        ),
    ],
)
def test_bad_layers_are_named(call: object, message: str) -> None:
    with pytest.raises(cf.CalendarError) as info:
        call()  # type: ignore[operator]
    assert str(info.value) == message


def test_wrong_types_are_named() -> None:
    with pytest.raises(cf.ArgumentTypeError) as info:
        CAL.day("2025-07-21")  # type: ignore[arg-type]
    assert str(info.value) == "'day' must be a datetime.date (got '2025-07-21' that is a str)"
    with pytest.raises(TypeError) as also:  # also a TypeError
        CAL.to_local(dt.date(2025, 7, 21))  # type: ignore[arg-type]
    assert str(also.value) == (
        "'moment' must be a datetime.datetime (got datetime.date(2025, 7, 21) that is a date)"
    )
    with pytest.raises(cf.ArgumentTypeError) as info:  # named as the method names it
        CAL.workdays_between(dt.date(2025, 7, 21), None)  # type: ignore[arg-type]
    assert (info.value.argument, info.value.value) == ("end", None)
    with pytest.raises(cf.ArgumentTypeError, match=r"^'n' must be an int \(got '3' that is a str"):
        CAL.add_workdays(dt.date(2025, 7, 21), "3")  # type: ignore[arg-type]
    with pytest.raises(cf.ArgumentTypeError, match=r"^'schedule' must be a Schedule or a spec str"):
        cf.Calendar(schedule=["09:00-12:00"])  # type: ignore[arg-type]
    with pytest.raises(cf.ArgumentTypeError, match=r"^'national' must be True or False"):
        CAL.with_workweek(range(5), national="no")  # type: ignore[arg-type]


def test_hours_of_the_wrong_type_are_refused_by_name() -> None:
    # a list of sessions is not a spec: refused as such, not as an unhashable list
    with pytest.raises(cf.ArgumentTypeError) as info:
        cf.china_calendar(hours=["09:00-12:00", "13:30-17:30"])  # type: ignore[arg-type]
    assert info.value.argument == "hours"
    assert str(info.value).startswith("'hours' must be a Schedule or a str (got ['09:00-12:00'")


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC),  # 10000-01-01 07:00 in Shanghai
        dt.datetime(1, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23))),  # 0000-12-31 UTC
    ],
)
def test_an_aware_moment_at_the_ends_of_time_is_a_coverage_error(moment: dt.datetime) -> None:
    with pytest.raises(cf.CalendarCoverageError) as info:
        CAL.to_local(moment)
    assert info.value.year == (10_000 if moment.year == 9999 else 0)
    assert str(info.value) == (
        f"{moment.isoformat()} has no time in every zone: "
        f"{'past' if moment.year == 9999 else 'before'} any calendar (this one covers "
        "2004-2026); no deadline can be computed"
    )
    for call in (CAL.is_workday, CAL.next_working_moment, CAL.is_working_time):
        with pytest.raises(cf.CalendarCoverageError):
            call(moment)


def test_a_result_with_no_time_in_the_callers_zone_is_a_coverage_error() -> None:
    far_east = dt.timezone(dt.timedelta(hours=23))
    # 9999-12-31 20:00 in Shanghai is 12:00 UTC, and the next year 23 hours east of UTC
    with pytest.raises(cf.CalendarCoverageError, match=r"^9999-12-31T20:00:00 has no time"):
        CAL.from_local(dt.datetime(9999, 12, 31, 20), dt.datetime(2025, 1, 1, tzinfo=far_east))


def test_days_runs_from_start_to_end_inclusive() -> None:
    days = [i.date for i in CAL.days(dt.date(2025, 9, 26), dt.date(2025, 9, 29))]
    assert days == [
        dt.date(2025, 9, 26),
        dt.date(2025, 9, 27),
        dt.date(2025, 9, 28),
        dt.date(2025, 9, 29),
    ]
    assert [i.date for i in CAL.days(dt.date(2025, 9, 26), dt.date(2025, 9, 26))] == [
        dt.date(2025, 9, 26)
    ]


def test_day_runs_group_consecutive_days_of_one_kind_and_name() -> None:
    infos = list(CAL.days(dt.date(2025, 9, 27), dt.date(2025, 10, 12)))
    runs = [(r[0].date.day, r[-1].date.day, r[0].reason) for r in day_runs(infos)]
    assert runs == [
        (27, 27, "weekend"),
        (28, 28, "make-up working day (国庆节)"),
        (29, 30, "working day"),
        (1, 3, "statutory holiday (国庆节)"),
        (4, 5, "rest day of the break (国庆节)"),
        (6, 6, "statutory holiday (中秋节)"),
        (7, 8, "rest day swapped, 调休 (国庆节)"),
        (9, 10, "working day"),
        (11, 11, "make-up working day (国庆节)"),
        (12, 12, "weekend"),
    ]
    # Days of one kind that are not consecutive are separate runs.
    apart = [CAL.day(dt.date(2025, 9, 29)), CAL.day(dt.date(2025, 10, 9))]
    assert [len(r) for r in day_runs(apart)] == [1, 1]
    assert day_runs([]) == []


def test_schedules_sessions_and_zones() -> None:
    three = CAL.with_schedule("08:00-10:00,11:00-12:00,14:00-18:00")
    assert three.close_of_business(dt.date(2025, 9, 26)) == dt.datetime(2025, 9, 26, 18, 0)
    seasonal = CAL.with_schedule("09:00-12:00,13:30-17:30; 05-01..09-30=08:30-12:00,14:30-18:00")
    assert [str(s) for s in seasonal.day(dt.date(2025, 7, 1)).sessions] == [
        "08:30-12:00",
        "14:30-18:00",
    ]
    assert [str(s) for s in seasonal.day(dt.date(2025, 11, 3)).sessions] == [
        "09:00-12:00",
        "13:30-17:30",
    ]
    banks = CAL.with_sector(observe_make_up=False)
    assert not banks.is_workday(dt.date(2025, 9, 28))
    assert banks.with_sector(observe_make_up=True).is_workday(dt.date(2025, 9, 28))
    five = dt.timezone(dt.timedelta(hours=5))
    assert CAL.to_local(dt.datetime(2025, 1, 1, 0, 0, tzinfo=five)) == dt.datetime(2025, 1, 1, 3, 0)
    back = CAL.from_local(dt.datetime(2025, 1, 1, 3, 0), dt.datetime(2025, 1, 1, tzinfo=five))
    assert (back, back.utcoffset()) == (
        dt.datetime(2025, 1, 1, 0, 0, tzinfo=five),
        dt.timedelta(hours=5),
    )


def test_an_arrangement_answers_for_the_days_of_the_previous_december_it_moves() -> None:
    # The bundled 2019 data works on Saturday 2018-12-29 for New Year; a notice that rests
    # on that day instead replaces it, and the years known stay the years of the data.
    assert CAL.day(dt.date(2018, 12, 29)).kind is cf.DayKind.MAKE_UP
    rested = cf.Arrangement(2019, {dt.date(2018, 12, 29): "元旦"}, {})
    cal = CAL.with_arrangement(rested)
    assert cal.day(dt.date(2018, 12, 29)).kind is cf.DayKind.HOLIDAY
    assert list(cal.year_sources()) == list(range(2004, 2027))
    assert cal.year_sources()[2019] == "notice"


def test_extra_days_given_as_bare_dates_have_no_reason() -> None:
    day = dt.date(2025, 3, 3)
    assert cf.Calendar(days_off=[day]).days_off == ((day, ""),)
    assert cf.Calendar(working_days=[day]).working_days == ((day, ""),)


# -- how much data is left, each year as an arrangement, statutory days and pay -----------------


def test_how_many_days_of_data_are_left() -> None:
    assert CAL.covered_through == dt.date(2026, 12, 31)
    assert CAL.days_left(dt.date(2026, 12, 3)) == 28
    assert CAL.days_left(dt.date(2026, 12, 31)) == 0
    assert CAL.days_left(dt.date(2027, 1, 2)) == -2
    assert CAL.with_provisional(2028).days_left(dt.date(2026, 12, 31)) == 731


def test_a_year_as_an_arrangement() -> None:
    arr = CAL.arrangement(2008)
    assert min(arr.holidays) == dt.date(2007, 12, 30)  # the 2008 notice's New Year break
    assert dt.date(2007, 12, 29) in arr.make_up_days
    assert dt.date(2008, 12, 31) not in arr.holidays
    assert arr.source == CAL.year_sources()[2008]
    assert CAL.arrangement(2004).year == 2004  # the first and the last year of the data
    assert CAL.arrangement(2026).holidays[dt.date(2026, 10, 1)] == "国庆节"
    with pytest.raises(
        cf.CalendarCoverageError, match="no holiday data for 2027: this calendar covers 2004-2026"
    ):
        CAL.arrangement(2027)
    with pytest.raises(
        cf.CalendarCoverageError, match="no holiday data for 2003: this calendar covers 2004-2026"
    ):
        CAL.arrangement(2003)


def test_statutory_holidays_and_the_rest_days_of_a_break() -> None:
    # 2025 National Day and Mid-autumn: 1-3 October and 6 October by law, the rest moved.
    statutory = [d for d in range(1, 9) if CAL.day(dt.date(2025, 10, d)).statutory]
    assert statutory == [1, 2, 3, 6]
    assert [str(CAL.overtime_rate(dt.date(2025, 10, d))) for d in (1, 4, 7, 11, 13)] == [
        "3", "2", "2", "3/2", "3/2",
    ]  # fmt: skip
    assert CAL.overtime_rate(dt.date(2025, 10, 12)) == 2  # an ordinary Sunday
    # A body's own day off does not change what the law pays.
    closed = CAL.with_days_off({dt.date(2025, 10, 13): "台风停工"})
    assert closed.overtime_rate(dt.date(2025, 10, 13)) == fractions.Fraction(3, 2)


def test_every_statutory_holiday_of_the_law_is_a_day_off_in_the_data() -> None:
    data = cf.statutory_data()
    for year in range(2004, 2027):
        days = cf.calendars.statutory_days(year)
        assert len(days) in (10, 11, 13) or year in (2009, 2020), year  # 中秋 on 10-03, 10-01
        for day in days:
            assert day in data.days_off, day
            assert CAL.day(day).statutory


def test_the_tables_arrays_are_built_once_on_first_use() -> None:
    from civicflow.calendars._arrays import table_arrays

    tables = cf.Calendar(timezone="UTC").tables  # a calendar of its own: nothing built yet
    assert tables.arrays is None
    arrays = table_arrays(tables)
    assert tables.arrays is arrays
    assert table_arrays(tables) is arrays
