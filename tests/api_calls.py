"""Every callable of the public API, each with the arguments of one call that works.

The public API is each name in ``__all__`` of the package and of each layer, and the public
methods of the classes among them. :func:`calls` gives each a :class:`Call`; the property
of ``tests/test_public_api.py`` replaces its arguments by wrong ones (:data:`WRONG`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
import inspect
import io
import math
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

import civicflow as cf
import civicflow.compliance as co
from tests.api_calls_rooms import room_calls

#: The packages whose ``__all__`` is the public API: the package, each layer, and each room
#: of the input and output layer (its door).
PACKAGES = (
    "civicflow",
    "civicflow.calendars",
    "civicflow.limits",
    "civicflow.cases",
    "civicflow.sla",
    "civicflow.compliance",
    "civicflow.exchange",
    "civicflow.exchange.documents",
    "civicflow.exchange.tables",
    "civicflow.exchange.calendar_files",
    "civicflow.exchange.reports",
    "civicflow.exchange.jobs",
    "civicflow.cli",
)

UTC = dt.UTC


@dataclass
class Call:
    """A callable and the arguments of one call that works."""

    target: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


def public_callables() -> dict[str, Callable[..., Any]]:
    """``module.name`` and ``module.Class.method`` -> the callable, for the whole public API
    (errors, enumerations and type aliases left out: an error is what a call raises, an
    enumeration is called with one of its values or refused by Python's own ``ValueError``,
    and an alias such as ``Bad`` names a type for annotations)."""
    found: dict[str, Callable[..., Any]] = {}
    seen: set[int] = set()
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj) or id(obj) in seen or typing.get_origin(obj) is not None:
                continue
            seen.add(id(obj))
            if inspect.isclass(obj):
                if issubclass(obj, BaseException | enum.Enum):
                    continue
                if not inspect.isabstract(obj):
                    found[f"{package}.{name}"] = obj
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if inspect.isfunction(value) or isinstance(value, classmethod | staticmethod):
                        found[f"{package}.{name}.{attr}"] = getattr(obj, attr)
            else:
                found[f"{package}.{name}"] = obj
    return found


@functools.cache
def _values() -> dict[str, Any]:
    cal = cf.china_calendar()
    policy = cf.hotline_policy()
    workflow = policy.workflow
    at = dt.datetime(2026, 3, 2, 10)
    case = cf.Case.open(workflow, "H-1", dt.datetime(2026, 2, 10, 10), type="投诉").apply_all(
        [
            cf.Event("e1", "dispatch", dt.datetime(2026, 2, 10, 10, 30)),
            cf.Event("e2", "sign_for", dt.datetime(2026, 2, 10, 14)),
        ]
    )
    indicators = co.hotline_indicators()
    facts = co.case_facts(case, policy, at, indicators)
    report = cf.report_cases([case], at)
    evaluation = cf.evaluate(case, policy, at)
    status = evaluation.goals[0]
    return {
        "cal": cal,
        "policy": policy,
        "workflow": workflow,
        "at": at,
        "case": case,
        "event": cf.Event("e3", "start", dt.datetime(2026, 2, 11, 9)),
        "indicators": indicators,
        "case_facts": facts,
        "facts": co.Facts(policy, indicators),
        "report": report,
        "tally": report.total(),
        "book": co.RATE_BOOKS["jinhua"],
        "rate": co.RATE_BOOKS["jinhua"].rates[0],
        "evaluation": evaluation,
        "status": status,
        "goal": policy.goals[0],
        "limit": policy.goals[0].limits[0],
        "transition": workflow.transitions[0],
        "arrangement": cal.arrangement(2025),
        "schedule": cal.schedule,
        "session": cal.schedule.sessions[0],
        "season": cf.Season((5, 1), (9, 30), cal.schedule.sessions),
        "day": dt.date(2025, 10, 11),
        "notice": "\n".join(
            [
                "国务院办公厅关于2025年部分节假日安排的通知",
                "一、元旦：1月1日（周三）放假1天，不调休。",
            ]
        ),
        "lines": [
            '{"schema": "civicflow.case/1", "id": "H-1", "workflow": "hotline-12345", '
            '"received": "2026-02-10T10:00:00", "type": "投诉", "events": []}'
        ],
    }


@functools.cache
def calls() -> dict[str, Call]:
    """Each public callable's name -> one call of it that works."""
    v = _values()
    cal, policy, workflow, at, case = v["cal"], v["policy"], v["workflow"], v["at"], v["case"]
    start, end = dt.datetime(2025, 9, 30, 16), dt.datetime(2025, 10, 9, 10)
    day = v["day"]
    json_case = cf.case_to_json(case)
    table: dict[str, Call] = {
        # calendar data
        "civicflow.Arrangement": Call(cf.Arrangement, (2025, {day: "国庆节"}, {})),
        "civicflow.Arrangement.covers": Call(v["arrangement"].covers, (day,)),
        "civicflow.Arrangement.is_workday": Call(v["arrangement"].is_workday, (day,)),
        "civicflow.StatutoryData": Call(cf.StatutoryData, (2025, 2025, {}, {}, "data")),
        "civicflow.parse_notice": Call(cf.parse_notice, (v["notice"],), {"partial": True}),
        "civicflow.statutory_data": Call(cf.statutory_data),
        # calendars
        "civicflow.Calendar": Call(cf.Calendar, (), {"timezone": "Asia/Shanghai"}),
        "civicflow.Calendar.with_days_off": Call(cal.with_days_off, ({day: "台风"},)),
        "civicflow.Calendar.with_working_days": Call(
            cal.with_working_days, ([day],), {"reason": "x"}
        ),
        "civicflow.Calendar.with_arrangement": Call(cal.with_arrangement, (v["arrangement"],)),
        "civicflow.Calendar.with_provisional": Call(cal.with_provisional, (2030,)),
        "civicflow.Calendar.with_sector": Call(cal.with_sector, (), {"observe_make_up": False}),
        "civicflow.Calendar.with_workweek": Call(
            cal.with_workweek, (range(6),), {"national": True}
        ),
        "civicflow.Calendar.with_closure": Call(
            cal.with_closure, (dt.datetime(2025, 7, 21, 14), dt.datetime(2025, 7, 22), "台风")
        ),
        "civicflow.Calendar.with_group_holidays": Call(cal.with_group_holidays, ("women",)),
        "civicflow.Calendar.is_provisional": Call(cal.is_provisional, (day,)),
        "civicflow.Calendar.arrangement": Call(cal.arrangement, (2025,)),
        "civicflow.Calendar.year_sources": Call(cal.year_sources),
        "civicflow.Calendar.with_schedule": Call(cal.with_schedule, ("08:30-17:30",)),
        "civicflow.Calendar.days_left": Call(cal.days_left, (day,)),
        "civicflow.Calendar.day": Call(cal.day, (day,)),
        "civicflow.Calendar.overtime_rate": Call(cal.overtime_rate, (day,)),
        "civicflow.Calendar.days": Call(cal.days, (day, dt.date(2025, 10, 20))),
        "civicflow.Calendar.is_workday": Call(cal.is_workday, (day,)),
        "civicflow.Calendar.workdays": Call(cal.workdays, (day, dt.date(2025, 10, 20))),
        "civicflow.Calendar.add_workdays": Call(cal.add_workdays, (day, 3)),
        "civicflow.Calendar.workdays_between": Call(
            cal.workdays_between, (day, dt.date(2025, 10, 20))
        ),
        "civicflow.Calendar.sessions_on": Call(cal.sessions_on, (day,)),
        "civicflow.Calendar.is_working_time": Call(cal.is_working_time, (start,)),
        "civicflow.Calendar.next_working_moment": Call(cal.next_working_moment, (start,)),
        "civicflow.Calendar.previous_working_moment": Call(cal.previous_working_moment, (start,)),
        "civicflow.Calendar.close_of_business": Call(cal.close_of_business, (day,)),
        "civicflow.Calendar.to_local": Call(cal.to_local, (start,)),
        "civicflow.Calendar.from_local": Call(cal.from_local, (start, start)),
        "civicflow.DayInfo": Call(cf.DayInfo, (day, cf.DayKind.MAKE_UP)),
        "civicflow.Schedule": Call(cf.Schedule, (cal.schedule.sessions,)),
        "civicflow.Schedule.parse": Call(cf.Schedule.parse, ("09:00-12:00; Sat=09:00-11:00",)),
        "civicflow.Schedule.sessions_on": Call(cal.schedule.sessions_on, (day,)),
        "civicflow.Season": Call(cf.Season, ((5, 1), (9, 30), cal.schedule.sessions)),
        "civicflow.Season.contains": Call(v["season"].contains, (day,)),
        "civicflow.Session": Call(cf.Session, (32400, 43200)),
        "civicflow.Session.parse": Call(cf.Session.parse, ("22:00-06:00+1",)),
        "civicflow.china_calendar": Call(cf.china_calendar, ("09:00-17:00",), {"timezone": "UTC"}),
        # limits
        "civicflow.CalendarDays": Call(cf.CalendarDays, (3,)),
        "civicflow.ClockTime": Call(cf.ClockTime, (1,), {"minutes": 30, "seconds": 0}),
        "civicflow.Duration.parse": Call(cf.Duration.parse, ("3个工作日",)),
        "civicflow.Months": Call(cf.Months, (3,)),
        "civicflow.WorkingDays": Call(cf.WorkingDays, (3,)),
        "civicflow.WorkingHours": Call(cf.WorkingHours, (1,), {"minutes": 30, "seconds": 0}),
        "civicflow.ExplainedDay": Call(cf.ExplainedDay, (cal.day(day), True, "note")),
        "civicflow.Explanation": Call(
            cf.Explanation, (start, start, cf.WorkingDays(1), end, "rule", ())
        ),
        "civicflow.before": Call(cf.before, (end, "3个工作日", cal), {"day_end": "close"}),
        "civicflow.deadline": Call(
            cf.deadline, (start, "3个工作日", cal), {"day_end": "close", "receipt": "as-received"}
        ),
        "civicflow.explain": Call(
            cf.explain, (start, "3个工作日", cal), {"day_end": "close", "receipt": "as-received"}
        ),
        "civicflow.latest_start": Call(
            cf.latest_start, (end, "3个工作日", cal), {"day_end": "close"}
        ),
        "civicflow.working_time": Call(cf.working_time, (start, end, cal)),
        "civicflow.limits.deadlines": Call(
            importlib.import_module("civicflow.limits").deadlines,
            ([start, end], "3个工作日", cal),
            {"day_end": "close", "receipt": "as-received"},
        ),
        # cases
        "civicflow.Case": Call(cf.Case, (workflow, "H-2", start), {"type": "投诉"}),
        "civicflow.Case.open": Call(
            cf.Case.open,
            (workflow, "H-2", start),
            {"type": "投诉", "category": "", "urgency": "normal", "channel": "", "fields": {}},
        ),
        "civicflow.Case.get": Call(case.get, ("type",)),
        "civicflow.Case.apply": Call(case.apply, (v["event"],)),
        "civicflow.Case.apply_all": Call(case.apply_all, ([v["event"]],)),
        "civicflow.Case.classification_at": Call(case.classification_at, (at,)),
        "civicflow.Case.classification_after": Call(case.classification_after, (1,)),
        "civicflow.Case.replayed": Call(case.replayed),
        "civicflow.Case.refuses_extension": Call(case.refuses_extension, (v["transition"], 0)),
        "civicflow.Event": Call(
            cf.Event, ("e9", "extend", start, "5个工作日", "note"), {"changes": {}, "channel": ""}
        ),
        "civicflow.ExtensionRule": Call(cf.ExtensionRule, (cf.WorkingDays(10), 1)),
        "civicflow.Transition": Call(cf.Transition, ("go", "a", "b", "Go", None, False)),
        "civicflow.Transition.moves_from": Call(v["transition"].moves_from, ("registered",)),
        "civicflow.Workflow": Call(
            cf.Workflow, ("w", ["a", "b"], "a", ["b"], [cf.Transition("go", "a", "b")], {})
        ),
        "civicflow.Workflow.transition": Call(workflow.transition, ("dispatch",)),
        "civicflow.Workflow.allowed": Call(workflow.allowed, ("registered",)),
        "civicflow.Workflow.label": Call(workflow.label, ("dispatch",)),
        "civicflow.Workflow.extended": Call(
            workflow.extended,
            (),
            {
                "states": ["reviewed"],
                "transitions": [cf.Transition("review", "replied", "reviewed")],
                "terminal": ["reviewed"],
                "labels": {},
            },
        ),
        "civicflow.Workflow.without_transitions": Call(
            workflow.without_transitions, ("supervise",)
        ),
        # SLA clocks
        "civicflow.Evaluation": Call(cf.Evaluation, ("H-1", "received", at, ())),
        "civicflow.Evaluation.goal": Call(
            v["evaluation"].goal, ("handling",), {"target": "statutory"}
        ),
        "civicflow.Goal": Call(cf.Goal, ("g", [cf.Limit("3个工作日")], "dispatch", "close")),
        "civicflow.Goal.limit_for": Call(v["goal"].limit_for, (case, at)),
        "civicflow.Goal.limit_classified": Call(v["goal"].limit_classified, ("投诉", "", "normal")),
        "civicflow.GoalExplanation": Call(
            cf.GoalExplanation, ("H-1", v["goal"], v["status"], (), ())
        ),
        "civicflow.GoalStatus": Call(
            cf.GoalStatus,
            (
                "g",
                cf.Target.STATUTORY,
                cf.WorkingDays(1),
                cf.ClockState.RUNNING,
                start,
                None,
                end,
                None,
                (),
                dt.timedelta(0),
                dt.timedelta(0),
                dt.timedelta(0),
                dt.timedelta(0),
                cf.Card.NONE,
                None,
                (),
                False,
            ),
        ),
        "civicflow.Limit": Call(cf.Limit, ("3个工作日", "2个工作日", "投诉", "", "")),
        "civicflow.Limit.for_target": Call(v["limit"].for_target, (cf.Target.STATUTORY,)),
        "civicflow.Limit.matches": Call(v["limit"].matches, (case,)),
        "civicflow.Limit.matches_values": Call(v["limit"].matches_values, ("投诉", "", "normal")),
        "civicflow.Policy": Call(cf.Policy, ("p", workflow, policy.goals)),
        "civicflow.Policy.goal": Call(policy.goal, ("handling",)),
        "civicflow.Policy.derived": Call(policy.derived, ("test-key", lambda p: p.name)),
        "civicflow.Policy.with_goals": Call(policy.with_goals, (policy.goals[0],)),
        "civicflow.Segment": Call(
            cf.Segment, ("counted", start, end, "x", dt.timedelta(0), "", ())
        ),
        "civicflow.Warnings": Call(cf.Warnings, ("1个工作日", (0.8,), 3)),
        "civicflow.cycles": Call(
            cf.cycles, (case, policy, "handling", at, cal), {"target": "statutory"}
        ),
        "civicflow.evaluate": Call(cf.evaluate, (case, policy, at, cal)),
        "civicflow.evaluations": Call(
            cf.evaluations, ([case], at), {"policy": policy, "calendar": cal}
        ),
        "civicflow.explain_goal": Call(
            cf.explain_goal, (case, policy, "handling", at, cal), {"target": "statutory"}
        ),
        "civicflow.hotline_policy": Call(
            cf.hotline_policy,
            (),
            {
                "handling": [("咨询", "2个工作日")],
                "default_handling": "5个工作日",
                "promised": None,
                "warnings": None,
            },
        ),
        "civicflow.hotline_workflow": Call(cf.hotline_workflow),
        "civicflow.licence_policy": Call(
            cf.licence_policy, (), {"decision": "20个工作日", "promised": None, "warnings": None}
        ),
        "civicflow.licence_workflow": Call(cf.licence_workflow),
        "civicflow.preset_policy": Call(cf.preset_policy, ("hotline-12345",)),
        "civicflow.preset_workflows": Call(cf.preset_workflows),
        "civicflow.rating_policy": Call(
            cf.rating_policy, (), {"days": "15个工作日", "warnings": None}
        ),
        "civicflow.rating_workflow": Call(cf.rating_workflow),
        "civicflow.urban_policy": Call(
            cf.urban_policy,
            (),
            {
                "handling": [("暴露垃圾", "4个工作小时")],
                "default_handling": "1个工作日",
                "warnings": None,
            },
        ),
        "civicflow.urban_workflow": Call(cf.urban_workflow),
        "civicflow.report_cases": Call(
            cf.report_cases,
            ([case], at),
            {
                "by": ("type",),
                "period": "month",
                "policy": policy,
                "indicators": v["indicators"],
                "calendar": cal,
            },
        ),
        # input and output
        "civicflow.case_from_json": Call(cf.case_from_json, (json_case,), {"workflows": None}),
        "civicflow.case_to_json": Call(cf.case_to_json, (case,), {"indent": 2}),
        "civicflow.policy_from_json": Call(
            cf.policy_from_json, (cf.policy_to_json(policy),), {"workflows": None}
        ),
        "civicflow.policy_to_json": Call(cf.policy_to_json, (policy,)),
    }
    calendars = importlib.import_module("civicflow.calendars")
    table |= {
        "civicflow.calendars.Correction": Call(
            calendars.Correction, (day, True, "国庆节", "notice")
        ),
        "civicflow.calendars.arrangement_from_json": Call(
            calendars.arrangement_from_json, (calendars.arrangement_to_json(v["arrangement"]),)
        ),
        "civicflow.calendars.arrangement_to_json": Call(
            calendars.arrangement_to_json, (v["arrangement"],)
        ),
        "civicflow.calendars.day_runs": Call(
            calendars.day_runs, (list(cal.days(day, dt.date(2025, 10, 20))),)
        ),
        "civicflow.calendars.provisional_arrangement": Call(
            calendars.provisional_arrangement, (2027,)
        ),
        "civicflow.calendars.qingming": Call(calendars.qingming, (2027,)),
        "civicflow.calendars.statutory_days": Call(calendars.statutory_days, (2027,)),
    }
    table |= {
        "civicflow.compliance.CaseFacts": Call(
            co.CaseFacts, (start, frozenset({"received"}), 60, 1, None)
        ),
        "civicflow.compliance.DeadlineChange": Call(
            co.DeadlineChange, ("H-1", "handling", cf.Target.STATUTORY, None, v["status"], ())
        ),
        "civicflow.compliance.Facts": Call(co.Facts, (policy, v["indicators"], cal)),
        "civicflow.compliance.Facts.statuses": Call(v["facts"].statuses, (case, at)),
        "civicflow.compliance.Facts.of": Call(v["facts"].of, (case, at)),
        "civicflow.compliance.Indicators": Call(
            co.Indicators, ("handling", "sign-for"), {"parked": "park"}
        ),
        "civicflow.compliance.Rate": Call(co.Rate, ("r", "R", ["closed"], ["due"], ["parked_due"])),
        "civicflow.compliance.RateBook": Call(
            co.RateBook, ("b", [v["rate"]]), {"time_unit": "working hours"}
        ),
        "civicflow.compliance.RateBook.rate": Call(v["book"].rate, (v["rate"].name,)),
        "civicflow.compliance.Ratio": Call(co.Ratio, (1, 2)),
        "civicflow.compliance.Report": Call(co.Report, (("type",), "month")),
        "civicflow.compliance.Report.add": Call(co.Report(()).add, (case, v["case_facts"], at)),
        "civicflow.compliance.Report.add_case": Call(
            co.Report(()).add_case, (case, policy, at, v["indicators"], cal)
        ),
        "civicflow.compliance.Report.count": Call(co.Report(()).count, (case, v["facts"], at, ())),
        "civicflow.compliance.Report.record": Call(
            co.Report(()).record, (case, v["case_facts"], at, cal)
        ),
        "civicflow.compliance.Report.unknown_fields": Call(v["report"].unknown_fields),
        "civicflow.compliance.Report.merge": Call(v["report"].merge, (v["report"],)),
        "civicflow.compliance.Report.rows": Call(v["report"].rows),
        "civicflow.compliance.Report.total": Call(v["report"].total),
        "civicflow.compliance.Report.series": Call(v["report"].series, ((),)),
        "civicflow.compliance.Tally": Call(co.Tally),
        "civicflow.compliance.Tally.add": Call(co.Tally().add, (v["case_facts"],)),
        "civicflow.compliance.Tally.merge": Call(v["tally"].merge, (v["tally"],)),
        "civicflow.compliance.Tally.count": Call(v["tally"].count, ("received",)),
        "civicflow.compliance.Tally.rate": Call(v["tally"].rate, (v["rate"],)),
        "civicflow.compliance.Tally.hours": Call(v["tally"].hours, ("median",)),
        "civicflow.compliance.Tally.working_days": Call(v["tally"].working_days, ("p90",)),
        "civicflow.compliance.case_facts": Call(
            co.case_facts, (case, policy, at, v["indicators"], cal)
        ),
        "civicflow.compliance.change": Call(co.change, (0.5, 0.75)),
        "civicflow.compliance.consecutive": Call(co.consecutive, ([co.Ratio(1, 1)], 1.0)),
        "civicflow.compliance.counts_of": Call(co.counts_of, ({"received": 3},)),
        "civicflow.compliance.facts_chooser": Call(
            co.facts_chooser, (policy, v["indicators"], cal)
        ),
        "civicflow.compliance.hotline_indicators": Call(co.hotline_indicators),
        "civicflow.compliance.last_year": Call(co.last_year, ("2026-03",)),
        "civicflow.compliance.licence_indicators": Call(co.licence_indicators),
        "civicflow.compliance.period_of": Call(co.period_of, (at, "quarter")),
        "civicflow.compliance.preset_indicators": Call(co.preset_indicators, ("urban-management",)),
        "civicflow.compliance.rating_indicators": Call(co.rating_indicators),
        "civicflow.compliance.recompute": Call(co.recompute, ([case], policy, cal, cal, at)),
        "civicflow.compliance.urban_indicators": Call(co.urban_indicators),
    }
    ex = importlib.import_module("civicflow.exchange")
    report, book = v["report"], v["book"]
    table |= {
        "civicflow.exchange.calendar_from_json": Call(ex.calendar_from_json, (ex.calendar_to_json(cal),)),
        "civicflow.exchange.calendar_to_json": Call(ex.calendar_to_json, (cal,)),
        "civicflow.exchange.merge_reports": Call(ex.merge_reports, ([report, report],)),
        "civicflow.exchange.read_cases": Call(
            ex.read_cases, (v["lines"], "jsonl"), {"workflows": None, "on_bad": None, "stats": None}
        ),
        "civicflow.exchange.report_csv": Call(ex.report_csv, (report, book)),
        "civicflow.exchange.report_json": Call(ex.report_json, (report, book), {"as_of": "2026-03-02"}),
        "civicflow.exchange.report_lines": Call(
            ex.report_lines,
            (v["lines"],),
            {"by": ("type",), "period": "month", "as_of": at, "policy": policy, "indicators": v["indicators"], "calendar": cal, "workflows": None},
        ),
        "civicflow.exchange.report_svg": Call(ex.report_svg, (report, book), {"rate": "on_time_closure"}),
        "civicflow.exchange.report_table": Call(ex.report_table, (report, book)),
        "civicflow.exchange.synth_cases": Call(
            ex.synth_cases, (3,), {"seed": 1, "kind": "hotline", "first": dt.date(2025, 1, 1), "days": 30}
        ),
        "civicflow.exchange.synth_jsonl": Call(
            ex.synth_jsonl, (3,), {"seed": 1, "kind": "hotline", "first": dt.date(2025, 1, 1), "days": 30, "chunk": 2}
        ),
        "civicflow.cli.main": Call(importlib.import_module("civicflow.cli").main, (["calendar", "2025-10"],)),
    }  # fmt: skip
    table |= _columnar(v)
    table |= _alerts(v)
    table |= _arrow(v)
    table |= room_calls(v, _scratch, Call)
    return table


