"""The columnar engine against the per-case path, in one run: evaluation from columns in
memory, a report counted from columns, and the peak memory of a report streamed from a file.

Run: pip install -e . && python benchmarks/bench_columns.py [--cases 1000000] [--sample 50000]

The cases are the hotline mix of ``bench_cases.py`` (most closed, some suspended, extended,
urgent, still open). ``evaluate_columns`` finds every goal's status of every case (sign-for
and handling, the cards, thresholds and amounts that ``evaluate`` gives); it is timed on
``--cases`` cases already in columns (building the columns is not timed), and
``civicflow.evaluations`` on ``--sample`` of them in the same run: the ratio of their
throughputs is the figure (target: 1,000,000 cases/s, 20x ``evaluations``). The answers are
checked equal on the sample first.

Peak memory: ``--memory`` runs the streaming report (read_columns and count_columns, batch
by batch) in a fresh process over synthetic JSON Lines of 100,000 and of --cases cases and
prints each process's peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import civicflow as cf
from civicflow.compliance.columnar import report_columns

sys.path.insert(0, str(Path(__file__).parent))
from bench_cases import make_case

TARGET = 1_000_000


def best(call: object, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--memory", action="store_true", help="also the streaming report's peak RSS"
    )
    options = parser.parse_args()
    if options.memory:  # first: a child's peak RSS counts its parent's size at the fork
        _memory(options.cases)
    rng = random.Random(1)
    cases = [make_case(rng, k) for k in range(options.cases)]
    columns = cf.CaseColumns.from_cases(cases)
    sample = cases[: options.sample]
    at = dt.datetime(2026, 9, 1)
    policy = cf.hotline_policy()
    check = cf.evaluate_columns(cf.CaseColumns.from_cases(sample), at, policy=policy)
    assert list(check) == list(cf.evaluations(sample, at, policy=policy)), "answers differ"
    gc.collect()
    gc.freeze()
    columnar = best(lambda: cf.evaluate_columns(columns, at, policy=policy), options.rounds)
    per_case = best(lambda: list(cf.evaluations(sample, at, policy=policy)), options.rounds)
    fast, slow = len(cases) / columnar, len(sample) / per_case
    mark = "" if fast >= TARGET else "  (not reached)"
    print(f"{'evaluate_columns':34} {fast:12,.0f} cases/s  target {TARGET:,}{mark}")
    print(f"{'evaluations (per case)':34} {slow:12,.0f} cases/s  columns are {fast / slow:.1f}x")
    as_of = dt.datetime(2026, 9, 1)
    counted = best(lambda: report_columns(columns, as_of, by=("type",)), options.rounds)
    per_case_report = best(lambda: cf.report_cases(sample, as_of, by=("type",)), options.rounds)
    print(
        f"{'report_columns':34} {len(cases) / counted:12,.0f} cases/s  "
        f"{(len(cases) / counted) / (len(sample) / per_case_report):.1f}x report_cases"
    )


_STREAM = """
import datetime as dt, resource, sys
from civicflow.compliance.columnar import count_columns
from civicflow.compliance.report import Report
from civicflow.exchange.documents.jsonl_columns import read_columns
report = Report(("department",), "month")
with open(sys.argv[1], "rb") as f:
    for batch in read_columns(f):
        count_columns(batch, dt.datetime(2026, 9, 1), (report,))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _memory(cases: int) -> None:
    from civicflow.exchange.documents.synth import synth_jsonl

    with tempfile.TemporaryDirectory() as folder:
        for n in sorted({100_000, cases}):
            path = Path(folder) / f"{n}.jsonl"
            with path.open("w", encoding="utf-8") as f:
                for piece in synth_jsonl(n, seed=1):
                    f.write(piece)
            run = subprocess.run(
                [sys.executable, "-c", _STREAM, str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            print(
                f"{'streamed report, peak RSS':34} {int(run.stdout) / 1024:9.0f} MiB at {n:,} cases"
            )


if __name__ == "__main__":
    main()
