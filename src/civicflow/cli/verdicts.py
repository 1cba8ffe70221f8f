"""``civicflow verdicts``: every case's goals as a table (明细), to filter and pivot."""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

from civicflow.cli._options import (
    AddParser,
    UsageError,
    add_calendar_options,
    add_cases_options,
    calendar_of,
    input_cases,
    policy_chooser,
    print_skipped,
    wall_clock,
)
from civicflow.exchange.ingest import InputStats
from civicflow.exchange.table_files import TABLE_FORMATS
from civicflow.exchange.table_writing import write_csv
from civicflow.exchange.verdicts import verdict_columns, verdict_rows, write_verdicts

__all__ = ["register", "run"]


def register(add_parser: AddParser) -> None:
    """Add the ``verdicts`` command."""
    v = add_parser(
        "verdicts",
        help="every case's goals as a table: state, deadline, card, time left or over, why it moved",
        description="One row per case and goal as of an instant: state, deadline, card, time "
        "left or over (in hours of the goal's clock), and why the deadline moved.",
        epilog="example: civicflow verdicts export.xlsx --mapping hotline-12345 --as-of "
        "'2026-07-01 00:00' --output 明细.xlsx",
    )
    add_cases_options(v)
    v.add_argument(
        "--output",
        help="the file to write: .csv, .xlsx (needs civicflow[excel]) or .parquet (needs "
        "civicflow[parquet]); default: CSV on standard output",
    )
    v.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="headers and labels (default zh)"
    )
    add_calendar_options(v)
    v.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write one row per case and goal."""
    cal = calendar_of(args)
    as_of = args.as_of or wall_clock(cal)
    policy_of = policy_chooser(args)
    stats = InputStats()
    bad = print_skipped if args.skip_bad else None
    if args.output is not None:
        out = Path(args.output)
        if out.suffix.lower() not in TABLE_FORMATS:
            raise UsageError(f"--output {out}: a table is a .csv, .xlsx or .parquet file")
        if not out.parent.is_dir():
            raise UsageError(f"--output {out}: there is no folder {out.parent}")
        cases = (c for _, c in input_cases(args, bad, stats))
        try:
            rows = write_verdicts(
                out, cases, as_of, policy=policy_of, calendar=cal, language=args.lang
            )
        except OSError as e:
            raise UsageError(f"cannot write {out}: {e.strerror}") from None
        print(f"{stats.cases:,} cases, {rows:,} rows written to {out}", file=sys.stderr)
    else:
        cases = (c for _, c in input_cases(args, bad, stats))
        found = iter(verdict_rows(cases, as_of, policy=policy_of, calendar=cal, language=args.lang))
        first = next(found, None)  # a file that cannot be read fails before any output
        lines = found if first is None else itertools.chain([first], found)
        write_csv(sys.stdout, verdict_columns(args.lang), lines, lineterminator="\n")
    if stats.bad:
        print(f"{stats.bad_lines:,} bad lines or rows skipped", file=sys.stderr)
    return 0
