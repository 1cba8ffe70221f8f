"""The analyst's tables from the command line: an export in, a workbook and verdicts out."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicflow.cli import main

calamine = pytest.importorskip("python_calamine")
AS_OF = ("--as-of", "2026-09-01 00:00")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "工单.xlsx"
    code, _, err = run(capsys, "synth", "--cases", "200", "--seed", "6", "--export", str(path))
    assert code == 0
    assert "left out" in err
    return path


def test_an_export_to_a_workbook_with_the_figures_of_the_text_report(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "考核.xlsx"
    common = (str(export), "--mapping", "hotline-12345", "--by", "department", *AS_OF)
    code, _, err = run(capsys, "report", *common, "--format", "xlsx", "--output", str(out),
                       "--period", "month", "--score", "jinhua")  # fmt: skip
    assert code == 0
    assert "wrote" in err
    book = calamine.CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["按承办单位", "按期间", "口径", "考核得分", "趋势图"]
    code, text, _ = run(capsys, "report", *common, "--format", "csv")
    assert code == 0
    lines = [line.split(",") for line in text.splitlines()]
    total = next(r for r in lines if r[0] == "(all)")
    sheet = list(book.get_sheet_by_name("按期间").iter_rows())
    received = [r[1] for r in sheet[2:] if r[0] != "(all)"]
    assert sum(received) == int(total[lines[0].index("received")])


def test_verdicts_of_an_export(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "verdicts", str(export), "--mapping", "hotline-12345", *AS_OF)
    assert code == 0
    assert out.splitlines()[0].startswith("工单编号,考核环节,时限类型")
    target = tmp_path / "明细.parquet"
    code, _, err = run(capsys, "verdicts", str(export), "--mapping", "hotline-12345", *AS_OF,
                       "--output", str(target), "--lang", "en")  # fmt: skip
    assert code == 0
    assert "rows written" in err
    assert target.stat().st_size > 0


def test_wrong_input_is_one_clear_line(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "report", str(export), *AS_OF)
    assert code == 2
    assert "give --mapping" in err
    code, _, err = run(capsys, "report", str(export), "--mapping", "nope.toml", *AS_OF)
    assert code == 2
    assert "--mapping nope.toml" in err
    code, _, err = run(capsys, "report", str(export), "--mapping", "hotline-12345", "--format",
                       "xlsx", *AS_OF)  # fmt: skip
    assert code == 2
    assert "--output" in err
    bad = tmp_path / "bad.csv"
    run(capsys, "synth", "--cases", "3", "--seed", "6", "--export", str(bad))
    lines = bad.read_text(encoding="utf-8-sig").splitlines()
    head, first, second = lines[0], lines[1], lines[2].split(",")
    second[1] = "明天"  # 受理时间
    bad.write_text("\n".join([head, first, ",".join(second)]) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "report", str(bad), "--mapping", "hotline-12345", *AS_OF)
    assert code != 0
    assert "row 3: column 受理时间: '明天' is not a date and time" in err
    code, _, err = run(capsys, "report", str(bad), "--mapping", "hotline-12345", *AS_OF,
                       "--skip-bad")  # fmt: skip
    assert code == 0
    assert "skipped row 3" in err
    few = tmp_path / "few.csv"
    few.write_text("工单编号,受理时间\nA,2025-09-29 09:00\n", encoding="utf-8")
    code, _, err = run(capsys, "report", str(few), "--mapping", "hotline-12345", *AS_OF)
    assert code != 0
    assert "the table has no column 诉求类型" in err
    assert "drop" in err
    code, _, err = run(capsys, "synth", "--kind", "licence", "--export", str(tmp_path / "x.csv"))
    assert code == 2
    assert "no shipped mapping" in err


def test_a_sheet_is_only_for_a_workbook(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "x.csv"
    run(capsys, "synth", "--cases", "3", "--export", str(csv_path))
    code, _, err = run(capsys, "report", str(csv_path), "--mapping", "hotline-12345", "--sheet",
                       "工单", *AS_OF)  # fmt: skip
    assert code == 2
    assert "only a workbook" in err
    code, _, err = run(capsys, "report", str(export), "--mapping", "hotline-12345", "--sheet",
                       "工单", *AS_OF)  # fmt: skip
    assert code == 0


def test_a_workbook_in_two_processes_is_the_workbook_of_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.jsonl"
    code = main(["synth", "--cases", "600", "--seed", "8"])
    cases.write_text(capsys.readouterr().out, encoding="utf-8")
    sheets = []
    for jobs in ("1", "2"):
        out = tmp_path / f"w{jobs}.xlsx"
        code, _, _ = run(capsys, "report", str(cases), "--by", "department,grid", "--period",
                         "month", *AS_OF, "--format", "xlsx", "--output", str(out), "--jobs", jobs)  # fmt: skip
        assert code == 0
        book = calamine.CalamineWorkbook.from_path(str(out))
        sheets.append({n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names})
    assert sheets[0] == sheets[1]
    assert list(sheets[0]) == [
        "按承办单位、网格",
        "按承办单位",
        "按网格",
        "按期间",
        "口径",
        "趋势图",
    ]


def test_a_folder_given_as_a_table_is_named_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exports.csv"
    folder.mkdir()
    code, out, err = run(capsys, "verdicts", str(folder), "--mapping", "hotline-12345", *AS_OF)
    assert (code, out) == (2, "")
    assert err == f"civicflow: error: cannot read {folder}: it is a folder, not a table file\n"
    code, _, err = run(capsys, "verdicts", str(tmp_path / "no.csv"), "--mapping", "hotline-12345",
                       *AS_OF)  # fmt: skip
    assert (code, err) == (
        2,
        f"civicflow: error: cannot read {tmp_path / 'no.csv'}: no such file\n",
    )


def test_an_unknown_mapping_lists_the_shipped_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a\n1\n", encoding="utf-8")
    code, out, err = run(capsys, "verdicts", str(table), "--mapping", "nosuch", *AS_OF)
    assert (code, out) == (2, "")
    assert err == (
        "civicflow: error: --mapping nosuch: no shipped mapping 'nosuch' and no such file; the "
        "shipped mappings are: hotline-12345, urban-management, or give a mapping file "
        "(.toml or .json)\n"
    )
