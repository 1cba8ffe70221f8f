"""``civicflow verdicts``: every case's goals as a table (明细), to filter and pivot."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from civicflow.cli._options import (
    AddParser,
    UsageError,
    add_calendar_options,
    add_cases_options,
    calendar_of,
    check_input,
    input_format,
    policy_given,
    print_skipped,
    source_of,
    wall_clock,
)
from civicflow.exchange.documents import InputStats
from civicflow.exchange.reports import verdict_columns
from civicflow.exchange.tables import TABLE_FORMATS, write_csv, write_table

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
    fmt = input_format(args)
    stats = InputStats()
    bad = print_skipped if args.skip_bad else None
    out = Path(args.output) if args.output is not None else None
    if out is not None:
        if out.suffix.lower() not in TABLE_FORMATS:
            raise UsageError(f"--output {out}: a table is a .csv, .xlsx or .parquet file")
        if not out.parent.is_dir():
            raise UsageError(f"--output {out}: there is no folder {out.parent}")
    check_input(args, fmt)
    from civicflow.exchange.jobs import verdicts

    rows = verdicts(
        source_of(args, fmt), as_of, policy=policy_given(args), calendar=cal,
        language=args.lang, on_bad=bad, stats=stats,
    )  # fmt: skip
    columns = verdict_columns(args.lang)
    if out is not None:
        sheet = "明细" if args.lang == "zh" else "verdicts"
        try:
            written = write_table(out, columns, rows, sheet=sheet)
        except OSError as e:
            raise UsageError(f"cannot write {out}: {e.strerror}") from None
        print(f"{stats.cases:,} cases, {written:,} rows written to {out}", file=sys.stderr)
    else:
        # Standard output gets the table once it is whole: nothing of it on an error.
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as whole:
            write_csv(whole, columns, rows, lineterminator="\n")
            whole.seek(0)
            shutil.copyfileobj(whole, sys.stdout)
    if stats.bad:
        print(f"{stats.bad_lines:,} bad lines or rows skipped", file=sys.stderr)
    return 0
