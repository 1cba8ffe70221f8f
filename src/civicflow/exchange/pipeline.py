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
>>> from civicflow.exchange.synth import synth_jsonl
>>> text = "".join(synth_jsonl(300, seed=1))
>>> done = report(Source(io.BytesIO(text.encode())), dt.datetime(2026, 9, 1), by=("department",))
>>> done.reports[0].total().count("received"), done.stats.cases
(300, 300)
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.cases.columns import CaseColumns
from civicflow.cases.workflow import Workflow
from civicflow.compliance.columnar import (
    count_columns,
    report_arrays,
    report_of_arrays,
)
from civicflow.compliance.facts import Indicators
from civicflow.compliance.report import Report
from civicflow.errors import ArgumentError
from civicflow.exchange.duplicates import Index, Seen, jsonl_index
from civicflow.exchange.ingest import (
    FORMATS,
    Bad,
    InputError,
    InputFileError,
    InputStats,
    decoded_lines,
    fail,
    read_cases,
)
from civicflow.exchange.jsonl_columns import BATCH, read_columns
from civicflow.exchange.tables import TableMapping, load_mapping
from civicflow.sla.columnar import PolicyChoice

__all__ = [
    "Progress",
    "Reported",
    "Source",
    "columns",
    "report",
    "usable_jobs",
    "whole_line_parts",
]

#: Called as batches are counted: (bytes of the file read so far, cases counted so far).
Progress = Callable[[int, int], None]


@attrs.frozen
class Source:
    """The cases a bulk job reads, and how to read them.

    Attributes:
        data: a file's path (JSON Lines; CSV with one row per event or per case; a
            platform's export, .csv, .xlsx or .parquet, through ``mapping``), a binary
            stream or the bytes of JSON Lines, a pandas or polars DataFrame (through
            ``mapping``), or any iterable of :class:`~civicflow.Case`.
        format: ``jsonl``, ``csv-events``, ``csv-cases`` or ``table``; default: a table for
            .xlsx, .parquet and anything with a mapping, ``csv-events`` for .csv, else
            JSON Lines (cases in memory need none).
        mapping: how a table's columns are read: a :class:`TableMapping`, or the name of a
            shipped mapping or the path of a mapping file.
        sheet: the sheet of an .xlsx workbook.
        encoding: the text's encoding.
        workflows: workflows by name, besides the presets.
    """

    data: Any
    format: str | None = None
    mapping: TableMapping | str | None = None
    sheet: str | None = None
    encoding: str = "utf-8"
    workflows: Mapping[str, Workflow] | None = None

    @property
    def path(self) -> Path | None:
        """The file read, if it is one."""
        return Path(self.data) if isinstance(self.data, str | os.PathLike) else None

    def kind(self) -> str:
        """The format read (see :attr:`format`): ``cases`` for cases in memory.

        Raises:
            ArgumentError: a table without a mapping, a mapping with another format, or an
                unknown format.
        """
        fmt = self.format
        path = self.path
        if fmt is None:
            suffix = path.suffix.lower() if path is not None else ""
            if (
                self.mapping is not None
                or suffix in (".xlsx", ".xlsm", ".parquet", ".pq")
                or _is_frame(self.data)
            ):
                fmt = "table"
            elif (
                path is None
                and not isinstance(self.data, bytes | bytearray)
                and not hasattr(self.data, "read")
            ):
                fmt = "cases"
            else:
                fmt = "csv-events" if suffix == ".csv" else "jsonl"
        if fmt not in (*FORMATS, "table", "cases"):
            raise ArgumentError(
                f"format must be one of {', '.join((*FORMATS, 'table'))} (got {fmt!r})"
            )
        if fmt == "table" and self.mapping is None:
            raise ArgumentError(
                "a table is read through a mapping: give one, a shipped one or a mapping "
                "file naming its columns (docs/tables.md)"
            )
        if fmt != "table" and self.mapping is not None:
            raise ArgumentError(f"a mapping reads tables, not {fmt}")
        return fmt


def _is_frame(data: object) -> bool:
    module = type(data).__module__
    return module.startswith(("pandas", "polars", "pyarrow"))


