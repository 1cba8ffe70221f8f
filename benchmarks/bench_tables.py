"""Reading an export's cases: CSV, .xlsx and Parquet beside JSON Lines, speed and peak memory.

Run: pip install -e '.[excel,parquet]' && python benchmarks/bench_tables.py [--cases 20000 100000]

For each size, the same synthetic hotline cases are written as JSON Lines and as a 12345
export (one row per case, through the shipped mapping) in each table format; each file is then
read to the end in a fresh process, which reports its time and its peak resident memory.
Memory that stays flat from one size to the next is constant memory; the ratio column is the
time of the format over the time of JSON Lines of the same cases.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import civicflow as cf
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.tables.mappings import row_of_case, shipped_mapping
from civicflow.exchange.tables.writing import export_cases

_READ = """
import json, sys, time
from civicflow.exchange.documents.ingest import decoded_lines, read_cases
from civicflow.exchange.tables.files import read_table
from civicflow.exchange.tables.mappings import shipped_mapping
path = sys.argv[1]
start = time.perf_counter()
if path.endswith(".jsonl"):
    with open(path, "rb") as f:
        n = sum(1 for _ in read_cases(decoded_lines(f), "jsonl"))
else:
    n = sum(1 for _ in read_table(path, shipped_mapping("hotline-12345")))
took = time.perf_counter() - start
# VmHWM is this process's own peak (getrusage's maxrss would carry the parent's over exec)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
print(json.dumps({"cases": n, "seconds": took, "peak_mib": peak}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, nargs="+", default=[20_000, 100_000])
    sizes = parser.parse_args().cases
    mapping = shipped_mapping("hotline-12345")
    print(f"{'cases':>8} {'format':8} {'cases/s':>10} {'x jsonl':>8} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            cases = [c for c in synth_cases(size, seed=1) if row_of_case(c, mapping) is not None]
            base = Path(folder) / f"cases-{size}"
            jsonl = base.with_suffix(".jsonl")
            jsonl.write_text(
                "".join(cf.case_to_json(c, indent=None) + "\n" for c in cases), encoding="utf-8"
            )
            paths = {"jsonl": jsonl}
            for suffix in ("csv", "xlsx", "parquet"):
                paths[suffix] = base.with_suffix(f".{suffix}")
                export_cases(cases, mapping, paths[suffix])
            first = None
            for name, path in paths.items():
                done = subprocess.run(
                    [sys.executable, "-c", _READ, str(path)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                figures = json.loads(done.stdout)
                assert figures["cases"] == len(cases), (name, figures)
                first = first or figures["seconds"]
                print(
                    f"{len(cases):>8} {name:8} {len(cases) / figures['seconds']:>10,.0f} "
                    f"{figures['seconds'] / first:>8.2f} {figures['peak_mib']:>9.1f}"
                )


if __name__ == "__main__":
    main()
