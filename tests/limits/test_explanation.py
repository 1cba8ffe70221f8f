"""Explanations list the days counted and skipped, and agree with the deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst

D = dt.datetime


# -- explanations -----------------------------------------------------------------------------


def test_explanation_lists_skipped_days_and_reasons() -> None:
    why = cf.explain(D(2025, 9, 30, 16), "3个工作日")
    assert why.deadline == D(2025, 10, 11, 17, 30)
    assert [d.info.date.day for d in why.skipped] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert {d.info.name for d in why.skipped} == {"国庆节", "中秋节"}
    counted = [d for d in why.days if d.counted]
    assert [d.info.kind for d in counted] == [cf.DayKind.WORKDAY] * 2 + [cf.DayKind.MAKE_UP]
    text = str(why)
    assert "make-up working day (国庆节)" in text
    assert "skipped: statutory holiday (中秋节)" in text


@given(cfst.local_datetimes(2024, 2025), cfst.durations(), st.booleans())
def test_explanation_agrees_with_deadline(start: D, limit: cf.Duration, midnight: bool) -> None:
    end = "midnight" if midnight else "close"
    why = cf.explain(start, limit, day_end=end)
    assert why.deadline == cf.deadline(start, limit, day_end=end)
    if isinstance(limit, cf.WorkingDays) and limit.days:
        assert sum(d.counted for d in why.days) == limit.days
    if isinstance(limit, cf.WorkingHours):
        counted = sum((cf.working_time(start, why.deadline).total_seconds(),))
        assert counted == limit.seconds
    assert str(why).splitlines()[-1].startswith("deadline")


# The whole text of an explanation, for each kind of limit: every line states a rule of
# counting (民法典 Arts. 200-204), checked by hand against the 2025 notice.
EXPLAINED = [
    (
        D(2025, 9, 26, 10),
        "10日",
        {},
        (
            "start     2025-09-26 10:00 Fri\n"
            "limit     10 days (10个自然日): the start day is not counted; if the last day is not a working day the period ends on the next working day; the deadline is the close of business\n"
            "  2025-09-26 Fri                 start day, not counted\n"
            "  2025-09-27..2025-10-05 Sat-Sun days 1-9 (calendar days count, off or not)\n"
            "  2025-10-06 Mon                 day 10, the last day, not a working day: statutory holiday (中秋节)\n"
            "  2025-10-07..2025-10-08 Tue-Wed skipped: rest day swapped, 调休 (国庆节) (2 days)\n"
            "  2025-10-09 Thu                 the period ends on this next working day\n"
            "deadline  2025-10-09 17:30 Thu"
        ),
    ),
    (
        D(2025, 8, 31, 10),
        "1个月",
        {},
        (
            "start     2025-08-31 10:00 Sun\n"
            "limit     1 month (1个月): the period ends on 2025-09-30 (the matching day of the last month, or its last day); if the last day is not a working day the period ends on the next working day; the deadline is the close of business\n"
            "  2025-08-31 Sun                 start day, not counted\n"
            "  2025-09-01..2025-09-29 Mon-Mon days 1-29 (calendar days count, off or not)\n"
            "  2025-09-30 Tue                 day 30, the last day\n"
            "deadline  2025-09-30 17:30 Tue"
        ),
    ),
    (
        D(2025, 9, 26, 15),
        "4个工作小时",
        {},
        (
            "start     2025-09-26 15:00 Fri\n"
            "limit     4 working hours (4个工作小时): working time counts from the start, inside working sessions only\n"
            "  2025-09-26 Fri                 2h30 of working time (sessions 09:00-12:00,13:30-17:30)\n"
            "  2025-09-27 Sat                 skipped: weekend\n"
            "  2025-09-28 Sun                 1h30 of working time (sessions 09:00-12:00,13:30-17:30): make-up working day (国庆节)\n"
            "deadline  2025-09-28 10:30 Sun"
        ),
    ),
    (
        D(2025, 9, 30, 16),
        "2个工作日",
        {"day_end": "midnight"},
        (
            "start     2025-09-30 16:00 Tue\n"
            "limit     2 working days (2个工作日): the start day is not counted; the deadline is 24:00 of the 2nd working day after it\n"
            "  2025-09-30 Tue                 start day, not counted\n"
            "  2025-10-01..2025-10-03 Wed-Fri skipped: statutory holiday (国庆节) (3 days)\n"
            "  2025-10-04..2025-10-05 Sat-Sun skipped: rest day of the break (国庆节) (2 days)\n"
            "  2025-10-06 Mon                 skipped: statutory holiday (中秋节)\n"
            "  2025-10-07..2025-10-08 Tue-Wed skipped: rest day swapped, 调休 (国庆节) (2 days)\n"
            "  2025-10-09 Thu                 working day 1 of 2\n"
            "  2025-10-10 Fri                 working day 2 of 2\n"
            "deadline  2025-10-11 00:00 Sat"
        ),
    ),
    (
        D(2025, 9, 27, 10),
        "1个工作日",
        {"receipt": "next-working-moment"},
        (
            "start     2025-09-27 10:00 Sat\n"
            "counted   from 2025-09-28 09:00 Sun (the next working moment)\n"
            "limit     1 working day (1个工作日): the start day is not counted; the deadline is the close of business of the 1st working day after it\n"
            "  2025-09-28 Sun                 start day, not counted\n"
            "  2025-09-29 Mon                 working day 1 of 1\n"
            "deadline  2025-09-29 17:30 Mon"
        ),
    ),
    (
        D(2025, 9, 30, 16),
        "48小时",
        {},
        (
            "start     2025-09-30 16:00 Tue\n"
            "limit     48 hours (48小时): plain elapsed time: nights, weekends and holidays all count\n"
            "deadline  2025-10-02 16:00 Thu"
        ),
    ),
    (
        D(2025, 4, 16, 10),
        "10日",
        {},
        (
            "start     2025-04-16 10:00 Wed\n"
            "limit     10 days (10个自然日): the start day is not counted; if the last day is not a working day the period ends on the next working day; the deadline is the close of business\n"
            "  2025-04-16 Wed                 start day, not counted\n"
            "  2025-04-17..2025-04-25 Thu-Fri days 1-9 (calendar days count, off or not)\n"
            "  2025-04-26 Sat                 day 10, the last day, not a working day: weekend\n"
            "  2025-04-27 Sun                 the period ends on this next working day: make-up working day (劳动节)\n"
            "deadline  2025-04-27 17:30 Sun"
        ),
    ),
    (
        D(2025, 9, 26, 15),
        "12个工作小时",
        {},
        (
            "start     2025-09-26 15:00 Fri\n"
            "limit     12 working hours (12个工作小时): working time counts from the start, inside working sessions only\n"
            "  2025-09-26 Fri                 2h30 of working time (sessions 09:00-12:00,13:30-17:30)\n"
            "  2025-09-27 Sat                 skipped: weekend\n"
            "  2025-09-28 Sun                 7h00 of working time (sessions 09:00-12:00,13:30-17:30): make-up working day (国庆节)\n"
            "  2025-09-29 Mon                 2h30 of working time (sessions 09:00-12:00,13:30-17:30)\n"
            "deadline  2025-09-29 11:30 Mon"
        ),
    ),
    (
        D(2025, 9, 27, 10),
        "0个工作日",
        {},
        (
            "start     2025-09-27 10:00 Sat\n"
            "limit     0 working days (0个工作日): no working day to add; the deadline is the close of business of the first working day\n"
            "  2025-09-27 Sat                 skipped: weekend\n"
            "  2025-09-28 Sun                 deadline day: make-up working day (国庆节)\n"
            "deadline  2025-09-28 17:30 Sun"
        ),
    ),
]


@pytest.mark.parametrize(("start", "limit", "options", "text"), EXPLAINED)
def test_the_whole_explanation(start: D, limit: str, options: dict[str, str], text: str) -> None:
    assert str(cf.explain(start, limit, **options)) == text  # type: ignore[arg-type]


@given(cfst.local_datetimes(2024, 2025), cfst.durations())
def test_counted_days_are_the_days_that_count(start: D, limit: cf.Duration) -> None:
    """A day is marked counted exactly when the limit counts it: the N working days of a
    working-day limit, the N calendar days (and the working day a period is carried to) of a
    day limit, the days with working time of a working-hour limit."""
    days = cf.explain(start, limit).days
    counted = [d for d in days if d.counted]
    if isinstance(limit, cf.WorkingDays):
        assert len(counted) == max(limit.days, 1)
        assert all(d.info.is_workday for d in counted)
    elif isinstance(limit, cf.CalendarDays):
        assert len(counted) in (limit.days, limit.days + 1)
        assert all(d.info.date > start.date() for d in counted)
    elif isinstance(limit, cf.WorkingHours):
        assert all(d.info.is_workday for d in counted)
        assert all(("0h00 of" in d.note) != d.counted for d in days if d.info.is_workday)
    assert all(not d.counted for d in days if d.note.startswith(("skipped", "start day")))


@pytest.mark.parametrize(
    ("n", "ordinal"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"), (12, "12th"),
     (13, "13th"), (20, "20th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (101, "101st"),
     (111, "111th"), (112, "112th"), (113, "113th"), (121, "121st")],
)  # fmt: skip
def test_the_rule_names_the_working_day_by_its_ordinal(n: int, ordinal: str) -> None:
    rule = cf.explain(D(2024, 1, 2, 10), cf.WorkingDays(n)).rule
    assert rule.endswith(f"the close of business of the {ordinal} working day after it")


def test_moments_are_printed_to_the_second_and_with_their_offset() -> None:
    def first(start: D) -> str:
        return str(cf.explain(start, "1个工作日")).splitlines()[0]

    assert first(D(2025, 9, 30, 16, 0, 5)) == "start     2025-09-30 16:00:05 Tue"
    assert first(D(2025, 9, 30, 16, 0, 0, 5)) == "start     2025-09-30 16:00:00 Tue"
    assert first(D(2025, 9, 30, 8, 0, tzinfo=dt.UTC)) == "start     2025-09-30 08:00 Tue +0000"


def test_the_calendar_and_the_options_given_are_the_ones_used() -> None:
    typhoon = cf.china_calendar().with_days_off({dt.date(2025, 10, 9): "台风"})
    start = D(2025, 9, 30, 16)
    explained = cf.explain(start, "1个工作日", typhoon)
    assert explained.deadline == cf.deadline(start, "1个工作日", typhoon) == D(2025, 10, 10, 17, 30)
    assert "skipped: extra day off (台风)" in str(explained)
    with pytest.raises(cf.ArgumentError) as info:
        cf.explain(start, "1个工作日", day_end="noon")
    assert str(info.value) == "'day_end' must be one of 'close', 'midnight' (got 'noon')"
    with pytest.raises(cf.ArgumentError) as info:
        cf.explain(start, "1个工作日", receipt="later")
    assert (
        str(info.value)
        == "'receipt' must be one of 'as-received', 'next-working-moment' (got 'later')"
    )


def test_provisional_years_are_named_even_without_days_listed() -> None:
    cal = cf.china_calendar().with_provisional(2028)
    clock = cf.explain(D(2026, 12, 31, 10), "48小时", cal)
    assert (clock.days, clock.provisional) == ((), (2027,))
    long = cf.explain(D(2026, 12, 30, 10), "300个工作日", cal)
    assert long.provisional == (2027, 2028)
    assert str(long).splitlines()[-1] == (
        "PROVISIONAL: no holiday notice yet for 2027, 2028; its holidays follow the law alone, "
        "without make-up days, and the deadline may move when the notice is out"
    )
    assert cf.explain(D(2026, 3, 2, 10), "5个工作日", cal).provisional == ()


@given(cfst.local_datetimes(2024, 2025), cfst.durations())
def test_every_day_listed_says_counted_or_not_as_a_bool(start: D, limit: cf.Duration) -> None:
    assert all(type(d.counted) is bool for d in cf.explain(start, limit).days)


def test_no_working_day_to_add_from_a_working_day_makes_the_start_day_the_deadline_day() -> None:
    days = cf.explain(D(2025, 3, 3, 10), cf.WorkingDays(0)).days
    assert [(d.info.date, d.counted, d.note) for d in days] == [
        (dt.date(2025, 3, 3), True, "deadline day")
    ]
    saturday = cf.explain(D(2025, 3, 1, 10), cf.WorkingDays(0)).days
    assert [(d.counted, d.note) for d in saturday] == [
        (False, "skipped: weekend"),
        (False, "skipped: weekend"),
        (True, "deadline day"),
    ]


def test_a_day_with_any_working_time_at_all_is_counted() -> None:
    # One microsecond before the office closes: that day counts one microsecond.
    days = cf.explain(D(2025, 3, 3, 17, 29, 59, 999_999), cf.WorkingHours(1)).days
    assert [d.counted for d in days] == [True, True]


def test_a_session_from_midnight_counts_from_midnight() -> None:
    desk = cf.china_calendar().with_schedule("00:00-24:00")
    days = cf.explain(D(2025, 3, 3, 10), cf.WorkingHours(20), desk).days
    assert [d.note for d in days] == [
        "14h00 of working time (sessions 00:00-24:00)",
        "6h00 of working time (sessions 00:00-24:00)",
    ]


def test_the_working_day_a_period_is_carried_to_counts() -> None:
    # Five days from Monday 22 September 2025 end on Saturday 27; Sunday 28 was worked.
    days = cf.explain(D(2025, 9, 22, 10), cf.CalendarDays(5)).days
    assert (days[-1].info.date, days[-1].counted) == (dt.date(2025, 9, 28), True)
    assert days[-1].note.startswith("the period ends on this next working day")