def _fields_of(obj: Any) -> tuple[Any, ...]:
    """The values of an attrs instance's fields, in order: the arguments that rebuild it."""
    return tuple(getattr(obj, a.name) for a in attrs.fields(type(obj)))


def _alerts(v: dict[str, Any]) -> dict[str, Call]:
    """The instants ahead of a case's clocks, the due-soon list, and sessions as values."""
    case, policy, cal = v["case"], v["policy"], v["cal"]
    at = dt.datetime(2026, 2, 10, 15)
    moment = dt.datetime(2025, 9, 30, 16)
    schedule = cf.clock_schedule(case, policy, at, cal)
    due = cf.due_soon([case], at, within="20个工作日", by=("type",), policy=policy, calendar=cal)
    unscheduled = cf.Unscheduled("handling", cf.Target.STATUTORY, cf.ClockState.PAUSED)
    ex = importlib.import_module("civicflow.exchange")
    return {
        "civicflow.Alert": Call(cf.Alert, _fields_of(schedule.alerts[0])),
        "civicflow.ClockSchedule": Call(cf.ClockSchedule, _fields_of(schedule)),
        "civicflow.Unscheduled": Call(cf.Unscheduled, _fields_of(unscheduled)),
        "civicflow.clock_schedule": Call(cf.clock_schedule, (case, policy, at, cal)),
        "civicflow.DueAlert": Call(cf.DueAlert, _fields_of(due.alerts[0])),
        "civicflow.DueList": Call(cf.DueList, _fields_of(due)),
        "civicflow.due_soon": Call(
            cf.due_soon,
            ([case], at),
            {"within": "4工作小时", "until": None, "by": ("type",), "kinds": ["deadline"],
             "policy": policy, "calendar": cal},
        ),
        "civicflow.compliance.alert_kinds": Call(co.alert_kinds, (["deadline", "red"],)),
        "civicflow.compliance.choose_policy": Call(co.choose_policy, (policy,)),
        "civicflow.exchange.due_json": Call(ex.due_json, (due,)),
        "civicflow.exchange.due_table": Call(ex.due_table, (due,), {"language": "en"}),
        "civicflow.exchange.write_due": Call(ex.write_due, (_scratch("due.csv"), due, "zh")),
        "civicflow.SessionSpan": Call(cf.SessionSpan, _fields_of(cal.next_session(moment))),
        "civicflow.Calendar.session_at": Call(cal.session_at, (moment,)),
        "civicflow.Calendar.next_session": Call(cal.next_session, (moment,)),
        "civicflow.Calendar.previous_session": Call(cal.previous_session, (moment,)),
        "civicflow.Calendar.next_boundary": Call(cal.next_boundary, (moment,)),
        "civicflow.Calendar.previous_boundary": Call(cal.previous_boundary, (moment,)),
    }  # fmt: skip


