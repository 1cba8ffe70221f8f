"""iCalendar export: a diary sees every break and make-up day, and the extra is named."""

import datetime as dt
import sys

import icalendar
import pytest

import civicflow as cf
from civicflow.exchange.calendar_files.ics import calendar_to_ics

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
    with pytest.raises(cf.ArgumentError, match="first_year must be a year from 1 to 9999"):
        calendar_to_ics(CAL, 0, 2025)
    with pytest.raises(cf.ArgumentError, match=r"last_year .* about 5001 digits"):
        calendar_to_ics(CAL, 2025, 10**5000)
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(cf.ArgumentError, match=r"pip install 'civicflow\[ics\]'"):
        calendar_to_ics(CAL, 2025, 2025)


# -- reading ---------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from civicflow.exchange.calendar_files.ics import arrangements_from_ics  # noqa: E402
from tests.fuzzing import garbled, refusal  # noqa: E402

CAL = cf.china_calendar()


def vcalendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\n{body}END:VCALENDAR\r\n"


def test_an_exported_file_reads_back_to_the_days_of_every_year() -> None:
    found = arrangements_from_ics(calendar_to_ics(CAL, 2004, 2026), source="diary")
    assert [a.year for a in found] == list(range(2004, 2027))
    for arr in found:
        data = CAL.arrangement(arr.year)
        inside = {d: n for d, n in data.holidays.items() if d >= dt.date(2004, 1, 1)}
        assert set(arr.holidays) == set(inside), arr.year
        # A break is one event, so its days carry every name of the break ("国庆节、中秋节").
        assert all(inside[d] in arr.holidays[d].split("、") for d in inside), arr.year
        assert arr.make_up_days == data.make_up_days, arr.year
        assert arr.source == "diary"
        assert not arr.partial


def test_a_diarys_own_words_are_read() -> None:
    text = vcalendar(
        "SUMMARY:春节 休\r\nDTSTART;VALUE=DATE:20270205\r\nDTEND;VALUE=DATE:20270212\r\n",
        "SUMMARY:春节 班\r\nDTSTART;VALUE=DATE:20270214\r\n",
    )
    (arr,) = arrangements_from_ics(text, partial=True)
    assert arr.year == 2027
    assert arr.partial
    assert sorted(arr.holidays) == [dt.date(2027, 2, d) for d in range(5, 12)]
    assert arr.make_up_days == {dt.date(2027, 2, 14)}


@pytest.mark.parametrize(
    ("event", "says"),
    [
        (
            "SUMMARY:生日\r\nDTSTART;VALUE=DATE:20270301\r\n",
            r"event 1 \(生日\): the summary must be",
        ),
        ("SUMMARY:春节 放假\r\nDTSTART:20270205T090000\r\n", "dates, not times"),
        (
            "SUMMARY:春节 放假\r\nDTSTART;VALUE=DATE:20270205\r\nDTEND;VALUE=DATE:20270205\r\n",
            "it ends on 2027-02-05, not after it starts",
        ),
        ("SUMMARY:春节 上班\r\nDTSTART;VALUE=DATE:20270203\r\n", "is a Wednesday: a make-up"),
    ],
)
def test_what_cannot_be_read_is_named(event: str, says: str) -> None:
    with pytest.raises(cf.SchemaError, match=says):
        arrangements_from_ics(vcalendar(event), partial=True)


def test_the_source_and_partial_are_checked() -> None:
    data = calendar_to_ics(CAL, 2025, 2025)
    with pytest.raises(cf.ArgumentTypeError, match="'source'"):
        arrangements_from_ics(data, source=2025)  # type: ignore[arg-type]
    with pytest.raises(cf.ArgumentTypeError, match="'partial'"):
        arrangements_from_ics(data, partial=1)  # type: ignore[arg-type]


def test_a_year_without_all_its_festivals_needs_partial() -> None:
    text = vcalendar("SUMMARY:春节 放假\r\nDTSTART;VALUE=DATE:20270205\r\n")
    with pytest.raises(cf.SchemaError, match="2027: no days off for 元旦、劳动节、清明节"):
        arrangements_from_ics(text)
    twice = vcalendar(
        "SUMMARY:春节 放假\r\nDTSTART;VALUE=DATE:20270205\r\n",
        "SUMMARY:春节 放假\r\nDTSTART;VALUE=DATE:20270205\r\n",
    )
    with pytest.raises(cf.SchemaError, match="2027-02-05 is given twice"):
        arrangements_from_ics(twice, partial=True)
    with pytest.raises(cf.SchemaError, match="no events"):
        arrangements_from_ics(vcalendar())
    with pytest.raises(cf.SchemaError, match="not an iCalendar file"):
        arrangements_from_ics("hello")


ONE_YEAR = calendar_to_ics(CAL, 2025, 2025).decode()


@settings(max_examples=80)
@given(st.data())
def test_any_text_gives_arrangements_or_a_schema_error(data: st.DataObject) -> None:
    """Fuzz: a garbled file, or any text, gives arrangements or a SchemaError."""
    text = data.draw(
        st.one_of(st.text(max_size=80), st.just(ONE_YEAR).map(lambda t: garbled(t, data)))
    )
    partial = data.draw(st.booleans())
    refusal(lambda: arrangements_from_ics(text, partial=partial), cf.SchemaError)
