"""civicflow demo: the scenarios on built-in data."""

from __future__ import annotations

import pytest

from civicflow.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert out.count("deadline  ") == 4
    assert "deadline  2026-03-20 17:30 Fri: 15 working days" in out
    assert "gives back 4 working day(s)" in out
    assert "deadline  2025-10-11 17:30 Sat" in out
    assert "deadline  2025-09-28 10:30 Sun" in out
    assert "deadline  2025-02-21 17:30 Fri" in out
