"""The due-soon list written out: rows, a text table, CSV, JSON and files, in two languages."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

import civicflow as cf
from civicflow.exchange.reports.due_tables import (
    DUE_SCHEMA,
    due_columns,
    due_json,
    due_rows,
    due_summary,
    due_table,
    write_due,
)

D = dt.datetime
E = cf.Event
HOTLINE = cf.hotline_policy()


def year_end_list() -> cf.DueList:
    """Two cases at the end of 2026: one on hold, one whose handling waits for 2027."""
    held = cf.Case.open(HOTLINE.workflow, "P-1", D(2026, 12, 1, 10), type="投诉").apply_all([
        E("1", "dispatch", D(2026, 12, 1, 10, 30)), E("2", "sign_for", D(2026, 12, 1, 14)),
        E("3", "start", D(2026, 12, 2, 9)), E("4", "suspend", D(2026, 12, 3, 15)),
    ])  # fmt: skip
    late = cf.Case.open(
        HOTLINE.workflow, "=Y-1", D(2026, 12, 29, 9), type="投诉", fields={"department": "城管局"}
    ).apply(E("1", "dispatch", D(2026, 12, 29, 10)))
    return cf.due_soon([held, late], D(2026, 12, 29, 11), within="2个工作日", by=("department",))


def test_rows_follow_the_columns_in_both_languages() -> None:
    due = year_end_list()
    for language in ("zh", "en"):
        columns = due_columns(due.by, language)
        rows = list(due_rows(due, language))
        assert len(rows) == len(due.alerts) == 4
        assert all(len(r) == len(columns) for r in rows)
    assert [name for name, _ in due_columns(("department", "grid"), "zh")][-2:] == [
        "承办单位",
        "网格",
    ]
    zh = list(due_rows(due, "zh"))
    assert [r[4] for r in zh] == ["黄牌", "用时达80%", "到期", "红牌（超期）"]
    # Signing for is due at 30 December's close: 7h left at the card, 2h36 at 80 %.
    assert [(r[0], r[6], r[7]) for r in zh] == [
        (D(2026, 12, 29, 17, 30), 7.0, None),
        (D(2026, 12, 30, 14, 54), 2.6, None),
        (D(2026, 12, 30, 17, 30), 0.0, None),
        (D(2026, 12, 30, 17, 30, 0, 1), 0.0, None),
    ]
    en = list(due_rows(due, "en"))
    assert [r[4] for r in en] == [d.alert.what for d in due.alerts]
    assert zh[0][2] == "签收"  # the goal's label in Chinese
    assert en[0][2] == "sign-for"
    with pytest.raises(cf.ArgumentError, match="language"):
        due_columns((), "fr")


def test_the_text_table_says_what_it_covers_and_what_it_leaves_out() -> None:
    text = due_table(year_end_list(), "en")
    lines = text.splitlines()
    assert lines[0] == "4 alerts from 2026-12-29 11:00 to 2026-12-31 17:30 over 2 cases"
    assert lines[-2:] == [
        "1 goals on hold (nothing scheduled until they resume)",
        "2 goals wait for the 2027 holiday notice (their instants lie past the data)",
    ]
    assert "2026-12-30 17:30:00.000001" in text  # the red card, to the microsecond
    zh = due_summary(year_end_list(), "zh")
    assert zh == [
        "2026-12-29 11:00 至 2026-12-31 17:30，2 件中有 4 条预警",
        "1 个环节暂停计时（恢复前不预警）",
        "2 个环节待2027年放假通知",
    ]
    empty = cf.due_soon([], D(2026, 12, 29, 11), within="1个工作日")
    assert due_table(empty, "en").splitlines()[0] == (
        "0 alerts from 2026-12-29 11:00 to 2026-12-30 17:30 over 0 cases"
    )


def test_json_keeps_every_instant_and_count() -> None:
    due = year_end_list()
    document = json.loads(due_json(due))
    assert document["schema"] == DUE_SCHEMA
    assert (document["cases"], document["paused"], document["awaiting"]) == (2, 1, {"2027": 2})
    red = next(a for a in document["alerts"] if a["kind"] == "red")
    assert red["at"] == "2026-12-30T17:30:00.000001"
    assert red["fields"] == {"department": "城管局"}
    assert [D.fromisoformat(a["at"]) for a in document["alerts"]] == [
        d.alert.at for d in due.alerts
    ]


def test_files_keep_formula_looking_ids_as_text(tmp_path: Path) -> None:
    due = year_end_list()
    path = tmp_path / "预警.csv"
    assert write_due(path, due) == 4
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["时间", "工单编号"]
    assert rows[1][1] == "'=Y-1"
    calamine = pytest.importorskip("python_calamine")
    book = tmp_path / "预警.xlsx"
    assert write_due(book, due, "en") == 4
    sheet = calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("alerts")
    values = list(sheet.iter_rows())
    assert values[0][0] == "at"
    assert values[1][1] == "=Y-1"  # a string cell, never a formula
    with pytest.raises(cf.ArgumentError, match=r"\.csv, \.xlsx or \.parquet"):
        write_due(tmp_path / "预警.json", due)
