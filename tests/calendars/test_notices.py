"""Reading the State Council's notices: the real 2025 text, older formats, and bad notices."""

import datetime as dt
import re
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.calendars.notices import (
    NoticeError,
    arrangement_from_json,
    arrangement_to_json,
    parse_notice,
)
from tests.fuzzing import garbled, refusal

NOTICE_2025 = (Path(__file__).parents[1] / "data" / "notice_2025.txt").read_text("utf-8")

# The 2012 notice, in the older format: "（星期六）", a year written on the dates of the
# previous December, a make-up day whose month is left out, "放假公休".
NOTICE_2012 = """国务院办公厅关于2012年部分节假日安排的通知
一、元旦：2012年1月1日至3日放假调休，共3天。2011年12月31日（星期六）上班。
二、春节：1月22日至28日放假调休，共7天。1月21日（星期六）、29日（星期日）上班。
三、清明节：4月2日至4日放假调休，共3天。3月31日（星期六）、4月1日（星期日）上班。
四、劳动节：4月29日至5月1日放假调休，共3天。4月28日（星期六）上班。
五、端午节：6月22日至24日放假公休，共3天。
六、中秋节、国庆节：9月30日至10月7日放假调休，共8天。9月29日（星期六）上班。
"""

# The 2016 notice's "与周末连休" lines, with half-width punctuation as some mirrors print it.
NOTICE_2016 = """国务院办公厅关于2016年部分节假日安排的通知
一、元旦:1月1日放假,与周末连休。
二、春节:2月7日至13日放假调休,共7天。2月6日(星期六)、2月14日(星期日)上班。
三、清明节:4月4日放假,与周末连休。
四、劳动节:5月1日放假,5月2日(星期一)补休。
五、端午节:6月9日至11日放假调休,共3天。6月12日(星期日)上班。
六、中秋节:9月15日至17日放假调休,共3天。9月18日(星期日)上班。
七、国庆节:10月1日至7日放假调休,共7天。10月8日(星期六)、10月9日(星期日)上班。
"""


def days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(k) for k in range((dt.date(year + 1, 1, 1) - first).days)]


@pytest.mark.parametrize(("text", "year"), [(NOTICE_2025, 2025), (NOTICE_2012, 2012)])
def test_every_day_agrees_with_the_bundled_data(text: str, year: int) -> None:
    arr = parse_notice(text)
    assert arr.year == year
    for day in days(year):
        assert arr.is_workday(day) == chinese_calendar.is_workday(day), day


def test_the_2025_notice() -> None:
    arr = parse_notice(NOTICE_2025)
    assert arr.make_up_days == {
        dt.date(2025, 1, 26), dt.date(2025, 2, 8), dt.date(2025, 4, 27), dt.date(2025, 9, 28),
        dt.date(2025, 10, 11),
    }  # fmt: skip
    assert arr.holidays[dt.date(2025, 10, 6)] == "国庆节、中秋节"
    assert arr.holidays[dt.date(2025, 1, 28)] == "春节"
    assert len(arr.holidays) == 1 + 8 + 3 + 5 + 3 + 8


def test_the_previous_december() -> None:
    arr = parse_notice(NOTICE_2012)
    assert arr.is_workday(dt.date(2011, 12, 31))
    assert dt.date(2012, 1, 29) in arr.make_up_days
    with pytest.raises(ValueError, match="says nothing of 2011-12-30"):
        arr.is_workday(dt.date(2011, 12, 30))


def test_joined_with_the_weekend_and_half_width_punctuation() -> None:
    arr = parse_notice(NOTICE_2016)
    assert [d for d, name in arr.holidays.items() if name == "元旦"] == [
        dt.date(2016, 1, 1), dt.date(2016, 1, 2), dt.date(2016, 1, 3),
    ]  # fmt: skip
    assert [d for d, name in arr.holidays.items() if name == "清明节"] == [
        dt.date(2016, 4, 2), dt.date(2016, 4, 3), dt.date(2016, 4, 4),
    ]  # fmt: skip
    assert arr.holidays[dt.date(2016, 5, 2)] == "劳动节"  # 补休: a day off in lieu
    for day in days(2016):
        assert arr.is_workday(day) == chinese_calendar.is_workday(day), day


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("三、清明节：4月4日（周五）至6日（周日）放假，共4天。", "says 4 days but"),
        ("三、清明节：4月4日（周四）至6日（周日）放假，共3天。", "is a Friday, not 周四"),
        (
            "四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月28日（周一）上班。",
            "must be a weekend day",
        ),
        ("四、植树节：3月12日（周三）放假1天。", "unknown festival '植树节'"),
        ("三、清明节：4月6日（周日）至4日（周五）放假。", "ends (2025-04-04) before it starts"),
        ("三、清明节：4月31日放假1天。", "is not a date"),
    ],
)
def test_what_does_not_add_up_is_an_error_naming_the_line(line: str, message: str) -> None:
    text = (
        "国务院办公厅关于2025年部分节假日安排的通知\n一、元旦：1月1日（周三）放假1天，不调休。\n"
        + line
    )
    with pytest.raises(NoticeError, match=re.escape(message)) as info:
        parse_notice(text)
    assert info.value.line == 3


