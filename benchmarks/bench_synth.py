"""`civicflow synth`: cases written per second, against the first generator, and peak memory.

Run: pip install -e . && python benchmarks/bench_synth.py [--cases 1000000] [--old 20000]
     python benchmarks/bench_synth.py --kinds hotline --cases 10000000     # the 10M-case file

First, in this process and for each kind, the first generator (kept as the tests'
reference, ``tests/exchange/documents/synth_reference.py``: every case opened and its events applied
one by one, then written by ``case_to_json``) writes ``--old`` cases, and ``synth_jsonl``
writes ``--cases`` cases, both as UTF-8 to the null device; the ratio of their rates is
the speed-up, measured in one run (target: at least 10x). Then ``civicflow synth`` runs in
a fresh process on a tenth of ``--cases`` and on all of them, and reports its rate and its
peak resident memory: two close figures mean it writes in bounded memory.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import civicflow as cf
from civicflow.exchange.documents.synth import KINDS, synth_jsonl

ROOT = Path(__file__).resolve().parents[1]


def written(pieces: Iterable[str]) -> float:
    """Seconds to write ``pieces`` of text to the null device, as the command writes them."""
    start = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as out:
        for piece in pieces:
            out.write(piece)
    return time.perf_counter() - start


def first_generator(n: int, kind: str) -> Iterable[str]:
    """What ``civicflow synth`` wrote before: the reference's cases through case_to_json."""
    sys.path.insert(0, str(ROOT))  # the tests' reference lives in the source tree
    from tests.exchange.documents import synth_reference

    for case in synth_reference.synth_cases(n, seed=1, kind=kind):
        yield cf.case_to_json(case, indent=None) + "\n"


#: One ``civicflow synth`` run to the null device, then its own peak memory in KiB (Linux).
_COMMAND = """
import os, resource, sys
from civicflow.cli import main
sys.stdout = open(os.devnull, "w", encoding="utf-8")
code = main(["synth", "--cases", sys.argv[1], "--seed", "1", "--kind", sys.argv[2]])
sys.stdout.flush()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def command(n: int, kind: str) -> tuple[float, float]:
    """Seconds and peak resident MiB of one ``civicflow synth`` process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND, str(n), kind], check=True, capture_output=True, text=True
    )
    took = time.perf_counter() - start
    return took, int(done.stderr.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--cases", type=int, default=1_000_000, help="cases written by the new path"
    )
    parser.add_argument(
        "--old", type=int, default=20_000, help="cases written by the first generator"
    )
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    args = parser.parse_args()
    for kind in args.kinds:
        old = args.old / written(first_generator(args.old, kind))
        new = args.cases / written(synth_jsonl(args.cases, seed=1, kind=kind))
        print(f"{kind:<8} first generator {old:>9,.0f} cases/s, synth_jsonl {new:>9,.0f} "
              f"cases/s: {new / old:5.1f}x")  # fmt: skip
    for kind in args.kinds:
        for n in (args.cases // 10, args.cases):
            took, peak = command(n, kind)
            print(f"civicflow synth --kind {kind:<8} --cases {n:>11,}: {took:7.1f} s, "
                  f"{n / took:9,.0f} cases/s, peak memory {peak:,.0f} MiB")  # fmt: skip
    print("target: 10x the first generator on one core, memory flat in the number of cases")


if __name__ == "__main__":
    main()
