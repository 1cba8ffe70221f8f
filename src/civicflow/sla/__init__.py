"""SLA clocks: policies, the clocks they put on cases, and the presets.

A :class:`Policy` sets goals on a workflow's cases. Evaluating one replays the case's
history per goal (:mod:`~civicflow.sla.replay`), measures the clock on the calendar
(:mod:`~civicflow.sla._clock`), reads its status (:mod:`~civicflow.sla.status`) and can
explain it (:mod:`~civicflow.sla.explain`). :mod:`~civicflow.sla.presets` holds the four
preset workflows and policies.

May import: :mod:`civicflow.cases`, :mod:`civicflow.limits`, :mod:`civicflow.calendars` and
:mod:`civicflow.errors`.
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.sla.cycles import cycles
from civicflow.sla.evaluation import evaluate
from civicflow.sla.explain import (
    GoalExplanation,
    Segment,
    explain_goal,
)
from civicflow.sla.policy import (
    Goal,
    Limit,
    Policy,
    Target,
    Warnings,
)
from civicflow.sla.presets import (
    hotline_policy,
    hotline_workflow,
    licence_policy,
    licence_workflow,
    preset_policy,
    preset_workflows,
    rating_policy,
    rating_workflow,
    urban_policy,
    urban_workflow,
)
from civicflow.sla.status import (
    Card,
    ClockState,
    Evaluation,
    GoalStatus,
)

__all__ = [
    "Card",
    "ClockState",
    "ColumnEvaluation",
    "Evaluation",
    "Goal",
    "GoalColumns",
    "GoalExplanation",
    "GoalStatus",
    "Limit",
    "Policy",
    "Segment",
    "Target",
    "Warnings",
    "cycles",
    "evaluate",
    "evaluate_columns",
    "explain_goal",
    "hotline_policy",
    "hotline_workflow",
    "licence_policy",
    "licence_workflow",
    "preset_policy",
    "preset_workflows",
    "rating_policy",
    "rating_workflow",
    "urban_policy",
    "urban_workflow",
]

if TYPE_CHECKING:
    from civicflow.sla.columnar import ColumnEvaluation, GoalColumns, evaluate_columns

#: The columnar names and their modules (see ``__getattr__``).
_COLUMNAR = {
    "ColumnEvaluation": "civicflow.sla.columnar",
    "GoalColumns": "civicflow.sla.columnar",
    "evaluate_columns": "civicflow.sla.columnar",
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
