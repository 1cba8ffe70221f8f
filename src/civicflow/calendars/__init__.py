"""Calendar data and calendars: the bottom layer.

The statutory holiday data (the one adapter to chinesecalendar, with corrections from the
notices), the reader of the State Council's yearly notice, provisional years by the holiday law
with their lunar table, working sessions and seasons, and :class:`Calendar`, which composes
them with a body's own days and a time zone and precomputes the tables every count reads;
:class:`SessionSpan` is one session of one day as two moments.

May import: :mod:`civicflow.errors` only.
"""

from civicflow.calendars.arrangement_files import (
    ARRANGEMENT_SCHEMA,
    arrangement_from_json,
    arrangement_to_json,
)
from civicflow.calendars.calendar import Calendar, china_calendar
from civicflow.calendars.days import DayInfo, DayKind, Rest, day_runs
from civicflow.calendars.notices import Arrangement, NoticeError, parse_notice
from civicflow.calendars.provisional import (
    PROVISIONAL_SOURCE,
    provisional_arrangement,
    statutory_days,
)
from civicflow.calendars.sessions import (
    DEFAULT_HOURS,
    Schedule,
    Season,
    Session,
)
from civicflow.calendars.spans import SessionSpan
from civicflow.calendars.statutory import (
    CORRECTIONS,
    Correction,
    StatutoryData,
    qingming,
    statutory_data,
)

__all__ = [
    "ARRANGEMENT_SCHEMA",
    "CORRECTIONS",
    "DEFAULT_HOURS",
    "PROVISIONAL_SOURCE",
    "Arrangement",
    "Calendar",
    "Correction",
    "DayInfo",
    "DayKind",
    "NoticeError",
    "Rest",
    "Schedule",
    "Season",
    "Session",
    "SessionSpan",
    "StatutoryData",
    "arrangement_from_json",
    "arrangement_to_json",
    "china_calendar",
    "day_runs",
    "parse_notice",
    "provisional_arrangement",
    "qingming",
    "statutory_data",
    "statutory_days",
]
