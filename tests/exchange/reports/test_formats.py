"""Reports as a table, CSV, JSON and an SVG chart; the report and synth commands."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import civicflow as cf
from civicflow import compliance as co
from civicflow.cli import main
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.reports.formats import report_csv, report_json, report_svg, report_table

AT = dt.datetime(2026, 9, 1)


def report(by: tuple[str, ...] = ("department",), period: str = "quarter") -> co.Report:
    r = co.Report(by, period)
    policy, ind = cf.hotline_policy(), co.hotline_indicators()
    for case in synth_cases(300, seed=2):
        r.add(case, co.case_facts(case, policy, AT, ind))
    return r


def test_formats_agree() -> None:
    r = report()
    rows = json.loads(report_json(r, co.JINHUA))["rows"]
    table = list(csv.DictReader(io.StringIO(report_csv(r, co.JINHUA))))
    assert len(rows) == len(table) == len(r.tallies) + 1  # and the total
    total = r.total()
    assert rows[-1]["received"] == total.count("received") == 300
    assert rows[-1]["closure_rate"] == total.rate(co.JINHUA.rate("closure")).value
    assert float(table[-1]["closure_rate"]) == pytest.approx(rows[-1]["closure_rate"])
    text = report_table(r, co.JINHUA)
    assert "结案率" in text
    assert text.splitlines()[-1] == "rates: jinhua; — is a rate with an empty base"


def test_undefined_rates_stay_undefined() -> None:
    r = co.Report((), "all")
    case = cf.Case.open(cf.hotline_workflow(), "X", dt.datetime(2026, 8, 1, 10))
    r.add(case, co.case_facts(case, cf.hotline_policy(), AT, co.hotline_indicators()))
    row = json.loads(report_json(r, co.JINHUA))["rows"][0]
    assert row["closure_rate"] is None
    assert row["satisfaction_rate"] is None
    assert next(csv.DictReader(io.StringIO(report_csv(r, co.JINHUA))))["closure_rate"] == ""
    assert "—" in report_table(r, co.JINHUA)


def test_svg_chart() -> None:
    svg = report_svg(report((), "month"), co.JINHUA)
    assert svg.startswith("<svg xmlns=")
    assert svg.count("<rect") == 18  # 2025-01 .. 2026-06
    assert "按期结案率" in svg


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.jsonl"
    assert main(["synth", "--cases", "200", "--seed", "5"]) == 0
    cases.write_text(capsys.readouterr().out, "utf-8")
    chart = tmp_path / "month.svg"
    argv = ["report", str(cases), "--by", "department", "--period", "month",
            "--as-of", "2026-09-01 00:00", "--chart", str(chart)]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("200 cases as of 2026-09-01 00:00")
    assert chart.read_text("utf-8").startswith("<svg")
    assert main([*argv, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][-1]["received"] == 200
    assert main([*argv, "--format", "csv", "--rates", "tianmen"]) == 0
    assert capsys.readouterr().out.startswith("department,period,received,")


def test_report_stops_at_a_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.jsonl"
    good = [cf.case_to_json(c, indent=None) for c in synth_cases(3, seed=1)]
    cases.write_text("\n".join([good[0], "{oops", good[2]]) + "\n", "utf-8")
    argv = ["report", str(cases), "--as-of", "2026-09-01 00:00"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing half-written
    assert "line 2: $: not JSON" in captured.err
    assert main([*argv, "--skip-bad"]) == 0
    captured = capsys.readouterr()
    assert "2 cases as of 2026-09-01 00:00; 1 bad lines skipped" in captured.out
    assert "civicflow: skipped line 2" in captured.err


def test_synth_command_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    main(["synth", "--cases", "5", "--seed", "9", "--kind", "urban"])
    first = capsys.readouterr().out
    main(["synth", "--cases", "5", "--seed", "9", "--kind", "urban"])
    assert capsys.readouterr().out == first
    assert len(first.splitlines()) == 5
    assert json.loads(first.splitlines()[0])["workflow"] == "urban-management"
