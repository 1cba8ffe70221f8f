"""Platforms' exports read into columns: exactly the cases, errors and counts of ``read_table``.

The reference is :func:`read_table` (``cases_of_rows``, a row at a time); the properties
read the same source both ways (CSV, ``.xlsx``, Parquet, pandas and polars DataFrames) on
synthetic exports, on the strategies' cases written as exports (aware times included), and
on rows whose cells are drawn from what spreadsheets and data frames hold, spoilt included.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.cases.columns import CaseColumns
from civicflow.errors import CivicflowError
from civicflow.exchange.documents.ingest import InputError, InputFileError, InputStats
from civicflow.exchange.documents.serialization import case_to_json
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.tables import columns as table_columns
from civicflow.exchange.tables.columns import read_table_columns
from civicflow.exchange.tables.files import read_table
from civicflow.exchange.tables.mappings import TableMapping, row_of_case, shipped_mapping
from civicflow.exchange.tables.writing import export_cases, write_table
from tests.exchange.drawn import SHANGHAI, aware, counted, one_case, same_arrays


def rows_of(columns: CaseColumns) -> list[tuple[int, cf.Case]]:
    assert columns.line is not None
    return [(int(columns.line[k]), columns.case(k)) for k in range(len(columns))]


def _until_error(parts: Iterator[Any]) -> tuple[list[Any], str | None]:
    found: list[Any] = []
    try:
        for part in parts:
            found.extend(rows_of(part) if isinstance(part, CaseColumns) else [part])
    except InputError as exc:
        return found, exc.summary
    return found, None


def shown(case: cf.Case) -> str:
    """The case's JSON, its events' times in the zone of its receipt (as columns keep them)."""
    zone = case.received.tzinfo
    if zone is None:
        return case_to_json(case)
    history = tuple(attrs.evolve(e, at=e.at.astimezone(zone)) for e in case.history)
    return case_to_json(attrs.evolve(case, history=history))


def same_reading(source: Any, mapping: TableMapping, batch: int = 7) -> list[CaseColumns]:
    """Read ``source`` both ways, skipping bad rows and stopping at the first: all the same."""
    bad, bad_ref = list[InputError](), list[InputError]()
    stats, stats_ref = InputStats(), InputStats()
    parts: list[CaseColumns] = []
    with contextlib.suppress(InputError):  # a broken CSV record stops even a skipping reader
        for part in read_table_columns(source, mapping, on_bad=bad.append, stats=stats,
                                       batch=batch):  # fmt: skip
            parts.append(part)
    found = [r for p in parts for r in rows_of(p)]
    expected = _until_error(read_table(source, mapping, on_bad=bad_ref.append, stats=stats_ref))
    assert (found, None) == (expected[0], None)
    assert [case_to_json(c) for _, c in found] == [shown(c) for _, c in expected[0]]
    for part in parts:
        same_arrays(part, [c for _, c in rows_of(part)])
    assert [(e.line, e.problems, e.unit) for e in bad] == [
        (e.line, e.problems, e.unit) for e in bad_ref
    ]
    assert attrs.evolve(stats, per_case=0) == stats_ref  # the reference reads all per case
    if expected[1] is None:
        assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines
    stats, stats_ref = InputStats(), InputStats()
    try:
        columns = read_table_columns(source, mapping, stats=stats, batch=batch)
    except InputError as exc:
        first: tuple[list[Any], str | None] = ([], exc.summary)
    else:
        first = _until_error(columns)
    try:
        cases = read_table(source, mapping, stats=stats_ref)
    except InputError as exc:
        second: tuple[list[Any], str | None] = ([], exc.summary)
    else:
        second = _until_error(cases)
    assert first == second
    assert attrs.evolve(stats, per_case=0) == stats_ref  # the reference reads all per case
    return parts


HOTLINE = shipped_mapping("hotline-12345")
URBAN = shipped_mapping("urban-management")


@pytest.mark.parametrize(("kind", "mapping"), [("hotline", HOTLINE), ("urban", URBAN)])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_synthetic_export_is_read_by_column(
    tmp_path: Path, kind: str, mapping: TableMapping, suffix: str
) -> None:
    cases = list(synth_cases(150, seed=11, kind=kind))
    path = tmp_path / f"export{suffix}"
    export_cases(cases, mapping, path)
    parts = same_reading(path, mapping, batch=64)
    stats = InputStats()
    with counted(table_columns, "case_of_row") as per_case:
        list(read_table_columns(path, mapping, batch=64, stats=stats))
    assert per_case.call_count == stats.per_case == 0  # every row taken by the columns
    assert [c for p in parts for _, c in rows_of(p)] == [
        c for c in cases if row_of_case(c, mapping) is not None
    ]


@pytest.mark.parametrize("reader", ["csv", "parquet", "excel", "polars", "polars-csv"])
def test_a_dataframe_of_an_export_is_read_by_column(tmp_path: Path, reader: str) -> None:
    cases = list(synth_cases(90, seed=12))
    suffix = {"csv": ".csv", "parquet": ".parquet", "excel": ".xlsx"}.get(reader, ".parquet")
    if reader == "polars-csv":
        suffix = ".csv"
    path = tmp_path / f"export{suffix}"
    export_cases(cases, HOTLINE, path)
    frame: Any
    if reader == "csv":
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    elif reader == "parquet":
        frame = pd.read_parquet(path)
    elif reader == "excel":
        frame = pd.read_excel(path, engine="calamine")
    elif reader == "polars":
        frame = pl.read_parquet(path)
    else:
        frame = pl.read_csv(path, infer_schema=False)
    parts = same_reading(frame, HOTLINE, batch=40)
    with counted(table_columns, "case_of_row") as per_case:
        list(read_table_columns(frame, HOTLINE, batch=40))
    assert per_case.call_count == 0
    assert sum(len(p) for p in parts) > 60


@st.composite
def drawn_exports(draw: st.DrawFn) -> list[cf.Case]:
    zone = draw(st.sampled_from([None, None, dt.UTC, dt.timezone(dt.timedelta(hours=8)), SHANGHAI]))
    return draw(st.lists(one_case(cf.hotline_workflow(), zone), max_size=6))


@settings(max_examples=60, deadline=None)
@given(drawn_exports(), st.sampled_from([".csv", ".xlsx", ".parquet"]), st.integers(1, 4))
def test_the_strategies_cases_as_an_export(cases: list[cf.Case], suffix: str, batch: int) -> None:
    mapping = _with_fields(HOTLINE)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"e{suffix}"
        export_cases(cases, mapping, path)
        same_reading(path, mapping, batch=batch)
        with counted(table_columns, "case_of_row") as per_case:
            list(read_table_columns(path, mapping, batch=batch))
    assert per_case.call_count == 0  # a row an export holds, the columns take


def _with_fields(mapping: TableMapping) -> TableMapping:
    """The mapping with a column for each field the drawn cases hold."""
    extra = tuple((f, f"列{f}") for f in ("grid", "部门") if f not in dict(mapping.fields))
    return attrs.evolve(mapping, fields=(*mapping.fields, *extra))


# -- spoilt rows -----------------------------------------------------------------------------

CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "soon", "2025-13-01 09:00", "2025-09-29", "2025/9/29 9:20",
                     "2025年9月29日 9时05分", "2025-09-29T10:00:00+08:00", "2025-09-29 11:00",
                     "=1+1", "紧急", "一般", "5个工作日", "十个工作日", "x"]),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.integers(-5, 10**6),
    st.booleans(),
    st.dates(dt.date(2024, 1, 1), dt.date(2026, 1, 1)),
    st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2026, 1, 1)),
    st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2026, 1, 1)).map(
        lambda m: m.replace(tzinfo=SHANGHAI)
    ),
    st.just(pd.NaT),
)  # fmt: skip


def row_holding(case: cf.Case, mapping: TableMapping) -> dict[str, Any]:
    """The row an export would hold for ``case``, as far as one row can: each event's first
    time, its extension, the case's attributes and fields (values mapped back)."""
    row = row_of_case(case, mapping)
    if row is not None:
        return row
    row = dict.fromkeys(mapping.needed)
    row[mapping.id], row[mapping.received] = case.id, case.received
    back = {key: {v: k for k, v in table} for key, table in mapping.values}
    for name, column in mapping.columns:
        row[column] = back.get(name, {}).get(case.get(name), case.get(name))
    for name, column in mapping.fields:
        row[column] = dict(case.fields).get(name)
    columns = {e.event: e for e in mapping.events}
    for event in case.history:
        spec = columns.get(event.name)
        if spec is not None and row[spec.at] is None:
            row[spec.at] = event.at
            if spec.extension is not None and event.extension is not None:
                row[spec.extension] = event.extension.chinese
    return row


