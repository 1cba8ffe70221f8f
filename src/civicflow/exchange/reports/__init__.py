"""Reports out: the figures of a report, the verdicts of cases, the due-soon list, 考核 workbooks.

- :mod:`~civicflow.exchange.reports.formats`: a report as a terminal table, CSV, JSON and an
  SVG chart, and its scores.
- :mod:`~civicflow.exchange.reports.verdicts`: one row per case and goal (明细), as rows, a
  file or a DataFrame.
- :mod:`~civicflow.exchange.reports.due_tables`: the due-soon list as a table, CSV, JSON,
  ``.xlsx`` and Parquet.
- :mod:`~civicflow.exchange.reports.workbook`: the 考核 workbook, a sheet per grouping.
- :mod:`~civicflow.exchange.reports.score_files`: score books of one's own, read from JSON.
"""

from civicflow.exchange.reports.due_tables import (
    DUE_SCHEMA,
    due_columns,
    due_json,
    due_rows,
    due_summary,
    due_table,
    write_due,
)
from civicflow.exchange.reports.formats import (
    provisional_note,
    report_csv,
    report_json,
    report_rows,
    report_svg,
    report_table,
    score_rows,
    score_table,
)
from civicflow.exchange.reports.score_files import SCORE_BOOK_SCHEMA, score_book_from_json
from civicflow.exchange.reports.verdicts import (
    LANGUAGES,
    evaluation_rows,
    verdict_columns,
    verdict_rows,
    verdicts_frame,
    write_verdicts,
)
from civicflow.exchange.reports.workbook import COUNT_LABELS, FIELD_LABELS, write_workbook

__all__ = [
    "COUNT_LABELS",
    "DUE_SCHEMA",
    "FIELD_LABELS",
    "LANGUAGES",
    "SCORE_BOOK_SCHEMA",
    "due_columns",
    "due_json",
    "due_rows",
    "due_summary",
    "due_table",
    "evaluation_rows",
    "provisional_note",
    "report_csv",
    "report_json",
    "report_rows",
    "report_svg",
    "report_table",
    "score_book_from_json",
    "score_rows",
    "score_table",
    "verdict_columns",
    "verdict_rows",
    "verdicts_frame",
    "write_due",
    "write_verdicts",
    "write_workbook",
]
