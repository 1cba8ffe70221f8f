"""The bulk jobs in the library: reports of any input the library reads, on the columnar engine,
in one process or several.

:func:`report` is what ``civicflow report`` runs, and what a program calls: it reads a
:class:`Source` (JSON Lines, CSV, a platform's export through a mapping, a DataFrame, or
cases in memory) into columns a batch at a time (:func:`columns`), counts each batch
(:func:`~civicflow.compliance.columnar.count_columns`), and with ``jobs`` > 1 reads a JSON
Lines file in that many processes, which send back their figures as arrays
(:func:`~civicflow.compliance.columnar.report_arrays`) to be merged in file order. The
figures, the bad lines and the counts are those of one process.

Every line is counted once: read into a case, blank, or bad. A bad line is one that is not a
case, a case whose fields its report cannot use, or a case whose id came before (the same
case counted twice would count twice); each is reported with its line to ``on_bad``, or
raised when there is none.

>>> import datetime as dt, io
>>> from civicflow.exchange.documents.synth import synth_jsonl
>>> text = "".join(synth_jsonl(300, seed=1))
>>> done = report(Source(io.BytesIO(text.encode())), dt.datetime(2026, 9, 1), by=("department",))
>>> done.reports[0].total().count("received"), done.stats.cases
(300, 300)
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.columns import CaseColumns
from civicflow.compliance.columnar import (
    count_columns,
    report_arrays,
    report_of_arrays,
)
from civicflow.compliance.facts import Indicators
from civicflow.compliance.recomputation import DeadlineChange, compared, in_order
from civicflow.compliance.report import Report
from civicflow.errors import ArgumentError, shown
from civicflow.exchange._cells import Cell
from civicflow.exchange.documents import Bad, InputError, InputFileError, InputStats, read_columns
from civicflow.exchange.jobs.duplicates import Index, Seen, jsonl_index
from civicflow.exchange.jobs.sources import Source, columns, read_once, refused, unique, unit_of
from civicflow.exchange.reports import evaluation_rows, verdict_columns
from civicflow.sla.columnar import ColumnEvaluation, PolicyChoice, evaluate_columns

__all__ = [
    "Progress",
    "Reported",
    "recomputed",
    "report",
    "usable_jobs",
    "verdicts",
    "whole_line_parts",
    "why_one_process",
]

#: Called as batches are counted: (bytes of the file read so far, cases counted so far).
Progress = Callable[[int, int], None]


@attrs.frozen
class Reported:
    """What :func:`report` found.

    Attributes:
        reports: the report of each grouping asked for, the first grouping first.
        stats: what the reading met, line by line.
        per_case: cases counted the per-case way (see :func:`civicflow.evaluate_columns`).
        jobs: the processes that read the input.
    """

    reports: tuple[Report, ...]
    stats: InputStats
    per_case: int
    jobs: int


def usable_jobs(jobs: int) -> int:
    """How many processes ``jobs`` asks for, at most one per CPU.

    Raises:
        ArgumentError: fewer than one.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ArgumentError(
            f"jobs must be a whole number of processes, 1 or more (got {shown(jobs)})"
        )
    return min(jobs, os.cpu_count() or 1)


