"""DataFrames: a column of deadlines row by row as the scalar call; into columns,
civicflow's layout through Arrow, exports through a mapping."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.cases.columns import CaseColumns
from civicflow.errors import ArgumentError, ArgumentTypeError, CivicflowError
from civicflow.exchange.documents.ingest import InputError, InputFileError, InputStats
from civicflow.exchange.documents.serialization import case_to_json
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.tables.arrow_columns import arrow_cases, to_arrow
from civicflow.exchange.tables.files import read_table
from civicflow.exchange.tables.frames import deadlines_frame, frame_columns
from civicflow.exchange.tables.mappings import row_of_case, shipped_mapping
from civicflow.exchange.tables.writing import export_cases
from tests.exchange.drawn import case_lists, same_arrays


def cases_of(columns: CaseColumns) -> list[cf.Case]:
    return [columns.case(k) for k in range(len(columns))]


@settings(max_examples=80, deadline=None)
@given(case_lists(max_size=6), st.sampled_from(["pandas", "polars"]))
def test_a_frame_in_civicflows_layout_is_its_cases(cases: list[cf.Case], kind: str) -> None:
    table = to_arrow(CaseColumns.from_cases(cases))
    tz = table.schema.field("received").type.tz
    # polars names a fixed offset by an Etc/GMT zone: whole hours only
    assume(kind == "pandas" or tz is None or not tz.endswith(":30"))
    frame = table.to_pandas() if kind == "pandas" else pl.from_arrow(table)
    stats = InputStats()
    columns = frame_columns(frame, stats=stats)
    assert cases_of(columns) == cases
    assert [case_to_json(c) for c in cases_of(columns)] == [case_to_json(c) for c in cases]
    same_arrays(columns, cases)
    assert columns.line is not None
    assert columns.line.tolist() == list(range(1, len(cases) + 1))
    assert (stats.lines, stats.cases) == (len(cases), len(cases))


def test_a_frame_of_an_export_through_a_mapping(tmp_path: Any) -> None:
    hotline = shipped_mapping("hotline-12345")
    cases = list(synth_cases(80, seed=21))
    path = tmp_path / "e.parquet"
    export_cases(cases, hotline, path)
    for frame in (pd.read_parquet(path), pl.read_parquet(path)):
        columns = frame_columns(frame, mapping=hotline)
        assert cases_of(columns) == [c for c in cases if row_of_case(c, hotline) is not None]
        assert cases_of(columns) == [c for _, c in read_table(frame, hotline)]
    empty = frame_columns(pd.read_parquet(path).iloc[:0], mapping=hotline)
    assert len(empty) == 0


def test_bad_rows_of_a_frame_are_named_and_counted() -> None:
    cases = list(synth_cases(4, seed=2))
    frame = to_arrow(CaseColumns.from_cases(cases)).to_pandas()
    frame.loc[1, "workflow"] = "nope"
    bad = list[InputError]()
    stats = InputStats()
    columns = frame_columns(frame, on_bad=bad.append, stats=stats)
    assert cases_of(columns) == [cases[0], *cases[2:]]
    assert [e.line for e in bad] == [2]
    assert "unknown workflow 'nope'" in bad[0].summary
    assert stats.lines == stats.case_lines + stats.bad_lines == 4
    with pytest.raises(InputError, match="row 2"):
        frame_columns(frame)


def test_what_is_not_a_frame_in_the_layout_is_refused() -> None:
    with pytest.raises(ArgumentError, match="pandas or polars DataFrame"):
        frame_columns([{"id": "A"}])
    with pytest.raises(InputFileError, match="lacks the column"):
        frame_columns(pd.DataFrame({"id": ["A"]}))
    with pytest.raises(InputFileError, match="cannot be read as Arrow columns"):
        frame_columns(pd.DataFrame({"id": ["A", 1], "workflow": ["x", "y"],
                                    "received": ["2025-01-01T00:00:00", None]}))  # fmt: skip


CELLS = st.one_of(
    st.none(),
    st.sampled_from(["hotline-12345", "x", "2025-09-29T09:00:00", "2025-09-29", ""]),
    st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2026, 1, 1)),
    st.integers(0, 10),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": CELLS, "workflow": CELLS, "received": CELLS},
            optional={"type": CELLS, "field.department": CELLS, "events": st.just([])},
        ),
        max_size=4,
    )
)
def test_any_frame_reads_or_fails_with_a_civicflow_error(rows: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame(rows, dtype=object)
    stats = InputStats()
    try:
        columns = frame_columns(frame, on_bad=lambda e: None, stats=stats)
    except CivicflowError:
        return
    assert stats.lines == stats.case_lines + stats.bad_lines == len(rows)
    assert len(columns) == stats.cases
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    with contextlib.suppress(InputError):
        assert cases_of(columns) == [c for _, c in arrow_cases(table, on_bad=lambda e: None)]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2026, 6, 30))),
        max_size=8,
    ),
    st.sampled_from(["3个工作日", "8个工作小时", "2天"]),
    st.booleans(),
)
def test_deadlines_frame_is_the_scalar_call_row_by_row(
    starts: list[dt.datetime | None], limit: str, aware: bool
) -> None:
    zone = dt.timezone(dt.timedelta(hours=8))
    moments = [s.replace(tzinfo=zone) if aware and s else s for s in starts]
    frame = pd.DataFrame({"start": pd.Series(moments, dtype="object")})
    out = deadlines_frame(frame, limit)
    for got, start in zip(out["deadline"], moments, strict=True):
        if start is None:
            assert pd.isna(got)
        else:
            assert got == cf.deadline(start, limit)


def test_deadlines_frame_errors_name_the_row() -> None:
    frame = pd.DataFrame({"start": [dt.datetime(2025, 9, 29, 9), "later"]}, index=["a", "b"])
    with pytest.raises(ArgumentError, match="row 'b'"):
        deadlines_frame(frame, "3个工作日")
    with pytest.raises(ArgumentError, match="limit="):
        deadlines_frame(frame)
    with pytest.raises(ArgumentError, match="no column 'when'"):
        deadlines_frame(frame, "3个工作日", start="when")
    with pytest.raises(ArgumentTypeError, match="'column'"):
        deadlines_frame(frame, "3个工作日", column=7)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="no UTF-8 form"):
        deadlines_frame(frame, "3个工作日", column="\ud800")
    limits = pd.DataFrame(
        {"start": [dt.datetime(2025, 9, 29, 9)] * 2, "limit": ["3个工作日", "3 fortnights"]}
    )
    with pytest.raises(
        cf.DurationError, match=r"^row 1 \(position 1\): invalid time limit"
    ) as caught:
        deadlines_frame(limits, limit_column="limit")
    assert caught.value.text == "3 fortnights"  # the error's own attributes are kept
