"""Reports as a terminal table, CSV, JSON, and an SVG chart of a monthly series.

Every format shows the same rows: the group, the period, the counts, the rates of a rate
book (an empty base shows as undefined, never as 0 % or 100 %) and the handling times.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from civicflow._arguments import guard
from civicflow.compliance.facts import COUNTS
from civicflow.compliance.rates import RateBook
from civicflow.compliance.report import Report
from civicflow.compliance.scores import Book, Score, rank
from civicflow.compliance.tally import Tally
from civicflow.exchange._cells import safe_text

__all__ = [
    "provisional_note",
    "report_csv",
    "report_json",
    "report_rows",
    "report_svg",
    "report_table",
    "score_rows",
    "score_table",
    "text_grid",
]


def escape(text: str) -> str:
    """``text`` as XML character data (``xml.sax.saxutils.escape``, without importing it and
    the HTTP client it brings)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_TIMES = ("mean", "median", "p90")


def _row(
    report: Report, group: tuple[str, ...], period: str, tally: Tally, book: RateBook
) -> dict[str, Any]:
    row: dict[str, Any] = dict(zip(report.by, group, strict=True))
    row["period"] = period
    for name in COUNTS:
        row[name] = tally.count(name)
    for rate in book.rates:
        row[f"{rate.name}_rate"] = tally.rate(rate).value
    for statistic in _TIMES:
        row[f"handling_hours_{statistic}"] = tally.hours(statistic)
        row[f"handling_days_{statistic}"] = tally.working_days(statistic)
    return row


def report_rows(report: Report, book: RateBook, total: bool = True) -> list[dict[str, Any]]:
    """A row per group and period (and one for all, when there is more than one), as the
    JSON and CSV hold them: the group's fields, ``period``, every count, each rate as a
    fraction (``None`` when its base is empty) and the handling times."""
    rows = [_row(report, g, p, t, book) for g, p, t in report.rows()]
    if total and len(rows) != 1:
        rows.append(_row(report, ("(all)",) * len(report.by), "(all)", report.total(), book))
    return rows


def provisional_note(report: Report) -> str:
    """The line that says which figures rest on provisional years, or ``""``."""
    if not report.provisional_years:
        return ""
    years = ", ".join(map(str, sorted(report.provisional_years)))
    return (
        f"provisional: figures marked * rest on {years}, counted by the holiday law alone "
        "until the State Council's notice is loaded; they may change"
    )


#: The unit of each amount a report row holds (counts and rates have none).
UNITS = {
    **{f"handling_hours_{s}": "working hours" for s in ("mean", "median", "p90")},
    **{f"handling_days_{s}": "working days" for s in ("mean", "median", "p90")},
}


def report_json(report: Report, book: RateBook, *, as_of: str = "") -> str:
    """The report as JSON: the rate book, the grouping, and a row per group and period.

    Rates are fractions, or ``null`` when their base is empty. ``provisional_years`` lists
    the provisional years some figure rests on; each row's ``provisional`` counts its cases
    that do. ``received_after_as_of`` counts the cases left out because they came later, and
    ``awaiting_notice`` lists the cases whose handling deadline waits for a notice. ``units``
    names the unit of every amount that is not a count or a rate.
    """
    return json.dumps(
        {
            "as_of": as_of,
            "units": UNITS,
            "provisional_years": sorted(report.provisional_years),
            "received_after_as_of": report.later,
            "awaiting_notice": sorted(report.awaiting),
            "rates": {r.name: {"label": r.label, "numerator": r.numerator, "base": r.base,
                               "minus": r.minus} for r in book.rates},
            "by": list(report.by),
            "period": report.period,
            "rows": report_rows(report, book, total=True),
        },
        ensure_ascii=False,
        indent=2,
    )  # fmt: skip


def report_csv(report: Report, book: RateBook) -> str:
    """The report as CSV; an undefined rate is an empty cell, and a group whose name begins
    like a formula (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe, so that a
    spreadsheet shows it and never runs it."""
    rows = report_rows(report, book, total=True)
    out = io.StringIO()
    columns = [*report.by, "period", *COUNTS]
    columns += [f"{r.name}_rate" for r in book.rates]
    columns += [f"handling_{u}_{s}" for u in ("hours", "days") for s in _TIMES]
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: ("" if v is None else safe_text(v) if isinstance(v, str) else v)
             for k, v in row.items()}
        )  # fmt: skip
    return out.getvalue()


_TABLE_COUNTS = ("received", "due", "closed", "closed_on_time", "open_overdue", "parked")
#: Shown only when some row has them.
_RARE_COUNTS = ("awaiting_notice", "provisional")


