"""Explanations list the days counted and skipped, and agree with the deadline."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst

D = dt.datetime


# -- explanations -----------------------------------------------------------------------------


def test_explanation_lists_skipped_days_and_reasons() -> None:
    why = cf.explain(D(2025, 9, 30, 16), "3个工作日")
    assert why.deadline == D(2025, 10, 11, 17, 30)
    assert [d.info.date.day for d in why.skipped] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert {d.info.name for d in why.skipped} == {"国庆节", "中秋节"}
    counted = [d for d in why.days if d.counted]
    assert [d.info.kind for d in counted] == [cf.DayKind.WORKDAY] * 2 + [cf.DayKind.MAKE_UP]
    text = str(why)
    assert "make-up working day (国庆节)" in text
    assert "skipped: statutory holiday (中秋节)" in text


@given(cfst.local_datetimes(2024, 2025), cfst.durations(), st.booleans())
def test_explanation_agrees_with_deadline(start: D, limit: cf.Duration, midnight: bool) -> None:
    end = "midnight" if midnight else "close"
    why = cf.explain(start, limit, day_end=end)
    assert why.deadline == cf.deadline(start, limit, day_end=end)
    if isinstance(limit, cf.WorkingDays) and limit.days:
        assert sum(d.counted for d in why.days) == limit.days
    if isinstance(limit, cf.WorkingHours):
        counted = sum((cf.working_time(start, why.deadline).total_seconds(),))
        assert counted == limit.seconds
    assert str(why).splitlines()[-1].startswith("deadline")
