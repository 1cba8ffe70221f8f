"""Calendars: which days are working days, and when work happens on them.

A :class:`Calendar` composes layers without copying them: the statutory days off and
make-up working days (from :mod:`civicflow.calendars.statutory`), then a body's own extra days off
(a typhoon closure, a regional festival) and extra working days, then the working
sessions of its working days, in one time zone.

>>> import datetime as dt
>>> cal = china_calendar()
>>> cal.is_workday(dt.date(2025, 10, 1))          # National Day
False
>>> cal.is_workday(dt.date(2025, 10, 11))         # a Saturday worked instead (调休)
True
>>> print(cal.day(dt.date(2025, 10, 11)))
2025-10-11 Sat  make-up working day (国庆节)
>>> closed = cal.with_days_off({dt.date(2025, 7, 21): "台风停工"})
>>> print(closed.day(dt.date(2025, 7, 21)))
2025-07-21 Mon  extra day off (台风停工)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from civicflow._arguments import guard
from civicflow.calendars import spans
from civicflow.calendars._fields import (
    check_flag,
    check_zone,
    to_arrangements,
    to_closures,
    to_dates,
    to_schedule,
    to_week,
)
from civicflow.calendars._growing import LAST_YEAR, GrowingTables
from civicflow.calendars._status import day_status
from civicflow.calendars._tables import US_PER_SECOND, Sessions, Tables, moment_at, us_of_day
from civicflow.calendars.closures import Closure, group_closures
from civicflow.calendars.days import DayInfo, DayKind, Rest
from civicflow.calendars.national import National, national_days, notice_year, rest_days
from civicflow.calendars.notices import Arrangement
from civicflow.calendars.provisional import PROVISIONAL_SOURCE, statutory_set
from civicflow.calendars.sessions import DEFAULT_HOURS, Schedule, Session
from civicflow.calendars.spans import SessionSpan
from civicflow.calendars.statutory import statutory_data
from civicflow.errors import ArgumentTypeError, CalendarCoverageError, CalendarError, shown

__all__ = ["Calendar", "china_calendar"]


@attrs.frozen
class Calendar:
    """The working days and working hours of one body, on top of the statutory data.

    Build one with :func:`china_calendar`, then compose with :meth:`with_days_off`,
    :meth:`with_working_days`, :meth:`with_schedule`. A calendar is an immutable value;
    its lookup tables are built the first time it is used.

    Attributes:
        schedule: the working sessions of its working days.
        timezone: the IANA zone its sessions are in; naive datetimes are read in it.
        days_off: extra days off, as sorted (date, reason) pairs.
        working_days: extra working days, as sorted (date, reason) pairs.
        arrangements: holiday arrangements read from notices (:func:`parse_notice`), for
            years the bundled data lacks or to replace a year of it.
        provisional_through: the last year to cover provisionally, by the holiday law alone
            (see :mod:`civicflow.calendars.provisional`), after the years with data; ``None``: none.
        observe_make_up: whether the body works on make-up weekends (调休); banks and
            exchanges stay closed on them (``False``).
        workweek: the weekdays worked when no layer says otherwise, 0 for Monday: Monday to
            Friday by default, Monday to Saturday for a hall open on Saturdays, all seven
            for a 7x24 desk.
        national: whether the statutory days off and make-up days apply (``False``: a desk
            that works its own week whatever the holidays). A calendar without them needs
            no holiday data: it covers every year from the first of the data (2004) to 9999.
        closures: spans of working time taken away, with their reasons (a typhoon from
            14:00, the half-day group holidays): see :mod:`civicflow.calendars.closures`.
    """

    schedule: Schedule = attrs.field(default=Schedule.parse(DEFAULT_HOURS), converter=to_schedule)
    timezone: str = attrs.field(default="Asia/Shanghai", validator=check_zone)
    days_off: tuple[tuple[dt.date, str], ...] = attrs.field(default=(), converter=to_dates)
    working_days: tuple[tuple[dt.date, str], ...] = attrs.field(default=(), converter=to_dates)
    arrangements: tuple[Arrangement, ...] = attrs.field(default=(), converter=to_arrangements)
    provisional_through: int | None = attrs.field(default=None)
    observe_make_up: bool = attrs.field(default=True, validator=check_flag)
    workweek: tuple[int, ...] = attrs.field(default=(0, 1, 2, 3, 4), converter=to_week)
    national: bool = attrs.field(default=True, validator=check_flag)
    closures: tuple[Closure, ...] = attrs.field(default=(), converter=to_closures)

    @provisional_through.validator
    def _check_through(self, attribute: Any, value: int | None) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value > 2060
        ):
            raise CalendarError(
                f"'provisional_through' must be a year up to 2060 or None (got {shown(value)})"
            )

    def __attrs_post_init__(self) -> None:
        both = sorted({d for d, _ in self.days_off} & {d for d, _ in self.working_days})
        if both:
            raise CalendarError(
                "a date cannot be both an extra day off and an extra working day: "
                + ", ".join(map(str, both))
            )
        self._national  # noqa: B018 - the arrangements are checked when the calendar is built
        for day, _ in (*self.days_off, *self.working_days):
            self._check_covered(day)

    # -- composition ------------------------------------------------------------------------

    def with_days_off(
        self, days: Mapping[dt.date, str] | Iterable[dt.date], reason: str = ""
    ) -> Calendar:
        """A calendar with these days off added, e.g. ``{date(2025, 7, 21): "台风停工"}``.

        Args:
            days: a mapping of date to reason, or dates that all share ``reason``.
            reason: the reason for dates given without one.
        """
        added = days if isinstance(days, Mapping) else dict.fromkeys(days, reason)
        return attrs.evolve(self, days_off=(*self.days_off, *to_dates(added)))

    def with_working_days(
        self, days: Mapping[dt.date, str] | Iterable[dt.date], reason: str = ""
    ) -> Calendar:
        """A calendar with these days worked, whatever the statutory data says."""
        added = days if isinstance(days, Mapping) else dict.fromkeys(days, reason)
        return attrs.evolve(self, working_days=(*self.working_days, *to_dates(added)))

    def with_arrangement(self, *arrangements: Arrangement) -> Calendar:
        """A calendar that also knows these years' arrangements (e.g. next year's notice).

        An arrangement for a year the bundled data covers replaces that year.

        Raises:
            CalendarError: the years would leave a gap after the bundled data.
        """
        return attrs.evolve(self, arrangements=(*self.arrangements, *arrangements))

    def with_provisional(self, through: int) -> Calendar:
        """A calendar that covers the years after its data up to ``through`` provisionally:
        the statutory holidays of the law, no make-up days. Deadlines that touch those years
        are marked provisional (:meth:`is_provisional`).

        Raises:
            CalendarError: ``through`` is beyond the lunar table (2060).
        """
        return attrs.evolve(self, provisional_through=through)

    def with_sector(self, *, observe_make_up: bool) -> Calendar:
        """A calendar for a body that does (``True``) or does not work on make-up weekends."""
        return attrs.evolve(self, observe_make_up=observe_make_up)

    def with_workweek(self, days: Iterable[int], *, national: bool = True) -> Calendar:
        """A calendar that works ``days`` of each week (0 for Monday), with or without the
        national layer: ``with_workweek(range(7), national=False)`` is a 7x24 desk's week
        (with ``hours="00:00-24:00"``), ``with_workweek(range(6))`` a hall open on Saturdays
        that closes for the statutory holidays."""
        return attrs.evolve(self, workweek=days, national=national)

    def with_closure(self, start: dt.datetime, end: dt.datetime, reason: str = "") -> Calendar:
        """A calendar with working time taken away from ``start`` to ``end`` (naive local
        times, on whole minutes): "closed from 14:00 for the typhoon".

        Raises:
            CalendarError: the span is not a valid closure.
        """
        return attrs.evolve(self, closures=(*self.closures, Closure(start, end, reason)))

    def with_group_holidays(self, *groups: str) -> Calendar:
        """A calendar that keeps the holidays of part of the population, an opt-in layer:
        ``"women"`` (三八, the afternoon), ``"youth"`` (五四, the afternoon), ``"children"``
        (六一, the whole day), ``"army"`` (八一, the afternoon); not made up on weekends.

        Raises:
            CalendarError: an unknown group.
        """
        years = self._national
        added = group_closures(groups, years.first_year, years.last_year)
        return attrs.evolve(self, closures=(*self.closures, *added))

    @functools.cached_property
    def provisional_years(self) -> frozenset[int]:
        """The years covered only provisionally."""
        return frozenset(y for y, s in self._national.sources.items() if s == PROVISIONAL_SOURCE)

    def is_provisional(self, moment: dt.date) -> bool:
        """Whether ``moment`` (a date or a datetime) falls in a provisional year."""
        return self._date(moment).year in self.provisional_years

    @property
    def fingerprint(self) -> str:
        """A short digest of everything that decides the calendar's days and hours: the data
        and its corrections, arrangements, provisional years, extra days, sessions, zone."""
        arranged = [(a.year, a.days_off, a.make_up, a.source, a.partial) for a in self.arrangements]
        parts = [
            statutory_data().source, repr(self.schedule), self.timezone, repr(self.days_off),
            repr(self.working_days), repr(sorted(a[:4] for a in arranged if not a[4])),
            repr([a[:4] for a in arranged if a[4]]), repr(self.provisional_through),
            repr(self.observe_make_up), repr((self.workweek, self.national, self.closures)),
        ]  # fmt: skip
        import hashlib  # its OpenSSL binding is slow to load; few programs ask for this

        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    def arrangement(self, year: int) -> Arrangement:
        """The national days of ``year`` as an arrangement: its days off and make-up days,
        with the December days of the year before that its New Year's break moves, and the
        source of its data. What the calendar adds of its own (extra days, sessions) is not
        in it. Write it with ``arrangement_to_json`` or ``holiday_cn_json``.

        Raises:
            CalendarCoverageError: the calendar has no data for ``year``.
        """
        data = self._national
        if not data.first_year <= year <= data.last_year:
            raise CalendarCoverageError(year, data.first_year, data.last_year)
        return Arrangement(
            year,
            {d: n for d, n in data.days_off.items() if notice_year(d, n) == year},
            {d: n for d, n in data.make_up.items() if notice_year(d, n) == year},
            data.sources[year],
        )

    def year_sources(self) -> dict[int, str]:
        """Each year the calendar knows, with where its holidays come from."""
        return dict(self._national.sources)

    def with_schedule(self, hours: Schedule | str) -> Calendar:
        """A calendar with other working sessions, e.g. ``"08:30-12:00,14:00-17:30"``."""
        return attrs.evolve(self, schedule=hours)

    # -- days -------------------------------------------------------------------------------

    @property
    def first_day(self) -> dt.date:
        """The first day the calendar knows."""
        return dt.date(self._national.first_year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        """The last day the calendar knows: the last of its holiday data, or 31 December
        9999 for a calendar without the national layer, which needs none."""
        if not self.national:
            return dt.date(LAST_YEAR, 12, 31)
        return dt.date(self._national.last_year, 12, 31)

    @property
    def covered_through(self) -> dt.date:
        """The last day the calendar covers (for the national layer, the last it has holiday
        data for, provisional years included): deadlines after it raise
        ``CalendarCoverageError``. The same as :attr:`last_day`."""
        return self.last_day

    def days_left(self, on: dt.date) -> int:
        """How many days of data are left after ``on``: 0 on the last covered day, negative
        past it. "Now" is a parameter, as everywhere: pass today's date.

        >>> import datetime as dt
        >>> china_calendar().days_left(dt.date(2026, 12, 3))
        28
        """
        return (self.last_day - self._date(on)).days

    def day(self, day: dt.date) -> DayInfo:
        """The status of ``day`` and its reason.

        Raises:
            CalendarCoverageError: the day's year has no holiday data.
        """
        day = self._date(day)
        self._check_covered(day)
        kind, name, sessions, closed = day_status(self, day, self._national, self._extra)
        statutory = self.national and day in statutory_set(day.year)
        rest = None
        if kind is DayKind.HOLIDAY and not statutory:
            rest = self._rests.get(day)
        return DayInfo(day, kind, name, sessions, statutory, rest, closed)

    def _check_covered(self, day: dt.date) -> None:
        """Refuse a day outside the calendar's years."""
        if self.national:
            data = self._national
            if not data.first_year <= day.year <= data.last_year:
                raise CalendarCoverageError(day.year, data.first_year, data.last_year)
        elif day < self.first_day:
            raise CalendarCoverageError(day.year, self.first_day.year, LAST_YEAR, national=False)

    @functools.cached_property
    def _rests(self) -> dict[dt.date, Rest]:
        return rest_days(self._national)

    def overtime_rate(self, day: dt.date) -> Fraction:
        """What work on ``day`` is paid, as a multiple of the normal wage (劳动法 Art. 44):
        3 on a statutory holiday, 2 on a rest day (a weekend day not made up, or a day off
        of a break that the law does not itself grant), 3/2 for overtime on a working day.
        The rate follows the national days: a body's own days off do not change it.

        >>> import datetime as dt
        >>> cal = china_calendar()
        >>> [str(cal.overtime_rate(dt.date(2025, 10, d))) for d in (1, 4, 11)]
        ['3', '2', '3/2']

        Raises:
            CalendarCoverageError: the day's year has no holiday data.
        """
        day = self._date(day)
        data = self._national
        if not data.first_year <= day.year <= data.last_year:
            raise CalendarCoverageError(day.year, data.first_year, data.last_year)
        if day in statutory_set(day.year):
            return Fraction(3)
        if day in data.make_up or (day not in data.days_off and day.weekday() < 5):
            return Fraction(3, 2)
        return Fraction(2)

    def days(self, start: dt.date, end: dt.date) -> Iterator[DayInfo]:
        """Every day from ``start`` to ``end``, both included, with its status."""
        start, end = self._date(start), self._date(end)
        for offset in range((end - start).days + 1):
            yield self.day(start + dt.timedelta(days=offset))

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day.

        A datetime is first converted to the calendar's zone if it is aware.

        Raises:
            CalendarCoverageError: the day's year has no holiday data.
        """
        t = self.tables
        return t.workday[t.index(self._date(day))]

    def workdays(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """The working days from ``start`` to ``end``, both included, lazily.

        >>> import datetime as dt
        >>> [d.day for d in china_calendar().workdays(dt.date(2025, 9, 26), dt.date(2025, 10, 12))]
        [26, 28, 29, 30, 9, 10, 11]
        """
        t = self.tables
        i, j = t.index(self._date(start)), t.index(self._date(end))
        for k in range(t.cum_work[i], t.cum_work[j + 1]):
            yield t.date(t.work_days[k])

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (n > 0) or before it (n < 0).

        ``n == 0`` gives ``day`` itself if it is a working day, else the next one.

        >>> import datetime as dt
        >>> china_calendar().add_workdays(dt.date(2025, 9, 30), 3)
        datetime.date(2025, 10, 11)
        """
        t = self.tables
        return t.date(t.nth_workday(t.index(self._date(day)), n))

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie after ``start`` up to ``end`` included.

        Negative when ``end`` is before ``start``, so that
        ``add_workdays(start, workdays_between(start, end))`` is ``end`` for a working day
        ``end``.

        >>> import datetime as dt
        >>> china_calendar().workdays_between(dt.date(2025, 9, 30), dt.date(2025, 10, 11))
        3
        """
        t = self.tables
        return t.cum_work[t.index(self._date(end)) + 1] - t.cum_work[t.index(self._date(start)) + 1]

    def sessions_on(self, day: dt.date) -> tuple[Session, ...]:
        """The working sessions of ``day``; empty on a day off."""
        return self.day(day).sessions

    # -- moments ----------------------------------------------------------------------------

    def is_working_time(self, moment: dt.datetime) -> bool:
        """Whether work happens at ``moment`` (a session's start counts, its end does not)."""
        local = self.to_local(moment)
        t = self.tables
        i = t.index(local.date())
        us = us_of_day(local)
        return any(b <= us < e for b, e in t.sessions[i])

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` itself during working time, else the start of the next session.

        >>> import datetime as dt
        >>> china_calendar().next_working_moment(dt.datetime(2025, 9, 30, 18, 0))
        datetime.datetime(2025, 10, 9, 9, 0)
        """
        local = self.to_local(moment)
        t = self.tables
        i = t.index(local.date())
        j, us = t.locate_start(t.working_us(i, us_of_day(local)))
        return self.from_local(moment_at(t, j, us), moment)

    def previous_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` itself when work went on just before it (inside a session, or at its
        end), else the end of the last session before it: the mirror of
        :meth:`next_working_moment`. A session's opening is not such a moment: the one
        before it is the close of the session before (``docs/rules.md``).

        >>> import datetime as dt
        >>> cal = china_calendar()
        >>> cal.previous_working_moment(dt.datetime(2025, 10, 9, 8, 0))
        datetime.datetime(2025, 9, 30, 17, 30)
        >>> cal.previous_working_moment(dt.datetime(2025, 10, 9, 9, 0))    # an opening
        datetime.datetime(2025, 9, 30, 17, 30)
        >>> cal.previous_working_moment(dt.datetime(2025, 10, 9, 12, 0))   # a close
        datetime.datetime(2025, 10, 9, 12, 0)

        Raises:
            CalendarCoverageError: no working moment lies between the first day of data and
                ``moment``.
        """
        local = self.to_local(moment)
        t = self.tables
        w = t.working_us(t.index(local.date()), us_of_day(local))
        if w == 0:
            raise t.uncovered(t.first_year - 1)
        found = moment_at(t, *t.locate_end(w))
        return moment if found == local else self.from_local(found, moment)

    # -- sessions ---------------------------------------------------------------------------

    def session_at(self, moment: dt.datetime) -> SessionSpan | None:
        """The working session that holds ``moment`` (its start included, its end not, as
        :meth:`is_working_time` reads them), or ``None`` outside working time; a night
        session holds the hours after midnight too (:mod:`civicflow.calendars.spans`)."""
        return spans.session_at(self, moment)

    def next_session(self, moment: dt.datetime) -> SessionSpan:
        """The first working session that starts after ``moment``."""
        return spans.next_session(self, moment)

    def previous_session(self, moment: dt.datetime) -> SessionSpan:
        """The last working session that ends before ``moment``."""
        return spans.previous_session(self, moment)

    def next_boundary(self, moment: dt.datetime) -> dt.datetime:
        """The first moment after ``moment`` at which a working session starts or ends."""
        return spans.next_boundary(self, moment)

    def previous_boundary(self, moment: dt.datetime) -> dt.datetime:
        """The last moment before ``moment`` at which a working session started or ended.

        Raises (as the four methods above):
            CalendarCoverageError: the answer lies outside the calendar's years.
        """
        return spans.previous_boundary(self, moment)

    def close_of_business(self, day: dt.date) -> dt.datetime:
        """The end of the last session of a working day, as a naive local datetime.

        Raises:
            CalendarError: ``day`` is not a working day.
        """
        info = self.day(day)
        if not info.is_workday:
            raise CalendarError(f"{info} is not a working day: it has no close of business")
        return dt.datetime.combine(info.date, dt.time()) + dt.timedelta(
            seconds=info.sessions[-1].end
        )

    # -- zones ------------------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's zone as a :class:`zoneinfo.ZoneInfo`."""
        return _zone(self.timezone)

    def to_local(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` as a naive wall-clock time of the calendar's zone.

        A naive datetime is taken to be local time already; an aware one is converted.

        Raises:
            CalendarCoverageError: an aware moment within hours of the year 1 or 9999.
        """
        if not isinstance(moment, dt.datetime):
            raise ArgumentTypeError("moment", moment, "a datetime.datetime")
        if moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(self.zone).replace(tzinfo=None)
        except OverflowError:
            raise self._edge(moment) from None

    def from_local(self, local: dt.datetime, like: dt.datetime) -> dt.datetime:
        """A local result, returned in the form of ``like``: naive, or aware in its zone."""
        if not isinstance(local, dt.datetime):
            raise ArgumentTypeError("local", local, "a datetime.datetime")
        if like.tzinfo is None:
            return local
        try:
            return local.replace(tzinfo=self.zone).astimezone(like.tzinfo)
        except OverflowError:  # within hours of the year 1 or 9999
            raise self._edge(local) from None

    def _edge(self, moment: dt.datetime) -> CalendarCoverageError:
        """The error for a moment with no time in some zone: before or past any calendar."""
        d = self._national
        return CalendarCoverageError(
            0 if moment.year < d.first_year else 10_000, d.first_year, d.last_year,
            detail=f"{moment.isoformat()} has no time in every zone",
        )  # fmt: skip

    # -- internals --------------------------------------------------------------------------

    def _date(self, day: dt.date) -> dt.date:
        if isinstance(day, dt.datetime):
            return self.to_local(day).date()
        if not isinstance(day, dt.date):
            raise ArgumentTypeError("day", day, "a datetime.date")
        return day

    @functools.cached_property
    def _extra(self) -> tuple[dict[dt.date, str], dict[dt.date, str]]:
        return dict(self.days_off), dict(self.working_days)

    @functools.cached_property
    def _national(self) -> National:
        return national_days(self.arrangements, self.provisional_through)

    @functools.cached_property
    def tables(self) -> Tables:
        """The precomputed day tables the arithmetic reads, built once per calendar value
        (without the national layer, they grow when a count reaches past them). Their layout
        is internal to civicflow's layers and may change between versions."""
        first, last = self.first_day, dt.date(self._national.last_year, 12, 31)
        days = self._day_sessions(first.toordinal(), last.toordinal())
        if self.national:
            return Tables(first, days)
        return GrowingTables(first, days, self._day_sessions, works=bool(self.workweek))

    def _day_sessions(self, first: int, last: int) -> list[Sessions]:
        """The sessions of the days from ordinal ``first`` to ``last``, in microseconds."""
        data, extra = self._national, self._extra
        in_us: dict[tuple[Session, ...], Sessions] = {}
        day_sessions: list[Sessions] = []
        for ordinal in range(first, last + 1):
            sessions = day_status(self, dt.date.fromordinal(ordinal), data, extra)[2]
            if sessions not in in_us:
                in_us[sessions] = tuple(
                    (s.start * US_PER_SECOND, s.end * US_PER_SECOND) for s in sessions
                )
            day_sessions.append(in_us[sessions])
        return day_sessions


@functools.cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@functools.lru_cache(maxsize=32)
def _cached_calendar(hours: Schedule | str, timezone: str) -> Calendar:
    return Calendar(schedule=hours, timezone=timezone)


def china_calendar(
    hours: Schedule | str = DEFAULT_HOURS, *, timezone: str = "Asia/Shanghai"
) -> Calendar:
    """The national calendar: statutory holidays, make-up working days and working sessions.

    Args:
        hours: the working sessions of a working day, as a :class:`Schedule` or a spec
            string (see :meth:`Schedule.parse`); by default ``09:00-12:00,13:30-17:30``.
        timezone: the IANA zone of the sessions; naive datetimes are read in it.

    Returns:
        A :class:`Calendar`. Calls with the same arguments share one instance, so its
        tables are built once.

    Raises:
        ScheduleError: ``hours`` is not a valid spec.
        CalendarError: ``timezone`` is unknown.
    """
    return _cached_calendar(hours, timezone)


# The hottest calls check their own arguments (see civicflow._arguments).
guard(globals(), unguarded=("Calendar.is_workday", "Calendar.day", "Calendar.to_local"))
