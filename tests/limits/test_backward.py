"""Counting backwards: `before`, `latest_start` and the previous working moment, as the
mirror of the forward arithmetic, with its official examples and its laws."""

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.limits.backward import before, latest_start

CAL = cf.china_calendar()
D = dt.datetime
US = dt.timedelta(microseconds=1)
starts = cfst.local_datetimes(2005, 2025)


# -- examples -------------------------------------------------------------------------------


def test_working_days_before_an_instant_skip_the_break_and_count_the_make_up_day() -> None:
    # 9 October 2025: back over the National Day break (1-8 October) to the make-up Sunday.
    assert before(D(2025, 10, 9, 10), "1个工作日") == D(2025, 9, 30, 9)
    assert before(D(2025, 10, 9, 10), "3个工作日") == D(2025, 9, 28, 9)
    assert before(D(2025, 10, 9, 10), "3个工作日", day_end="midnight") == D(2025, 9, 28)
    assert before(D(2025, 10, 9, 10), "0个工作日") == D(2025, 10, 9, 9)
    assert before(D(2025, 10, 5, 10), "0个工作日") == D(2025, 9, 30, 9)


def test_working_hours_before_an_instant() -> None:
    assert before(D(2025, 10, 9, 10), "2个工作小时") == D(2025, 9, 30, 16, 30)
    # Zero hours: the previous working moment, the mirror of the forward rule's next one.
    assert before(D(2025, 10, 9, 10), "0个工作小时") == D(2025, 10, 9, 10)
    assert before(D(2025, 10, 9, 9), "0个工作小时") == D(2025, 9, 30, 17, 30)  # an opening
    assert before(D(2025, 10, 4, 10), "0个工作小时") == D(2025, 9, 30, 17, 30)  # a holiday
    # Across the lunch break: 14:00 less one hour is 11:30.
    assert before(D(2025, 3, 3, 14), "1个工作小时") == D(2025, 3, 3, 11, 30)
    # An hour before the afternoon's start is 11:00, not the lunch break's end.
    assert before(D(2025, 3, 3, 13, 30), "1个工作小时") == D(2025, 3, 3, 11)


def test_clock_time_calendar_days_and_months_before() -> None:
    assert before(D(2025, 10, 9, 10), "24小时") == D(2025, 10, 8, 10)
    assert before(D(2025, 10, 9, 10), "7日") == D(2025, 9, 30, 10)  # 10-02 is a day off
    assert before(D(2025, 3, 31, 10), "1个月") == D(2025, 2, 28, 10)
    assert before(D(2025, 10, 9, 10), "1周") == before(D(2025, 10, 9, 10), "7日")
    assert before(D(2026, 4, 1, 10), "1年") == D(2025, 4, 1, 10)


def test_the_latest_start_that_meets_a_deadline() -> None:
    # Received by the end of 24 December 2025, five working days run out by 31 December.
    last = latest_start(D(2025, 12, 31, 17, 30), "5个工作日")
    assert last == D(2025, 12, 24, 23, 59, 59, 999999)
    assert cf.deadline(last, "5个工作日") == D(2025, 12, 31, 17, 30)
    assert cf.deadline(last + US, "5个工作日") > D(2025, 12, 31, 17, 30)
    # Before the close of the due day, that day does not count yet.
    assert latest_start(D(2025, 12, 31, 12), "5个工作日") == D(2025, 12, 23, 23, 59, 59, 999999)
    assert latest_start(D(2025, 12, 31, 17, 30), "4个工作小时") == D(2025, 12, 31, 13, 30)
    assert latest_start(D(2025, 12, 31, 17, 30), "15日") == D(2025, 12, 16, 23, 59, 59, 999999)