@functools.cache
def _scratch_folder() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="civicflow-api-")


def _scratch(name: str) -> str:
    """A path in a folder of its own, for the calls that write a file."""
    return f"{_scratch_folder()}/{name}"


def _arrow(v: dict[str, Any]) -> dict[str, Call]:
    """The Arrow, Parquet and DataFrame readers and writers of civicflow's column layout."""
    ex = importlib.import_module("civicflow.exchange")
    tables = importlib.import_module("civicflow.exchange.tables.mappings")
    case = v["case"]
    columns = cf.CaseColumns.from_cases([case])
    table = ex.to_arrow(columns)
    path = _scratch("cases.parquet")
    ex.write_parquet_columns(path, columns)
    export = _scratch("export.csv")
    with open(export, "w", encoding="utf-8") as f:
        f.write("工单编号,受理时间\nGD-1,2025-09-29 09:00\n")
    mapping = tables.TableMapping("export", cf.hotline_workflow(), "工单编号", "受理时间")
    return {
        "civicflow.exchange.arrow_schema": Call(ex.arrow_schema, (["department"],)),
        "civicflow.exchange.to_arrow": Call(ex.to_arrow, (columns,)),
        "civicflow.exchange.from_arrow": Call(
            ex.from_arrow, (table,), {"workflows": None, "on_bad": None, "stats": None, "first_row": 1}
        ),
        "civicflow.exchange.write_parquet_columns": Call(
            ex.write_parquet_columns, (_scratch("out.parquet"), columns), {"row_group_size": 10}
        ),
        "civicflow.exchange.read_parquet_columns": Call(
            ex.read_parquet_columns, (path,), {"row_groups": [0], "batch": 10}
        ),
        "civicflow.exchange.frame_columns": Call(ex.frame_columns, (table.to_pandas(),)),
        "civicflow.exchange.read_table_columns": Call(
            ex.read_table_columns, (export, mapping), {"batch": 10}
        ),
    }  # fmt: skip


