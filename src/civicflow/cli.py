"""The command line: ``civicflow demo | deadline | calendar | case | report | synth``.

Run ``civicflow --help`` (or ``python -m civicflow --help``) for the commands.
"""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import datetime as dt
import io
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from civicflow import compliance
from civicflow.calendar import Calendar, DayKind, china_calendar, day_runs
from civicflow.case import Case, Event
from civicflow.deadline import DayEnd, Receipt, explain
from civicflow.duration import Duration
from civicflow.errors import CivicflowError
from civicflow.ingest import FORMATS, InputError, read_cases
from civicflow.notices import arrangement_from_json, arrangement_to_json, parse_notice
from civicflow.policy import Policy, Target
from civicflow.presets import hotline_policy, preset_policy
from civicflow.recompute import recompute
from civicflow.reporting import report_csv, report_json, report_svg, report_table
from civicflow.serialization import (
    calendar_from_json,
    calendar_to_json,
    case_from_json,
    case_to_json,
    policy_from_json,
)
from civicflow.sessions import DEFAULT_HOURS
from civicflow.sla import evaluate, explain_goal
from civicflow.synth import KINDS, synth_cases

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
        "what", metavar="YYYY-MM | show | import | describe", help="a month, or an action"
    )
    c.add_argument("value", nargs="?", help="the year to show, or the notice to import")
    c.add_argument(
        "-o", "--output", type=Path, help="for import: the file to write (default: stdout)"
    )
    _calendar_options(c)

    k = commands.add_parser(
        "case",
        help="evaluate or explain the time limits of a case stored as JSON",
        description="Evaluate a case (civicflow.case/1 JSON) against its policy.",
    )
    actions = k.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (
        ("evaluate", "every goal's state, deadline, time left and warnings"),
        ("explain", "the segments each goal's clock ran and paused, with the calendar's reasons"),
    ):
        a = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        a.add_argument("case", type=Path, help="the case's JSON file")
        a.add_argument(
            "--policy",
            type=Path,
            help="a policy's JSON file (default: the preset policy of the case's workflow)",
        )
        a.add_argument(
            "--at",
            type=_moment,
            help="the instant to evaluate at (default: now, in the calendar's zone)",
        )
        if name == "explain":
            a.add_argument("--goal", help="only this goal (default: every goal)")
            a.add_argument(
                "--promised",
                action="store_true",
                help="explain the promised limits (承诺时限) instead of the statutory ones",
            )
        _calendar_options(a)

    r = commands.add_parser(
        "report",
        help="compliance figures of many cases: counts, rates, handling times",
        description="Count cases and compute their rates, by group and period.",
        epilog="example: civicflow report cases.jsonl --by department --period month "
        "--as-of '2026-07-01 00:00'",
    )
    _cases_options(r)
    r.add_argument(
        "--by",
        default="",
        help="case fields to group by, comma-separated, e.g. department,category",
    )
    r.add_argument(
        "--period",
        choices=compliance.PERIODS,
        default="all",
        help="the period of receipt to group by (default: all)",
    )
    r.add_argument(
        "--rates",
        choices=sorted(compliance.RATE_BOOKS),
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
    _calendar_options(r)

    rc = commands.add_parser(
        "recompute",
        help="the deadlines that move when the calendar changes",
        description="List every open goal whose deadline moves, and every goal whose verdict "
        "flips between on time and late, when the OLD calendar becomes the NEW one. "
        "Calendars are civicflow.calendar/1 files ('civicflow calendar describe' writes one).",
        epilog="example: civicflow recompute cases.jsonl --old today.json --new typhoon.json",
    )
    _cases_options(rc)
    rc.add_argument("--old", type=Path, help="the old calendar's file (default: the national one)")
    rc.add_argument("--new", type=Path, required=True, help="the new calendar's file")

    y = commands.add_parser(
        "synth",
        help="write realistic synthetic cases as JSON Lines",
        description="Write synthetic cases (deterministic for a seed) as JSON Lines.",
        epilog="example: civicflow synth --cases 100000 --seed 1 > cases.jsonl",
    )
    y.add_argument("--cases", type=int, default=1000, help="how many (default 1000)")
    y.add_argument("--seed", type=int, default=1)
    y.add_argument("--kind", choices=KINDS, default="hotline")
    return parser


def _cases_options(p: argparse.ArgumentParser) -> None:
    """The input of the commands that read many cases: the file, its format, the policy."""
    p.add_argument("cases", type=Path, help="the cases: JSON Lines or CSV (see --input)")
    p.add_argument(
        "--input",
        choices=FORMATS,
        default=None,
        help="the input format (default: from the file name: .csv is csv-events, else jsonl)",
    )
    p.add_argument("--policy", type=Path, help="a policy's JSON file (default: each case's preset)")
    p.add_argument("--as-of", type=_moment, help="the instant of the figures (default: now)")


def _input_format(args: argparse.Namespace) -> str:
    if args.input is not None:
        return str(args.input)
    return "csv-events" if args.cases.suffix.lower() == ".csv" else "jsonl"


def _policy_chooser(args: argparse.Namespace) -> Callable[[Case], Policy]:
    """The policy of each case: the --policy file's, or the preset of the case's workflow."""
    fixed = policy_from_json(_read(args.policy)) if args.policy is not None else None

    def policy_of(case: Case) -> Policy:
        return fixed if fixed is not None else preset_policy(case.workflow.name)

    return policy_of


def _calendar_options(p: argparse.ArgumentParser) -> None:
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
        help="a year's arrangement written by 'civicflow calendar import' (repeatable)",
    )


