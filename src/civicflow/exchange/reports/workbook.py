"""The 考核 workbook: a report as an Excel workbook a bureau can circulate (考核通报).

One sheet per grouping (by department, by grid, by period...), each row a group and period
with its counts, rates (as percentages; an empty base is an empty cell, never 0 % or 100 %)
and handling times; a sheet that defines every rate as its formula over the counts (口径); the
scores and places when a score book is chosen; and a line chart of the rates over the periods
of the sheet by period. Headers are Chinese by default, English with ``language="en"``.
Written by XlsxWriter (``civicflow[excel]``); text is always a string cell, never a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from civicflow._arguments import guard
from civicflow.compliance.facts import COUNTS
from civicflow.compliance.rates import RateBook
from civicflow.compliance.report import Report
from civicflow.compliance.scores import Book
from civicflow.errors import ArgumentError, shown
from civicflow.exchange._extras import extra
from civicflow.exchange._files import written
from civicflow.exchange.reports.formats import UNITS, provisional_note, report_rows, score_rows
from civicflow.exchange.reports.verdicts import LANGUAGES

__all__ = ["COUNT_LABELS", "FIELD_LABELS", "write_workbook"]

#: The counts in Chinese, as a 通报 names them.
COUNT_LABELS = {
    "received": "受理量", "due": "应办结量", "closed": "办结量", "closed_on_time": "按期办结量",
    "open": "在办量", "open_overdue": "超期在办量", "open_at_risk": "临期在办量",
    "parked": "挂账量", "parked_due": "超期挂账量", "merged": "并单量", "cancelled": "撤销量",
    "extended": "延期量", "returned": "回退量", "reworked": "返工量",
    "reworked_thrice": "返工三次以上量", "reopened": "重办量", "restarted": "重新计时量",
    "first_due": "首轮应办结量", "right_first_time": "一次按期办结量",
    "urgent_due": "紧急应办结量", "urgent_closed": "紧急办结量",
    "urgent_closed_on_time": "紧急按期办结量", "urgent_parked_due": "紧急超期挂账量",
    "can_extend": "可延期量", "can_return": "可回退量", "rework_base": "返工基数",
    "reopen_base": "重办基数", "signed": "签收量", "signed_on_time": "及时签收量",
    "rated": "评价量", "rated_good": "好评量", "rated_satisfied": "满意量",
    "callback_response": "回访询问联系量", "callback_responded": "回访已联系量",
    "callback_resolution": "回访询问解决量", "callback_resolved": "回访已解决量",
    "callback_satisfaction": "回访询问满意量", "callback_satisfied": "回访满意量",
    "online_throughout": "全程网办量", "immediate": "即办件量", "one_go_base": "一次办结基数",
    "one_go": "一次办结量", "window_brought": "办不成事受理量", "window_solved": "办不成事解决量",
    "window_rated": "办不成事评价量", "window_satisfied": "办不成事满意量",
    "awaiting_notice": "待放假通知量", "provisional": "暂定年份量",
}  # fmt: skip

#: The case fields a report groups by, in Chinese (other fields keep their names).
FIELD_LABELS = {"department": "承办单位", "grid": "网格", "type": "类型", "category": "类别",
                "urgency": "紧急程度", "channel": "渠道", "period": "期间"}  # fmt: skip

_TIMES = {"mean": "平均", "median": "中位", "p90": "90分位"}
_UNITS = {"working hours": "工作小时", "working days": "工作日"}


def _header(name: str, book: RateBook, zh: bool) -> str:
    if not zh:
        return name
    if name in COUNT_LABELS:
        return COUNT_LABELS[name]
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    for rate in book.rates:
        if name == f"{rate.name}_rate":
            return rate.label
    if name in UNITS:
        _, unit, statistic = name.split("_")
        return f"{_TIMES[statistic]}办理时长（{_UNITS['working ' + unit]}）"
    return name


def write_workbook(
    path: str | Path,
    sheets: Sequence[tuple[str, Report]],
    book: RateBook,
    *,
    scores: Book | None = None,
    as_of: str = "",
    language: str = "zh",
) -> None:
    """Write the 考核 workbook of ``sheets`` (title, report), each report one grouping.

    The chart plots the rates of the first report grouped by nothing (the sheet by period),
    when there is one with more than one period.

    Raises:
        ArgumentError: a path not named ``.xlsx``, no sheet, an unknown language, a text
            with no UTF-8 form (a lone surrogate), or the ``excel`` extra is missing.
        OSError: the file cannot be written.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ArgumentError(
            f"{target.name}: a workbook is named .xlsx (got {target.suffix or 'no suffix'!r})"
        )
    if language not in LANGUAGES:
        raise ArgumentError(f"language must be one of {', '.join(LANGUAGES)} (got {language!r})")
    if not sheets:
        raise ArgumentError("a workbook needs at least one report")
    xlsxwriter = extra("xlsxwriter", "excel", "writing .xlsx")
    with written(target) as part:  # whole, or not at all
        # in memory: a workbook is small, and a failed one leaves no temporary file open
        workbook = xlsxwriter.Workbook(str(part), {"strings_to_formulas": False,
                                                   "strings_to_urls": False,
                                                   "strings_to_numbers": False,
                                                   "in_memory": True})  # fmt: skip
        try:
            _fill(workbook, sheets, book, scores, as_of, language == "zh")
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise ArgumentError(
                f"{target.name}: a text has no UTF-8 form ({exc.reason}: {shown(bad)}); "
                "correct that text, nothing was written"
            ) from None


