"""``civicflow deadline START LIMIT``: when a limit runs out, optionally explained; with
``--before``, the moment the limit before START; with ``--latest-start``, the latest start
whose deadline is START."""

from __future__ import annotations

import argparse

from civicflow.cli._options import (
    AddParser,
    UsageError,
    add_calendar_options,
    calendar_of,
    format_moment,
    parse_moment,
)
from civicflow.limits.backward import before, latest_start
from civicflow.limits.duration import Duration
from civicflow.limits.explanation import explain
from civicflow.limits.rules import DayEnd, Receipt

__all__ = ["register", "run"]


def register(add_parser: AddParser) -> None:
    """Add the ``deadline`` command."""
    p = add_parser(
        "deadline",
        help="compute a deadline",
        description="Compute when LIMIT, started at START, runs out.",
        epilog='examples: civicflow deadline "2025-09-30 16:00" 3个工作日 --explain; '
        'civicflow deadline "2025-10-09 10:00" 3个工作日 --before; '
        'civicflow deadline "2025-12-31 17:30" 5个工作日 --latest-start',
    )
    p.add_argument(
        "start", type=parse_moment, help="when the clock starts, e.g. '2025-09-30 16:00'"
    )
    p.add_argument("limit", help="the limit, e.g. 3个工作日, '4 working hours', 48小时, 15日")
    p.add_argument("--explain", action="store_true", help="show the days counted and skipped")
    back = p.add_mutually_exclusive_group()
    back.add_argument(
        "--before", action="store_true", help="count LIMIT back from START instead of forward"
    )
    back.add_argument(
        "--latest-start",
        action="store_true",
        help="START is a deadline: print the latest start whose LIMIT runs out by it",
    )
    add_calendar_options(p)
    p.add_argument(
        "--day-end",
        choices=[e.value for e in DayEnd],
        default=DayEnd.CLOSE_OF_BUSINESS.value,
        help="when the last day of a day-based limit ends (default: close)",
    )
    p.add_argument(
        "--receipt",
        choices=[r.value for r in Receipt],
        default=Receipt.AS_RECEIVED.value,
        help="count a start outside working time from the next working moment (with "
        "--before, an instant outside working time from the previous one)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the deadline, or its explanation with ``--explain``."""
    cal = calendar_of(args)
    if args.before or args.latest_start:
        if args.explain:
            raise UsageError("--explain goes with a forward deadline only")
        limit = Duration.parse(args.limit)
        if args.before:
            moment = before(args.start, limit, cal, day_end=args.day_end, receipt=args.receipt)
        elif args.receipt != Receipt.AS_RECEIVED.value:
            raise UsageError("--receipt goes with a deadline or --before, not --latest-start")
        else:
            moment = latest_start(args.start, limit, cal, day_end=args.day_end)
        text = format_moment(moment)
        if moment.second or moment.microsecond:  # the last microsecond of a day
            text = text[:16] + moment.strftime(":%S.%f") + text[16:]
        print(text)
        return 0
    result = explain(
        args.start,
        Duration.parse(args.limit),
        cal,
        day_end=args.day_end,
        receipt=args.receipt,
    )
    if args.explain:
        print(result)
    else:
        print(format_moment(result.deadline) + (" (provisional)" if result.provisional else ""))
    return 0
