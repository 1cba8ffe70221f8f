"""civicflow deadline: the deadline, its explanation, and the options."""

from __future__ import annotations

import re

import pytest

from civicflow.cli import main


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


def test_backwards(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["deadline", "2025-10-09 10:00", "3个工作日", "--before"]
    assert run(capsys, *argv) == (0, "2025-09-28 09:00\n", "")
    argv = ["deadline", "2025-10-09T02:00+00:00", "2个工作小时", "--before"]
    assert run(capsys, *argv)[1] == "2025-09-30 08:30 +0000\n"
    argv = ["deadline", "2025-12-31 17:30", "5个工作日", "--latest-start"]
    assert run(capsys, *argv)[1] == "2025-12-24 23:59:59.999999\n"
    code, _, err = run(capsys, *argv, "--explain")
    assert code == 2
    assert "--explain goes with a forward deadline only" in err
    code, _, err = run(capsys, *argv, "--receipt", "next-working-moment")
    assert code == 2
    assert "--receipt goes with a deadline or --before, not --latest-start" in err
    # The receipt option mirrored: a hearing on a holiday counts back from the close before.
    argv = ["deadline", "2025-10-04 10:00", "1个工作日", "--before"]
    assert run(capsys, *argv)[1] == "2025-09-30 09:00\n"
    assert run(capsys, *argv, "--receipt", "next-working-moment")[1] == "2025-09-29 09:00\n"


def test_office_calendars(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "deadline", "2025-10-10 03:00", "1个工作日", "--hours", "22:00-06:00+1")[
        1
    ] == ("2025-10-11 06:00\n")
    desk = ("--hours", "00:00-24:00", "--workweek", "周一-周日", "--no-national")
    assert run(capsys, "deadline", "2025-01-28 20:00", "48工作小时", *desk)[1] == (
        "2025-01-30 20:00\n"
    )
    hall = ("--workweek", "Mon-Sat")
    assert run(capsys, "deadline", "2025-07-18 16:00", "1个工作日", *hall)[1] == (
        "2025-07-19 17:30\n"
    )
    typhoon = ("--closure", "2025-07-21 14:00..2025-07-22 00:00=台风停工")
    assert run(capsys, "deadline", "2025-07-21 13:00", "4工作小时", *typhoon)[1] == (
        "2025-07-22 14:00\n"
    )
    children = ("--group-holidays", "children")
    assert run(capsys, "deadline", "2026-05-29 16:00", "1个工作日", *children)[1] == (
        "2026-06-02 17:30\n"
    )


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--workweek", "Mon-Xyz", "--workweek 'Mon-Xyz': 'Xyz' is not a weekday"),
        ("--closure", "2025-07-21 14:00", "write START..END"),
        ("--closure", "2025-07-21 14:00..2025-07-21 13:00", "must end after it starts"),
        ("--closure", "2025-07-21 14:00..tomorrow", "--closure"),
        ("--group-holidays", "women,foo", "unknown group 'foo'"),
        ("--hours", "22:00-06:00", "written 22:00-06:00\\+1"),
    ],
)
def test_office_options_refuse_what_they_cannot_read(
    capsys: pytest.CaptureFixture[str], option: str, value: str, says: str
) -> None:
    code, out, err = run(capsys, "deadline", "2025-07-21 13:00", "4工作小时", option, value)
    assert code == 2
    assert not out
    assert re.search(says, err)
    assert "Traceback" not in err
