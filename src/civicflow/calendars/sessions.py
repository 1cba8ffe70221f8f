"""Working sessions: the hours of a working day, with a lunch break and seasonal schedules.

A :class:`Schedule` says when an office works on a working day. It is written as a spec
string of sessions, optionally followed by seasons that replace them between two dates of
every year (many offices keep summer hours from May to September):

>>> s = Schedule.parse("09:00-12:00,13:30-17:30; 05-01..09-30=08:30-12:00,14:30-18:00")
>>> from datetime import date
>>> [str(x) for x in s.sessions_on(date(2025, 3, 3))]
['09:00-12:00', '13:30-17:30']
>>> [str(x) for x in s.sessions_on(date(2025, 7, 1))]
['08:30-12:00', '14:30-18:00']
>>> str(s)
'09:00-12:00,13:30-17:30; 05-01..09-30=08:30-12:00,14:30-18:00'

Times are wall-clock times of the calendar's zone; ``24:00`` may end the last session.
Which days are working days is the calendar's business, not the schedule's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from typing import Any

import attrs

from civicflow._arguments import guard
from civicflow.errors import ArgumentTypeError, ScheduleError, shown

__all__ = ["DEFAULT_HOURS", "Schedule", "Season", "Session", "parse_weekdays"]

#: The working hours of a calendar when none are given.
DEFAULT_HOURS = "09:00-12:00,13:30-17:30"

_DAY = 24 * 3600
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})-(\d{1,2})\s*$")


def _format_time(seconds: int) -> str:
    if seconds > _DAY:  # the end of a session that runs past midnight
        seconds -= _DAY
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _parse_time(text: str, spec: str) -> int:
    m = _TIME.match(text)
    if not m:
        raise ScheduleError(spec, f"{text.strip()!r} is not a time; write HH:MM, e.g. 09:00")
    hours, minutes = int(m[1]), int(m[2])
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ScheduleError(spec, f"{text.strip()!r} is not a time between 00:00 and 24:00")
    return hours * 3600 + minutes * 60


def _check_session(instance: Session, attribute: Any, value: int) -> None:
    for name in ("start", "end"):
        seconds = getattr(instance, name)
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise ArgumentTypeError(name, seconds, "a whole number of seconds after midnight")
    if not 0 <= instance.start < instance.end <= min(instance.start + _DAY, 2 * _DAY):
        both = f"start={shown(instance.start)}s, end={shown(instance.end)}s"
        spec = str(instance) if 0 <= instance.start < instance.end < 4 * _DAY else both
        raise ScheduleError(
            spec,
            "a session must start after 00:00 and end after it, within a day "
            f"(got {both} after midnight)",
        )
    if instance.start % 60 or instance.end % 60:
        raise ScheduleError(str(instance), "sessions start and end on whole minutes")


@attrs.frozen(order=True)
class Session:
    """One stretch of working time in a day, e.g. ``09:00-12:00``.

    A session may run past midnight (``22:00-06:00+1``, a night desk): it belongs to the day
    it starts. It opens that day's work and, as the last session, closes it.

    Attributes:
        start: seconds after midnight when it starts.
        end: seconds after midnight when it ends (86400 for 24:00, more than that for a
            session that ends the next day: 108000 for 06:00).
    """

    start: int
    end: int = attrs.field(validator=_check_session)

    @classmethod
    def parse(cls, text: str) -> Session:
        """Read ``HH:MM-HH:MM``; a session that ends the next day says so, as
        ``22:00-06:00+1`` or ``22:00-次日06:00``.

        >>> Session.parse("22:00-次日06:00").end
        108000

        Raises:
            ScheduleError: the text is not a valid session, or ends before it starts
                without saying it ends the next day.
        """
        begin, sep, finish = text.partition("-")
        if not sep:
            raise ScheduleError(text, "a session is written HH:MM-HH:MM, e.g. 09:00-12:00")
        finish = finish.strip()
        next_day = finish.endswith("+1") or finish.startswith("次日")
        finish = finish.removesuffix("+1").removeprefix("次日")
        start, end = _parse_time(begin, text), _parse_time(finish, text)
        if start == _DAY:
            raise ScheduleError(text, "a session starts before 24:00")
        if next_day:
            if end > start:
                raise ScheduleError(
                    text, "a session that ends the next day ends by the time it starts"
                )
            return cls(start, end + _DAY)
        if end <= start:
            hint = f"; a session past midnight is written {begin.strip()}-{finish}+1"
            raise ScheduleError(
                text, "a session must start before it ends" + (hint if end < start else "")
            )
        return cls(start, end)

    @property
    def overnight(self) -> bool:
        """Whether the session runs past midnight into the next day."""
        return self.end > _DAY

    @property
    def seconds(self) -> int:
        """The length of the session in seconds."""
        return self.end - self.start

    def __str__(self) -> str:
        begin = (
            _format_time(self.start - _DAY) + "+1"
            if self.start >= _DAY
            else _format_time(self.start)
        )
        return f"{begin}-{_format_time(self.end)}{'+1' if self.overnight else ''}"


def _items_of(value: Iterable[Any], kind: type, name: str) -> tuple[Any, ...]:
    """``value`` as a tuple, each item a ``kind``; a wrong one is named as ``name[n]``."""
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | bytearray):
        raise ArgumentTypeError(name, value, f"an iterable of {kind.__name__}")
    items = tuple(value)
    for n, item in enumerate(items):
        if not isinstance(item, kind):
            raise ArgumentTypeError(f"{name}[{n}]", item, f"a {kind.__name__}")
    return items


def _session_tuple(value: Iterable[Session]) -> tuple[Session, ...]:
    return _items_of(value, Session, "sessions")


def _season_tuple(value: Iterable[Season]) -> tuple[Season, ...]:
    return _items_of(value, Season, "seasons")


def _check_month_day(instance: Season, attribute: Any, value: tuple[int, int]) -> None:
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(type(n) is int for n in value)
        or not 1 <= value[0] <= 12
        or not 1 <= value[1] <= 31
    ):
        raise ArgumentTypeError(attribute.name, value, "a (month, day) pair, e.g. (5, 1)")
    try:
        dt.date(2024, *value)  # a leap year, so (2, 29) is a day of the year
    except ValueError:
        raise ArgumentTypeError(
            attribute.name, value, "a (month, day) pair of a real day"
        ) from None


def _check_sessions(instance: object, attribute: Any, value: tuple[Session, ...]) -> None:
    if not value:
        raise ScheduleError("", f"'{attribute.name}' needs at least one session")
    for a, b in itertools.pairwise(value):
        if b.start < a.end:
            spec = ",".join(map(str, value))
            raise ScheduleError(spec, f"sessions must be in order and not overlap ({a} then {b})")


def _month_day(text: str, spec: str) -> tuple[int, int]:
    m = _MONTH_DAY.match(text)
    if not m:
        raise ScheduleError(spec, f"{text.strip()!r} is not a day of the year; write MM-DD")
    month, day = int(m[1]), int(m[2])
    try:
        dt.date(2024, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        raise ScheduleError(spec, f"{text.strip()!r} is not a day of the year") from None
    return month, day


@attrs.frozen
class Season:
    """Sessions that apply every year from one day to another, both included.

    A season may run over the new year (``11-15..03-15``).

    Attributes:
        first: (month, day) of its first day.
        last: (month, day) of its last day.
        sessions: the working sessions of its working days.
    """

    first: tuple[int, int] = attrs.field(validator=_check_month_day)
    last: tuple[int, int] = attrs.field(validator=_check_month_day)
    sessions: tuple[Session, ...] = attrs.field(converter=_session_tuple, validator=_check_sessions)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the season."""
        md = (day.month, day.day)
        if self.first <= self.last:
            return self.first <= md <= self.last
        return md >= self.first or md <= self.last

    def __str__(self) -> str:
        (m1, d1), (m2, d2) = self.first, self.last
        return f"{m1:02d}-{d1:02d}..{m2:02d}-{d2:02d}=" + ",".join(map(str, self.sessions))


