"""SLA clocks: policies, the clocks they put on cases, and the presets.

A :class:`Policy` sets goals on a workflow's cases. Evaluating one replays the case's
history per goal (:mod:`~civicflow.sla.replay`), measures the clock on the calendar
(:mod:`~civicflow.sla._clock`), reads its status (:mod:`~civicflow.sla.status`) and can
explain it (:mod:`~civicflow.sla.explain`); :mod:`~civicflow.sla.schedule` gives the instants
ahead at which running clocks cross their lines. :mod:`~civicflow.sla.presets` holds the four
preset workflows and policies.

May import: :mod:`civicflow.cases`, :mod:`civicflow.limits`, :mod:`civicflow.calendars` and
:mod:`civicflow.errors`.
"""

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
from civicflow.sla.schedule import (
    Alert,
    AlertKind,
    ClockSchedule,
    Unscheduled,
    clock_schedule,
)
from civicflow.sla.status import (
    Card,
    ClockState,
    Evaluation,
    GoalStatus,
)

__all__ = [
    "Alert",
    "AlertKind",
    "Card",
    "ClockSchedule",
    "ClockState",
    "Evaluation",
    "Goal",
    "GoalExplanation",
    "GoalStatus",
    "Limit",
    "Policy",
    "Segment",
    "Target",
    "Unscheduled",
    "Warnings",
    "clock_schedule",
    "cycles",
    "evaluate",
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
