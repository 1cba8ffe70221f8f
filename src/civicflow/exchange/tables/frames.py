"""pandas DataFrames in and out (``pip install 'civicflow[pandas]'``), and pandas or polars
DataFrames into columns.

One entry point a DataFrame in and a DataFrame out:

- :func:`deadlines_frame`: a column of start times and a limit (one for every row, or a
  column of them) to a column of deadlines, computed by :func:`civicflow.deadline` row by row:
  naive and aware times are handled exactly as the scalar call handles them, and a missing
  start (``NaT``, ``None``) gives a missing deadline (``NaT``).

And one for the columnar engine, a DataFrame in and :class:`~civicflow.CaseColumns` out:

- :func:`frame_columns`: a pandas or polars DataFrame in civicflow's own layout (through
  Arrow, as :func:`~civicflow.exchange.tables.arrow_columns.from_arrow` reads it), or a platform's
  export read through a mapping (as
  :func:`~civicflow.exchange.tables.columns.read_table_columns` reads it).

The verdicts of cases as a DataFrame are a report:
:func:`~civicflow.exchange.reports.verdicts.verdicts_frame`. ``docs/dataframes.md`` walks
through them, notebook-style.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.columns import CaseColumns
from civicflow.cases.workflow import Workflow
from civicflow.errors import ArgumentError, ArgumentTypeError, shown
from civicflow.exchange._cells import cell_time, is_missing
from civicflow.exchange._extras import extra
from civicflow.exchange._frames import moments, pandas
from civicflow.exchange._refusals import refuse
from civicflow.exchange.documents import Bad, InputFileError, InputStats
from civicflow.exchange.tables.arrow_columns import from_arrow
from civicflow.exchange.tables.columns import read_table_columns
from civicflow.exchange.tables.mappings import TableMapping
from civicflow.limits.arithmetic import deadline
from civicflow.limits.duration import Duration

__all__ = ["deadlines_frame", "frame_columns"]


def _unicode(text: str) -> bool:
    """Whether ``text`` has a UTF-8 form (no lone surrogate), as a DataFrame's names need."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def deadlines_frame(
    frame: Any,
    limit: str | Duration | None = None,
    *,
    start: str = "start",
    limit_column: str | None = None,
    column: str = "deadline",
    calendar: Calendar | None = None,
) -> Any:
    """A copy of ``frame`` with a column of deadlines: ``start`` plus the limit, on the
    calendar, as :func:`civicflow.deadline` gives it for each row.

    Args:
        frame: a DataFrame with a column of start times (naive local times or aware).
        limit: the limit of every row (``"3个工作日"``, a Duration); or
        limit_column: the column holding each row's limit.
        start: the column of the starts.
        column: the column added.
        calendar: default: :func:`~civicflow.china_calendar`.

    Raises:
        ArgumentError: not exactly one of ``limit`` and ``limit_column``, a missing column,
            a start that is not a moment (with its row), or pandas is not installed.
        ArgumentTypeError: a column's name that is not a str.
        DurationError: a limit that does not parse (with its row).
        CalendarCoverageError: a deadline past the calendar's data (with its row).
    """
    pd = pandas()
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"'frame' must be a pandas DataFrame (got {type(frame).__name__})")
    for argument, label in (("start", start), ("limit_column", limit_column), ("column", column)):
        if not isinstance(label, str) and (label is not None or argument != "limit_column"):
            raise ArgumentTypeError(argument, label, "a column's name, a str")
    if not column.isascii() and not _unicode(column):
        raise ArgumentError(f"column {shown(column)}: a name with no UTF-8 form (a lone surrogate)")
    if (limit is None) == (limit_column is None):
        raise ArgumentError("give the limit of every row (limit=) or its column (limit_column=)")
    for name in (start, limit_column):
        if name is not None and name not in frame.columns:
            raise ArgumentError(
                f"no column {name!r}; the columns: {', '.join(map(str, frame.columns))}"
            )
    limits = frame[limit_column] if limit_column is not None else [limit] * len(frame)
    found: list[dt.datetime | None] = []
    for n, (label, moment, each) in enumerate(zip(frame.index, frame[start], limits, strict=True)):
        try:
            begin = cell_time(moment)
        except ValueError as exc:
            raise ArgumentError(f"row {label!r} (position {n}), column {start}: {exc}") from None
        if begin is None or is_missing(each):
            found.append(None)
            continue
        try:
            found.append(deadline(begin, each, calendar=calendar))
        except ValueError as exc:  # the same error, its attributes kept, naming the row
            exc.args = (f"row {label!r} (position {n}): {exc}",)
            raise
    out = frame.copy()
    out[column] = moments(pd, pd.Series(found, index=frame.index, dtype="object"))
    return out


def frame_columns(
    frame: Any,
    *,
    mapping: TableMapping | None = None,
    workflows: Mapping[str, Workflow] | None = None,
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
) -> CaseColumns:
    """The cases of a pandas or polars DataFrame as columns, each row with its number (1 for
    the first row).

    Args:
        frame: one row per case: in civicflow's own layout (the columns of
            :mod:`~civicflow.exchange.tables.arrow_columns`), or a platform's export.
        mapping: how an export's columns map to cases; ``None``: the frame is in
            civicflow's layout.
        workflows: workflows by name, besides the presets (civicflow's layout; a mapping
            names its own).
        on_bad: called with each bad row's error, which is then skipped; ``None`` raises
            the first one instead.
        stats: filled in row by row.

    Raises:
        InputFileError: the frame is not in the layout (or lacks the mapping's columns),
            or pandas cannot give it to Arrow.
        InputError: a bad row, when ``on_bad`` is ``None``.
        ArgumentError: not a pandas or polars DataFrame, or pyarrow (civicflow[parquet])
            is not installed for a frame in civicflow's layout.
    """
    module = type(frame).__module__.split(".")[0]
    if module not in ("pandas", "polars") or not hasattr(frame, "columns"):
        raise ArgumentError(f"expected a pandas or polars DataFrame (got {type(frame).__name__})")
    counts = stats if stats is not None else InputStats()
    if mapping is not None:
        parts = list(read_table_columns(frame, mapping, on_bad=on_bad, stats=counts))
        if not parts:
            return attrs.evolve(CaseColumns.from_cases(()), line=np.zeros(0, dtype=np.int64))
        return CaseColumns.concat(parts)
    pa = extra("pyarrow", "parquet", "a DataFrame in civicflow's layout")
    if module == "polars":
        table = frame.to_arrow()
    else:
        try:
            table = pa.Table.from_pandas(frame, preserve_index=False)
        except (pa.ArrowException, TypeError, ValueError) as exc:
            refuse(
                InputFileError(0, (f"the DataFrame cannot be read as Arrow columns: {exc}",), 0,
                               unit="row"),
                counts,
            )  # fmt: skip
    return from_arrow(table, workflows=workflows, on_bad=on_bad, stats=counts)


guard(globals())
