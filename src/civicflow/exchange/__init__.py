"""Input and output: documents, tables, calendar files, reports and the bulk jobs.

Everything that turns civicflow's values into text or files and back, in five rooms, each a
package whose ``__init__`` is its one door (its ``__all__`` is the room's public names):

- :mod:`civicflow.exchange.documents`: cases and policies as civicflow's versioned JSON, JSON
  Lines and CSV, in and out, one case at a time or straight into columns; synthetic cases.
- :mod:`civicflow.exchange.tables`: platforms' exports read through a mapping, tables written
  (CSV, ``.xlsx``, Parquet), cases as Arrow tables and Parquet in civicflow's own layout, and
  DataFrames.
- :mod:`civicflow.exchange.calendar_files`: a calendar's description as JSON, holiday-cn's
  yearly files, iCalendar.
- :mod:`civicflow.exchange.reports`: reports as a table, CSV, JSON and SVG, verdicts (明细),
  the due-soon list, 考核 workbooks, score books from JSON.
- :mod:`civicflow.exchange.jobs`: the bulk jobs over any input, in one process or several,
  and reports over partitions (Dask, Spark).

This package re-exports the names most programs use; the rooms hold the rest. The modules
beside the rooms (``_json``, ``_cells``, ``_files``...) are private helpers the rooms share.

May import: :mod:`civicflow.compliance` and every layer below it.
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.exchange.calendar_files import CALENDAR_SCHEMA, calendar_from_json, calendar_to_json
from civicflow.exchange.documents import (
    CASE_SCHEMA,
    CSV_COLUMNS,
    FORMATS,
    KINDS,
    POLICY_SCHEMA,
    InputError,
    case_from_json,
    case_to_json,
    policy_from_json,
    policy_to_json,
    read_cases,
    synth_cases,
    synth_jsonl,
)
from civicflow.exchange.reports import (
    DUE_SCHEMA,
    due_json,
    due_table,
    report_csv,
    report_json,
    report_svg,
    report_table,
    write_due,
)

__all__ = [
    "CALENDAR_SCHEMA",
    "CASE_SCHEMA",
    "CSV_COLUMNS",
    "DUE_SCHEMA",
    "FORMATS",
    "KINDS",
    "POLICY_SCHEMA",
    "InputError",
    "arrow_schema",
    "calendar_from_json",
    "calendar_to_json",
    "case_from_json",
    "case_to_json",
    "due_json",
    "due_table",
    "frame_columns",
    "from_arrow",
    "merge_reports",
    "policy_from_json",
    "policy_to_json",
    "read_cases",
    "read_columns",
    "read_parquet_columns",
    "read_table_columns",
    "report_csv",
    "report_json",
    "report_lines",
    "report_svg",
    "report_table",
    "synth_cases",
    "synth_jsonl",
    "to_arrow",
    "write_due",
    "write_parquet_columns",
]

if TYPE_CHECKING:
    from civicflow.exchange.documents import read_columns
    from civicflow.exchange.jobs import merge_reports, report_lines
    from civicflow.exchange.tables import (
        arrow_schema,
        frame_columns,
        from_arrow,
        read_parquet_columns,
        read_table_columns,
        to_arrow,
        write_parquet_columns,
    )

#: The columnar names and their rooms (see ``__getattr__``).
_COLUMNAR = {
    "merge_reports": "civicflow.exchange.jobs",
    "report_lines": "civicflow.exchange.jobs",
    "read_columns": "civicflow.exchange.documents",
    "arrow_schema": "civicflow.exchange.tables",
    "from_arrow": "civicflow.exchange.tables",
    "read_parquet_columns": "civicflow.exchange.tables",
    "to_arrow": "civicflow.exchange.tables",
    "write_parquet_columns": "civicflow.exchange.tables",
    "read_table_columns": "civicflow.exchange.tables",
    "frame_columns": "civicflow.exchange.tables",
}


def __getattr__(name: str) -> object:
    """The columnar names, imported on first use: their modules load NumPy, which a
    program that counts one case at a time need not pay for."""
    module = _COLUMNAR.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
