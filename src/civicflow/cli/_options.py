"""What the commands share: argument types, the calendar and case-input options, file reading.

Every command builds its calendar with :func:`calendar_of` from the options that
:func:`add_calendar_options` declares, and reads files with :func:`read_text`, so that a
missing or unreadable file is one clear error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from civicflow.calendars.arrangement_files import arrangement_from_json
from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.calendars.sessions import DEFAULT_HOURS, parse_weekdays
from civicflow.cases.case import Case
from civicflow.errors import ArgumentError, NotFoundError, ScheduleError, SchemaError
from civicflow.exchange.calendar_files import arrangement_from_holiday_cn
from civicflow.exchange.documents import (
    FORMATS,
    InputError,
    InputStats,
    decoded_lines,
    policy_from_json,
    read_cases,
)
from civicflow.exchange.tables import MAPPINGS, load_mapping, read_table
from civicflow.sla.policy import Policy
from civicflow.sla.presets import preset_policy

if TYPE_CHECKING:
    from civicflow.exchange.jobs import Source

__all__ = [
    "AddParser",
    "UsageError",
    "add_calendar_options",
    "add_cases_options",
    "calendar_of",
    "format_moment",
    "input_format",
    "open_cases",
    "parse_moment",
    "parse_month",
    "policy_chooser",
    "print_skipped",
    "read_text",
    "wall_clock",
]


#: How a command group adds its parser: the ``add_parser`` of the command subparsers.
AddParser = Callable[..., argparse.ArgumentParser]


class UsageError(Exception):
    """A mistake in how a command was called: printed as one line, exit status 2."""


def parse_moment(text: str) -> dt.datetime:
    """An argument read as a date and time, e.g. ``2025-09-30 16:00``: a date alone is
    refused, never taken as midnight (as the table readers refuse it)."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time; write e.g. '2025-09-30 16:00'"
        ) from None
    if len(text.strip()) <= 10:
        raise argparse.ArgumentTypeError(
            f"{text!r} is a date without a time of day; write e.g. "
            f"'{moment:%Y-%m-%d} 09:00' ('{moment:%Y-%m-%d} 00:00' for midnight)"
        )
    return moment


def parse_month(text: str) -> tuple[int, int]:
    """An argument read as a month, ``YYYY-MM``: (year, month)."""
    try:
        day = dt.date.fromisoformat(text.strip() + "-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; write YYYY-MM") from None
    return day.year, day.month


def add_calendar_options(p: argparse.ArgumentParser) -> None:
    """The options every command takes to build its calendar."""
    p.add_argument(
        "--hours",
        default=DEFAULT_HOURS,
        metavar="SPEC",
        help=f"working sessions (default {DEFAULT_HOURS}); seasons: "
        "'09:00-12:00,13:30-17:30; 05-01..09-30=08:30-12:00,14:30-18:00'",
    )
    p.add_argument("--timezone", default="Asia/Shanghai", help="IANA zone (default Asia/Shanghai)")
    p.add_argument(
        "--provisional-through",
        type=int,
        metavar="YEAR",
        help="cover the years after the data up to YEAR provisionally, by the holiday law "
        "alone (results that use them are marked provisional)",
    )
    p.add_argument(
        "--arrangement",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a year's arrangement written by 'civicflow calendar import', or a holiday-cn YYYY.json (repeatable)",
    )
    p.add_argument(
        "--workweek",
        metavar="DAYS",
        help="the days worked each week, e.g. Mon-Sat or 周一-周日 (default Mon-Fri)",
    )
    p.add_argument(
        "--no-national",
        action="store_true",
        help="leave out the statutory holidays and make-up days (a 7x24 desk, a shift pattern)",
    )
    p.add_argument(
        "--closure",
        action="append",
        default=[],
        metavar="START..END[=REASON]",
        help="working time taken away, e.g. '2025-07-21 14:00..2025-07-22 00:00=台风停工' (repeatable)",
    )
    p.add_argument(
        "--group-holidays",
        metavar="GROUPS",
        help="the half-day holidays of part of the population to keep: women, youth, "
        "children, army (comma-separated)",
    )


