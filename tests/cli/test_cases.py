"""civicflow case evaluate|explain: a case stored as JSON, with its preset or a policy file."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicflow.cli import main
from civicflow.exchange.documents.serialization import policy_to_json
from civicflow.sla.presets import hotline_policy


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


CASE_FILE = str(Path(__file__).parents[2] / "examples" / "cases" / "hotline_suspended.json")


def test_case_evaluate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "case", "evaluate", CASE_FILE, "--at", "2026-03-23 12:00")
    assert code == 0
    assert out.splitlines() == [
        "case 12345-2026-000187 in state 'in_progress' at 2026-03-23 12:00 Mon",
        "  sign-for               met         due 2026-02-11 17:30 Wed       10h30 of working time left",
        "  handling               breached    due 2026-03-20 17:30 Fri       3h00 of working time over  "
        "[red card; reached 80%]",
    ]


def test_case_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "case", "explain", CASE_FILE, "--at", "2026-03-16 10:00", "--goal", "handling"
    )
    assert code == 0
    assert "gives back 4 working day(s)" in out
    assert "off 2026-02-16..2026-02-19: statutory holiday (春节)" in out
    assert "off 2026-02-20: rest day swapped, 调休 (春节)" in out
    assert "off 2026-02-21..2026-02-22: rest day of the break (春节)" in out
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
