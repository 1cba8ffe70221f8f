"""Verdicts as a table: one row per case and goal, for an analyst to filter and pivot (明细):
rows, a file (:func:`write_verdicts`) or a pandas DataFrame (:func:`verdicts_frame`).

Each row holds the goal's state, its deadline, its card, the time left or over in hours of
the goal's own clock (working hours for limits in working days or hours, hours of elapsed
time for the others), and why the deadline moved (a reclassification, extensions, pauses, a
notice awaited).
Headers are Chinese by default, English with ``language="en"``; states, cards and reasons
follow the same language.

>>> import datetime as dt
>>> from civicflow.exchange.documents.synth import synth_cases
>>> header = [name for name, _ in verdict_columns("en")]
>>> row = dict(zip(header, next(verdict_rows(synth_cases(1, seed=2), dt.datetime(2026, 9, 1), language="en"))))
>>> row["goal"], row["state"], row["unit"]
('sign-for', 'met', 'working hours')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.compliance.bulk import PolicyChoice, evaluated
from civicflow.errors import ArgumentError
from civicflow.exchange._cells import Cell
from civicflow.exchange._frames import moments, pandas
from civicflow.exchange.documents import Bad, InputStats
from civicflow.exchange.tables import Column, TableMapping, read_table, write_table
from civicflow.limits.duration import WorkingDays, WorkingHours
from civicflow.sla.status import Card, ClockState, Evaluation, GoalStatus

__all__ = [
    "LANGUAGES",
    "evaluation_rows",
    "verdict_columns",
    "verdict_rows",
    "verdicts_frame",
    "write_verdicts",
]

#: The languages of the headers and labels.
LANGUAGES = ("zh", "en")

_COLUMNS = (
    ("case_id", "工单编号", "text"),
    ("goal", "考核环节", "text"),
    ("target", "时限类型", "text"),
    ("limit", "时限", "text"),
    ("state", "状态", "text"),
    ("started", "起算时间", "time"),
    ("deadline", "截止时间", "time"),
    ("stopped", "完成时间", "time"),
    ("card", "预警", "text"),
    ("left", "剩余", "number"),
    ("over", "超时", "number"),
    ("unit", "单位", "text"),
    ("moved", "时限变动原因", "text"),
)

_STATES = {
    ClockState.NOT_STARTED: "未起算", ClockState.RUNNING: "计时中", ClockState.PAUSED: "暂停计时",
    ClockState.MET: "按期", ClockState.BREACHED: "超期", ClockState.CANCELLED: "已撤销",
    ClockState.UNKNOWN: "待定",
}  # fmt: skip
_CARDS = {Card.NONE: "", Card.YELLOW: "黄牌", Card.RED: "红牌"}
_TARGETS = {"statutory": "法定时限", "promised": "承诺时限"}


def verdict_columns(language: str = "zh") -> list[Column]:
    """The columns of a verdict row: header and kind.

    Raises:
        ArgumentError: an unknown language.
    """
    _check(language)
    return [(en if language == "en" else zh, kind) for en, zh, kind in _COLUMNS]


def _check(language: str) -> None:
    if language not in LANGUAGES:
        raise ArgumentError(f"language must be one of {', '.join(LANGUAGES)} (got {language!r})")


def _hours(amount: dt.timedelta) -> float:
    return round(amount / dt.timedelta(hours=1), 4)


def _moved(s: GoalStatus, language: str, reclassified: bool) -> str:
    zh = language == "zh"
    parts = [("已改类" if zh else "reclassified")] if reclassified else []
    parts += [f"延期 {e.chinese}" if zh else f"extended by {e}" for e in s.extensions]
    if s.on_hold:
        hours = f"{_hours(s.on_hold):g}"
        parts.append(f"暂停计时 {hours} 小时" if zh else f"paused {hours} h")
    if s.awaiting_notice is not None:
        year = s.awaiting_notice
        parts.append(f"待{year}年放假通知" if zh else f"waits for the {year} holiday notice")
    if s.provisional:
        parts.append("暂按法定节假日计算" if zh else "provisional: holidays by the law alone")
    return "；".join(parts) if zh else "; ".join(parts)


def _row(case_id: str, s: GoalStatus, language: str, reclassified: bool) -> list[Cell]:
    zh = language == "zh"
    working = isinstance(s.limit, WorkingDays | WorkingHours)
    unit = ("工作小时" if zh else "working hours") if working else ("小时" if zh else "hours")
    known = s.deadline is not None and s.state not in (ClockState.NOT_STARTED,
                                                       ClockState.CANCELLED)  # fmt: skip
    return [
        case_id,
        s.goal,
        _TARGETS[s.target.value] if zh else s.target.value,
        s.limit.chinese if zh else str(s.limit),
        _STATES[s.state] if zh else s.state.value,
        s.started,
        s.deadline,
        s.stopped,
        _CARDS[s.card] if zh else ("" if s.card is Card.NONE else s.card.value),
        _hours(s.remaining) if known and s.remaining is not None and not s.overdue else None,
        _hours(s.overdue) if known and s.overdue else None,
        unit,
        _moved(s, language, reclassified),
    ]


def verdict_rows(
    cases: Iterable[Case],
    at: dt.datetime,
    *,
    policy: PolicyChoice = None,
    calendar: Calendar | None = None,
    language: str = "zh",
) -> Iterator[list[Cell]]:
    """One row per case and goal (statutory, then promised), as of ``at``, in the order of
    :func:`verdict_columns`: the verdicts of :func:`~civicflow.evaluate`, case by case.

    Raises:
        ArgumentError: an unknown language.
        NotFoundError: no preset policy for a case's workflow.
    """
    _check(language)
    for case, ev in evaluated(cases, at, policy=policy, calendar=calendar):
        yield from evaluation_rows(ev, bool(case.received_as), language)


def evaluation_rows(
    evaluation: Evaluation, reclassified: bool = False, language: str = "zh"
) -> Iterator[list[Cell]]:
    """The rows of one case's evaluation, as :func:`verdict_rows` gives them."""
    for s in evaluation.goals:
        yield _row(evaluation.case_id, s, language, reclassified)


