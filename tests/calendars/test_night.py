"""Night sessions: a session past midnight belongs to the day it starts."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.limits.batch import deadlines
from tests.sla.clocks import in_progress, paused, policy_with

D = dt.datetime

NIGHT = cf.china_calendar("22:00-06:00+1")
SPLIT = cf.china_calendar("08:00-12:00,20:00-02:00+1")


def test_a_session_past_midnight_is_written_as_such() -> None:
    assert cf.Session.parse("22:00-06:00+1") == cf.Session(22 * 3600, 30 * 3600)
    assert cf.Session.parse("22:00-次日06:00") == cf.Session(22 * 3600, 30 * 3600)
    assert str(cf.Session(22 * 3600, 30 * 3600)) == "22:00-06:00+1"
    assert cf.Session.parse("00:00-00:00+1").seconds == 86_400
    assert cf.Session.parse("22:00-06:00+1").overnight
    assert not cf.Session.parse("22:00-24:00").overnight
    assert str(cf.Schedule.parse("08:00-12:00,20:00-次日02:00")) == "08:00-12:00,20:00-02:00+1"


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("22:00-06:00", "a session past midnight is written 22:00-06:00\\+1"),
        ("22:00-23:00+1", "ends by the time it starts"),
        ("22:00-06:00+1,23:00-24:00", "must be in order and not overlap"),
        ("06:00-12:00; Sat=22:00-07:00+1", "runs into the next day's 06:00-12:00"),
    ],
)
def test_bad_night_sessions_say_why(spec: str, reason: str) -> None:
    with pytest.raises(cf.ScheduleError, match=reason):
        cf.Schedule.parse(spec)


def test_the_night_is_the_working_day_it_starts() -> None:
    # Thursday 2025-10-09 is worked; Friday 10-10 too; the night from Thursday to Friday
    # belongs to Thursday, so a case taken at 03:00 on Friday is received on Thursday.
    evening, small_hours, morning = D(2025, 10, 9, 23), D(2025, 10, 10, 3), D(2025, 10, 10, 7)
    assert cf.deadline(evening, "1个工作日", NIGHT) == D(2025, 10, 11, 6)
    assert cf.deadline(small_hours, "1个工作日", NIGHT) == D(2025, 10, 11, 6)
    assert cf.deadline(morning, "1个工作日", NIGHT) == D(2025, 10, 12, 6)
    assert cf.deadline(small_hours, "0个工作日", NIGHT) == D(2025, 10, 10, 6)
    assert cf.deadline(small_hours, "2日", NIGHT) == D(2025, 10, 12, 6)
    assert cf.deadline(small_hours, "1个工作日", NIGHT, day_end="midnight") == D(2025, 10, 11)
    assert NIGHT.close_of_business(dt.date(2025, 10, 9)) == D(2025, 10, 10, 6)
    assert NIGHT.is_working_time(small_hours)
    assert not NIGHT.is_working_time(morning)


def test_hours_after_midnight_run_into_a_holiday() -> None:
    # 2025-09-30 is the last working day before the National Day break: its night runs to
    # 06:00 on 1 October, which is itself a day off.
    assert cf.deadline(D(2025, 9, 30, 23), "2个工作小时", NIGHT) == D(2025, 10, 1, 1)
    assert cf.deadline(D(2025, 9, 30, 23), "8个工作小时", NIGHT) == D(2025, 10, 9, 23)
    assert cf.working_time(D(2025, 9, 30, 22), D(2025, 10, 9, 23), NIGHT) == dt.timedelta(hours=9)
    assert not NIGHT.is_workday(dt.date(2025, 10, 1))
    assert NIGHT.next_working_moment(D(2025, 10, 1, 7)) == D(2025, 10, 9, 22)


def test_counting_back_over_a_night() -> None:
    due = D(2025, 10, 11, 6)  # the close of Friday's night
    assert cf.latest_start(due, "1个工作日", NIGHT) == D(2025, 10, 10, 5, 59, 59, 999999)
    assert cf.before(D(2025, 10, 10, 1), "2工作小时", NIGHT) == D(2025, 10, 9, 23)
    assert NIGHT.previous_working_moment(D(2025, 10, 10, 7)) == D(2025, 10, 10, 6)


def test_a_closure_in_the_small_hours_cuts_the_night_before() -> None:
    cal = NIGHT.with_closure(D(2025, 10, 10, 2), D(2025, 10, 10, 4), "停电")
    assert [str(s) for s in cal.sessions_on(dt.date(2025, 10, 9))] == [
        "22:00-02:00+1",
        "04:00+1-06:00+1",
    ]
    assert cf.deadline(D(2025, 10, 10, 1), "2工作小时", cal) == D(2025, 10, 10, 5)
    gone = NIGHT.with_closure(D(2025, 10, 9, 22), D(2025, 10, 10, 5), "停电")
    assert [str(s) for s in gone.sessions_on(dt.date(2025, 10, 9))] == ["05:00+1-06:00+1"]
    assert gone.close_of_business(dt.date(2025, 10, 9)) == D(2025, 10, 10, 6)
    assert cf.deadline(D(2025, 10, 10, 5, 30), "0个工作日", gone) == D(2025, 10, 10, 6)


def test_the_explanation_counts_the_night_on_its_day() -> None:
    text = str(cf.explain(D(2025, 10, 10, 3), "1个工作日", NIGHT))
    assert "2025-10-09 Thu" in text.splitlines()[2]  # the start day is Thursday
    assert "start day, not counted" in text.splitlines()[2]
    assert "working day 1 of 1" in text
    assert "2025-10-11 06:00" in text
    hours = cf.explain(D(2025, 9, 30, 23), "8个工作小时", NIGHT)
    counted = [d for d in hours.days if d.counted]
    assert [d.info.date for d in counted] == [dt.date(2025, 9, 30), dt.date(2025, 10, 9)]
    assert "7h00 of working time" in counted[0].note  # 23:00 to 06:00, across midnight
    assert "1h00 of working time" in counted[1].note


night_calendars = st.builds(
    lambda s, w: cf.china_calendar(s).with_workweek(range(w)),
    cfst.sessions(night=True).filter(lambda s: s[-1].overnight).map(cf.Schedule),
    st.integers(5, 7),
)


night_limits = st.one_of(
    cfst.working_days(max_days=20), cfst.calendar_days(max_days=30), cfst.working_hours(60)
)


@given(night_calendars, cfst.local_datetimes(2010, 2025), night_limits)
def test_an_sla_clock_counts_as_the_arithmetic(
    cal: cf.Calendar, start: dt.datetime, limit: cf.Duration
) -> None:
    policy = policy_with(limit)
    at = start + dt.timedelta(days=3)
    plain = cf.evaluate(in_progress(start), policy, at, cal).goal("handling")
    assert plain.deadline == cf.deadline(start, limit, cal)
    # A pause of no length takes the general path: it must agree in every figure.
    held = cf.evaluate(paused(in_progress(start), at, at), policy, at, cal).goal("handling")
    assert (plain.deadline, plain.remaining, plain.elapsed, plain.state) == (
        held.deadline,
        held.remaining,
        held.elapsed,
        held.state,
    )


@given(night_calendars, st.lists(cfst.local_datetimes(2010, 2024), min_size=1, max_size=20))
def test_the_batch_form_agrees_on_nights(cal: cf.Calendar, starts: list[dt.datetime]) -> None:
    pytest.importorskip("numpy")
    import numpy as np

    for limit in ("3个工作日", "10日", "5工作小时"):
        got = deadlines(np.array(starts, dtype="datetime64[us]"), limit, cal)
        assert list(got.astype(object)) == [cf.deadline(s, limit, cal) for s in starts]


def test_the_tables_move_the_hours_after_midnight_to_the_next_day() -> None:
    from civicflow.calendars._tables import US_PER_DAY, Tables

    h = 3600 * 1_000_000
    night = ((22 * h, 30 * h),)
    t = Tables(dt.date(2025, 1, 6), [night, night, (), ((8 * h, 12 * h),)])
    assert t.sessions == [
        ((22 * h, US_PER_DAY),),
        ((0, 6 * h), (22 * h, US_PER_DAY)),
        ((0, 6 * h),),
        ((8 * h, 12 * h),),
    ]
    assert t.carry == [0, 6 * h, 6 * h, 0]
    assert t.workday == [True, True, False, True]
    assert t.open_us == [22 * h, 22 * h, 0, 8 * h]
    assert t.close_us == [30 * h, 30 * h, 0, 12 * h]
    assert t.cum_us == [0, 2 * h, 10 * h, 16 * h, 20 * h]
    assert t.working_day_of(1, 5 * h) == (0, 29 * h)
    assert t.working_day_of(1, 6 * h) == (1, 6 * h)
    # A piece of a night session that starts at or after midnight, and one that ends at 24:00.
    cut = Tables(dt.date(2025, 1, 6), [((US_PER_DAY, 30 * h),), ((20 * h, US_PER_DAY),), ()])
    assert cut.sessions == [(), ((0, 6 * h), (20 * h, US_PER_DAY)), ()]
    assert cut.carry == [0, 6 * h, 0]
    assert cut.workday == [True, True, False]
    # A night cut at midnight, and a night on the last day but one.
    split = Tables(dt.date(2025, 1, 6), [((22 * h, US_PER_DAY), (25 * h, 30 * h)), (), night, ()])
    assert split.sessions[:2] == [((22 * h, US_PER_DAY),), ((h, 6 * h),)]
    assert split.carry == [0, 6 * h, 0, 6 * h]


def test_a_pause_inside_one_night_gives_back_no_calendar_day() -> None:
    policy = policy_with(cf.CalendarDays(10))
    start = D(2025, 7, 14, 23)  # Monday night
    at = D(2025, 7, 18, 12)
    plain = cf.evaluate(in_progress(start), policy, at, NIGHT).goal("handling")
    night = paused(in_progress(start), D(2025, 7, 15, 23), D(2025, 7, 16, 3))  # one night
    assert cf.evaluate(night, policy, at, NIGHT).goal("handling").deadline == plain.deadline
    day = paused(in_progress(start), D(2025, 7, 15, 23), D(2025, 7, 16, 23))  # a night and a day
    later = cf.evaluate(day, policy, at, NIGHT).goal("handling").deadline
    assert plain.deadline is not None
    assert later is not None
    assert later - plain.deadline == dt.timedelta(days=1)
