"""The command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from civicflow.cli import main
from civicflow.exchange.serialization import policy_to_json
from civicflow.sla.presets import hotline_policy


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "deadline", "2025-09-30 16:00", "3个工作日") == (0, "2025-10-11 17:30\n", "")


def test_deadline_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "2025-09-30 16:00", "3个工作日", "--explain")
    assert code == 0
    assert "skipped: statutory holiday (国庆节)" in out
    assert "working day 3 of 3: make-up working day (国庆节)" in out
    assert out.rstrip().endswith("deadline  2025-10-11 17:30 Sat")


def test_deadline_options(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "2025-09-26 15:00", "4 working hours", "--hours", "08:30-12:00,14:00-17:30"]
    assert run(capsys, *argv)[1] == "2025-09-28 10:00\n"  # 2h30 on Friday, 1h30 from 08:30
    argv = ["deadline", "2025-09-30 16:00", "3个工作日", "--day-end", "midnight"]
    assert run(capsys, *argv)[1] == "2025-10-12 00:00\n"
    argv = ["deadline", "2025-09-27 10:00", "1个工作日", "--receipt", "next-working-moment"]
    assert run(capsys, *argv)[1] == "2025-09-29 17:30\n"
    argv = ["deadline", "2025-09-30T08:00+00:00", "3个工作日"]
    assert run(capsys, *argv)[1] == "2025-10-11 09:30 +0000\n"


def test_errors_are_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "deadline", "2026-12-30 10:00", "5个工作日")
    assert (code, out) == (2, "")
    assert err.startswith("civicflow: error: no holiday data for 2027")
    code, _, err = run(capsys, "deadline", "2025-09-30 16:00", "3 weeks")
    assert code == 2
    assert "unknown unit 'weeks'" in err
    code, _, err = run(capsys, "deadline", "2025-09-30 16:00", "3天", "--hours", "9-5")
    assert code == 2
    assert "invalid working hours" in err
    with pytest.raises(SystemExit):
        main(["deadline", "yesterday", "3天"])
    assert "is not a date and time" in capsys.readouterr().err
    code, _, err = run(capsys, "calendar", "2026-13")
    assert code == 2
    assert "is not a month" in err


def test_calendar_grid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "2026-10")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2026年10月  October 2026"
    assert lines[3].split() == ["1休", "2休", "3休", "4休"]
    assert "10班" in lines[4]
    assert "  10-01..10-07 statutory holiday (国庆节)" in lines
    assert "  10-10        make-up working day (国庆节)" in lines
    assert lines[-1].startswith("18 working days")


def test_demo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert out.count("deadline  ") == 4
    assert "deadline  2026-03-20 17:30 Fri: 15 working days" in out
    assert "gives back 4 working day(s)" in out
    assert "deadline  2025-10-11 17:30 Sat" in out
    assert "deadline  2025-09-28 10:30 Sun" in out
    assert "deadline  2025-02-21 17:30 Fri" in out


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "civicflow", "deadline", "2025-09-30 16:00", "3个工作日"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "2025-10-11 17:30\n"


CASE_FILE = str(Path(__file__).parent.parent / "examples" / "cases" / "hotline_suspended.json")


def test_case_evaluate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "case", "evaluate", CASE_FILE, "--at", "2026-03-23 12:00")
    assert code == 0
    assert out.splitlines() == [
        "case 12345-2026-000187 in state 'in_progress' at 2026-03-23 12:00 Mon",
        "  sign-for               met         due 2026-02-11 17:30 Wed       10h30 left",
        "  handling               breached    due 2026-03-20 17:30 Fri       3h00 over  "
        "[red card; reached 80%]",
    ]


def test_case_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "case", "explain", CASE_FILE, "--at", "2026-03-16 10:00", "--goal", "handling"
    )
    assert code == 0
    assert "gives back 4 working day(s)" in out
    assert "off 2026-02-15..2026-02-23: statutory holiday (春节)" in out
    assert "deadline  2026-03-20 17:30 Fri: 15 working days" in out
    code, out, _ = run(capsys, "case", "explain", CASE_FILE, "--at", "2026-03-16 10:00")
    assert out.count("\ngoal ") == 2


def test_case_with_a_policy_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(policy_to_json(hotline_policy(default_handling="3个工作日")), "utf-8")
    code, out, _ = run(
        capsys, "case", "evaluate", CASE_FILE, "--policy", str(policy), "--at", "2026-02-11 09:00"
    )
    assert code == 0
    assert "handling" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["case", "evaluate", "missing.json"], "cannot read missing.json"),
        (["case", "explain", CASE_FILE, "--goal", "nope"], "has no goal 'nope'"),
        (
            ["case", "explain", CASE_FILE, "--promised"],
            "no promised limit of 'hotline-12345' applies",
        ),
    ],
)
def test_case_errors(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv, "--at", "2026-03-16 10:00")
    assert code == 2
    assert out == ""
    assert message in err


NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至2月11日（周四）放假调休，共7天。2月14日（周日）上班。
"""


def test_import_a_notice_and_use_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notice, data = tmp_path / "notice.txt", tmp_path / "2027.json"
    notice.write_text(NOTICE_2027, "utf-8")
    code, out, _ = run(capsys, "calendar", "import", str(notice), "-o", str(data))
    assert (code, out) == (0, f"2027: 10 days off, 1 make-up working days -> {data}\n")
    code, _, err = run(capsys, "calendar", "show", "2027")
    assert code == 2
    assert "2027: no data (this calendar knows 2004-2026)" in err
    code, out, _ = run(capsys, "calendar", "show", "2027", "--arrangement", str(data))
    assert out.splitlines()[0] == "2027: notice notice.txt"
    assert "  02-14        make-up working day (春节)" in out
    code, out, _ = run(
        capsys, "deadline", "2026-12-30 10:00", "5个工作日", "--arrangement", str(data)
    )
    assert (code, out) == (0, "2027-01-07 17:30\n")
    code, out, _ = run(capsys, "calendar", "show", "2005")
    assert (
        out.splitlines()[0] == "2005: chinesecalendar 1.11.0, with 1 correction(s) from the notices"
    )
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTICE_2027.replace("共3天", "共4天"), "utf-8")
    code, _, err = run(capsys, "calendar", "import", str(bad))
    assert code == 2
    assert "notice line 2: it says 4 days" in err
