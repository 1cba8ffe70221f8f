"""civicflow report with what users really feed it: year-end cases, Chinese encodings,
broken CSV, wrong options. Each ends in figures or in one clear line, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import civicflow as cf
from civicflow.cli import main
from civicflow.exchange.calendar_files.calendar_json import calendar_to_json

D = dt.datetime
POLICY = cf.hotline_policy()

NOTICE_2027 = (Path(__file__).parents[1] / "data" / "notices" / "example_2027.txt").read_text(
    "utf-8"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def december_cases() -> list[cf.Case]:
    """Twenty complaints received in December 2026: their 15 working days run into 2027."""
    cases = []
    for k in range(20):
        t0 = D(2026, 12, 1 + k, 10)
        case = cf.Case.open(
            POLICY.workflow, f"Y{k:02d}", t0, type="投诉", fields={"department": "AB"[k % 2]}
        )
        events = [("dispatch", 1), ("sign_for", 2), ("start", 3)]
        case = case.apply_all(
            cf.Event(str(n), name, t0 + dt.timedelta(hours=h)) for n, (name, h) in enumerate(events)
        )
        if k % 3 == 0:
            case = case.apply(cf.Event("r", "reply", t0 + dt.timedelta(days=2)))
        cases.append(case)
    return cases


@pytest.fixture
def year_end(tmp_path: Path) -> Path:
    path = tmp_path / "december.jsonl"
    path.write_text(
        "".join(cf.case_to_json(c, indent=None) + "\n" for c in december_cases()), "utf-8"
    )
    return path


def test_the_year_end_without_the_notice_with_it_and_provisionally(
    year_end: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    as_of = ["--as-of", "2027-01-08 00:00", "--format", "json"]
    code, out, err = run(capsys, "report", str(year_end), *as_of)
    assert code == 0
    without = json.loads(out)
    assert without["as_of"] == "2027-01-08T00:00:00+08:00"  # read in the calendar's zone
    assert without["units"]["handling_hours_median"] == "working hours"
    assert without["units"]["handling_days_p90"] == "working days"
    total = without["rows"][0]
    assert total["received"] == 20
    awaiting = total["awaiting_notice"]
    assert awaiting == len(without["awaiting_notice"]) > 0
    assert total["closed"] == 7  # closed in December: met, though their deadlines are in 2027
    assert total["closed_on_time"] == 7
    assert "wait for the 2027 holiday notice" in err

    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, "utf-8")
    arrangement = tmp_path / "2027.json"
    assert run(capsys, "calendar", "import", str(notice), "-o", str(arrangement))[0] == 0
    code, out, _ = run(capsys, "report", str(year_end), *as_of, "--arrangement", str(arrangement))
    loaded = json.loads(out)
    assert loaded["awaiting_notice"] == []
    assert loaded["rows"][0]["awaiting_notice"] == 0
    assert loaded["provisional_years"] == []

    code, out, _ = run(capsys, "report", str(year_end), *as_of, "--provisional-through", "2027")
    provisional = json.loads(out)
    assert provisional["awaiting_notice"] == []
    assert provisional["provisional_years"] == [2027]
    assert provisional["rows"][0]["provisional"] > 0
    code, out, _ = run(
        capsys,
        "report",
        str(year_end),
        "--as-of",
        "2027-01-08 00:00",
        "--provisional-through",
        "2027",
    )
    assert "all *" in out
    assert "provisional: figures marked * rest on 2027" in out
    code, out, _ = run(
        capsys,
        "report",
        str(year_end),
        "--as-of",
        "2027-01-08 00:00",
        "--format",
        "csv",
        "--provisional-through",
        "2027",
    )
    header, *_rows = out.splitlines()
    assert "provisional" in header.split(",")


def test_cases_awaiting_a_notice_can_be_listed(
    year_end: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "report", str(year_end), "--as-of", "2027-01-08 00:00", "--list-awaiting"
    )
    assert code == 0
    listed = [line.strip() for line in out.splitlines() if line.startswith("  Y")]
    assert listed
    assert all(i.startswith("Y") for i in listed)


def test_as_of_before_the_cases_leaves_them_out_and_says_so(
    year_end: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "report", str(year_end), "--as-of", "1990-01-01 00:00")
    assert code == 0
    assert out.startswith("0 cases as of 1990-01-01 00:00; 20 received after it left out")


def test_an_unknown_by_field_lists_the_fields(
    year_end: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "report", str(year_end), "--as-of", "2026-12-31 00:00", "--by", "departmant"
    )
    assert (code, out) == (2, "")
    assert (
        "--by departmant: no case has such a field; the cases have: category, channel, department"
        in err
    )


def test_a_chart_into_a_missing_folder_is_refused_before_reading(
    year_end: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "report", str(year_end), "--chart", str(tmp_path / "no" / "chart.svg")
    )
    assert (code, out) == (2, "")
    assert "there is no folder" in err


def test_excel_files_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["id,workflow,received,type,field.department,event,at",
            "A,hotline-12345,2025-09-29T09:00,投诉,城管局,dispatch,2025-09-29T09:10"]  # fmt: skip
    text = "\n".join(rows) + "\n"
    bom = tmp_path / "utf8.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert run(capsys, "report", str(bom), "--as-of", "2025-10-01 00:00")[0] == 0
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.encode("gb18030"))
    code, out, err = run(capsys, "report", str(gbk), "--as-of", "2025-10-01 00:00")
    assert (code, out) == (2, "")
    assert "line 2: not utf-8 text" in err
    assert "--encoding gb18030" in err
    code, out, _ = run(
        capsys,
        "report",
        str(gbk),
        "--encoding",
        "gb18030",
        "--as-of",
        "2025-10-01 00:00",
        "--by",
        "department",
    )
    assert code == 0
    assert "城管局" in out


def test_a_rating_with_a_trailing_space_is_a_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = cf.Case.open(POLICY.workflow, "G", D(2025, 9, 29, 9), fields={"rating": "满意"})
    bad = cf.Case.open(POLICY.workflow, "S", D(2025, 9, 29, 9), fields={"rating": "满意 "})
    path = tmp_path / "rated.jsonl"
    path.write_text("".join(cf.case_to_json(c, indent=None) + "\n" for c in (good, bad)), "utf-8")
    code, out, err = run(capsys, "report", str(path), "--as-of", "2025-10-01 00:00")
    assert (code, out) == (2, "")
    assert "line 2: case 'S': rating '满意 ' is not a grade (it has spaces around it)" in err
    code, out, err = run(capsys, "report", str(path), "--as-of", "2025-10-01 00:00", "--skip-bad")
    assert code == 0
    assert out.startswith("1 cases as of 2025-10-01 00:00; 1 bad lines skipped")


def test_one_aware_case_among_naive_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zone = dt.timezone(dt.timedelta(hours=8))
    cases = [
        cf.Case.open(POLICY.workflow, "N", D(2025, 9, 29, 9)),
        cf.Case.open(POLICY.workflow, "Z", D(2025, 9, 29, 9, tzinfo=zone)),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(cf.case_to_json(c, indent=None) + "\n" for c in cases), "utf-8")
    code, out, _ = run(capsys, "report", str(path), "--as-of", "2025-10-01 00:00")
    assert code == 0
    assert out.startswith("2 cases as of")


@pytest.mark.parametrize(
    ("content", "argv", "expected"),
    [
        (b"", ["--input", "csv-events"], "is empty"),
        (
            b'id,workflow\n"unterminated,x\n',
            ["--input", "csv-events"],
            "lacks the column(s) received, event, at",
        ),
        (b"\xb9\xa4\xb5\xa5\n", [], "line 1: not utf-8 text"),
        (
            b'{"schema": "civicflow.case/1"}\n',
            ["--input", "csv-events"],
            "this looks like JSON Lines",
        ),
        (
            b"id,workflow,received,event,at\n",
            ["--input", "jsonl"],
            "this does not look like JSON Lines",
        ),
    ],
)
def test_problems_with_the_whole_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    argv: list[str],
    expected: str,
) -> None:
    path = tmp_path / "input"
    path.write_bytes(content)
    for skip in ([], ["--skip-bad"]):
        code, out, err = run(capsys, "report", str(path), *argv, *skip)
        assert (code, out) == (2, "")
        assert expected in err


def test_recompute_reads_like_report(
    year_end: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.json"
    new.write_text(calendar_to_json(cf.china_calendar().with_provisional(2027)), "utf-8")
    code, out, _ = run(
        capsys, "recompute", str(year_end), "--new", str(new), "--as-of", "2027-01-08 00:00"
    )
    assert code == 0
    assert "goal(s) of 20 case(s) change" in out


def urban_cases(tmp_path: Path) -> Path:
    """Two departments' 暴露垃圾 reports: A feeds back on time, B two of three cases late."""
    urban = cf.urban_policy()
    lines = []
    for k, (department, hours) in enumerate([("A", 1), ("A", 1), ("B", 1), ("B", 30), ("B", 30)]):
        t0 = D(2025, 9, 1, 9)
        case = cf.Case.open(urban.workflow, f"U{k}", t0, category="暴露垃圾",
                            fields={"department": department})  # fmt: skip
        case = case.apply_all([
            cf.Event("1", "file", t0), cf.Event("2", "dispatch", t0 + dt.timedelta(minutes=30)),
            cf.Event("3", "feed_back", t0 + dt.timedelta(hours=hours)),
        ])  # fmt: skip
        lines.append(cf.case_to_json(case, indent=None) + "\n")
    path = tmp_path / "urban.jsonl"
    path.write_text("".join(lines), "utf-8")
    return path


