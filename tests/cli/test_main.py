"""The command line as a whole: errors as one clear line, python -m civicflow."""

from __future__ import annotations

import subprocess
import sys

import pytest

from civicflow.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


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


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "civicflow", "deadline", "2025-09-30 16:00", "3个工作日"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "2025-10-11 17:30\n"
