"""Input and output: JSON schemas, bulk input, report output, partitions, synthetic data.

Everything that turns civicflow's values into text or files and back: the versioned JSON of
cases, policies and calendars (:mod:`~civicflow.exchange.serialization`), JSON Lines and CSV
input (:mod:`~civicflow.exchange.ingest`), reports as a table, CSV, JSON and SVG
(:mod:`~civicflow.exchange.reporting`), the due-soon list as a table, CSV, JSON and files
(:mod:`~civicflow.exchange.due_tables`), reports over partitions
(:mod:`~civicflow.exchange.partitions`) and synthetic cases (:mod:`~civicflow.exchange.synth`);
and the columnar engine's readers: JSON Lines (:mod:`~civicflow.exchange.jsonl_columns`),
Arrow tables and Parquet in civicflow's layout (:mod:`~civicflow.exchange.arrow_columns`),
platforms' exports through a mapping (:mod:`~civicflow.exchange.table_columns`) and
DataFrames (:func:`~civicflow.exchange.frames.frame_columns`).

May import: :mod:`civicflow.compliance` and every layer below it.
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.exchange.calendar_files import (
    CALENDAR_SCHEMA,
    calendar_from_json,
    calendar_to_json,
)
from civicflow.exchange.due_tables import (
    DUE_SCHEMA,
    due_json,
    due_table,
    write_due,
)
from civicflow.exchange.ingest import (
    CSV_COLUMNS,
    FORMATS,
    InputError,
    read_cases,
)
from civicflow.exchange.reporting import (
    report_csv,
    report_json,
    report_svg,
    report_table,
)
from civicflow.exchange.serialization import (
    CASE_SCHEMA,
    POLICY_SCHEMA,
    case_from_json,
    case_to_json,
    policy_from_json,
    policy_to_json,
)
from civicflow.exchange.synth import (
    KINDS,
    synth_cases,
    synth_jsonl,
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
    from civicflow.exchange.arrow_columns import (
        arrow_schema,
        from_arrow,
        read_parquet_columns,
        to_arrow,
        write_parquet_columns,
    )
    from civicflow.exchange.frames import frame_columns
    from civicflow.exchange.jsonl_columns import read_columns
    from civicflow.exchange.partitions import merge_reports, report_lines
    from civicflow.exchange.table_columns import read_table_columns

#: The columnar names and their modules (see ``__getattr__``).
_COLUMNAR = {
    "merge_reports": "civicflow.exchange.partitions",
    "report_lines": "civicflow.exchange.partitions",
    "read_columns": "civicflow.exchange.jsonl_columns",
    "arrow_schema": "civicflow.exchange.arrow_columns",
    "from_arrow": "civicflow.exchange.arrow_columns",
    "read_parquet_columns": "civicflow.exchange.arrow_columns",
    "to_arrow": "civicflow.exchange.arrow_columns",
    "write_parquet_columns": "civicflow.exchange.arrow_columns",
    "read_table_columns": "civicflow.exchange.table_columns",
    "frame_columns": "civicflow.exchange.frames",
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
