"""Reports of many cases at once, on columns: the facts of :class:`Facts` as bitmasks.

:func:`count_columns` reads every row of :class:`~civicflow.CaseColumns` through the
columnar clocks (:func:`~civicflow.evaluate_columns`), turns each row's statuses and events
into the counts of :data:`COUNTS` as one bitmask per row, and adds them to reports by
group and period with ``bincount``: the figures :meth:`Report.count` gives case by case.
Rows the clocks leave to the per-case path are counted by :meth:`Report.count` itself.

>>> import datetime as dt
>>> import civicflow as cf
>>> from civicflow.exchange.documents.synth import synth_cases
>>> cases = list(synth_cases(300, seed=1))
>>> as_of = dt.datetime(2026, 9, 1)
>>> columns = cf.CaseColumns.from_cases(cases)
>>> report_columns(columns, as_of, by=("department",)) == cf.report_cases(cases, as_of, by=("department",))
True
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard
from civicflow.calendars._tables import US_PER_DAY
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import RECLASSIFIABLE
from civicflow.cases.columns import CaseColumns, Coded, coded
from civicflow.compliance.facts import (
    CALLBACK_QUESTIONS,
    COUNTS,
    GRADES,
    NO,
    YES,
    Facts,
    Indicators,
    preset_indicators,
)
from civicflow.compliance.report import Report, period_of
from civicflow.compliance.tally import Tally
from civicflow.errors import FieldError
from civicflow.limits._local import instant_like, resolve_calendar
from civicflow.sla._kernels import BREACHED, CANCELLED, MET, NOT_STARTED, YELLOW
from civicflow.sla._runs import NEVER, first_each
from civicflow.sla.columnar import ColumnEvaluation, PolicyChoice, evaluate_columns
from civicflow.sla.policy import Policy, Target

__all__ = ["Counted", "count_columns", "report_arrays", "report_columns", "report_of_arrays"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_BIT = {name: 1 << k for k, name in enumerate(COUNTS)}
_MINUTE = 60_000_000
_EPOCH = dt.datetime(1970, 1, 1)


@attrs.frozen
class Counted:
    """What :func:`count_columns` met besides the figures.

    Attributes:
        counted: rows counted.
        later: rows received after the as-of instant (left out, as :meth:`Report.count`
            leaves them).
        per_case: rows counted the per-case way (kept as cases, or beyond the arrays).
        errors: rows not counted, by row, with what is wrong with them (a rating that is
            no grade, a callback answer that is no yes or no).
    """

    counted: int
    later: int
    per_case: int
    errors: dict[int, FieldError]


def report_columns(
    columns: CaseColumns,
    as_of: dt.datetime,
    *,
    by: Iterable[str] = (),
    period: str = "all",
    policy: PolicyChoice = None,
    indicators: Indicators | None = None,
    calendar: Calendar | None = None,
) -> Report:
    """The report of every row of ``columns`` as of ``as_of``, as
    :func:`~civicflow.report_cases` gives it for the same cases.

    Raises:
        FieldError: a row's rating or callback answer is not one it may hold (the first
            such row).
        KeyError: no preset policy or indicators for a row's workflow.
    """
    report = Report(tuple(by), period)
    done = count_columns(
        columns, as_of, (report,), policy=policy, indicators=indicators, calendar=calendar
    )
    if done.errors:
        raise done.errors[min(done.errors)]
    return report


def count_columns(
    columns: CaseColumns,
    as_of: dt.datetime,
    reports: Sequence[Report],
    *,
    policy: PolicyChoice = None,
    indicators: Indicators | None = None,
    calendar: Calendar | None = None,
) -> Counted:
    """Count every row of ``columns`` as of ``as_of`` into each of ``reports`` (groupings
    of the same cases: the facts are found once), as :meth:`Report.count` counts each case.

    A row whose fields its facts cannot use is not counted: it is returned in
    :attr:`Counted.errors`, with the error :meth:`Report.count` raises for it.

    Raises:
        KeyError: no preset policy or indicators for a row's workflow, or indicators that
            name a goal the policy lacks.
    """
    cal = resolve_calendar(calendar)
    later = _later(columns, cal, as_of)
    for report in reports:
        report.later += int(later.sum())
    rows = np.flatnonzero(~later)
    ev = evaluate_columns(columns, as_of, policy=policy, calendar=cal, cycles=True, rows=rows)
    errors: dict[int, FieldError] = {}
    chosen: dict[str, Facts] = {}

    def facts_of(workflow: str, policy: Policy) -> Facts:
        found = chosen.get(workflow)
        if found is None:
            ind = indicators if indicators is not None else preset_indicators(workflow)
            found = chosen[workflow] = Facts(policy, ind, cal)
        return found

    for name, part in ev.parts.items():
        facts = facts_of(name, part.compiled.policy)
        native = np.setdiff1d(np.arange(part.rows.size), np.searchsorted(part.rows, ev.left))
        found = _facts(ev, name, facts, native)
        errors.update(found.errors)
        ok = ~np.isin(part.rows[native], list(found.errors))
        for report in reports:
            _add(report, columns, part.rows[native][ok], found, ok, cal)
    for row in ev.left.tolist():
        case = columns.case(row)
        name = case.workflow.name
        facts = facts_of(name, ev.parts[name].compiled.policy)
        try:
            if reports:
                reports[0].count(case, facts, as_of, reports[1:])
        except FieldError as e:
            errors[row] = e
    return Counted(int(rows.size) - len(errors), int(later.sum()), int(ev.left.size), errors)


def _later(columns: CaseColumns, cal: Calendar, as_of: dt.datetime) -> Bools:
    """Rows received after ``as_of`` (naive: in the calendar's zone for aware rows)."""
    local = as_of if as_of.tzinfo is None else cal.to_local(as_of)
    utc = as_of if as_of.tzinfo is not None else local.replace(tzinfo=cal.zone)
    naive_at = (local - _EPOCH) // dt.timedelta(microseconds=1)
    aware_at = (utc - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
    aware = columns.aware()
    return np.where(aware, columns.received > aware_at, columns.received > naive_at)


@attrs.frozen(eq=False)
class _Found:
    """The facts of some rows of a workflow's part: counts as a bitmask over
    :data:`COUNTS`, handling minutes and days (-1: none), grade code (-1: none)."""

    flags: I64
    minutes: I64
    days: I64
    grade: I64
    errors: dict[int, FieldError]
    #: The classification as of the instant of each reclassified row, by row of the columns.
    now: dict[int, tuple[str, str, str]] = attrs.field(factory=dict)


def _facts(ev: ColumnEvaluation, name: str, facts: Facts, k: I64) -> _Found:
    """:meth:`Facts.of` for the rows ``k`` (indices into the part) of workflow ``name``."""
    part = ev.parts[name]
    cols, cal, a = ev.columns, ev.calendar, ev.arrays
    ind, m = facts.indicators, part.compiled.machine
    size = part.rows.size
    rows = part.rows
    seen = part.seen
    owner = np.repeat(np.arange(size, dtype=np.int64), np.diff(seen.off))

    def codes(names: Iterable[str]) -> list[int]:
        return [t for t, n in enumerate(m.transitions) if n in names]

    def hits(names: Iterable[str]) -> Bools:
        return np.isin(seen.transition, codes(names))

    def any_of(names: Iterable[str]) -> Bools:
        return np.bincount(owner[hits(names)], minlength=size) > 0

    def bit(name: str, where: Bools) -> I64:
        return np.where(where, _BIT[name], 0)

    flags = np.full(size, _BIT["received"], dtype=np.int64)
    h = ev.goal(ind.handling, Target.STATUTORY, name)
    state = h.state
    placed = h.applies & (state != NOT_STARTED)
    parked, merged = any_of(ind.parked), any_of(ind.merged)
    cancelled = h.applies & (state == CANCELLED)
    flags |= bit("parked", cancelled & parked)
    flags |= bit("merged", cancelled & ~parked & merged)
    flags |= bit("cancelled", cancelled & ~parked & ~merged)
    late = cancelled & (h.deadline != NEVER) & (h.stopped != NEVER) & (h.stopped > h.deadline)
    flags |= bit("due", late) | bit("parked_due", late & parked)
    closed = h.applies & ~cancelled & (h.stopped != NEVER)
    flags |= (
        bit("closed", closed) | bit("due", closed) | bit("closed_on_time", closed & (state == MET))
    )
    closed_at = np.where(closed, h.stopped, NEVER)
    minutes = np.where(closed, h.elapsed // _MINUTE, -1)
    origin = a.origin
    started_day = (np.where(closed, h.started, origin) - origin) // US_PER_DAY
    stopped_day = (np.where(closed, h.stopped, origin) - origin) // US_PER_DAY
    days = np.where(closed, a.cum_work[stopped_day + 1] - a.cum_work[started_day + 1], -1)
    running = placed & ~cancelled & ~closed
    flags |= bit("open", running) | bit("open_overdue", running & (state == BREACHED))
    flags |= bit("due", running & (state == BREACHED))
    flags |= bit("open_at_risk", running & (state != BREACHED) & (h.card == YELLOW))
    if ind.sign_for is not None:
        s = ev.goal(ind.sign_for, Target.STATUTORY, name)
        signed = s.applies & (s.stopped != NEVER)
        flags |= bit("signed", signed) | bit("signed_on_time", signed & (s.state == MET))
    if cal.provisional_years:
        provisional = np.zeros(size, dtype=bool)
        for g in part.goals:
            if g.target is Target.STATUTORY:
                provisional |= g.applies & g.provisional
        flags |= bit("provisional", provisional)
    for flag in ("merged", "extended", "returned", "reworked", "reopened"):
        flags |= bit(flag, any_of(getattr(ind, flag)))
    unplaced = ~placed & ~merged
    answering = hits(ind.answered)
    answered = unplaced & (np.bincount(owner[answering], minlength=size) > 0)
    flags |= bit("closed", answered) | bit("due", answered) | bit("closed_on_time", answered)
    first = first_each(owner[answering], seen.pos[answering], size)
    closed_at = np.where(answered, first + origin, closed_at)
    ended = unplaced & ~answered & m.terminal[part.state]
    flags |= bit("cancelled", ended) | bit("open", unplaced & ~answered & ~ended)
    reworks = np.bincount(owner[hits(ind.reworked)], minlength=size)
    flags |= bit("reworked_thrice", reworks >= 3)
    handling = facts.handling
    again = np.flatnonzero(np.isin(seen.transition, codes(handling.restart)))
    count = np.bincount(owner[again], minlength=size)
    lead = first_each(owner[again], seen.transition[again], size)
    from_start = np.isin(lead, codes(handling.start))
    restarted = h.applies & (count > from_start) & (h.first_state >= 0)
    flags |= bit("restarted", restarted)
    flags |= bit("first_due", restarted & np.isin(h.first_state, (MET, BREACHED)))
    fresh = ~restarted
    flags |= bit("first_due", fresh & (flags & _BIT["due"] != 0))
    flags |= bit("right_first_time", fresh & (flags & _BIT["closed_on_time"] != 0))
    # A reclassified case counts by its classification as of the instant.
    rc, classes = part.reclassified, part.classes
    now = {
        int(rows[r]): (classes.types[c], classes.categories[c], classes.urgencies[c])
        for r, c in zip(rc.rows.tolist(), rc.now.tolist(), strict=True)
    }
    urgent = cols.urgency.codes[rows] == cols.urgency.code("urgent")
    urgent[rc.rows] = [now[int(rows[r])][2] == "urgent" for r in rc.rows.tolist()]
    for flag in ("due", "closed", "closed_on_time", "parked_due"):
        flags |= bit(f"urgent_{flag}", urgent & (flags & _BIT[flag] != 0))
    done = closed_at != NEVER
    if ind.window:
        brought = np.isin(cols.type.codes[rows], [cols.type.code(t) for t in ind.window])
        brought[rc.rows] = [now[int(rows[r])][0] in ind.window for r in rc.rows.tolist()]
        flags |= bit("window_brought", brought) | bit("window_solved", brought & done)
    flags |= bit("can_extend", np.full(size, bool(ind.extended)))
    flags |= bit("can_return", np.full(size, bool(ind.returned)))
    some = (flags & (_BIT["closed"] | _BIT["reworked"])) != 0
    flags |= bit("rework_base", some & bool(ind.reworked))
    some = (flags & (_BIT["closed"] | _BIT["reopened"])) != 0
    flags |= bit("reopen_base", some & bool(ind.reopened))
    received_day = part.received // US_PER_DAY
    flags |= bit("immediate", done & ((closed_at - origin) // US_PER_DAY == received_day))
    online = np.isin(cols.channel.codes[rows], _codes(cols.channel, ind.online))
    if online.any() or ind.supplemented:
        event = seen.event
        step = seen.pos + origin <= closed_at[owner]
        offline = step & ~np.isin(
            cols.event_channel.codes[event], _codes(cols.event_channel, ind.online)
        )
        throughout = done & online & (np.bincount(owner[offline], minlength=size) == 0)
        flags |= bit("online_throughout", throughout)
        if ind.supplemented:
            requested = step & hits(ind.supplemented)
            flags |= bit("one_go_base", done)
            flags |= bit("one_go", done & (np.bincount(owner[requested], minlength=size) == 0))
    errors: dict[int, FieldError] = {}
    wrong = np.zeros(size, dtype=bool)
    grade = np.full(size, -1, dtype=np.int64)
    rating = _column(cols, ind.rating_field)
    if rating is not None:
        code = _lookup(rating, rows, lambda v: GRADES.index(v) if v in GRADES else -1 if v else -2)
        wrong |= code == -1
        rated = (code >= 0) & (any_of(ind.rated_by) if ind.rated_by else True)
        flags |= bit("rated", rated)
        flags |= bit("rated_good", rated & (code < 2))
        flags |= bit("rated_satisfied", rated & (code < 3))
        grade = np.where(rated, code, -1)
    window = (flags & _BIT["window_brought"]) != 0
    flags |= bit("window_rated", window & (flags & _BIT["rated"] != 0))
    flags |= bit("window_satisfied", window & (flags & _BIT["rated_satisfied"] != 0))
    if ind.callback:
        asked_back = _has_fields(cols, rows) & any_of(ind.callback)
        for (asked, yes), field in zip(CALLBACK_QUESTIONS, ind.callback_fields, strict=True):
            column = _column(cols, field)
            if column is None:
                continue
            answer = _lookup(
                column, rows, lambda v: 0 if not v else 1 if v in YES else 2 if v in NO else 3
            )
            flags |= bit(asked, asked_back & ((answer == 1) | (answer == 2)))
            flags |= bit(yes, asked_back & (answer == 1))
            wrong |= asked_back & (answer == 3)
    chosen = np.zeros(size, dtype=bool)
    chosen[k] = True
    for j in np.flatnonzero(wrong & chosen).tolist():
        row = int(rows[j])
        case = cols.case(row)
        try:
            facts.of(case, instant_like(cal, ev.at, case.received))
        except FieldError as e:
            errors[row] = e
    return _Found(flags[k], minutes[k], days[k], grade[k], errors, now)


def _lookup(column: Coded, rows: I64, value: Callable[[str], int]) -> I64:
    """``value`` of each row's text, found once per text of the column's dictionary."""
    table = np.asarray([value(v) for v in column.values] or [0], dtype=np.int64)
    return table[column.codes[rows]]


def _codes(column: Coded, texts: Iterable[str]) -> list[int]:
    return [c for c in (column.code(t) for t in texts) if c >= 0]


def _column(cols: CaseColumns, name: str) -> Coded | None:
    """A row attribute or field as a coded column (``None``: no row has it)."""
    if name in ("type", "category", "urgency", "channel", "state"):
        found: Coded = getattr(cols, name)
        return found
    if name == "id":
        return coded(cols.id.tolist())
    return cols.fields.get(name)


def _as_of(column: Coded, now: Mapping[int, tuple[str, str, str]], which: int) -> Coded:
    """``column`` (a case's type, category or urgency) with the reclassified rows' values as
    of the instant (``now``, by row: the three values)."""
    values = list(column.values)
    codes = column.codes.copy()
    for row, triple in now.items():
        text = triple[which]
        if text not in values:
            values.append(text)
        codes[row] = values.index(text)
    return Coded(codes, tuple(values), column.valid)


def _has_fields(cols: CaseColumns, rows: I64) -> Bools:
    """Whether each row has any further field."""
    found = np.zeros(rows.size, dtype=bool)
    for column in cols.fields.values():
        if column.valid is None:
            return np.ones(rows.size, dtype=bool)
        found |= column.valid[rows]
    return found


def _add(
    report: Report, cols: CaseColumns, rows: I64, found: _Found, ok: Bools, cal: Calendar
) -> None:
    """Add the facts of ``rows`` (``found``, where ``ok``) to ``report``."""
    if not rows.size:
        return
    flags, minutes = found.flags[ok], found.minutes[ok]
    days, grades = found.days[ok], found.grade[ok]
    parts = []
    sizes = []
    for name in report.by:
        column = _column(cols, name)
        if found.now and name in RECLASSIFIABLE and column is not None:
            column = _as_of(column, found.now, RECLASSIFIABLE.index(name))
        if column is None:
            column = Coded(np.zeros(len(cols), dtype=np.int32), ("",))
        parts.append((column.codes[rows].astype(np.int64), column.values))
        sizes.append(max(len(column.values), 1))
    day = cols.received_wall[rows] // US_PER_DAY
    distinct, which = np.unique(day, return_inverse=True)
    labels = [period_of(_EPOCH + dt.timedelta(days=int(d)), report.period) for d in distinct]
    label_of = coded(labels)
    parts.append((label_of.codes[which].astype(np.int64), label_of.values))
    sizes.append(max(len(label_of.values), 1))
    key = np.zeros(rows.size, dtype=np.int64)
    for (codes_, _), size in zip(parts, sizes, strict=True):
        key = key * size + codes_
    groups, gid = np.unique(key, return_inverse=True)
    masks, mid = np.unique(flags, return_inverse=True)
    cells = np.bincount(gid * masks.size + mid, minlength=groups.size * masks.size)
    bits = (masks[:, None] >> np.arange(len(COUNTS))) & 1
    table = cells.reshape(groups.size, masks.size) @ bits
    tallies: list[Tally] = []
    for g, packed in enumerate(groups.tolist()):
        values = []
        for (_, dictionary), size in zip(reversed(parts), reversed(sizes), strict=True):
            packed, code = divmod(packed, size)
            values.append(dictionary[code] if dictionary else "")
        values.reverse()
        k = (tuple(values[:-1]), values[-1])
        tally = report.tallies.get(k)
        if tally is None:
            tally = report.tallies[k] = Tally()
        tallies.append(tally)
        counts = tally.counts
        for j in np.flatnonzero(table[g]).tolist():
            counts[COUNTS[j]] += int(table[g, j])
    _histogram(tallies, gid, minutes, "minutes")
    _histogram(tallies, gid, days, "days")
    _histogram(tallies, gid, grades, "grades")
    for name, column in cols.fields.items():
        if column.valid is None or column.valid[rows].any():
            report.fields.add(name)
    if (flags & _BIT["provisional"]).any():
        report.provisional_years.update(cal.provisional_years)


def _histogram(tallies: list[Tally], gid: I64, values: I64, attribute: str) -> None:
    """Add each (group, value) pair of ``values`` (-1: none) to the groups' histograms."""
    some = values >= 0
    if not some.any():
        return
    width = int(values[some].max()) + 1
    pairs, counts = np.unique(gid[some] * width + values[some], return_counts=True)
    for pair, n in zip(pairs.tolist(), counts.tolist(), strict=True):
        g, v = divmod(pair, width)
        counter: Counter[object] = getattr(tallies[g], attribute)
        counter[GRADES[v] if attribute == "grades" else v] += n


def report_arrays(report: Report) -> dict[str, npt.NDArray[Any]]:
    """``report`` as plain NumPy arrays (what crosses a process or a cluster's boundary):
    its groups, counts, histograms and what it keeps beside them."""
    keys = list(report.tallies)
    width = len(report.by) + 1
    groups = np.array([[*g, p] for g, p in keys], dtype=np.str_).reshape(len(keys), width)
    counts = np.zeros((len(keys), len(COUNTS)), dtype=np.int64)
    hist: dict[str, list[tuple[int, int, int]]] = {"minutes": [], "days": [], "grades": []}
    for k, key in enumerate(keys):
        tally = report.tallies[key]
        for name, n in tally.counts.items():
            counts[k, COUNTS.index(name)] = n
        hist["minutes"] += [(k, v, n) for v, n in tally.minutes.items()]
        hist["days"] += [(k, v, n) for v, n in tally.days.items()]
        hist["grades"] += [(k, GRADES.index(v), n) for v, n in tally.grades.items()]
    out: dict[str, npt.NDArray[Any]] = {
        "by": np.array(report.by, dtype=np.str_),
        "period": np.array(report.period, dtype=np.str_),
        "groups": groups,
        "counts": counts,
        "later": np.array(report.later, dtype=np.int64),
        "awaiting": np.array(sorted(report.awaiting), dtype=np.str_),
        "provisional_years": np.array(sorted(report.provisional_years), dtype=np.int64),
        "fields": np.array(sorted(report.fields), dtype=np.str_),
    }
    for name, rows in hist.items():
        out[name] = np.array(rows, dtype=np.int64).reshape(len(rows), 3)
    return out


def report_of_arrays(arrays: Mapping[str, npt.NDArray[Any]]) -> Report:
    """The report that :func:`report_arrays` gave the arrays of."""
    by = tuple(str(x) for x in arrays["by"].tolist())
    report = Report(by, str(arrays["period"]))
    tallies = []
    for row, counts in zip(arrays["groups"].tolist(), arrays["counts"].tolist(), strict=True):
        tally = Tally()
        tally.counts.update({COUNTS[j]: n for j, n in enumerate(counts) if n})
        report.tallies[(tuple(row[:-1]), row[-1])] = tally
        tallies.append(tally)
    for name in ("minutes", "days", "grades"):
        for k, v, n in arrays[name].tolist():
            counter: Counter[object] = getattr(tallies[k], name)
            counter[GRADES[v] if name == "grades" else v] += n
    report.later = int(arrays["later"])
    report.awaiting.update(str(x) for x in arrays["awaiting"].tolist())
    report.provisional_years.update(int(x) for x in arrays["provisional_years"].tolist())
    report.fields.update(str(x) for x in arrays["fields"].tolist())
    return report


guard(globals())
