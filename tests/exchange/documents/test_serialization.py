"""JSON of cases and policies: a versioned schema, a lossless round trip, every bad field named."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.calendars.arrangement_files import arrangement_from_json, arrangement_to_json
from civicflow.exchange.calendar_files.calendar_json import calendar_from_json, calendar_to_json
from civicflow.exchange.documents.synth import synth_cases
from tests.fuzzing import doubled, json_values, mutated, refusal

POLICIES = [
    cf.hotline_policy(promised="2个工作日"),
    cf.urban_policy(),
    cf.licence_policy(promised="10个工作日"),
    cf.rating_policy(days="5个工作日"),
]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
def test_policy_round_trip(policy: cf.Policy) -> None:
    assert cf.policy_from_json(cf.policy_to_json(policy)) == policy


@given(st.sampled_from(POLICIES).flatmap(lambda p: cfst.cases(p.workflow)))
def test_case_round_trip(case: cf.Case) -> None:
    text = cf.case_to_json(case)
    assert json.loads(text)["schema"] == cf.CASE_SCHEMA
    assert cf.case_from_json(text) == case


def test_aware_times_round_trip() -> None:
    tz = dt.timezone(dt.timedelta(hours=8))
    case = cf.Case.open(cf.hotline_workflow(), "A", dt.datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=tz))
    case = case.apply(cf.Event("1", "dispatch", dt.datetime(2025, 1, 2, 4, tzinfo=tz)))
    assert cf.case_from_json(cf.case_to_json(case)) == case


def doc(**changes: object) -> str:
    base: dict[str, object] = {
        "schema": cf.CASE_SCHEMA,
        "id": "H-1",
        "workflow": "hotline-12345",
        "received": "2025-09-29T09:00:00",
        "events": [{"id": "1", "name": "dispatch", "at": "2025-09-29T09:10:00"}],
    }
    base.update(changes)
    return json.dumps(base)


def problems(text: str, load: object = cf.case_from_json) -> tuple[str, ...]:
    with pytest.raises(cf.SchemaError) as info:
        load(text)  # type: ignore[operator]
    return info.value.problems


def test_every_bad_field_is_named() -> None:
    text = doc(
        id=5,
        urgency=None,
        colour="red",
        events=[
            {"id": "1", "name": "dispatch", "at": "soon"},
            {"name": 3, "at": "2025-01-01T09:00"},
        ],
    )
    assert problems(text) == (
        "$.id: expected a str, got 5",
        "$.urgency: expected a str, got None",
        "$.events[0].at: expected an ISO 8601 date and time, got 'soon'",
        "$.events[1].id: required field missing",
        "$.events[1].name: expected a str, got 3",
        "$: unknown field(s): colour",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1]", "$: expected a JSON object, got list"),
        ("{", "$: not JSON"),
        (
            doc(schema="civicflow.case/9"),
            "$.schema: expected 'civicflow.case/1', got 'civicflow.case/9'",
        ),
        (doc(workflow="tram"), "$.workflow: unknown workflow 'tram'"),
        (
            doc(events=[{"id": "1", "name": "close", "at": "2025-09-29T09:10:00"}]),
            "$.events[0]: 'close' is not allowed in state 'registered'",
        ),
    ],
)
def test_refused_documents(text: str, expected: str) -> None:
    assert problems(text)[0].startswith(expected)


def test_policy_problems_are_all_listed() -> None:
    data = json.loads(cf.policy_to_json(cf.hotline_policy()))
    data["goals"][0]["start"] = ["nope"]
    data["warnings"]["thresholds"] = [1.5]
    data["day_end"] = "noon"
    assert problems(json.dumps(data), cf.policy_from_json) == (
        "$.warnings: each threshold must be a fraction between 0 and 1 (got 1.5)",
        "$.day_end: expected 'close' or 'midnight', got 'noon'",
        "$.goals: goal 'sign-for': start 'nope' is not an event or state of workflow "
        "'hotline-12345'",
    )
    data = json.loads(cf.policy_to_json(cf.hotline_policy()))
    data["goals"][1]["limits"][0]["limit"] = "5 furlongs"
    assert problems(json.dumps(data), cf.policy_from_json)[0].startswith(
        "$.goals[1].limits[0].limit: invalid time limit '5 furlongs'"
    )


def test_own_workflows_are_found() -> None:
    wf = cf.hotline_workflow()
    import attrs

    mine = attrs.evolve(wf, name="my-hotline")
    case = cf.Case.open(mine, "M", dt.datetime(2025, 1, 2))
    with pytest.raises(cf.SchemaError, match="unknown workflow 'my-hotline'"):
        cf.case_from_json(cf.case_to_json(case))
    assert cf.case_from_json(cf.case_to_json(case), {"my-hotline": mine}) == case


# -- strict loaders: nothing is coerced, every failure is a SchemaError ----------------------


def policy_doc(**changes: object) -> dict[str, object]:
    data: dict[str, object] = json.loads(cf.policy_to_json(cf.hotline_policy()))
    data.update(changes)
    return data


def test_a_string_is_never_read_as_a_list() -> None:
    data = policy_doc()
    goals = data["goals"]
    assert isinstance(goals, list)
    goals[1]["limits"][0]["types"] = "咨询"  # once matched types '咨' and '询'
    with pytest.raises(cf.SchemaError) as info:
        cf.policy_from_json(json.dumps(data))
    assert info.value.problems == ("$.goals[1].limits[0].types: expected a list, got '咨询'",)
    assert problems(doc(events="")) == ("$.events: expected a list, got ''",)
    assert problems(doc(fields=[])) == ("$.fields: expected an object, got []",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000, "$: nested too deeply"),
        (doc()[:-1] + ', "x": NaN}', "$: NaN is not a number"),
        (doc()[:-1] + ', "n": ' + "1" * 5000 + "}", "$: a number with more digits"),
        ("{" + " " * (17 * 1024 * 1024) + "}", "$: 17,825,794 characters is more"),
    ],
)
def test_limits_of_a_document_are_schema_errors(text: str, expected: str) -> None:
    assert problems(text)[0].startswith(expected)


def test_bytes_must_be_utf8() -> None:
    with pytest.raises(cf.SchemaError, match=r"not UTF-8 text \(byte 0"):
        cf.case_from_json(b"\xb9\xa4\xb5\xa5")
    # A byte-order mark is no problem.
    assert cf.case_from_json(b"\xef\xbb\xbf" + doc().encode()).id == "H-1"


CASE_DOC = json.loads(
    cf.case_to_json(
        cf.Case.open(cf.hotline_workflow(), "Z", dt.datetime(2025, 9, 29, 9)).apply(
            cf.Event("1", "dispatch", dt.datetime(2025, 9, 29, 9, 30))
        )
    )
)
ARRANGEMENT = cf.parse_notice(
    (Path(__file__).parents[2] / "data" / "notices" / "example_2027.txt").read_text("utf-8")
)


@given(st.data())
def test_loaders_return_a_value_or_a_schema_error(data: st.DataObject) -> None:
    """Fuzz: any text, or a valid document with one field changed, loads or is refused."""
    loaders = [
        (cf.case_from_json, CASE_DOC),
        (cf.policy_from_json, policy_doc()),
        (calendar_from_json, json.loads(calendar_to_json(cf.china_calendar()))),
        (arrangement_from_json, json.loads(arrangement_to_json(ARRANGEMENT))),
    ]
    load, document = data.draw(st.sampled_from(loaders))
    text = data.draw(
        st.one_of(
            st.text(max_size=40),
            st.binary(max_size=40),
            json_values.map(json.dumps),
            st.just(document).map(lambda d: mutated(d, data)),
        )
    )
    error = refusal(lambda: load(text), cf.SchemaError)
    if isinstance(error, cf.SchemaError):
        assert error.problems
        assert all(p.startswith("$") for p in error.problems)


RECLASSIFIED = {
    "schema": "civicflow.case/1", "id": "A", "workflow": "hotline-12345",
    "received": "2025-09-29T09:00:00", "type": "咨询",
    "events": [{"id": "1", "name": "reclassify", "at": "2025-09-29T10:00:00",
                "changes": {"type": "投诉"}, "channel": "online"}],
}  # fmt: skip


def test_a_reclassification_and_a_channel_round_trip() -> None:
    case = cf.case_from_json(json.dumps(RECLASSIFIED))
    assert (case.type, case.received_as, case.history[0].channel) == (
        "投诉", (("type", "咨询"),), "online"
    )  # fmt: skip
    assert json.loads(cf.case_to_json(case)) == {
        **RECLASSIFIED, "category": "", "urgency": "normal", "channel": "", "fields": {}
    }  # fmt: skip


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        ({"changes": [1]}, "$.events[0].changes: expected an object, got [1]"),
        ({"changes": {"type": 1}}, "$.events[0].changes['type']: expected a str, got 1"),
        ({"changes": {"grid": "A"}}, "$.events[0].changes: a reclassification changes type"),
        ({"changes": {}}, "$.events[0]: 'reclassify' reclassifies the case: give 'changes'"),
        ({"channel": 5}, "$.events[0].channel: expected a str, got 5"),
    ],
)
def test_a_bad_change_or_channel_is_named(event: dict[str, object], problem: str) -> None:
    doc = json.loads(json.dumps(RECLASSIFIED))
    doc["events"][0].update(event)
    with pytest.raises(cf.SchemaError) as info:
        cf.case_from_json(json.dumps(doc))
    assert info.value.problems[0].startswith(problem)


@given(cfst.calendars(2010, 2025))
def test_any_calendar_round_trips_through_its_file(cal: cf.Calendar) -> None:
    """Weeks, the national layer, dated and weekday sessions and closures all survive."""
    back = calendar_from_json(calendar_to_json(cal))
    assert back == cal
    assert back.fingerprint == cal.fingerprint


def test_a_date_without_a_time_is_refused_never_taken_as_midnight() -> None:
    assert problems(doc(received="2025-09-29")) == (
        "$.received: '2025-09-29' is a date without a time of day; write e.g. "
        "'2025-09-29T09:00' (T00:00 for midnight), never a guess",
    )
    later = [{"id": "1", "name": "dispatch", "at": "20250930"}]
    assert problems(doc(events=later))[0].startswith("$.events[0].at: '20250930' is a date without")
    assert cf.case_from_json(doc(received="2025-09-29T00:00")).received == dt.datetime(2025, 9, 29)


def test_a_key_given_twice_is_refused_not_overwritten() -> None:
    text = doc().replace('"id": "H-1"', '"id": "H-1", "id": "H-2"')
    assert problems(text) == (
        "$: the key 'id' is given twice in one object: the second value would replace the "
        "first; keep one",
    )
    twice_in_an_event = doc().replace('"name": "dispatch"', '"name": "dispatch", "name": "close"')
    assert problems(twice_in_an_event)[0].startswith("$: the key 'name' is given twice")


# -- loss: what a document holds is in what is read, or named in an error ---------------------

DOCUMENTS = [cf.case_to_json(c) for c in synth_cases(30, seed=12)] + [
    cf.case_to_json(c) for c in synth_cases(10, seed=13, kind="licence")
]


@given(st.data())
def test_a_key_given_twice_is_refused_by_every_json_reader(data: st.DataObject) -> None:
    """Loss: a key given twice in any object of any document is refused, never one value
    kept and the other dropped."""
    readers: list[tuple[Callable[[str], object], str]] = [
        (cf.case_from_json, data.draw(st.sampled_from(DOCUMENTS))),
        (cf.policy_from_json, json.dumps(policy_doc())),
        (calendar_from_json, calendar_to_json(cf.china_calendar())),
        (arrangement_from_json, arrangement_to_json(cf.china_calendar().arrangement(2025))),
    ]
    loader, text = data.draw(st.sampled_from(readers))
    with pytest.raises(cf.SchemaError, match="is given twice in one object"):
        loader(doubled(text, data))


def _same_moment(given: object, read: object) -> bool:
    return isinstance(given, str) and dt.datetime.fromisoformat(given) == dt.datetime.fromisoformat(
        str(read)
    )


def lost(given: dict[str, Any], read: dict[str, Any]) -> list[str]:
    """What ``given`` (a case document) holds that ``read`` (the document of the case read
    from it) does not: each key of the case and of each event, compared as values."""
    missing = []
    for key, value in given.items():
        if key == "events":
            if not isinstance(value, list) or len(value) != len(read["events"]):
                return ["events"]
            for n, (e, r) in enumerate(zip(value, read["events"], strict=True)):
                for k, v in e.items():
                    same = (
                        _same_moment(v, r.get(k))
                        if k == "at"
                        else cf.Duration.parse(v) == cf.Duration.parse(r.get(k))
                        if k == "extension" and v is not None
                        else v == r.get(k, "" if k in ("note", "channel") else None)
                    )
                    if not same:
                        missing.append(f"events[{n}].{k}")
        elif key == "received":
            if not _same_moment(value, read[key]):
                missing.append(key)
        elif value != read.get(key):
            missing.append(key)
    return missing


@given(st.sampled_from(DOCUMENTS), st.data())
def test_a_case_document_is_read_whole_or_refused(text: str, data: st.DataObject) -> None:
    """Loss: a document with a field replaced, dropped or added (anything JSON holds) is
    refused naming it, or read to a case whose own document holds every field it gave."""
    spoilt = mutated(json.loads(text), data)
    event_spoilt = json.loads(text)
    if event_spoilt["events"]:
        n = data.draw(st.integers(0, len(event_spoilt["events"]) - 1))
        event_spoilt["events"][n] = json.loads(mutated(event_spoilt["events"][n], data))
    for document in (spoilt, json.dumps(event_spoilt, ensure_ascii=False)):
        try:
            case = cf.case_from_json(document)
        except cf.SchemaError:
            continue
        assert lost(json.loads(document), json.loads(cf.case_to_json(case))) == []
