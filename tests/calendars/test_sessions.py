"""Working sessions and seasonal schedules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

import civicflow as cf
from civicflow import strategies as cfst


def test_parse_default_hours() -> None:
    s = cf.Schedule.parse(cf.DEFAULT_HOURS)
    assert [str(x) for x in s.sessions] == ["09:00-12:00", "13:30-17:30"]
    assert sum(x.seconds for x in s.sessions) == 7 * 3600


def test_round_the_clock_and_seasons_over_new_year() -> None:
    s = cf.Schedule.parse("00:00-24:00; 11-15..03-15=08:00-12:00")
    assert s.sessions[0].end == 86400
    assert str(s.sessions_on(dt.date(2025, 1, 10))[0]) == "08:00-12:00"
    assert str(s.sessions_on(dt.date(2025, 12, 1))[0]) == "08:00-12:00"
    assert str(s.sessions_on(dt.date(2025, 7, 1))[0]) == "00:00-24:00"


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("", "no sessions given"),
        ("9-17", "'9' is not a time"),
        ("09:00", "a session is written HH:MM-HH:MM"),
        (
            "12:00-09:00",
            "must start before it ends; a session past midnight is written 12:00-09:00\\+1",
        ),
        ("22:00-23:00+1", "ends the next day ends by the time it starts"),
        ("05:00-12:00,22:00-06:00+1", "runs into the next day.s 05:00-12:00"),
        ("09:00-09:00", "must start before it ends"),
        ("09:00-12:00,11:00-17:00", "must be in order and not overlap"),
        ("13:00-17:00,09:00-12:00", "must be in order and not overlap"),
        ("09:60-12:00", "not a time between 00:00 and 24:00"),
        ("09:00-24:30", "not a time between 00:00 and 24:00"),
        ("09:00-25:00", "not a time between 00:00 and 24:00"),
        ("05-01..09-30=08:30-12:00", "start with the sessions"),
        ("09:00-17:00; 05-01=08:30-12:00", "a season is written MM-DD..MM-DD=SESSIONS"),
        ("09:00-17:00; 02-30..09-30=08:30-12:00", "'02-30' is not a day of the year"),
        ("09:00-17:00; 05-01..09-30=", "no sessions given"),
        ("09:00-17:00; 05-01..09-30=08:00-12:00; 09-01..10-30=08:00-11:00", "overlap on 09-01"),
    ],
)
def test_bad_specs_say_why(spec: str, reason: str) -> None:
    with pytest.raises(cf.ScheduleError, match=reason) as info:
        cf.Schedule.parse(spec)
    assert info.value.spec == spec or reason.startswith("overlap")
    assert isinstance(info.value, ValueError)


def test_sessions_in_code_are_validated() -> None:
    with pytest.raises(cf.ScheduleError, match="at least one session"):
        cf.Schedule(())
    with pytest.raises(cf.ScheduleError, match="whole minutes"):
        cf.Session(30, 3600)
    with pytest.raises(cf.ScheduleError, match="expected a str"):
        cf.Schedule.parse(9)  # type: ignore[arg-type]


@given(cfst.schedules())
def test_spec_round_trips(schedule: cf.Schedule) -> None:
    assert cf.Schedule.parse(str(schedule)) == schedule
