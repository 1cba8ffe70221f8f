"""Reading the State Council's notices: the real 2025 text, older formats, and bad notices."""

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.calendars.arrangement_files import arrangement_from_json, arrangement_to_json
from civicflow.calendars.notices import Arrangement, NoticeError, parse_notice
from civicflow.calendars.statutory import statutory_data
from tests.fuzzing import garbled, refusal

NOTICES = Path(__file__).parents[1] / "data" / "notices"
TEXTS = {int(f.stem): f.read_text("utf-8") for f in sorted(NOTICES.glob("20*.txt"))}
NOTICE_2025 = TEXTS[2025]
DATA = statutory_data()

# The notices of their own: the 2015 Victory Day holiday and the 2020 extension of the
# Spring Festival, written as festival lines and read as partial arrangements.
ONE_OFFS = {
    2015: "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知\n"
    "一、中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日：9月3日至5日调休放假，共3天。"
    "9月6日（星期日）上班。",
    2020: "国务院办公厅关于延长2020年春节假期的通知\n一、春节：1月31日至2月2日放假。",
}


def days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(k) for k in range((dt.date(year + 1, 1, 1) - first).days)]


def bundled_workday(day: dt.date) -> bool:
    if day in DATA.make_up_days:
        return True
    return day not in DATA.days_off and day.weekday() < 5


def arrangements(year: int) -> list[Arrangement]:
    """The year's notice, its one-off notice, and the next year's (for December)."""
    found = [parse_notice(TEXTS[year], source=f"{year} notice")]
    if year in ONE_OFFS:
        found.append(parse_notice(ONE_OFFS[year], partial=True, year=year))
    if year + 1 in TEXTS:
        found.append(parse_notice(TEXTS[year + 1]))
    return found


def workday(found: list[Arrangement], day: dt.date) -> bool:
    """The status the last arrangement that speaks of ``day`` gives it."""
    verdict = day.weekday() < 5
    for arr in found:
        if day in arr.make_up_days:
            verdict = True
        elif day in arr.holidays:
            verdict = False
    return verdict


@pytest.mark.parametrize("year", sorted(TEXTS))
def test_every_notice_since_2004_agrees_with_the_bundled_data_day_by_day(year: int) -> None:
    found = arrangements(year)
    assert found[0].year == year
    for day in days(year):
        assert workday(found, day) == bundled_workday(day), day
        # Every day off, weekend days of a break included, under the festival's name.
        named = [arr.holidays[day] for arr in found if day in arr.holidays]
        if day in ONE_OFF_DAYS:
            continue
        if day in DATA.days_off:
            assert named, day
            assert DATA.days_off[day] in named[-1].split("、"), day
        else:
            assert not named, day


ONE_OFF_DAYS = {dt.date(2015, 9, 3), dt.date(2015, 9, 4), dt.date(2015, 9, 5)}


def test_an_encouragement_is_not_an_arrangement() -> None:
    arr = parse_notice(TEXTS[2024])
    assert arr.is_workday(dt.date(2024, 2, 9))  # 除夕: encouraged, not granted
    assert not arr.is_workday(dt.date(2024, 2, 10))
    encouraged = TEXTS[2024].replace(
        "安排职工在除夕（2月9日）休息", "安排职工在除夕（2月30日）休息"
    )
    with pytest.raises(NoticeError, match="is not a date") as info:
        parse_notice(encouraged)
    assert info.value.line == 8


def test_the_older_formats() -> None:
    old = parse_notice(TEXTS[2007])
    assert old.is_workday(dt.date(2006, 12, 30))
    assert old.is_workday(dt.date(2006, 12, 31))
    assert old.holidays[dt.date(2007, 5, 7)] == "劳动节"  # "“五一”", its old name
    assert old.holidays[dt.date(2007, 10, 1)] == "国庆节"  # "“十一”"
    # "其中……为法定节假日……调至……照常公休": explained, granting nothing more.
    assert sorted(d for d, n in parse_notice(TEXTS[2008]).holidays.items() if n == "元旦") == [
        dt.date(2007, 12, 30), dt.date(2007, 12, 31), dt.date(2008, 1, 1),
    ]  # fmt: skip
    assert parse_notice(TEXTS[2014]).holidays[dt.date(2014, 4, 6)] == "清明节"  # between 补休


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
    arr = parse_notice(TEXTS[2012])
    assert arr.is_workday(dt.date(2011, 12, 31))
    assert dt.date(2012, 1, 29) in arr.make_up_days
    with pytest.raises(ValueError, match="says nothing of 2011-12-30"):
        arr.is_workday(dt.date(2011, 12, 30))


