"""Reports over partitions: the same figures from many machines, merged.

A distributed engine maps :func:`report_lines` over the partitions of the input (each a run
of JSON Lines, read straight into columns a batch at a time and counted on the columnar
engine), or :func:`report_batches` over partitions read as columns (a Parquet file's row
groups, Arrow record batches), and merges the partial reports with :func:`merge_reports`. Tallies merge
associatively, so the result equals the single-process report exactly, however the input
was split (``docs/distributed.md`` has the Dask and Spark recipes). A partial report
crosses a process or a machine as plain NumPy arrays (:func:`partial_arrays`), or as the
bytes of them (:func:`partial_bytes`), never as pickled objects.

>>> from civicflow.exchange.documents.synth import synth_cases
>>> from civicflow.exchange.documents.serialization import case_to_json
>>> import datetime as dt
>>> lines = [case_to_json(c, indent=None) for c in synth_cases(30, seed=1)]
>>> as_of = dt.datetime(2026, 9, 1)
>>> whole = report_lines(lines, by=("department",), period="month", as_of=as_of)
>>> parts = [report_lines(lines[i:i + 7], by=("department",), period="month", as_of=as_of) for i in range(0, 30, 7)]
>>> merge_reports(parts) == whole
True
>>> merge_reports(report_from_bytes(partial_bytes(p)) for p in parts) == whole
True
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.columns import CaseColumns
from civicflow.cases.workflow import Workflow
from civicflow.compliance.columnar import count_columns, report_arrays, report_of_arrays
from civicflow.compliance.facts import Indicators
from civicflow.compliance.report import Report
from civicflow.errors import ArgumentError, ArgumentTypeError, CivicflowError, shown
from civicflow.exchange.documents import InputError, read_columns
from civicflow.exchange.jobs.duplicates import Seen
from civicflow.sla.policy import Policy

__all__ = [
    "merge_reports",
    "partial_arrays",
    "partial_bytes",
    "report_batches",
    "report_from_arrays",
    "report_from_bytes",
    "report_lines",
]


def report_lines(
    lines: Iterable[str] | Iterable[bytes],
    *,
    by: tuple[str, ...] = (),
    period: str = "all",
    as_of: dt.datetime,
    policy: Policy | None = None,
    indicators: Indicators | None = None,
    calendar: Calendar | None = None,
    workflows: Mapping[str, Workflow] | None = None,
) -> Report:
    """The report of the cases in ``lines`` (JSON Lines, one case each, text or bytes), read
    into columns a batch at a time: memory holds one batch besides the lines themselves.

    Args:
        lines: the cases, one ``civicflow.case/1`` document per line.
        by: the fields to group by, as for :class:`~civicflow.compliance.report.Report`.
        period: the period of receipt to group by.
        as_of: the instant of the figures.
        policy: the policy of every case; default: each case's preset policy.
        indicators: default: the preset indicators of the policy's workflow.
        calendar: default: :func:`~civicflow.china_calendar`.
        workflows: workflows by name, besides the presets.

    Raises:
        InputError: a bad line (with its number within ``lines``), a case whose id came
            before in ``lines``, or a case whose fields its report cannot use.
    """
    return report_batches(
        read_columns(lines, workflows=workflows), by=by, period=period, as_of=as_of,
        policy=policy, indicators=indicators, calendar=calendar,
    )  # fmt: skip


def report_batches(
    batches: Iterable[CaseColumns],
    *,
    by: tuple[str, ...] = (),
    period: str = "all",
    as_of: dt.datetime,
    policy: Policy | None = None,
    indicators: Indicators | None = None,
    calendar: Calendar | None = None,
    unit: str = "line",
) -> Report:
    """The report of the cases of ``batches`` (columns read from any input: a partition's
    Parquet row groups with :func:`~civicflow.exchange.tables.arrow_columns.read_parquet_columns`,
    its Arrow record batches with :func:`~civicflow.exchange.tables.arrow_columns.from_arrow`).

    Args:
        batches: the cases, a batch of columns at a time.
        by: the fields to group by.
        period: the period of receipt to group by.
        as_of: the instant of the figures.
        policy: the policy of every case; default: each case's preset policy.
        indicators: default: the preset indicators of the policy's workflow.
        calendar: default: :func:`~civicflow.china_calendar`.
        unit: what the batches' row numbers count, for the errors (``line`` or ``row``).

    Raises:
        InputError: a case whose id came before in ``batches``, or whose fields its report
            cannot use (numbered by the batches' own numbers).
    """
    report = Report(by, period)
    seen = Seen(unit)
    for batch in batches:
        if not isinstance(batch, CaseColumns):
            raise ArgumentTypeError("batches", batch, "batches of CaseColumns")
        lines = batch.line.tolist() if batch.line is not None else list(range(1, len(batch) + 1))
        twice = seen.check((str(i) for i in batch.id.tolist()), lines)
        if twice:
            raise twice[min(twice)]
        done = count_columns(
            batch, as_of, (report,), policy=policy, indicators=indicators, calendar=calendar
        )
        if done.errors:
            row = min(done.errors)
            raise InputError(lines[row], (str(done.errors[row]),), unit=unit)
    return report


def partial_arrays(report: Report) -> dict[str, npt.NDArray[Any]]:
    """A partial report as plain NumPy arrays, to send to where the parts are merged."""
    return report_arrays(report)


def report_from_arrays(arrays: Mapping[str, npt.NDArray[Any]]) -> Report:
    """The report of :func:`partial_arrays`.

    Raises:
        ArgumentError: the arrays are not those of a partial report.
    """
    return _partial(lambda: report_of_arrays(arrays), "arrays", "partial_arrays")


def partial_bytes(report: Report) -> bytes:
    """A partial report as bytes (its arrays in NumPy's ``.npz`` form, no pickled object):
    what a Spark ``mapInArrow`` task sends back in a binary column."""
    out = io.BytesIO()
    save: Any = np.savez  # typed as if a name could be its allow_pickle flag
    save(out, **report_arrays(report))
    return out.getvalue()


def report_from_bytes(data: bytes) -> Report:
    """The report of :func:`partial_bytes`.

    Raises:
        ArgumentError: the bytes are not those of a partial report.
    """

    def read() -> Report:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            return report_of_arrays({name: arrays[name] for name in arrays.files})

    return _partial(read, "bytes", "partial_bytes")


#: What reading arrays or bytes that are not a partial report's raises.
_NOT_A_PART = (
    AttributeError, EOFError, IndexError, KeyError, OSError, TypeError, ValueError,
    zipfile.BadZipFile,
)  # fmt: skip


def _partial(read: Callable[[], Report], what: str, maker: str) -> Report:
    """``read()``, or an error saying that the ``what`` are not those of a partial report."""
    try:
        return read()
    except CivicflowError:
        raise
    except _NOT_A_PART as exc:
        raise ArgumentError(
            f"these {what} are not those of a partial report ({shown(exc)}): "
            f"give what {maker} made of one"
        ) from None


def merge_reports(reports: Iterable[Report]) -> Report:
    """All the reports merged into one.

    Raises:
        ValueError: no report was given, or they group differently.
    """
    merged: Report | None = None
    for r in reports:
        merged = r if merged is None else merged.merge(r)
    if merged is None:
        raise ArgumentError(
            "no report to merge: give at least one (an empty partition gives an empty one)"
        )
    return merged


guard(globals())
