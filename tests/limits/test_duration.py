"""Parsing and arithmetic of time limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from tests.fuzzing import refusal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3个工作日", cf.WorkingDays(3)),
        ("三个工作日", cf.WorkingDays(3)),
        ("3 working days", cf.WorkingDays(3)),
        ("1 working day", cf.WorkingDays(1)),
        ("15工作日", cf.WorkingDays(15)),
        ("十五个工作日", cf.WorkingDays(15)),
        ("两个工作日", cf.WorkingDays(2)),
        ("二十个工作日", cf.WorkingDays(20)),
        ("一百零五天", cf.CalendarDays(105)),
        ("3个工作日内", cf.WorkingDays(3)),
        ("5个工作日以内", cf.WorkingDays(5)),
        ("4个工作小时", cf.WorkingHours(4)),
        ("4工作时", cf.WorkingHours(4)),
        ("1.5 working hours", cf.WorkingHours(1.5)),
        ("16 working hours", cf.WorkingHours(16)),
        ("  2  Working  Hours ", cf.WorkingHours(2)),
        ("48小时", cf.ClockTime(48)),
        ("2 hours", cf.ClockTime(2)),
        ("30分钟", cf.ClockTime(minutes=30)),
        ("15 minutes", cf.ClockTime(minutes=15)),
        ("15日", cf.CalendarDays(15)),
        ("15天", cf.CalendarDays(15)),
        ("15个自然日", cf.CalendarDays(15)),
        ("7 days", cf.CalendarDays(7)),
        ("3个月", cf.Months(3)),
        ("1 month", cf.Months(1)),
    ],
)
def test_parse(text: str, expected: cf.Duration) -> None:
    assert cf.Duration.parse(text) == expected
    assert type(cf.Duration.parse(text)) is type(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-3个工作日", "cannot be negative"),
        ("−3 working days", "cannot be negative"),
        ("个工作日", "no number"),
        ("3 fortnights", "unknown unit 'fortnights'"),
        ("3个工作日abc", "unknown unit"),
        ("3个工作日 please", "unknown unit"),
        ("1.5工作日", "WorkingDays are counted in whole numbers"),
        ("2.5个月", "Months are counted in whole numbers"),
        ("十十天", "not a Chinese numeral"),
        ("三五天", "not a Chinese numeral"),
        ("0.1秒", "whole number of seconds"),
    ],
)
def test_parse_errors_say_why(text: str, reason: str) -> None:
    with pytest.raises(cf.DurationError, match=reason) as info:
        cf.Duration.parse(text)
    assert info.value.text == text
    assert isinstance(info.value, ValueError)


def test_parse_refuses_other_types() -> None:
    with pytest.raises(cf.DurationError, match="expected a str or a Duration, got int"):
        cf.Duration.parse(3)  # type: ignore[arg-type]
    assert cf.Duration.parse(cf.WorkingDays(2)) == cf.WorkingDays(2)


def test_built_in_code() -> None:
    assert cf.WorkingHours(1.5) == cf.WorkingHours(minutes=90) == cf.WorkingHours(seconds=5400)
    assert cf.WorkingHours("1.1").seconds == 3960
    assert cf.ClockTime(1, minutes=30).timedelta.total_seconds() == 5400
    assert cf.WorkingHours(1.5).hours == 1.5
    assert repr(cf.ClockTime(seconds=45)) == "ClockTime(seconds=45)"
    with pytest.raises(cf.DurationError, match="'days' must be a whole number"):
        cf.WorkingDays(1.5)  # type: ignore[arg-type]
    with pytest.raises(cf.DurationError, match="'days' cannot be negative"):
        cf.WorkingDays(-1)
    with pytest.raises(cf.DurationError, match="'days' must be a whole number"):
        cf.CalendarDays(True)
    with pytest.raises(cf.DurationError, match="cannot be negative"):
        cf.WorkingHours(-1)
    with pytest.raises(cf.DurationError, match="'hours' must be a number"):
        cf.WorkingHours(None)  # type: ignore[arg-type]
    with pytest.raises(cf.DurationError, match="whole number of seconds"):
        cf.ClockTime(seconds=0.5)


def test_units_never_mix() -> None:
    with pytest.raises(TypeError):
        cf.WorkingDays(1) + cf.WorkingHours(8)  # type: ignore[operator]
    with pytest.raises(TypeError):
        cf.WorkingHours(1) + cf.ClockTime(1)  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = cf.WorkingDays(1) < cf.CalendarDays(2)  # type: ignore[operator]
    one_day: object = cf.WorkingDays(1)
    assert one_day != cf.CalendarDays(1)
    assert one_day != cf.WorkingHours(24)
    assert cf.WorkingDays(2) + cf.WorkingDays(3) == cf.WorkingDays(5)
    assert cf.Months(1) + cf.Months(2) == cf.Months(3)
    assert cf.CalendarDays(1) + cf.CalendarDays(2) == cf.CalendarDays(3)
    assert cf.ClockTime(minutes=20) + cf.ClockTime(minutes=40) == cf.ClockTime(1)
    assert cf.WorkingDays(2) < cf.WorkingDays(3)


@given(cfst.durations())
def test_text_round_trips(limit: cf.Duration) -> None:
    assert cf.Duration.parse(str(limit)) == limit
    assert eval(repr(limit), vars(cf)) == limit


@given(
    st.text(max_size=30)
    | st.from_regex(
        r"[-+]?\s*[0-9一二三十百]{0,14}\s*[个工作日小时天月分钟秒 a-z\n]{0,12}", fullmatch=True
    )
)
def test_parse_returns_a_limit_or_a_duration_error(text: str) -> None:
    """Fuzz: any text is a limit or a DurationError, never another exception."""
    error = refusal(lambda: cf.Duration.parse(text), cf.DurationError)
    if error is None:
        assert isinstance(cf.Duration.parse(text), cf.Duration)


def test_whitespace_inside_a_unit_is_whitespace() -> None:
    assert cf.Duration.parse("3 working\nday") == cf.WorkingDays(3)
    assert cf.Duration.parse("3\tworking  days") == cf.WorkingDays(3)


def test_an_amount_of_many_digits_is_refused_by_name() -> None:
    with pytest.raises(cf.DurationError, match="13 digits is too large"):
        cf.Duration.parse("9999999999999天")
    assert cf.Duration.parse("999999999999天") == cf.CalendarDays(999_999_999_999)


@pytest.mark.parametrize(
    ("limit", "text", "code", "chinese"),
    [
        (cf.WorkingDays(1), "1 working day", "WorkingDays(1)", "1个工作日"),
        (cf.WorkingDays(3), "3 working days", "WorkingDays(3)", "3个工作日"),
        (cf.CalendarDays(1), "1 day", "CalendarDays(1)", "1个自然日"),
        (cf.CalendarDays(15), "15 days", "CalendarDays(15)", "15个自然日"),
        (cf.Months(1), "1 month", "Months(1)", "1个月"),
        (cf.Months(2), "2 months", "Months(2)", "2个月"),
        (cf.WorkingHours(1), "1 working hour", "WorkingHours(1)", "1个工作小时"),
        (cf.WorkingHours(4), "4 working hours", "WorkingHours(4)", "4个工作小时"),
        (cf.WorkingHours(0), "0 working hours", "WorkingHours(0)", "0个工作小时"),
        # Whole hundredths of an hour above one hour print as decimal hours...
        (cf.WorkingHours(1.5), "1.5 working hours", "WorkingHours(minutes=90)", "1.5个工作小时"),
        (
            cf.WorkingHours(minutes=75),
            "1.25 working hours",
            "WorkingHours(minutes=75)",
            "1.25个工作小时",
        ),
        (
            cf.WorkingHours(seconds=3636),
            "1.01 working hours",
            "WorkingHours(seconds=3636)",
            "1.01个工作小时",
        ),
        # ... below one hour, or off the hundredths, as minutes or seconds.
        (
            cf.WorkingHours(minutes=30),
            "30 working minutes",
            "WorkingHours(minutes=30)",
            "30个工作分钟",
        ),
        (cf.WorkingHours(minutes=1), "1 working minute", "WorkingHours(minutes=1)", "1个工作分钟"),
        (
            cf.WorkingHours(minutes=61),
            "61 working minutes",
            "WorkingHours(minutes=61)",
            "61个工作分钟",
        ),
        (cf.WorkingHours(seconds=1), "1 working second", "WorkingHours(seconds=1)", "1个工作秒"),
        (
            cf.WorkingHours(seconds=3601),
            "3601 working seconds",
            "WorkingHours(seconds=3601)",
            "3601个工作秒",
        ),
        (cf.ClockTime(48), "48 hours", "ClockTime(48)", "48小时"),
        (cf.ClockTime(1), "1 hour", "ClockTime(1)", "1小时"),
        (cf.ClockTime(minutes=30), "30 minutes", "ClockTime(minutes=30)", "30分钟"),
        (cf.ClockTime(minutes=1), "1 minute", "ClockTime(minutes=1)", "1分钟"),
        (cf.ClockTime(seconds=1), "1 second", "ClockTime(seconds=1)", "1秒"),
        (cf.ClockTime(seconds=90), "90 seconds", "ClockTime(seconds=90)", "90秒"),
    ],
)
def test_every_form_prints_as_it_reads(
    limit: cf.Duration, text: str, code: str, chinese: str
) -> None:
    assert (str(limit), repr(limit), limit.chinese) == (text, code, chinese)
    assert cf.Duration.parse(chinese) == limit
    assert cf.Duration.parse(text) == limit


@pytest.mark.parametrize(
    ("make", "text", "reason"),
    [
        (lambda: cf.Duration.parse(5), "5", "expected a str or a Duration, got int"),  # type: ignore[arg-type]
        (lambda: cf.WorkingDays(-1), "-1", "'days' cannot be negative"),
        (
            lambda: cf.Months(1.5),  # type: ignore[arg-type]
            "1.5",
            "'months' must be a whole number (got 1.5 that is a float)",
        ),
        (
            lambda: cf.CalendarDays(True),
            "True",
            "'days' must be a whole number (got True that is a bool)",
        ),
        (
            lambda: cf.WorkingHours(seconds=0.5),
            "0.5 s",
            "a time limit must be a whole number of seconds",
        ),
        (lambda: cf.WorkingHours(-1), "-3600 s", "a time limit cannot be negative"),
        (lambda: cf.ClockTime("x"), "'x'", "'hours' must be a number"),
        (lambda: cf.ClockTime(minutes=None), "None", "'minutes' must be a number (got a NoneType)"),  # type: ignore[arg-type]
        (lambda: cf.ClockTime(seconds=True), "True", "'seconds' must be a number (got a bool)"),
    ],
)
def test_errors_carry_what_arrived_and_why(make: object, text: str, reason: str) -> None:
    with pytest.raises(cf.DurationError) as info:
        make()  # type: ignore[operator]
    assert (info.value.text, info.value.reason) == (text, reason)


def test_floats_are_read_as_written() -> None:
    # 1.1 hours is 66 minutes exactly, not the binary float's 3960.0000000000002 seconds.
    assert cf.WorkingHours(1.1) == cf.WorkingHours(minutes=66)
    assert cf.ClockTime(0.1) == cf.ClockTime(minutes=6)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("一百二十个工作日", 120),
        ("二百零五个工作日", 205),
        ("一千零一个工作日", 1001),
        ("三千二百一十个工作日", 3210),
    ],
)
def test_chinese_numerals_with_several_powers(text: str, days: int) -> None:
    assert cf.Duration.parse(text) == cf.WorkingDays(days)


@pytest.mark.parametrize("kind", [cf.WorkingHours, cf.ClockTime])
def test_a_large_amount_prints_exactly(kind: type[cf.WorkingHours]) -> None:
    """Printed amounts are exact, however large: no rounding to 28 significant digits."""
    limit = kind(seconds=3600 * 10**12 + 252)  # 10**12 hours and 0.07 hours (4 min 12 s)
    assert str(limit).startswith("1000000000000.07 ")
    assert limit.chinese.startswith("1000000000000.07")
    assert str(kind(seconds=5400)).startswith("1.5 ")
    assert str(kind(seconds=4500)).startswith("1.25 ")


def test_an_amount_past_the_largest_is_refused() -> None:
    assert cf.WorkingDays(10**16).days == 10**16
    for make in (
        lambda: cf.WorkingDays(10**16 + 1),
        lambda: cf.CalendarDays(10**5000),
        lambda: cf.Months(10**20),
        lambda: cf.WorkingHours(10**5000),
        lambda: cf.ClockTime(seconds=10**17),
    ):
        with pytest.raises(cf.DurationError, match="too large for a time limit"):
            make()
    with pytest.raises(cf.DurationError) as info:
        cf.WorkingDays(10**5000)
    assert info.value.text == "a number of about 5001 digits"
    with pytest.raises(cf.DurationError, match=r"5000 digits is too large"):
        cf.Duration.parse("1" * 5000 + "个工作日")