def report_table(report: Report, book: RateBook) -> str:
    """The report as a text table: the main counts, every rate, and the median handling time
    in the book's unit (working hours, or working days for a service hall)."""
    rows = report_rows(report, book, total=True)
    in_days = book.time_unit == "working days"
    counts = _TABLE_COUNTS + tuple(c for c in _RARE_COUNTS if any(row[c] for row in rows))
    head = [
        *report.by,
        "period",
        *counts,
        *(r.label for r in book.rates),
        "办理时长(中位,工作日)" if in_days else "办理时长(中位,工时)",
    ]
    body = []
    for row in rows:
        cells = [str(row[k]) for k in (*report.by, "period", *counts)]
        if row["provisional"]:
            cells[len(report.by)] += " *"
        for rate in book.rates:
            v = row[f"{rate.name}_rate"]
            cells.append("—" if v is None else f"{100 * v:.2f}%")
        median = row["handling_days_median" if in_days else "handling_hours_median"]
        cells.append("—" if median is None else f"{median:.1f}")
        body.append(cells)
    lines = [*text_grid(head, body), ""]
    lines.append(f"rates: {book.name}; — is a rate with an empty base")
    if report.provisional_years:
        lines.append(provisional_note(report))
    return "\n".join(line.rstrip() for line in lines)


def score_rows(report: Report, book: Book) -> list[dict[str, Any]]:
    """One row per group and period: each item's points, the total, and the group's place
    among the groups of its period (equal totals share a place)."""
    rows: list[dict[str, Any]] = []
    by_period: dict[str, dict[tuple[str, ...], Score]] = {}
    for group, period, tally in report.rows():
        by_period.setdefault(period, {})[group] = book.score(tally)
    for period, scores in sorted(by_period.items()):
        places = rank({"\x1f".join(g): s for g, s in scores.items()})
        for group, score in sorted(scores.items(), key=lambda gs: (-gs[1].total, gs[0])):
            row: dict[str, Any] = dict(zip(report.by, group, strict=True))
            row["period"] = period
            for name, points in score.items:
                row[name] = float(points)
            row["total"] = float(score.total)
            row["out_of"] = float(score.out_of)
            row["rank"] = places["\x1f".join(group)]
            rows.append(row)
    return rows


def score_table(report: Report, book: Book) -> str:
    """The points of every group and period in a score book, best first, with the place."""
    rows = score_rows(report, book)
    head = [*report.by, "period", *(i.label for i in book.items), "得分", "排名"]
    body = [
        [*(str(row[k]) for k in (*report.by, "period")),
         *(f"{row[i.name]:.2f}" for i in book.items),
         f"{row['total']:.2f}/{row['out_of']:g}", str(row["rank"])]
        for row in rows
    ]  # fmt: skip
    lines = [*text_grid(head, body), ""]
    lines.append(f"score book: {book.name} ({book.source}); {float(book.out_of):g} points at most")
    return "\n".join(line.rstrip() for line in lines)


def text_grid(head: list[str], body: list[list[str]]) -> list[str]:
    """A heading, a rule and the rows, in columns as wide as their widest cell (a Chinese
    character counting as two)."""
    widths = [max(_width(c) for c in column) for column in zip(head, *body, strict=True)]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)) for cells in [head, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def report_svg(report: Report, book: RateBook, *, rate: str = "on_time_closure") -> str:
    """An SVG chart of the report's total by period: volume as bars, ``rate`` as a line.

    Periods with an undefined rate leave a gap in the line.
    """
    the_rate = book.rate(rate)
    by_period: dict[str, Tally] = {}
    for _, period, tally in report.rows():
        by_period[period] = by_period.get(period, Tally()).merge(tally)
    periods = sorted(by_period)
    width, height, left, bottom, top = 720, 360, 56, 40, 30
    plot_w, plot_h = width - 2 * left, height - top - bottom
    step = plot_w / max(len(periods), 1)
    most = max((t.count("received") for t in by_period.values()), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(the_rate.label)} and volume by {escape(report.period)}</title>",
        f'<text x="{left}" y="18" font-size="13">{escape(the_rate.label)} ({escape(book.name)}) '
        f"and cases received, by {escape(report.period)}</text>",
    ]
    y0 = top + plot_h
    parts.append(f'<line x1="{left}" y1="{y0}" x2="{left + plot_w}" y2="{y0}" stroke="#444"/>')
    for pct in (0, 50, 100):
        y = y0 - plot_h * pct / 100
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{pct}%</text>')
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
        )
    points: list[list[str]] = [[]]
    for n, period in enumerate(periods):
        tally = by_period[period]
        x = left + step * n
        h = plot_h * tally.count("received") / most
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{y0 - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="#c9d7ea"><title>{escape(period)}: '
            f"{tally.count('received')} received</title></rect>"
        )
        mark = " *" if tally.count("provisional") else ""
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{y0 + 16}" text-anchor="middle">'
            f"{escape(period)}{mark}</text>"
        )
        value = tally.rate(the_rate).value
        if value is None:
            points.append([])
        else:
            points[-1].append(f"{x + step / 2:.1f},{y0 - plot_h * value:.1f}")
    for line in points:
        if line:
            parts.append(
                f'<polyline points="{" ".join(line)}" fill="none" stroke="#1f5fa8" stroke-width="2"/>'
            )
    parts.append(f'<text x="{left + plot_w}" y="{height - 6}" text-anchor="end">bars: received '
                 f"(max {most}); line: {escape(the_rate.label)}</text>")  # fmt: skip
    note = provisional_note(report)
    if note:
        parts.append(f'<text x="{left}" y="{top + 2}" font-size="10">{escape(note)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


guard(globals())
