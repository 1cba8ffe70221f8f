"""The distributed recipe: partial reports on Dask's scheduler merge to the single result."""

import datetime as dt
from typing import Any

import dask.bag as db
import pytest
from distributed import Client, LocalCluster
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.jobs.partitions import (
    merge_reports,
    partial_arrays,
    partial_bytes,
    report_batches,
    report_from_arrays,
    report_from_bytes,
    report_lines,
)

AS_OF = dt.datetime(2026, 9, 1)
LINES = [cf.case_to_json(c, indent=None) for c in synth_cases(400, seed=21)]
LINES += [cf.case_to_json(c, indent=None) for c in synth_cases(100, seed=22, kind="urban")]


def _partial(part: list[str]) -> list[dict[str, Any]]:
    return [partial_arrays(report_lines(part, by=("department",), period="month", as_of=AS_OF))]


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    return partial_arrays(merge_reports(report_from_arrays(p) for p in parts))


def test_dask_in_worker_processes_equals_one_process() -> None:
    """Partitions read into columns on two worker processes; the partial reports travel
    as arrays."""
    single = report_lines(LINES, by=("department",), period="month", as_of=AS_OF)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        Client(cluster),
    ):
        bag = db.from_sequence(LINES, npartitions=7)
        arrays = bag.map_partitions(_partial).reduction(_merged, _merged).compute()
    assert report_from_arrays(arrays) == single


def test_a_partial_report_as_bytes_holds_no_pickled_object() -> None:
    report = report_lines(LINES, by=("department", "type"), period="month", as_of=AS_OF)
    data = partial_bytes(report)
    assert report_from_bytes(data) == report
    import io

    import numpy as np

    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


def test_what_is_not_a_partial_report_is_named() -> None:
    report = report_lines(LINES[:20], by=("type",), period="month", as_of=AS_OF)
    arrays = partial_arrays(report)
    with pytest.raises(cf.ArgumentError, match=r"these arrays are not those of a partial report"):
        report_from_arrays({k: v for k, v in arrays.items() if k != "by"})
    with pytest.raises(cf.ArgumentError, match=r"these bytes are not .* what partial_bytes made"):
        report_from_bytes(partial_bytes(report)[:-9])
    with pytest.raises(cf.ArgumentTypeError, match=r"'batches\[0\]' must be a CaseColumns"):
        report_batches(["not columns"], as_of=AS_OF)  # type: ignore[list-item]


@settings(max_examples=20)
@given(st.lists(st.integers(0, len(LINES)), max_size=6), st.randoms())
def test_any_split_and_order(cuts: list[int], rng: object) -> None:
    lines = list(LINES[:120])
    rng.shuffle(lines)  # type: ignore[attr-defined]
    points = sorted({min(c, len(lines)) for c in cuts})
    parts = [lines[a:b] for a, b in zip([0, *points], [*points, len(lines)], strict=True)]
    reports = [report_lines(p, by=("type",), period="quarter", as_of=AS_OF) for p in parts]
    assert merge_reports(reports) == report_lines(
        LINES[:120], by=("type",), period="quarter", as_of=AS_OF
    )
