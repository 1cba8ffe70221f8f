"""The command line as a whole: errors as one clear line, python -m civicflow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import civicflow
from civicflow import ArgumentTypeError
from civicflow.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_errors_are_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "deadline", "2026-12-30 10:00", "5个工作日")
    assert (code, out) == (2, "")
    assert err.startswith("civicflow: error: no holiday data for 2027")
    code, _, err = run(capsys, "deadline", "2025-09-30 16:00", "3 fortnights")
    assert code == 2
    assert "unknown unit 'fortnights'" in err
    code, _, err = run(capsys, "deadline", "2025-09-30 16:00", "3天", "--hours", "9-5")
    assert code == 2
    assert "invalid working hours" in err
    code, _, err = run(capsys, "deadline", "yesterday", "3天")
    assert code == 2
    assert err == (
        "civicflow: error: argument start: 'yesterday' is not a date and time; write e.g. "
        "'2025-09-30 16:00' (usage: civicflow deadline --help)\n"
    )
    code, _, err = run(capsys, "calendar", "2026-13")
    assert code == 2
    assert "is not a month" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["report", "cases.jsonl", "--as-of", "2026-02-30 00:00"],
            "argument --as-of: '2026-02-30 00:00' is not a date and time; write e.g. "
            "'2025-09-30 16:00' (usage: civicflow report --help)",
        ),
        (
            ["report", "cases.jsonl", "--as-of", "tomorrow"],
            "argument --as-of: 'tomorrow' is not a date and time; write e.g. '2025-09-30 16:00' "
            "(usage: civicflow report --help)",
        ),
        (
            ["deadline", "2025-09-30 25:00", "4工作小时"],
            "argument start: '2025-09-30 25:00' is not a date and time; write e.g. "
            "'2025-09-30 16:00' (usage: civicflow deadline --help)",
        ),
        (["report", "cases.jsonl", "--jobs", "-1"], "--jobs -1: give at least 1 process"),
        (["synth", "--cases", "-5"], "--cases cannot be negative (got -5)"),
        (["synth", "--cases=-5"], "--cases cannot be negative (got -5)"),
        (
            ["deadline", "2025-09-30", "4工作小时"],
            "argument start: '2025-09-30' is a date without a time of day; write e.g. "
            "'2025-09-30 09:00' ('2025-09-30 00:00' for midnight) "
            "(usage: civicflow deadline --help)",
        ),
        (
            ["report", "cases.jsonl", "--as-of", "2026-07-01"],
            "argument --as-of: '2026-07-01' is a date without a time of day; write e.g. "
            "'2026-07-01 09:00' ('2026-07-01 00:00' for midnight) "
            "(usage: civicflow report --help)",
        ),
        (
            ["deadline", "--nosuch"],
            "the following arguments are required: start, limit (usage: civicflow deadline --help)",
        ),
        (["synth", "--nosuch"], "unrecognized arguments: --nosuch (usage: civicflow --help)"),
    ],
)
def test_usage_mistakes_are_one_line_too(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err == f"civicflow: error: {message}\n"


def test_help_is_printed_and_returned(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "deadline", "--help")
    assert (code, err) == (0, "")
    assert out.startswith("usage: civicflow deadline")


@pytest.mark.parametrize("argv", ["deadline 2025-09-30 3天", [1, 2], None.__class__, b"x"])
def test_argv_of_the_wrong_type_is_an_argument_error(argv: object) -> None:
    if argv is None.__class__:
        argv = 5
    with pytest.raises(ArgumentTypeError):
        main(argv)  # type: ignore[arg-type]


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "civicflow", "deadline", "2025-09-30 16:00", "3个工作日"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "2025-10-11 17:30\n"


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0  # printed and returned, as --help is
    assert capsys.readouterr().out == f"civicflow {civicflow.__version__}\n"


def test_a_negative_limit_is_refused_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "deadline", "2025-09-30 16:00", "-3个工作日", "--explain")
    assert (code, out) == (2, "")
    assert (
        err
        == "civicflow: error: invalid time limit '-3个工作日': a time limit cannot be negative\n"
    )


def test_clock_time_over_the_year_end_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "2026-12-31 10:00", "48小时", "--explain")
    assert code == 0
    assert "deadline  2027-01-02 10:00 Sat" in out


def test_an_unexpected_error_says_it_is_a_bug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import civicflow.cli.deadline

    def broken(args: object) -> int:
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(civicflow.cli.deadline, "run", broken)
    code, out, err = run(capsys, "deadline", "2025-09-30 16:00", "3个工作日")
    assert (code, out) == (70, "")
    assert "internal error, a bug in civicflow (RuntimeError: something inside broke)" in err
    assert "Traceback" not in err
    assert "--debug shows the traceback" in err
    code, _, err = run(capsys, "--debug", "deadline", "2025-09-30 16:00", "3个工作日")
    assert code == 70
    assert "Traceback (most recent call last)" in err


def test_files_that_cannot_be_read_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for argv in (
        ["report", str(tmp_path / "missing.jsonl")],
        ["report", str(tmp_path)],
        ["case", "evaluate", str(tmp_path / "missing.json")],
        ["calendar", "import", str(tmp_path / "missing.txt")],
    ):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, ""), argv
        assert err.startswith("civicflow: error: ")
        assert err.count("\n") == 1


WORDS = st.sampled_from(
    ["deadline", "calendar", "case", "report", "recompute", "synth", "show", "import", "evaluate",
     "2025-09-30 16:00", "2026-12-31T10:00", "3个工作日", "-3个工作日", "48小时", "十五日", "0工作日",
     "--explain", "--hours", "25:00-26:00", "--timezone", "Mars/Olympus", "--as-of", "--by",
     "--provisional-through", "2099", "-5", "--arrangement", "--input", "csv-events", "--cases",
     "--skip-bad", "--day-end", "midnight", "2027", "2026-02", "FILE"]
)  # fmt: skip


@given(st.lists(WORDS | st.text(max_size=12), max_size=7), st.binary(max_size=80))
@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_command_line_never_shows_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], content: bytes
) -> None:
    """Fuzz: any words, with FILE standing for a file of any bytes, give an exit status and
    at most a line of error; never a traceback, never the bug status."""
    path = tmp_path / "input"
    path.write_bytes(content)
    words = [str(path) if w == "FILE" else w for w in argv]
    if words and words[0] == "synth":
        words += ["--cases", "3"]
    code = main(words)  # --help too returns its status: no SystemExit
    _, err = capsys.readouterr()
    assert code in (0, 2), (words, err)
    assert "Traceback" not in err
    if code == 2:  # one line, usage mistakes included
        assert err.startswith("civicflow: error: "), (words, err)
        assert err.count("\n") == 1, (words, err)
