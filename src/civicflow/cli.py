"""The command line: ``civicflow demo | deadline | calendar``.

Run ``civicflow --help`` (or ``python -m civicflow --help``) for the commands.
"""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import datetime as dt
import sys
from collections.abc import Sequence

from civicflow.calendar import Calendar, DayInfo, DayKind, china_calendar
from civicflow.deadline import DayEnd, Receipt, explain
from civicflow.duration import Duration
from civicflow.errors import CivicflowError
from civicflow.sessions import DEFAULT_HOURS

__all__ = ["main"]

_MARKS = {
    DayKind.WORKDAY: "  ",
    DayKind.WEEKEND: " ·",
    DayKind.HOLIDAY: "休",
    DayKind.MAKE_UP: "班",
    DayKind.DAY_OFF: "停",
    DayKind.EXTRA_WORKDAY: "加",
}


def _moment(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time; write e.g. '2025-09-30 16:00'"
        ) from None


def _month(text: str) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(text.strip() + "-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; write YYYY-MM") from None
    return day.year, day.month


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="civicflow",
        description="Deadlines of public-service cases on the Chinese working-day calendar.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("demo", help="walk through real scenarios, with each deadline explained")

    p = commands.add_parser(
        "deadline",
        help="compute a deadline",
        description="Compute when LIMIT, started at START, runs out.",
        epilog='example: civicflow deadline "2025-09-30 16:00" 3个工作日 --explain',
    )
    p.add_argument("start", type=_moment, help="when the clock starts, e.g. '2025-09-30 16:00'")
    p.add_argument("limit", help="the limit, e.g. 3个工作日, '4 working hours', 48小时, 15日")
    p.add_argument("--explain", action="store_true", help="show the days counted and skipped")
    _calendar_options(p)
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
        help="count a start outside working time from the next working moment",
    )

    c = commands.add_parser(
        "calendar",
        help="show a month of the calendar",
        description="Show a month: working days, holidays by name, make-up working days.",
        epilog="example: civicflow calendar 2026-10",
    )
    c.add_argument("month", type=_month, help="the month, YYYY-MM")
    _calendar_options(c)
    return parser


def _calendar_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--hours",
        default=DEFAULT_HOURS,
        metavar="SPEC",
        help=f"working sessions (default {DEFAULT_HOURS}); seasons: "
        "'09:00-12:00,13:30-17:30; 05-01..09-30=08:30-12:00,14:30-18:00'",
    )
    p.add_argument("--timezone", default="Asia/Shanghai", help="IANA zone (default Asia/Shanghai)")


def _format(moment: dt.datetime) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M")
    return text + moment.strftime(" %z") if moment.tzinfo else text


def _deadline(args: argparse.Namespace) -> int:
    cal = china_calendar(args.hours, timezone=args.timezone)
    result = explain(
        args.start,
        Duration.parse(args.limit),
        cal,
        day_end=args.day_end,
        receipt=args.receipt,
    )
    print(result if args.explain else _format(result.deadline))
    return 0


def render_month(cal: Calendar, year: int, month: int) -> str:
    """A month of ``cal`` as a text grid, with a legend and the named days below it."""
    last = _stdlib_calendar.monthrange(year, month)[1]
    infos = list(cal.days(dt.date(year, month, 1), dt.date(year, month, last)))
    lines = [f"{year}年{month}月  {dt.date(year, month, 1):%B %Y}", ""]
    lines.append(
        "  ".join(f"{name:>4}" for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    )
    cells = ["    "] * infos[0].date.weekday()
    for info in infos:
        cells.append(f"{info.date.day:>2}{_MARKS[info.kind]}")
    for week in range(0, len(cells), 7):
        lines.append("  ".join(cells[week : week + 7]).rstrip())
    lines += [
        "",
        "休 holiday  班 make-up working day (调休)  · weekend  停 extra day off  加 extra working day",
    ]
    named = [i for i in infos if i.name]
    if named:
        lines.append("")
    for group in _groups(named):
        first, last_info = group[0], group[-1]
        span = f"{first.date:%m-%d}" + (f"..{last_info.date:%m-%d}" if len(group) > 1 else "")
        lines.append(f"  {span:<12} {first.reason}")
    sessions = sorted({str(s) for i in infos for s in i.sessions})
    work = sum(i.is_workday for i in infos)
    lines += ["", f"{work} working days; sessions: {', '.join(sessions) or 'none'}"]
    return "\n".join(lines)


def _groups(infos: list[DayInfo]) -> list[list[DayInfo]]:
    groups: list[list[DayInfo]] = []
    for info in infos:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and (info.date - prev.date).days == 1
            and (prev.kind, prev.name) == (info.kind, info.name)
        ):
            groups[-1].append(info)
        else:
            groups.append([info])
    return groups


def _calendar(args: argparse.Namespace) -> int:
    cal = china_calendar(args.hours, timezone=args.timezone)
    print(render_month(cal, *args.month))
    return 0


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


def _demo(args: argparse.Namespace) -> int:
    cal = china_calendar()
    print(f"civicflow demo: working hours {cal.schedule}, time zone {cal.timezone}")
    for n, (story, start, limit) in enumerate(_SCENARIOS, 1):
        print(f"\n{n}. {story}\n")
        result = explain(start, limit, cal)
        print("   " + str(result).replace("\n", "\n   "))
    print("\nTry: civicflow deadline '2025-09-30 16:00' 3个工作日 --explain")
    print("     civicflow calendar 2026-10")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    handlers = {"demo": _demo, "deadline": _deadline, "calendar": _calendar}
    try:
        return handlers[args.command](args)
    except CivicflowError as e:
        print(f"civicflow: error: {e}", file=sys.stderr)
        return 2
