"""`civicflow report` end to end over synthetic JSON Lines: cases per second and peak memory.

Run: pip install -e . && python benchmarks/bench_report.py [--cases 1000000]

Writes the synthetic cases once (not timed), then runs ``civicflow report`` in a fresh
process on the first tenth of them and on all of them, grouped by department and month, and
reports each run's throughput and peak resident memory: memory that does not grow with the
input shows as two close figures. The target is 100,000 cases per second.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import civicflow as cf
from civicflow.exchange.synth import synth_cases


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
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
