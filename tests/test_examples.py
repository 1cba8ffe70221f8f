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


def test_hotline_case() -> None:
    out = run("hotline_case.py")
    assert "02-25 09:30 resume             handling running  due 03-13 17:30" in out
    assert "03-20: running, yellow card" in out
    assert "state     breached at 2026-03-23 11:00 Mon, 2h00 of working time over, red card" in out
    assert "JSON round trip: the same case" in out


def test_licence_case() -> None:
    out = run("licence_case.py")
    assert "decision               met         due 2025-03-11 17:30 Tue" in out
    assert "decision (promised)    breached    due 2025-02-25 17:30 Tue" in out


def test_urban_policy_json() -> None:
    out = run("urban_policy_json.py")
    assert "09-30 16:00 park       cancelled    due 10-09 17:30" in out
    assert "10-09 09:00 unpark     running      due 10-10 17:30" in out
    assert "10-09 15:00 rework     running      due 10-10 17:30" in out
    assert "$.goals[0].limits: required field missing" in out


def test_dask_report() -> None:
    out = run("dask_report.py")
    assert "distributed report == single-process report" in out


def test_seed_reports() -> None:
    out = run("seed_director_hotline.py")
    assert "252 calls, 252 rectified" in out
    assert "rectified within the promised 3 working days: 97.22 % (245/252)" in out
    out = run("seed_patrol.py")
    assert "problems found on patrol: 1,460" in out
    assert "solved: 1,440; in rectification: 20" in out
    out = run("seed_district_year.py")
    assert "closure rate (jinhua): 99.50 % (1194/1200)" in out  # "99 %+ of 1,000+"
    out = run("seed_service_hall.py")
    assert "satisfaction at 100 % for the last 45 months in a row" in out


def test_seed_online_hall() -> None:
    out = run("seed_online_hall.py")
    assert "全程网办率 (online at every step): 99.50 % (995/1000)" in out  # "全程网办率 99.5 %"
    assert "办不成事 window: 69 problems brought, 69 solved" in out
    assert "solved: 100.00 % (69/69); satisfaction: 100.00 % (69/69)" in out


def test_service_hall() -> None:
    out = run("service_hall.py")
    assert "hall, 5 working hours from Fri 16:00: 2025-07-21 09:30:00" in out  # 1h30 + 3h + 0h30
    assert "typhoon Monday sessions: 09:00-12:00, 13:30-14:00" in out
    assert "1 working day from Sat 10:00: 2025-07-21 14:00:00" in out
    assert "night desk, 1 working day from Fri 03:00: 2025-10-11 06:00:00" in out
    assert "7x24 desk, 48 working hours from the eve: 2025-01-30 20:00:00" in out
    assert "latest start for 20个工作日 by 2025-12-31: 2025-12-03 23:59:59.999999" in out
    assert "2025-10-04 Sat  rest day of the break (国庆节): overtime paid 2x" in out


def test_export_to_workbook() -> None:
    out = run("export_to_workbook.py")
    assert "12345-export.xlsx: 348 cases from 348 rows (0 bad, 0 blank)" in out
    assert "urban-export.csv: 347 cases from 347 rows (0 bad, 0 blank)" in out
    assert "and 696 verdict rows" in out
