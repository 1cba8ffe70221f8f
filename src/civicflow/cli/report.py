"""``civicflow report``: compliance figures of many cases, by group and period."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from civicflow.cases.case import BUILT_IN_FIELDS
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
from civicflow.compliance.rates import RATE_BOOKS
from civicflow.compliance.report import PERIODS, Report
from civicflow.compliance.scores import SCORE_BOOKS, Book
from civicflow.exchange._files import written
from civicflow.exchange.documents import InputStats
from civicflow.exchange.reports import (
    FIELD_LABELS,
    provisional_note,
    report_csv,
    report_json,
    report_svg,
    report_table,
    score_book_from_json,
    score_rows,
    score_table,
    write_workbook,
)

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
    r.add_argument(
        "--score",
        metavar="BOOK",
        help="also score every group in a score book (考核): "
        + ", ".join(sorted(SCORE_BOOKS))
        + ", or a score-book JSON file (table and json formats)",
    )
    r.add_argument(
        "--format",
        choices=("table", "csv", "json", "xlsx"),
        default="table",
        help="table (default), csv, json, or xlsx: the 考核 workbook (needs --output and "
        "civicflow[excel]), a sheet per --by field and one by period, the rates' formulas, "
        "the scores and a chart",
    )
    r.add_argument("--output", type=Path, help="the file to write (needed for --format xlsx)")
    r.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="the workbook's headers: Chinese (default) or English",
    )
    r.add_argument(
        "--chart", type=Path, help="also draw the on-time rate and volume by period as SVG"
    )
    r.add_argument(
        "--list-awaiting",
        action="store_true",
        help="list the cases whose handling deadline waits for a holiday notice",
    )
    r.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="read a JSON Lines file in N processes and merge their figures (the same "
        "figures as one process; default 1)",
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
    scoring = _score_book(args.score, args.format)
    as_of = args.as_of or wall_clock(cal)
    fmt = input_format(args)
    by = tuple(f.strip() for f in args.by.split(",") if f.strip())
    if args.chart is not None and not args.chart.parent.is_dir():
        raise UsageError(f"--chart {args.chart}: there is no folder {args.chart.parent}")
    policy_given(args)  # a bad --policy is an error before any case is read
    if args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: give at least 1 process")
    if args.format == "xlsx" and args.output is None:
        raise UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
    if args.format == "xlsx" and args.output.suffix.lower() != ".xlsx":
        raise UsageError(f"--output {args.output}: a workbook is an .xlsx file")
    if args.output is not None and args.format != "xlsx":
        raise UsageError("--output is for --format xlsx; the other formats print")
    if args.output is not None and not args.output.parent.is_dir():
        raise UsageError(f"--output {args.output}: there is no folder {args.output.parent}")
    check_input(args, fmt)
    from civicflow.exchange.jobs import report as report_job  # NumPy, when counting
    from civicflow.exchange.jobs import usable_jobs, why_one_process

    jobs = args.jobs
    source = source_of(args, fmt)
    if jobs > 1 and fmt not in ("jsonl", "parquet"):
        raise UsageError(f"--jobs {jobs}: {why_one_process(source)}")
    usable = usable_jobs(jobs)
    if usable < jobs:
        print(
            f"civicflow: --jobs {jobs}: this machine has {usable} CPU(s); reading in {usable} "
            "process(es)",
            file=sys.stderr,
        )
    sheets = _sheets(Report(by, args.period), args.lang) if args.format == "xlsx" else []
    size = args.cases.stat().st_size if args.cases.is_file() else 0
    progress = _Progress(size, args.progress or sys.stderr.isatty())
    done = report_job(
        source, as_of, by=by, period=args.period, groupings=[r.by for _, r in sheets[1:]],
        policy=policy_given(args), calendar=cal,
        on_bad=print_skipped if args.skip_bad else None, jobs=usable,
        progress=progress.update,
    )  # fmt: skip
    progress.close()
    report, stats = done.reports[0], done.stats
    sheets = [(title, r) for (title, _), r in zip(sheets, done.reports, strict=False)]
    unknown = report.unknown_fields()
    if unknown:
        have = sorted(BUILT_IN_FIELDS - {"id", "state"} | report.fields)
        raise UsageError(
            f"--by {','.join(unknown)}: no case has such a field; the cases have: "
            + ", ".join(have)
        )
    book = RATE_BOOKS[args.rates]
    stamp = as_of.isoformat(sep=" ", timespec="minutes")
    summary = _summary(report, stats, stamp, cal.last_day, args.list_awaiting, done.per_case)
    if args.format == "xlsx":
        try:
            write_workbook(
                args.output, sheets, book, scores=scoring, as_of=stamp, language=args.lang
            )
        except OSError as e:
            raise UsageError(f"cannot write {args.output}: {e.strerror}") from None
        print(summary, file=sys.stderr)
        print(f"wrote {args.output} ({len(sheets)} report sheets)", file=sys.stderr)
    elif args.format == "json":
        moment = as_of if as_of.tzinfo is not None else as_of.replace(tzinfo=cal.zone)
        text = report_json(report, book, as_of=moment.isoformat(timespec="seconds"))
        if scoring is not None:
            document = json.loads(text)
            document["scores"] = {
                "book": scoring.name,
                "source": scoring.source,
                "out_of": float(scoring.out_of),
                "rows": score_rows(report, scoring),
            }
            text = json.dumps(document, ensure_ascii=False, indent=2)
        print(text)
        print(summary, file=sys.stderr)
    elif args.format == "csv":
        print(report_csv(report, book), end="")
        print(summary, file=sys.stderr)
    else:
        print(summary)
        print(report_table(report, book))
        if scoring is not None:
            print()
            print(score_table(report, scoring))
    if args.chart is not None:
        try:
            with written(args.chart) as part:
                part.write_text(report_svg(report, book), encoding="utf-8")
        except OSError as e:
            raise UsageError(f"cannot write the chart {args.chart}: {e.strerror}") from None
    return 0


def _sheets(report: Report, language: str) -> list[tuple[str, Report]]:
    """The report sheets of the workbook: the grouping asked for, each of its fields alone
    when it has several, and the cases by period alone."""
    zh = language == "zh"

    def title(by: tuple[str, ...]) -> str:
        if not by:
            return "按期间" if zh else "by period"
        names = [FIELD_LABELS.get(f, f) if zh else f for f in by]
        return ("按" + "、".join(names)) if zh else "by " + ", ".join(names)

    if not report.by:
        return [(title(()), report)]
    sheets = [(title(report.by), report)]
    if len(report.by) > 1:
        sheets += [(title((f,)), Report((f,), report.period)) for f in report.by]
    sheets.append((title(()), Report((), report.period)))
    return sheets


def _score_book(value: str | None, fmt: str) -> Book | None:
    """The score book ``--score`` names: a shipped one, or a JSON file."""
    if value is None:
        return None
    if fmt == "csv":
        raise UsageError("--score prints a second table: use --format table or json")
    if value in SCORE_BOOKS:
        return SCORE_BOOKS[value]
    path = Path(value)
    if not path.is_file():
        raise UsageError(
            f"--score {value}: no such score book or file; the shipped books are: "
            + ", ".join(sorted(SCORE_BOOKS))
        )
    try:
        return score_book_from_json(path.read_bytes())
    except OSError as e:
        raise UsageError(f"--score {value}: cannot read it: {e.strerror}") from None


def _summary(
    report: Report,
    stats: InputStats,
    stamp: str,
    last_day: dt.date,
    list_ids: bool,
    per_case: int = 0,
) -> str:
    """What was read and counted, and what was left out and why."""
    counted = report.total().count("received")
    parts = [f"{counted:,} cases as of {stamp}"]
    if per_case:
        parts.append(
            f"{per_case:,} of them counted case by case (reclassified, or beyond the arrays)"
        )
    if report.later:
        parts.append(f"{report.later:,} received after it left out")
    if stats.bad:
        records = f" ({stats.bad:,} records)" if stats.bad != stats.bad_lines else ""
        parts.append(f"{stats.bad_lines:,} bad lines skipped{records}")
    text = "; ".join(parts)
    if report.awaiting:
        text += (
            f"\n{len(report.awaiting):,} cases wait for the {last_day.year + 1} holiday notice: "
            f"their handling deadline runs past the calendar's data (to {last_day}); they are "
            "counted as awaiting_notice and are in no rate's base. Load the notice with "
            "--arrangement, or count provisionally with --provisional-through"
        )
        if list_ids:
            text += ":\n" + "\n".join(f"  {i}" for i in sorted(report.awaiting))
        else:
            text += "; --list-awaiting lists them"
    note = provisional_note(report)
    if note:
        text += "\n" + note
    return text
