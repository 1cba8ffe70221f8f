"""``civicflow synth``: realistic synthetic cases as JSON Lines."""

from __future__ import annotations

import argparse
import sys

from civicflow.cli._options import AddParser, UsageError
from civicflow.exchange.serialization import case_to_json
from civicflow.exchange.synth import KINDS, synth_cases

__all__ = ["register", "run"]


def register(add_parser: AddParser) -> None:
    """Add the ``synth`` command."""
    y = add_parser(
        "synth",
        help="write realistic synthetic cases as JSON Lines",
        description="Write synthetic cases (deterministic for a seed) as JSON Lines.",
        epilog="example: civicflow synth --cases 100000 --seed 1 > cases.jsonl",
    )
    y.add_argument("--cases", type=int, default=1000, help="how many (default 1000)")
    y.add_argument("--seed", type=int, default=1)
    y.add_argument("--kind", choices=KINDS, default="hotline")
    y.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the synthetic cases to standard output."""
    if args.cases < 0:
        raise UsageError(f"--cases cannot be negative (got {args.cases})")
    out = sys.stdout
    for case in synth_cases(args.cases, seed=args.seed, kind=args.kind):
        out.write(case_to_json(case, indent=None))
        out.write("\n")
    return 0
