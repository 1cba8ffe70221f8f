"""Mutation testing of the core: each module mutated by mutmut against its own tests.

    python -m tests.mutation                       # every core module, every mutant
    python -m tests.mutation --sample 12 --seed 1  # 12 functions drawn with a fixed seed
    python -m tests.mutation --report-only         # print the scores, never fail
    python -m tests.mutation --module src/civicflow/limits/duration.py

``tests/mutation.toml`` lists the core modules, the tests of each (its mirrored test
modules; its own doctests always count) and the score each must reach. A mutant accepted as
equivalent is marked in the source, on the line it changes, with the reason
(``# equivalent: ...``, see :mod:`tests.mutation_markers`); a marker that no mutant matches is
stale, and fails the run. mutmut is configured in ``pyproject.toml`` (``[tool.mutmut]``);
every module runs in its own scratch copy of the project under ``.mutation/``, where
``mutmut show NAME`` prints a survivor's diff. The command prints each module's score and its
survivors, and exits with 1 when a module is below its score, when no mutant of a module
was run, or when a marker is stale.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tests.mutation_markers import Mutant, mutants

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".mutation"
PLAN = Path(__file__).with_name("mutation.toml")

#: The exit codes of a mutant's test run that count as killed: tests failed (1), pytest's
#: internal error (3), the tests could not even be collected (2: the mutant broke code that
#: runs at import, e.g. a limit parsed in a parametrize list), or they ran out of time (the
#: mutant made the code loop: 36, and SIGXCPU). And those that mean "not run".
KILLED = {1, 2, 3, 36, 37, -24, 24, 152, 255}
NOT_RUN = {None, 34}


@dataclass
class Score:
    """What the mutants of one module did."""

    module: str
    threshold: float
    killed: list[str] = field(default_factory=list)
    survived: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    at_import: list[str] = field(default_factory=list)

    @property
    def value(self) -> float | None:
        counted = len(self.killed) + len(self.survived)
        return len(self.killed) / counted if counted else None

    @property
    def passed(self) -> bool:
        """At its score; a module none of whose mutants ran has no score, and fails."""
        return self.value is not None and self.value >= self.threshold


def dotted(module: str) -> str:
    """``src/civicflow/limits/duration.py`` -> ``civicflow.limits.duration``."""
    return ".".join(Path(module).relative_to("src").with_suffix("").parts)


def scratch_copy(module: str, tests: list[str]) -> Path:
    """A copy of the project whose mutmut configuration mutates ``module`` only."""
    where = SCRATCH / re.sub(r"[^a-z0-9]+", "-", dotted(module).removeprefix("civicflow."))
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    for part in ("src", "tests"):
        shutil.copytree(ROOT / part, where / part, ignore=shutil.ignore_patterns("__pycache__"))
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    start = text.index("[tool.mutmut]")
    end = text.find("\n[", start + 1)
    base = text[start : end if end != -1 else len(text)]
    selection = json.dumps([*tests, module])
    own = re.sub(r"(?m)^only_mutate = .*$", f"only_mutate = {json.dumps([module])}", base)
    own = re.sub(
        r"(?m)^pytest_add_cli_args_test_selection = .*$",
        f"pytest_add_cli_args_test_selection = {selection}",
        own,
    )
    (where / "pyproject.toml").write_text(text.replace(base, own), encoding="utf-8")
    return where


def run_module(module: str, spec: dict[str, object], patterns: list[str] | None,
               found: list[Mutant], at_import: dict[str, str]) -> Score:  # fmt: skip
    tests = [str(t) for t in spec["tests"]]  # type: ignore[attr-defined]
    where = scratch_copy(module, tests)
    mutmut = Path(sys.executable).with_name("mutmut")
    argv = [str(mutmut), "run", "--max-children", "2", *(patterns or [])]
    env = {
        **os.environ,
        "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "mutation"),
        "CIVICFLOW_MUTATION": "1",  # tests/conftest.py empties civicflow's caches per test
    }
    env.pop("CI", None)  # the ci profile would override the mutation one
    done = subprocess.run(argv, cwd=where, env=env, capture_output=True, text=True, check=False)
    meta = where / "mutants" / (module + ".meta")
    score = Score(module, float(spec["threshold"]))  # type: ignore[arg-type]
    if not meta.exists():
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise SystemExit(f"mutmut did not run on {module}:\n" + "\n".join(tail))
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    equivalent = {m.name for m in found if m.equivalent is not None}
    wanted = [re.compile(re.escape(p).replace(r"\*", ".*")) for p in patterns or []]
    for name, code in sorted(codes.items()):
        if wanted and not any(w.fullmatch(name) for w in wanted):
            continue
        if code in NOT_RUN:
            continue
        if name in equivalent:
            score.equivalent.append(name)
        elif any(fnmatch.fnmatchcase(name, pattern) for pattern in at_import):
            score.at_import.append(name)
        elif code in KILLED:
            score.killed.append(name)
        else:  # survived, no test covers it, or timed out
            score.survived.append(name)
    return score


def counted(found: list[Mutant], at_import: dict[str, str]) -> list[str]:
    """The functions (mutmut's patterns) with a mutant that counts: not equivalent, not run
    only at import. Drawing from them, no module of a sample is left without a mutant."""
    return sorted(
        {
            m.function
            for m in found
            if m.equivalent is None
            and not any(fnmatch.fnmatchcase(m.name, pattern) for pattern in at_import)
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, help="mutate only N functions, drawn with --seed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--module", action="append", help="only this module (repeatable)")
    parser.add_argument(
        "--function",
        action="append",
        help="only the mutants of this function, as mutmut names them, e.g. "
        "'civicflow.limits.arithmetic.x_deadline__mutmut_*' (repeatable)",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="exit 0 even when a module is below its score (the scores and survivors are printed)",
    )
    args = parser.parse_args(argv)
    plan = tomllib.loads(PLAN.read_text(encoding="utf-8"))
    modules: dict[str, dict[str, object]] = plan["modules"]
    at_import: dict[str, str] = plan.get("at_import", {})
    chosen = args.module or list(modules)
    unknown = [m for m in chosen if m not in modules]
    if unknown:
        parser.error(f"not a core module of tests/mutation.toml: {', '.join(unknown)}")
    catalogue = {m: mutants(m) for m in chosen}
    failed = False
    for module, (_, marks) in catalogue.items():
        for mark in marks:
            if not mark.used:
                print(f"{module}:{mark.line}: stale marker: no mutant of this line is "
                      f"'{mark.reason}'; remove it or mend it")  # fmt: skip
                failed = True
    patterns: dict[str, list[str] | None] = dict.fromkeys(chosen)
    if args.function:
        patterns = {}
        for m in chosen:
            mine = [f for f in args.function if f.startswith(dotted(m) + ".")]
            if mine:
                patterns[m] = mine
    if args.sample is not None:
        everything = [(m, f) for m in chosen for f in counted(catalogue[m][0], at_import)]
        drawn = random.Random(args.seed).sample(everything, min(args.sample, len(everything)))
        patterns = {}
        for m, f in drawn:
            patterns.setdefault(m, []).append(f)  # type: ignore[union-attr]
    for module, wanted in patterns.items():
        score = run_module(module, modules[module], wanted, catalogue[module][0], at_import)
        value = "-" if score.value is None else f"{score.value:.0%}"
        print(
            f"{module}: {value} ({len(score.killed)} killed, {len(score.survived)} survived, "
            f"{len(score.equivalent)} equivalent, {len(score.at_import)} run only at import; "
            f"needs {score.threshold:.0%})"
        )
        for name in score.survived:
            print(f"  survived: {name}")
        if score.value is None:
            print("  NO MUTANT RAN: a module none of whose mutants was tested is not a pass")
        elif not score.passed:
            print(f"  BELOW its score of {score.threshold:.0%}")
        failed |= not score.passed
    if any(True for _ in patterns):
        where = SCRATCH.relative_to(ROOT)
        print(f"\nSee a survivor's diff with: cd {where}/<module> && mutmut show NAME")
    return 1 if failed and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
