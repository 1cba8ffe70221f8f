"""Limits and deadline arithmetic: what a time limit is and when it runs out.

The limit types (working days, working hours, clock time, calendar days, months) and their
parser, the counting rules that vary by body, ``deadline``, ``working_time`` and ``explain``,
and the vectorised batch form (NumPy, optional).

May import: :mod:`civicflow.calendars` and :mod:`civicflow.errors`.
"""

from civicflow.limits.arithmetic import deadline, working_time
from civicflow.limits.backward import before, latest_start
from civicflow.limits.batch import (
    deadlines,
)
from civicflow.limits.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)
from civicflow.limits.explanation import ExplainedDay, Explanation, explain
from civicflow.limits.rules import (
    DayEnd,
    Receipt,
)

__all__ = [
    "CalendarDays",
    "ClockTime",
    "DayEnd",
    "Duration",
    "ExplainedDay",
    "Explanation",
    "Months",
    "Receipt",
    "WorkingDays",
    "WorkingHours",
    "before",
    "deadline",
    "deadlines",
    "explain",
    "latest_start",
    "working_time",
]