#: The shipped mapping and variants: no defaults, values mapped to nothing, no urgency column.
VARIANTS = (
    HOTLINE,
    attrs.evolve(HOTLINE, defaults=()),
    attrs.evolve(
        HOTLINE,
        values=(("urgency", (("一般", ""), ("紧急", "urgent"))), *HOTLINE.values,
                ("urgency", (("x", "urgent"),))),
        defaults=(("type", "咨询"),),
    ),
    attrs.evolve(HOTLINE, columns=tuple(c for c in HOTLINE.columns if c[0] != "urgency"),
                 defaults=(("urgency", "urgent"), ("category", "c"))),
)  # fmt: skip


@st.composite
def spoilt_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Rows of drawn cases as an export holds them, with a few cells replaced, or a time
    copied to another event of the row (a tie, which the mapping's order breaks)."""
    zone = draw(st.sampled_from([None, dt.timezone(dt.timedelta(hours=8))]))
    cases = draw(st.lists(one_case(cf.hotline_workflow(), zone), min_size=1, max_size=5))
    rows = [row_holding(c, HOTLINE) for c in cases]
    rows += [dict.fromkeys(HOTLINE.needed) for _ in range(draw(st.integers(0, 1)))]
    times = [e.at for e in HOTLINE.events]
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.sampled_from(rows))
        if draw(st.booleans()):
            held = [c for c in times if row[c] is not None]
            if held:
                row[draw(st.sampled_from(times))] = row[draw(st.sampled_from(held))]
            continue
        row[draw(st.sampled_from([*HOTLINE.needed, "备注"]))] = draw(CELLS)
    for row in rows:
        row.setdefault("备注", None)
    return rows


