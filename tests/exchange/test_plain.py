"""The plain documents' fast path builds the very case of the full check, or leaves it to it."""

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfs
from civicflow.errors import SchemaError
from civicflow.exchange._json import load_document
from civicflow.exchange._plain import plain_case
from civicflow.exchange.documents.serialization import checked_case
from civicflow.exchange.documents.synth import synth_cases

PRESETS = cf.preset_workflows()
KINDS = ("hotline", "urban", "licence", "rating")
ZONE = dt.timezone(dt.timedelta(hours=8))


def document(case: cf.Case, aware: bool) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cf.case_to_json(case))
    if aware:
        data["received"] = (
            dt.datetime.fromisoformat(data["received"]).replace(tzinfo=ZONE).isoformat()
        )
        for e in data["events"]:
            e["at"] = dt.datetime.fromisoformat(e["at"]).replace(tzinfo=ZONE).isoformat()
    return data


def either_way(data: dict[str, Any]) -> None:
    """The fast path gives the full check's case, or ``None`` where the full check refuses
    (it reads documents whose schema is checked)."""
    try:
        load_document(json.dumps(data), "case", cf.CASE_SCHEMA)
    except SchemaError:
        return
    try:
        full = checked_case(json.loads(json.dumps(data)), None)
    except SchemaError:
        assert plain_case(data, PRESETS) is None
        return
    fast = plain_case(data, PRESETS)
    assert fast is None or fast == full


SYNTHETIC = [c for kind in KINDS for c in synth_cases(100, seed=3, kind=kind)]
documents = st.tuples(
    st.one_of(
        st.sampled_from(list(PRESETS.values())).flatmap(
            lambda w: cfs.cases(w, types=["投诉", "咨询", ""], urgencies=["normal", "urgent"])
        ),
        st.sampled_from(SYNTHETIC),
    ),
    st.booleans(),
).map(lambda pair: document(*pair))


@settings(max_examples=200, deadline=None)
@given(documents)
def test_a_valid_document_gives_the_same_case(data: dict[str, Any]) -> None:
    either_way(data)


def _mutated(data: st.DataObject, doc: dict[str, Any]) -> dict[str, Any]:
    draw = data.draw
    junk: st.SearchStrategy[object] = st.one_of(
        st.none(), st.integers(), st.text(max_size=5), st.just([]), st.just({})
    )
    events = doc["events"]
    how = draw(st.integers(0, 10))
    if how == 0:
        doc[draw(st.sampled_from(sorted(doc)))] = draw(junk)
    elif how == 1:
        del doc[draw(st.sampled_from(sorted(doc)))]
    elif how == 2 and events:
        e = draw(st.sampled_from(events))
        e[draw(st.sampled_from(["id", "name", "at", "note", "channel", "extension", "x"]))] = draw(
            junk
        )
    elif how == 3 and len(events) > 1:
        i = draw(st.integers(0, len(events) - 2))
        events[i], events[i + 1] = events[i + 1], events[i]  # out of order, or not allowed
    elif how == 4 and len(events) > 1:
        events[-1]["id"] = events[0]["id"]  # an id used twice
    elif how == 5 and events:
        extended = [e for e in events if "extension" in e] or events
        draw(st.sampled_from(extended))["extension"] = draw(st.sampled_from(["99个工作日", "1天"]))
    elif how == 6:
        doc["fields"] = {draw(st.sampled_from(["type", "id", "x"])): draw(junk)}
    elif how == 7 and events:
        e = draw(st.sampled_from(events))
        e["at"] = e["at"][:10] if draw(st.booleans()) else e["at"] + "+08:00"
    elif how == 8 and len(events) > 1:
        events[-1]["at"] = doc["received"]  # before the event that came before it
    elif how == 9 and any("extension" in e for e in events):
        del next(e for e in events if "extension" in e)["extension"]
    elif how == 10 and events:
        workflow = PRESETS[doc["workflow"]]
        names = [t.name for t in workflow.transitions]
        draw(st.sampled_from(events))["name"] = draw(st.sampled_from(names))
    return doc


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_spoilt_document_is_refused_as_the_full_check_refuses_it(data: st.DataObject) -> None:
    doc = data.draw(documents)
    either_way(_mutated(data, doc))


@pytest.mark.parametrize("kind", KINDS)
def test_synthetic_documents_take_the_fast_path(kind: str) -> None:
    """Every case but the reclassified ones (改类, left to the full check)."""
    for case in synth_cases(200, seed=7, kind=kind):
        data = document(case, aware=False)
        assert plain_case(data, PRESETS) == (None if case.received_as else case)


BARE = {
    "schema": cf.CASE_SCHEMA,
    "id": "H-1",
    "workflow": "hotline-12345",
    "received": "2025-09-29T09:00",
}


def test_every_plain_shape_takes_the_fast_path() -> None:
    """Keys left out take their defaults; every key an event may have; events at one minute."""
    workflow = PRESETS["hotline-12345"]
    opened = cf.Case.open(workflow, "H-1", dt.datetime(2025, 9, 29, 9))
    assert plain_case(dict(BARE), PRESETS) == opened
    at = "2025-09-29T09:10"
    full = {
        **BARE,
        "type": "投诉", "category": "噪音", "urgency": "urgent", "channel": "app",
        "fields": {"department": "城管局"},
        "events": [
            {"id": "1", "name": "dispatch", "at": at, "note": "n", "channel": "online"},
            {"id": "2", "name": "sign_for", "at": at},
            {"id": "3", "name": "approve_extension", "at": at, "extension": "5个工作日",
             "note": "", "channel": ""},
        ],
    }  # fmt: skip
    case = plain_case(full, PRESETS)
    assert case is not None
    assert case == checked_case(full, None)
    assert (case.type, case.category, case.urgency, case.channel) == (
        "投诉",
        "噪音",
        "urgent",
        "app",
    )
    assert case.history[2].extension == cf.WorkingDays(5)


def test_an_extension_past_its_cap_leaves_the_fast_path_and_is_refused() -> None:
    """A hotline document whose approve_extension grants 99 working days, past the cap of 10:
    the fast path checks the cap too, so the case is refused, never built."""
    events = [
        {"id": "1", "name": "dispatch", "at": "2025-09-29T09:10"},
        {"id": "2", "name": "sign_for", "at": "2025-09-29T10:00"},
        {"id": "3", "name": "start", "at": "2025-09-29T11:00"},
        {"id": "4", "name": "request_extension", "at": "2025-09-30T09:00"},
        {
            "id": "5",
            "name": "approve_extension",
            "at": "2025-09-30T10:00",
            "extension": "99个工作日",
        },
    ]
    data = {**BARE, "type": "投诉", "events": events}
    assert plain_case(dict(data), PRESETS) is None
    with pytest.raises(SchemaError) as info:
        cf.case_from_json(json.dumps(data))
    assert info.value.problems == (
        "$.events[4]: extensions would add up to 99 working days, over the cap of 10 working days",
    )
    within = {**data, "events": [*events[:4], {**events[4], "extension": "10个工作日"}]}
    assert plain_case(dict(within), PRESETS) == cf.case_from_json(json.dumps(within))


def test_a_date_without_a_time_leaves_the_fast_path_and_is_refused() -> None:
    data = {**BARE, "received": "2025-09-29"}
    assert plain_case(dict(data), PRESETS) is None
    with pytest.raises(SchemaError, match="is a date without a time of day"):
        cf.case_from_json(json.dumps(data))
