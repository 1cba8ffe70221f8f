"""Verdict tables, frames and 考核 workbooks: the figures of evaluate and of the text report,
read back."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import civicflow as cf
from civicflow.compliance import RATE_BOOKS, report_cases
from civicflow.compliance.scores import SCORE_BOOKS
from civicflow.errors import ArgumentError
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.reports.formats import report_rows
from civicflow.exchange.reports.verdicts import (
    verdict_columns,
    verdict_rows,
    verdicts_frame,
    write_verdicts,
)
from civicflow.exchange.reports.workbook import COUNT_LABELS, write_workbook

calamine = pytest.importorskip("python_calamine")
AT = dt.datetime(2026, 9, 1)
CASES = [*synth_cases(150, seed=12), *synth_cases(80, seed=13, kind="urban")]


def test_every_verdict_row_is_a_goal_of_evaluate() -> None:
    header = [name for name, _ in verdict_columns("en")]
    rows = [dict(zip(header, r, strict=True)) for r in verdict_rows(CASES, AT, language="en")]
    expected = [
        (c.id, s)
        for c in CASES
        for s in cf.evaluate(c, cf.preset_policy(c.workflow.name), AT).goals
    ]
    assert len(rows) == len(expected)
    for row, (case_id, s) in zip(rows, expected, strict=True):
        assert (row["case_id"], row["goal"], row["target"]) == (case_id, s.goal, s.target.value)
        assert (row["state"], row["deadline"], row["stopped"]) == (
            s.state.value,
            s.deadline,
            s.stopped,
        )
        amount = s.overdue if s.overdue else s.remaining
        shown = row["over"] if s.overdue else row["left"]
        if amount is None:  # the time left is not known: the deadline is past the data
            assert shown is None
        elif shown is not None:
            assert shown == pytest.approx(amount / dt.timedelta(hours=1), abs=1e-4)
        if s.extensions:
            assert "extended by" in str(row["moved"])


def test_the_reasons_a_deadline_moved_in_both_languages() -> None:
    extended = next(c for c in synth_cases(400, seed=2) if any(e.extension for e in c.history))
    zh = {r[1]: r for r in verdict_rows([extended], AT)}
    en = {r[1]: r for r in verdict_rows([extended], AT, language="en")}
    assert "延期" in str(zh["handling"][-1])
    assert "extended by" in str(en["handling"][-1])
    with pytest.raises(ArgumentError, match="language"):
        verdict_columns("fr")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_verdicts_written_read_back_as_the_rows(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"v{suffix}"
    rows = list(verdict_rows(CASES[:40], AT, language="en"))
    assert write_verdicts(path, CASES[:40], AT, language="en") == len(rows)
    if suffix == ".csv":
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert frame["case_id"].tolist() == [r[0] for r in rows]
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
        assert frame["deadline"].tolist()[:5] == [r[6] if r[6] else pd.NaT for r in rows][:5]
    else:
        sheet = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("verdicts")
        got = list(sheet.iter_rows())
        assert [g[0] for g in got[1:]] == [r[0] for r in rows]
        assert got[1][6] == rows[0][6] or got[1][6] == ""


def test_the_workbook_shows_the_figures_of_the_report(tmp_path: Path) -> None:
    book = RATE_BOOKS["jinhua"]
    by_department = report_cases(CASES, AT, by=("department",), period="month")
    by_period = report_cases(CASES, AT, period="month")
    path = tmp_path / "考核.xlsx"
    write_workbook(
        path, [("按承办单位", by_department), ("按期间", by_period)], book,
        scores=SCORE_BOOKS["jinhua"], as_of="2026-09-01 00:00",
    )  # fmt: skip
    workbook = calamine.CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["按承办单位", "按期间", "口径", "考核得分", "趋势图"]
    sheet = list(workbook.get_sheet_by_name("按承办单位").iter_rows())
    header = sheet[1]
    assert header[:3] == ["承办单位", "期间", COUNT_LABELS["received"]]
    expected = report_rows(by_department, book)
    assert len(sheet) - 2 == len(expected)
    for row, want in zip(sheet[2:], expected, strict=True):
        assert row[0] == want["department"]
        assert row[2] == want["received"]
        for rate in book.rates:
            cell = row[header.index(rate.label)]
            value = want[f"{rate.name}_rate"]
            assert cell == "" if value is None else cell == pytest.approx(value)
    formulas = list(workbook.get_sheet_by_name("口径").iter_rows())
    assert "按期办结量 ÷ (应办结量 − 超期挂账量)" in [r[2] for r in formulas]


def test_an_english_workbook(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    write_workbook(path, [("by period", report_cases(CASES, AT, period="quarter"))],
                   RATE_BOOKS["jinhua"], language="en")  # fmt: skip
    names = calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    assert names == ["by period", "definitions", "chart"]


def test_a_workbook_is_named_xlsx_and_holds_only_unicode_text(tmp_path: Path) -> None:
    report = report_cases(CASES[:20], AT, by=("type",))
    with pytest.raises(
        ArgumentError, match=r"report.csv: a workbook is named .xlsx \(got '.csv'\)"
    ):
        write_workbook(tmp_path / "report.csv", [("by type", report)], RATE_BOOKS["jinhua"])
    with pytest.raises(ArgumentError, match=r"a text has no UTF-8 form .*nothing was written"):
        write_workbook(tmp_path / "r.xlsx", [("by type", report)], RATE_BOOKS["jinhua"],
                       as_of="\ud800")  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_the_verdicts_frame_equals_the_rows() -> None:
    frame = verdicts_frame(CASES[:30], AT)
    assert frame["case_id"].tolist() == [r[0] for r in verdict_rows(CASES[:30], AT)]
    assert str(frame["deadline"].dtype).startswith("datetime64")
    with pytest.raises(ArgumentError, match="mapping"):
        verdicts_frame(pd.DataFrame({"a": [1]}), AT)


def test_a_reclassified_case_says_so() -> None:
    moved = next(c for c in synth_cases(400, seed=2) if c.received_as)
    plain = next(c for c in synth_cases(400, seed=2) if not c.received_as)
    rows = list(verdict_rows([moved, plain], AT, language="en"))
    assert all("reclassified" in str(r[-1]) for r in rows if r[0] == moved.id)
    assert not any("reclassified" in str(r[-1]) for r in rows if r[0] == plain.id)
    assert "已改类" in str(next(verdict_rows([moved], AT))[-1])
