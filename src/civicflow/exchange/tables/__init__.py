"""Tables: platforms' exports read through a mapping, tables written, Arrow and DataFrames.

- :mod:`~civicflow.exchange.tables.mappings`: :class:`TableMapping`, how a platform's export
  (one row per case, a time column per milestone) maps to cases; the shipped mappings.
- :mod:`~civicflow.exchange.tables.files`: CSV, ``.xlsx``, Parquet and DataFrames read a row
  at a time, within limits (:class:`TableLimits`).
- :mod:`~civicflow.exchange.tables.writing`: tables written as CSV, ``.xlsx`` and Parquet; a
  platform's export of cases.
- :mod:`~civicflow.exchange.tables.columns`: the same exports read into columns through a
  mapping, the columnar engine's table reader.
- :mod:`~civicflow.exchange.tables.arrow_columns`: cases as Arrow tables and Parquet in
  civicflow's own layout, read into columns.
- :mod:`~civicflow.exchange.tables.frames`: DataFrames: a column of deadlines, and cases as
  columns.

The last three are loaded on first use: they need NumPy. Private to the room: ``_batches``
(tables a batch of rows at a time), ``_cell_columns`` (a column's cells read at once),
``_arrow_layout`` and ``_arrow_writing`` (civicflow's Arrow layout read and written).
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.exchange.tables.files import TABLE_FORMATS, TableLimits, read_table
from civicflow.exchange.tables.mappings import (
    MAPPINGS,
    EventColumn,
    TableMapping,
    case_of_row,
    load_mapping,
    mapping_from_data,
    row_of_case,
    shipped_mapping,
)
from civicflow.exchange.tables.writing import Column, export_cases, write_csv, write_table

__all__ = [
    "MAPPINGS",
    "TABLE_FORMATS",
    "Column",
    "EventColumn",
    "TableLimits",
    "TableMapping",
    "arrow_schema",
    "case_of_row",
    "deadlines_frame",
    "export_cases",
    "frame_columns",
    "from_arrow",
    "load_mapping",
    "mapping_from_data",
    "read_parquet_columns",
    "read_table",
    "read_table_columns",
    "row_of_case",
    "shipped_mapping",
    "to_arrow",
    "write_csv",
    "write_parquet_columns",
    "write_table",
]

if TYPE_CHECKING:
    from civicflow.exchange.tables.arrow_columns import (
        arrow_schema,
        from_arrow,
        read_parquet_columns,
        to_arrow,
        write_parquet_columns,
    )
    from civicflow.exchange.tables.columns import read_table_columns
    from civicflow.exchange.tables.frames import deadlines_frame, frame_columns

#: The columnar names and their modules (see ``__getattr__``).
_COLUMNAR = {
    "arrow_schema": "civicflow.exchange.tables.arrow_columns",
    "from_arrow": "civicflow.exchange.tables.arrow_columns",
    "read_parquet_columns": "civicflow.exchange.tables.arrow_columns",
    "to_arrow": "civicflow.exchange.tables.arrow_columns",
    "write_parquet_columns": "civicflow.exchange.tables.arrow_columns",
    "read_table_columns": "civicflow.exchange.tables.columns",
    "deadlines_frame": "civicflow.exchange.tables.frames",
    "frame_columns": "civicflow.exchange.tables.frames",
}


def __getattr__(name: str) -> object:
    """The columnar names, imported on first use: their modules load NumPy, which a program
    that reads a table a row at a time need not pay for."""
    module = _COLUMNAR.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
