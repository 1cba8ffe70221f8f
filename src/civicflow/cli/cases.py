"""``civicflow case evaluate|explain``: the time limits of one case stored as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.cli._options import (
    AddParser,
    UsageError,
    add_calendar_options,
    calendar_of,
    parse_moment,
    read_text,
    wall_clock,
)
from civicflow.exchange.documents import case_from_json, policy_from_json
from civicflow.limits._local import instant_like
from civicflow.sla.evaluation import evaluate
from civicflow.sla.explain import explain_goal
from civicflow.sla.policy import Policy, Target
from civicflow.sla.presets import preset_policy

__all__ = ["register", "run"]


def register(add_parser: AddParser) -> None:
    """Add the ``case`` command and its actions."""
    k = add_parser(
        "case",
        help="evaluate or explain the time limits of a case stored as JSON",
        description="Evaluate a case (civicflow.case/1 JSON) against its policy.",
    )
    actions = k.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (
        ("evaluate", "every goal's state, deadline, time left and warnings"),
        ("explain", "the segments each goal's clock ran and paused, with the calendar's reasons"),
    ):
        a = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        a.add_argument("case", type=Path, help="the case's JSON file")
        a.add_argument(
            "--policy",
            type=Path,
            help="a policy's JSON file (default: the preset policy of the case's workflow)",
        )
        a.add_argument(
            "--at",
            type=parse_moment,
            help="the instant to evaluate at (default: now, in the calendar's zone)",
        )
        if name == "explain":
            a.add_argument("--goal", help="only this goal (default: every goal)")
            a.add_argument(
                "--promised",
                action="store_true",
                help="explain the promised limits (承诺时限) instead of the statutory ones",
            )
        add_calendar_options(a)
    k.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate or explain a case stored as JSON."""
    cal = calendar_of(args)
    case = case_from_json(read_text(args.case))
    policy = (
        policy_from_json(read_text(args.policy))
        if args.policy is not None
        else preset_policy(case.workflow.name)
    )
    at = instant_like(cal, args.at if args.at is not None else wall_clock(cal), case.received)
    if args.action == "evaluate":
        print(evaluate(case, policy, at, cal))
        return 0
    return _explain_case(case, policy, at, cal, args.goal, args.promised)


def _explain_case(
    case: Case, policy: Policy, at: dt.datetime, cal: Calendar, goal: str | None, promised: bool
) -> int:
    target = Target.PROMISED if promised else Target.STATUTORY
    names = [goal] if goal else [g.name for g in policy.goals]
    shown = []
    for name in names:
        policy.goal(name)  # an unknown goal is refused as such
        try:
            shown.append(str(explain_goal(case, policy, name, at, cal, target=target)))
        except KeyError:  # the goal has no limit (or no promised limit) for this case
            if goal:
                what = "promised limit" if promised else "limit"
                raise UsageError(f"goal {name!r} has no {what} for case {case.id!r}") from None
            continue
    if not shown:
        what = "promised limit" if promised else "goal"
        raise UsageError(f"no {what} of {policy.name!r} applies to case {case.id!r}")
    print("\n\n".join(shown))
    return 0
