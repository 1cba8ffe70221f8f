"""Reports over partitions: the same figures from many machines, merged.

A distributed engine maps :func:`report_lines` over the partitions of the input (each a run
of JSON Lines, read in one pass by :func:`~civicflow.compliance.bulk.report_cases`) and merges the partial reports with :func:`merge_reports`. Tallies merge
associatively, so the result equals the single-process report exactly, however the input
was split (``docs/distributed.md`` has the Dask and Spark recipes).

>>> from civicflow.exchange.synth import synth_cases
>>> from civicflow.exchange.serialization import case_to_json
>>> import datetime as dt
>>> lines = [case_to_json(c, indent=None) for c in synth_cases(30, seed=1)]
>>> as_of = dt.datetime(2026, 9, 1)
>>> whole = report_lines(lines, by=("department",), period="month", as_of=as_of)
>>> parts = [report_lines(lines[i:i + 7], by=("department",), period="month", as_of=as_of) for i in range(0, 30, 7)]
>>> merge_reports(parts) == whole
True
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping

from civicflow._arguments import guard, items
from civicflow.calendars.calendar import Calendar
from civicflow.cases.workflow import Workflow
from civicflow.compliance.bulk import report_cases
from civicflow.compliance.facts import Indicators
from civicflow.compliance.report import Report
from civicflow.errors import ArgumentError
from civicflow.exchange.ingest import read_cases
from civicflow.sla.policy import Policy

__all__ = ["merge_reports", "report_lines"]


def report_lines(
    lines: Iterable[str],
    *,
    by: tuple[str, ...] = (),
    period: str = "all",
    as_of: dt.datetime,
    policy: Policy | None = None,
    indicators: Indicators | None = None,
    calendar: Calendar | None = None,
    workflows: Mapping[str, Workflow] | None = None,
) -> Report:
    """The report of the cases in ``lines`` (JSON Lines, one case each).

    Args:
        lines: the cases, one ``civicflow.case/1`` document per line.
        by: the fields to group by, as for :class:`~civicflow.compliance.report.Report`.
        period: the period to group by, as for it.
        as_of: the instant of the figures.
        policy: the policy of every case; default: each case's preset policy.
        indicators: default: the preset indicators of the policy's workflow.
        calendar: default: :func:`~civicflow.china_calendar`.
        workflows: workflows by name, besides the presets.

    Raises:
        InputError: a bad line (with its number within ``lines``).
    """
    given = items(lines, "lines", str, "a line of text (str)")
    text = io.StringIO("".join(line if line.endswith("\n") else line + "\n" for line in given))
    cases = (case for _, case in read_cases(text, "jsonl", workflows=workflows))
    return report_cases(
        cases, as_of, by=by, period=period, policy=policy, indicators=indicators,
        calendar=calendar,
    )  # fmt: skip


def merge_reports(reports: Iterable[Report]) -> Report:
    """All the reports merged into one.

    Raises:
        ValueError: no report was given, or they group differently.
    """
    merged: Report | None = None
    for r in reports:
        merged = r if merged is None else merged.merge(r)
    if merged is None:
        raise ArgumentError(
            "no report to merge: give at least one (an empty partition gives an empty one)"
        )
    return merged


guard(globals())
