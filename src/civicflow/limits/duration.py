"""Time limits: working days, working hours, clock time, calendar days and months.

Each kind of limit is its own type, because each is counted differently; they never mix
and are never converted into one another ("1 working day" is not 24 working hours, nor 8).

>>> Duration.parse("3个工作日")
WorkingDays(3)
>>> Duration.parse("十五个工作日")
WorkingDays(15)
>>> Duration.parse("1.5 working hours")
WorkingHours(minutes=90)
>>> Duration.parse("30分钟")
ClockTime(minutes=30)
>>> Duration.parse("15个自然日"), Duration.parse("3个月")
(CalendarDays(15), Months(3))
>>> WorkingHours(1) + WorkingHours(minutes=30) == Duration.parse("1.5个工作小时")
True
>>> WorkingDays(1) + WorkingHours(8)
Traceback (most recent call last):
...
TypeError: unsupported operand type(s) for +: 'WorkingDays' and 'WorkingHours'
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Self

import attrs

from civicflow.errors import DurationError, shown

__all__ = [
    "CalendarDays",
    "ClockTime",
    "Duration",
    "Months",
    "WorkingDays",
    "WorkingHours",
]

Number = int | float | Decimal | Fraction | str


class Duration(abc.ABC):
    """A time limit. Use a subclass, or :meth:`Duration.parse` to read one from text.

    Subclasses: :class:`WorkingDays`, :class:`WorkingHours`, :class:`ClockTime`,
    :class:`CalendarDays`, :class:`Months`.
    """

    __slots__ = ()

    @staticmethod
    def parse(text: str | Duration) -> Duration:
        """Read a limit written in Chinese or English.

        Accepted: a number (Arabic, or Chinese numerals like ``十五``, ``两``), an optional
        ``个``, a unit, and an optional ``内``/``以内`` ("within"):

        ============  ==========================================================
        type          units
        ============  ==========================================================
        WorkingDays   工作日, working day(s)
        WorkingHours  工作小时, 工作时, 工作分钟, working hour(s)/minute(s)/second(s)
        ClockTime     小时, 分钟, 秒, hour(s), minute(s), second(s)
        CalendarDays  日, 天, 自然日, day(s), calendar day(s)
        Months        月, month(s)
        ============  ==========================================================

        Raises:
            DurationError: empty text, a negative or missing number, an unknown unit,
                trailing text, or a fraction where the unit needs a whole number.
        """
        if isinstance(text, Duration):
            return text
        if not isinstance(text, str):
            raise DurationError(
                shown(text), f"expected a str or a Duration, got {type(text).__name__}"
            )
        return _parse(text)

    @property
    @abc.abstractmethod
    def chinese(self) -> str:
        """The limit written in Chinese, e.g. ``"3个工作日"``."""


# -- whole-number limits ------------------------------------------------------------------


#: The largest amount of a limit (days, months or seconds): far past the year 9999, and
#: more than any text :meth:`Duration.parse` reads (twelve digits) could give.
LARGEST = 10**16


def _whole(instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DurationError(
            shown(value),
            f"'{attribute.name}' must be a whole number (got {shown(value)} "
            f"that is a {type(value).__name__})",
        )
    if value < 0:
        raise DurationError(shown(value), f"'{attribute.name}' cannot be negative")
    if value > LARGEST:
        raise DurationError(
            shown(value), f"'{attribute.name}' is too large for a time limit (at most 10**16)"
        )


def _plural(n: int | str, unit: str) -> str:
    return f"{n} {unit}" if str(n) == "1" else f"{n} {unit}s"


@attrs.frozen(order=True, repr=False)
class WorkingDays(Duration):
    """A limit in working days: the start day is not counted, the deadline is the close of
    business of the N-th working day after the start date.

    Attributes:
        days: how many working days (0 means the close of the start day, or of the next
            working day if the start day is off).
    """

    days: int = attrs.field(validator=_whole)

    def __add__(self, other: WorkingDays) -> WorkingDays:
        if type(other) is not WorkingDays:
            return NotImplemented
        return WorkingDays(self.days + other.days)

    def __repr__(self) -> str:
        return f"WorkingDays({self.days})"

    def __str__(self) -> str:
        return _plural(self.days, "working day")

    @property
    def chinese(self) -> str:
        return f"{self.days}个工作日"


@attrs.frozen(order=True, repr=False)
class CalendarDays(Duration):
    """A limit in calendar days: the start day is not counted; if the last day is not a
    working day the period ends on the next working day; close of business.

    Attributes:
        days: how many calendar days.
    """

    days: int = attrs.field(validator=_whole)

    def __add__(self, other: CalendarDays) -> CalendarDays:
        if type(other) is not CalendarDays:
            return NotImplemented
        return CalendarDays(self.days + other.days)

    def __repr__(self) -> str:
        return f"CalendarDays({self.days})"

    def __str__(self) -> str:
        return _plural(self.days, "day")

    @property
    def chinese(self) -> str:
        return f"{self.days}个自然日"


@attrs.frozen(order=True, repr=False)
class Months(Duration):
    """A limit in months: the matching day of the last month (its last day if it has none),
    then as calendar days.

    Attributes:
        months: how many months.
    """

    months: int = attrs.field(validator=_whole)

    def __add__(self, other: Months) -> Months:
        if type(other) is not Months:
            return NotImplemented
        return Months(self.months + other.months)

    def __repr__(self) -> str:
        return f"Months({self.months})"

    def __str__(self) -> str:
        return _plural(self.months, "month")

    @property
    def chinese(self) -> str:
        return f"{self.months}个月"


# -- limits in hours ----------------------------------------------------------------------


def _exact(value: Number, name: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction | str):
        raise DurationError(
            shown(value), f"'{name}' must be a number (got a {type(value).__name__})"
        )
    try:
        # str() of a float is its shortest repr, so 1.1 means 11/10, not the binary value.
        return Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise DurationError(shown(value), f"'{name}' must be a number") from None


def _total_seconds(hours: Number, minutes: Number, seconds: Number) -> int:
    total = _exact(hours, "hours") * 3600 + _exact(minutes, "minutes") * 60
    total += _exact(seconds, "seconds")
    if abs(total) > LARGEST:
        given = f"{shown(hours)} h {shown(minutes)} min {shown(seconds)} s"
        raise DurationError(given, "too large for a time limit (at most 10**16 seconds)")
    if total < 0:
        raise DurationError(f"{total} s", "a time limit cannot be negative")
    if total.denominator != 1:
        raise DurationError(f"{float(total)} s", "a time limit must be a whole number of seconds")
    return int(total)


class _Timed(Duration):
    """Shared behaviour of the limits measured in hours, minutes and seconds."""

    __slots__ = ()
    seconds: int
    _unit: ClassVar[str]
    _chinese_units: ClassVar[tuple[str, str, str]]

    def __init__(self, hours: Number = 0, *, minutes: Number = 0, seconds: Number = 0) -> None:
        self.__attrs_init__(_total_seconds(hours, minutes, seconds))  # type: ignore[attr-defined]

    @property
    def hours(self) -> Fraction:
        """The length in hours, exactly."""
        return Fraction(self.seconds, 3600)

    @property
    def timedelta(self) -> dt.timedelta:
        """The length as a :class:`datetime.timedelta`."""
        return dt.timedelta(seconds=self.seconds)

    def __add__(self, other: Self) -> Self:
        if type(other) is not type(self):
            return NotImplemented
        return type(self)(seconds=self.seconds + other.seconds)

    def __repr__(self) -> str:
        name, s = type(self).__name__, self.seconds
        if s % 3600 == 0:
            return f"{name}({s // 3600})"
        if s % 60 == 0:
            return f"{name}(minutes={s // 60})"
        return f"{name}(seconds={s})"

    def _amount(self) -> tuple[str, int]:
        s = self.seconds
        # equivalent "s >= 3600", "s > 3601": the first clause holds at 3600, and no whole
        # number of hundredths of an hour (36 s) lies in (3600, 3601]
        if s % 3600 == 0 or (s > 3600 and s * 100 % 3600 == 0):
            whole, hundredths = divmod(s // 36, 100)  # exact: no rounding, however large
            return (f"{whole}.{hundredths:02d}".rstrip("0") if hundredths else str(whole)), 0
        if s % 60 == 0:
            return str(s // 60), 1
        return str(s), 2

    def __str__(self) -> str:
        number, scale = self._amount()
        return _plural(number, self._unit + ("hour", "minute", "second")[scale])

    @property
    def chinese(self) -> str:
        number, scale = self._amount()
        return f"{number}{self._chinese_units[scale]}"


@attrs.frozen(order=True, init=False, repr=False)
class WorkingHours(_Timed):
    """A limit in working time: N hours counted only inside working sessions, from the
    start (or from the next working moment if the start is outside working time).

    ``WorkingHours(4)``, ``WorkingHours(1.5)``, ``WorkingHours(minutes=90)``.

    Attributes:
        seconds: the length in working seconds.
    """

    seconds: int = attrs.field(validator=_whole)
    _unit: ClassVar[str] = "working "
    _chinese_units: ClassVar[tuple[str, str, str]] = ("个工作小时", "个工作分钟", "个工作秒")


@attrs.frozen(order=True, init=False, repr=False)
class ClockTime(_Timed):
    """A limit in plain elapsed time, nights and holidays included.

    ``ClockTime(48)``, ``ClockTime(minutes=30)``.

    Attributes:
        seconds: the length in seconds.
    """

    seconds: int = attrs.field(validator=_whole)
    _unit: ClassVar[str] = ""
    _chinese_units: ClassVar[tuple[str, str, str]] = ("小时", "分钟", "秒")


# -- parsing ------------------------------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_POWERS = {"十": 10, "百": 100, "千": 1000}

_SHAPE = re.compile(
    r"^(?P<sign>[-+−])?\s*(?P<number>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)?\s*(?P<unit>.*?)\s*$",
    re.DOTALL,
)
#: Digits a number may have: more than any limit a body sets, far fewer than would strain
#: the arithmetic.
_MAX_DIGITS = 12

# unit -> (type, seconds per unit for timed limits)
_UNITS: dict[str, tuple[type[Duration], int]] = {}
_TABLE: list[tuple[tuple[str, ...], type[Duration], int]] = [
    (("工作日", "working day", "working days"), WorkingDays, 1),
    (("工作小时", "工作时", "working hour", "working hours"), WorkingHours, 3600),
    (("工作分钟", "working minute", "working minutes"), WorkingHours, 60),
    (("工作秒", "working second", "working seconds"), WorkingHours, 1),
    (("小时", "hour", "hours"), ClockTime, 3600),
    (("分钟", "minute", "minutes"), ClockTime, 60),
    (("秒", "second", "seconds"), ClockTime, 1),
    (("日", "天", "自然日", "day", "days", "calendar day", "calendar days"), CalendarDays, 1),
    (("月", "month", "months"), Months, 1),
    (("年", "year", "years"), Months, 12),
    (("周", "星期", "week", "weeks"), CalendarDays, 7),
]
for _names, _kind, _scale in _TABLE:
    for _name in _names:
        _UNITS[_name] = (_kind, _scale)

_KNOWN = "工作日, 工作小时, 小时, 分钟, 日/天/自然日, 周, 月, 年, or in English: working days, working hours, hours, minutes, days, weeks, months, years"


def _chinese_number(text: str) -> int:
    """Read a Chinese numeral below 10,000: 三, 十五, 二十, 一百零五, 两千."""
    total, digit, last_power = 0, None, 10_000  # equivalent "10001": every power is below
    for ch in text:
        if ch in _DIGITS:
            if digit not in (None, 0):
                # two digits in a row, "三五"; equivalent "None": the caller says what is wrong
                raise ValueError(text)
            digit = _DIGITS[ch]
        else:
            power = _POWERS[ch]
            if power >= last_power:
                # powers must fall, "十十"; equivalent "None": the caller says what is wrong
                raise ValueError(text)
            total += (digit if digit else 1) * power
            digit, last_power = None, power
    return total + (digit or 0)


@functools.lru_cache(maxsize=1024)
def _parse(text: str) -> Duration:
    m = _SHAPE.match(text.strip())
    if not text.strip():
        raise DurationError(text, "empty; write e.g. '3个工作日' or '4 working hours'")
    assert m is not None  # the pattern matches any text
    if m["sign"] and m["sign"] != "+":
        raise DurationError(text, "a time limit cannot be negative")
    number = m["number"]
    if number is None:
        raise DurationError(text, "it starts with no number; write e.g. '3个工作日'")
    unit = " ".join(m["unit"].lower().split())
    for within in ("以内", "内"):
        if unit.endswith(within):
            unit = unit[: -len(within)]
            break
    if unit.startswith("个"):
        unit = unit[1:]
    if unit not in _UNITS:
        raise DurationError(text, f"unknown unit {m['unit']!r}; expected {_KNOWN}")
    kind, scale = _UNITS[unit]
    if len(number) > _MAX_DIGITS:
        raise DurationError(text, f"{len(number)} digits is too large an amount for a time limit")
    if number[0].isdigit():
        amount = Fraction(number)
    else:
        try:
            amount = Fraction(_chinese_number(number))
        except ValueError:
            raise DurationError(text, f"{number!r} is not a Chinese numeral") from None
    if issubclass(kind, _Timed):
        seconds = amount * scale
        if seconds.denominator != 1:
            raise DurationError(text, "a time limit must be a whole number of seconds")
        return kind(seconds=int(seconds))
    if amount.denominator != 1:
        raise DurationError(text, f"{kind.__name__} are counted in whole numbers")
    return kind(int(amount) * scale)  # type: ignore[call-arg]
