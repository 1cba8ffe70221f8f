"""The vectorised batch form agrees with the scalar one."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.limits.batch import deadlines


@given(
    cfst.calendars(2010, 2025),
    st.lists(cfst.local_datetimes(2010, 2025, resolution="second"), min_size=1, max_size=20),
    cfst.durations(),
    st.sampled_from(list(cf.DayEnd)),
    st.sampled_from(list(cf.Receipt)),
)
def test_batch_equals_scalar(
    cal: cf.Calendar,
    starts: list[dt.datetime],
    limit: cf.Duration,
    end: cf.DayEnd,
    receipt: cf.Receipt,
) -> None:
    got = deadlines(
        np.array(starts, dtype="datetime64[us]"), limit, cal, day_end=end, receipt=receipt
    )
    expected = [cf.deadline(s, limit, cal, day_end=end, receipt=receipt) for s in starts]
    assert got.astype(object).tolist() == expected


def test_batch_errors() -> None:
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        deadlines(np.array(["2026-12-30T10:00"], dtype="datetime64[m]"), "5个工作日")
    with pytest.raises(cf.CalendarCoverageError, match="2003"):
        deadlines(np.array(["2003-12-30T10:00"], dtype="datetime64[m]"), "5个工作日")
    with pytest.raises(cf.CalendarCoverageError, match="2027"):
        deadlines(np.array(["2026-12-30T10:00"], dtype="datetime64[m]"), "20 working hours")
    with pytest.raises(ValueError, match="NaT"):
        deadlines(np.array(["NaT"], dtype="datetime64[m]"), "5个工作日")
    assert deadlines(np.array([], dtype="datetime64[m]"), "5个工作日").size == 0
