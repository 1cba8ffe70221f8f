"""The command line: ``civicflow demo | deadline | calendar | case | report | recompute | synth``.

Run ``civicflow --help`` (or ``python -m civicflow --help``) for the commands. Each command
group lives in the module named for it and adds itself to the parser with ``register``; the
options they share are in :mod:`civicflow.cli._options`.

May import: every layer.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from civicflow.cli import calendars, cases, deadline, demo, recompute, report, synth
from civicflow.cli._options import UsageError
from civicflow.errors import CivicflowError

__all__ = ["main"]

#: The command groups, in the order ``--help`` lists them.
_COMMANDS = (demo, deadline, calendars, cases, report, recompute, synth)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="civicflow",
        description="Deadlines of public-service cases on the Chinese working-day calendar.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in _COMMANDS:
        command.register(commands.add_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (CivicflowError, UsageError) as e:
        print(f"civicflow: error: {e}", file=sys.stderr)
        return 2
    except KeyError as e:
        print(f"civicflow: error: {e.args[0]}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (e.g. "| head"): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        return 0