@settings(max_examples=200, deadline=None)
@given(spoilt_rows(), st.integers(1, 4), st.sampled_from(VARIANTS))
def test_a_spoilt_dataframe_reads_as_row_by_row(
    rows: list[dict[str, Any]], batch: int, mapping: TableMapping
) -> None:
    same_reading(pd.DataFrame(rows, dtype=object), mapping, batch=batch)


def _text(cell: Any) -> str:
    if cell is None or cell is pd.NaT or (isinstance(cell, float) and cell != cell):
        return ""
    return cell.isoformat(sep=" ") if isinstance(cell, dt.datetime) else str(cell)


@settings(max_examples=100, deadline=None)
@given(spoilt_rows(), st.integers(1, 4), st.sampled_from([".csv", ".xlsx", ".parquet"]))
def test_a_spoilt_file_reads_as_row_by_row(
    rows: list[dict[str, Any]], batch: int, suffix: str
) -> None:
    header = list(rows[0])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"e{suffix}"
        if suffix == ".csv":
            with path.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(header)
                writer.writerows([_text(r[c]) for c in header] for r in rows)
        elif suffix == ".xlsx":
            cells = [[None if c is pd.NaT or (isinstance(c, float) and c != c) else c
                      for c in r.values()] for r in rows]  # fmt: skip
            write_table(path, [(c, "text") for c in header], cells)
        else:
            table = pa.table({c: pa.array([_text(r[c]) or None for r in rows], pa.string())
                              for c in header})  # fmt: skip
            pq.write_table(table, path)
        same_reading(path, HOTLINE, batch=batch)


@settings(max_examples=80, deadline=None)
@given(spoilt_rows(), st.integers(1, 4), st.sampled_from(["us", "ms", "ns"]),
       st.sampled_from([None, "+08:00", "UTC", "Asia/Shanghai"]))  # fmt: skip
def test_typed_time_columns_read_as_row_by_row(
    rows: list[dict[str, Any]], batch: int, unit: str, tz: str | None
) -> None:
    times = {HOTLINE.received, *(e.at for e in HOTLINE.events)}
    columns = {}
    for c in rows[0]:
        values = [r[c] for r in rows]
        if c in times:
            stamps = [v if type(v) is dt.datetime and v.tzinfo is None else None for v in values]
            array = pa.array(stamps, pa.timestamp(unit))
            if tz is not None:
                array = pa.array(array.cast(pa.int64()), pa.int64()).cast(pa.timestamp(unit, tz))
            columns[c] = array
        else:
            columns[c] = pa.array([_text(v) or None for v in values], pa.string())
    table = pa.table(columns)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "e.parquet"
        pq.write_table(table, path)
        same_reading(path, HOTLINE, batch=batch)
    same_reading(pl.from_arrow(table), HOTLINE, batch=batch)
    same_reading(table.to_pandas(), HOTLINE, batch=batch)


