"""civicflow's Arrow layout: the columns equal the per-case reading, row by row, error by error.

The reference is :func:`arrow_cases`, which reads each row as the ``civicflow.case/1``
document it holds, with the JSON reader's checks; :func:`from_arrow` must give the same
cases (via ``CaseColumns.case``), the same errors (row, problems) and the same counts, on
drawn cases (every preset's workflow, reclassifications, extensions, fields, aware times),
on synthetic cases, and on tables spoilt cell by cell.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.cases.columns import CaseColumns
from civicflow.errors import ArgumentError, CivicflowError
from civicflow.exchange.documents.ingest import InputError, InputFileError, InputStats
from civicflow.exchange.documents.serialization import case_to_json
from civicflow.exchange.documents.synth import KINDS, synth_cases
from civicflow.exchange.tables import arrow_columns
from civicflow.exchange.tables.arrow_columns import (
    arrow_cases,
    arrow_schema,
    from_arrow,
    read_parquet_columns,
    to_arrow,
    write_parquet_columns,
)
from tests.exchange.drawn import SHANGHAI, case_lists, counted, reclassified, same_arrays

EVENT_NAMES = sorted({t for w in cf.preset_workflows().values() for t in w.events} | {"fly"})
MAX_US = (dt.datetime.max - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)


def rows_of(columns: CaseColumns) -> list[tuple[int, cf.Case]]:
    assert columns.line is not None
    return [(int(columns.line[k]), columns.case(k)) for k in range(len(columns))]


def same_reading(table: Any, first_row: int = 1) -> CaseColumns:
    """Read ``table`` both ways, skipping bad rows and stopping at the first; all the same."""
    bad, bad_ref = list[InputError](), list[InputError]()
    stats, stats_ref = InputStats(), InputStats()
    columns = from_arrow(table, on_bad=bad.append, stats=stats, first_row=first_row)
    expected = list(arrow_cases(table, on_bad=bad_ref.append, stats=stats_ref, first_row=first_row))
    found = rows_of(columns)
    assert found == expected
    assert [case_to_json(c) for _, c in found] == [case_to_json(c) for _, c in expected]
    same_arrays(columns, [c for _, c in expected])
    assert [(e.line, e.problems, e.unit) for e in bad] == [
        (e.line, e.problems, e.unit) for e in bad_ref
    ]
    assert attrs.evolve(stats, per_case=0) == stats_ref  # the reference reads all per case
    assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines == table.num_rows
    if bad:
        stats, stats_ref = InputStats(), InputStats()
        with pytest.raises(InputError) as caught:
            from_arrow(table, stats=stats, first_row=first_row)
        with pytest.raises(InputError) as caught_ref:
            list(arrow_cases(table, stats=stats_ref, first_row=first_row))
        assert caught.value.summary == caught_ref.value.summary == bad[0].summary
        assert attrs.evolve(stats, per_case=0) == stats_ref  # the reference reads all per case
    return columns


@settings(max_examples=150, deadline=None)
@given(case_lists())
def test_the_columns_of_a_table_are_the_cases_written(cases: list[cf.Case]) -> None:
    table = to_arrow(CaseColumns.from_cases(cases))
    columns = same_reading(table)
    assert [c for _, c in rows_of(columns)] == cases
    assert columns.per_case == reclassified(cases)
    stats = InputStats()
    with counted(arrow_columns, "documents") as per_case:
        from_arrow(table, stats=stats)
    assert stats.per_case == reclassified(cases)
    # Only the reclassified rows are read one at a time.
    assert sum(len(c.args[1]) for c in per_case.call_args_list) == reclassified(cases)
    assert [n for n, _ in rows_of(columns)] == list(range(1, len(cases) + 1))
    again = to_arrow(columns)
    assert again.equals(table)


@pytest.mark.parametrize("kind", KINDS)
def test_synthetic_cases_round_trip_through_arrow_and_parquet(kind: str, tmp_path: Path) -> None:
    cases = list(synth_cases(300, seed=7, kind=kind))
    columns = CaseColumns.from_cases(cases)
    assert [c for _, c in rows_of(same_reading(to_arrow(columns)))] == cases
    path = tmp_path / "cases.parquet"
    assert write_parquet_columns(path, [columns.take(range(100)), columns.take(range(100, 300))],
                                 row_group_size=64) == 300  # fmt: skip
    stats = InputStats()
    parts = list(read_parquet_columns(path, stats=stats, batch=50))
    assert [c for p in parts for _, c in rows_of(p)] == cases
    assert [n for p in parts for n, _ in rows_of(p)] == list(range(1, 301))
    assert (stats.lines, stats.cases, stats.bad) == (300, 300, 0)
    assert pq.ParquetFile(path).num_row_groups == 6  # 64 + 36, 64 + 64 + 64 + 8
    some = list(read_parquet_columns(path, row_groups=[2, 4]))
    assert [n for p in some for n, _ in rows_of(p)] == [*range(101, 165), *range(229, 293)]


@settings(max_examples=60, deadline=None)
@given(case_lists(max_size=6), st.integers(1, 4))
def test_parquet_written_and_read_is_the_cases(cases: list[cf.Case], group: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.parquet"
        write_parquet_columns(path, CaseColumns.from_cases(cases), row_group_size=group)
        back = [c for p in read_parquet_columns(path, batch=3) for _, c in rows_of(p)]
    assert back == cases
    assert [case_to_json(c) for c in back] == [case_to_json(c) for c in cases]


# -- spoilt tables ---------------------------------------------------------------------------

TEXTS = st.sampled_from(["", "x", "投诉", "urgent", "hotline-12345", "urban-management", " "])
EXTENSIONS = st.sampled_from(
    ["5个工作日", "3小时", "soon", "十个工作日", "30分钟", "", "2个工作日"]
)


@st.composite
def spoilt(draw: st.DrawFn) -> Any:
    """A table of drawn cases with a few cells spoilt (nulls, other names, times moved,
    ids twice, bad limits, changes, a field named as an attribute, times as text)."""
    cases = draw(case_lists(max_size=6))
    assume(cases)
    table = to_arrow(CaseColumns.from_cases(cases))
    records = table.to_pylist()
    schema = table.schema
    for _ in range(draw(st.integers(1, 4))):
        record = draw(st.sampled_from(records))
        what = draw(st.sampled_from(["null", "text", "event", "event", "event", "events"]))
        if what == "null":
            key = draw(st.sampled_from([n for n in record if n != "events"]))
            record[key] = None
        elif what == "text":
            key = draw(st.sampled_from(["id", "workflow", "type", "urgency", "channel"]))
            record[key] = draw(TEXTS)
        elif what == "events":
            record["events"] = draw(st.sampled_from([None, [], [None]]))
        elif record["events"]:
            events = record["events"]
            k = draw(st.integers(0, len(events) - 1))
            key = draw(st.sampled_from(["id", "name", "at", "extension", "note", "changes"]))
            event = events[k]
            if event is None or draw(st.integers(0, 5)) == 0:
                events[k] = None
            elif key == "name":
                event["name"] = draw(st.sampled_from(EVENT_NAMES))
            elif key == "at" and event["at"] is not None:
                event["at"] += dt.timedelta(minutes=draw(st.integers(-6000, 600)))
            elif key == "id":
                event["id"] = draw(st.sampled_from([e["id"] for e in events if e] + ["e0"]))
            elif key == "extension":
                event["extension"] = draw(st.none() | EXTENSIONS)
            elif key == "changes":
                event["changes"] = draw(
                    st.sampled_from([[], [("type", "投诉")], [("colour", "red")], None])
                )
            else:
                event[key] = None
    table = pa.Table.from_pylist(records, schema=schema)
    if draw(st.booleans()):
        values = draw(st.lists(st.none() | TEXTS, min_size=len(records), max_size=len(records)))
        table = table.append_column(draw(st.sampled_from(["field.type", "field.x"])),
                                    pa.array(values, pa.string()))  # fmt: skip
    if draw(st.booleans()):
        table = _times_as_text(table, draw)
    return table


def _times_as_text(table: Any, draw: st.DrawFn) -> Any:
    """The receipts as ISO 8601 text, some garbled or of another kind."""
    texts = []
    for value in table.column("received").to_pylist():
        text = None if value is None else value.isoformat()
        change = draw(st.integers(0, 6))
        if text is not None and change == 0:
            text = draw(st.sampled_from(["2025-13-01T00:00:00", "2025-01-01", "soon", ""]))
        elif text is not None and change == 1:
            moment = dt.datetime.fromisoformat(text)
            text = (moment.replace(tzinfo=None) if moment.tzinfo else moment.replace(
                tzinfo=dt.UTC)).isoformat(sep=draw(st.sampled_from(["T", " "])))  # fmt: skip
        texts.append(text)
    at = table.schema.get_field_index("received")
    return table.set_column(at, "received", pa.array(texts, pa.string()))


@settings(max_examples=250, deadline=None)
@given(spoilt(), st.integers(1, 1000))
def test_a_spoilt_table_reads_as_the_per_case_reader_reads_it(table: Any, first: int) -> None:
    same_reading(table, first_row=first)


@settings(max_examples=80, deadline=None)
@given(case_lists(max_size=4), st.lists(st.integers(-3, 3), min_size=1, max_size=4))
def test_times_past_the_years_a_datetime_holds_are_a_bad_row(
    cases: list[cf.Case], shifts: list[int]
) -> None:
    assume(cases)
    table = to_arrow(CaseColumns.from_cases(cases))
    stamps = table.column("received").cast(pa.int64()).to_pylist()
    for k, shift in enumerate(shifts[: len(stamps)]):
        stamps[k] = MAX_US + shift * 3_600_000_000 if shift else -MAX_US
    kind = table.schema.field("received").type
    table = table.set_column(2, "received", pa.array(stamps, pa.int64()).cast(kind))
    same_reading(table)


def test_a_bad_row_is_named_with_its_row_and_field() -> None:
    cases = list(synth_cases(3, seed=1))
    records = to_arrow(CaseColumns.from_cases(cases)).to_pylist()
    records[1]["events"][0]["name"] = "close"
    records[2]["id"] = None
    table = pa.Table.from_pylist(records, schema=to_arrow(CaseColumns.from_cases(cases)).schema)
    bad = list[InputError]()
    columns = from_arrow(table, on_bad=bad.append, first_row=10)
    assert [c for _, c in rows_of(columns)] == cases[:1]
    assert [e.line for e in bad] == [11, 12]
    assert bad[0].summary.startswith("row 11: $.events[0]: 'close' is not allowed in state")
    assert bad[1].summary == "row 12: $.id: required field missing"


def test_a_table_not_in_the_layout_is_refused_with_every_problem() -> None:
    table = pa.table(
        {
            "id": pa.array([1]),
            "received": pa.array([1500], pa.timestamp("ns")),
            "colour": pa.array(["red"]),
            "events": pa.array([[{"id": "e1", "when": "x"}]]),
        }
    )
    stats = InputStats()
    with pytest.raises(InputFileError) as caught:
        from_arrow(table, stats=stats)
    problems = "\n".join(caught.value.problems)
    for expected in ("column(s) colour are not in civicflow's case layout",
                     "lacks the column(s) workflow", "column id: expected text (string), got int64",
                     "column received: times finer than a microsecond",
                     "unknown event field(s) when", "the events lack the field(s) name, at"):  # fmt: skip
        assert expected in problems
    assert stats.bad == 1
    with pytest.raises(InputFileError, match="unknown time zone 'Mars/Olympus'"):
        from_arrow(pa.table({"id": ["a"], "workflow": ["hotline-12345"],
                             "received": pa.array([0], pa.timestamp("us", tz="Mars/Olympus"))}))  # fmt: skip
    with pytest.raises(ArgumentError, match="an Arrow table or record batch"):
        from_arrow([1, 2])


def test_times_in_one_zone_or_naive() -> None:
    naive = next(iter(synth_cases(1, seed=2)))
    at = dt.datetime(2025, 3, 3, 9, tzinfo=SHANGHAI)
    shanghai = cf.Case.open(cf.hotline_workflow(), "A", at)
    utc = cf.Case.open(cf.hotline_workflow(), "B", at.astimezone(dt.UTC))
    assert to_arrow(CaseColumns.from_cases([shanghai])).schema.field("received").type.tz == (
        "Asia/Shanghai"
    )
    with pytest.raises(ArgumentError, match="mix naive and aware"):
        to_arrow(CaseColumns.from_cases([naive, shanghai]))
    with pytest.raises(ArgumentError, match="several zones"):
        to_arrow(CaseColumns.from_cases([shanghai, utc]))
    both = to_arrow(CaseColumns.from_cases([shanghai, utc]), arrow_schema(zone="+08:00"))
    back = from_arrow(both)
    assert [back.case(k) for k in range(2)] == [shanghai, utc]
    assert back.case(1).received.isoformat() == "2025-03-03T09:00:00+08:00"
    with pytest.raises(ArgumentError, match="naive"):
        to_arrow(CaseColumns.from_cases([shanghai]), arrow_schema())
    with pytest.raises(ArgumentError, match="offset of whole minutes"):
        arrow_schema(zone=dt.timezone(dt.timedelta(seconds=30)))


def test_a_field_the_schema_lacks_is_refused_not_dropped(tmp_path: Path) -> None:
    cases = list(synth_cases(4, seed=3))
    columns = CaseColumns.from_cases(cases)
    with pytest.raises(ArgumentError, match="field 'department'"):
        to_arrow(columns, arrow_schema(fields=["grid"]))
    path = tmp_path / "x.parquet"
    later = CaseColumns.from_cases([cf.Case.open(cf.hotline_workflow(), "Z",
                                                 dt.datetime(2025, 1, 2, 9), fields={"new": "1"})])  # fmt: skip
    with pytest.raises(ArgumentError, match="field 'new'"):
        write_parquet_columns(path, [columns, later])
    assert not path.exists()  # nothing half-written
    assert list(tmp_path.iterdir()) == []


def test_a_record_batch_and_an_empty_table() -> None:
    cases = list(synth_cases(2, seed=4))
    table = to_arrow(CaseColumns.from_cases(cases))
    batch = table.to_batches()[0]
    assert [c for _, c in rows_of(from_arrow(batch))] == cases
    empty = from_arrow(table.slice(0, 0))
    assert len(empty) == 0
    assert empty.line is not None
    assert to_arrow(CaseColumns.from_cases([])).num_rows == 0


def test_a_parquet_file_that_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    path.write_bytes(b"PAR1 nonsense")
    with pytest.raises(InputFileError, match="cannot be read as Parquet"):
        list(read_parquet_columns(path))
    pq.write_table(pa.table({"x": [1]}), path)
    with pytest.raises(InputFileError, match="lacks the column"):
        read_parquet_columns(path)
    write_parquet_columns(path, CaseColumns.from_cases(synth_cases(3, seed=1)))
    with pytest.raises(ArgumentError, match="no row group 3"):
        read_parquet_columns(path, row_groups=[3])


def test_pyarrow_is_an_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ArgumentError, match=r"pip install 'civicflow\[parquet\]'"):
        to_arrow(CaseColumns.from_cases([]))


# -- fuzz ------------------------------------------------------------------------------------

CELLS = {
    "id": st.none() | st.text(max_size=4) | st.integers(),
    "workflow": st.none() | st.sampled_from(["hotline-12345", "urban-management", "x"]),
    "received": st.none()
    | st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30))
    | st.sampled_from(["2025-01-01T09:00:00", "2025-01-01", "x", "2025-01-01T09:00:00+08:00"]),
    "type": st.none() | st.text(max_size=3),
    "urgency": st.none() | st.sampled_from(["urgent", "normal", ""]),
    "events": st.none()
    | st.lists(
        st.none()
        | st.fixed_dictionaries(
            {
                "id": st.sampled_from(["e1", "e2"]),
                "name": st.sampled_from(EVENT_NAMES[:8]),
                "at": st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2026, 1, 1)),
            },
            optional={"extension": st.none() | EXTENSIONS, "note": st.text(max_size=2)},
        ),
        max_size=3,
    ),
    "field.department": st.none() | st.text(max_size=3),
    "junk": st.integers(),
}


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_table_reads_or_fails_with_a_civicflow_error(data: st.DataObject) -> None:
    names = data.draw(st.lists(st.sampled_from(sorted(CELLS)), unique=True, max_size=7))
    rows = data.draw(st.integers(0, 4))
    records = [{n: data.draw(CELLS[n]) for n in names} for _ in range(rows)]
    try:
        table = pa.Table.from_pylist(records) if records else pa.table({n: [] for n in names})
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        assume(False)
    stats = InputStats()
    try:
        columns = from_arrow(table, stats=stats, on_bad=lambda e: None)
    except CivicflowError:
        return
    assert stats.lines == stats.case_lines + stats.bad_lines == table.num_rows
    assert len(columns) == stats.cases
    with contextlib.suppress(InputError):
        same_reading(table)


def test_the_columns_keep_their_codes_as_arrow_strings() -> None:
    cases = list(synth_cases(50, seed=9))
    table = to_arrow(CaseColumns.from_cases(cases))
    assert table.schema.field("type").type == pa.string()
    assert str(table.schema.field("events").type.value_type.field("at").type) == "timestamp[us]"
    assert np.array_equal(from_arrow(table).event_start, CaseColumns.from_cases(cases).event_start)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600), st.booleans())
def test_any_parquet_file_reads_or_fails_with_a_civicflow_error(data: bytes, real: bool) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.parquet"
        if real:  # a real file with bytes replaced
            write_parquet_columns(path, CaseColumns.from_cases(synth_cases(3, seed=1)))
            raw = bytearray(path.read_bytes())
            for k, b in enumerate(data[:40]):
                raw[(k * 7919 + b) % len(raw)] = b
            data = bytes(raw)
        path.write_bytes(data)
        stats = InputStats()
        with contextlib.suppress(CivicflowError):
            parts = list(read_parquet_columns(path, on_bad=lambda e: None, stats=stats))
            assert stats.lines == stats.case_lines + stats.bad_lines
            assert sum(len(p) for p in parts) == stats.cases
