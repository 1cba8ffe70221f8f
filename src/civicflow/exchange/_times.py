"""ISO 8601 times of many cells at once, read exactly as :meth:`datetime.fromisoformat` reads them.

The forms civicflow and most platforms write (``2025-09-30T16:00:00``, with ``Z`` or an
offset ``+08:00`` after it) are checked and converted as arrays of code points; any other
text is read by :meth:`datetime.fromisoformat` itself, one at a time. So a text is a time
here exactly when it is one for the per-case readers.
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

#: The fixed form: YYYY-MM-DDTHH:MM:SS, and where each digit is.
_SEPARATORS = {4: "-", 7: "-", 10: "T", 13: ":", 16: ":"}
_DIGITS = [k for k in range(19) if k not in _SEPARATORS]


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
    widest = max(map(len, texts))
    if widest <= _WIDTH:
        cells = np.array(texts, dtype=f"<U{max(widest, 1)}")
        lengths = np.char.str_len(cells).astype(np.int64)
    else:
        lengths = np.fromiter(map(len, texts), np.int64, n)
        cells = None
    fixed = np.flatnonzero((lengths == 19) | (lengths == 20) | (lengths == 25))
    done = np.zeros(n, dtype=bool)
    if fixed.size:
        if cells is None:
            chosen = np.array([texts[k] for k in fixed.tolist()], dtype=f"<U{_WIDTH}")
        else:
            chosen = cells[fixed].astype(f"<U{_WIDTH}")
        done[fixed] = _fixed(out, fixed, chosen, lengths[fixed])
    for k in np.flatnonzero(~done & (lengths > 0)).tolist():
        _one(out, k, texts[k])
    return out


_WIDTH = 25


def _fixed(out: Times, where: I64, cells: npt.NDArray[np.str_], lengths: I64) -> Bools:
    """Read the texts of the fixed forms; returns which were read (the rest: one by one)."""
    code = cells.view(np.uint32).reshape(-1, _WIDTH).astype(np.int64)
    good = np.ones(cells.size, dtype=bool)
    for k, sep in _SEPARATORS.items():
        good &= code[:, k] == ord(sep)
    digit = code[:, _DIGITS] - _ZERO
    good &= ((digit >= 0) & (digit <= 9)).all(axis=1)
    tail = code[:, 19:]
    naive = lengths == 19
    zulu = (lengths == 20) & (tail[:, 0] == ord("Z"))
    signed = (lengths == 25) & ((tail[:, 0] == ord("+")) | (tail[:, 0] == ord("-")))
    off_digits = tail[:, [1, 2, 4, 5]] - _ZERO
    offset_form = (
        signed & (tail[:, 3] == ord(":")) & ((off_digits >= 0) & (off_digits <= 9)).all(axis=1)
    )
    good &= naive | zulu | offset_form
    d = np.where(good[:, None], digit, 0)
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month = d[:, 4] * 10 + d[:, 5]
    day = d[:, 6] * 10 + d[:, 7]
    hour = d[:, 8] * 10 + d[:, 9]
    minute = d[:, 10] * 10 + d[:, 11]
    second = d[:, 12] * 10 + d[:, 13]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    good &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
    good &= (hour < 24) & (minute < 60) & (second < 60)
    od = np.where(offset_form[:, None], off_digits, 0)
    off_h, off_m = od[:, 0] * 10 + od[:, 1], od[:, 2] * 10 + od[:, 3]
    good &= ~offset_form | ((off_h < 24) & (off_m < 60))
    days = _days_from_civil(year, month, day)
    wall = ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000
    offset = np.where(tail[:, 0] == ord("-"), -1, 1) * (off_h * 60 + off_m) * 60_000_000
    aware = zulu | offset_form
    w = where[good]
    out.wall[w] = wall[good]
    out.offset[w] = offset[good]
    out.us[w] = (wall - offset)[good]
    out.aware[w] = aware[good]
    out.ok[w] = True
    return good


_MONTH_DAYS = np.asarray([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


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
    try:
        moment = dt.datetime.fromisoformat(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
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
