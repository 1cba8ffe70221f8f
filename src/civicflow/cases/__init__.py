"""Workflows and event-sourced cases.

A :class:`Workflow` is a validated set of states and transitions; a :class:`Case` is its
opening plus the events applied to it, each refused or accepted as a whole.

May import: :mod:`civicflow.limits`, :mod:`civicflow.calendars` and :mod:`civicflow.errors`.
"""

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
    "Event",
    "ExtensionRule",
    "Transition",
    "Workflow",
]