# Half-width punctuation and the numbering some mirrors print, line by line.
NOTICE_2016 = """国务院办公厅关于2016年部分节假日安排的通知
一、元旦:1月1日放假,与周末连休。
二,春节:2月7日-13日放假调休,共7天.2月6日(星期六)、2月14日(星期日)上班.
3、清明节:4月4日放假,与周末连休。
四.劳动节:5月1日放假,5月2日(星期一)补休。
五、端午节：6月9日至11日放假调休，共3天。6月12(星期日)上班。
6、中秋节：9月15日～17日放假调休，共3天。9月18日（星期日）上班。
七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。
"""


def test_half_width_punctuation_other_numbering_and_a_day_without_its_ri() -> None:
    assert parse_notice(NOTICE_2016).days_off == parse_notice(TEXTS[2016]).days_off
    assert parse_notice(NOTICE_2016).make_up == parse_notice(TEXTS[2016]).make_up


def test_a_range_without_its_count_is_a_range() -> None:
    text = TEXTS[2008].replace("2月6日—12日（农历除夕至正月初六）放假，共7天", "2月6日-12日放假")
    assert [d.day for d, n in parse_notice(text).days_off if n == "春节"] == list(range(6, 13))


# Line numbers are an editor's: a form feed or a line separator inside a line is not a break.
def test_line_numbers_count_lines_as_an_editor_does() -> None:
    text = "国务院办公厅关于2025年部分节假日安排的通知\x0c\u2028\r\n\n一、元旦：1月1日（周四）放假1天。"
    with pytest.raises(NoticeError, match="is a Wednesday, not 周四") as info:
        parse_notice(text, partial=True)
    assert info.value.line == 3


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
        ("三、清明节：0月1日放假1天。", "is not a date"),
        ("三、清明节：4月4日至12月31日放假。", "too long for a festival's break"),
        ("三、清明节：4月1日补休。", "a day in lieu (补休) with no days off"),
        ("三、清明节：9999年4月4日放假1天。", "not of 9999"),
        ("三、清明节：4月4日（周五）放假1天，4月7日（周一）另行安排。", "grants no day off"),
        ("三、清明节：4月4日（周五）放假1天。4月x日（周日）上班。", "not a date"),
        ("三、清明节：4月4日（周五）或5日放假。", "'或' between"),
        ("4月4日至6日放假，共3天。", "a date outside any festival's line"),
        ("三、清明节：4月4日放假1天。其中，4月4日4日为法定节假日。", "runs two dates together"),
    ],
)
def test_what_does_not_add_up_is_an_error_naming_the_line(line: str, message: str) -> None:
    text = (
        "国务院办公厅关于2025年部分节假日安排的通知\n一、元旦：1月1日（周三）放假1天，不调休。\n"
        + line
    )
    with pytest.raises(NoticeError, match=re.escape(message)) as info:
        parse_notice(text, partial=True)
    assert info.value.line == 3
    assert info.value.text == line
    assert message in info.value.reason


TITLE = "国务院办公厅关于2025年部分节假日安排的通知"


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("", 1, "the notice grants no day off"),
        (
            "\n一、元旦：1月1日放假。\n二、春节：1月1日放假。",
            3,
            "2025-01-01 is already a day off for 元旦",
        ),
        (
            "\n一、元旦：1月1日放假。\n二、春节：1月4日（周六）放假，1月4日（周六）上班。",
            1,
            "2025-01-04 is both a day off and a working day",
        ),
    ],
)
def test_what_the_whole_notice_gets_wrong_names_its_line(body: str, line: int, reason: str) -> None:
    text = TITLE + body
    with pytest.raises(NoticeError) as info:
        parse_notice(text, partial=True)
    assert (info.value.line, info.value.reason) == (line, reason)
    assert info.value.text == text.splitlines()[line - 1]


