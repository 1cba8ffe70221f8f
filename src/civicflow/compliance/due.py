"""The due-soon list (预警 / 督办): every goal of many cases that crosses a line in a window.

A supervisor's list, or a platform's reminder job, asks which goals reach a warning threshold,
their yellow card, their deadline, their red card or severe overdue between now and the next
few working hours. :func:`due_soon` answers over any number of cases read once, each one's
instants from :func:`~civicflow.clock_schedule`, sorted by instant, with the case's grouping
fields (a department, a grid) to route each one.

>>> import datetime as dt
>>> from civicflow.exchange.documents.synth import synth_cases
>>> cases = synth_cases(200, seed=1, first=dt.date(2026, 3, 2), days=10)
>>> due = due_soon(cases, dt.datetime(2026, 3, 6, 9, 0), within="4个工作小时", by=("department",))
>>> due.until, due.cases, due.paused
(datetime.datetime(2026, 3, 6, 14, 30), 200, 2)
>>> for d in due.alerts:
...     print(d.alert.at, d.alert.case_id, d.alert.goal, d.alert.what, dict(d.fields)["department"])
2026-03-06 14:11:12 12345-000014 handling reached 80% 水务集团
2026-03-06 14:14:48 12345-000175 handling reached 80% 交通运输局
2026-03-06 14:26:48 12345-000125 handling reached 80% 供电公司

The cases are evaluated on the columnar engine (:func:`~civicflow.evaluate_columns`) a batch
at a time; only a case with a clock still open has its schedule read.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import RECLASSIFIABLE, Case
from civicflow.compliance.bulk import PolicyChoice
from civicflow.errors import ArgumentError
from civicflow.limits._local import instant_like, parse_limit, resolve_calendar
from civicflow.limits.arithmetic import deadline
from civicflow.limits.duration import Duration
from civicflow.sla.schedule import Alert, AlertKind, schedule_of
from civicflow.sla.status import ClockState

if TYPE_CHECKING:
    from civicflow.sla.columnar import ColumnEvaluation

__all__ = ["DueAlert", "DueList", "alert_kinds", "due_soon"]


@attrs.frozen
class DueAlert:
    """One line of the due-soon list: an alert, with the case's grouping fields.

    Attributes:
        alert: the instant, the goal and what happens (:class:`~civicflow.Alert`).
        fields: the case's values of the list's ``by`` fields, as (name, value) pairs; a
            reclassified case's type, category and urgency as classified at the list's
            instant.
        state: the case's state at the list's instant.
    """

    alert: Alert
    fields: tuple[tuple[str, str], ...] = ()
    state: str = ""


@attrs.frozen
class DueList:
    """The goals that cross a line in a window, sorted by instant.

    Attributes:
        at: the start of the window (not included).
        until: its end (included), in the form of ``at``.
        by: the grouping fields the alerts carry.
        alerts: the alerts in the window, by instant, then case and goal.
        cases: the cases read.
        paused: the goals on hold at ``at``: nothing is scheduled for them until they resume.
        awaiting: per year, the goals whose instants ahead wait for that year's holiday
            notice (they lie past the calendar's data).
    """

    at: dt.datetime
    until: dt.datetime
    by: tuple[str, ...]
    alerts: tuple[DueAlert, ...]
    cases: int = 0
    paused: int = 0
    awaiting: tuple[tuple[int, int], ...] = ()


#: The kinds of alert by the names the command line uses.
KIND_NAMES = {
    "threshold": AlertKind.THRESHOLD,
    "yellow": AlertKind.YELLOW,
    "deadline": AlertKind.DEADLINE,
    "red": AlertKind.RED,
    "severe": AlertKind.SEVERE,
}


def alert_kinds(kinds: Iterable[AlertKind | str] | None) -> frozenset[AlertKind]:
    """The kinds asked for, as members; every kind for ``None``.

    Raises:
        ArgumentError: a name that is no kind; the message lists them.
    """
    if kinds is None:
        return frozenset(AlertKind)
    found = set()
    for kind in [kinds] if isinstance(kinds, str) else kinds:
        if isinstance(kind, AlertKind):
            found.add(kind)
        elif isinstance(kind, str) and kind.strip().lower() in KIND_NAMES:
            found.add(KIND_NAMES[kind.strip().lower()])
        else:
            raise ArgumentError(
                f"'kinds' are {', '.join(KIND_NAMES)} (or AlertKind members); got {kind!r}"
            )
    return frozenset(found)


def due_soon(
    cases: Iterable[Case],
    at: dt.datetime,
    *,
    within: Duration | str | None = None,
    until: dt.datetime | None = None,
    by: Iterable[str] = (),
    kinds: Iterable[AlertKind | str] | None = None,
    policy: PolicyChoice = None,
    calendar: Calendar | None = None,
) -> DueList:
    """Every goal of ``cases`` that crosses a line after ``at`` and by the end of the window.

    Args:
        cases: any number of cases, read once.
        at: the start of the window, "now" (naive: the calendar's local time); a case with
            aware times reads it in the calendar's zone, as :func:`~civicflow.evaluations`
            does.
        within: the window as a limit counted from ``at`` on the calendar, as
            :func:`~civicflow.deadline` counts it: ``"4个工作小时"`` ends after four hours of
            working time, ``"1个工作日"`` at the close of the next working day (a limit that
            runs out before ``at``, such as zero working days after the close, leaves the
            window empty).
        until: the window's end as an instant instead.
        by: the case fields each alert carries (e.g. ``("department",)``).
        kinds: the kinds of alert to list (members of :class:`~civicflow.AlertKind`, or
            ``"threshold"``, ``"yellow"``, ``"deadline"``, ``"red"``, ``"severe"``); all by
            default.
        policy: the policy of every case, or a function choosing each one's; default: each
            case's preset.
        calendar: default: :func:`~civicflow.china_calendar`.

    Returns:
        A :class:`DueList`, its alerts sorted by instant, with the counts of the goals that
        have nothing scheduled (on hold, or waiting for a notice).

    Raises:
        ArgumentError: neither or both of ``within`` and ``until``, a window that ends
            before ``at``, an unknown kind.
        KeyError: no preset policy for a case's workflow.
    """
    cal = resolve_calendar(calendar)
    if (within is None) == (until is None):
        raise ArgumentError("give the window as 'within' (a limit) or as 'until' (an instant)")
    if within is not None:
        end = deadline(at, parse_limit(within), cal)
        if cal.to_local(end) < cal.to_local(at):  # "0个工作日" after the day's close: empty
            end = at
    else:
        assert until is not None
        if not isinstance(until, dt.datetime):
            raise ArgumentError(f"'until' must be a datetime.datetime (got {until!r})")
        end = instant_like(cal, until, at)
    if cal.to_local(end) < cal.to_local(at):
        raise ArgumentError(
            f"the window ends ({end.isoformat()}) before it starts ({at.isoformat()})"
        )
    wanted = alert_kinds(kinds)
    fields = tuple(by)
    counts: Counter[str] = Counter()
    awaiting: Counter[int] = Counter()
    found = list(_on_columns(cases, at, end, fields, wanted, policy, cal, counts, awaiting))
    found.sort(key=lambda d: (cal.to_local(d.alert.at), d.alert.case_id, d.alert.goal,
                              d.alert.target.value, _ORDER[d.alert.kind]))  # fmt: skip
    return DueList(
        at, end, fields, tuple(found), counts["cases"], counts["paused"],
        tuple(sorted(awaiting.items())),
    )  # fmt: skip


_ORDER = {kind: n for n, kind in enumerate(AlertKind)}


#: Cases put in columns and evaluated at a time.
_BATCH = 8192


def _on_columns(
    cases: Iterable[Case], at: dt.datetime, end: dt.datetime, by: tuple[str, ...],
    kinds: frozenset[AlertKind], policy: PolicyChoice, cal: Calendar, counts: Counter[str],
    awaiting: Counter[int],
) -> Iterator[DueAlert]:  # fmt: skip
    """The alerts in the window; counts the cases and the goals left out. The cases are
    evaluated on the columnar engine a batch at a time; only those with a clock still open
    have a schedule to look at."""
    from civicflow.cases.columns import CaseColumns  # NumPy: loaded when a list is made
    from civicflow.sla.columnar import evaluate_columns

    last = cal.to_local(end)
    iterator = iter(cases)
    while True:
        chunk = list(itertools.islice(iterator, _BATCH))
        if not chunk:
            return
        counts["cases"] += len(chunk)
        found = evaluate_columns(CaseColumns.from_cases(chunk), at, policy=policy, calendar=cal)
        policies = {name: part.compiled.policy for name, part in found.parts.items()}
        for row in _open_rows(found):
            case = chunk[row]
            schedule = schedule_of(
                found.evaluation(row), policies[case.workflow.name], cal, case.received
            )
            for u in schedule.unscheduled:
                if u.awaiting_notice is not None:
                    awaiting[u.awaiting_notice] += 1
                else:
                    counts["paused"] += 1
            chosen = [a for a in schedule.alerts if a.kind in kinds and cal.to_local(a.at) <= last]
            if not chosen:
                continue
            values = _grouping(case, by, instant_like(cal, at, case.received))
            for alert in chosen:
                yield DueAlert(alert, values, schedule.state)


def _open_rows(found: ColumnEvaluation) -> list[int]:
    """The rows with a clock not stopped and running, on hold or overdue (or read the
    per-case way): the others have nothing ahead and nothing on hold."""
    import numpy as np

    from civicflow.sla._runs import NEVER
    from civicflow.sla.columnar import GoalColumns

    rows = set(found.left.tolist())
    open_ = (GoalColumns.code(ClockState.RUNNING), GoalColumns.code(ClockState.PAUSED),
             GoalColumns.code(ClockState.BREACHED))  # fmt: skip
    for part in found.parts.values():
        some = np.zeros(part.rows.size, dtype=bool)
        for g in part.goals:
            some |= g.applies & (g.stopped == NEVER) & np.isin(g.state, open_)
        rows.update(part.rows[some].tolist())
    return sorted(rows)


def _grouping(case: Case, by: tuple[str, ...], at: dt.datetime) -> tuple[tuple[str, str], ...]:
    if not by:
        return ()
    now = dict(zip(RECLASSIFIABLE, case.classification_at(at), strict=True))
    return tuple((f, now[f] if f in now else case.get(f)) for f in by)


guard(globals())
