"""Calendar files: a lossless round trip, and every field checked type by type."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import civicflow as cf
from civicflow.exchange.calendar_files.calendar_json import calendar_from_json, calendar_to_json

BASE = json.loads(calendar_to_json(cf.china_calendar()))


def problems(**changes: object) -> tuple[str, ...]:
    with pytest.raises(cf.SchemaError) as info:
        calendar_from_json(json.dumps({**BASE, **changes}))
    return info.value.problems


def test_round_trip() -> None:
    cal = cf.china_calendar("08:30-12:00,14:00-17:30").with_days_off(
        {dt.date(2025, 9, 15): "typhoon"}
    )
    again = calendar_from_json(calendar_to_json(cal))
    assert again.fingerprint == cal.fingerprint


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("observe_make_up", "false", "$.observe_make_up: expected true or false, got 'false'"),
        ("observe_make_up", 0, "$.observe_make_up: expected true or false, got 0"),
        ("provisional_through", True, "$.provisional_through: expected a year"),
        ("provisional_through", 2030.9, "$.provisional_through: expected a year"),
        ("provisional_through", "2030", "$.provisional_through: expected a year"),
        ("provisional_through", -5, "$.provisional_through: expected a year, got -5"),
        ("hours", 9, "$.hours: expected a str, got 9"),
        ("days_off", ["2025-09-15"], "$.days_off: expected an object of dates"),
        ("days_off", {"2025-09-15": 1}, "$.days_off: expected a str, got 1"),
        ("days_off", {"15/9": "typhoon"}, "$.days_off: '15/9' is not a date"),
        ("arrangements", "2027", "$.arrangements: expected a list of arrangements"),
        ("arrangements", [{"schema": "x"}], "$.arrangements: [0]: $.schema: not an arrangement"),
    ],
)
def test_nothing_is_coerced(field: str, value: object, expected: str) -> None:
    assert problems(**{field: value})[0].startswith(expected)


def test_a_provisional_year_out_of_range_is_named() -> None:
    assert problems(provisional_through=2099) == (
        "$: 'provisional_through' must be a year up to 2060 or None (got 2099)",
    )