def test_the_years_of_the_holiday_law() -> None:
    for year in (1999, 2199):
        title = f"国务院办公厅关于{year}年部分节假日安排的通知\n一、元旦：1月1日放假。"
        assert parse_notice(title, partial=True).year == year
    for year in (1998, 2200):
        with pytest.raises(NoticeError) as info:
            parse_notice(f"\n关于{year}年部分节假日安排的通知\n一、元旦：1月1日放假。")
        assert (info.value.line, info.value.reason) == (
            2,
            f"{year} is not a year of the holiday law",
        )
        assert info.value.text == f"关于{year}年部分节假日安排的通知"
    with pytest.raises(NoticeError) as info:
        parse_notice("\n\n" + NOTICE_2025, year=2024)
    assert (info.value.line, info.value.reason) == (3, "the title is for 2025, not 2024")
    assert info.value.text == NOTICE_2025.splitlines()[0]
    with pytest.raises(NoticeError) as info:
        parse_notice("一、元旦：1月1日放假1天。")
    assert (info.value.line, info.value.text) == (1, "一、元旦：1月1日放假1天。")
    assert info.value.reason == "no year: expected a title '关于YYYY年…的通知'"
    assert parse_notice(NOTICE_2025).source == "notice"


def test_a_notice_needs_its_year() -> None:
    with pytest.raises(NoticeError, match="no year"):
        parse_notice("一、元旦：1月1日放假1天。")
    with pytest.raises(NoticeError, match="not a year of the holiday law"):
        parse_notice("国务院办公厅关于9999年部分节假日安排的通知\n一、元旦：1月1日放假1天。")
    with pytest.raises(NoticeError, match="the title is for 2025, not 2024"):
        parse_notice(NOTICE_2025, year=2024)


def test_a_yearly_notice_names_every_festival() -> None:
    lines = NOTICE_2025.splitlines()
    without = "\n".join(line for line in lines if not line.startswith(("三、", "六、")))
    with pytest.raises(NoticeError, match="no line for 清明节, 中秋节, 国庆节") as info:
        parse_notice(without)
    assert info.value.line == 1
    assert parse_notice(without, partial=True).partial
    old = "\n".join(line for line in TEXTS[2006].splitlines() if not line.startswith("三、"))
    with pytest.raises(NoticeError, match="no line for 劳动节;"):
        parse_notice(old)


PUNCTUATION = {"，": ",", "：": ":", "（": "(", "）": ")", "。": ".", "至": "-", "、": "、"}


@settings(max_examples=60)
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_a_re_punctuated_notice_reads_to_the_same_days(year: int, data: st.DataObject) -> None:
    """Mirrors re-punctuate: any mix of half-width marks, and other numbering, reads the same."""
    text = TEXTS[year]
    chars = []
    for ch in text:
        if ch in PUNCTUATION and data.draw(st.booleans()):
            ch = PUNCTUATION[ch]
        chars.append(ch)
    changed = "".join(chars)
    numbering = data.draw(st.sampled_from(["、", ",", "."]))
    changed = re.sub(r"(?m)^([一二三四五六七八九十]+)、", rf"\1{numbering}", changed)
    if data.draw(st.booleans()):
        changed = changed.replace("\n", "\r\n")
    expected, got = parse_notice(text), parse_notice(changed)
    assert (got.days_off, got.make_up) == (expected.days_off, expected.make_up)


def festival_lines(text: str) -> list[int]:
    return [
        n for n, line in enumerate(text.split("\n"), 1) if re.match(r"^[一二三四五六七]、", line)
    ]


@settings(max_examples=60)
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_a_notice_without_one_of_its_festival_lines_is_refused(
    year: int, data: st.DataObject
) -> None:
    lines = TEXTS[year].split("\n")
    n = data.draw(st.sampled_from(festival_lines(TEXTS[year])))
    names = re.match(r"^.、([^：]+)：", lines[n - 1])
    assert names is not None
    del lines[n - 1]
    with pytest.raises(NoticeError, match="no line for") as info:
        parse_notice("\n".join(lines))
    for name in names.group(1).replace("“五一”", "劳动节").replace("“十一”", "国庆节").split("、"):
        assert name.replace("国际劳动节", "") in info.value.reason


