"""ISO 8601 times of many cells at once, read exactly as :meth:`datetime.fromisoformat` reads them.

The forms civicflow and most platforms write (``2025-09-30T16:00:00``, with ``Z`` or an
offset ``+08:00`` after it; a space for the ``T``; ``2025-09-30 16:00`` without seconds)
are checked and converted as arrays of code points; any other text is read by
:meth:`datetime.fromisoformat` itself, one at a time (a date without a time of day is no
time). So a text is a time here exactly when it is one for the per-case readers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Times", "parse_times"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_US_PER_DAY = 86_400_000_000
_EPOCH = dt.datetime(1970, 1, 1)
_AWARE_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)
_ZERO = ord("0")

#: The fixed form YYYY-MM-DDTHH:MM:SS: where its separators are (a T or a space at 10); the
#: form without seconds (16 characters) stops before the second colon.
_SEPARATORS = {4: "-", 7: "-", 13: ":", 16: ":"}
_MINUTES = 16


class Times:
    """Times read from text.

    Attributes:
        us: microseconds since 1970-01-01, of the wall time for naive times and of UTC for
            aware ones (0 where the text is no time).
        wall: microseconds of the wall time as written.
        offset: the UTC offset in microseconds, for aware times.
        aware: whether each time has an offset.
        ok: whether each text is a time.
    """

    def __init__(self, n: int) -> None:
        self.us: I64 = np.zeros(n, dtype=np.int64)
        self.wall: I64 = np.zeros(n, dtype=np.int64)
        self.offset: I64 = np.zeros(n, dtype=np.int64)
        self.aware: Bools = np.zeros(n, dtype=bool)
        self.ok: Bools = np.zeros(n, dtype=bool)


def parse_times(texts: Sequence[str]) -> Times:
    """Each text as :meth:`datetime.fromisoformat` reads it (anything else is not ok)."""
    n = len(texts)
    out = Times(n)
    if not n:
        return out
    lengths = np.fromiter(map(len, texts), np.int64, n)
    fixed = np.flatnonzero(
        (lengths == _MINUTES) | (lengths == 19) | (lengths == 20) | (lengths == 25)
    )
    done = np.zeros(n, dtype=bool)
    if fixed.size:
        chosen = texts if fixed.size == n else [texts[k] for k in fixed.tolist()]
        try:
            cells = np.array(chosen, dtype=f"S{_WIDTH}")
        except UnicodeEncodeError:  # some text is not ASCII: one at a time
            cells = None
        if cells is not None:
            done[fixed] = _fixed(out, fixed, cells, lengths[fixed])
    for k in np.flatnonzero(~done & (lengths > 0)).tolist():
        _one(out, k, texts[k])
    return out


_WIDTH = 25


def _fixed(out: Times, where: I64, cells: npt.NDArray[np.bytes_], lengths: I64) -> Bools:
    """Read the ASCII texts of the fixed forms; returns which were read (the others are
    read one by one)."""
    code = cells.view(np.uint8).reshape(-1, _WIDTH)

    def at(k: int) -> npt.NDArray[np.int32]:
        return code[:, k].astype(np.int32)

    def number(*columns: int) -> tuple[npt.NDArray[np.int32], Bools]:
        value = np.zeros(code.shape[0], dtype=np.int32)
        good = np.ones(code.shape[0], dtype=bool)
        for k in columns:
            d = at(k) - _ZERO
            good &= (d >= 0) & (d <= 9)
            value = value * 10 + d
        return value, good

    minutes = lengths == _MINUTES
    code[minutes, _MINUTES] = ord(":")  # read as :00 seconds; nothing follows them
    code[minutes, _MINUTES + 1 : _MINUTES + 3] = _ZERO
    good: Bools = (code[:, 10] == ord("T")) | (code[:, 10] == ord(" "))
    for k, sep in _SEPARATORS.items():
        good &= code[:, k] == ord(sep)
    year, ok = number(0, 1, 2, 3)
    good &= ok
    month, ok = number(5, 6)
    good &= ok
    day, ok = number(8, 9)
    good &= ok
    hour, ok = number(11, 12)
    good &= ok
    minute, ok = number(14, 15)
    good &= ok
    second, ok = number(17, 18)
    good &= ok
    sign = at(19)
    naive = (lengths == 19) | minutes
    zulu = (lengths == 20) & (sign == ord("Z"))
    off_h, ok_h = number(20, 21)
    off_m, ok_m = number(23, 24)
    offset_form = (
        (lengths == 25)
        & ((sign == ord("+")) | (sign == ord("-")))
        & (code[:, 22] == ord(":"))
        & ok_h
        & ok_m
    )
    good &= naive | zulu | offset_form
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    good &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
    good &= (hour < 24) & (minute < 60) & (second < 60)
    good &= ~offset_form | ((off_h < 24) & (off_m < 60))
    days = _days_from_civil(year.astype(np.int64), month.astype(np.int64), day.astype(np.int64))
    wall = ((days * 24 + hour) * 60 + minute) * 60_000_000 + second.astype(np.int64) * 1_000_000
    offset = np.where(offset_form, (off_h * 60 + off_m).astype(np.int64) * 60_000_000, 0)
    offset = np.where(sign == ord("-"), -offset, offset)
    w = where[good]
    out.wall[w] = wall[good]
    out.offset[w] = offset[good]
    out.us[w] = (wall - offset)[good]
    out.aware[w] = (zulu | offset_form)[good]
    out.ok[w] = True
    return good


_MONTH_DAYS = np.asarray([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)


def _days_from_civil(year: I64, month: I64, day: I64) -> I64:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days: I64 = era * 146_097 + doe - 719_468
    return days


def _one(out: Times, k: int, text: object) -> None:
    if not isinstance(text, str) or len(text) <= 10:  # a date without a time of day is none
        return
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return
    out.wall[k] = (moment.replace(tzinfo=None) - _EPOCH) // _US
    if moment.tzinfo is None:
        out.us[k] = out.wall[k]
    else:
        offset = moment.utcoffset()
        out.offset[k] = 0 if offset is None else offset // _US
        out.us[k] = (moment - _AWARE_EPOCH) // _US
        out.aware[k] = True
    out.ok[k] = True
