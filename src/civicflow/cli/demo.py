"""``civicflow demo``: real scenarios on built-in data, each deadline computed and explained."""

from __future__ import annotations

import argparse
import datetime as dt

from civicflow.calendars.calendar import china_calendar
from civicflow.cases.case import Case, Event
from civicflow.cli._options import AddParser
from civicflow.limits.explanation import explain
from civicflow.sla.evaluation import evaluate
from civicflow.sla.explain import explain_goal
from civicflow.sla.presets import hotline_policy

__all__ = ["register", "run"]


def register(add_parser: AddParser) -> None:
    """Add the ``demo`` command."""
    d = add_parser("demo", help="walk through real scenarios, with each deadline explained")
    d.set_defaults(run=run)


_SCENARIOS = [
    (
        "A 12345 hotline call on the eve of the National Day holiday, with the centre's promise "
        "to reply within 3 working days.",
        dt.datetime(2025, 9, 30, 16, 0),
        "3个工作日",
    ),
    (
        "An exposed-garbage event (数字城管) dispatched on a Friday afternoon, to be handled "
        "within 4 working hours. The Sunday after is a make-up working day.",
        dt.datetime(2025, 9, 26, 15, 0),
        "4个工作小时",
    ),
    (
        "A licence application accepted before the Spring Festival: the decision is due within "
        "20 days (行政许可法 Art. 42), counted in working days (Art. 82).",
        dt.datetime(2025, 1, 20, 10, 0),
        "20个工作日",
    ),
]


def _demo_case() -> tuple[Case, dt.datetime]:
    """A complaint suspended over the 2026 Spring Festival, and the instant to look at it."""
    at = dt.datetime
    case = Case.open(
        hotline_policy().workflow, "12345-2026-000187", at(2026, 2, 10, 10, 0), type="投诉"
    )
    case = case.apply_all(
        [
            Event("e1", "dispatch", at(2026, 2, 10, 10, 30)),
            Event("e2", "sign_for", at(2026, 2, 10, 14, 0)),
            Event("e3", "start", at(2026, 2, 11, 9, 0)),
            Event("e4", "suspend", at(2026, 2, 12, 15, 0), note="awaiting the property company"),
            Event("e5", "resume", at(2026, 2, 25, 9, 30)),
            Event("e6", "approve_extension", at(2026, 3, 2, 10, 0), extension="5个工作日"),
        ]
    )
    return case, at(2026, 3, 16, 10, 0)


def run(args: argparse.Namespace) -> int:
    """Walk through the scenarios, each deadline explained."""
    cal = china_calendar()
    print(f"civicflow demo: working hours {cal.schedule}, time zone {cal.timezone}")
    for n, (story, start, limit) in enumerate(_SCENARIOS, 1):
        print(f"\n{n}. {story}\n")
        result = explain(start, limit, cal)
        print("   " + str(result).replace("\n", "\n   "))
    n = len(_SCENARIOS) + 1
    print(
        f"\n{n}. A 12345 complaint (投诉, 15 working days to handle) suspended (挂起) from "
        "before the Spring Festival until after it, then extended by 5 working days. "
        "Only working days that started while it was on hold are given back.\n"
    )
    case, at = _demo_case()
    policy = hotline_policy()
    for text in (evaluate(case, policy, at, cal), explain_goal(case, policy, "handling", at, cal)):
        print("   " + str(text).replace("\n", "\n   ") + "\n")
    print("Try: civicflow deadline '2025-09-30 16:00' 3个工作日 --explain")
    print("     civicflow calendar 2026-10")
    print(
        "     civicflow case explain examples/cases/hotline_suspended.json --at '2026-03-20 12:00'"
    )
    print("     civicflow synth --cases 10000 > cases.jsonl")
    print("     civicflow report cases.jsonl --by department --period quarter")
    return 0