def columns(
    source: Source,
    *,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> Iterator[CaseColumns]:
    """The cases of ``source`` as columns, a batch at a time, each row with its line (or
    row, for a table; its position, for cases in memory).

    ``progress`` is called after each batch with the bytes of the file read so far.

    Raises:
        InputError: a bad line, unless ``on_bad`` takes it.
        InputFileError: the input as a whole cannot be read.
    """
    counts = stats if stats is not None else InputStats()
    fmt = source.kind()
    if fmt == "jsonl":
        yield from _jsonl(source, on_bad, counts, batch, progress)
        return
    if fmt == "cases":
        cases: Iterable[Case] = source.data
        numbered = ((n, c) for n, c in enumerate(cases, 1))
        counting = _counted(numbered, counts)
    elif fmt == "table":
        from civicflow.exchange.table_files import read_table

        mapping = source.mapping
        if not isinstance(mapping, TableMapping):
            mapping = load_mapping(mapping)  # type: ignore[arg-type]
        counting = read_table(
            source.data, mapping, sheet=source.sheet, encoding=source.encoding,
            on_bad=on_bad, stats=counts,
        )  # fmt: skip
    else:
        raw = _opened(source)
        try:
            lines = decoded_lines(raw, source.encoding)
            counted = read_cases(
                lines, fmt, workflows=source.workflows, on_bad=on_bad, stats=counts
            )
            yield from _batched(counted, batch)
        finally:
            if raw is not source.data:
                raw.close()
        return
    yield from _batched(counting, batch)


def _batched(cases: Iterator[tuple[int, Case]], size: int) -> Iterator[CaseColumns]:
    """Numbered cases as columns, ``size`` at a time."""
    while True:
        chunk = list(itertools.islice(cases, size))
        if not chunk:
            return
        found = CaseColumns.from_cases(c for _, c in chunk)
        yield attrs.evolve(found, line=np.asarray([n for n, _ in chunk], dtype=np.int64))


def _counted(cases: Iterator[tuple[int, Case]], stats: InputStats) -> Iterator[tuple[int, Case]]:
    for n, case in cases:
        if not isinstance(case, Case):
            raise ArgumentError(f"item {n} of the cases is a {type(case).__name__}, not a Case")
        stats.lines += 1
        stats.read(1)
        yield n, case


def _opened(source: Source) -> Any:
    data = source.data
    if isinstance(data, bytes | bytearray):
        return io.BytesIO(bytes(data))
    if source.path is not None:
        try:
            return source.path.open("rb")
        except OSError as e:
            raise InputFileError(1, (f"cannot read {source.path}: {e.strerror}",), 0) from None
    return data


def _jsonl(
    source: Source,
    on_bad: Bad | None,
    stats: InputStats,
    batch: int,
    progress: Callable[[int], None] | None,
) -> Iterator[CaseColumns]:
    raw = _opened(source)
    try:
        reading = read_columns(
            raw, workflows=source.workflows, on_bad=on_bad, stats=stats, batch=batch,
            encoding=source.encoding,
        )  # fmt: skip
        for found in reading:
            if progress is not None and hasattr(raw, "tell"):
                progress(raw.tell())
            yield found
    finally:
        if raw is not source.data:
            raw.close()


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
        raise ArgumentError(f"jobs must be a whole number of processes, 1 or more (got {jobs!r})")
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
        jobs: processes to read a JSON Lines file in (at most one per CPU); other input is
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
    if processes > 1 and fmt != "jsonl":
        raise ArgumentError(
            f"jobs={jobs}: only JSON Lines is read in several processes (the rows of one "
            f"case in {fmt} may lie on both sides of a cut)"
        )
    if processes > 1 and (path is None or not path.is_file()):
        raise ArgumentError(f"jobs={jobs}: several processes read a file, not a stream")
    options = _Options(as_of, policy, indicators, calendar, source)
    if fmt == "jsonl" and path is not None and path.is_file():
        return _report_file(path, options, reports, on_bad, processes, progress)
    stats = InputStats()
    per_case = _count(
        columns(source, on_bad=on_bad, stats=stats), options, reports, on_bad, stats, Seen(),
        None, progress,
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
) -> int:
    """Count every batch into the reports; returns the cases counted the per-case way."""
    per_case = 0
    for found in batches:
        assert found.line is not None
        lines = found.line.tolist()
        if index is not None:
            bad = {n: index.error(n) for n in lines if n in index.twice}
        else:
            assert seen is not None
            bad = seen.check((str(i) for i in found.id.tolist()), lines)
        if bad:
            keep = [k for k, n in enumerate(lines) if n not in bad]
            for n in sorted(bad):
                _reject(bad[n], on_bad, stats)
            found = found.take(keep)
            lines = [lines[k] for k in keep]
        done = count_columns(
            found, options.as_of, reports, policy=options.policy,
            indicators=options.indicators, calendar=options.calendar,
        )  # fmt: skip
        per_case += done.per_case
        for k, error in sorted(done.errors.items()):
            _reject(InputError(lines[k], (str(error),)), on_bad, stats)
        if progress is not None:
            progress(where(), stats.cases)
    return per_case


def _reject(error: InputError, on_bad: Bad | None, stats: InputStats) -> None:
    """A case read, then refused: counted as a bad line instead."""
    stats.cases -= 1
    stats.case_lines -= error.lines
    fail(error, on_bad, stats)


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
            batches = _jsonl(Source(f, workflows=options.source.workflows,
                                    encoding=options.source.encoding), on_bad, stats, BATCH, None)  # fmt: skip
            per_case = _count(
                batches, options, reports, on_bad, stats, None, index, progress, f.tell
            )
        return Reported(tuple(reports), stats, per_case, 1)
    work = [
        (str(path), a, b, first + 1, options, [r.by for r in reports], reports[0].period, index)
        for (a, b), first in zip(cuts, index.lines, strict=True)
    ]
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


def _raise(error: InputError) -> None:
    raise error


#: An InputError as plain data, to cross a process boundary: (file-wide?, line, problems, lines).
_Error = tuple[bool, int, tuple[str, ...], int]


def _plain(e: InputError) -> _Error:
    return (isinstance(e, InputFileError), e.line, e.problems, e.lines)


def _error(e: _Error) -> InputError:
    whole, line, problems, lines = e
    return (InputFileError if whole else InputError)(line, problems, lines)


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


def _part(
    job: tuple[str, int, int, int, _Options, list[tuple[str, ...]], str, Index],
) -> tuple[list[dict[str, Any]], InputStats, list[_Error], _Error | None, int]:
    """One run of whole lines of a file, counted in a process of its own: its figures as
    arrays, its counts, the bad lines it skipped (numbered as in the whole file)."""
    path, start, end, first, options, groups, period, index = job
    reports = [Report(g, period) for g in groups]
    stats = InputStats()
    skipped: list[_Error] = []

    def keep(e: InputError) -> None:
        skipped.append(_plain(e))

    with open(path, "rb") as f:
        f.seek(start)
        try:
            batches = read_columns(
                _run(f, end - start), workflows=options.source.workflows, stats=stats,
                on_bad=keep, encoding=options.source.encoding, first=first,
            )  # fmt: skip
            per_case = _count(batches, options, reports, keep, stats, None, index, None)
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
