"""The same monthly report computed on Dask's distributed scheduler, in worker processes, and
checked against one process. Needs ``pip install 'civicflow[dask]'``.

Each partition, a block of JSON Lines or a row group of a Parquet file, is read straight into
columns on a worker and counted on the columnar engine; its partial report comes back as
plain NumPy arrays, and the parts are merged. The figures equal the single-process ones
exactly. (The Parquet part needs ``civicflow[parquet]`` too.)

Run: python examples/dask_report.py
"""

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import dask.bag as db
from distributed import Client, LocalCluster

from civicflow.compliance.rates import JINHUA
from civicflow.exchange.documents import read_columns, synth_jsonl
from civicflow.exchange.jobs import (
    merge_reports,
    partial_arrays,
    report_batches,
    report_from_arrays,
    report_lines,
)
from civicflow.exchange.reports import report_table
from civicflow.exchange.tables import read_parquet_columns, write_parquet_columns

AS_OF = dt.datetime(2026, 9, 1)
BY = ("department",)


def partial(lines: list[str]) -> list[dict[str, Any]]:
    """One partition's figures, as arrays."""
    return [partial_arrays(report_lines(lines, by=BY, period="quarter", as_of=AS_OF))]


def row_group(job: tuple[str, int]) -> dict[str, Any]:
    """One row group's figures, as arrays."""
    path, group = job
    batches = read_parquet_columns(path, row_groups=[group])
    return partial_arrays(report_batches(batches, by=BY, period="quarter", as_of=AS_OF, unit="row"))


def merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Partial figures merged, still as arrays."""
    return partial_arrays(merge_reports(report_from_arrays(p) for p in parts))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for piece in synth_jsonl(3000, seed=11):
                out.write(piece)

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
            Client(cluster),
        ):
            lines = db.read_text(str(path), blocksize=256_000)
            arrays = lines.map_partitions(partial)
            print(f"{arrays.npartitions} partitions")
            distributed = report_from_arrays(arrays.reduction(merged, merged).compute())

            table = Path(tmp) / "cases.parquet"
            with path.open("rb") as f:
                write_parquet_columns(table, read_columns(f), row_group_size=500)
            groups = db.from_sequence([(str(table), g) for g in range(6)], npartitions=6)
            parts = groups.map(row_group)
            from_parquet = report_from_arrays(parts.reduction(merged, merged).compute())

        single = report_lines(
            path.read_text("utf-8").splitlines(), by=BY, period="quarter", as_of=AS_OF
        )
    assert distributed == single
    assert from_parquet == single
    print(report_table(distributed, JINHUA).splitlines()[-3])
    print("distributed report == single-process report (JSON Lines blocks, Parquet row groups)")


if __name__ == "__main__":
    main()