def _check_seasons(instance: Schedule, attribute: Any, value: tuple[Season, ...]) -> None:
    year = dt.date(2024, 1, 1)  # a leap year covers every day of the year
    for offset in range(366):
        day = year + dt.timedelta(days=offset)
        hits = [s for s in value if s.contains(day)]
        if len(hits) > 1:
            raise ScheduleError(
                str(instance), f"seasons {hits[0]} and {hits[1]} overlap on {day:%m-%d}"
            )


def _sessions(text: str, spec: str) -> tuple[Session, ...]:
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise ScheduleError(spec, "no sessions given; write e.g. 09:00-12:00,13:30-17:30")
    sessions = []
    for part in parts:
        try:
            sessions.append(Session.parse(part.strip()))
        except ScheduleError as e:
            raise ScheduleError(spec, e.reason) from None
    try:
        _check_sessions(None, attrs.fields(Schedule).sessions, tuple(sessions))
    except ScheduleError as e:
        raise ScheduleError(spec, e.reason) from None
    return tuple(sessions)


#: Weekday names a schedule accepts, Monday first.
WEEKDAY_NAMES = (
    ("mon", "周一", "星期一"),
    ("tue", "周二", "星期二"),
    ("wed", "周三", "星期三"),
    ("thu", "周四", "星期四"),
    ("fri", "周五", "星期五"),
    ("sat", "周六", "星期六"),
    ("sun", "周日", "星期日", "周天", "星期天"),
)
_WEEKDAY = {name: n for n, names in enumerate(WEEKDAY_NAMES) for name in names}
_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def parse_weekdays(text: str) -> tuple[int, ...]:
    """Weekdays written as names and ranges, e.g. ``Mon-Sat``, ``周一-周五,周日``, ``Sat/Sun``:
    their numbers, 0 for Monday, in order.

    >>> parse_weekdays("Mon-Fri,Sun")
    (0, 1, 2, 3, 4, 6)

    Raises:
        ScheduleError: a name that is no weekday, or nothing given.
    """
    days: set[int] = set()
    for part in re.split(r"[,/，、]", text):
        if not part.strip():
            continue
        first, dash, last = part.replace("至", "-").partition("-")
        ends = []
        for name in (first, last) if dash else (first,):
            key = name.strip().lower()
            if key not in _WEEKDAY:
                raise ScheduleError(
                    text, f"{name.strip()!r} is not a weekday: write Mon..Sun or 周一..周日"
                )
            ends.append(_WEEKDAY[key])
        a, b = ends[0], ends[-1]
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(b + 1)])
    if not days:
        raise ScheduleError(text, "no weekday given; write e.g. Mon-Fri")
    return tuple(sorted(days))


