"""The vectorised batch form agrees with the scalar one."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

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
    assert deadlines(np.array([], dtype="datetime64[m]"), "5个工作日").size == 0


def test_nat_gives_nat_and_the_rest_is_computed() -> None:
    starts = np.array(["NaT", "2025-09-30T16:00", "NaT"], dtype="datetime64[m]")
    got = deadlines(starts, "1个工作小时")
    assert np.isnat(got).tolist() == [True, False, True]
    assert got[1].astype(object) == dt.datetime(2025, 9, 30, 17, 0)
    assert np.isnat(deadlines(np.array(["NaT"], dtype="datetime64[m]"), "5个工作日")).all()
    with pytest.raises(cf.DurationError):
        deadlines(np.array(["NaT"], dtype="datetime64[m]"), "5个工作")


def test_aware_starts_are_refused_not_shifted() -> None:
    # The scalar path reads 16:00+08:00 as 16:00 local; an array of UTC instants would
    # silently give other wall times, so aware starts are refused with a way out.
    aware = dt.datetime(2025, 9, 30, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert cf.deadline(aware, "1个工作小时").hour == 17
    with pytest.raises(cf.ArgumentError, match="aware time"):
        deadlines(np.array([aware], dtype=object), "1个工作小时")

    class Zoned:  # what pandas offers: a dtype with a zone
        dtype = type("DatetimeTZDtype", (), {"tz": "Asia/Shanghai"})()

        def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray[Any, Any]:
            return np.array(["2025-09-30T08:00"], dtype="datetime64[us]")

    with pytest.raises(cf.ArgumentError, match="aware times"):
        deadlines(Zoned(), "1个工作小时")