def test_a_score_book_prints_the_points_and_the_ranking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = urban_cases(tmp_path)
    common = ["report", str(cases), "--by", "department", "--as-of", "2025-12-31 00:00"]
    code, out, _ = run(capsys, *common, "--score", "jinhua")
    assert code == 0
    scores = out.split("\n\n")[-2].splitlines()
    assert scores[0].split() == ["department", "period", "按期结案率", "结案率", "紧急问题", "返工",
                                 "得分", "排名"]  # fmt: skip
    # B: 1 of 3 on time (33.33 %: 36.67 points below 70 %), all closed.
    assert scores[2].split() == ["A", "all", "50.00", "20.00", "10.00", "5.00", "85.00/85", "1"]
    assert scores[3].split() == ["B", "all", "13.33", "20.00", "10.00", "5.00", "48.33/85", "2"]
    code, out, _ = run(capsys, *common, "--score", "jinhua", "--format", "json")
    document = json.loads(out)
    assert document["scores"]["book"] == "jinhua"
    assert [(r["department"], r["rank"]) for r in document["scores"]["rows"]] == [
        ("A", 1), ("B", 2)
    ]  # fmt: skip


def test_a_score_book_of_ones_own_and_the_mistakes_around_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = urban_cases(tmp_path)
    common = ["report", str(cases), "--by", "department", "--as-of", "2025-12-31 00:00"]
    own = tmp_path / "own.json"
    own.write_text(json.dumps({
        "schema": "civicflow.score-book/1", "name": "own", "source": "ours",
        "items": [{"name": "closed", "label": "结案", "points": 10, "rules": [
            {"rate": {"numerator": "closed_on_time", "base": "due"}, "threshold": 1,
             "off_per_point": 0.1}]}],
    }), "utf-8")  # fmt: skip
    code, out, _ = run(capsys, *common, "--score", str(own))
    assert code == 0
    assert "score book: own (ours); 10 points at most" in out
    assert "B           all     3.33   3.33/10   2" in out  # 66.67 points short, 0.1 each
    code, _, err = run(capsys, *common, "--score", "nanjing")
    assert code == 2
    assert "--score nanjing: no such score book or file; the shipped books are: jinhua" in err
    code, _, err = run(capsys, *common, "--score", "jinhua", "--format", "csv")
    assert (code, "use --format table or json" in err) == (2, True)
    city = tmp_path / "city.json"
    city.write_text(json.dumps({
        "schema": "civicflow.score-book/1", "name": "city", "source": "智慧城管得分 × 40 %",
        "parts": [{"book": "jinhua", "weight": 0.4}],
    }), "utf-8")  # fmt: skip
    code, out, _ = run(capsys, *common, "--score", str(city))
    assert code == 0
    table = out.split("\n\n")[-2].splitlines()
    assert table[0].split() == ["department", "period", "jinhua×40%", "得分", "排名"]
    assert table[2].split() == ["A", "all", "40.00", "40.00/40", "1"]  # 85 of 85: all 40
    assert "score book: city (智慧城管得分 × 40 %); 40 points at most" in out
    own.write_text('{"schema": "civicflow.score-book/1", "name": "x"}', "utf-8")
    code, _, err = run(capsys, *common, "--score", str(own))
    assert code != 0
    assert "$.source" in err
    assert "$.items" in err


def test_a_bad_line_leaves_no_output_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing half-written: no workbook, no table, nothing on standard output."""
    from civicflow.cli import main
    from civicflow.exchange.documents.serialization import case_to_json
    from civicflow.exchange.documents.synth import synth_cases

    lines = [case_to_json(c, indent=None) for c in synth_cases(40, seed=2)]
    lines.insert(30, "not json")
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    as_of = ("--as-of", "2026-07-01 00:00")
    for argv in (
        ["report", str(path), *as_of, "--format", "xlsx", "--output", str(tmp_path / "k.xlsx")],
        ["verdicts", str(path), *as_of, "--output", str(tmp_path / "v.xlsx")],
        ["verdicts", str(path), *as_of],
        ["report", str(path), *as_of, "--format", "csv"],
    ):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert "line 31" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.jsonl"]