def test_the_previous_working_moment() -> None:
    assert CAL.previous_working_moment(D(2025, 10, 9, 8)) == D(2025, 9, 30, 17, 30)
    # At a session's opening no work went on just before: the close of the session before.
    assert CAL.previous_working_moment(D(2025, 10, 9, 9)) == D(2025, 9, 30, 17, 30)
    assert CAL.previous_working_moment(D(2025, 10, 9, 13, 30)) == D(2025, 10, 9, 12)
    assert CAL.previous_working_moment(D(2025, 10, 9, 9, 0, 0, 1)) == D(2025, 10, 9, 9, 0, 0, 1)
    assert CAL.previous_working_moment(D(2025, 10, 9, 12)) == D(2025, 10, 9, 12)  # a session's end
    assert CAL.previous_working_moment(D(2025, 10, 9, 13)) == D(2025, 10, 9, 12)
    shanghai = ZoneInfo("Asia/Shanghai")
    aware = D(2025, 10, 9, 0, tzinfo=dt.UTC)  # 08:00 in Shanghai
    assert CAL.previous_working_moment(aware) == D(2025, 9, 30, 17, 30, tzinfo=shanghai)
    with pytest.raises(cf.CalendarCoverageError):
        CAL.previous_working_moment(D(2004, 1, 1, 10))


def test_aware_moments_come_back_in_their_zone() -> None:
    utc = D(2025, 10, 9, 2, tzinfo=dt.UTC)  # 10:00 in Shanghai
    assert before(utc, "3个工作日") == D(2025, 9, 28, 1, tzinfo=dt.UTC)


def test_before_the_data_is_a_coverage_error() -> None:
    with pytest.raises(cf.CalendarCoverageError):
        before(D(2004, 1, 2, 10), "5个工作日")
    with pytest.raises(cf.CalendarCoverageError):
        before(D(2004, 1, 2, 10), "100个工作小时")
    with pytest.raises(cf.CalendarCoverageError):
        latest_start(D(2004, 1, 5, 17, 30), "5个工作日")


def test_zero_working_hours_start_at_the_clocks_first_working_moment() -> None:
    """The rule: a limit of working hours runs from the clock's first working moment, so
    zero hours from a day off is the next working moment, and one second more is one
    second after it."""
    saturday = D(2025, 10, 4, 10)
    assert cf.deadline(saturday, cf.WorkingHours(0)) == D(2025, 10, 9, 9)
    assert cf.deadline(saturday, cf.WorkingHours(seconds=1)) == D(2025, 10, 9, 9, 0, 1)
    assert cf.deadline(D(2025, 10, 9, 10), cf.WorkingHours(0)) == D(2025, 10, 9, 10)


# -- laws -----------------------------------------------------------------------------------


@given(starts, cfst.working_hours(max_hours=300))
def test_back_from_a_deadline_in_hours_is_the_starts_working_moment(
    start: dt.datetime, limit: cf.WorkingHours
) -> None:
    end = cf.deadline(start, limit)
    first = CAL.next_working_moment(start)
    # Zero hours run out at the first working moment; back from it, zero hours is the
    # working moment before it (the opening's is the close before).
    assert before(end, limit) == (first if limit.seconds else CAL.previous_working_moment(first))


@given(starts, cfst.working_hours(max_hours=300))
def test_the_working_time_between_before_and_the_instant_is_the_limit(
    moment: dt.datetime, limit: cf.WorkingHours
) -> None:
    back = before(moment, limit)
    assert back <= moment
    assert cf.working_time(back, moment) == limit.timedelta


@given(cfst.covered_dates(2005, 2025), cfst.working_days(max_days=60))
def test_back_from_a_deadline_in_days_is_the_starts_day(
    day: dt.date, limit: cf.WorkingDays
) -> None:
    start = CAL.add_workdays(day, 0)
    end = cf.deadline(D.combine(start, dt.time(10)), limit)
    assert before(end, limit).date() == start


def slow_working_days_before(moment: dt.datetime, n: int) -> dt.date:
    """The n-th working day before ``moment``'s day, walking back one day at a time."""
    day = moment.date()
    if n == 0:
        while not CAL.is_workday(day):
            day -= dt.timedelta(days=1)
        return day
    while n:
        day -= dt.timedelta(days=1)
        n -= CAL.is_workday(day)
    return day


@given(starts, cfst.working_days(max_days=40))
def test_working_days_before_equal_a_slow_walk(moment: dt.datetime, limit: cf.WorkingDays) -> None:
    back = before(moment, limit)
    assert back.date() == slow_working_days_before(moment, limit.days)
    assert back == D.combine(back.date(), dt.time()) + dt.timedelta(
        seconds=CAL.sessions_on(back.date())[0].start
    )


