"""The columnar checks take a document exactly when the per-case fast path takes it.

Stated through the JSON Lines column reader, whose per-case twin is ``read_cases``: on drawn
cases (every preset's workflow, reclassifications, extensions, fields, aware times) written
as JSON Lines with a few documents spoilt, the columns give the same cases, the same errors
and the same counts. The Arrow and table readers state the same of their own twins
(``test_arrow_columns.py``, ``test_table_columns.py``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.exchange.documents import jsonl_columns
from civicflow.exchange.documents.ingest import InputError, InputStats, read_cases
from civicflow.exchange.documents.jsonl_columns import read_columns
from civicflow.exchange.documents.serialization import case_to_json

from ..fuzzing import mutated
from .drawn import case_lists, counted, reclassified, same_arrays

NAMES = sorted({t for w in cf.preset_workflows().values() for t in w.events} | {"fly"})


def spoil(document: dict[str, Any], data: st.DataObject) -> str:
    """The document with an event renamed, moved, given another id or extension, or a
    field named as an attribute; or any field replaced (``mutated``)."""
    events = document.get("events")
    what = data.draw(st.sampled_from(["name", "at", "id", "extension", "field", "any"]))
    plain = (
        isinstance(events, list)
        and events
        and all(isinstance(e, dict) and isinstance(e.get("at"), str) for e in events)
    )
    if what == "any" or not plain:
        return mutated(document, data)
    assert isinstance(events, list)
    event = data.draw(st.sampled_from(events))
    if what == "name":
        event["name"] = data.draw(st.sampled_from(NAMES))
    elif what == "at":
        try:
            moment = dt.datetime.fromisoformat(event["at"])
        except ValueError:
            return mutated(document, data)
        event["at"] = (moment - dt.timedelta(hours=data.draw(st.integers(-3, 30)))).isoformat()
    elif what == "id":
        event["id"] = data.draw(st.sampled_from([e.get("id") for e in events]))
    elif what == "extension":
        event["extension"] = data.draw(st.sampled_from(["5个工作日", "3小时", "soon", "30分钟"]))
    else:
        document["fields"] = {"type": "x"}
    return json.dumps(document, ensure_ascii=False)


@settings(max_examples=200, deadline=None)
@given(case_lists(), st.data(), st.integers(1, 4))
def test_json_lines_read_by_column_as_case_by_case(
    cases: list[cf.Case], data: st.DataObject, batch: int
) -> None:
    lines = [case_to_json(c, indent=None) for c in cases]
    spoilt = data.draw(st.integers(0, 3))
    for _ in range(spoilt):
        if lines:
            k = data.draw(st.integers(0, len(lines) - 1))
            lines[k] = spoil(json.loads(lines[k]), data)
    text = "".join(line + "\n" for line in lines)
    bad, bad_ref = list[InputError](), list[InputError]()
    stats, stats_ref = InputStats(), InputStats()
    parts = list(read_columns(text.encode(), on_bad=bad.append, stats=stats, batch=batch))
    found = [
        (int(p.line[k]), p.case(k)) for p in parts if p.line is not None for k in range(len(p))
    ]
    expected = list(read_cases(io.StringIO(text), on_bad=bad_ref.append, stats=stats_ref))
    assert found == expected
    assert [(e.line, e.problems) for e in bad] == [(e.line, e.problems) for e in bad_ref]
    assert attrs.evolve(stats, per_case=0) == stats_ref  # the reference reads all per case
    for part in parts:
        same_arrays(part, [part.case(k) for k in range(len(part))])
    if not spoilt:
        assert [c for _, c in found] == cases
        assert sum(p.per_case for p in parts) == reclassified(cases)
        with counted(jsonl_columns, "case_from_json") as per_case:
            list(read_columns(text.encode(), batch=batch))
        assert per_case.call_count == 0  # every document taken by the columns


def test_an_extension_in_an_unknown_workflow_is_that_lines_error() -> None:
    line = json.dumps(
        {"schema": "civicflow.case/1", "id": "A", "workflow": "nope",
         "received": "2025-09-29T09:00:00",
         "events": [{"id": "e1", "name": "approve_extension", "at": "2025-09-29T10:00:00",
                     "extension": "5个工作日"}]},
        ensure_ascii=False,
    )  # fmt: skip
    bad = list[InputError]()
    assert list(read_columns((line + "\n").encode(), on_bad=bad.append)) == []
    assert [e.line for e in bad] == [1]
    assert "unknown workflow 'nope'" in bad[0].summary
