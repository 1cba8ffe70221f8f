"""A column's cells read at once give what ``cell_text`` and ``cell_time`` give for each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from civicflow.exchange._cells import cell_text, cell_time
from civicflow.exchange.tables._cell_columns import Stamps, blank_cells, text_cells, time_cells
from civicflow.exchange.tables.mappings import cell_text_or_blank
from tests.exchange.drawn import SHANGHAI

EPOCH = dt.datetime(1970, 1, 1)
UTC_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
US = dt.timedelta(microseconds=1)

MOMENTS = st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30))
CELLS = st.one_of(
    st.none(),
    st.text(max_size=6),
    MOMENTS.map(lambda m: m.isoformat(sep=" ")),
    MOMENTS.map(lambda m: m.isoformat(timespec="minutes")),
    MOMENTS.map(lambda m: f"{m.year}/{m.month}/{m.day} {m.hour}:{m.minute:02d}"),
    MOMENTS.map(lambda m: f"{m.year}年{m.month}月{m.day}日 {m.hour}时{m.minute}分"),
    MOMENTS.map(lambda m: m.date().isoformat()),
    MOMENTS.map(lambda m: f"  {m.isoformat()}+08:00 "),
    st.sampled_from(["", "  ", "2025-13-01 09:00", "2025-09-29T24:00:00", "20250929", "soon"]),
    MOMENTS,
    MOMENTS.map(lambda m: m.replace(tzinfo=SHANGHAI)),
    MOMENTS.map(lambda m: m.replace(tzinfo=dt.timezone(dt.timedelta(hours=-3)))),
    st.datetimes(dt.datetime(1700, 1, 1), dt.datetime(2200, 1, 1)).map(pd.Timestamp),
    st.just(pd.NaT),
    st.floats(),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.times(),
    st.timedeltas(),
    st.text(max_size=3).map(np.str_),
)


def time_reference(cell: Any) -> tuple[bool, bool, int, int, int, bool]:
    """(present, a moment, us, wall, offset, aware) as ``cell_time`` reads the cell."""
    try:
        moment = cell_time(cell)
    except ValueError:
        return (True, False, 0, 0, 0, False)
    if moment is None:
        return (False, False, 0, 0, 0, False)
    wall = (moment.replace(tzinfo=None) - EPOCH) // US
    offset = moment.utcoffset()
    if offset is None:
        return (True, True, wall, wall, 0, False)
    return (True, True, (moment - UTC_EPOCH) // US, wall, offset // US, True)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=10))
def test_a_column_of_times_reads_as_each_cell(cells: list[Any]) -> None:
    found = time_cells(cells)
    t = found.times
    got = [
        (bool(found.present[k]), bool(t.ok[k]), int(t.us[k]), int(t.wall[k]),
         int(t.offset[k]), bool(t.aware[k]))
        for k in range(len(cells))
    ]  # fmt: skip
    got = [g if g[1] else (g[0], False, 0, 0, 0, False) for g in got]
    assert got == [time_reference(c) for c in cells]


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, max_size=10))
def test_a_column_of_text_reads_as_each_cell(cells: list[Any]) -> None:
    texts, ok = text_cells(cells)
    expected = []
    for cell in cells:
        try:
            expected.append((cell_text(cell), True))
        except ValueError:
            expected.append(("", False))
    assert list(zip(texts, ok.tolist(), strict=True)) == expected
    rows = np.arange(len(cells), dtype=np.int64)
    assert blank_cells(cells, rows).tolist() == [cell_text_or_blank(c) == "" for c in cells]


def test_timestamps_kept_as_integers() -> None:
    us = np.asarray([0, 10**12, 0], dtype=np.int64)
    valid = np.asarray([True, True, False])
    naive = time_cells(Stamps(us, valid))
    assert naive.present.tolist() == [True, True, False]
    assert naive.times.ok.tolist() == [True, True, False]
    assert not naive.times.aware.any()
    eight = time_cells(Stamps(us, valid, offset=8 * 3_600_000_000))
    assert eight.times.wall[1] - eight.times.us[1] == 8 * 3_600_000_000
    assert eight.times.aware.all()
    texts, ok = text_cells(Stamps(us, valid))
    assert (texts, ok.tolist()) == (["", "", ""], [False, False, True])
    assert blank_cells(Stamps(us, valid), np.arange(3)).tolist() == [False, False, True]
