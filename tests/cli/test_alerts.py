"""``civicflow alerts``: the due-soon list from the command line, in every format, its
mistakes as one line, and a fuzz property over its arguments and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicflow.cli import main

AT = ("--at", "2026-03-06 09:00")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("alerts") / "cases.jsonl"
    import datetime as dt

    from civicflow.exchange.documents.serialization import case_to_json
    from civicflow.exchange.documents.synth import synth_cases

    found = synth_cases(200, seed=1, first=dt.date(2026, 3, 2), days=10)
    path.write_text("".join(case_to_json(c, indent=None) + "\n" for c in found), encoding="utf-8")
    return path


def test_the_next_four_working_hours_as_a_table(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "alerts",
        str(cases),
        *AT,
        "--within",
        "4工作小时",
        "--by",
        "department",
        "--lang",
        "en",
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "3 alerts from 2026-03-06 09:00 to 2026-03-06 14:30 over 200 cases"
    assert lines[1].split()[:3] == ["at", "case", "goal"]
    assert lines[3].startswith("2026-03-06 14:11:12  12345-000014  handling")
    assert lines[-1] == "2 goals on hold (nothing scheduled until they resume)"
    code, zh, _ = run(capsys, "alerts", str(cases), *AT, "--within", "4工作小时")
    assert zh.splitlines()[0] == "2026-03-06 09:00 至 2026-03-06 14:30，200 件中有 3 条预警"


def test_csv_json_and_a_workbook(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ("alerts", str(cases), *AT, "--until", "2026-03-09 17:30", "--lang", "en")
    code, out, err = run(capsys, *common, "--format", "csv", "--kinds", "threshold,yellow")
    assert code == 0
    rows = out.splitlines()
    assert rows[0].startswith("at,case,goal,target,what")
    assert all(",reached " in r or ",yellow card," in r for r in rows[1:])
    assert err.splitlines()[0].startswith(f"{len(rows) - 1} alerts from 2026-03-06 09:00")
    code, out, _ = run(capsys, *common, "--format", "json")
    document = json.loads(out)
    assert document["schema"] == "civicflow.due/1"
    assert document["until"] == "2026-03-09T17:30:00"
    assert len(document["alerts"]) >= len(rows) - 1
    calamine = pytest.importorskip("python_calamine")
    book = tmp_path / "预警.xlsx"
    code, out, err = run(capsys, *common, "--format", "xlsx", "--output", str(book))
    assert (code, out) == (0, "")
    sheet = calamine.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("alerts")
    assert len(list(sheet.iter_rows())) == len(document["alerts"]) + 1
    target = tmp_path / "预警.csv"
    code, _, _ = run(capsys, *common, "--format", "csv", "--output", str(target))
    assert target.read_text(encoding="utf-8-sig").startswith("at,case,goal")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "give the window as --within LIMIT"),
        (
            ("--within", "1工作日", "--until", "2026-03-09 17:30"),
            "give the window as --within LIMIT",
        ),
        (("--within", "3 fortnights"), "--within '3 fortnights': unknown unit"),
        (("--within", "1工作日", "--kinds", "yellow,blue"), "--kinds 'yellow,blue': the kinds are"),
        (("--within", "1工作日", "--format", "xlsx"), "--format xlsx writes a workbook"),
        (("--within", "1工作日", "--output", "x.xlsx"), "--format table writes a .txt file"),
        (
            ("--within", "1工作日", "--format", "json", "--output", "/no/such/x.json"),
            "there is no folder",
        ),
        (("--until", "2026-03-05 09:00"), "before it starts"),
    ],
)
def test_mistakes_are_one_line(
    cases: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "alerts", str(cases), *AT, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("civicflow: error: ")
    assert message in err
    assert err.count("\n") == 1


def test_a_7x24_desk_past_the_holiday_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = json.dumps({
        "schema": "civicflow.case/1", "id": "7x24-1", "workflow": "hotline-12345",
        "received": "2030-10-01T09:30:00", "type": "咨询",
        "events": [{"id": "1", "name": "dispatch", "at": "2030-10-01T10:00:00"}],
    }, ensure_ascii=False)  # fmt: skip
    path = tmp_path / "desk.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    argv = (
        "alerts",
        str(path),
        "--at",
        "2030-10-01 10:30",
        "--within",
        "1个工作日",
        "--lang",
        "en",
    )
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "no holiday data for 2030" in err
    code, out, _ = run(
        capsys, *argv, "--hours", "00:00-24:00", "--workweek", "Mon-Sun", "--no-national"
    )
    assert code == 0
    # Signing for: its card at 00:00 on the 2nd, 80 % at 16:24, due at 24:00; handling: its card.
    assert out.splitlines()[0] == "4 alerts from 2030-10-01 10:30 to 2030-10-03 00:00 over 1 cases"


WORDS = st.sampled_from(
    ["FILE", "--at", "--as-of", "2026-03-06 09:00", "--within", "4工作小时", "1个工作日", "0工作日",
     "--until", "2026-03-09 17:30", "--by", "department", "--kinds", "yellow,red", "--format",
     "json", "csv", "xlsx", "--lang", "en", "--input", "csv-events", "--skip-bad", "--output",
     "--no-national", "--hours", "00:00-24:00"]
)  # fmt: skip


@given(st.lists(WORDS | st.text(max_size=10), max_size=8), st.binary(max_size=120))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzz_the_command_never_shows_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], content: bytes
) -> None:
    """Any words and a file of any bytes give exit status 0 or 2 and at most a line of
    error; every line of a file it reads is a case, blank, or named in an error."""
    path = tmp_path / "input.jsonl"
    path.write_bytes(content)
    words = [str(path) if w == "FILE" else w for w in argv]
    try:
        code = main(["alerts", str(path), *words])
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert code in (0, 2), (words, err)
    assert "Traceback" not in out + err
    if code == 2 and err.startswith("civicflow: error: "):
        assert err.count("\n") == 1, err
