"""Every example runs and prints what it promises."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


def run(name: str) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_hotline_order_types() -> None:
    out = run("hotline_order_types.py")
    # 2026-02-12: Feb 13 worked, Feb 14 a make-up Saturday; Feb 15-23 off.
    assert "咨询  2个工作日   2026-02-14 17:30" in out
    assert "sign-for, urgent : 2026-02-12 17:10" in out


def test_office_calendar() -> None:
    out = run("office_calendar.py")
    assert "extra day off (台风停工)" in out
    assert "extra working day (防汛值守)" in out


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_every_example_runs(name: str) -> None:
    assert run(name)