# Ways a date is garbled into something that is no date.
GARBLES = [
    lambda m, d: f"{m}月{d + 40}日",
    lambda m, d: f"0月{d}日",
    lambda m, d: f"{m + 12}月{d}日",
    lambda m, d: f"{m}月0日",
    lambda m, d: f"{m}月O{d}日",
    lambda m, d: f"{m}月{d}x日",
    lambda m, d: f"9999年{m}月{d}日",
    lambda m, d: f"{m}月{d}日{d}日",
]


@settings(max_examples=80)
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_a_garbled_date_is_an_error_naming_its_line(year: int, data: st.DataObject) -> None:
    lines = TEXTS[year].split("\n")
    n = data.draw(st.sampled_from(festival_lines(TEXTS[year])))
    dates = list(re.finditer(r"(?<!\d)(\d{1,2})月(\d{1,2})日", lines[n - 1]))
    m = data.draw(st.sampled_from(dates))
    garble = data.draw(st.sampled_from(GARBLES))
    lines[n - 1] = (
        lines[n - 1][: m.start()] + garble(int(m[1]), int(m[2])) + lines[n - 1][m.end() :]
    )
    with pytest.raises(NoticeError) as info:
        parse_notice("\n".join(lines))
    assert info.value.line == n


def test_weekend_days_inside_a_break_carry_the_festivals_name() -> None:
    for day in (dt.date(2011, 6, 5), dt.date(2012, 6, 23), dt.date(2015, 6, 21)):
        assert DATA.days_off[day] == "端午节", day
    for year in range(DATA.first_year, DATA.last_year + 1):
        off = sorted(d for d in DATA.days_off if d.year == year)
        for before, after in itertools.pairwise(off):
            gap = [before + dt.timedelta(k) for k in range(1, (after - before).days)]
            same = DATA.days_off[before] == DATA.days_off[after]
            if same and gap and all(d.weekday() >= 5 and d not in DATA.make_up_days for d in gap):
                raise AssertionError(f"{gap} inside the {DATA.days_off[before]} break is unnamed")


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


EXAMPLE_2027 = (NOTICES / "example_2027.txt").read_text("utf-8")


def test_next_years_notice_extends_the_calendar() -> None:
    cal = CAL.with_arrangement(parse_notice(EXAMPLE_2027, source="2027 notice"))
    assert cal.last_day == dt.date(2027, 12, 31)
    assert cal.year_sources()[2027] == "2027 notice"
    assert cf.deadline(dt.datetime(2026, 12, 30, 10), "5个工作日", cal) == dt.datetime(
        2027, 1, 7, 17, 30
    )
    with pytest.raises(cf.CalendarCoverageError):
        cf.deadline(dt.datetime(2026, 12, 30, 10), "5个工作日", CAL)
    later = parse_notice(
        "国务院办公厅关于2028年部分节假日安排的通知\n一、元旦：1月1日放假1天。", partial=True
    )
    with pytest.raises(cf.CalendarError, match="amends a year the calendar knows"):
        CAL.with_arrangement(later).tables  # noqa: B018
    whole = Arrangement(2028, {dt.date(2028, 1, 1): "元旦"}, {})
    with pytest.raises(cf.CalendarError, match="needs one for 2027 first"):
        CAL.with_arrangement(whole)


def test_a_partial_notice_amends_its_year() -> None:
    found = arrangements(2020)
    cal = CAL.with_arrangement(*found[:2])
    assert not cal.is_workday(dt.date(2020, 2, 1))  # the extension: a make-up day no more
    assert cal.is_workday(dt.date(2020, 1, 19))  # the notice's own make-up day stays
    assert "amended by" in cal.year_sources()[2020]
    assert arrangement_from_json(arrangement_to_json(found[1])) == found[1]


@given(st.data())
def test_parse_notice_returns_an_arrangement_or_a_notice_error(data: st.DataObject) -> None:
    """Fuzz: a garbled notice, or any text, is read or refused with a NoticeError."""
    text = data.draw(
        st.one_of(st.text(max_size=60), st.just(NOTICE_2025).map(lambda t: garbled(t, data)))
    )
    refusal(lambda: parse_notice(text), cf.NoticeError)