def _format(moment: dt.datetime) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M")
    return text + moment.strftime(" %z") if moment.tzinfo else text


def _deadline(args: argparse.Namespace) -> int:
    cal = _calendar_of(args)
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
        print(_format(result.deadline) + (" (provisional)" if result.provisional else ""))
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


def _calendar(args: argparse.Namespace) -> int:
    if args.what == "import":
        if not args.value:
            raise _UsageError("calendar import needs the notice's text file")
        arrangement = parse_notice(
            _read(Path(args.value)), source=f"notice {Path(args.value).name}"
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
    cal = _calendar_of(args)
    if args.what == "describe":
        print(calendar_to_json(cal))
        return 0
    if args.what == "show":
        if not args.value or not args.value.isdigit():
            raise _UsageError("calendar show needs a year, e.g. civicflow calendar show 2027")
        print(render_year(cal, int(args.value)))
        return 0
    try:
        year, month = _month(args.what)
    except argparse.ArgumentTypeError as e:
        raise _UsageError(f"{e}, or 'show YYYY', or 'import NOTICE.txt'") from None
    print(render_month(cal, year, month))
    return 0


def render_year(cal: Calendar, year: int) -> str:
    """What ``cal`` knows of ``year``: its source, days off by festival, make-up days."""
    sources = cal.year_sources()
    if year not in sources:
        known = f"{min(sources)}-{max(sources)}"
        raise _UsageError(
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


def _calendar_of(args: argparse.Namespace) -> Calendar:
    cal = china_calendar(args.hours, timezone=args.timezone)
    files = getattr(args, "arrangement", [])
    if files:
        loaded = []
        for path in files:
            try:
                loaded.append(arrangement_from_json(_read(path)))
            except ValueError as e:
                raise _UsageError(f"{path}: {e}") from None
        cal = cal.with_arrangement(*loaded)
    through = getattr(args, "provisional_through", None)
    if through is not None:
        try:
            cal = cal.with_provisional(through)
        except ValueError as e:
            raise _UsageError(str(e)) from None
    return cal


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


def _demo_case() -> tuple[Case, dt.datetime]:
    """A complaint suspended over the 2026 Spring Festival, and the instant to look at it."""
    at = dt.datetime
    case = Case.open(
        hotline_policy().workflow, "12345-2026-000187", at(2026, 2, 10, 10, 0), type="投诉"
    )
    case = case.apply_all(
        [
            Event("e1", "dispatch", at(2026, 2, 10, 10, 30)),
            Event("e2", "sign_for", at(2026, 2, 10, 14, 0)),
            Event("e3", "start", at(2026, 2, 11, 9, 0)),
            Event("e4", "suspend", at(2026, 2, 12, 15, 0), note="awaiting the property company"),
            Event("e5", "resume", at(2026, 2, 25, 9, 30)),
            Event("e6", "approve_extension", at(2026, 3, 2, 10, 0), extension="5个工作日"),
        ]
    )
    return case, at(2026, 3, 16, 10, 0)


def _demo(args: argparse.Namespace) -> int:
    cal = china_calendar()
    print(f"civicflow demo: working hours {cal.schedule}, time zone {cal.timezone}")
    for n, (story, start, limit) in enumerate(_SCENARIOS, 1):
        print(f"\n{n}. {story}\n")
        result = explain(start, limit, cal)
        print("   " + str(result).replace("\n", "\n   "))
    n = len(_SCENARIOS) + 1
    print(
        f"\n{n}. A 12345 complaint (投诉, 15 working days to handle) suspended (挂起) from "
        "before the Spring Festival until after it, then extended by 5 working days. "
        "Only working days that started while it was on hold are given back.\n"
    )
    case, at = _demo_case()
    policy = hotline_policy()
    for text in (evaluate(case, policy, at, cal), explain_goal(case, policy, "handling", at, cal)):
        print("   " + str(text).replace("\n", "\n   ") + "\n")
    print("Try: civicflow deadline '2025-09-30 16:00' 3个工作日 --explain")
    print("     civicflow calendar 2026-10")
    print(
        "     civicflow case explain examples/cases/hotline_suspended.json --at '2026-03-20 12:00'"
    )
    print("     civicflow synth --cases 10000 > cases.jsonl")
    print("     civicflow report cases.jsonl --by department --period quarter")
    return 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise _UsageError(f"cannot read {path}: {e.strerror}") from None


class _UsageError(Exception):
    pass


def _case(args: argparse.Namespace) -> int:
    cal = _calendar_of(args)
    case = case_from_json(_read(args.case))
    policy = (
        policy_from_json(_read(args.policy))
        if args.policy is not None
        else preset_policy(case.workflow.name)
    )
    at = args.at
    if at is None:
        now = _now(cal)
        at = now if case.received.tzinfo is None else cal.from_local(now, case.received)
    elif (at.tzinfo is None) != (case.received.tzinfo is None):
        at = cal.from_local(at, case.received) if at.tzinfo is None else cal.to_local(at)
    if args.action == "evaluate":
        print(evaluate(case, policy, at, cal))
        return 0
    return _explain_case(case, policy, at, cal, args.goal, args.promised)


def _explain_case(
    case: Case, policy: Policy, at: dt.datetime, cal: Calendar, goal: str | None, promised: bool
) -> int:
    target = Target.PROMISED if promised else Target.STATUTORY
    names = [goal] if goal else [g.name for g in policy.goals]
    shown = []
    for name in names:
        the_goal = policy.goal(name)
        limit = the_goal.limit_for(case)
        if limit is None or (promised and limit.promised is None):
            if goal:
                what = "promised limit" if promised else "limit"
                raise _UsageError(f"goal {name!r} has no {what} for case {case.id!r}")
            continue
        shown.append(str(explain_goal(case, policy, name, at, cal, target=target)))
    if not shown:
        what = "promised limit" if promised else "goal"
        raise _UsageError(f"no {what} of {policy.name!r} applies to case {case.id!r}")
    print("\n\n".join(shown))
    return 0


def _now(cal: Calendar) -> dt.datetime:
    return dt.datetime.now(cal.zone).replace(tzinfo=None)


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


def _report(args: argparse.Namespace) -> int:
    cal = _calendar_of(args)
    as_of = args.as_of or _now(cal)
    fmt = _input_format(args)
    policy_of = _policy_chooser(args)
    policies: dict[str, tuple[Policy, compliance.Indicators]] = {}
    by = tuple(f.strip() for f in args.by.split(",") if f.strip())
    report = compliance.Report(by, args.period)
    bad: list[InputError] = []

    def on_bad(error: InputError) -> None:
        bad.append(error)
        print(f"civicflow: skipped {error}", file=sys.stderr)

    try:
        raw = args.cases.open("rb")
    except OSError as e:
        raise _UsageError(f"cannot read {args.cases}: {e.strerror}") from None
    size = args.cases.stat().st_size
    progress = _Progress(size, args.progress or sys.stderr.isatty())
    with raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        count = 0
        for _, case in read_cases(text, fmt, on_bad=on_bad if args.skip_bad else None):
            name = case.workflow.name
            if name not in policies:
                policy = policy_of(case)
                policies[name] = (policy, compliance.preset_indicators(policy.workflow.name))
            policy, indicators = policies[name]
            report.add(case, compliance.case_facts(case, policy, as_of, indicators, cal))
            count += 1
            if count % 4096 == 0:
                progress.update(raw.tell(), count)
        progress.close()
    book = compliance.RATE_BOOKS[args.rates]
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


def _recompute(args: argparse.Namespace) -> int:
    old = calendar_from_json(_read(args.old)) if args.old is not None else china_calendar()
    new = calendar_from_json(_read(args.new))
    as_of = args.as_of or _now(new)
    fmt = _input_format(args)
    policy_of = _policy_chooser(args)
    try:
        stream = args.cases.open(encoding="utf-8", newline="")
    except OSError as e:
        raise _UsageError(f"cannot read {args.cases}: {e.strerror}") from None
    with stream:
        cases = [case for _, case in read_cases(stream, fmt)]
    changes = recompute(cases, policy_of, old, new, as_of)
    flips = sum(c.flipped for c in changes)
    print(
        f"{len(changes)} goal(s) of {len(cases)} case(s) change as of "
        f"{as_of:%Y-%m-%d %H:%M} ({flips} flip between on time and late); "
        f"calendar {old.fingerprint} -> {new.fingerprint}"
    )
    for change in changes:
        print(f"  {change}")
    return 0


def _synth(args: argparse.Namespace) -> int:
    if args.cases < 0:
        raise _UsageError(f"--cases cannot be negative (got {args.cases})")
    out = sys.stdout
    for case in synth_cases(args.cases, seed=args.seed, kind=args.kind):
        out.write(case_to_json(case, indent=None))
        out.write("\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    handlers = {
        "demo": _demo,
        "deadline": _deadline,
        "calendar": _calendar,
        "case": _case,
        "report": _report,
        "recompute": _recompute,
        "synth": _synth,
    }
    try:
        return handlers[args.command](args)
    except (CivicflowError, _UsageError) as e:
        print(f"civicflow: error: {e}", file=sys.stderr)
        return 2
    except KeyError as e:
        print(f"civicflow: error: {e.args[0]}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (e.g. "| head"): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        return 0