def report(
    source: Source,
    as_of: dt.datetime,
    *,
    by: Iterable[str] = (),
    period: str = "all",
    groupings: Sequence[Sequence[str]] = (),
    policy: PolicyChoice = None,
    indicators: Indicators | None = None,
    calendar: Calendar | None = None,
    on_bad: Bad | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Reported:
    """The report of every case of ``source`` as of ``as_of``, grouped by the fields ``by``
    and ``period``, and one more report for each of ``groupings`` (other fields to group the
    same cases by: their facts are found once).

    Args:
        source: the cases.
        as_of: the instant of the figures (naive: the calendar's local time).
        by: the fields to group by, as for :class:`~civicflow.compliance.report.Report`.
        period: the period of receipt to group by.
        groupings: further groupings, each a sequence of fields.
        policy: as for :func:`~civicflow.report_cases`.
        indicators: as for :func:`~civicflow.report_cases`.
        calendar: as for :func:`~civicflow.report_cases`.
        on_bad: called with each bad line's error, which is then skipped; ``None`` raises
            the first one instead.
        jobs: processes to read a JSON Lines file (by runs of whole lines) or a Parquet file
            (by row groups) in, at most one per CPU and one per row group; other input is
            read in one.
        progress: called after each batch with the bytes read and the cases counted.

    Raises:
        InputError: a bad line, unless ``on_bad`` takes it.
        InputFileError: the input as a whole cannot be read.
        ArgumentError: a bad option (jobs, format, mapping...).
    """
    groups = [tuple(by), *(tuple(g) for g in groupings)]
    reports = [Report(g, period) for g in groups]
    processes = usable_jobs(jobs)
    path = source.path
    fmt = source.kind()
    if processes > 1 and fmt not in ("jsonl", "parquet"):
        raise ArgumentError(f"jobs={shown(jobs)}: {why_one_process(source)}")
    if processes > 1 and (path is None or not path.is_file()):
        raise ArgumentError(f"jobs={shown(jobs)}: several processes read a file, not a stream")
    options = _Options(as_of, policy, indicators, calendar, source)
    if fmt == "jsonl" and path is not None and path.is_file():
        return _report_file(path, options, reports, on_bad, processes, progress)
    if fmt == "parquet" and path is not None and path.is_file():
        return _report_parquet(path, options, reports, on_bad, processes, progress)
    stats = InputStats()
    per_case = _count(
        columns(source, on_bad=on_bad, stats=stats), options, reports, on_bad, stats,
        Seen(unit_of(fmt)), None, progress, unit=unit_of(fmt),
    )  # fmt: skip
    return Reported(tuple(reports), stats, per_case, 1)


@attrs.frozen
class _Options:
    """What each batch is counted with."""

    as_of: dt.datetime
    policy: PolicyChoice
    indicators: Indicators | None
    calendar: Calendar | None
    source: Source


def _count(
    batches: Iterable[CaseColumns],
    options: _Options,
    reports: list[Report],
    on_bad: Bad | None,
    stats: InputStats,
    seen: Seen | None,
    index: Index | None,
    progress: Progress | None,
    where: Callable[[], int] = lambda: 0,
    unit: str = "line",
) -> int:
    """Count every batch into the reports; returns the cases counted the per-case way."""
    per_case = 0
    for found in unique(batches, on_bad, stats, seen, index):
        assert found.line is not None
        lines = found.line.tolist()
        done = count_columns(
            found, options.as_of, reports, policy=options.policy,
            indicators=options.indicators, calendar=options.calendar,
        )  # fmt: skip
        per_case += done.per_case
        for k, error in sorted(done.errors.items()):
            refused(InputError(lines[k], (str(error),), unit=unit), on_bad, stats)
        if progress is not None:
            progress(where(), stats.cases)
    return per_case


def _report_file(
    path: Path,
    options: _Options,
    reports: list[Report],
    on_bad: Bad | None,
    processes: int,
    progress: Progress | None,
) -> Reported:
    """A JSON Lines file: its ids first (every duplicate, exactly), then its cases, in one
    process or in ``processes`` parts of whole lines."""
    cuts = whole_line_parts(path, processes)
    index = jsonl_index(path, [a for a, _ in cuts])
    if len(cuts) == 1:
        stats = InputStats()
        with path.open("rb") as f:
            within = Source(f, workflows=options.source.workflows, encoding=options.source.encoding)
            batches = columns(within, on_bad=on_bad, stats=stats)
            per_case = _count(
                batches, options, reports, on_bad, stats, None, index, progress, f.tell
            )
        return Reported(tuple(reports), stats, per_case, 1)
    work = [
        ("jsonl", str(path), a, b, first + 1, options, [r.by for r in reports],
         reports[0].period, index)
        for (a, b), first in zip(cuts, index.lines, strict=True)
    ]  # fmt: skip
    return _merged(work, reports, on_bad, progress, path)


def _report_parquet(
    path: Path,
    options: _Options,
    reports: list[Report],
    on_bad: Bad | None,
    processes: int,
    progress: Progress | None,
) -> Reported:
    """A Parquet file in civicflow's layout: its ids first (every duplicate, exactly), then
    its cases, in one process or in ``processes`` runs of whole row groups."""
    from civicflow.exchange.jobs.duplicates import parquet_index
    from civicflow.exchange.tables import read_parquet_columns

    index = parquet_index(path)
    groups = _row_groups(path)
    runs = [g for g in _runs(groups, processes) if g]
    if len(runs) <= 1:
        stats = InputStats()
        batches = read_parquet_columns(
            path, workflows=options.source.workflows, on_bad=on_bad, stats=stats
        )
        per_case = _count(
            batches, options, reports, on_bad, stats, None, index, progress, unit="row"
        )
        return Reported(tuple(reports), stats, per_case, 1)
    work = [
        ("parquet", str(path), run[0], run[-1] + 1, 0, options, [r.by for r in reports],
         reports[0].period, index)
        for run in runs
    ]  # fmt: skip
    return _merged(work, reports, on_bad, progress, path)


def _row_groups(path: Path) -> int:
    """How many row groups a Parquet file has (none when it cannot be read: its reader
    names why)."""
    from civicflow.exchange._extras import extra

    pa = extra("pyarrow", "parquet", "Arrow tables")
    pq = extra("pyarrow.parquet", "parquet", "reading Parquet")
    try:
        with pq.ParquetFile(str(path)) as f:
            return int(f.num_row_groups)
    except (OSError, ValueError, pa.ArrowException):
        return 0


def _runs(groups: int, parts: int) -> list[list[int]]:
    """Row groups ``0 .. groups - 1`` in at most ``parts`` runs of about the same length."""
    return [list(range(groups * k // parts, groups * (k + 1) // parts)) for k in range(parts)]


def _merged(
    work: list[_Job],
    reports: list[Report],
    on_bad: Bad | None,
    progress: Progress | None,
    path: Path,
) -> Reported:
    """The parts counted in processes of their own, merged in order."""
    with multiprocessing.get_context("spawn").Pool(len(work)) as pool:
        results = pool.map(_part, work)
    stats = InputStats()
    per_case = 0
    merged = reports
    for arrays, part_stats, skipped, fatal, part_per_case in results:
        for e in skipped:
            (on_bad or _raise)(_error(e))
        if fatal is not None:
            raise _error(fatal)
        merged = [m.merge(report_of_arrays(a)) for m, a in zip(merged, arrays, strict=True)]
        for name in ("lines", "blank", "cases", "case_lines", "bad", "bad_lines"):
            setattr(stats, name, getattr(stats, name) + getattr(part_stats, name))
        per_case += part_per_case
    if progress is not None:
        progress(path.stat().st_size, stats.cases)
    return Reported(tuple(merged), stats, per_case, len(work))


def why_one_process(source: Source) -> str:
    """Why ``source`` is read in one process, whatever the jobs asked for (only a JSON Lines
    or a Parquet file is read in several)."""
    fmt = source.kind()
    suffix = source.path.suffix.lower() if source.path is not None else ""
    if suffix in (".xlsx", ".xlsm"):
        return (
            "a workbook is read in one process: it is one compressed file, whose rows can "
            "only be read in order"
        )
    if fmt == "cases":
        return "cases in memory are counted in one process"
    if fmt == "table":
        return (
            "an export read through a mapping is read in one process (a Parquet file in "
            "civicflow's layout is read in several, by row groups)"
        )
    if fmt in ("arrow", "frame"):
        return "a table in memory is counted in one process"
    return (
        f"only JSON Lines is read in several processes (the rows of one case in {fmt} may "
        "lie on both sides of a cut)"
    )


def _raise(error: InputError) -> None:
    raise error


#: An InputError as plain data, to cross a process boundary: (file-wide?, line, problems,
#: lines, unit).
_Error = tuple[bool, int, tuple[str, ...], int, str]


def _plain(e: InputError) -> _Error:
    return (isinstance(e, InputFileError), e.line, e.problems, e.lines, e.unit)


def _error(e: _Error) -> InputError:
    whole, line, problems, lines, unit = e
    return (InputFileError if whole else InputError)(line, problems, lines, unit=unit)


def whole_line_parts(path: Path, parts: int) -> list[tuple[int, int]]:
    """``path`` cut into at most ``parts`` runs of whole lines: (first byte, end byte)."""
    size = path.stat().st_size
    bounds = [0]
    with path.open("rb") as f:
        for k in range(1, parts):
            f.seek(size * k // parts)
            f.readline()
            at = f.tell()
            if bounds[-1] < at < size:
                bounds.append(at)
    bounds.append(size)
    return list(itertools.pairwise(bounds))


#: A part of a file for a process: (format, path, start, end, first line, options, the
#: groupings, the period, the index of ids). A JSON Lines part is the bytes from start to
#: end; a Parquet part the row groups from start to end.
_Job = tuple[str, str, int, int, int, _Options, list[tuple[str, ...]], str, Index]


def _part(
    job: _Job,
) -> tuple[list[dict[str, Any]], InputStats, list[_Error], _Error | None, int]:
    """One part of a file, counted in a process of its own: its figures as arrays, its
    counts, the bad lines it skipped (numbered as in the whole file)."""
    fmt, path, start, end, first, options, groups, period, index = job
    reports = [Report(g, period) for g in groups]
    stats = InputStats()
    skipped: list[_Error] = []

    def keep(e: InputError) -> None:
        skipped.append(_plain(e))

    with open(path, "rb") as f:
        f.seek(start)
        try:
            if fmt == "parquet":
                from civicflow.exchange.tables import read_parquet_columns

                batches: Iterable[CaseColumns] = read_parquet_columns(
                    path, row_groups=range(start, end), workflows=options.source.workflows,
                    on_bad=keep, stats=stats,
                )  # fmt: skip
            else:
                batches = read_columns(
                    _run(f, end - start), workflows=options.source.workflows, stats=stats,
                    on_bad=keep, encoding=options.source.encoding, first=first,
                )  # fmt: skip
            unit = "row" if fmt == "parquet" else "line"
            per_case = _count(batches, options, reports, keep, stats, None, index, None, unit=unit)
        except InputError as e:
            return [report_arrays(r) for r in reports], stats, skipped, _plain(e), 0
    return [report_arrays(r) for r in reports], stats, skipped, None, per_case


def _run(f: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The lines of ``f`` that make up its next ``size`` bytes."""
    for line in f:
        yield line
        size -= len(line)
        if size <= 0:
            return


def verdicts(
    source: Source,
    as_of: dt.datetime,
    *,
    policy: PolicyChoice = None,
    calendar: Calendar | None = None,
    language: str = "zh",
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
) -> Iterator[list[Cell]]:
    """One row per case and goal of ``source`` as of ``as_of``, in the columns of
    :func:`~civicflow.exchange.reports.verdicts.verdict_columns`: the rows
    :func:`~civicflow.exchange.reports.verdicts.verdict_rows` gives, read a batch at a time on the
    columnar engine.

    Raises:
        InputError: a bad line, unless ``on_bad`` takes it.
        ArgumentError: an unknown language or format.
    """
    verdict_columns(language)  # checks the language
    counts = stats if stats is not None else InputStats()
    for found in read_once(source, on_bad, counts):
        ev = evaluate_columns(found, as_of, policy=policy, calendar=calendar)
        for row in range(len(found)):
            kept = found.cases.get(row)
            reclassified = kept is not None and bool(kept.received_as)
            yield from evaluation_rows(ev.evaluation(row), reclassified, language)


def recomputed(
    source: Source,
    old: Calendar,
    new: Calendar,
    at: dt.datetime,
    *,
    policy: PolicyChoice = None,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
) -> list[DeadlineChange]:
    """The goals of the cases of ``source`` whose deadline moves or whose verdict flips when
    ``old`` becomes ``new``, as :func:`~civicflow.compliance.recomputation.recompute` lists
    them: each batch evaluated under both calendars on the columnar engine, and compared
    case by case where the arrays differ.

    Raises:
        InputError: a bad line, unless ``on_bad`` takes it.
    """
    counts = stats if stats is not None else InputStats()
    changes: list[DeadlineChange] = []
    for found in read_once(source, on_bad, counts):
        before = evaluate_columns(found, at, policy=policy, calendar=old)
        after = evaluate_columns(found, at, policy=policy, calendar=new)
        for row in _differing(before, after):
            changes += compared(before.evaluation(row), after.evaluation(row), old, new)
    return in_order(changes)


def _differing(before: ColumnEvaluation, after: ColumnEvaluation) -> list[int]:
    """The rows whose goals the two evaluations may tell apart: every row read the per-case
    way by either, and those whose deadline, state or goals differ in the arrays."""
    rows = set(before.left.tolist()) | set(after.left.tolist())
    for name, part in after.parts.items():
        other = before.parts[name]
        differ = np.zeros(part.rows.size, dtype=bool)
        for a, b in zip(part.goals, other.goals, strict=True):
            differ |= (a.applies != b.applies) | (a.deadline != b.deadline) | (a.state != b.state)
        rows.update(part.rows[differ].tolist())
    return sorted(rows)


guard(globals())
