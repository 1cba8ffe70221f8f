"""The bulk jobs over tables in civicflow's column layout: Parquet files (in one process or by
row groups in several), Arrow tables and DataFrames, each the report of the same cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import civicflow as cf
from civicflow.cases.columns import CaseColumns
from civicflow.exchange.documents.ingest import InputError, InputFileError
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.jobs.duplicates import parquet_index
from civicflow.exchange.jobs.pipeline import report, verdicts
from civicflow.exchange.jobs.sources import Source, columns
from civicflow.exchange.reports.verdicts import verdict_rows
from civicflow.exchange.tables.arrow_columns import to_arrow, write_parquet_columns

AS_OF = dt.datetime(2026, 9, 1)


@pytest.fixture(scope="module")
def cases() -> list[cf.Case]:
    return list(synth_cases(600, seed=33))


def _parquet(path: Path, cases: list[cf.Case], group: int = 100) -> Path:
    write_parquet_columns(path, CaseColumns.from_cases(cases), row_group_size=group)
    return path


@pytest.mark.parametrize("kind", ["parquet", "arrow", "batch", "pandas", "polars"])
def test_tables_in_the_layout_report_as_report_cases(
    cases: list[cf.Case], tmp_path: Path, kind: str
) -> None:
    table = to_arrow(CaseColumns.from_cases(cases))
    data: object
    if kind == "parquet":
        data = _parquet(tmp_path / "cases.parquet", cases)
    elif kind == "arrow":
        data = table
    elif kind == "batch":
        data = table.combine_chunks().to_batches()[0]
    elif kind == "pandas":
        data = table.to_pandas()
    else:
        import polars as pl

        data = pl.from_arrow(table)
    source = Source(data)
    assert source.kind() == {"batch": "arrow", "pandas": "frame", "polars": "frame"}.get(kind, kind)
    done = report(source, AS_OF, by=("department",), period="month")
    assert done.reports[0] == cf.report_cases(cases, AS_OF, by=("department",), period="month")
    assert (done.stats.cases, done.stats.bad) == (600, 0)
    assert list(verdicts(source, AS_OF)) == list(verdict_rows(cases, AS_OF))


def test_an_arrow_table_is_read_a_batch_at_a_time_with_its_row_numbers(
    cases: list[cf.Case],
) -> None:
    table = to_arrow(CaseColumns.from_cases(cases))
    parts = list(columns(Source(table), batch=250))
    assert [len(p) for p in parts] == [250, 250, 100]
    assert [int(p.line[0]) for p in parts if p.line is not None] == [1, 251, 501]
    assert [p.case(k) for p in parts for k in range(len(p))] == cases


def test_a_parquet_file_by_row_groups_gives_the_figures_and_bad_rows_of_one_process(
    cases: list[cf.Case], tmp_path: Path
) -> None:
    """Two processes, each a run of row groups: the figures, the rows refused (numbered in the
    whole file) and the counts of one, and an id twice across the runs is found."""
    spoilt = [*cases[:450], cases[10], *cases[450:]]  # row 451 repeats row 11
    path = _parquet(tmp_path / "cases.parquet", spoilt, group=64)
    assert pq.ParquetFile(path).num_row_groups == 10
    assert parquet_index(path).twice == {451: 11}
    results, bad = {}, {}
    for jobs in (1, 2):
        kept: list[InputError] = []
        results[jobs] = report(Source(path), AS_OF, by=("type",), jobs=jobs, on_bad=kept.append)
        bad[jobs] = [(e.line, e.unit, e.problems) for e in kept]
    assert results[1].reports == results[2].reports
    assert results[1].reports[0] == cf.report_cases(cases, AS_OF, by=("type",))
    assert bad[1] == bad[2]
    assert [(line, unit) for line, unit, _ in bad[1]] == [(451, "row")]
    assert "was read on row 11 already" in bad[1][0][2][0]
    assert results[2].jobs == 2
    one, two = results[1].stats, results[2].stats
    assert (one.lines, one.cases, one.bad) == (two.lines, two.cases, two.bad) == (601, 600, 1)
    with pytest.raises(InputError, match="row 451: case id"):
        report(Source(path), AS_OF, jobs=2)


def test_a_parquet_file_is_split_no_finer_than_its_row_groups(
    cases: list[cf.Case], tmp_path: Path
) -> None:
    path = _parquet(tmp_path / "one.parquet", cases[:50], group=1000)
    done = report(Source(path), AS_OF, jobs=2)
    assert done.jobs == 1
    assert done.reports[0] == cf.report_cases(cases[:50], AS_OF)


def test_what_cannot_be_read_is_named(cases: list[cf.Case], tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet at all")
    assert parquet_index(broken).twice == {}
    with pytest.raises(InputFileError, match=r"broken\.parquet cannot be read as Parquet"):
        report(Source(broken), AS_OF, jobs=2)
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"工单编号": ["A"]}), other)
    with pytest.raises(InputFileError, match="id"):
        report(Source(other), AS_OF)
    with pytest.raises(cf.ArgumentError, match="a table in memory is counted in one process"):
        report(Source(to_arrow(CaseColumns.from_cases(cases[:3]))), AS_OF, jobs=2)
    with pytest.raises(cf.ArgumentError, match="a mapping reads tables, not parquet"):
        Source(broken, "parquet", mapping="hotline-12345").kind()
    with pytest.raises(cf.ArgumentTypeError, match="the path of a Parquet file"):
        list(columns(Source(b"PAR1", "parquet")))