def write_verdicts(
    path: str | Path,
    cases: Iterable[Case],
    at: dt.datetime,
    *,
    policy: PolicyChoice = None,
    calendar: Calendar | None = None,
    language: str = "zh",
) -> int:
    """Write the verdicts of ``cases`` as of ``at`` to a ``.csv``, ``.xlsx`` (sheet 明细) or
    ``.parquet`` file; returns the rows written.

    Raises:
        ArgumentError: an unknown suffix or language, or the extra the format needs.
    """
    rows = verdict_rows(cases, at, policy=policy, calendar=calendar, language=language)
    sheet = "明细" if language == "zh" else "verdicts"
    return write_table(path, verdict_columns(language), rows, sheet=sheet)


def verdicts_frame(
    cases: Any,
    at: dt.datetime,
    *,
    mapping: TableMapping | None = None,
    policy: PolicyChoice = None,
    calendar: Calendar | None = None,
    language: str = "en",
    on_bad: Bad | None = None,
    stats: InputStats | None = None,
) -> Any:
    """One row per case and goal as of ``at``, as a DataFrame (English headers by default).

    Args:
        cases: a DataFrame of an export (read through ``mapping``), or any iterable of cases.
        at: the instant of the verdicts.
        mapping: how the DataFrame's columns map to cases; needed for a DataFrame.
        policy: as for :func:`~civicflow.evaluations`.
        calendar: as for :func:`~civicflow.evaluations`.
        language: ``"en"`` or ``"zh"`` headers and labels.
        on_bad: as for :func:`~civicflow.exchange.tables.files.read_table`.
        stats: as for :func:`~civicflow.exchange.tables.files.read_table`.

    Raises:
        ArgumentError: a DataFrame without a mapping, or pandas is not installed.
        InputError: a bad row, unless ``on_bad`` takes it.
    """
    pd = pandas()
    source: Iterable[Case]
    if isinstance(cases, pd.DataFrame):
        if mapping is None:
            raise ArgumentError("a DataFrame of an export is read through a mapping: give mapping=")
        source = (c for _, c in read_table(cases, mapping, on_bad=on_bad, stats=stats))
    else:
        source = cases
    columns = verdict_columns(language)
    rows = list(verdict_rows(source, at, policy=policy, calendar=calendar, language=language))
    frame = pd.DataFrame(rows, columns=[name for name, _ in columns])
    for name, kind in columns:
        if kind == "time":
            frame[name] = moments(pd, frame[name])
        elif kind == "number":
            frame[name] = frame[name].astype("float64")
    return frame


guard(globals())