def add_cases_options(p: argparse.ArgumentParser) -> None:
    """The input of the commands that read many cases: the file, its format, the policy."""
    p.add_argument(
        "cases",
        type=Path,
        help="the cases: JSON Lines, CSV or Parquet in civicflow's layout (see --input), or a "
        "platform's export (.csv, .xlsx, .parquet) read through --mapping",
    )
    p.add_argument(
        "--input",
        choices=(*FORMATS, "parquet", "table"),
        default=None,
        help="the input format (default: from the file name: .xlsx, or any file with "
        "--mapping, is a table; .parquet is parquet; .csv is csv-events; else jsonl)",
    )
    p.add_argument(
        "--mapping",
        metavar="MAPPING",
        help="read the file as an export with one row per case: a shipped mapping ("
        + ", ".join(MAPPINGS)
        + ") or a mapping file (.toml or .json) naming its columns",
    )
    p.add_argument("--sheet", help="the sheet of an .xlsx workbook (default: the first)")
    p.add_argument(
        "--encoding",
        default="utf-8",
        help="the file's encoding (default utf-8, with or without a byte-order mark; "
        "files from Excel in Chinese are often gb18030)",
    )
    p.add_argument("--policy", type=Path, help="a policy's JSON file (default: each case's preset)")
    p.add_argument(
        "--as-of",
        type=parse_moment,
        help="the instant of the figures, in the calendar's zone (default: now)",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="skip bad input lines, listing them on standard error (problems with the whole "
        "file still stop the run)",
    )


def open_cases(args: argparse.Namespace) -> tuple[BinaryIO, Iterator[str]]:
    """The cases file opened, and its lines decoded in ``--encoding``.

    Raises:
        UsageError: the file cannot be opened, or is empty.
    """
    path: Path = args.cases
    try:
        raw = path.open("rb")
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    try:
        empty = path.stat().st_size == 0 if path.is_file() else False
    except OSError:
        empty = False
    if empty:
        raw.close()
        raise UsageError(f"{path} is empty: there are no cases to read")
    return raw, decoded_lines(raw, args.encoding)


def check_input(args: argparse.Namespace, fmt: str) -> None:
    """The input file of the options is there, and not empty.

    Raises:
        UsageError: it is not.
    """
    path: Path = args.cases
    if fmt in ("table", "parquet"):
        if path.is_dir():
            raise UsageError(f"cannot read {path}: it is a folder, not a table file")
        if not path.is_file():
            raise UsageError(f"cannot read {path}: no such file")
        return
    open_cases(args)[0].close()


def source_of(args: argparse.Namespace, fmt: str) -> Source:
    """The input of the options, as a bulk job reads it.

    Raises:
        UsageError: the mapping cannot be read.
    """
    mapping = None
    if fmt == "table":
        try:
            mapping = load_mapping(args.mapping)
        except (SchemaError, NotFoundError, ArgumentError) as e:
            raise UsageError(f"--mapping {args.mapping}: {e}") from None
    from civicflow.exchange.jobs import Source

    return Source(args.cases, fmt, mapping, args.sheet, args.encoding)


def print_skipped(error: InputError) -> None:
    """What ``--skip-bad`` says of each line it skips, on standard error."""
    print(f"civicflow: skipped {error.summary}", file=sys.stderr)


def input_format(args: argparse.Namespace) -> str:
    """The input format: ``--input``, or guessed from the file name and ``--mapping``.

    Raises:
        UsageError: a table without ``--mapping``, or ``--mapping`` with another format.
    """
    fmt = args.input
    suffix = args.cases.suffix.lower()
    if fmt is None:
        if args.mapping or suffix in (".xlsx", ".xlsm"):
            fmt = "table"
        elif suffix in (".parquet", ".pq"):
            fmt = "parquet"
        else:
            fmt = "csv-events" if suffix == ".csv" else "jsonl"
    if fmt == "table" and not args.mapping:
        raise UsageError(
            f"{args.cases.name} is read as a table: give --mapping, a shipped one ("
            + ", ".join(MAPPINGS)
            + ") or a mapping file naming its columns (docs/tables.md)"
        )
    if fmt != "table" and args.mapping:
        raise UsageError(f"--mapping reads tables, not --input {fmt}")
    if args.sheet is not None and suffix not in (".xlsx", ".xlsm"):
        raise UsageError(f"--sheet {args.sheet}: only a workbook (.xlsx) has sheets")
    return str(fmt)


def input_cases(
    args: argparse.Namespace, on_bad: Callable[[InputError], None] | None, stats: InputStats
) -> Iterator[tuple[int, Case]]:
    """The cases of the input of the options, in any format, read one at a time (the file is
    closed once they are all read).

    Raises:
        UsageError: as :func:`open_cases` and :func:`input_format`.
        InputError: a bad line or row, unless ``on_bad`` takes it.
    """
    fmt = input_format(args)
    if fmt == "table":
        yield from table_cases(args, on_bad, stats)
        return
    if fmt == "parquet":
        check_input(args, fmt)
        from civicflow.exchange.jobs import columns

        for batch in columns(source_of(args, fmt), on_bad=on_bad, stats=stats):
            assert batch.line is not None
            for k, line in enumerate(batch.line.tolist()):
                yield line, batch.case(k)
        return
    raw, lines = open_cases(args)
    with raw:
        yield from read_cases(lines, fmt, on_bad=on_bad, stats=stats)


