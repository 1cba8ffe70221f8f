"""``civicflow recompute``: the deadlines that move when the calendar changes."""

from __future__ import annotations

import argparse
from pathlib import Path

from civicflow.calendars.calendar import china_calendar
from civicflow.cli._options import (
    AddParser,
    add_cases_options,
    check_input,
    input_format,
    policy_given,
    print_skipped,
    read_text,
    source_of,
    wall_clock,
)
from civicflow.exchange.calendar_files import calendar_from_json
from civicflow.exchange.documents import InputStats

__all__ = ["register", "run"]


def register(add_parser: AddParser) -> None:
    """Add the ``recompute`` command."""
    rc = add_parser(
        "recompute",
        help="the deadlines that move when the calendar changes",
        description="List every open goal whose deadline moves, and every goal whose verdict "
        "flips between on time and late, when the OLD calendar becomes the NEW one. "
        "Calendars are civicflow.calendar/1 files ('civicflow calendar describe' writes one).",
        epilog="example: civicflow recompute cases.jsonl --old today.json --new typhoon.json",
    )
    add_cases_options(rc)
    rc.add_argument("--old", type=Path, help="the old calendar's file (default: the national one)")
    rc.add_argument("--new", type=Path, required=True, help="the new calendar's file")
    rc.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List the goals whose deadline moves or verdict flips between two calendars."""
    old = calendar_from_json(read_text(args.old)) if args.old is not None else china_calendar()
    new = calendar_from_json(read_text(args.new))
    as_of = args.as_of or wall_clock(new)
    fmt = input_format(args)
    check_input(args, fmt)
    stats = InputStats()
    bad = print_skipped if args.skip_bad else None
    from civicflow.exchange.jobs import recomputed

    changes = recomputed(
        source_of(args, fmt), old, new, as_of, policy=policy_given(args), on_bad=bad,
        stats=stats,
    )  # fmt: skip
    flips = sum(c.flipped for c in changes)
    print(
        f"{len(changes)} goal(s) of {stats.cases} case(s) change as of "
        f"{as_of:%Y-%m-%d %H:%M} ({flips} flip between on time and late); "
        f"calendar {old.fingerprint} -> {new.fingerprint}"
        + (f"; {stats.bad_lines} bad lines skipped" if stats.bad else "")
    )
    for change in changes:
        print(f"  {change}")
    return 0
