"""Input and output: JSON schemas, bulk input, report output, partitions, synthetic data.

Everything that turns civicflow's values into text or files and back: the versioned JSON of
cases, policies and calendars (:mod:`~civicflow.exchange.serialization`), JSON Lines and CSV
input (:mod:`~civicflow.exchange.ingest`), reports as a table, CSV, JSON and SVG
(:mod:`~civicflow.exchange.reporting`), the due-soon list as a table, CSV, JSON and files
(:mod:`~civicflow.exchange.due_tables`), reports over partitions
(:mod:`~civicflow.exchange.partitions`) and synthetic cases (:mod:`~civicflow.exchange.synth`).

May import: :mod:`civicflow.compliance` and every layer below it.
"""

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
    "calendar_from_json",
    "calendar_to_json",
    "case_from_json",
    "case_to_json",
    "due_json",
    "due_table",
    "merge_reports",
    "policy_from_json",
    "policy_to_json",
    "read_cases",
    "report_csv",
    "report_json",
    "report_lines",
    "report_svg",
    "report_table",
    "synth_cases",
    "write_due",
]
