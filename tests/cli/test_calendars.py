"""civicflow calendar: the month grid, and a notice imported and used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civicflow.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


NOTICE_2027 = (Path(__file__).parents[1] / "data" / "notices" / "example_2027.txt").read_text(
    "utf-8"
)


def test_calendar_grid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "2026-10")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2026年10月  October 2026"
    assert lines[3].split() == ["1休", "2休", "3休", "4休"]
    assert "10班" in lines[4]
    assert "  10-01..10-03 statutory holiday (国庆节)" in lines
    # 3 October was a Saturday: the 5th is given in lieu; the 6th and 7th are swapped for the
    # make-up 20 September and 10 October.
    assert "  10-04        rest day of the break (国庆节)" in lines
    assert "  10-05        rest day in lieu, 补假 (国庆节)" in lines
    assert "  10-06..10-07 rest day swapped, 调休 (国庆节)" in lines
    assert "  10-10        make-up working day (国庆节)" in lines
    assert lines[-1].startswith("18 working days")


def test_import_a_notice_and_use_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notice, data = tmp_path / "notice.txt", tmp_path / "2027.json"
    notice.write_text(NOTICE_2027, "utf-8")
    code, out, _ = run(capsys, "calendar", "import", str(notice), "-o", str(data))
    assert (code, out) == (0, f"2027: 27 days off, 4 make-up working days -> {data}\n")
    code, _, err = run(capsys, "calendar", "show", "2027")
    assert code == 2
    assert "2027: no data (this calendar knows 2004-2026)" in err
    code, out, _ = run(capsys, "calendar", "show", "2027", "--arrangement", str(data))
    assert out.splitlines()[0] == "2027: notice notice.txt"
    assert "  02-20        make-up working day (春节)" in out
    code, out, _ = run(
        capsys, "deadline", "2026-12-30 10:00", "5个工作日", "--arrangement", str(data)
    )
    assert (code, out) == (0, "2027-01-07 17:30\n")
    code, out, _ = run(capsys, "calendar", "show", "2005")
    assert (
        out.splitlines()[0] == "2005: chinesecalendar 1.11.0, with 1 correction(s) from the "
        "notices and 23 weekend day(s) named for their break"
    )
    bad = tmp_path / "bad.txt"
    bad.write_text(NOTICE_2027.replace("共3天", "共4天"), "utf-8")
    code, _, err = run(capsys, "calendar", "import", str(bad))
    assert code == 2
    assert "notice line 6: it says 4 days" in err
    one_off = tmp_path / "one-off.txt"
    one_off.write_text("关于2026年的通知\n一、国庆节：10月8日（周四）放假1天。\n", "utf-8")
    code, _, err = run(capsys, "calendar", "import", str(one_off))
    assert code == 2
    assert "no line for 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节; read a one-off" in err
    amend = tmp_path / "amend.json"
    code, out, _ = run(capsys, "calendar", "import", str(one_off), "--partial", "-o", str(amend))
    assert code == 0
    code, out, _ = run(capsys, "calendar", "2026-10", "--arrangement", str(amend))
    assert "10-08" in out
    assert (
        "amended by notice one-off.txt"
        in run(capsys, "calendar", "show", "2026", "--arrangement", str(amend))[1]
    )


def test_export_import_and_coverage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    hc = tmp_path / "2026.json"
    code, out, _ = run(
        capsys, "calendar", "export", "2026", "--format", "holiday-cn", "-o", str(hc)
    )
    assert (code, out) == (0, f"2026 as holiday-cn -> {hc}\n")
    assert json.loads(hc.read_text("utf-8"))["days"][0] == {
        "name": "元旦", "date": "2026-01-01", "isOffDay": True,
    }  # fmt: skip
    code, out, _ = run(capsys, "calendar", "import", str(hc))
    assert code == 0
    assert json.loads(out)["source"] == "holiday-cn 2026.json"
    # A holiday-cn file loads straight into any command's calendar.
    code, out, _ = run(capsys, "calendar", "show", "2026", "--arrangement", str(hc))
    assert out.splitlines()[0] == "2026: holiday-cn 2026.json"
    ics = tmp_path / "days.ics"
    code, out, _ = run(
        capsys, "calendar", "export", "2025..2026", "--format", "ics", "-o", str(ics)
    )
    assert code == 0
    assert (
        b"SUMMARY:\xe6\x98\xa5\xe8\x8a\x82 \xe6\x94\xbe\xe5\x81\x87" in ics.read_bytes()
    )  # 春节 放假
    code, _, err = run(capsys, "calendar", "export", "2025..2026")
    assert code == 2
    assert "holds one year" in err
    code, _, err = run(capsys, "calendar", "export", "next")
    assert "needs a year" in err
    code, out, _ = run(capsys, "calendar", "coverage", "--on", "2026-12-03")
    assert out == "covered through 2026-12-31: 28 day(s) of data left on 2026-12-03\n"
    code, out, _ = run(capsys, "calendar", "coverage", "--on", "2027-01-02")
    assert out == "covered through 2026-12-31: 2 day(s) past the data on 2027-01-02\n"


def test_an_icalendar_file_imports_one_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("icalendar")
    ics = tmp_path / "holidays.ics"
    assert main(["calendar", "export", "2025..2026", "--format", "ics", "-o", str(ics)]) == 0
    capsys.readouterr()
    assert main(["calendar", "import", str(ics)]) == 2
    assert "holds 2025-2026: choose one with --year" in capsys.readouterr().err
    out = tmp_path / "2026.json"
    assert main(["calendar", "import", str(ics), "--year", "2026", "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith("2026: 33 days off, 6 make-up working days")
    assert main(["deadline", "2026-09-30 16:00", "3个工作日", "--arrangement", str(out)]) == 0
    assert capsys.readouterr().out == "2026-10-10 17:30\n"  # 10-08, 10-09, the make-up 10-10
    assert main(["calendar", "import", str(ics), "--year", "2027"]) == 2
    assert "holds no days of 2027" in capsys.readouterr().err


def test_a_file_that_is_not_utf8_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gbk = tmp_path / "notice.txt"
    gbk.write_bytes("国务院办公厅关于2027年部分节假日安排的通知".encode("gb18030"))
    for argv in (
        ["calendar", "import", str(gbk)],
        ["deadline", "2025-01-02 10:00", "1个工作日", "--arrangement", str(gbk)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert (
            f"cannot read {gbk}: it is not UTF-8 text (byte 0xb9 at offset 0); save it as UTF-8"
            in err
        )
        assert "internal error" not in err
