"""The calls of the rooms' public names that ``civicflow.exchange`` does not export itself.

Each room of the input and output layer (``civicflow.exchange.documents``, ``tables``,
``calendar_files``, ``reports``, ``jobs``) is a package whose ``__all__`` is public API:
:func:`room_calls` gives each name that only a room exports one call that works, for the
property of ``tests/test_public_api.py``. Files are written in a scratch folder.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
from collections.abc import Callable
from typing import Any

import attrs

import civicflow as cf
from civicflow.compliance.scores import SCORE_BOOKS

#: A score book of one's own, as ``civicflow.exchange.reports.score_book_from_json`` reads it.
SCORE_BOOK = json.dumps(
    {
        "schema": "civicflow.score-book/1",
        "name": "ours",
        "source": "our rules 2026",
        "items": [
            {
                "name": "on_time",
                "label": "按期结案率",
                "points": 60,
                "rules": [
                    {
                        "rate": {"numerator": ["closed_on_time"], "base": ["due"]},
                        "threshold": 0.8,
                        "off_per_point": 2,
                    }
                ],
            }
        ],
    },
    ensure_ascii=False,
)


def room_calls(v: dict[str, Any], scratch: Callable[[str], str], call: type) -> dict[str, Any]:
    """``name -> call`` for the names only a room exports; ``v`` holds the shared values
    (``tests.api_calls``), ``scratch`` names a file in a scratch folder, ``call`` makes a
    ``Call``."""
    return {
        **_documents(v, call),
        **_tables(v, scratch, call),
        **_calendar_files(v, call),
        **_reports(v, scratch, call),
        **_jobs(v, call),
    }


def _documents(v: dict[str, Any], call: type) -> dict[str, Any]:
    ds = importlib.import_module("civicflow.exchange.documents")
    return {
        "civicflow.exchange.documents.InputStats": call(ds.InputStats, (3, 0, 1, 1, 0, 0, 1, 0)),
        "civicflow.exchange.documents.InputStats.read": call(ds.InputStats().read, (2,)),
        "civicflow.exchange.documents.InputStats.read_many": call(ds.InputStats().read_many, (3,)),
        "civicflow.exchange.documents.InputStats.reject": call(ds.InputStats(1, 0, 1, 1).reject),
        "civicflow.exchange.documents.checked_case": call(
            ds.checked_case, (json.loads(cf.case_to_json(v["case"])), None)
        ),
        "civicflow.exchange.documents.decoded_lines": call(
            ds.decoded_lines, ([line.encode() + b"\n" for line in v["lines"]], "utf-8")
        ),
    }


def _tables(v: dict[str, Any], scratch: Callable[[str], str], call: type) -> dict[str, Any]:
    import pandas as pd

    ts = importlib.import_module("civicflow.exchange.tables")
    case = v["case"]
    mapping = ts.TableMapping("export", cf.hotline_workflow(), "工单编号", "受理时间")
    row = {"工单编号": "GD-1", "受理时间": "2025-09-29 09:00"}
    export = scratch("rows.csv")
    with open(export, "w", encoding="utf-8") as f:
        f.write("工单编号,受理时间\nGD-1,2025-09-29 09:00\n")
    data = {
        "workflow": "hotline-12345",
        "id": "工单编号",
        "received": "受理时间",
        "events": {"dispatch": "派单时间"},
    }
    starts = pd.DataFrame({"start": [dt.datetime(2025, 9, 30, 16)]})
    return {
        "civicflow.exchange.tables.EventColumn": call(ts.EventColumn, ("dispatch", "派单时间")),
        "civicflow.exchange.tables.TableLimits": call(ts.TableLimits, (1000, 100, 10**8, 100)),
        "civicflow.exchange.tables.TableMapping": call(
            ts.TableMapping, (), {f.name: getattr(mapping, f.name) for f in attrs.fields(ts.TableMapping)}
        ),
        "civicflow.exchange.tables.case_of_row": call(ts.case_of_row, (row, mapping, 2)),
        "civicflow.exchange.tables.deadlines_frame": call(
            ts.deadlines_frame, (starts, "3个工作日"),
            {"start": "start", "limit_column": None, "column": "due", "calendar": v["cal"]},
        ),
        "civicflow.exchange.tables.export_cases": call(
            ts.export_cases, ([case], mapping, scratch("export.csv")), {"sheet": "工单"}
        ),
        "civicflow.exchange.tables.load_mapping": call(ts.load_mapping, ("hotline-12345", None)),
        "civicflow.exchange.tables.mapping_from_data": call(ts.mapping_from_data, (data, None)),
        "civicflow.exchange.tables.read_table": call(
            ts.read_table, (export, mapping),
            {"sheet": None, "encoding": "utf-8", "limits": ts.TableLimits(), "on_bad": None,
             "stats": None},
        ),
        "civicflow.exchange.tables.row_of_case": call(ts.row_of_case, (case, mapping)),
        "civicflow.exchange.tables.shipped_mapping": call(ts.shipped_mapping, ("urban-management",)),
        "civicflow.exchange.tables.write_csv": call(
            ts.write_csv, (io.StringIO(), [("a", "text"), ("b", "number")], [["x", 1]]),
            {"lineterminator": "\n"},
        ),
        "civicflow.exchange.tables.write_table": call(
            ts.write_table, (scratch("table.csv"), [("a", "text")], [["x"]]), {"sheet": "s"}
        ),
    }  # fmt: skip


def _calendar_files(v: dict[str, Any], call: type) -> dict[str, Any]:
    cs = importlib.import_module("civicflow.exchange.calendar_files")
    cal = v["cal"]
    return {
        "civicflow.exchange.calendar_files.arrangement_from_holiday_cn": call(
            cs.arrangement_from_holiday_cn, (cs.holiday_cn_json(v["arrangement"]),),
            {"source": "holiday-cn"},
        ),
        "civicflow.exchange.calendar_files.arrangements_from_ics": call(
            cs.arrangements_from_ics, (cs.calendar_to_ics(cal, 2025, 2025),),
            {"source": "a diary", "partial": True},
        ),
        "civicflow.exchange.calendar_files.calendar_to_ics": call(cs.calendar_to_ics, (cal, 2025, 2026)),
        "civicflow.exchange.calendar_files.holiday_cn_json": call(
            cs.holiday_cn_json, (v["arrangement"], ["国办发明电〔2024〕12号"])
        ),
    }  # fmt: skip


def _reports(v: dict[str, Any], scratch: Callable[[str], str], call: type) -> dict[str, Any]:
    rs = importlib.import_module("civicflow.exchange.reports")
    case, policy, cal, report, book = v["case"], v["policy"], v["cal"], v["report"], v["book"]
    at = dt.datetime(2026, 2, 10, 15)
    due = cf.due_soon([case], at, within="20个工作日", by=("type",), policy=policy, calendar=cal)
    scores = SCORE_BOOKS["jinhua"]
    return {
        "civicflow.exchange.reports.due_columns": call(rs.due_columns, (("type",), "en")),
        "civicflow.exchange.reports.due_rows": call(rs.due_rows, (due, "zh")),
        "civicflow.exchange.reports.due_summary": call(rs.due_summary, (due, "en")),
        "civicflow.exchange.reports.evaluation_rows": call(
            rs.evaluation_rows, (v["evaluation"], False, "en")
        ),
        "civicflow.exchange.reports.provisional_note": call(rs.provisional_note, (report,)),
        "civicflow.exchange.reports.report_rows": call(rs.report_rows, (report, book, True)),
        "civicflow.exchange.reports.score_book_from_json": call(rs.score_book_from_json, (SCORE_BOOK,)),
        "civicflow.exchange.reports.score_rows": call(rs.score_rows, (report, scores)),
        "civicflow.exchange.reports.score_table": call(rs.score_table, (report, scores)),
        "civicflow.exchange.reports.verdict_columns": call(rs.verdict_columns, ("en",)),
        "civicflow.exchange.reports.verdict_rows": call(
            rs.verdict_rows, ([case], v["at"]), {"policy": policy, "calendar": cal, "language": "en"}
        ),
        "civicflow.exchange.reports.verdicts_frame": call(
            rs.verdicts_frame, ([case], v["at"]),
            {"mapping": None, "policy": policy, "calendar": cal, "language": "zh", "on_bad": None,
             "stats": None},
        ),
        "civicflow.exchange.reports.write_verdicts": call(
            rs.write_verdicts, (scratch("verdicts.csv"), [case], v["at"]),
            {"policy": policy, "calendar": cal, "language": "en"},
        ),
        "civicflow.exchange.reports.write_workbook": call(
            rs.write_workbook, (scratch("report.xlsx"), [("by type", report)], book),
            {"scores": scores, "as_of": "2026-03-02", "language": "en"},
        ),
    }  # fmt: skip


def _jobs(v: dict[str, Any], call: type) -> dict[str, Any]:
    js = importlib.import_module("civicflow.exchange.jobs")
    case, policy, cal, at, report = v["case"], v["policy"], v["cal"], v["at"], v["report"]
    source = js.Source([case])
    reported = js.report(source, at, by=("type",), policy=policy, calendar=cal)
    return {
        "civicflow.exchange.jobs.Reported": call(
            js.Reported, tuple(getattr(reported, f.name) for f in attrs.fields(js.Reported))
        ),
        "civicflow.exchange.jobs.Source": call(
            js.Source, ([case],),
            {"format": "cases", "mapping": None, "sheet": None, "encoding": "utf-8", "workflows": None},
        ),
        "civicflow.exchange.jobs.Source.kind": call(source.kind),
        "civicflow.exchange.jobs.columns": call(
            js.columns, (source,), {"on_bad": None, "stats": None, "batch": 10, "progress": None}
        ),
        "civicflow.exchange.jobs.partial_arrays": call(js.partial_arrays, (report,)),
        "civicflow.exchange.jobs.partial_bytes": call(js.partial_bytes, (report,)),
        "civicflow.exchange.jobs.recomputed": call(
            js.recomputed, (source, cal, cal, at), {"policy": policy, "on_bad": None, "stats": None}
        ),
        "civicflow.exchange.jobs.report": call(
            js.report, (source, at),
            {"by": ("type",), "period": "month", "groupings": [("channel",)], "policy": policy,
             "indicators": v["indicators"], "calendar": cal, "on_bad": None, "jobs": 1,
             "progress": None},
        ),
        "civicflow.exchange.jobs.report_batches": call(
            js.report_batches, ([cf.CaseColumns.from_cases([case])],),
            {"by": ("type",), "period": "month", "as_of": at, "policy": policy,
             "indicators": v["indicators"], "calendar": cal, "unit": "row"},
        ),
        "civicflow.exchange.jobs.report_from_arrays": call(
            js.report_from_arrays, (js.partial_arrays(report),)
        ),
        "civicflow.exchange.jobs.report_from_bytes": call(js.report_from_bytes, (js.partial_bytes(report),)),
        "civicflow.exchange.jobs.usable_jobs": call(js.usable_jobs, (1,)),
        "civicflow.exchange.jobs.why_one_process": call(js.why_one_process, (source,)),
        "civicflow.exchange.jobs.verdicts": call(
            js.verdicts, (source, at),
            {"policy": policy, "calendar": cal, "language": "en", "on_bad": None, "stats": None},
        ),
    }  # fmt: skip
