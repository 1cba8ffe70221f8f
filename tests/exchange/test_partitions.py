"""The distributed recipe: partial reports on Dask's scheduler merge to the single result."""

import datetime as dt

import dask.bag as db
from distributed import Client, LocalCluster
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.exchange.partitions import merge_reports, report_lines
from civicflow.exchange.synth import synth_cases

AS_OF = dt.datetime(2026, 9, 1)
LINES = [cf.case_to_json(c, indent=None) for c in synth_cases(400, seed=21)]
LINES += [cf.case_to_json(c, indent=None) for c in synth_cases(100, seed=22, kind="urban")]


def test_dask_equals_one_process() -> None:
    single = report_lines(LINES, by=("department",), period="month", as_of=AS_OF)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster,
        Client(cluster),
    ):
        bag = db.from_sequence(LINES, npartitions=7)
        partial = bag.map_partitions(
            lambda part: [report_lines(part, by=("department",), period="month", as_of=AS_OF)]
        )
        distributed = partial.reduction(merge_reports, merge_reports).compute()
    assert distributed == single


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