def test_an_arrangement_answers_for_every_day_of_its_year() -> None:
    arr = parse_notice(NOTICE_2025)
    assert arr.is_workday(dt.date(2025, 7, 18))  # a Friday
    assert not arr.is_workday(dt.date(2025, 7, 19))  # a Saturday
    assert not arr.is_workday(dt.date(2025, 7, 20))  # a Sunday
    assert arr.is_workday(dt.date(2025, 9, 28))  # a make-up Sunday
    bare = Arrangement(2025, {dt.date(2025, 10, 1): "国庆节"}, [dt.date(2025, 9, 28)])
    assert bare.make_up == ((dt.date(2025, 9, 28), ""),)


def test_a_weekend_between_two_days_off_of_a_festival_is_part_of_its_break() -> None:
    # Made up: 3 June 2022 is a Friday, 6 June a Monday.
    both = parse_notice("一、端午节：6月3日、6月6日放假。", partial=True, year=2022)
    assert both.holidays[dt.date(2022, 6, 4)] == both.holidays[dt.date(2022, 6, 5)] == "端午节"
    worked = parse_notice(
        "一、端午节：6月3日、6月6日放假，6月5日（星期日）上班。", partial=True, year=2022
    )
    assert dt.date(2022, 6, 4) not in worked.holidays
    apart = parse_notice("一、端午节：6月2日、6月6日放假。", partial=True, year=2022)  # Thu, Mon
    assert dt.date(2022, 6, 4) not in apart.holidays


def test_spaces_inside_a_line_are_not_read() -> None:
    spaced = NOTICE_2025.replace("1月1日", "1月 1 日").replace("放假", "放 假")
    assert parse_notice(spaced).days_off == parse_notice(NOTICE_2025).days_off


@pytest.mark.parametrize(
    ("text", "value"),
    [("8", 8), ("12", 12), ("一", 1), ("八", 8), ("九", 9), ("十", 10), ("十三", 13),
     ("二十", 20), ("二十一", 21), ("三十一", 31)],
)  # fmt: skip
def test_counts_are_read_in_both_numerals(text: str, value: int) -> None:
    from civicflow.calendars.notices import _number

    assert _number(text) == value


def test_every_sentence_and_clause_of_a_line_adds_its_days() -> None:
    def read(body: str) -> tuple[list[dt.date], list[dt.date]]:
        arr = parse_notice(TITLE + "\n" + body, partial=True)
        return sorted(arr.holidays), sorted(arr.make_up_days)

    off, work = read("一、春节：1月28日至2月4日放假。1月26日（周日）上班。2月8日（周六）上班。")
    assert work == [dt.date(2025, 1, 26), dt.date(2025, 2, 8)]
    off, _ = read("一、国庆节：10月1日至3日放假。10月8日放假。")
    assert off[:3] == [dt.date(2025, 10, d) for d in (1, 2, 3)]
    assert off[-1] == dt.date(2025, 10, 8)
    off, _ = read("一、国庆节：10月1日放假，10月6日补休，10月7日补休。")
    assert off == [dt.date(2025, 10, 1), dt.date(2025, 10, 6), dt.date(2025, 10, 7)]
    off, _ = read("一、春节：1月28日至2月4日放假。其中，1月29日为春节。")
    assert len(off) == 8
    with pytest.raises(
        NoticeError, match="'至' between 2025-10-06 and 2025-10-07 is not understood"
    ):
        read("一、国庆节：10月1日至3日放假，10月6日至7日补休。")


# -- every line is read completely or refused -----------------------------------------------

LINE_2025 = "一、元旦：1月1日（周三）放假1天，不调休。"


@pytest.mark.parametrize(
    "garbled_words", ["与周末休", "周末连休", "与周连休", "与末连休", "与周末连"]
)
def test_a_garbled_join_to_the_weekend_is_refused(garbled_words: str) -> None:
    line = f"五、端午节：6月2日放假，{garbled_words}。"
    with pytest.raises(NoticeError) as info:
        parse_notice(f"国务院办公厅关于2014年部分节假日安排的通知\n{line}", partial=True)
    assert (info.value.line, info.value.text) == (2, line)
    assert info.value.reason == (
        f"{garbled_words!r} is not understood: a clause without a date is a count of days "
        "(共N天), 其中, 不调休, 与周末连休 or 不与周末连休"
    )


