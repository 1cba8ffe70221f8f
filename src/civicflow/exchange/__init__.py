"""Input and output: JSON schemas, bulk input, report output, partitions, synthetic data.

Everything that turns civicflow's values into text or files and back: the versioned JSON of
cases, policies and calendars (:mod:`~civicflow.exchange.serialization`), JSON Lines and CSV
input (:mod:`~civicflow.exchange.ingest`), reports as a table, CSV, JSON and SVG
(:mod:`~civicflow.exchange.reporting`), reports over partitions
(:mod:`~civicflow.exchange.partitions`) and synthetic cases (:mod:`~civicflow.exchange.synth`).

May import: :mod:`civicflow.compliance` and every layer below it.
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.exchange.calendar_files import (
    CALENDAR_SCHEMA,
    calendar_from_json,
    calendar_to_json,
)
from civicflow.exchange.ingest import (
    CSV_COLUMNS,
    FORMATS,
    InputError,
    read_cases,
)
from civicflow.exchange.partitions import (
    merge_reports,
    report_lines,
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
    "FORMATS",
    "KINDS",
    "POLICY_SCHEMA",
    "InputError",
    "calendar_from_json",
    "calendar_to_json",
    "case_from_json",
    "case_to_json",
    "merge_reports",
    "policy_from_json",
    "policy_to_json",
    "read_cases",
    "read_columns",
    "report_csv",
    "report_json",
    "report_lines",
    "report_svg",
    "report_table",
    "synth_cases",
    "synth_jsonl",
]

if TYPE_CHECKING:
    from civicflow.exchange.jsonl_columns import read_columns

#: The columnar names and their modules (see ``__getattr__``).
_COLUMNAR = {
    "read_columns": "civicflow.exchange.jsonl_columns",
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
