"""The cells of exported tables: times and text as spreadsheets, CSV and data frames hold them.

A cell is text, a number, a date and time (a spreadsheet's date cell, a Parquet timestamp, a
pandas ``Timestamp``), or missing (``None``, an empty string, ``NaN``, ``NaT``). Nothing is
guessed: a number is not a date, a date without a time of day is not a moment, and day and
month are never swapped (Chinese exports write year, month, day).
"""

from __future__ import annotations

import datetime as dt
import math
import re

__all__ = ["Cell", "cell_text", "cell_time", "is_missing", "safe_text"]

#: What a cell of an exported table may hold.
Cell = str | int | float | dt.datetime | dt.date | dt.time | dt.timedelta | None

#: 2025-05-18 15:08, 2025/5/18 15:08:00, 2025.05.18 15:08, 2025年5月18日 15时08分, with
#: optional seconds and fraction; T or spaces between the date and the time.
_TIME = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[T\s]+(\d{1,2})\s*[:时]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2})(?:\.(\d{1,6}))?\s*秒?|分)?)?"
)


def is_missing(value: object) -> bool:
    """Whether a cell holds nothing: ``None``, blank text, ``NaN`` or ``NaT``."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):
        return False


def cell_time(value: Cell) -> dt.datetime | None:
    """The moment a cell holds, or ``None`` for an empty cell.

    Raises:
        ValueError: the cell holds something else; the message says what it holds.
    """
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        if type(value) is not dt.datetime:  # e.g. a pandas Timestamp
            value = dt.datetime(
                value.year, value.month, value.day, value.hour, value.minute, value.second,
                value.microsecond, value.tzinfo,
            )  # fmt: skip
        return value
    if isinstance(value, dt.date):
        raise ValueError(f"{value.isoformat()} is a date without a time of day")
    if isinstance(value, dt.time):
        raise ValueError(f"{value.isoformat()} is a time of day without a date")
    if isinstance(value, dt.timedelta):
        raise ValueError(f"{value} is a duration, not a date and time")
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(
            f"{value!r} is a number, not a date and time (format the column as dates and "
            "times, or as text)"
        )
    text = value.strip()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is not None:
        if len(text) <= 10:
            raise ValueError(f"{text!r} is a date without a time of day")
        return moment
    found = _TIME.fullmatch(text)
    if found is None:
        raise ValueError(f"{text!r} is not a date and time (e.g. 2025-05-18 15:08)")
    year, month, day, hour, minute, second, fraction = found.groups()
    if hour is None:
        raise ValueError(f"{text!r} is a date without a time of day")
    try:
        return dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
            int((fraction or "0").ljust(6, "0")),
        )  # fmt: skip
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date and time: {exc}") from None


def cell_text(value: Cell) -> str:
    """The text a cell holds: ``""`` for an empty cell, a whole number without its ``.0``.

    Raises:
        ValueError: the cell holds a date or a time, which no text column should.
    """
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    raise ValueError(f"{value} is a date, a time or a duration, not text")


#: What makes a spreadsheet read a cell as a formula (Excel, LibreOffice, Google Sheets).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """``value`` as a spreadsheet will show it, never run it: text that begins like a formula
    gets a leading apostrophe, which Excel takes as "this is text".

    >>> safe_text('=HYPERLINK("http://x","点我")'), safe_text("城管局")
    ('\\'=HYPERLINK("http://x","点我")', '城管局')
    """
    return "'" + value if value.startswith(_FORMULA_START) else value
