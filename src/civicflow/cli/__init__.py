"""The command line: ``civicflow demo | deadline | calendar | case | report | verdicts | alerts |
recompute | synth``.

Run ``civicflow --help`` (or ``python -m civicflow --help``) for the commands. Each command
group lives in the module named for it and adds itself to the parser with ``register``; the
options they share are in :mod:`civicflow.cli._options`.

No traceback reaches a user: a :class:`~civicflow.CivicflowError`, a usage mistake or a file
that cannot be read is one line on standard error and exit status 2; anything else is a bug,
said as such, with the traceback only under ``--debug``.

May import: every layer.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from civicflow.cli import (
    alerts,
    calendars,
    cases,
    deadline,
    demo,
    recompute,
    report,
    synth,
    verdicts,
)
from civicflow.cli._options import UsageError
from civicflow.errors import ArgumentTypeError, CivicflowError

__all__ = ["main"]

#: The command groups, in the order ``--help`` lists them.
_COMMANDS = (demo, deadline, calendars, cases, report, verdicts, alerts, recompute, synth)

#: Exit status for a bug (EX_SOFTWARE).
_BUG = 70

#: A value that begins like a negative amount ("-3个工作日"), which argparse would read
#: as an unknown option.
_NEGATIVE = re.compile(r"^-[0-9０-９零〇一二两三四五六七八九十百千.]")
#: What argparse itself reads as a negative number, never as an option.
_NUMBER = re.compile(r"-\d+|-\d*\.\d+")


class _Parser(argparse.ArgumentParser):
    """A parser whose usage mistakes are one line, as every other error is (the command
    groups' parsers are of the same class)."""

    def error(self, message: str) -> NoReturn:
        # The words given are quoted in the message: a line break among them is shown escaped.
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        raise UsageError(f"{shown} (usage: {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="civicflow",
        description="Deadlines of public-service cases on the Chinese working-day calendar.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="on an unexpected error, print its traceback"
    )
    parser.add_argument("--version", action="version", version=f"civicflow {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in _COMMANDS:
        command.register(commands.add_parser)
    return parser


def _version() -> str:
    """The installed version: the metadata that packaging read from ``civicflow.__version__``."""
    try:
        return importlib.metadata.version("civicflow")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree never installed
        return "(not installed)"


def _shielded(argv: Sequence[str]) -> list[str]:
    """``argv`` with negative amounts kept as values: moved after a ``--`` at the end.

    They can only be the last positional argument (a limit), so the order of the
    positional arguments is kept. A plain negative number (``-5``) is left where it is:
    argparse reads it as a value itself, of an option (``--cases -5``) or a positional.
    """
    args = list(argv)
    cut = args.index("--") if "--" in args else len(args)
    negative = [a for a in args[:cut] if _NEGATIVE.match(a) and not _NUMBER.fullmatch(a)]
    if not negative:
        return args
    rest = [a for a in args[:cut] if a not in negative]
    return [*rest, "--", *negative, *args[cut + 1 :]]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Raises:
        ArgumentTypeError: ``argv`` is not a sequence of str.
    """
    if argv is not None and (isinstance(argv, str | bytes) or not isinstance(argv, Sequence)):
        raise ArgumentTypeError("argv", argv, "a sequence of str (the words after 'civicflow')")
    given = list(sys.argv[1:] if argv is None else argv)
    for n, word in enumerate(given):
        if not isinstance(word, str):
            raise ArgumentTypeError(f"argv[{n}]", word, "a str")
    try:
        args = _parser().parse_args(_shielded(given))
    except UsageError as e:
        _say(str(e))
        return 2
    except SystemExit as e:  # --help printed the usage
        return e.code if isinstance(e.code, int) else 0
    try:
        return int(args.run(args))
    except (CivicflowError, UsageError) as e:
        _say(str(e))
        return 2
    except BrokenPipeError:  # the reader stopped early (e.g. "| head"): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        return 0
    except OSError as e:  # a file or folder the command could not use
        where = f" {e.filename}" if e.filename else ""
        _say(f"cannot use{where}: {e.strerror or e}")
        return 2
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except Exception as e:
        if args.debug:
            traceback.print_exc()
        _say(
            f"internal error, a bug in civicflow ({type(e).__name__}: {e}); please report it "
            "with the command that caused it"
            + ("" if args.debug else " (--debug shows the traceback)")
        )
        return _BUG


def _say(message: str) -> None:
    print(f"civicflow: error: {message}", file=sys.stderr)
