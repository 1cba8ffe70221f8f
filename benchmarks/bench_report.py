"""`civicflow report` end to end over synthetic JSON Lines: cases per second and peak memory.

Run: pip install -e . && python benchmarks/bench_report.py [--cases 1000000]
     python benchmarks/bench_report.py --per-case --cases 20000 [--from cases.jsonl]

Writes the synthetic cases once (not timed), then runs ``civicflow report`` in a fresh
process on the first tenth of them and on all of them, grouped by department and month, and
reports each run's throughput and peak resident memory: memory that does not grow with the
input shows as two close figures. The target is 100,000 cases per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import civicflow as cf
from civicflow.exchange.documents.synth import synth_cases


def run(path: Path) -> tuple[float, float]:
    """Seconds and peak resident megabytes of one ``civicflow report`` process."""
    argv = [sys.executable, "-m", "civicflow", "report", str(path), "--by", "department",
            "--period", "month", "--as-of", "2026-09-01 00:00", "--format", "csv"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024


def per_case(cases: int, source: Path | None, rounds: int = 5) -> tuple[float, float]:
    """Microseconds per case, in this process, of reading a case's JSON and of the report's
    own work on it (its facts and its count); the best of ``rounds`` each.

    ``source`` is a JSON Lines file to read the cases from, so that two versions of the
    library can be timed on the same cases (run this script with ``PYTHONPATH`` pointing at
    the other version's ``src``); without it, ``cases`` synthetic hotline cases.
    """
    from civicflow import compliance as co

    if source is not None:
        lines = source.read_text(encoding="utf-8").splitlines()
    else:
        lines = [cf.case_to_json(c, indent=None) for c in synth_cases(cases, seed=1)]
    reading = counting = float("inf")
    built: list[cf.Case] = []
    for _ in range(rounds):
        start = time.perf_counter()
        built = [cf.case_from_json(line) for line in lines]
        reading = min(reading, (time.perf_counter() - start) / len(lines) * 1e6)
    policy, indicators = cf.hotline_policy(), co.hotline_indicators()
    at = dt.datetime(2026, 9, 1)
    for _ in range(rounds):
        start = time.perf_counter()
        report = co.Report(("department",), "month")
        for case in built:
            report.add(case, co.case_facts(case, policy, at, indicators))
        counting = min(counting, (time.perf_counter() - start) / len(built) * 1e6)
    return reading, counting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument(
        "--per-case",
        action="store_true",
        help="only time, in this process, reading and counting each case, in µs per case",
    )
    parser.add_argument(
        "--from", dest="source", type=Path, help="with --per-case: the JSON Lines to read"
    )
    args = parser.parse_args()
    if args.per_case:
        reading, counting = per_case(args.cases, args.source)
        print(f"{reading:.1f} µs per case to read, {counting:.1f} µs to count (best of 5)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small.jsonl", Path(tmp) / "big.jsonl"
        with small.open("w", encoding="utf-8") as s, big.open("w", encoding="utf-8") as b:
            for n, case in enumerate(synth_cases(args.cases, seed=1)):
                line = cf.case_to_json(case, indent=None) + "\n"
                b.write(line)
                if n < args.cases // 10:
                    s.write(line)
        for path, n in ((small, args.cases // 10), (big, args.cases)):
            took, peak = run(path)
            size = path.stat().st_size / 2**20
            print(f"{n:>9,} cases ({size:,.0f} MiB): {took:6.1f} s, {n / took:8,.0f} cases/s, "
                  f"peak memory {peak:,.0f} MiB")  # fmt: skip
    print("target: 100,000 cases/s end to end, memory flat in the input size")


if __name__ == "__main__":
    main()
