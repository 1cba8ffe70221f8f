"""iCalendar export: a diary sees every break and make-up day, and the extra is named."""

import datetime as dt
import sys

import icalendar
import pytest

import civicflow as cf
from civicflow.exchange.ics import calendar_to_ics

CAL = cf.china_calendar()


def events(data: bytes) -> list[tuple[str, dt.date, dt.date]]:
    parsed = icalendar.Calendar.from_ical(data)
    return [
        (str(e.get("summary")), e.decoded("dtstart"), e.decoded("dtend"))
        for e in parsed.walk("VEVENT")
    ]


def test_every_break_and_make_up_day_is_an_event() -> None:
    found = events(calendar_to_ics(CAL, 2025, 2025))
    assert ("春节 放假", dt.date(2025, 1, 28), dt.date(2025, 2, 5)) in found
    assert ("春节 调休上班", dt.date(2025, 1, 26), dt.date(2025, 1, 27)) in found
    assert ("国庆节、中秋节 放假", dt.date(2025, 10, 1), dt.date(2025, 10, 9)) in found
    off = sum((end - start).days for name, start, end in found if name.endswith("放假"))
    assert off == sum(
        1
        for d in CAL.days(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        if d.kind is cf.DayKind.HOLIDAY
    )


def test_a_bodys_own_days_are_events_too_and_uids_are_stable() -> None:
    cal = CAL.with_days_off({dt.date(2025, 7, 21): "台风停工"})
    data = calendar_to_ics(cal, 2025, 2025)
    assert ("台风停工 停止办公", dt.date(2025, 7, 21), dt.date(2025, 7, 22)) in events(data)
    assert data == calendar_to_ics(cal, 2025, 2025)


def test_bad_years_and_a_missing_extra_are_clear_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(cf.ArgumentError, match="backwards"):
        calendar_to_ics(CAL, 2026, 2025)
    with pytest.raises(cf.CalendarCoverageError):
        calendar_to_ics(CAL, 2026, 2027)
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(cf.ArgumentError, match=r"pip install 'civicflow\[ics\]'"):
        calendar_to_ics(CAL, 2025, 2025)
