"""``civicflow calendar``: a month or a year of the calendar, its description, a notice imported."""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import datetime as dt
import sys
from pathlib import Path

from civicflow.calendars.arrangement_files import arrangement_to_json
from civicflow.calendars.calendar import Calendar
from civicflow.calendars.days import DayKind, day_runs
from civicflow.calendars.notices import Arrangement, parse_notice
from civicflow.cli._options import (
    AddParser,
    UsageError,
    add_calendar_options,
    calendar_of,
    parse_month,
    read_text,
    wall_clock,
)
from civicflow.exchange._files import written
from civicflow.exchange.calendar_files import (
    arrangement_from_holiday_cn,
    arrangements_from_ics,
    calendar_to_ics,
    calendar_to_json,
    holiday_cn_json,
)

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
        "where it came from. civicflow calendar import FILE: check the text of a State "
        "Council notice, or a holiday-cn YYYY.json file, and write its arrangement as a data "
        "file (load it with --arrangement). civicflow calendar export YYYY[..YYYY]: a year "
        "as an arrangement file, a holiday-cn file or iCalendar. civicflow calendar coverage: "
        "the last day with data, and how many days are left.",
        epilog="examples: civicflow calendar 2026-10; civicflow calendar show 2027 "
        "--arrangement 2027.json; civicflow calendar import notice.txt -o 2027.json; "
        "civicflow calendar export 2026 --format holiday-cn; civicflow calendar export "
        "2025..2026 --format ics -o holidays.ics; civicflow calendar coverage",
    )
    c.add_argument(
        "what",
        metavar="YYYY-MM | show | import | export | coverage | describe",
        help="a month, or an action",
    )
    c.add_argument("value", nargs="?", help="the year to show or export, or the file to import")
    c.add_argument(
        "-o",
        "--output",
        type=Path,
        help="for import and export: the file to write (default: stdout)",
    )
    c.add_argument(
        "--format",
        choices=["arrangement", "holiday-cn", "ics"],
        default="arrangement",
        help="for export: civicflow's arrangement file (default), holiday-cn's YYYY.json, or "
        "iCalendar (needs civicflow[ics])",
    )
    c.add_argument(
        "--on",
        type=dt.date.fromisoformat,
        help="for coverage: the day to count from (default: today)",
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
            raise UsageError("calendar import needs a notice's text or a holiday-cn file")
        path = Path(args.value)
        text = read_text(path)
        if text.lstrip("\ufeff \t\r\n").startswith("BEGIN:VCALENDAR"):
            arrangement = _one_year(
                arrangements_from_ics(text, source=f"iCalendar {path.name}", partial=args.partial),
                args.year,
                path,
            )
        elif text.lstrip("\ufeff \t\r\n").startswith("{"):
            arrangement = arrangement_from_holiday_cn(text, source=f"holiday-cn {path.name}")
        else:
            arrangement = parse_notice(
                text, source=f"notice {path.name}", partial=args.partial, year=args.year
            )
        summary = (
            f"{arrangement.year}: {len(arrangement.holidays)} days off, "
            f"{len(arrangement.make_up)} make-up working days"
        )
        _write(args.output, arrangement_to_json(arrangement) + "\n", summary)
        return 0
    cal = calendar_of(args)
    if args.what == "export":
        first, last = _years(args.value)
        if args.format == "ics":
            _write(args.output, calendar_to_ics(cal, first, last), f"{first}-{last} as iCalendar")
            return 0
        if first != last:
            raise UsageError(f"--format {args.format} holds one year; give YYYY, not {args.value}")
        arrangement = cal.arrangement(first)
        text = (
            holiday_cn_json(arrangement)
            if args.format == "holiday-cn"
            else arrangement_to_json(arrangement)
        )
        _write(args.output, text + "\n", f"{first} as {args.format}")
        return 0
    if args.what == "coverage":
        on = args.on or wall_clock(cal).date()
        left = cal.days_left(on)
        state = f"{left} day(s) of data left" if left >= 0 else f"{-left} day(s) past the data"
        print(f"covered through {cal.covered_through}: {state} on {on}")
        return 0
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


def _years(value: str | None) -> tuple[int, int]:
    """``YYYY`` or ``YYYY..YYYY`` as the first and last year."""
    first, dots, last = (value or "").partition("..")
    if not first.isdigit() or (dots and not last.isdigit()):
        raise UsageError("calendar export needs a year, or years as YYYY..YYYY (e.g. 2025..2026)")
    return int(first), int(last if dots else first)


def _write(output: Path | None, content: str | bytes, summary: str) -> None:
    """Write ``content`` to ``output`` and say what was written, or print it."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            print(content, end="")
        return
    try:
        if isinstance(content, bytes):
            output.write_bytes(content)
        else:
            with written(output) as part:
                part.write_text(content, encoding="utf-8")
    except OSError as e:
        raise UsageError(f"cannot write {output}: {e.strerror}") from None
    print(f"{summary} -> {output}")


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


def _one_year(found: list[Arrangement], year: int | None, path: Path) -> Arrangement:
    """The arrangement of ``year`` among those of an iCalendar file (the only one, if none
    is asked for)."""
    years = [a.year for a in found]
    if year is None:
        if len(found) > 1:
            raise UsageError(f"{path} holds {years[0]}-{years[-1]}: choose one with --year")
        return found[0]
    for a in found:
        if a.year == year:
            return a
    raise UsageError(f"{path} holds no days of {year}; it holds {', '.join(map(str, years))}")