@given(
    cfst.local_datetimes(2006, 2025, resolution="second"),
    st.one_of(
        cfst.working_days(max_days=40),
        cfst.working_hours(max_hours=200),
        cfst.clock_times(max_hours=300),
        cfst.calendar_days(max_days=60),
        cfst.months(max_months=6),
    ),
    st.sampled_from(["close", "midnight"]),
)
def test_the_latest_start_is_the_last_that_meets_the_deadline(
    due: dt.datetime, limit: cf.Duration, day_end: str
) -> None:
    last = latest_start(due, limit, day_end=day_end)
    assert cf.deadline(last, limit, day_end=day_end) <= due
    assert cf.deadline(last + US, limit, day_end=day_end) > due


@given(st.data(), cfst.calendars(2006, 2025), st.sampled_from(["close", "midnight"]))
def test_the_latest_start_holds_on_any_calendar_and_at_every_session_edge(
    data: st.DataObject, cal: cf.Calendar, day_end: str
) -> None:
    due = data.draw(cfst.local_datetimes(2006, 2025, resolution="second"))
    sessions = cal.sessions_on(due.date())
    snap = data.draw(st.booleans())
    if sessions and snap:  # exactly at a session's start or end
        edge = data.draw(st.sampled_from([x for s in sessions for x in (s.start, s.end)]))
        due = D.combine(due.date(), dt.time()) + dt.timedelta(seconds=edge)
    limit = data.draw(
        st.one_of(
            cfst.working_days(max_days=20),
            cfst.working_hours(max_hours=60),
            st.just(cf.WorkingHours(0)),
            cfst.calendar_days(max_days=30),
            cfst.months(max_months=3),
            cfst.clock_times(max_hours=100),
        )
    )
    last = latest_start(due, limit, cal, day_end=day_end)
    assert cf.deadline(last, limit, cal, day_end=day_end) <= due
    assert cf.deadline(last + US, limit, cal, day_end=day_end) > due


@given(starts, cfst.calendars(2005, 2025))
def test_the_previous_working_moment_mirrors_the_next(
    moment: dt.datetime, cal: cf.Calendar
) -> None:
    back = cal.previous_working_moment(moment)
    assert back <= moment
    assert cf.working_time(back, moment, cal) == dt.timedelta(0)
    # It is a working moment: inside a session, or the end of one.
    assert cal.is_working_time(back) or cf.working_time(back - US, back, cal) == US
    # The mirror of the forward rule: the moment itself when work went on just before it.
    if cal.is_working_time(moment - US):
        assert back == moment
    else:
        assert back < moment
    if cal.is_working_time(moment):
        assert cal.next_working_moment(moment) == moment


@given(starts, cfst.calendars(2005, 2025), cfst.working_hours(max_hours=100))
def test_backwards_in_hours_on_any_sessions(
    moment: dt.datetime, cal: cf.Calendar, limit: cf.WorkingHours
) -> None:
    back = before(moment, limit, cal)
    assert cf.working_time(back, moment, cal) == limit.timedelta
    first, last = cal.next_working_moment(moment), cal.previous_working_moment(moment)
    forth = cf.deadline(moment, limit, cal)
    if limit.seconds:  # the mirror: each undoes the other up to the working moment
        assert before(forth, limit, cal) == first
        assert cf.deadline(back, limit, cal) == last
    else:
        assert (forth, back) == (first, last)


# -- edges ----------------------------------------------------------------------------------

FIRST = D(2004, 1, 2, 9)  # the first working moment of the data: 1 January 2004 is a holiday


def test_counting_back_to_the_first_day_of_the_data_is_no_error() -> None:
    assert before(D(2004, 1, 2, 13), "3工作小时") == FIRST
    assert latest_start(D(2004, 1, 2, 12), "3工作小时") == FIRST
    assert latest_start(D(2004, 1, 2, 17, 30), "1个工作日") == D(2004, 1, 1, 23, 59, 59, 999999)
    assert latest_start(D(2004, 1, 2, 17, 30), "1日") == D(2004, 1, 1, 23, 59, 59, 999999)
    assert latest_start(D(2004, 2, 2, 17, 30), "1个月") == D(2004, 1, 2, 23, 59, 59, 999999)


