"""civicflow: public-service cases and their time limits on the Chinese working-day calendar.

>>> import datetime as dt
>>> import civicflow as cf
>>> cal = cf.china_calendar(hours="09:00-12:00,13:30-17:30")
>>> cf.deadline(dt.datetime(2025, 9, 30, 16, 0), "3个工作日", calendar=cal)
datetime.datetime(2025, 10, 11, 17, 30)
"""

from civicflow.calendar import Calendar, DayInfo, DayKind, china_calendar
from civicflow.deadline import (
    DayEnd,
    ExplainedDay,
    Explanation,
    Receipt,
    deadline,
    explain,
    working_time,
)
from civicflow.duration import (
    CalendarDays,
    ClockTime,
    Duration,
    Months,
    WorkingDays,
    WorkingHours,
)
from civicflow.errors import (
    CalendarCoverageError,
    CalendarError,
    CivicflowError,
    DurationError,
    ScheduleError,
)
from civicflow.sessions import DEFAULT_HOURS, Schedule, Season, Session
from civicflow.statutory import StatutoryData, statutory_data

__version__ = "0.1.0"

__all__ = [
    # calendars and working sessions
    "DEFAULT_HOURS",
    "Calendar",
    # errors
    "CalendarCoverageError",
    # durations
    "CalendarDays",
    "CalendarError",
    "CivicflowError",
    "ClockTime",
    # deadline arithmetic
    "DayEnd",
    "DayInfo",
    "DayKind",
    "Duration",
    "DurationError",
    "ExplainedDay",
    "Explanation",
    "Months",
    "Receipt",
    "Schedule",
    "ScheduleError",
    "Season",
    "Session",
    # calendar data
    "StatutoryData",
    "WorkingDays",
    "WorkingHours",
    "china_calendar",
    "deadline",
    "explain",
    "statutory_data",
    "working_time",
]