def test_a_bad_row_keeps_its_number_and_message(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        "工单编号,受理时间,派单时间,办结时间\n"
        "A,2025-09-29 09:00,2025-09-29 10:00,\n"
        ",,,\n"
        "B,2025-09-29,,\n"
        "C,2025-09-29 09:00,,2025-09-29 10:00\n",
        encoding="utf-8",
    )
    events = tuple(e for e in HOTLINE.events if e.event in ("dispatch", "close"))
    mapping = attrs.evolve(HOTLINE, fields=(), columns=(), events=events)
    bad = list[InputError]()
    stats = InputStats()
    parts = list(read_table_columns(path, mapping, on_bad=bad.append, stats=stats))
    assert [(n, c.id) for p in parts for n, c in rows_of(p)] == [(2, "A")]
    assert [e.summary for e in bad] == [
        "row 4: column 受理时间: '2025-09-29' is a date without a time of day",
        "row 5: column 办结时间 (close at 2025-09-29 10:00:00): 'close' is not allowed in state "
        "'registered'; allowed: answer, dispatch, merge, reclassify",
    ]
    assert (stats.lines, stats.blank, stats.cases, stats.bad) == (4, 1, 1, 2)


def test_a_table_lacking_columns_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("编号\nA\n", encoding="utf-8")
    stats = InputStats()
    with pytest.raises(InputFileError, match="no column 工单编号, 受理时间"):
        read_table_columns(path, HOTLINE, stats=stats)
    assert stats.bad == 1


def test_a_broken_csv_record_stops_after_the_rows_before_it(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    cases = list(synth_cases(5, seed=1))
    export_cases(cases, HOTLINE, path)
    text = path.read_text(encoding="utf-8-sig").splitlines()
    text.insert(4, "x,y")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    same_reading(path, HOTLINE, batch=2)
    same_reading(path, HOTLINE, batch=50)


# -- fuzz ------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".parquet"]))
def test_any_file_reads_or_fails_with_a_civicflow_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"t{suffix}"
        path.write_bytes(data)
        stats = InputStats()
        with contextlib.suppress(CivicflowError):
            parts = list(read_table_columns(path, HOTLINE, on_bad=lambda e: None, stats=stats))
            assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines
            assert sum(len(p) for p in parts) == stats.cases


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(HOTLINE.needed[:6]), CELLS), max_size=5))
def test_any_dataframe_reads_or_fails_with_a_civicflow_error(rows: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame(rows, columns=list(HOTLINE.needed), dtype=object)
    stats = InputStats()
    parts = list(read_table_columns(frame, HOTLINE, on_bad=lambda e: None, stats=stats, batch=2))
    assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines == len(rows)
    assert sum(len(p) for p in parts) == stats.cases
    same_reading(frame, HOTLINE, batch=3)


def test_aware_times_of_several_offsets_keep_each_its_own() -> None:
    case = aware(next(iter(synth_cases(1, seed=3))), dt.timezone(dt.timedelta(hours=8)))
    row = row_of_case(case, HOTLINE)
    assert row is not None
    row[HOTLINE.received] = case.received.astimezone(dt.UTC)
    parts = same_reading(pd.DataFrame([row], dtype=object), HOTLINE)
    assert parts[0].case(0).received.utcoffset() == dt.timedelta(0)


def test_events_at_one_time_keep_the_mappings_order() -> None:
    row = {"工单编号": "A", "受理时间": "2025-09-29 09:00", "派单时间": "2025-09-29 09:10",
           "签收时间": "2025-09-29 09:20", "开始办理时间": "2025-09-29 09:30",
           "延期申请时间": "2025-09-29 10:00", "延期批准时间": "2025-09-29 10:00",
           "延期时长": "5个工作日"}  # fmt: skip
    frame = pd.DataFrame([row]).reindex(columns=HOTLINE.needed)
    parts = same_reading(frame, HOTLINE)
    with counted(table_columns, "case_of_row") as per_case:
        list(read_table_columns(frame, HOTLINE))
    assert per_case.call_count == 0
    assert [e.name for e in parts[0].case(0).history][-2:] == [
        "request_extension",
        "approve_extension",
    ]


def test_nanoseconds_are_cut_to_the_microsecond_as_a_row_reader_cuts_them() -> None:
    stamps = pd.to_datetime(["1969-12-31 23:59:59.999999999", "2025-09-29 09:00:00.000001001"])
    frame = pd.DataFrame({"工单编号": ["A", "B"], "受理时间": stamps}).reindex(
        columns=HOTLINE.needed
    )
    parts = same_reading(frame, HOTLINE)
    assert [parts[0].case(k).received.microsecond for k in range(2)] == [999999, 1]
