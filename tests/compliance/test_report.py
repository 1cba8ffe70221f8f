"""Reports: periods, grouping, and merging."""

import datetime as dt

import pytest

import civicflow as cf
from civicflow import compliance as co

D = dt.datetime


HOTLINE = cf.hotline_policy()


def hotline_case(n: int, *events: tuple[str, dt.datetime], **fields: str) -> cf.Case:
    case = cf.Case.open(HOTLINE.workflow, f"H-{n}", D(2025, 9, 22, 9), type="投诉", fields=fields)
    return case.apply_all(cf.Event(str(k), name, t) for k, (name, t) in enumerate(events))


def test_periods() -> None:
    m = D(2025, 9, 29, 10)
    assert [co.period_of(m, p) for p in co.PERIODS] == [
        "2025-09-29", "2025-W40", "2025-09", "2025-Q3", "2025", "all",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="period must be one of"):
        co.period_of(m, "fortnight")


def test_report_groups_and_merges() -> None:
    ind = co.hotline_indicators()
    at = D(2025, 12, 31)
    cases = [
        hotline_case(n, ("dispatch", D(2025, 9, 22, 10)), department=dep)
        for n, dep in enumerate(["城管局", "住建局", "城管局"])
    ]
    whole = co.Report(("department",), "month")
    for c in cases:
        whole.add(c, co.case_facts(c, HOTLINE, at, ind))
    assert [(g, p, t.count("received")) for g, p, t in whole.rows()] == [
        (("住建局",), "2025-09", 1),
        (("城管局",), "2025-09", 2),
    ]
    a, b = co.Report(("department",), "month"), co.Report(("department",), "month")
    a.add(cases[0], co.case_facts(cases[0], HOTLINE, at, ind))
    for c in cases[1:]:
        b.add(c, co.case_facts(c, HOTLINE, at, ind))
    assert b.merge(a) == whole
    with pytest.raises(ValueError, match="cannot merge"):
        a.merge(co.Report(("type",), "month"))
