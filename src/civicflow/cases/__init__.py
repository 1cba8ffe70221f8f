"""Workflows and event-sourced cases.

A :class:`Workflow` is a validated set of states and transitions; a :class:`Case` is its
opening plus the events applied to it, each refused or accepted as a whole.

May import: :mod:`civicflow.limits`, :mod:`civicflow.calendars` and :mod:`civicflow.errors`.
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.cases.case import (
    Case,
    Event,
)
from civicflow.cases.workflow import (
    ExtensionRule,
    Transition,
    Workflow,
)

__all__ = [
    "Case",
    "CaseColumns",
    "Coded",
    "Event",
    "ExtensionRule",
    "Transition",
    "Workflow",
]

if TYPE_CHECKING:
    from civicflow.cases.columns import CaseColumns, Coded

#: The columnar names and their modules (see ``__getattr__``).
_COLUMNAR = {
    "CaseColumns": "civicflow.cases.columns",
    "Coded": "civicflow.cases.columns",
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
