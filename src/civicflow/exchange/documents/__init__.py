"""Cases and policies as documents: civicflow's versioned JSON, JSON Lines and CSV, in and out.

- :mod:`~civicflow.exchange.documents.serialization`: the versioned JSON of a case and of a
  policy, written and read with every field checked.
- :mod:`~civicflow.exchange.documents.ingest`: cases in bulk from JSON Lines and two CSV
  layouts, one at a time, every line read, blank or reported (:class:`InputStats`).
- :mod:`~civicflow.exchange.documents.jsonl_columns`: JSON Lines read straight into columns,
  the columnar engine's reader (loaded on first use: it needs NumPy and msgspec).
- :mod:`~civicflow.exchange.documents.synth`: synthetic cases and their JSON Lines.

Private to the room: ``_lines`` (lines of bytes a batch at a time) and ``_synth_draws`` (the
synthetic cases' random draws).
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.exchange.documents.ingest import (
    CSV_COLUMNS,
    FORMATS,
    Bad,
    InputError,
    InputFileError,
    InputStats,
    decoded_lines,
    read_cases,
)
from civicflow.exchange.documents.serialization import (
    CASE_SCHEMA,
    POLICY_SCHEMA,
    case_from_json,
    case_to_json,
    checked_case,
    policy_from_json,
    policy_to_json,
)
from civicflow.exchange.documents.synth import KINDS, synth_cases, synth_jsonl

__all__ = [
    "BATCH",
    "CASE_SCHEMA",
    "CSV_COLUMNS",
    "FORMATS",
    "KINDS",
    "POLICY_SCHEMA",
    "Bad",
    "InputError",
    "InputFileError",
    "InputStats",
    "case_from_json",
    "case_to_json",
    "checked_case",
    "decoded_lines",
    "policy_from_json",
    "policy_to_json",
    "read_cases",
    "read_columns",
    "synth_cases",
    "synth_jsonl",
]

if TYPE_CHECKING:
    from civicflow.exchange.documents.jsonl_columns import BATCH, read_columns

#: The columnar names and their modules (see ``__getattr__``).
_COLUMNAR = {
    "BATCH": "civicflow.exchange.documents.jsonl_columns",
    "read_columns": "civicflow.exchange.documents.jsonl_columns",
}


def __getattr__(name: str) -> object:
    """The columnar names, imported on first use: their module loads NumPy and msgspec,
    which a program that reads one case at a time need not pay for."""
    module = _COLUMNAR.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