def table_cases(
    args: argparse.Namespace, on_bad: Callable[[InputError], None] | None, stats: InputStats
) -> Iterator[tuple[int, Case]]:
    """The cases of the table of the options, read through ``--mapping``.

    Raises:
        UsageError: the mapping cannot be read, or the file is not there.
        InputError: a bad row, unless ``on_bad`` takes it.
    """
    try:
        mapping = load_mapping(args.mapping)
    except (SchemaError, NotFoundError, ArgumentError) as e:
        raise UsageError(f"--mapping {args.mapping}: {e}") from None
    if args.cases.is_dir():
        raise UsageError(f"cannot read {args.cases}: it is a folder, not a table file")
    if not args.cases.is_file():
        raise UsageError(f"cannot read {args.cases}: no such file")
    return read_table(
        args.cases, mapping, sheet=args.sheet, encoding=args.encoding, on_bad=on_bad, stats=stats
    )


def policy_given(args: argparse.Namespace) -> Policy | None:
    """The --policy file's policy, or ``None``: each case's preset."""
    return policy_from_json(read_text(args.policy)) if args.policy is not None else None


def policy_chooser(args: argparse.Namespace) -> Callable[[Case], Policy]:
    """The policy of each case: the --policy file's, or the preset of the case's workflow."""
    fixed = policy_from_json(read_text(args.policy)) if args.policy is not None else None

    def policy_of(case: Case) -> Policy:
        return fixed if fixed is not None else preset_policy(case.workflow.name)

    return policy_of


def calendar_of(args: argparse.Namespace) -> Calendar:
    """The calendar the calendar options describe."""
    cal = _office(china_calendar(args.hours, timezone=args.timezone), args)
    files = getattr(args, "arrangement", [])
    if files:
        loaded = []
        for path in files:
            try:
                text = read_text(path)
                if '"civicflow.arrangement/' in text or '"days"' not in text:
                    loaded.append(arrangement_from_json(text))
                else:  # a holiday-cn YYYY.json
                    loaded.append(
                        arrangement_from_holiday_cn(text, source=f"holiday-cn {path.name}")
                    )
            except ValueError as e:
                raise UsageError(f"{path}: {e}") from None
        cal = cal.with_arrangement(*loaded)
    through = getattr(args, "provisional_through", None)
    if through is not None:
        try:
            cal = cal.with_provisional(through)
        except ValueError as e:
            raise UsageError(str(e)) from None
    return cal


def _office(cal: Calendar, args: argparse.Namespace) -> Calendar:
    """The calendar with the office options applied: the week, closures, group holidays."""
    week, national = getattr(args, "workweek", None), not getattr(args, "no_national", False)
    if week is not None or not national:
        try:
            days = parse_weekdays(week) if week is not None else cal.workweek
        except ScheduleError as e:
            raise UsageError(f"--workweek {week!r}: {e.reason}") from None
        cal = cal.with_workweek(days, national=national)
    for text in getattr(args, "closure", []):
        span, _, reason = text.partition("=")
        start, dots, end = span.partition("..")
        try:
            if not dots:
                raise ValueError("write START..END[=REASON]")
            cal = cal.with_closure(
                parse_moment(start.strip()), parse_moment(end.strip()), reason.strip()
            )
        except (ValueError, argparse.ArgumentTypeError) as e:  # CalendarError is a ValueError
            raise UsageError(
                f"--closure {text!r}: {e}; e.g. '2025-07-21 14:00..2025-07-22 00:00=台风停工'"
            ) from None
    groups = getattr(args, "group_holidays", None)
    if groups:
        try:
            cal = cal.with_group_holidays(*(g.strip() for g in groups.split(",") if g.strip()))
        except ValueError as e:
            raise UsageError(f"--group-holidays {groups!r}: {e}") from None
    return cal


def read_text(path: Path) -> str:
    """A file's text (UTF-8), or a :class:`UsageError` that says why it cannot be read
    (missing, unreadable, or not UTF-8)."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise UsageError(
            f"cannot read {path}: it is not UTF-8 text (byte {e.object[e.start]:#04x} at "
            f"offset {e.start}); save it as UTF-8"
        ) from None


def wall_clock(cal: Calendar) -> dt.datetime:
    """The wall-clock time in the calendar's zone, naive: the command line's only clock."""
    return dt.datetime.now(cal.zone).replace(tzinfo=None)


def format_moment(m: dt.datetime) -> str:
    """``2025-10-11 17:30``, with the UTC offset for an aware moment."""
    text = m.strftime("%Y-%m-%d %H:%M")
    return text + m.strftime(" %z") if m.tzinfo else text
