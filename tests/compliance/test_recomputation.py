"""Recomputing deadlines when the calendar changes."""

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.cli import main
from civicflow.compliance.recomputation import recompute
from civicflow.exchange.calendar_files.calendar_json import calendar_from_json, calendar_to_json
from civicflow.exchange.documents.synth import synth_cases

CAL = cf.china_calendar()
POLICY = cf.hotline_policy()
CASES = list(synth_cases(300, seed=13, first=dt.date(2026, 3, 1), days=60))
AT = dt.datetime(2026, 4, 20, 12)


def test_no_change_means_an_empty_list() -> None:
    same = CAL.with_days_off({})
    assert recompute(CASES, POLICY, CAL, same, AT) == []


@settings(max_examples=25)
@given(st.dates(dt.date(2026, 4, 20), dt.date(2026, 5, 29)))
def test_a_closure_moves_exactly_the_running_goals_that_span_it(closed: dt.date) -> None:
    new = CAL.with_days_off({closed: "台风停工"})
    changes = recompute(CASES, POLICY, CAL, new, AT)
    listed = {(c.case_id, c.goal, c.target) for c in changes}
    expected = set()
    opening = dt.datetime.combine(closed, dt.time(9))
    for case in CASES:
        for s in cf.evaluate(case, POLICY, AT, CAL).goals:
            if not s.is_open or s.deadline is None or s.started is None:
                continue
            if CAL.is_workday(closed) and s.started.date() < closed <= s.deadline.date():
                # A clock on hold when the day opens got the day back anyway: it moves not.
                then = cf.evaluate(case, POLICY, min(opening, AT), CAL).goal(s.goal, s.target)
                if opening <= AT and then.state is cf.ClockState.PAUSED:
                    continue
                expected.add((case.id, s.goal, s.target))
    assert listed == expected
    for c in changes:
        assert c.moved is not None
        assert c.moved > dt.timedelta(0)  # more days off never bring a deadline earlier
        assert c.reasons == (f"{closed}: {CAL.day(closed).reason} -> extra day off (台风停工)",)


def test_flips_come_first_and_the_old_verdict_is_kept() -> None:
    case = cf.Case.open(POLICY.workflow, "F", dt.datetime(2026, 4, 13, 9), type="咨询")
    case = case.apply_all(
        [
            cf.Event("1", "dispatch", dt.datetime(2026, 4, 13, 10)),
            cf.Event("2", "sign_for", dt.datetime(2026, 4, 13, 11)),
            cf.Event("3", "start", dt.datetime(2026, 4, 13, 11)),
            cf.Event("4", "reply", dt.datetime(2026, 4, 16, 10)),  # 咨询: due 04-15 17:30, late
        ]
    )
    new = CAL.with_days_off({dt.date(2026, 4, 14): "暴雪停工"})
    changes = recompute([*CASES[:50], case], POLICY, CAL, new, AT)
    first = changes[0]
    assert (first.case_id, first.goal, first.flipped) == ("F", "handling", True)
    assert first.old is not None
    assert first.old.state is cf.ClockState.BREACHED
    assert first.new.state is cf.ClockState.MET
    assert "[breached -> met]" in str(first)


def test_a_new_notice_makes_deadlines_known() -> None:
    notice = (Path(__file__).parents[1] / "data" / "notices" / "example_2027.txt").read_text(
        "utf-8"
    )
    new = CAL.with_arrangement(cf.parse_notice(notice))
    case = cf.Case.open(POLICY.workflow, "N", dt.datetime(2026, 12, 28, 9), type="投诉")
    case = case.apply(cf.Event("1", "dispatch", dt.datetime(2026, 12, 28, 10)))
    changes = recompute([case], POLICY, CAL, new, dt.datetime(2026, 12, 29))
    # Sign-for ends in 2026 either way; handling could not be computed before the notice.
    assert [(c.goal, c.old) for c in changes] == [("handling", None)]
    assert changes[0].moved is None
    assert "handling: unknown -> 2027-" in str(changes[0])


def test_calendar_files_round_trip() -> None:
    cal = CAL.with_days_off({dt.date(2026, 6, 15): "台风停工"}).with_provisional(2027)
    again = calendar_from_json(calendar_to_json(cal))
    assert again == cal
    assert again.fingerprint == cal.fingerprint
    with pytest.raises(cf.SchemaError, match="unknown field"):
        calendar_from_json('{"schema": "civicflow.calendar/1", "colour": 1}')


def test_recompute_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(cf.case_to_json(c, indent=None) + "\n" for c in CASES), "utf-8")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    assert main(["calendar", "describe"]) == 0
    described = capsys.readouterr().out
    old.write_text(described, "utf-8")
    data = json.loads(described)
    data["days_off"] = {"2026-04-22": "台风停工"}
    new.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    argv = [
        "recompute",
        str(cases),
        "--old",
        str(old),
        "--new",
        str(new),
        "--as-of",
        "2026-04-20 12:00",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    expected = recompute(CASES, POLICY, CAL, calendar_from_json(new.read_text("utf-8")), AT)
    assert out.splitlines()[0].startswith(f"{len(expected)} goal(s) of 300 case(s) change")
    assert len(out.splitlines()) == len(expected) + 1
    assert "2026-04-22: working day -> extra day off (台风停工)" in out
