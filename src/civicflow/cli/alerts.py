"""``civicflow alerts FILE --at ... --within 4工作小时``: the goals that cross a line soon (预警)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from civicflow.cli._options import (
    AddParser,
    UsageError,
    add_calendar_options,
    add_cases_options,
    calendar_of,
    input_cases,
    parse_moment,
    policy_chooser,
    print_skipped,
    wall_clock,
)
from civicflow.compliance.due import KIND_NAMES, due_soon
from civicflow.errors import DurationError
from civicflow.exchange.documents import InputStats
from civicflow.exchange.reports import (
    due_columns,
    due_json,
    due_rows,
    due_summary,
    due_table,
    write_due,
)
from civicflow.exchange.tables import write_csv
from civicflow.limits.duration import Duration

__all__ = ["register", "run"]


def register(add_parser: AddParser) -> None:
    """Add the ``alerts`` command."""
    a = add_parser(
        "alerts",
        help="the goals that reach a threshold, a card, their deadline or severe overdue soon",
        description="Every goal of the cases that crosses a line after --at and by the end of "
        "the window (--within a limit, or --until an instant): a warning threshold, its "
        "yellow card, its deadline, its red card, severe overdue; sorted by instant.",
        epilog="example: civicflow alerts cases.jsonl --at '2026-03-06 09:00' --within "
        "4工作小时 --by department",
    )
    add_cases_options(a)
    a.add_argument(
        "--at",
        dest="as_of",
        type=parse_moment,
        help="now: the start of the window, in the calendar's zone (default: the wall clock; "
        "--as-of is the same)",
    )
    a.add_argument(
        "--within",
        metavar="LIMIT",
        help="the window as a limit from --at, e.g. 4工作小时, '1 working day', 2小时",
    )
    a.add_argument("--until", type=parse_moment, help="the window's end as an instant instead")
    a.add_argument("--by", default="", help="case fields each alert carries, e.g. department")
    a.add_argument(
        "--kinds",
        metavar="KINDS",
        help="only these kinds, comma-separated: " + ", ".join(KIND_NAMES) + " (default: all)",
    )
    a.add_argument(
        "--format",
        choices=("table", "csv", "json", "xlsx"),
        default="table",
        help="table (default), csv, json, or xlsx (needs --output and civicflow[excel])",
    )
    a.add_argument(
        "--output",
        type=Path,
        help="the file to write (.csv, .json or .xlsx, as --format); default: standard output",
    )
    a.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="headers and labels (default zh)"
    )
    add_calendar_options(a)
    a.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the cases, list the alerts in the window, write them."""
    cal = calendar_of(args)
    if (args.within is None) == (args.until is None):
        raise UsageError(
            "give the window as --within LIMIT (e.g. 4工作小时) or --until 'YYYY-MM-DD HH:MM'"
        )
    within: Duration | None = None
    if args.within is not None:
        try:
            within = Duration.parse(args.within)
        except DurationError as e:
            raise UsageError(f"--within {args.within!r}: {e.reason}") from None
    kinds = None
    if args.kinds is not None:
        kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
        unknown = [k for k in kinds if k.lower() not in KIND_NAMES]
        if unknown or not kinds:
            raise UsageError(
                f"--kinds {args.kinds!r}: the kinds are {', '.join(KIND_NAMES)}, comma-separated"
            )
    out: Path | None = args.output
    if args.format == "xlsx" and out is None:
        raise UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
    if out is not None:
        suffix = {"table": ".txt", "csv": ".csv", "json": ".json", "xlsx": ".xlsx"}[args.format]
        if out.suffix.lower() != suffix:
            raise UsageError(f"--output {out}: --format {args.format} writes a {suffix} file")
        if not out.parent.is_dir():
            raise UsageError(f"--output {out}: there is no folder {out.parent}")
    at = args.as_of or wall_clock(cal)
    by = tuple(f.strip() for f in args.by.split(",") if f.strip())
    stats = InputStats()
    bad = print_skipped if args.skip_bad else None
    cases = (c for _, c in input_cases(args, bad, stats))
    due = due_soon(
        cases, at, within=within, until=args.until, by=by, kinds=kinds,
        policy=policy_chooser(args), calendar=cal,
    )  # fmt: skip
    try:
        if args.format == "xlsx" or (args.format == "csv" and out is not None):
            assert out is not None
            write_due(out, due, args.lang)
        elif args.format == "csv":
            write_csv(
                sys.stdout, due_columns(due.by, args.lang), due_rows(due, args.lang),
                lineterminator="\n",
            )  # fmt: skip
        else:
            text = due_json(due) if args.format == "json" else due_table(due, args.lang)
            if out is not None:
                out.write_text(text + "\n", encoding="utf-8")
            else:
                print(text)
    except OSError as e:
        raise UsageError(f"cannot write {out}: {e.strerror}") from None
    if args.format != "table" or out is not None:
        for line in due_summary(due, args.lang):
            print(line, file=sys.stderr)
    if stats.bad:
        print(f"{stats.bad_lines:,} bad lines or rows skipped", file=sys.stderr)
    return 0