def _columnar(v: dict[str, Any]) -> dict[str, Call]:
    """The columnar names: cases as columns, evaluated and reported on by whole arrays."""
    import numpy as np

    cases_ = importlib.import_module("civicflow.cases")
    case, policy, cal, at = v["case"], v["policy"], v["cal"], v["at"]
    columns = cf.CaseColumns.from_cases([case, case.replayed()])
    evaluation = cf.evaluate_columns(columns, at, policy=policy, calendar=cal)
    goal = evaluation.goal("handling")
    coded = cases_.Coded(np.array([0, 1], dtype=np.int32), ("a", "b"))
    return {
        "civicflow.CaseColumns": Call(
            cf.CaseColumns, tuple(getattr(columns, a.name) for a in attrs.fields(cf.CaseColumns))
        ),
        "civicflow.CaseColumns.aware": Call(columns.aware),
        "civicflow.CaseColumns.case": Call(columns.case, (1,)),
        "civicflow.CaseColumns.concat": Call(cf.CaseColumns.concat, ([columns, columns],)),
        "civicflow.CaseColumns.from_cases": Call(cf.CaseColumns.from_cases, ([case],)),
        "civicflow.CaseColumns.get": Call(columns.get, (0, "type")),
        "civicflow.CaseColumns.moment": Call(columns.moment, (0, 0)),
        "civicflow.CaseColumns.take": Call(columns.take, ([1, 0],)),
        "civicflow.ColumnEvaluation": Call(
            cf.ColumnEvaluation,
            (evaluation.columns, evaluation.at, evaluation.calendar, evaluation.parts,
             evaluation.left, evaluation.selected, lambda k: policy),
        ),
        "civicflow.ColumnEvaluation.evaluation": Call(evaluation.evaluation, (0,)),
        "civicflow.ColumnEvaluation.goal": Call(
            evaluation.goal, ("handling",), {"target": "statutory", "workflow": "hotline-12345"}
        ),
        "civicflow.ColumnEvaluation.rows": Call(evaluation.rows, ("hotline-12345",)),
        "civicflow.GoalColumns": Call(
            cf.GoalColumns, tuple(getattr(goal, a.name) for a in attrs.fields(cf.GoalColumns))
        ),
        "civicflow.GoalColumns.code": Call(cf.GoalColumns.code, (cf.ClockState.MET,)),
        "civicflow.cases.Coded": Call(cases_.Coded, (coded.codes, coded.values)),
        "civicflow.cases.Coded.code": Call(coded.code, ("b",)),
        "civicflow.cases.Coded.equals": Call(coded.equals, (coded,)),
        "civicflow.compliance.Counted": Call(co.Counted, (2, 0, 0, {})),
        "civicflow.compliance.count_columns": Call(
            co.count_columns,
            (columns, at, [co.Report(("type",), "month")]),
            {"policy": policy, "indicators": v["indicators"], "calendar": cal},
        ),
        "civicflow.evaluate_columns": Call(
            cf.evaluate_columns,
            (columns, at),
            {"policy": policy, "calendar": cal, "cycles": False, "rows": None},
        ),
        "civicflow.read_columns": Call(
            cf.read_columns,
            (v["lines"],),
            {"workflows": None, "on_bad": None, "stats": None, "batch": 8, "encoding": "utf-8"},
        ),
        "civicflow.report_columns": Call(
            cf.report_columns,
            (columns, at),
            {"by": ("type",), "period": "month", "policy": policy, "indicators": v["indicators"], "calendar": cal},
        ),
    }  # fmt: skip


