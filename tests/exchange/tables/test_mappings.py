"""Mappings of exports: each problem named exactly, files read as they come, the shipped ones.

Every mapping here is built inside its test (a module-level mapping would be built once, at
import, before the code under test could change)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import civicflow as cf
from civicflow.errors import ArgumentError, NotFoundError, SchemaError
from civicflow.exchange.documents.ingest import InputError
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.tables.mappings import (
    EventColumn,
    case_of_row,
    load_mapping,
    mapping_from_data,
    row_of_case,
    shipped_mapping,
)

BASE = {"workflow": "hotline-12345", "id": "编号", "received": "时间"}

PROBLEMS: list[tuple[Any, tuple[str, ...]]] = [
    (["not a table"], ("$: expected a table, got list",)),
    (
        {**BASE, "events": {"sign_for": "签收"}, "type": 3, "fields": "x", "values": 5},
        ("$.type: expected a column name, got 3",
         "$.fields: expected a table of column names, got 'x'",
         "$.values: expected a table, got 5"),
    ),
    (
        {**BASE, "events": {
            "sign_for": {"at": "签收", "when": 1}, "dispatch": {"at": ""},
            "approve_extension": {"at": "批准", "extension": ""}, "reclassify": "改类",
            "close": {"at": "办结", "extension": "长"}}},
        ("$.events.sign_for: unknown key(s) when",
         "$.events.dispatch: expected a column name, or {at, extension}, got {'at': ''}",
         "$.events.approve_extension.extension: expected a column name, got ''",
         "$.events.reclassify: a reclassification cannot be read from a time column",
         "$.events.close.extension: 'close' does not extend time limits"),
    ),
    (
        {**BASE, "events": {"approve_extension": "批准", "fly": "起飞"}},
        ("$.events.approve_extension: 'approve_extension' extends time limits: give "
         "{at = ..., extension = ...}",
         "$.events.fly: the workflow 'hotline-12345' has no event 'fly'; its events: dispatch, "
         "answer, merge, sign_for, return, reassign, start, suspend, resume, request_extension, "
         "approve_extension, reject_extension, supervise, reply, call_back, reopen, close, "
         "reclassify"),
    ),
    (
        {**BASE, "events": {"sign_for": "签收"}, "fields": {"department": ""},
         "values": {"urgency": {"紧急": 1}, "grid": {}}, "defaults": {"type": "", "grid": "x"}},
        ("$.fields.department: expected a column name, got ''",
         "$.values.urgency.紧急: expected a value, got 1",
         "$.values.grid: neither a case attribute nor a mapped field",
         "$.defaults.type: expected a value, got ''",
         "$.defaults.grid: unknown; known: type, category, urgency, channel"),
    ),
    (
        {**BASE, "id": "", "events": {"sign_for": "时间"}, "name": 7},
        ("$.id: required, a name (got '')", "$.name: expected text, got 7",
         "$.events.sign_for: column '时间' is read already by $.received"),
    ),
    (
        {"workflow": ["x"], "id": 1, "events": [], "colour": "red"},
        ("$.colour: unknown key; the keys are: category, channel, defaults, events, fields, id, "
         "name, received, type, urgency, values, workflow",
         "$.workflow: required, a name (got ['x'])", "$.id: required, a name (got 1)",
         "$.received: required, a name (got None)",
         "$.events: required, a table of event names to columns"),
    ),
    (
        {**BASE, "events": {"sign_for": "签收", "approve_extension": {"at": "批准", "extension": "签收"}},
         "fields": {"grid": "编号", "type": "类型"}},
        ("$.fields.type: a case attribute of its own; map it at the top level",
         "$.fields.grid: column '编号' is read already by $.id",
         "$.events.approve_extension.extension: column '签收' is read already by $.events.sign_for"),
    ),
    (
        {**BASE, "workflow": "nope", "events": {"x": "y"}},
        ("$.workflow: unknown workflow 'nope'; known: hotline-12345, licence-application, "
         "rating-rectification, urban-management",),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("data", "problems"), PROBLEMS)
def test_every_problem_of_a_mapping_is_named(data: Any, problems: tuple[str, ...]) -> None:
    with pytest.raises(SchemaError) as caught:
        mapping_from_data(data)
    assert caught.value.what == "mapping"
    assert caught.value.problems == problems


def test_a_mapping_holds_what_it_was_given() -> None:
    mapping = mapping_from_data(
        {**BASE, "name": "我的导出", "urgency": "紧急", "fields": {"grid": "网格"},
         "events": {"sign_for": "签收", "approve_extension": {"at": "批准", "extension": "时长"}},
         "values": {"urgency": {"急": "urgent"}}, "defaults": {"type": "咨询"}}
    )  # fmt: skip
    assert mapping.name == "我的导出"
    assert (mapping.id, mapping.received) == ("编号", "时间")
    assert mapping.columns == (("urgency", "紧急"),)
    assert mapping.fields == (("grid", "网格"),)
    assert mapping.events == (
        EventColumn("sign_for", "签收"),
        EventColumn("approve_extension", "批准", "时长"),
    )
    assert mapping.values == (("urgency", (("急", "urgent"),)),)
    assert mapping.defaults == (("type", "咨询"),)
    assert mapping.needed == ("编号", "时间", "紧急", "网格", "签收", "批准", "时长")
    assert mapping_from_data({**BASE, "events": {"sign_for": "签收"}}).name == "hotline-12345"
    assert mapping_from_data({**BASE, "events": {"sign_for": "签收"}}).defaults == ()
    row = {"编号": "A", "时间": "2025-09-29 09:00", "紧急": "急", "签收": None}
    case = case_of_row(row, mapping, 2)
    assert (case.type, case.urgency) == ("咨询", "urgent")


def test_the_shipped_mappings() -> None:
    urban = shipped_mapping("urban-management")
    assert urban.workflow.name == "urban-management"
    assert EventColumn("extend", "延期时间", "延期时长") in urban.events
    hotline = load_mapping("hotline-12345")
    assert hotline == shipped_mapping("hotline-12345")
    assert hotline.defaults == (("urgency", "normal"),)
    for kind, mapping in (("hotline", hotline), ("urban", urban)):
        cases = list(synth_cases(300, seed=9, kind=kind))
        rows = [(c, row_of_case(c, mapping)) for c in cases]
        assert any(any(e.extension for e in c.history) for c, r in rows if r is not None)
        for case, row in rows:
            if row is not None:
                assert case_of_row(row, mapping, 2) == case


def test_mapping_files(tmp_path: Path) -> None:
    text = '{"workflow": "mine", "id": "编号", "received": "时间", "events": {"go": "出发"}}'
    path = tmp_path / "m.JSON"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())  # a byte-order mark, an upper-case suffix
    mine = cf.Workflow(
        "mine", ("new", "gone"), "new", {"gone"}, (cf.Transition("go", "new", "gone"),)
    )
    assert load_mapping(path, {"mine": mine}).workflow is mine
    with pytest.raises(SchemaError, match="unknown workflow 'mine'"):
        load_mapping(path)
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"\$: not JSON: ") as caught:
        load_mapping(tmp_path / "bad.json")
    assert caught.value.what == "mapping"
    (tmp_path / "bad.toml").write_text("x = ", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"\$: not TOML: ") as caught:
        load_mapping(tmp_path / "bad.toml")
    assert caught.value.what == "mapping"
    (tmp_path / "gbk.toml").write_bytes("名 = 1".encode("gbk"))
    with pytest.raises(SchemaError) as caught:
        load_mapping(tmp_path / "gbk.toml")
    assert caught.value.what == "mapping"
    assert caught.value.problems == ("$: not UTF-8 text (byte 0)",)
    with pytest.raises(
        NotFoundError, match=r"no shipped mapping '.*hotline-12346' and no such file"
    ):
        load_mapping(tmp_path / "hotline-12346")
    with pytest.raises(NotFoundError, match=r"no mapping file '.*gone\.toml' and no such file"):
        load_mapping(tmp_path / "gone.toml")
    with pytest.raises(NotFoundError, match="the shipped mappings are: hotline-12345"):
        load_mapping(tmp_path)  # a folder


def test_a_mapping_file_that_cannot_be_read_is_named_within_300_characters() -> None:
    name = "x" * 400 + ".toml"  # longer than a file name may be
    with pytest.raises(ArgumentError) as caught:
        load_mapping(name)
    assert str(caught.value) == f"cannot read the mapping file '{'x' * 296}...: File name too long"
    folder = "/" + "y" * 250 + "/" + "z" * 60 + ".toml"  # a folder that is not there
    with pytest.raises(NotFoundError) as missing:
        load_mapping(folder)
    assert str(missing.value) == (
        f"no mapping file '{folder[:296]}... and no such file; the shipped mappings are: "
        "hotline-12345, urban-management, or give a mapping file (.toml or .json)"
    )


def test_a_refused_step_names_its_column_and_time() -> None:
    mapping = shipped_mapping("hotline-12345")
    row = {"工单编号": "A", "受理时间": "2025-09-29 09:00", "办结时间": "2025-09-29 10:00"}
    with pytest.raises(InputError) as caught:
        case_of_row(row, mapping, 4)
    assert caught.value.problems == (
        "column 办结时间 (close at 2025-09-29 10:00:00): 'close' is not allowed in state "
        "'registered'; allowed: answer, dispatch, merge, reclassify",
    )
    late = dict(row, 办结时间=None, 签收时间="2025-09-29 08:00")
    with pytest.raises(InputError, match=r"column 签收时间 \(sign_for at 2025-09-29 08:00:00\)"):
        case_of_row(late, mapping, 5)
    assert dt.datetime(2025, 9, 29, 8) < dt.datetime(2025, 9, 29, 9)


def test_a_mapping_file_named_by_a_string_and_every_bad_key_and_value(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        'workflow = "hotline-12345"\nid = "编号"\nreceived = "时间"\n[events]\nsign_for = "签收"\n',
        encoding="utf-8",
    )
    assert load_mapping(str(path)).needed == ("编号", "时间", "签收")
    with pytest.raises(SchemaError) as caught:
        mapping_from_data(
            {**BASE, "events": {"sign_for": {"at": "签收", "when": 1, "how": 2}},
             "values": {"nothing": {}, "urgency": {"急": 3}}}
        )  # fmt: skip
    assert caught.value.problems == (
        "$.events.sign_for: unknown key(s) how, when",
        "$.values.nothing: neither a case attribute nor a mapped field",
        "$.values.urgency.急: expected a value, got 3",
    )
