"""The due-soon list written out: a table to read, CSV, JSON, and ``.xlsx`` or Parquet files.

One row per alert, in the list's order: the instant, the case, the goal, what happens, the
deadline, the time left or over at that instant in hours of the goal's own clock (working
hours for limits in working days or hours), the case's state and its grouping fields.
Headers and labels are Chinese by default, English with ``language="en"``.

>>> import datetime as dt
>>> from civicflow.compliance.due import due_soon
>>> from civicflow.exchange.documents.synth import synth_cases
>>> cases = synth_cases(200, seed=1, first=dt.date(2026, 3, 2), days=10)
>>> due = due_soon(cases, dt.datetime(2026, 3, 6, 9, 0), within="4个工作小时", by=("department",))
>>> print(due_table(due, "en"))
3 alerts from 2026-03-06 09:00 to 2026-03-06 14:30 over 200 cases
at                   case          goal      target     what         deadline          left  over  unit           state        department
-------------------  ------------  --------  ---------  -----------  ----------------  ----  ----  -------------  -----------  ----------
2026-03-06 14:11:12  12345-000014  handling  statutory  reached 80%  2026-03-06 17:30  3.3         working hours  in_progress  水务集团
2026-03-06 14:14:48  12345-000175  handling  statutory  reached 80%  2026-03-06 17:30  3.3         working hours  in_progress  交通运输局
2026-03-06 14:26:48  12345-000125  handling  statutory  reached 80%  2026-03-06 17:30  3.1         working hours  in_progress  供电公司
2 goals on hold (nothing scheduled until they resume)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from civicflow._arguments import guard
from civicflow.compliance.due import DueAlert, DueList
from civicflow.errors import ArgumentError
from civicflow.exchange._cells import Cell
from civicflow.exchange._json import dump_json
from civicflow.exchange.reports.formats import text_grid
from civicflow.exchange.reports.verdicts import LANGUAGES
from civicflow.exchange.reports.workbook import FIELD_LABELS
from civicflow.exchange.tables import Column, write_table
from civicflow.limits.duration import WorkingDays, WorkingHours
from civicflow.sla.policy import Target
from civicflow.sla.schedule import AlertKind

__all__ = [
    "DUE_SCHEMA",
    "due_columns",
    "due_json",
    "due_rows",
    "due_summary",
    "due_table",
    "write_due",
]

#: The schema of :func:`due_json`'s document.
DUE_SCHEMA = "civicflow.due/1"

_COLUMNS = (
    ("at", "时间", "time"),
    ("case", "工单编号", "text"),
    ("goal", "考核环节", "text"),
    ("target", "时限类型", "text"),
    ("what", "预警", "text"),
    ("deadline", "截止时间", "time"),
    ("left", "剩余", "number"),
    ("over", "超时", "number"),
    ("unit", "单位", "text"),
    ("state", "状态", "text"),
)

_KINDS = {
    AlertKind.THRESHOLD: "用时达{share}", AlertKind.YELLOW: "黄牌", AlertKind.DEADLINE: "到期",
    AlertKind.RED: "红牌（超期）", AlertKind.SEVERE: "严重超期",
}  # fmt: skip
_NAMES = {
    AlertKind.THRESHOLD: "threshold", AlertKind.YELLOW: "yellow", AlertKind.DEADLINE: "deadline",
    AlertKind.RED: "red", AlertKind.SEVERE: "severe",
}  # fmt: skip
_TARGETS = {Target.STATUTORY: "法定时限", Target.PROMISED: "承诺时限"}


def _check(language: str) -> None:
    if language not in LANGUAGES:
        raise ArgumentError(f"language must be one of {', '.join(LANGUAGES)} (got {language!r})")


def due_columns(by: tuple[str, ...] = (), language: str = "zh") -> list[Column]:
    """The columns of a row: header and kind, the grouping fields ``by`` last.

    Raises:
        ArgumentError: an unknown language.
    """
    _check(language)
    zh = language == "zh"
    columns = [(name_zh if zh else name, kind) for name, name_zh, kind in _COLUMNS]
    return columns + [(FIELD_LABELS.get(f, f) if zh else f, "text") for f in by]


def _hours(amount: dt.timedelta) -> float:
    return round(amount / dt.timedelta(hours=1), 4)


def _what(d: DueAlert, zh: bool) -> str:
    a = d.alert
    if not zh:
        return a.what
    share = f"{a.threshold:.0%}" if a.threshold is not None else ""
    return _KINDS[a.kind].format(share=share)


def _unit(d: DueAlert, zh: bool) -> str:
    working = isinstance(d.alert.limit, WorkingDays | WorkingHours)
    if zh:
        return "工作小时" if working else "小时"
    return "working hours" if working else "hours"


def _row(d: DueAlert, zh: bool) -> list[Cell]:
    a = d.alert
    goal = a.label or a.goal if zh else a.goal
    return [
        a.at, a.case_id, goal, _TARGETS[a.target] if zh else a.target.value, _what(d, zh),
        a.deadline, _hours(a.remaining) if not a.overdue else None,
        _hours(a.overdue) if a.overdue else None, _unit(d, zh), d.state,
        *(value for _, value in d.fields),
    ]  # fmt: skip


def due_rows(due: DueList, language: str = "zh") -> Iterator[list[Cell]]:
    """One row per alert, in the list's order and the columns of :func:`due_columns`.

    Raises:
        ArgumentError: an unknown language.
    """
    _check(language)
    zh = language == "zh"
    for d in due.alerts:
        yield _row(d, zh)


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        shown = "%Y-%m-%d %H:%M" + (
            ":%S.%f" if value.microsecond else ":%S" if value.second else ""
        )
        text = value.strftime(shown)
        return text + value.strftime(" %z") if value.tzinfo else text
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def due_summary(due: DueList, language: str = "zh") -> list[str]:
    """What the list covers (its first line), and what it leaves out (the goals on hold, the
    goals waiting for a notice), in words.

    Raises:
        ArgumentError: an unknown language.
    """
    _check(language)
    zh = language == "zh"
    at, until = _cell(due.at), _cell(due.until)
    if zh:
        lines = [f"{at} 至 {until}，{due.cases:,} 件中有 {len(due.alerts):,} 条预警"]
        if due.paused:
            lines.append(f"{due.paused:,} 个环节暂停计时（恢复前不预警）")
        lines += [f"{n:,} 个环节待{year}年放假通知" for year, n in due.awaiting]
        return lines
    lines = [f"{len(due.alerts):,} alerts from {at} to {until} over {due.cases:,} cases"]
    if due.paused:
        lines.append(f"{due.paused:,} goals on hold (nothing scheduled until they resume)")
    lines += [
        f"{n:,} goals wait for the {year} holiday notice (their instants lie past the data)"
        for year, n in due.awaiting
    ]
    return lines


def due_table(due: DueList, language: str = "zh") -> str:
    """The list as a text table, with what it covers above it and what it leaves out below.

    Raises:
        ArgumentError: an unknown language.
    """
    head = [name for name, _ in due_columns(due.by, language)]
    body = [[_cell(v) for v in row] for row in due_rows(due, language)]
    summary = due_summary(due, language)
    lines = [summary[0], *text_grid(head, body), *summary[1:]]
    return "\n".join(line.rstrip() for line in lines)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def due_json(due: DueList) -> str:
    """The list as a JSON document (schema :data:`DUE_SCHEMA`): the window, the counts, and
    each alert with its instant to the microsecond."""
    alerts: list[dict[str, Any]] = []
    for d in due.alerts:
        a = d.alert
        alerts.append({
            "at": _iso(a.at), "case_id": a.case_id, "goal": a.goal, "label": a.label,
            "target": a.target.value, "kind": _NAMES[a.kind], "threshold": a.threshold,
            "deadline": _iso(a.deadline), "limit": str(a.limit),
            "remaining_hours": _hours(a.remaining), "overdue_hours": _hours(a.overdue),
            "unit": _unit(d, False), "state": d.state, "fields": dict(d.fields),
            "provisional": a.provisional,
        })  # fmt: skip
    document = {
        "schema": DUE_SCHEMA, "at": _iso(due.at), "until": _iso(due.until), "by": list(due.by),
        "cases": due.cases, "paused": due.paused,
        "awaiting": {str(year): n for year, n in due.awaiting}, "alerts": alerts,
    }  # fmt: skip
    return dump_json(document)


def write_due(path: str | Path, due: DueList, language: str = "zh") -> int:
    """Write the list to a ``.csv``, ``.xlsx`` (sheet 预警) or ``.parquet`` file; returns the
    rows written.

    Raises:
        ArgumentError: an unknown suffix or language, or the extra the format needs.
        OSError: the file cannot be written.
    """
    sheet = "预警" if language == "zh" else "alerts"
    return write_table(path, due_columns(due.by, language), due_rows(due, language), sheet=sheet)


guard(globals())