def test_a_notice_needs_its_year() -> None:
    with pytest.raises(NoticeError, match="no year"):
        parse_notice("一、元旦：1月1日放假1天。")


CAL = cf.china_calendar()
WITH_2025 = CAL.with_arrangement(parse_notice(NOTICE_2025))


@given(cfst.local_datetimes(2025, 2025), cfst.working_days(max_days=40))
def test_the_notice_of_a_bundled_year_gives_the_same_deadlines(
    start: dt.datetime, limit: cf.WorkingDays
) -> None:
    assert cf.deadline(start, limit, WITH_2025) == cf.deadline(start, limit, CAL)


@given(
    cfst.local_datetimes(2024, 2025),
    st.one_of(cfst.working_days(max_days=30), cfst.working_hours(max_hours=100)),
    st.lists(cfst.covered_dates(2024, 2025), max_size=8),
)
def test_more_days_off_never_make_a_deadline_earlier(
    start: dt.datetime, limit: cf.Duration, closed: list[dt.date]
) -> None:
    closures = CAL.with_days_off(closed, "停工")
    assert cf.deadline(start, limit, closures) >= cf.deadline(start, limit, CAL)


def test_next_years_notice_extends_the_calendar() -> None:
    text = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。"""
    cal = CAL.with_arrangement(parse_notice(text, source="2027 notice"))
    assert cal.last_day == dt.date(2027, 12, 31)
    assert cal.year_sources()[2027] == "2027 notice"
    assert cf.deadline(dt.datetime(2026, 12, 30, 10), "5个工作日", cal) == dt.datetime(
        2027, 1, 7, 17, 30
    )
    with pytest.raises(cf.CalendarCoverageError):
        cf.deadline(dt.datetime(2026, 12, 30, 10), "5个工作日", CAL)
    later = text.replace("2027年", "2028年").replace("周五）至3日（周日）", "周六）至3日（周一）")
    with pytest.raises(cf.CalendarError, match="needs one for 2027 first"):
        CAL.with_arrangement(parse_notice(later))


def test_arrangement_files_round_trip() -> None:
    arr = parse_notice(NOTICE_2025, source="2025 notice")
    assert arrangement_from_json(arrangement_to_json(arr)) == arr
    with pytest.raises(ValueError, match="not an arrangement file"):
        arrangement_from_json("{}")


@given(st.data())
def test_parse_notice_returns_an_arrangement_or_a_notice_error(data: st.DataObject) -> None:
    """Fuzz: a garbled notice, or any text, is read or refused with a NoticeError."""
    text = data.draw(
        st.one_of(st.text(max_size=60), st.just(NOTICE_2025).map(lambda t: garbled(t, data)))
    )
    refusal(lambda: parse_notice(text), cf.NoticeError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"\xb9\xa4", "$: not UTF-8 text"),
        ("[" * 100_000, "$: nested too deeply"),
        (
            '{"schema": "civicflow.arrangement/1", "year": true, "days_off": {}, "make_up": {}}',
            "$.year: expected a year",
        ),
        (
            '{"schema": "civicflow.arrangement/1", "year": 2027, "days_off": "2027-01-01", "make_up": {}}',
            "$.days_off: expected an object",
        ),
        (
            '{"schema": "civicflow.arrangement/1", "year": 2027, "days_off": {"2027-01-01": 1}, "make_up": {}}',
            "$.days_off.2027-01-01: expected a festival",
        ),
    ],
)
def test_arrangement_files_are_checked_type_by_type(text: str | bytes, expected: str) -> None:
    with pytest.raises(cf.SchemaError) as info:
        arrangement_from_json(text)
    assert info.value.problems[0].startswith(expected)