@pytest.mark.parametrize(
    "call",
    [
        lambda: before(D(2004, 1, 2, 13), "4工作小时"),
        lambda: before(D(2004, 1, 2, 10), "5个工作日"),
        lambda: before(D(2004, 1, 2, 10), "5日"),
        lambda: before(D(2004, 1, 2, 10), "1个月"),
        lambda: latest_start(D(2004, 1, 2, 12), "4工作小时"),
        lambda: latest_start(D(2004, 1, 2, 17, 30), "2个工作日"),
        lambda: latest_start(D(2004, 1, 2, 17, 30), "2日"),
        lambda: latest_start(D(2004, 2, 1, 17, 30), "1个月"),
        lambda: latest_start(D(2003, 12, 31, 17, 30), "1日"),
    ],
)
def test_counting_back_past_the_data_names_the_year_before_it(call: object) -> None:
    with pytest.raises(
        cf.CalendarCoverageError, match="no holiday data for 2003: this calendar covers 2004-"
    ):
        call()  # type: ignore[operator]


def test_clock_time_before_the_year_1_is_a_duration_error() -> None:
    with pytest.raises(cf.DurationError, match=r"before 2004-01-02 10:00 is before year 1"):
        before(D(2004, 1, 2, 10), "20000000小时")


def test_options_are_named_when_wrong() -> None:
    for f in (before, latest_start):
        with pytest.raises(cf.ArgumentError, match="'day_end' must be one of"):
            f(D(2025, 7, 21, 10), "1个工作日", day_end="noon")


def test_counting_back_on_another_calendar() -> None:
    early = cf.china_calendar("08:00-12:00")
    due = D(2025, 7, 23, 12)  # Wednesday noon
    assert latest_start(due, "1个工作日", early) == D(2025, 7, 22, 23, 59, 59, 999999)
    assert latest_start(due, "6工作小时", early) == D(2025, 7, 22, 10)
    assert latest_start(due, "10小时", early) == D(2025, 7, 23, 2)
    assert before(due, "6工作小时", early) == D(2025, 7, 22, 10)
    assert latest_start(D(2025, 7, 23, 8), "0工作小时", early) == D(2025, 7, 23, 8)
    assert latest_start(due, "0工作小时", early) == D(2025, 7, 23, 11, 59, 59, 999999)


def test_an_aware_deadline_gives_an_aware_latest_start() -> None:
    utc = D(2025, 10, 9, 9, 30, tzinfo=dt.UTC)  # 17:30 in Shanghai, Thursday
    # the last moment of 8 October (a holiday) in Shanghai: from it, 9 October is day 1
    assert latest_start(utc, "1个工作日") == D(2025, 10, 8, 15, 59, 59, 999999, tzinfo=dt.UTC)
    assert latest_start(utc, "4工作小时") == D(2025, 10, 9, 5, 30, tzinfo=dt.UTC)
    tokyo = utc.astimezone(ZoneInfo("Asia/Tokyo"))
    assert latest_start(tokyo, "4工作小时").tzinfo == ZoneInfo("Asia/Tokyo")


def test_months_back_find_the_last_day_that_reaches() -> None:
    # 28, 29, 30 and 31 January 2025 all end on 28 February, so from a deadline of that day
    # the last day that may start is the 31st; 1 February would end on 3 March.
    assert latest_start(D(2025, 3, 3, 17, 30), "1个月") == D(2025, 2, 3, 23, 59, 59, 999999)
    assert latest_start(D(2025, 2, 28, 17, 30), "1个月") == D(2025, 1, 31, 23, 59, 59, 999999)
    assert latest_start(D(2025, 2, 27, 17, 30), "1个月") == D(2025, 1, 27, 23, 59, 59, 999999)


def test_clock_time_back_over_a_change_of_offset() -> None:
    # New York moved its clocks forward at 02:00 on 9 March 2025: 03:30 is 2.5 hours after
    # midnight in wall time but 1.5 hours of elapsed time.
    ny = cf.china_calendar(timezone="America/New_York")
    assert before(D(2025, 3, 9, 3, 30), "90分钟", ny) == D(2025, 3, 9, 1, 0)
    assert latest_start(D(2025, 3, 9, 3, 30), "90分钟", ny) == D(2025, 3, 9, 1, 0)


def test_the_first_and_the_day_after_the_last_day_of_data() -> None:
    # No work went on before 1 January 2004 12:00 inside the data: no previous working moment.
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2003"):
        before(D(2004, 1, 1, 12), "0工作小时")
    assert before(D(2004, 1, 2, 9, 30), "0工作小时") == D(2004, 1, 2, 9, 30)
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
        before(D(2027, 1, 1, 10), "1个工作日")
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
        latest_start(D(2027, 1, 1, 10), "1个工作日")
    with pytest.raises(cf.DurationError, match=r"invalid time limit '20000000 hours'"):
        before(D(2004, 1, 2, 10), "20000000小时")


