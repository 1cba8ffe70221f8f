"""Arrangement files: next year's notice as a small JSON file, read type by type."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import civicflow as cf
from civicflow.calendars import parse_notice
from civicflow.calendars.arrangement_files import arrangement_from_json, arrangement_to_json
from tests.calendars.test_notices import NOTICE_2025


def test_arrangement_files_round_trip() -> None:
    arr = parse_notice(NOTICE_2025, source="2025 notice")
    assert arrangement_from_json(arrangement_to_json(arr)) == arr
    with pytest.raises(ValueError, match="not an arrangement file"):
        arrangement_from_json("{}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"\xb9\xa4", "$: not UTF-8 text"),
        ("[" * 100_000, "$: nested too deeply"),
        (
            '{"schema": "civicflow.arrangement/1", "year": true, "days_off": {}, "make_up": {}}',
            "$.year: expected a year",
        ),
        (
            '{"schema": "civicflow.arrangement/1", "year": 2027, "days_off": "2027-01-01", "make_up": {}}',
            "$.days_off: expected an object",
        ),
        (
            '{"schema": "civicflow.arrangement/1", "year": 2027, "days_off": {"2027-01-01": 1}, "make_up": {}}',
            "$.days_off.2027-01-01: expected a festival",
        ),
    ],
)
def test_arrangement_files_are_checked_type_by_type(text: str | bytes, expected: str) -> None:
    with pytest.raises(cf.SchemaError) as info:
        arrangement_from_json(text)
    assert info.value.problems[0].startswith(expected)


def _doc(**fields: object) -> str:

    base: dict[str, object] = {
        "schema": "civicflow.arrangement/1",
        "year": 2027,
        "days_off": {"2027-01-01": "元旦"},
        "make_up": {},
    }
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...}, ensure_ascii=False)


def test_an_arrangement_file_fills_its_defaults_and_takes_any_year() -> None:
    arr = arrangement_from_json(_doc())
    assert (arr.source, arr.partial) == ("arrangement file", False)
    assert arrangement_from_json(b"\xef\xbb\xbf" + _doc().encode()).year == 2027  # a BOM
    assert arrangement_from_json(_doc(year=1)).year == 1
    assert arrangement_from_json(_doc(year=9999)).year == 9999
    assert arrangement_from_json(_doc(partial=True, source="x")).partial


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (_doc(year=0), ("$.year: expected a year as a whole number, got 0",)),
        (_doc(year=10000), ("$.year: expected a year as a whole number, got 10000",)),
        (_doc(extra=1, other=2), ("$: unknown field(s): extra, other",)),
        (_doc(source=3), ("$.source: expected a str, got 3",)),
        (_doc(partial="yes"), ("$.partial: expected true or false, got 'yes'",)),
        (_doc(make_up=...), ("$.make_up: expected an object of dates and names, got None",)),
        (_doc(days_off={"x": "元旦"}), ("$.days_off: 'x' is not a date (YYYY-MM-DD)",)),
        (
            _doc(make_up={"2027-01-05": "元旦", "2027-01-04": "元旦", "2027-01-09": "元旦"}),
            ("$.make_up: make-up day 2027-01-04 is not a weekend day",),
        ),
        (
            _doc(year=True, source=None, partial=1),
            (
                "$.year: expected a year as a whole number, got True",
                "$.source: expected a str, got None",
                "$.partial: expected true or false, got 1",
            ),
        ),
        (
            "{",
            (
                "$: not an arrangement file: not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
            ),
        ),
        ("[]", ("$.schema: not an arrangement file: expected schema 'civicflow.arrangement/1'",)),
        (b"\xb9\xa4", ("$: not UTF-8 text",)),
        ("[" * 100_000, ("$: nested too deeply to be a document",)),
        (
            _doc(days_off=[], make_up=...),
            (
                "$.days_off: expected an object of dates and names, got []",
                "$.make_up: expected an object of dates and names, got None",
            ),
        ),
        (
            _doc(days_off={"x": "元旦", "2027-01-02": 1, "y": "元旦", "2027-01-03": None}),
            (
                "$.days_off: 'x' is not a date (YYYY-MM-DD)",
                "$.days_off.2027-01-02: expected a festival's name, got 1",
                "$.days_off: 'y' is not a date (YYYY-MM-DD)",
                "$.days_off.2027-01-03: expected a festival's name, got None",
            ),
        ),
        (
            '{"schema": "civicflow.arrangement/1", "year": 2027, "year": 2028}',
            (
                "$: not an arrangement file: not JSON (the key 'year' is given twice in one "
                "object; keep one)",
            ),
        ),
        (
            _doc()[:-1] + ', "make_up": {"2027-01-09": "元旦", "2027-01-09": "春节"}}',
            (
                "$: not an arrangement file: not JSON (the key '2027-01-09' is given twice in "
                "one object; keep one)",
            ),
        ),
    ],
)
def test_an_arrangement_file_names_every_problem(
    text: str | bytes, problems: tuple[str, ...]
) -> None:
    with pytest.raises(cf.SchemaError) as info:
        arrangement_from_json(text)
    assert info.value.what == "arrangement"
    assert info.value.problems == problems


def test_an_arrangement_file_that_is_not_text_is_an_argument_error() -> None:
    with pytest.raises(cf.ArgumentTypeError) as info:
        arrangement_from_json(None)  # type: ignore[arg-type]
    assert str(info.value) == "'text' must be a str or a bytes (got None that is a NoneType)"


def test_an_arrangement_file_is_written_indented_with_its_chinese_names_as_they_are() -> None:
    arr = cf.Arrangement(
        2027, {dt.date(2027, 1, 1): "元旦"}, {dt.date(2027, 1, 9): "春节"}, "notice"
    )
    assert arrangement_to_json(arr) == (
        "{\n"
        '  "schema": "civicflow.arrangement/1",\n'
        '  "year": 2027,\n'
        '  "source": "notice",\n'
        '  "partial": false,\n'
        '  "days_off": {\n'
        '    "2027-01-01": "元旦"\n'
        "  },\n"
        '  "make_up": {\n'
        '    "2027-01-09": "春节"\n'
        "  }\n"
        "}"
    )