def test_not_joined_to_the_weekend_is_not_joined() -> None:
    title = "国务院办公厅关于2014年部分节假日安排的通知\n"
    joined = parse_notice(title + "五、端午节：6月2日放假，与周末连休。", partial=True)
    assert sorted(joined.holidays) == [
        dt.date(2014, 5, 31),
        dt.date(2014, 6, 1),
        dt.date(2014, 6, 2),
    ]
    alone = parse_notice(title + "五、端午节：6月2日放假，不与周末连休。", partial=True)
    assert sorted(alone.holidays) == [dt.date(2014, 6, 2)]


def test_weekend_days_moved_to_the_break_are_working_days() -> None:
    # The 2008 National Day line without its closing "...上班": the two weekend days moved into
    # the break are working days all the same (27 and 28 September 2008 were).
    line = (
        "七、国庆节：9月29日—10月5日放假，共7天。其中，10月1日、2日、3日为法定节假日，"
        "9月27日（星期六）、9月28日（星期日）两个公休日调至9月29日（星期一）、30日（星期二），"
        "10月4日（星期六）、5日（星期日）照常公休。"
    )
    arr = parse_notice(f"国务院办公厅关于2008年部分节假日安排的通知\n{line}", partial=True)
    assert arr.make_up_days == {dt.date(2008, 9, 27), dt.date(2008, 9, 28)}
    assert sorted(arr.holidays) == [dt.date(2008, 9, 29) + dt.timedelta(days=k) for k in range(7)]
    # a Sunday of the break moved to the Monday after it is no working day (端午 2008)
    line = (
        "五、端午节：6月7日—9日放假，共3天。其中，6月7日（星期六）照常公休，6月8日（农历五月初五，"
        "端午节）为法定节假日，6月8日（星期日）公休日调至6月9日（星期一）。"
    )
    arr = parse_notice(f"国务院办公厅关于2008年部分节假日安排的通知\n{line}", partial=True)
    assert arr.make_up_days == frozenset()
    # moved to a day the line does not grant: refused
    line = "五、端午节：6月7日—9日放假，共3天。其中，6月8日（星期日）公休日调至6月10日（星期二）。"
    with pytest.raises(NoticeError) as info:
        parse_notice(f"国务院办公厅关于2008年部分节假日安排的通知\n{line}", partial=True)
    assert info.value.reason == (
        "'6月8日（星期日）公休日调至6月10日（星期二）' moves a day off to 2008-06-10, not a day "
        "of the break"
    )


def test_a_half_width_copy_lists_make_up_days_with_a_comma() -> None:
    official = parse_notice(TEXTS[2026])
    copy = TEXTS[2026].replace(
        "2月14日（周六）、2月28日（周六）上班", "2月14日(周六),2月28日(周六)上班"
    )
    assert copy != TEXTS[2026]
    assert parse_notice(copy) == official
    assert {dt.date(2026, 2, 14), dt.date(2026, 2, 28)} <= official.make_up_days
    # a list of dates that grants nothing is still refused
    with pytest.raises(NoticeError) as info:
        parse_notice(f"{TITLE}\n{LINE_2025}\n三、清明节：4月4日放假，4月5日,4月6日。", partial=True)
    assert info.value.reason == (
        "'4月5日、4月6日' has a date but grants no day off (放假, 补休) and names no working day "
        "(上班)"
    )


def test_a_one_day_range_is_that_day() -> None:
    arr = parse_notice(f"{TITLE}\n一、元旦：1月1日至1日放假，共1天。", partial=True)
    assert arr.days_off == ((dt.date(2025, 1, 1), "元旦"),)


# What a word of a festival's line may lose without changing its dates: one character that is
# not part of how a date is written.
DATE_SYNTAX = set("0123456789０１２３４５６７８９月日年至、，,。.—-～~（）()")


