"""Sessions as values: the session that holds a moment, the next and previous sessions and
boundaries, on the national calendar, a night desk, a 7x24 desk and any drawn calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst

D = dt.datetime
US = dt.timedelta(microseconds=1)
CAL = cf.china_calendar()


def test_sessions_of_an_office_around_national_day() -> None:
    span = CAL.session_at(D(2025, 10, 9, 10))
    assert span == cf.SessionSpan(D(2025, 10, 9, 9), D(2025, 10, 9, 12), dt.date(2025, 10, 9))
    assert str(span) == "2025-10-09 09:00..12:00"
    assert span.length == dt.timedelta(hours=3)
    assert D(2025, 10, 9, 9) in span
    assert D(2025, 10, 9, 12) not in span
    assert "09:00" not in span
    assert CAL.session_at(D(2025, 10, 9, 12)) is None  # the lunch break
    assert CAL.session_at(D(2025, 10, 9, 9)) == span  # its start holds it
    assert CAL.session_at(D(2025, 10, 4, 10)) is None  # a holiday
    assert CAL.next_session(D(2025, 9, 30, 18)).start == D(2025, 10, 9, 9)
    assert CAL.next_session(D(2025, 10, 9, 9)).start == D(2025, 10, 9, 13, 30)
    assert CAL.previous_session(D(2025, 10, 9, 9)).end == D(2025, 9, 30, 17, 30)
    assert CAL.previous_session(D(2025, 10, 9, 12)).end == D(2025, 9, 30, 17, 30)
    assert CAL.previous_session(D(2025, 10, 9, 12, 0, 0, 1)).end == D(2025, 10, 9, 12)
    assert CAL.next_boundary(D(2025, 10, 9, 10)) == D(2025, 10, 9, 12)
    assert CAL.next_boundary(D(2025, 10, 9, 12)) == D(2025, 10, 9, 13, 30)
    assert CAL.next_boundary(D(2025, 9, 30, 17, 30)) == D(2025, 10, 9, 9)
    assert CAL.previous_boundary(D(2025, 10, 9, 9)) == D(2025, 9, 30, 17, 30)
    assert CAL.previous_boundary(D(2025, 10, 9, 10)) == D(2025, 10, 9, 9)
    assert CAL.previous_boundary(D(2025, 10, 11, 8)) == D(2025, 10, 10, 17, 30)


def test_a_night_session_is_one_span_across_midnight() -> None:
    night = cf.china_calendar("22:00-06:00+1")
    span = night.session_at(D(2025, 10, 10, 3))
    assert span == cf.SessionSpan(D(2025, 10, 9, 22), D(2025, 10, 10, 6), dt.date(2025, 10, 9))
    assert str(span) == "2025-10-09 22:00..2025-10-10 06:00"
    assert night.session_at(D(2025, 10, 9, 23)) == span
    assert night.next_boundary(D(2025, 10, 9, 23)) == D(2025, 10, 10, 6)  # midnight is none
    assert night.previous_boundary(D(2025, 10, 10, 3)) == D(2025, 10, 9, 22)
    # Tuesday 30 September's night runs into the holiday's early hours.
    assert night.session_at(D(2025, 10, 1, 5)).day == dt.date(2025, 9, 30)  # type: ignore[union-attr]
    assert night.next_session(D(2025, 10, 1, 5)).start == D(2025, 10, 9, 22)


def test_a_7x24_desk_has_a_boundary_at_every_midnight() -> None:
    desk = cf.china_calendar("00:00-24:00").with_workweek(range(7), national=False)
    assert desk.session_at(D(2030, 10, 1, 12)) == cf.SessionSpan(
        D(2030, 10, 1), D(2030, 10, 2), dt.date(2030, 10, 1)
    )
    assert desk.next_boundary(D(2030, 10, 1, 12)) == D(2030, 10, 2)
    assert desk.session_at(D(2030, 10, 2)).day == dt.date(2030, 10, 2)  # type: ignore[union-attr]
    assert desk.previous_boundary(D(2100, 1, 1)) == D(2099, 12, 31)


def test_a_closure_makes_boundaries_and_aware_moments_come_back_aware() -> None:
    typhoon = CAL.with_closure(D(2025, 7, 21, 14), D(2025, 7, 22), "台风停工")
    assert typhoon.session_at(D(2025, 7, 21, 13, 45)).end == D(2025, 7, 21, 14)  # type: ignore[union-attr]
    assert typhoon.next_boundary(D(2025, 7, 21, 13, 45)) == D(2025, 7, 21, 14)
    assert typhoon.next_boundary(D(2025, 7, 21, 14)) == D(2025, 7, 22, 9)
    aware = D(2025, 10, 9, 2, tzinfo=dt.UTC)  # 10:00 in Shanghai
    span = CAL.session_at(aware)
    assert span is not None
    assert span.start == D(2025, 10, 9, 1, tzinfo=dt.UTC)
    assert CAL.next_boundary(aware) == D(2025, 10, 9, 4, tzinfo=dt.UTC)


def test_outside_the_data() -> None:
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2027"):
        CAL.next_session(D(2026, 12, 31, 18))
    with pytest.raises(cf.CalendarCoverageError, match="no holiday data for 2003"):
        CAL.previous_boundary(D(2004, 1, 2, 9))
    assert CAL.session_at(D(2004, 1, 2, 9)) is not None  # the first working moment


# -- laws ------------------------------------------------------------------------------------


@given(st.data(), cfst.calendars(2005, 2025))
@settings(max_examples=100)  # each example checks a day's sessions and several moments
def test_boundaries_are_where_working_time_starts_or_stops(
    data: st.DataObject, cal: cf.Calendar
) -> None:
    """On any calendar: the spans of a day are its sessions, and around any moment the
    boundaries are where work starts or stops, and nothing changes between them."""
    day = data.draw(cfst.covered_dates(2005, 2025))
    midnight = D.combine(day, dt.time())
    for s in cal.sessions_on(day):
        start = midnight + dt.timedelta(seconds=s.start)
        span = cal.session_at(start)
        assert span == cf.SessionSpan(start, midnight + dt.timedelta(seconds=s.end), day)
        assert cal.next_session(start - US) == span
    moments = data.draw(
        st.lists(cfst.local_datetimes(2005, 2025, resolution="second"), min_size=1, max_size=4)
    )
    for moment in moments:
        after, before = cal.next_boundary(moment), cal.previous_boundary(moment)
        assert before < moment < after
        # Nothing changes strictly between two boundaries: work goes on or it does not. The
        # moment itself may be one (a session's end at 24:00, say).
        inside = cal.is_working_time(moment)
        assert cal.is_working_time(after - US) == inside
        assert cal.is_working_time(before + US) == cal.is_working_time(moment - US)
        span = cal.session_at(moment)
        assert (span is not None) == inside
        if span is not None:
            assert moment in span
            assert span.end == after
            assert before <= span.start <= moment
            assert cf.working_time(span.start, span.end, cal) == span.length
        else:
            assert cal.next_session(moment).start == after
            assert cal.previous_session(moment).end <= before
