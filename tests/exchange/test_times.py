"""ISO 8601 times of many cells at once: each read exactly as ``datetime.fromisoformat``."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from civicflow.exchange._times import parse_times

from ..fuzzing import garbled

EPOCH = dt.datetime(1970, 1, 1)
US = dt.timedelta(microseconds=1)
ZONES = st.sampled_from(
    [
        None,
        dt.UTC,
        dt.timezone(dt.timedelta(hours=8)),
        dt.timezone(-dt.timedelta(hours=5, minutes=30)),
    ]
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A time as platforms and civicflow write it, sometimes garbled."""
    zone = draw(ZONES)
    moment = draw(st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30))).replace(
        tzinfo=zone
    )
    text = moment.isoformat(
        sep=draw(st.sampled_from(["T", " ", "x"])),
        timespec=draw(st.sampled_from(["minutes", "seconds", "auto"])),
    )
    if moment.tzinfo is dt.UTC and draw(st.booleans()):
        text = text.replace("+00:00", "Z")
    if draw(st.integers(0, 3)) == 0:
        text = garbled(text, draw(st.data()))
    return text


def reference(text: str) -> tuple[bool, int, int, int, bool]:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return (False, 0, 0, 0, False)
    wall = (moment.replace(tzinfo=None) - EPOCH) // US
    offset = moment.utcoffset()
    if offset is None:
        return (True, wall, wall, 0, False)
    return (True, wall - offset // US, wall, offset // US, True)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts(), max_size=12))
def test_each_text_reads_as_fromisoformat_reads_it(found: list[str]) -> None:
    times = parse_times(found)
    got = [
        (bool(times.ok[k]), int(times.us[k]), int(times.wall[k]), int(times.offset[k]),
         bool(times.aware[k]))
        for k in range(len(found))
    ]  # fmt: skip
    expected = [reference(t) for t in found]
    assert [g if g[0] else (False, 0, 0, 0, False) for g in got] == expected


def test_the_forms_read_as_arrays() -> None:
    times = parse_times(["2025-09-29 09:00", "2025-09-29T09:00:05", "2025-09-29 09:00:05+08:00",
                         "2025-09-29T09:60:00", "2025-02-29 09:00"])  # fmt: skip
    assert times.ok.tolist() == [True, True, True, False, False]
    assert times.wall[0] == (dt.datetime(2025, 9, 29, 9) - EPOCH) // US
    assert times.us[2] == (dt.datetime(2025, 9, 29, 1, 0, 5) - EPOCH) // US
