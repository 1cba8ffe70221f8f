"""Reading one JSON Lines file in several processes: ``civicflow report --jobs N``.

The file is cut into N runs of whole lines, each read by a process of its own into a
partial :class:`Report` (numbering its lines from 1); the parent merges them in file order
and numbers the lines of each run after those of the runs before it. Tallies merge
associatively (``civicflow.exchange.partitions``), so the figures equal those of one process
exactly, and so do the line numbers of bad lines, the lines skipped and the counts of lines
read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from civicflow.calendars.calendar import Calendar
from civicflow.cli._options import UsageError, calendar_of, policy_chooser, table_cases
from civicflow.compliance.bulk import facts_chooser
from civicflow.compliance.report import Report
from civicflow.errors import FieldError
from civicflow.exchange.ingest import InputError, InputFileError, InputStats, decoded_lines
from civicflow.exchange.ingest import read_cases as _read_cases

__all__ = ["count_cases", "report_in_parts", "split"]

#: An InputError as plain data, to cross a process boundary: (file-wide?, line, problems, lines).
_Error = tuple[bool, int, tuple[str, ...], int]


def count_cases(
    lines: Iterable[str],
    args: argparse.Namespace,
    report: Report,
    stats: InputStats,
    as_of: dt.datetime,
    on_bad: Callable[[InputError], None] | None,
    *,
    fmt: str = "jsonl",
    cal: Calendar | None = None,
    first_line: int = 0,
    progress: Callable[[int], None] | None = None,
    also: Sequence[Report] = (),
) -> None:
    """Add every case of ``lines`` (in ``fmt``; for ``table``, the file of the options read
    through ``--mapping``) to ``report`` and the reports ``also``, counting on ``cal``
    (default: the calendar of the options); the lines are numbered from ``first_line + 1``.

    Raises:
        InputError: a bad line, unless ``on_bad`` takes it.
    """
    cal = cal if cal is not None else calendar_of(args)
    facts_of = facts_chooser(policy_chooser(args), calendar=cal)

    def shifted(e: InputError) -> InputError:
        kind = InputFileError if isinstance(e, InputFileError) else InputError
        return kind(e.line + first_line, e.problems, e.lines, unit=e.unit) if first_line else e

    bad = (lambda e: on_bad(shifted(e))) if on_bad is not None else None
    try:
        source = (
            table_cases(args, bad, stats)
            if fmt == "table"
            else _read_cases(lines, fmt, on_bad=bad, stats=stats)
        )
        for n, case in source:
            try:
                report.count(case, facts_of(case), as_of, also)
            except FieldError as e:
                error = InputError(n + first_line, (str(e),), stats.reject())
                if on_bad is None:
                    raise error from None
                on_bad(error)
            if progress is not None and stats.cases % 4096 == 0:
                progress(stats.cases)
    except InputError as e:
        raise shifted(e) from None


def split(path: Path, parts: int) -> list[tuple[int, int]]:
    """``path`` cut into at most ``parts`` runs of whole lines: (first byte, end byte). Only
    the bytes at the cuts are read; each process counts the lines of its own run."""
    size = path.stat().st_size
    bounds = [0]
    with path.open("rb") as f:
        for k in range(1, parts):
            f.seek(size * k // parts)
            f.readline()  # on to the start of the next line
            at = f.tell()
            if bounds[-1] < at < size:
                bounds.append(at)
    bounds.append(size)
    return list(itertools.pairwise(bounds))


def _part(
    job: tuple[argparse.Namespace, dt.datetime, list[tuple[str, ...]], str, int, int],
) -> tuple[list[Report], InputStats, list[_Error], _Error | None]:
    """One run of the file counted into a report per grouping; its lines are numbered from 1
    (the parent shifts them)."""
    args, as_of, groupings, period, start, end = job
    reports, stats, skipped = [Report(by, period) for by in groupings], InputStats(), []
    report, also = reports[0], reports[1:]

    def keep(e: InputError) -> None:
        skipped.append(_plain(e))

    with Path(args.cases).open("rb") as f:
        f.seek(start)
        try:
            lines = decoded_lines(_run(f, end - start), args.encoding)
            count_cases(
                lines,
                args,
                report,
                stats,
                as_of,
                keep if args.skip_bad else None,
                also=also,
            )
        except InputError as e:
            return reports, stats, skipped, _plain(e)
    return reports, stats, skipped, None


def _run(f: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The lines of ``f`` that make up its next ``size`` bytes, read one at a time."""
    for line in f:
        yield line
        size -= len(line)
        if size <= 0:
            return


def _plain(e: InputError) -> _Error:
    return (isinstance(e, InputFileError), e.line, e.problems, e.lines)


def _error(e: _Error, before: int = 0) -> InputError:
    """The error of a run, its line numbered in the whole file (``before`` lines before it)."""
    whole, line, problems, lines = e
    return (InputFileError if whole else InputError)(line + before, problems, lines)


def report_in_parts(
    args: argparse.Namespace,
    as_of: dt.datetime,
    groupings: list[tuple[str, ...]],
    jobs: int,
    on_bad: Callable[[InputError], None],
) -> tuple[list[Report], InputStats]:
    """The reports of ``args.cases``, one per grouping (each a tuple of fields to group by),
    read by ``jobs`` processes, merged in file order.

    Raises:
        UsageError: the input is not a JSON Lines file.
        InputError: the first bad line of the file, unless ``--skip-bad``.
    """
    path = Path(args.cases)
    if not path.is_file():
        raise UsageError(f"--jobs reads a file in parts: {path} is not a regular file")
    runs = split(path, jobs)
    work = [(args, as_of, groupings, args.period, a, b) for a, b in runs]
    if len(work) == 1:
        results = [_part(work[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(len(work)) as pool:
            results = pool.map(_part, work)
    totals, stats = [Report(by, args.period) for by in groupings], InputStats()
    for reports, part, skipped, fatal in results:
        before = stats.lines  # the lines of the runs before this one
        for e in skipped:
            on_bad(_error(e, before))
        if fatal is not None:
            raise _error(fatal, before)
        totals = [total.merge(report) for total, report in zip(totals, reports, strict=True)]
        for name in ("lines", "blank", "cases", "case_lines", "bad", "bad_lines"):
            setattr(stats, name, getattr(stats, name) + getattr(part, name))
    return totals, stats
