"""Reports on columns give the figures of the per-case reports, case by case.

The properties draw the calendar, the policy, the cases and their fields (grades, callback
answers, bad values among them), the as-of instant and the grouping.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.cases.columns import CaseColumns
from civicflow.compliance import Report, preset_indicators
from civicflow.compliance.columnar import count_columns, report_columns
from civicflow.compliance.facts import GRADES, NO, YES
from civicflow.exchange.documents.synth import synth_cases
from civicflow.sla.policy import Policy

from ..sla.test_columnar import scenes

FIELD_VALUES = st.one_of(
    st.sampled_from(GRADES), st.sampled_from(YES + NO), st.just(""), st.sampled_from(["差", "x"])
)


@st.composite
def with_fields(draw: st.DrawFn, case: cf.Case) -> cf.Case:
    """The case with a department, and sometimes a grade and callback answers (some bad)."""
    fields = {"department": draw(st.sampled_from(["城管局", "住建局", ""]))}
    for name in ("rating", "responded", "resolved", "satisfied"):
        if draw(st.booleans()):
            value = draw(FIELD_VALUES)
            if name == "rating" and draw(st.booleans()):
                value = draw(st.sampled_from(GRADES))
            elif name != "rating" and draw(st.booleans()):
                value = draw(st.sampled_from(YES + NO))
            fields[name] = value
    if draw(st.booleans()):
        fields = {}
    return attrs.evolve(case, fields=fields)


@st.composite
def reports(
    draw: st.DrawFn,
) -> tuple[Policy, cf.Calendar, list[cf.Case], dt.datetime, tuple[str, ...], str]:
    policy, cal, cases, at = draw(scenes())
    cases = [draw(with_fields(c)) for c in cases]
    by = tuple(draw(st.lists(st.sampled_from(["department", "type", "state", "nope"]), max_size=2)))
    period = draw(st.sampled_from(["all", "day", "week", "month", "quarter", "year"]))
    return policy, cal, cases, at, by, period


def indicators_of(policy: Policy) -> cf.compliance.Indicators:
    return preset_indicators(policy.name)


def per_case(
    policy: Policy,
    cal: cf.Calendar,
    cases: list[cf.Case],
    at: dt.datetime,
    by: tuple[str, ...],
    period: str,
) -> tuple[Report, dict[int, str]]:
    """The report case by case, with the error of each case it cannot count."""
    report = Report(by, period)
    facts = cf.compliance.Facts(policy, indicators_of(policy), cal)
    errors = {}
    for k, case in enumerate(cases):
        try:
            report.count(case, facts, at)
        except cf.FieldError as e:
            errors[k] = str(e)
    return report, errors


@settings(max_examples=120, deadline=None)
@given(reports())
def test_a_report_of_columns_is_the_report_case_by_case(
    scene: tuple[Policy, cf.Calendar, list[cf.Case], dt.datetime, tuple[str, ...], str],
) -> None:
    policy, cal, cases, at, by, period = scene
    expected, errors = per_case(*scene)
    report = Report(by, period)
    done = count_columns(
        CaseColumns.from_cases(cases),
        at,
        (report,),
        policy=policy,
        indicators=indicators_of(policy),
        calendar=cal,
    )
    assert {k: str(e) for k, e in done.errors.items()} == errors
    assert report == expected
    assert done.counted + done.later + len(done.errors) == len(cases)


@pytest.mark.parametrize("kind", ["hotline", "urban", "licence", "rating"])
def test_synthetic_reports_of_columns_equal_the_per_case_ones(kind: str) -> None:
    cases = list(synth_cases(400, seed=9, kind=kind))
    columns = CaseColumns.from_cases(cases)
    for as_of in (dt.datetime(2025, 3, 1), dt.datetime(2026, 9, 1), dt.datetime(2027, 2, 1)):
        for by, period in ((("department",), "month"), (("type", "state"), "week")):
            assert report_columns(columns, as_of, by=by, period=period) == cf.report_cases(
                cases, as_of, by=by, period=period
            )


def test_several_groupings_share_one_count() -> None:
    cases = list(synth_cases(200, seed=2))
    as_of = dt.datetime(2026, 9, 1)
    a, b = Report(("department",), "month"), Report((), "all")
    count_columns(CaseColumns.from_cases(cases), as_of, (a, b))
    assert a == cf.report_cases(cases, as_of, by=("department",), period="month")
    assert b == cf.report_cases(cases, as_of)


def test_the_first_bad_row_is_raised() -> None:
    cases = list(synth_cases(30, seed=1))
    cases[7] = attrs.evolve(cases[7], fields={"rating": "还行"})
    cases[20] = attrs.evolve(cases[20], fields={"rating": "差"})
    with pytest.raises(cf.FieldError, match="还行"):
        report_columns(CaseColumns.from_cases(cases), dt.datetime(2026, 9, 1))
    done = count_columns(CaseColumns.from_cases(cases), dt.datetime(2026, 9, 1), ())
    assert sorted(done.errors) == [7, 20]
