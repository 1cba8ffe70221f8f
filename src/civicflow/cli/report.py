"""``civicflow report``: compliance figures of many cases, by group and period."""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

from civicflow.cli._options import (
    AddParser,
    UsageError,
    add_calendar_options,
    add_cases_options,
    calendar_of,
    input_format,
    policy_chooser,
    wall_clock,
)
from civicflow.compliance.facts import Indicators, case_facts, preset_indicators
from civicflow.compliance.rates import RATE_BOOKS
from civicflow.compliance.report import PERIODS, Report
from civicflow.exchange.ingest import InputError, read_cases
from civicflow.exchange.reporting import report_csv, report_json, report_svg, report_table
from civicflow.sla.policy import Policy

__all__ = ["register", "run"]


def register(add_parser: AddParser) -> None:
    """Add the ``report`` command."""
    r = add_parser(
        "report",
        help="compliance figures of many cases: counts, rates, handling times",
        description="Count cases and compute their rates, by group and period.",
        epilog="example: civicflow report cases.jsonl --by department --period month "
        "--as-of '2026-07-01 00:00'",
    )
    add_cases_options(r)
    r.add_argument(
        "--by",
        default="",
        help="case fields to group by, comma-separated, e.g. department,category",
    )
    r.add_argument(
        "--period",
        choices=PERIODS,
        default="all",
        help="the period of receipt to group by (default: all)",
    )
    r.add_argument(
        "--rates",
        choices=sorted(RATE_BOOKS),
        default="jinhua",
        help="the rate definitions (default: jinhua)",
    )
    r.add_argument("--format", choices=("table", "csv", "json"), default="table")
    r.add_argument(
        "--chart", type=Path, help="also draw the on-time rate and volume by period as SVG"
    )
    r.add_argument(
        "--skip-bad",
        action="store_true",
        help="skip bad input lines, listing them on standard error",
    )
    r.add_argument(
        "--progress",
        action="store_true",
        help="show progress on standard error even when it is not a terminal",
    )
    add_calendar_options(r)
    r.set_defaults(run=run)


class _Progress:
    """A one-line progress report on standard error, shown once a run takes a moment."""

    def __init__(self, total: int, show: bool) -> None:
        self.total, self.show = total, show
        self.start = time.perf_counter()
        self.shown = False

    def update(self, done_bytes: int, cases: int) -> None:
        took = time.perf_counter() - self.start
        if not self.show or took < 1.0:
            return
        share = min(done_bytes / self.total, 1.0) if self.total else 0.0
        bar = "#" * int(30 * share)
        print(
            f"\r[{bar:<30}] {100 * share:5.1f}%  {cases:,} cases  {cases / took:,.0f}/s",
            end="",
            file=sys.stderr,
        )
        self.shown = True

    def close(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Read the cases, count them as of an instant, print the report."""
    cal = calendar_of(args)
    as_of = args.as_of or wall_clock(cal)
    fmt = input_format(args)
    policy_of = policy_chooser(args)
    policies: dict[str, tuple[Policy, Indicators]] = {}
    by = tuple(f.strip() for f in args.by.split(",") if f.strip())
    report = Report(by, args.period)
    bad: list[InputError] = []

    def on_bad(error: InputError) -> None:
        bad.append(error)
        print(f"civicflow: skipped {error}", file=sys.stderr)

    try:
        raw = args.cases.open("rb")
    except OSError as e:
        raise UsageError(f"cannot read {args.cases}: {e.strerror}") from None
    size = args.cases.stat().st_size
    progress = _Progress(size, args.progress or sys.stderr.isatty())
    with raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        count = 0
        for _, case in read_cases(text, fmt, on_bad=on_bad if args.skip_bad else None):
            name = case.workflow.name
            if name not in policies:
                policy = policy_of(case)
                policies[name] = (policy, preset_indicators(policy.workflow.name))
            policy, indicators = policies[name]
            report.add(case, case_facts(case, policy, as_of, indicators, cal))
            count += 1
            if count % 4096 == 0:
                progress.update(raw.tell(), count)
        progress.close()
    book = RATE_BOOKS[args.rates]
    stamp = as_of.isoformat(sep=" ", timespec="minutes")
    if args.format == "json":
        print(report_json(report, book, as_of=stamp))
    elif args.format == "csv":
        print(report_csv(report, book), end="")
    else:
        print(f"{count:,} cases as of {stamp}" + (f"; {len(bad)} bad lines skipped" if bad else ""))
        print(report_table(report, book))
    if args.chart is not None:
        args.chart.write_text(report_svg(report, book), encoding="utf-8")
    return 0
