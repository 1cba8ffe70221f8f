"""`civicflow report` against its limits, in one run: a bare ``json.loads`` pass over the same
file, one process against two, the peak memory at a tenth of the cases and at all of them, and
the Dask recipe on a local cluster of two worker processes; and the same cases as Parquet in
civicflow's layout, in one process and by row groups in two.

Run: pip install -e '.[dask]' && python benchmarks/bench_pipeline.py [--cases 1000000]
     python benchmarks/bench_pipeline.py --cases 10000000 --skip dask,small

Every figure is a whole process timed from outside (wall seconds, and its peak resident
memory from the operating system's accounting), best of ``--rounds``, and reported as a ratio
against its limit measured in the same run: the machines are shared and noisy. Targets:
report at most 1.5x the ``json.loads`` pass; ``--jobs 2`` at least 1.7x one process (on a
quiet machine); peak memory at all the cases within 20 % of that at a tenth; Dask on two
workers faster than one process, each task's peak within about twice its partition; over
Parquet, at least 1,000,000 cases/s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from civicflow.exchange.documents.synth import synth_jsonl

REPORT = ["-m", "civicflow", "report", "--by", "department", "--period", "month",
          "--as-of", "2026-09-01 00:00", "--format", "csv"]  # fmt: skip

LOADS = "import json, sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n"

DASK = """
import datetime as dt, resource, sys, time
import dask.bag as db
from distributed import Client, LocalCluster
from civicflow.exchange.jobs.partitions import merge_reports, partial_arrays, report_from_arrays, report_lines

AS_OF = dt.datetime(2026, 9, 1)

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

def partial(lines):
    report = report_lines(lines, by=("department",), period="month", as_of=AS_OF)
    return [(partial_arrays(report), peak(), sum(len(x) for x in lines))]

def merged(parts):  # a tuple in, a tuple out: the reduction may take several levels
    parts = list(parts)
    return (partial_arrays(merge_reports(report_from_arrays(a) for a, _, _ in parts)),
            max(p for _, p, _ in parts), max(s for _, _, s in parts))

if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, Client(cluster):
        start = time.perf_counter()
        bag = db.read_text(sys.argv[1], blocksize=int(sys.argv[2]))
        arrays, worker_peak, part = bag.map_partitions(partial).reduction(merged, merged).compute()
        took = time.perf_counter() - start
    print(took, worker_peak, part, bag.npartitions)
"""


def timed(argv: list[str], rounds: int) -> tuple[float, float]:
    """Best wall seconds of ``argv`` as a process, and its peak resident MiB."""
    best, peak = float("inf"), 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        if status != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({status})")
        best = min(best, took)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip", default="", help="parts to leave out: small, jobs, dask, parquet")
    options = parser.parse_args()
    skip = set(options.skip.split(","))
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "cases.jsonl"
        small = Path(folder) / "small.jsonl"
        with big.open("w", encoding="utf-8") as f:
            for piece in synth_jsonl(options.cases, seed=1):
                f.write(piece)
        if "small" not in skip:
            with big.open("rb") as f, small.open("wb") as out:
                for n, line in enumerate(f):
                    if n == options.cases // 10:
                        break
                    out.write(line)
        n = options.cases
        loads, _ = timed([sys.executable, "-c", LOADS, str(big)], options.rounds)
        one, one_peak = timed([sys.executable, *REPORT[:3], str(big), *REPORT[3:]], options.rounds)
        print(f"{'json.loads pass':34} {loads:8.2f} s  {n / loads:10,.0f} cases/s")
        mark = "" if one / loads <= 1.5 else "  (not reached)"
        print(f"{'report, one process':34} {one:8.2f} s  {n / one:10,.0f} cases/s  "
              f"{one / loads:5.2f}x json.loads (target 1.5x){mark}")  # fmt: skip
        if "jobs" not in skip:
            two, _ = timed(
                [sys.executable, *REPORT[:3], str(big), *REPORT[3:], "--jobs", "2"], options.rounds
            )
            mark = "" if one / two >= 1.7 else "  (not reached)"
            print(f"{'report --jobs 2':34} {two:8.2f} s  {n / two:10,.0f} cases/s  "
                  f"{one / two:5.2f}x one process (target 1.7x){mark}")  # fmt: skip
        if "small" not in skip:
            _, small_peak = timed(
                [sys.executable, *REPORT[:3], str(small), *REPORT[3:]], options.rounds
            )
            growth = one_peak / small_peak - 1
            mark = "" if abs(growth) <= 0.2 else "  (not reached)"
            print(f"{'peak memory':34} {small_peak:8.0f} MiB at {n // 10:,} cases, "
                  f"{one_peak:.0f} MiB at {n:,}: {growth:+.0%} (target within 20 %){mark}")  # fmt: skip
        if "parquet" not in skip:
            _parquet(big, options.rounds)
        if "dask" not in skip:
            block = max(big.stat().st_size // 16, 1 << 20)
            run = subprocess.run(
                [sys.executable, "-c", DASK, str(big), str(block)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if run.returncode:
                raise SystemExit(f"the Dask recipe failed:\n{run.stderr[-3000:]}")
            took, worker_peak, part, parts = run.stdout.split()
            mark = "" if float(took) < one else "  (not reached)"
            print(f"{'dask, 2 worker processes':34} {float(took):8.2f} s  "
                  f"{one / float(took):5.2f}x one process (target > 1){mark}; {parts} partitions "
                  f"of {int(part) / 2**20:.0f} MiB, worker peak {int(worker_peak) / 1024:.0f} MiB")  # fmt: skip


def _parquet(big: Path, rounds: int) -> None:
    """The cases of ``big`` as Parquet in civicflow's layout (row groups of 65,536), reported
    in one process and in two."""
    from civicflow.exchange.documents.jsonl_columns import read_columns
    from civicflow.exchange.tables.arrow_columns import write_parquet_columns

    table = big.with_suffix(".parquet")
    with big.open("rb") as f:
        n = write_parquet_columns(table, read_columns(f, batch=65_536), row_group_size=65_536)
    one, peak = timed([sys.executable, *REPORT[:3], str(table), *REPORT[3:]], rounds)
    mark = "" if n / one >= 1_000_000 else "  (not reached)"
    print(f"{'report over Parquet':34} {one:8.2f} s  {n / one:10,.0f} cases/s (target "
          f"1,000,000){mark}; peak {peak:.0f} MiB")  # fmt: skip
    two, _ = timed([sys.executable, *REPORT[:3], str(table), *REPORT[3:], "--jobs", "2"], rounds)
    print(f"{'report over Parquet --jobs 2':34} {two:8.2f} s  {n / two:10,.0f} cases/s  "
          f"{one / two:5.2f}x one process")  # fmt: skip
    table.unlink()


if __name__ == "__main__":
    main()
