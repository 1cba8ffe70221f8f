"""The same monthly report computed on Dask's distributed scheduler, and checked against one
process. Needs ``pip install 'civicflow[dask]'``.

Each partition of the JSON Lines is turned into a partial report on a worker; the partial
reports are merged. The figures equal the single-process ones exactly.

Run: python examples/dask_report.py
"""

import datetime as dt
import tempfile
from pathlib import Path

import dask.bag as db
from distributed import Client, LocalCluster

import civicflow as cf
from civicflow.compliance.rates import JINHUA
from civicflow.exchange.partitions import merge_reports, report_lines
from civicflow.exchange.reporting import report_table
from civicflow.exchange.synth import synth_cases

AS_OF = dt.datetime(2026, 9, 1)
BY = ("department",)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for case in synth_cases(3000, seed=11):
                out.write(cf.case_to_json(case, indent=None) + "\n")

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster,
            Client(cluster),
        ):
            lines = db.read_text(str(path), blocksize=256_000)
            partial = lines.map_partitions(
                lambda part: [report_lines(part, by=BY, period="quarter", as_of=AS_OF)]
            )
            print(f"{partial.npartitions} partitions")
            distributed = partial.reduction(merge_reports, merge_reports).compute()

        single = report_lines(
            path.read_text("utf-8").splitlines(), by=BY, period="quarter", as_of=AS_OF
        )
    assert distributed == single
    print(report_table(distributed, JINHUA).splitlines()[-3])
    print("distributed report == single-process report")


if __name__ == "__main__":
    main()
