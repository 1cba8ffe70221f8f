"""``civicflow synth``: realistic synthetic cases as JSON Lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from civicflow.cases.case import Case
from civicflow.cli._options import AddParser, UsageError
from civicflow.exchange.documents import KINDS, synth_cases, synth_jsonl
from civicflow.exchange.tables import TABLE_FORMATS, export_cases, shipped_mapping

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
    y.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="write the cases as a platform's export instead (.csv, .xlsx or .parquet, one "
        "row per case, Chinese headers of the kind's shipped mapping: hotline, urban); a "
        "case one row cannot hold (an event twice, a reclassification) is left out and counted",
    )
    y.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the synthetic cases to standard output."""
    if args.cases < 0:
        raise UsageError(f"--cases cannot be negative (got {args.cases})")
    if args.export is not None:
        return _export(args, synth_cases(args.cases, seed=args.seed, kind=args.kind))
    out = sys.stdout
    for piece in synth_jsonl(args.cases, seed=args.seed, kind=args.kind):
        out.write(piece)
    return 0


_MAPPINGS = {"hotline": "hotline-12345", "urban": "urban-management"}


def _export(args: argparse.Namespace, cases: Iterable[Case]) -> int:
    if args.kind not in _MAPPINGS:
        raise UsageError(
            f"--export: no shipped mapping for {args.kind} cases; there are: {', '.join(_MAPPINGS)}"
        )
    out: Path = args.export
    if out.suffix.lower() not in TABLE_FORMATS:
        raise UsageError(f"--export {out}: a table is a .csv, .xlsx or .parquet file")
    if not out.parent.is_dir():
        raise UsageError(f"--export {out}: there is no folder {out.parent}")
    try:
        written, left = export_cases(cases, shipped_mapping(_MAPPINGS[args.kind]), out)
    except OSError as e:
        raise UsageError(f"cannot write {out}: {e.strerror}") from None
    print(
        f"{written:,} cases written to {out}; {left:,} left out (one row cannot hold them)",
        file=sys.stderr,
    )
    return 0
