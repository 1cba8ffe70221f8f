"""Calendars as files: civicflow's calendar description, holiday-cn's yearly files, iCalendar.

- :mod:`~civicflow.exchange.calendar_files.calendar_json`: a calendar's description as JSON,
  and the calendar built back from it (``civicflow calendar describe``, ``recompute``).
- :mod:`~civicflow.exchange.calendar_files.holiday_cn`: the holiday-cn ``YYYY.json`` files
  read into arrangements and written from a calendar.
- :mod:`~civicflow.exchange.calendar_files.ics`: a calendar's days as iCalendar, and such a
  file read back (optional extra: icalendar).
"""

from civicflow.exchange.calendar_files.calendar_json import (
    CALENDAR_SCHEMA,
    calendar_from_json,
    calendar_to_json,
)
from civicflow.exchange.calendar_files.holiday_cn import (
    HOLIDAY_CN_SCHEMA,
    arrangement_from_holiday_cn,
    holiday_cn_json,
)
from civicflow.exchange.calendar_files.ics import arrangements_from_ics, calendar_to_ics

__all__ = [
    "CALENDAR_SCHEMA",
    "HOLIDAY_CN_SCHEMA",
    "arrangement_from_holiday_cn",
    "arrangements_from_ics",
    "calendar_from_json",
    "calendar_to_ics",
    "calendar_to_json",
    "holiday_cn_json",
]
