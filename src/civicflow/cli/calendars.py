"""``civicflow calendar``: a month or a year of the calendar, its description, a notice imported."""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import datetime as dt
from pathlib import Path

from civicflow.calendars.calendar import Calendar, DayKind, day_runs
from civicflow.calendars.notices import arrangement_to_json, parse_notice
from civicflow.cli._options import (
    AddParser,
    UsageError,
    add_calendar_options,
    calendar_of,
    parse_month,
    read_text,
)
from civicflow.exchange.calendar_files import calendar_to_json

__all__ = ["register", "render_month", "render_year", "run"]

_MARKS = {
    DayKind.WORKDAY: "  ",
    DayKind.WEEKEND: " ·",
    DayKind.HOLIDAY: "休",
    DayKind.MAKE_UP: "班",
    DayKind.DAY_OFF: "停",
    DayKind.EXTRA_WORKDAY: "加",
}


def register(add_parser: AddParser) -> None:
    """Add the ``calendar`` command."""
    c = add_parser(
        "calendar",
        help="show a month or a year of the calendar; import a notice",
        description="civicflow calendar YYYY-MM: a month, with holidays by name and make-up "
        "working days. civicflow calendar show YYYY: what the calendar knows of a year and "
        "where it came from. civicflow calendar import NOTICE.txt: check the text of a "
        "State Council notice and write its arrangement as a data file (load it with "
        "--arrangement).",
        epilog="examples: civicflow calendar 2026-10; civicflow calendar show 2027 "
        "--arrangement 2027.json; civicflow calendar import notice.txt -o 2027.json",
    )
    c.add_argument(
        "what", metavar="YYYY-MM | show | import | describe", help="a parse_month, or an action"
    )
    c.add_argument("value", nargs="?", help="the year to show, or the notice to import")
    c.add_argument(
        "-o", "--output", type=Path, help="for import: the file to write (default: stdout)"
    )
    c.add_argument(
        "--partial",
        action="store_true",
        help="for import: a one-off notice that sets only some festivals (it amends its year)",
    )
    c.add_argument(
        "--year", type=int, help="for import: the notice's year, when its title does not say"
    )
    add_calendar_options(c)
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Show a month or a year, describe the calendar, or import a notice."""
    if args.what == "import":
        if not args.value:
            raise UsageError("calendar import needs the notice's text file")
        arrangement = parse_notice(
            read_text(Path(args.value)),
            source=f"notice {Path(args.value).name}",
            partial=args.partial,
            year=args.year,
        )
        text = arrangement_to_json(arrangement)
        if args.output is not None:
            args.output.write_text(text + "\n", encoding="utf-8")
            print(
                f"{arrangement.year}: {len(arrangement.holidays)} days off, "
                f"{len(arrangement.make_up)} make-up working days -> {args.output}"
            )
        else:
            print(text)
        return 0
    cal = calendar_of(args)
    if args.what == "describe":
        print(calendar_to_json(cal))
        return 0
    if args.what == "show":
        if not args.value or not args.value.isdigit():
            raise UsageError("calendar show needs a year, e.g. civicflow calendar show 2027")
        print(render_year(cal, int(args.value)))
        return 0
    try:
        year, month = parse_month(args.what)
    except argparse.ArgumentTypeError as e:
        raise UsageError(f"{e}, or 'show YYYY', or 'import NOTICE.txt'") from None
    print(render_month(cal, year, month))
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
    for group in day_runs(named):
        first, last_info = group[0], group[-1]
        span = f"{first.date:%m-%d}" + (f"..{last_info.date:%m-%d}" if len(group) > 1 else "")
        lines.append(f"  {span:<12} {first.reason}")
    sessions = sorted({str(s) for i in infos for s in i.sessions})
    work = sum(i.is_workday for i in infos)
    lines += ["", f"{work} working days; sessions: {', '.join(sessions) or 'none'}"]
    return "\n".join(lines)


def render_year(cal: Calendar, year: int) -> str:
    """What ``cal`` knows of ``year``: its source, days off by festival, make-up days."""
    sources = cal.year_sources()
    if year not in sources:
        known = f"{min(sources)}-{max(sources)}"
        raise UsageError(
            f"{year}: no data (this calendar knows {known}). Load the year's notice with "
            "'civicflow calendar import NOTICE.txt -o FILE' and pass --arrangement FILE."
        )
    infos = list(cal.days(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    lines = [f"{year}: {sources[year]}", ""]
    named = [i for i in infos if i.name]
    for group in day_runs(named):
        first, last_info = group[0], group[-1]
        span = f"{first.date:%m-%d}" + (f"..{last_info.date:%m-%d}" if len(group) > 1 else "")
        lines.append(f"  {span:<12} {first.reason}")
    work = sum(i.is_workday for i in infos)
    lines += ["", f"{work} working days, {len(infos) - work} days off"]
    return "\n".join(lines)
