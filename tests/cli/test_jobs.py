"""``civicflow report --jobs N``: the same figures, bad lines and counts as one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicflow.cli import main
from civicflow.exchange.documents.serialization import case_to_json
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.jobs.pipeline import whole_line_parts as split

AS_OF = ("--as-of", "2026-07-01 00:00")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = [case_to_json(c, indent=None) for c in synth_cases(600, seed=4)]
    lines[50] = "not json"
    lines[400] = ""
    lines[401] = '{"schema": "civicflow.case/1", "id": "x"}'
    path = tmp_path_factory.mktemp("jobs") / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_three_processes_give_the_figures_of_one(
    cases: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    argv = ("report", str(cases), *AS_OF, "--by", "department", "--period", "quarter")
    one = run(capsys, *argv, "--skip-bad", "--format", fmt)
    code, out, err = run(capsys, *argv, "--skip-bad", "--format", fmt, "--jobs", "3")
    note = "civicflow: --jobs 3: this machine has"
    kept = "".join(line for line in err.splitlines(True) if not line.startswith(note))
    assert one == (code, out, kept)
    assert one[0] == 0
    assert "skipped line 51" in one[2]
    assert "skipped line 402" in one[2]


def test_the_first_bad_line_stops_every_process(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "report", str(cases), *AS_OF, "--jobs", "2")
    assert code == 2
    assert not out
    assert "line 51: $: not JSON" in err


def test_more_jobs_than_cpus_are_capped_and_said(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    code, _, err = run(capsys, "report", str(cases), *AS_OF, "--skip-bad", "--jobs", "100000")
    assert code == 0
    cpus = os.cpu_count() or 1
    assert f"--jobs 100000: this machine has {cpus} CPU(s); reading in {cpus} process" in err


def test_what_jobs_cannot_do_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "cases.csv"
    csv.write_text("id,workflow,received,type,category,urgency,channel,event,at\n", "utf-8")
    code, _, err = run(capsys, "report", str(csv), *AS_OF, "--jobs", "2")
    assert code == 2
    assert "--jobs 2: only JSON Lines is read in several processes" in err
    code, _, err = run(capsys, "report", str(csv), *AS_OF, "--jobs", "0")
    assert code == 2
    assert "--jobs 0: give at least 1 process" in err
    code, _, err = run(capsys, "report", str(tmp_path / "none.jsonl"), *AS_OF, "--jobs", "2")
    assert code == 2
    assert "cannot read" in err


@settings(max_examples=50)
@given(st.lists(st.text("ab\n", max_size=12), max_size=8), st.integers(1, 6))
def test_the_parts_are_whole_lines_that_cover_the_file(
    tmp_path_factory: pytest.TempPathFactory, chunks: list[str], parts: int
) -> None:
    data = "".join(chunks).encode()
    path = tmp_path_factory.mktemp("split") / "f"
    path.write_bytes(data)
    runs = split(path, parts)
    assert 1 <= len(runs) <= parts
    assert b"".join(data[a:b] for a, b in runs) == data
    for a, _ in runs:
        assert a == 0 or data[a - 1 : a] == b"\n"


def test_a_parquet_file_in_the_layout_reports_in_two_processes_by_row_groups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from civicflow.cases.columns import CaseColumns
    from civicflow.exchange.tables.arrow_columns import write_parquet_columns

    cases = list(synth_cases(500, seed=4))
    table = tmp_path / "cases.parquet"
    write_parquet_columns(table, CaseColumns.from_cases(cases), row_group_size=100)
    lines = tmp_path / "cases.jsonl"
    lines.write_text("".join(case_to_json(c, indent=None) + "\n" for c in cases), "utf-8")
    argv = (*AS_OF, "--by", "department", "--format", "csv")
    code, expected, _ = run(capsys, "report", str(lines), *argv)
    assert code == 0
    for jobs in ("1", "2"):
        code, out, err = run(capsys, "report", str(table), *argv, "--jobs", jobs)
        assert (code, out) == (0, expected), err