class _Opaque:
    """An object of no type civicflow knows."""

    def __repr__(self) -> str:
        return "<opaque>"


def _wrong() -> list[Callable[[], Any]]:
    v = _values()
    return [
        # of the wrong type
        lambda: None,
        lambda: True,
        lambda: 1.5,
        lambda: b"2025",
        lambda: bytearray(b"x"),
        lambda: _Opaque(),
        lambda: dt.date(2025, 10, 11),
        lambda: dt.datetime(2025, 10, 11, 9),
        lambda: dt.datetime(2025, 10, 11, 9, tzinfo=UTC),
        lambda: dt.time(9),
        lambda: dt.timedelta(hours=1),
        lambda: Decimal("NaN"),
        lambda: Fraction(1, 3),
        lambda: "2025-10-11",
        lambda: "Asia/Shanghai",
        lambda: ["09:00-12:00"],
        lambda: {"x": 1},
        lambda: {None: None},
        lambda: [None],
        lambda: [1, 2],
        lambda: ("x",),
        lambda: io.StringIO("x\n"),
        lambda: io.BytesIO(b"{}\n"),
        lambda: v["cal"],
        lambda: v["policy"],
        lambda: v["case"],
        lambda: v["workflow"],
        lambda: v["event"],
        lambda: v["report"],
        lambda: cf.WorkingDays(3),
        lambda: cf.DayEnd.MIDNIGHT,
        # empty
        lambda: "",
        lambda: " ",
        lambda: b"",
        list,
        dict,
        lambda: (),
        lambda: frozenset(),
        lambda: iter(()),
        lambda: 0,
        # huge
        lambda: 10**30,
        lambda: 10**5000,
        lambda: "9" * 5000,
        lambda: "x" * 100_000,
        lambda: ["x"] * 10_000,
        lambda: cf.WorkingDays(10**9),
        lambda: cf.WorkingHours(10**12),
        lambda: cf.ClockTime(10**12),
        lambda: cf.Months(10**9),
        lambda: cf.CalendarDays(10**9),
        lambda: dt.timedelta.max,
        # out of range
        lambda: -1,
        lambda: -(10**30),
        lambda: math.nan,
        lambda: math.inf,
        lambda: -math.inf,
        lambda: "\x00",
        lambda: "\ud800",
        lambda: dt.date(1, 1, 1),
        lambda: dt.date(9999, 12, 31),
        lambda: dt.datetime.min,
        lambda: dt.datetime.max,
        lambda: dt.datetime(1, 1, 1, tzinfo=UTC),
        lambda: dt.datetime(9999, 12, 31, 23, tzinfo=UTC),
        lambda: dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(-dt.timedelta(hours=23))),
        lambda: dt.datetime(1, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23))),
        lambda: dt.datetime(1900, 1, 1),
        lambda: dt.date(2100, 1, 1),
        lambda: dt.timedelta(-1),
    ]


#: Wrong arguments, each made afresh for every call (some are iterators, used up once read).
WRONG: list[Callable[[], Any]] = []


def wrong() -> list[Callable[[], Any]]:
    if not WRONG:
        WRONG.extend(_wrong())
    return WRONG


def shown(value: object) -> str:
    """A short repr, even of a number too long for one."""
    try:
        text = repr(value)
    except ValueError:
        return f"<{type(value).__name__} too large to print>"
    return text if len(text) <= 60 else text[:57] + "..."


def settle(result: object) -> None:
    """Read a result as a user would: iterate an iterator (some of it), print the value."""
    if isinstance(result, Iterator):
        for n, item in enumerate(result):
            str(item)
            if n >= 50:
                break
    else:
        str(result)