def _fill(
    workbook: Any,
    sheets: Sequence[tuple[str, Report]],
    book: RateBook,
    scores: Book | None,
    as_of: str,
    zh: bool,
) -> None:
    """Every sheet of the workbook, then close it (which writes the file)."""
    try:
        formats = {
            "bold": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
            "rate": workbook.add_format({"num_format": "0.00%"}),
            "hours": workbook.add_format({"num_format": "0.00"}),
            "note": workbook.add_format({"italic": True, "font_color": "#555555"}),
        }
        used: set[str] = set()
        charted = None
        for title, report in sheets:
            name = _sheet_name(title, used)
            placed = _report_sheet(workbook, name, report, book, formats, zh, as_of)
            if charted is None and not report.by and placed[1] > 1:
                charted = (name, placed)
        _definitions(workbook, book, formats, zh, used)
        if scores is not None:
            _scores(workbook, sheets[0][1], scores, formats, zh, used)
        if charted is not None:
            _chart(workbook, charted, book, zh, used)
    finally:
        workbook.close()


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in title).strip("'")[:31] or "Sheet"
    name, n = clean, 2
    while name.lower() in used:
        name = f"{clean[:28]} ({n})"
        n += 1
    used.add(name.lower())
    return name


def _report_sheet(workbook: Any, name: str, report: Report, book: RateBook,
                  formats: dict[str, Any], zh: bool, as_of: str) -> tuple[list[str], int, int]:  # fmt: skip
    sheet = workbook.add_worksheet(name)
    rows = report_rows(report, book, total=True)
    columns = [*report.by, "period", *COUNTS, *(f"{r.name}_rate" for r in book.rates),
               *UNITS]  # fmt: skip
    top = 0
    notes = [f"{'统计截止' if zh else 'as of'} {as_of}"] if as_of else []
    note = provisional_note(report)
    if note:
        notes.append(note)
    for text in notes:
        sheet.write_string(top, 0, text, formats["note"])
        top += 1
    for c, column in enumerate(columns):
        sheet.write_string(top, c, _header(column, book, zh), formats["bold"])
    sheet.set_row(top, 32)
    for r, row in enumerate(rows, top + 1):
        for c, column in enumerate(columns):
            value = row.get(column)
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif column.endswith("_rate"):
                sheet.write_number(r, c, value, formats["rate"])
            elif column in UNITS:
                sheet.write_number(r, c, value, formats["hours"])
            else:
                sheet.write_number(r, c, value)
    sheet.freeze_panes(top + 1, len(report.by) + 1)
    sheet.set_column(0, len(report.by), 14)
    periods = len({row["period"] for row in rows if row["period"] != "(all)"})
    return columns, periods, top


def _definitions(workbook: Any, book: RateBook, formats: dict[str, Any], zh: bool,
                 used: set[str]) -> None:  # fmt: skip
    sheet = workbook.add_worksheet(_sheet_name("口径" if zh else "definitions", used))
    head = (
        ("指标", "名称", "计算公式", "分子", "分母", "分母扣除")
        if zh
        else ("rate", "label", "formula", "numerator", "base", "taken off the base")
    )
    for c, text in enumerate(head):
        sheet.write_string(0, c, text, formats["bold"])

    def words(names: Sequence[str]) -> str:
        return " + ".join(COUNT_LABELS[n] if zh else n for n in names)

    for r, rate in enumerate(book.rates, 1):
        base = words(rate.base)
        if rate.minus:
            base = f"({base} − {words(rate.minus)})"
        formula = f"{words(rate.numerator)} ÷ {base}"
        for c, text in enumerate((rate.name, rate.label, formula, words(rate.numerator),
                                  words(rate.base), words(rate.minus))):  # fmt: skip
            sheet.write_string(r, c, text)
    last = len(book.rates) + 2
    sheet.write_string(
        last, 0,
        "分母为零时比率不填（无从计算），不记为 0% 或 100%。" if zh
        else "A rate whose base is empty is left blank (undefined), never 0 % or 100 %.",
        formats["note"],
    )  # fmt: skip
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 48)
    sheet.set_column(3, 5, 24)


def _scores(workbook: Any, report: Report, scores: Book, formats: dict[str, Any], zh: bool,
            used: set[str]) -> None:  # fmt: skip
    sheet = workbook.add_worksheet(_sheet_name("考核得分" if zh else "scores", used))
    rows = score_rows(report, scores)
    columns = [*report.by, "period", *(i.name for i in scores.items), "total", "out_of", "rank"]
    labels = {i.name: i.label for i in scores.items}
    labels |= {"total": "得分", "out_of": "满分", "rank": "排名"}
    for c, column in enumerate(columns):
        text = (labels.get(column) or FIELD_LABELS.get(column, column)) if zh else column
        sheet.write_string(0, c, text, formats["bold"])
    for r, row in enumerate(rows, 1):
        for c, column in enumerate(columns):
            value = row.get(column)
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    sheet.freeze_panes(1, len(report.by) + 1)


def _chart(workbook: Any, charted: tuple[str, tuple[list[str], int, int]], book: RateBook, zh: bool,
           used: set[str]) -> None:  # fmt: skip
    name, (columns, periods, top) = charted
    chart = workbook.add_chart({"type": "line"})
    first, last = top + 1, top + periods
    period_column = columns.index("period")
    for rate in book.rates:
        c = columns.index(f"{rate.name}_rate")
        chart.add_series({
            "name": [name, top, c],
            "categories": [name, first, period_column, last, period_column],
            "values": [name, first, c, last, c],
        })  # fmt: skip
    chart.set_title({"name": "各期比率" if zh else "rates by period"})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
    chart.set_size({"width": 900, "height": 480})
    sheet = workbook.add_worksheet(_sheet_name("趋势图" if zh else "chart", used))
    sheet.insert_chart(0, 0, chart)


guard(globals())