def _rules(value: object, name: str, size: int, shape: str) -> list[tuple[Any, ...]]:
    """The rules of ``value``, each checked to be a tuple of ``size`` items."""
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | bytearray):
        raise ArgumentTypeError(name, value, f"an iterable of {shape}")
    rules = list(value)
    for n, rule in enumerate(rules):
        if not isinstance(rule, tuple | list) or len(rule) != size:
            raise ArgumentTypeError(f"{name}[{n}]", rule, shape)
    return rules


def _weekday_rules(
    value: Iterable[tuple[int, Iterable[Session]]],
) -> tuple[tuple[int, tuple[Session, ...]], ...]:
    rules = _rules(value, "weekdays", 2, "a (weekday, sessions) pair")
    for n, (day, _) in enumerate(rules):
        if type(day) is not int:
            raise ArgumentTypeError(f"weekdays[{n}]", day, "a weekday 0 (Monday) to 6 (Sunday)")
    return tuple(sorted((day, _session_tuple(sessions)) for day, sessions in rules))


def _dated_rules(
    value: Iterable[tuple[dt.date, dt.date, Iterable[Session]]],
) -> tuple[tuple[dt.date, dt.date, tuple[Session, ...]], ...]:
    rules = _rules(value, "dates", 3, "a (first, last, sessions) triple")
    for n, (first, last, _) in enumerate(rules):
        for day in (first, last):
            if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
                raise ArgumentTypeError(f"dates[{n}]", day, "a datetime.date")
    return tuple(sorted((first, last, _session_tuple(sessions)) for first, last, sessions in rules))