@settings(max_examples=150)
@given(st.sampled_from(sorted(TEXTS)), st.data())
def test_a_line_that_loses_a_character_of_its_words_reads_the_same_or_is_refused(
    year: int, data: st.DataObject
) -> None:
    """Loss: a notice whose words lose a character (与周末连休 becoming 与周末休, 上班 becoming
    班) is read to the same days or refused naming the line, never read to other days."""
    lines = TEXTS[year].split("\n")
    n = data.draw(st.sampled_from(festival_lines(TEXTS[year])))
    body = lines[n - 1].split("：", 1)
    places = [k for k, ch in enumerate(body[1]) if ch not in DATE_SYNTAX]
    k = data.draw(st.sampled_from(places))
    lines[n - 1] = body[0] + "：" + body[1][:k] + body[1][k + 1 :]
    refused = refusal(lambda: parse_notice("\n".join(lines), partial=True), NoticeError)
    if refused is not None:
        assert isinstance(refused, NoticeError)
        assert refused.line == n
        return
    found = parse_notice("\n".join(lines), partial=True)
    assert found.days_off == parse_notice(TEXTS[year], partial=True).days_off
    assert found.make_up == parse_notice(TEXTS[year], partial=True).make_up


@pytest.mark.parametrize("text", [None, b"\xe5\x9b\xbd", 2025, ["一、元旦：1月1日放假。"]])
def test_a_notice_that_is_not_text_is_an_argument_error(text: object) -> None:
    with pytest.raises(cf.ArgumentTypeError) as info:
        parse_notice(text)  # type: ignore[arg-type]
    assert info.value.argument == "text"
    assert str(info.value).startswith("'text' must be the notice's text, a str (got ")
    with pytest.raises(cf.ArgumentTypeError, match=r"^'year' must be a year as a whole number"):
        parse_notice(TEXTS[2025], year="2025")  # type: ignore[arg-type]
    with pytest.raises(cf.ArgumentTypeError, match=r"^'partial' must be True or False"):
        parse_notice(TEXTS[2025], partial="yes")  # type: ignore[arg-type]


def test_numbers_of_thousands_of_digits_are_refused_by_name() -> None:
    with pytest.raises(NoticeError) as info:
        parse_notice(f"{TITLE}\n一、元旦：1月1日放假，共{'9' * 5000}天。", partial=True)
    assert info.value.line == 2
    assert info.value.reason == "'共9999999999999999999' is not a number of days of a break"
    with pytest.raises(NoticeError) as info:
        parse_notice(f"国务院办公厅关于{'9' * 5000}年部分节假日安排的通知")
    assert (info.value.line, info.value.reason) == (1, "'999999999999…' is not a year")
    with pytest.raises(NoticeError, match="is not a year of the holiday law"):
        parse_notice("一、元旦：1月1日放假。", year=10**5000)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "四、植树节：3月12日（周三）放假1天。",
            "unknown festival '植树节'; expected one of 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节",
        ),
        (
            "三、清明节：4月4日（周五）放假1天，4月7日（周一）另行安排。",
            "'4月7日（周一）另行安排' has a date but grants no day off (放假, 补休) and names no "
            "working day (上班)",
        ),
        (
            "三、清明节：4月4日（周五）或5日放假。",
            "'或' between 2025-04-04 and 2025-04-05 is not understood",
        ),
        ("三、清明节：4月1日补休。", "a day in lieu (补休) with no days off (放假) before it"),
        ("三、清明节：4月5日（周六）上班。", "the line grants no day off"),
    ],
)
def test_each_reason_is_given_whole(line: str, reason: str) -> None:
    """The reasons word for word: the clause quoted, the festivals listed, the words between."""
    with pytest.raises(NoticeError) as info:
        parse_notice(f"{TITLE}\n{LINE_2025}\n{line}", partial=True)
    assert (info.value.line, info.value.reason) == (3, reason)


def test_a_notice_without_its_title_is_read_for_the_year_given() -> None:
    with pytest.raises(NoticeError) as info:
        parse_notice("一、元旦：1月1日放假。", year=1998)
    assert (info.value.line, info.value.reason) == (1, "1998 is not a year of the holiday law")
    found = parse_notice("一、元旦：1月1日（周四）放假。", year=2026, partial=True)
    assert found.days_off == ((dt.date(2026, 1, 1), "元旦"),)
