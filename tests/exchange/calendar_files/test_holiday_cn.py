"""The holiday-cn files: a calendar's years written and read back, and bad files refused."""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow.exchange.calendar_files.holiday_cn import (
    arrangement_from_holiday_cn,
    holiday_cn_json,
)
from tests.fuzzing import garbled, refusal

CAL = cf.china_calendar()

# The first days of the holiday-cn 2025.json, as the project publishes them.
HOLIDAY_CN_2025 = """{
  "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
  "$id": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2025.json",
  "year": 2025,
  "papers": ["https://www.gov.cn/zhengce/content/202411/content_6986383.htm"],
  "days": [
    {"name": "元旦", "date": "2025-01-01", "isOffDay": true},
    {"name": "春节", "date": "2025-01-26", "isOffDay": false},
    {"name": "春节", "date": "2025-01-28", "isOffDay": true},
    {"name": "春节", "date": "2025-01-29", "isOffDay": true}
  ]
}"""


def test_a_holiday_cn_file_is_read() -> None:
    arr = arrangement_from_holiday_cn(HOLIDAY_CN_2025)
    assert arr.year == 2025
    assert arr.source == "holiday-cn 2025.json"
    assert arr.make_up_days == {dt.date(2025, 1, 26)}
    assert arr.holidays[dt.date(2025, 1, 28)] == "春节"
    assert not arr.partial


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_year_of_the_data_round_trips(year: int) -> None:
    arr = CAL.arrangement(year)
    text = holiday_cn_json(arr, papers=["https://www.gov.cn/"])
    data = json.loads(text)
    assert data["year"] == year
    assert data["$id"].endswith(f"/{year}.json")
    assert [d["date"] for d in data["days"]] == sorted(d["date"] for d in data["days"])
    back = arrangement_from_holiday_cn(text)
    assert (back.days_off, back.make_up) == (arr.days_off, arr.make_up)
    # Loaded in place of the bundled year, it changes no day.
    loaded = CAL.with_arrangement(back)
    for day in (dt.date(year, 1, 1) + dt.timedelta(k) for k in range(365)):
        assert loaded.is_workday(day) == CAL.is_workday(day), day


def test_next_years_file_extends_a_calendar() -> None:
    days = [{"name": "元旦", "date": "2027-01-01", "isOffDay": True}]
    text = json.dumps({"year": 2027, "days": days})
    cal = CAL.with_arrangement(arrangement_from_holiday_cn(text))
    assert cal.covered_through == dt.date(2027, 12, 31)
    assert not cal.is_workday(dt.date(2027, 1, 1))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"year": "2025"}, "$.year: expected a year"),
        ({"days": {}}, "$.days: expected a list of days"),
        ({"papers": "gov.cn"}, "$.papers: expected a list of addresses"),
        ({"days": [{"name": "元旦", "date": "2025-13-01", "isOffDay": True}]}, "$.days[0].date: '2025-13-01' is not a date"),
        ({"days": [{"name": "元旦", "date": "2023-01-01", "isOffDay": True}]}, "is not in 2025 or the December before it"),
        ({"days": [{"name": "春节", "date": "2025-01-27", "isOffDay": False}]}, "is a Monday: a make-up working day is a weekend day"),
        ({"days": [{"name": "", "date": "2025-01-01", "isOffDay": True}]}, "$.days[0].name: expected the festival's name"),
        ({"days": [{"name": "元旦", "date": "2025-01-01", "isOffDay": "yes"}]}, "$.days[0].isOffDay: expected true or false"),
        ({"days": [{"name": "元旦", "date": "2025-01-01"}]}, "$.days[0]: missing isOffDay"),
        ({"days": [{"name": "元旦", "date": "2025-01-01", "isOffDay": True, "x": 1}]}, "$.days[0]: unknown field(s): x"),
        ({"days": [{"name": "元旦", "date": "2025-01-01", "isOffDay": True}] * 2}, "$.days[1].date: 2025-01-01 is listed twice"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_every_problem_named(
    change: dict[str, object], problem: str
) -> None:
    data = {**json.loads(HOLIDAY_CN_2025), **change}
    with pytest.raises(cf.SchemaError) as info:
        arrangement_from_holiday_cn(json.dumps(data))
    assert any(p.startswith(problem) or problem in p for p in info.value.problems), (
        info.value.problems
    )


def test_the_source_is_text() -> None:
    text = holiday_cn_json(cf.china_calendar().arrangement(2025))
    assert arrangement_from_holiday_cn(text, source="mirror").source == "mirror"
    with pytest.raises(cf.ArgumentTypeError, match="'source'"):
        arrangement_from_holiday_cn(text, source=10**5000)  # type: ignore[arg-type]


def test_all_problems_at_once() -> None:
    days = [
        {"name": 1, "date": "x", "isOffDay": True},
        {"name": "a", "date": "2025-01-06", "isOffDay": False},
    ]
    with pytest.raises(cf.SchemaError) as info:
        arrangement_from_holiday_cn(json.dumps({"year": 2025, "days": days}))
    assert len(info.value.problems) == 3


@given(st.data())
def test_any_text_is_read_or_refused_with_a_schema_error(data: st.DataObject) -> None:
    """Fuzz: a garbled file, or any text, gives an arrangement or a SchemaError."""
    text = data.draw(
        st.one_of(st.text(max_size=80), st.just(HOLIDAY_CN_2025).map(lambda t: garbled(t, data)))
    )
    refusal(lambda: arrangement_from_holiday_cn(text), cf.SchemaError)
