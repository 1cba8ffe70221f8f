"""civicflow: public-service cases and their time limits on the Chinese working-day calendar.

>>> import datetime as dt
>>> import civicflow as cf
>>> cal = cf.china_calendar(hours="09:00-12:00,13:30-17:30")
>>> cf.deadline(dt.datetime(2025, 9, 30, 16, 0), "3个工作日", calendar=cal)
datetime.datetime(2025, 10, 11, 17, 30)
"""

import importlib
from typing import TYPE_CHECKING

from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.calendars.days import DayInfo, DayKind, Rest
from civicflow.calendars.notices import Arrangement, NoticeError, parse_notice
from civicflow.calendars.sessions import DEFAULT_HOURS, Schedule, Season, Session
from civicflow.calendars.spans import SessionSpan
from civicflow.calendars.statutory import StatutoryData, statutory_data
from civicflow.cases.case import Case, Event
from civicflow.cases.workflow import ExtensionRule, Transition, Workflow
from civicflow.compliance.bulk import evaluations, report_cases
from civicflow.compliance.due import DueAlert, DueList, due_soon
from civicflow.errors import (
    ArgumentError,
    ArgumentTypeError,
    CalendarCoverageError,
    CalendarError,
    CaseError,
    CivicflowError,
    DefinitionError,
    DurationError,
    FieldError,
    NotFoundError,
    ScheduleError,
    SchemaError,
)
from civicflow.exchange.documents import (
    CASE_SCHEMA,
    POLICY_SCHEMA,
    case_from_json,
    case_to_json,
    policy_from_json,
    policy_to_json,
)
from civicflow.limits.arithmetic import deadline, working_time
from civicflow.limits.backward import before, latest_start
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)
from civicflow.limits.explanation import ExplainedDay, Explanation, explain
from civicflow.limits.rules import DayEnd, Receipt
from civicflow.sla.cycles import cycles
from civicflow.sla.evaluation import evaluate
from civicflow.sla.explain import GoalExplanation, Segment, explain_goal
from civicflow.sla.policy import Goal, Limit, Policy, Target, Warnings
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
from civicflow.sla.schedule import Alert, AlertKind, ClockSchedule, Unscheduled, clock_schedule
from civicflow.sla.status import Card, ClockState, Evaluation, GoalStatus

__version__ = "0.1.0"

__all__ = [
    # calendar data
    "Arrangement",
    "StatutoryData",
    "parse_notice",
    "statutory_data",
    # calendars and working sessions
    "DEFAULT_HOURS",
    "Calendar",
    "DayInfo",
    "DayKind",
    "Rest",
    "Schedule",
    "Season",
    "Session",
    "SessionSpan",
    "china_calendar",
    # durations
    "CalendarDays",
    "ClockTime",
    "Duration",
    "Months",
    "WorkingDays",
    "WorkingHours",
    # deadline arithmetic
    "DayEnd",
    "ExplainedDay",
    "Explanation",
    "Receipt",
    "before",
    "deadline",
    "explain",
    "latest_start",
    "working_time",
    # workflows and cases
    "Case",
    "Event",
    "ExtensionRule",
    "Transition",
    "Workflow",
    # policies, SLA clocks and evaluation
    "Card",
    "ClockState",
    "Evaluation",
    "Goal",
    "GoalExplanation",
    "GoalStatus",
    "Limit",
    "Policy",
    "Segment",
    "Target",
    "Warnings",
    "cycles",
    "evaluate",
    "evaluations",
    "explain_goal",
    # the instants ahead, and the due-soon list
    "Alert",
    "AlertKind",
    "ClockSchedule",
    "DueAlert",
    "DueList",
    "Unscheduled",
    "clock_schedule",
    "due_soon",
    # presets
    "hotline_policy",
    "hotline_workflow",
    "licence_policy",
    "licence_workflow",
    "preset_policy",
    "preset_workflows",
    "report_cases",
    "rating_policy",
    "rating_workflow",
    "urban_policy",
    "urban_workflow",
    # input and output
    "CASE_SCHEMA",
    "POLICY_SCHEMA",
    "case_from_json",
    "case_to_json",
    "policy_from_json",
    "policy_to_json",
    # errors
    "ArgumentError",
    "ArgumentTypeError",
    "CalendarCoverageError",
    "CalendarError",
    "CaseError",
    "CivicflowError",
    "DefinitionError",
    "DurationError",
    "FieldError",
    "NoticeError",
    "NotFoundError",
    "SchemaError",
    "ScheduleError",
    # many cases at once, as columns
    "CaseColumns",
    "ColumnEvaluation",
    "GoalColumns",
    "evaluate_columns",
    "report_columns",
    "read_columns",
]

if TYPE_CHECKING:
    from civicflow.cases.columns import CaseColumns
    from civicflow.compliance.columnar import report_columns
    from civicflow.exchange.documents import read_columns
    from civicflow.sla.columnar import ColumnEvaluation, GoalColumns, evaluate_columns

#: The columnar names and their modules (see ``__getattr__``).
_COLUMNAR = {
    "CaseColumns": "civicflow.cases.columns",
    "ColumnEvaluation": "civicflow.sla.columnar",
    "GoalColumns": "civicflow.sla.columnar",
    "evaluate_columns": "civicflow.sla.columnar",
    "report_columns": "civicflow.compliance.columnar",
    "read_columns": "civicflow.exchange.documents.jsonl_columns",
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