def _check_weekdays(
    instance: Schedule, attribute: Any, value: tuple[tuple[int, tuple[Session, ...]], ...]
) -> None:
    days = [d for d, _ in value]
    for day, sessions in value:
        if not 0 <= day <= 6:
            raise ScheduleError(str(instance), f"a weekday is 0 (Monday) to 6 (Sunday), got {day}")
        _check_sessions(None, attrs.fields(Schedule).sessions, sessions)
    if len(set(days)) != len(days):
        raise ScheduleError(str(instance), "a weekday is given its sessions twice")


def _check_dated(
    instance: Schedule,
    attribute: Any,
    value: tuple[tuple[dt.date, dt.date, tuple[Session, ...]], ...],
) -> None:
    for first, last, sessions in value:
        if last < first:
            raise ScheduleError(str(instance), f"the dates {first}..{last} run backwards")
        _check_sessions(None, attrs.fields(Schedule).sessions, sessions)
    for (_, end, _), (start, _, _) in itertools.pairwise(value):
        if start <= end:
            raise ScheduleError(str(instance), f"dated sessions overlap on {start}")


@attrs.frozen
class Schedule:
    """The working sessions of a working day: by default, by season, by weekday, by date.

    The most specific rule that covers a day gives its sessions: a date (or a range of
    dates), then its weekday, then its season, then the default. Which days are working
    days is the calendar's business; a schedule only says when work happens on them.

    Attributes:
        sessions: the sessions on days no other rule covers.
        seasons: seasons whose sessions replace them; they must not overlap.
        weekdays: (weekday, sessions) pairs, 0 for Monday: a Saturday morning (周末不打烊),
            a Friday that closes at noon, a late evening (延时服务) on Wednesdays.
        dates: (first, last, sessions) triples of dates, both included: one day's late
            opening, the hours of a period; they must not overlap.
    """

    sessions: tuple[Session, ...] = attrs.field(converter=_session_tuple, validator=_check_sessions)
    seasons: tuple[Season, ...] = attrs.field(
        default=(), converter=_season_tuple, validator=_check_seasons
    )
    weekdays: tuple[tuple[int, tuple[Session, ...]], ...] = attrs.field(
        default=(), converter=_weekday_rules, validator=_check_weekdays
    )
    dates: tuple[tuple[dt.date, dt.date, tuple[Session, ...]], ...] = attrs.field(
        default=(), converter=_dated_rules, validator=_check_dated
    )

    def __attrs_post_init__(self) -> None:
        sets = [
            self.sessions,
            *(s.sessions for s in self.seasons),
            *(s for _, s in self.weekdays),
            *(s for _, _, s in self.dates),
        ]
        carried = max(s[-1].end - _DAY for s in sets)
        opening = min(s[0].start for s in sets)
        if carried > opening:
            night = next(s[-1] for s in sets if s[-1].end - _DAY == carried)
            early = next(s[0] for s in sets if s[0].start == opening)
            raise ScheduleError(
                str(self),
                f"the night session {night} runs into the next day's {early}: "
                "a session past midnight must end before any day's first session starts",
            )

    @classmethod
    def parse(cls, spec: str) -> Schedule:
        """Read a spec: ``SESSIONS[; RULE=SESSIONS ...]``.

        ``SESSIONS`` is a comma-separated list of ``HH:MM-HH:MM``. A rule is a season
        ``MM-DD..MM-DD``, a weekday or several (``Sat``, ``周六``, ``Sat/Sun``), a date
        ``YYYY-MM-DD`` or a range of dates ``YYYY-MM-DD..YYYY-MM-DD``.

        Raises:
            ScheduleError: the spec is malformed; the message says where.

        >>> Schedule.parse("08:30-12:00,13:30-17:30").sessions[1].start
        48600
        >>> s = Schedule.parse("09:00-12:00,13:30-17:30; Sat=09:00-12:00; 2025-07-21=09:00-14:00")
        >>> [str(x) for x in s.sessions_on(dt.date(2025, 7, 19))]
        ['09:00-12:00']
        >>> Schedule.parse("9-17")
        Traceback (most recent call last):
        ...
        civicflow.errors.ScheduleError: invalid working hours '9-17': '9' is not a time; write HH:MM, e.g. 09:00
        """
        if not isinstance(spec, str):
            raise ScheduleError(repr(spec), f"expected a str, got {type(spec).__name__}")
        default, *rest = spec.split(";")
        if "=" in default:
            raise ScheduleError(spec, "start with the sessions that apply outside every rule")
        seasons, weekdays, dates = [], [], []
        for part in rest:
            rule, sep, text = part.partition("=")
            if not sep:
                raise ScheduleError(
                    spec,
                    f"a rule is written RULE=SESSIONS, e.g. Sat=09:00-12:00 (got {part.strip()!r})",
                )
            sessions = _sessions(text, spec)
            first, dots, last = rule.partition("..")
            if _DATE.match(first):
                end = last if dots else first
                if not _DATE.match(end):
                    raise ScheduleError(spec, f"{end.strip()!r} is not a date; write YYYY-MM-DD")
                dates.append((_date(first, spec), _date(end, spec), sessions))
            elif dots or _MONTH_DAY.match(first):
                if not dots:
                    raise ScheduleError(
                        spec, f"a season is written MM-DD..MM-DD=SESSIONS (got {part.strip()!r})"
                    )
                seasons.append(Season(_month_day(first, spec), _month_day(last, spec), sessions))
            else:
                for name in rule.replace(",", "/").split("/"):
                    key = name.strip().lower()
                    if key not in _WEEKDAY:
                        raise ScheduleError(
                            spec,
                            f"{name.strip()!r} is not a rule: write MM-DD..MM-DD, a weekday "
                            "(Mon..Sun, 周一..周日), YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD",
                        )
                    weekdays.append((_WEEKDAY[key], sessions))
        return cls(_sessions(default, spec), tuple(seasons), tuple(weekdays), tuple(dates))

    def sessions_on(self, day: dt.date) -> tuple[Session, ...]:
        """The sessions that apply on ``day`` if it is a working day."""
        for first, last, sessions in self.dates:
            if first <= day <= last:
                return sessions
        if self.weekdays:
            weekday = day.weekday()
            for rule_day, sessions in self.weekdays:
                if rule_day == weekday:
                    return sessions
        for season in self.seasons:
            if season.contains(day):
                return season.sessions
        return self.sessions

    def __str__(self) -> str:
        names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        return "; ".join(
            [
                ",".join(map(str, self.sessions)),
                *map(str, self.seasons),
                *(f"{names[d]}=" + ",".join(map(str, s)) for d, s in self.weekdays),
                *(
                    (f"{a}" if a == b else f"{a}..{b}") + "=" + ",".join(map(str, s))
                    for a, b, s in self.dates
                ),
            ]
        )


def _date(text: str, spec: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleError(spec, f"{text.strip()!r} is not a date") from None


guard(globals())