# -- the one convention for a session's ends -------------------------------------------------


@given(st.data(), cfst.calendars(2006, 2024), cfst.working_hours(max_hours=30))
@settings(max_examples=100)  # each example checks every edge of a day, each way, three times
def test_forward_and_backward_mirror_each_other_at_every_session_edge(
    data: st.DataObject, cal: cf.Calendar, limit: cf.WorkingHours
) -> None:
    """A session [start, end) is working time forwards, (start, end] backwards: at each edge,
    and a microsecond either side, the next and the previous working moment, zero hours each
    way, N hours each way and the receipt option are each other's mirror (docs/rules.md)."""
    day = data.draw(cfst.covered_dates(2006, 2024))
    midnight = D.combine(day, dt.time())
    edges = [
        midnight + dt.timedelta(seconds=x) for s in cal.sessions_on(day) for x in (s.start, s.end)
    ]
    for x in [e + k * US for e in edges for k in (-1, 0, 1)]:
        first, last = cal.next_working_moment(x), cal.previous_working_moment(x)
        assert (first == x) == cal.is_working_time(x)  # work goes on from x
        assert (last == x) == cal.is_working_time(x - US)  # work went on up to x
        assert cf.deadline(x, cf.WorkingHours(0), cal) == first
        assert before(x, cf.WorkingHours(0), cal) == last
        if not limit.seconds:
            continue
        forth, back = cf.deadline(x, limit, cal), before(x, limit, cal)
        # The earliest moment N hours of work after x; the latest moment N hours before it.
        assert (
            cf.working_time(x, forth, cal) == limit.timedelta > cf.working_time(x, forth - US, cal)
        )
        assert cf.working_time(back, x, cal) == limit.timedelta > cf.working_time(back + US, x, cal)
        assert before(forth, limit, cal) == first
        assert cf.deadline(back, limit, cal) == last
    # The receipt option, mirrored: forwards, a start outside working time counts from the
    # next working moment; backwards, an instant outside it from the previous one.
    moment = data.draw(starts)
    days = data.draw(cfst.working_days(max_days=10))
    receipt = cf.Receipt.NEXT_WORKING_MOMENT
    first, last = cal.next_working_moment(moment), cal.previous_working_moment(moment)
    assert cf.deadline(moment, days, cal, receipt=receipt) == cf.deadline(first, days, cal)
    assert before(moment, days, cal, receipt=receipt) == before(last, days, cal)


def test_the_receipt_option_backwards_by_example() -> None:
    # A hearing on Saturday 4 October 2025 (National Day): counted from the close of 30
    # September, that day is not counted, and one working day before it is the 29th.
    hearing = D(2025, 10, 4, 10)
    assert before(hearing, "1个工作日") == D(2025, 9, 30, 9)
    assert before(hearing, "1个工作日", receipt="next-working-moment") == D(2025, 9, 29, 9)
    assert before(hearing, "2个工作小时", receipt="next-working-moment") == before(
        hearing, "2个工作小时"
    )
    with pytest.raises(cf.ArgumentError, match="'receipt' must be one of"):
        before(hearing, "1个工作日", receipt="previous")


@pytest.mark.parametrize(
    "call",
    [
        lambda: cf.before(dt.datetime(2025, 3, 3, 10), cf.CalendarDays(10**7)),
        lambda: cf.before(dt.datetime(2025, 3, 3, 10), cf.Months(10**6)),
        lambda: cf.latest_start(dt.datetime(2025, 3, 3, 10), cf.Months(10**6)),
        lambda: cf.latest_start(dt.datetime(2025, 3, 3, 10), cf.CalendarDays(10**7)),
    ],
)
def test_a_limit_back_past_the_year_1_is_before_the_data(call: Callable[[], object]) -> None:
    """Counting back further than any date (a limit of millions of days) is before the data,
    named by the year before it: never an OverflowError of the date arithmetic."""
    with pytest.raises(cf.CalendarCoverageError) as info:
        call()
    assert (info.value.year, info.value.first_year, info.value.last_year) == (2003, 2004, 2026)
