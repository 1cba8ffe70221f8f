"""The mutants of a module, found without running a test, and those marked equivalent where
they stand in the code.

mutmut names a mutant by its function and a number (``x_deadline__mutmut_12``); the number
moves whenever the function changes, so an equivalent mutant is not listed by it. It is
marked in the source, on the line it changes, with the reason no caller can tell it from the
code::

    if us <= b:  # equivalent "us < b": at us == b the session adds b - b = 0 either way
    zip(a, b, strict=True)  # equivalent: zip's strict= only matters for lengths that differ

``# equivalent: REASON`` covers every mutant that changes only that line; ``# equivalent
"TEXT": REASON`` (or several, ``"A", "B"``) only the mutants whose changed line contains one
of the texts. The marker may also stand alone on the line above the one it covers, or follow
another comment after a ``;``. A marker that no mutant matches is stale and is reported:
markers cannot drift.
"""

from __future__ import annotations

import ast
import difflib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: ``# equivalent: reason`` or ``# equivalent "a", "b": reason``, at the start of a comment or
#: after a ``;`` in it (``# pragma: no cover; equivalent: ...``).
MARKER = re.compile(r'(?:^#|;)\s*equivalent(?P<texts>(?:\s*"[^"]*"\s*,?)*)\s*:\s*(?P<reason>\S.*)$')
#: What starts a marker: a comment that starts so but does not read as one is malformed.
STARTS = re.compile(r"(?:^#|;)\s*equivalent\b")


class MalformedMarker(ValueError):
    """A comment that begins like a marker but does not read as one."""


@dataclass
class Marker:
    """An ``# equivalent`` comment: the line it covers, the texts it selects, the reason."""

    line: int  # 1-based, of the source
    texts: tuple[str, ...]
    reason: str
    comment: str = ""  # the comment on the line it covers, left out when matching the texts
    used: bool = False

    def covers(self, new: str) -> bool:
        code = new.removesuffix(self.comment) if self.comment else new
        return not self.texts or any(text in code for text in self.texts)


@dataclass
class Mutant:
    """One mutant: its name, its function's pattern, and why it is equivalent, if it is."""

    name: str
    function: str
    changed: list[tuple[int, str]] = field(default_factory=list)  # (source line, new text)
    equivalent: str | None = None


def markers(source: str) -> dict[int, Marker]:
    """The markers of a source, by the line each covers."""
    found: dict[int, Marker] = {}
    lines = source.splitlines()
    for n, text in enumerate(lines, 1):
        hash_at = text.find("#")
        if hash_at == -1:
            continue
        m = MARKER.search(text[hash_at:])
        if m is None:
            if STARTS.search(text[hash_at:]):
                raise MalformedMarker(
                    f'line {n}: write # equivalent: REASON, or # equivalent "TEXT", ...: REASON'
                )
            continue
        texts = tuple(re.findall(r'"([^"]*)"', m["texts"] or ""))
        covered = n
        if not text[:hash_at].strip():  # alone on its line: it covers the next code line
            covered = next(
                (k for k in range(n + 1, len(lines) + 1) if lines[k - 1].strip()
                 and not lines[k - 1].lstrip().startswith("#")),
                n,
            )  # fmt: skip
        code = lines[covered - 1]
        at = code.find("#")
        comment = code[at:] if covered == n else ""
        found[covered] = Marker(covered, texts, m["reason"].strip(), comment.rstrip())
    return found


def _defs(source: str) -> dict[str, int]:
    """Each function's and method's mangled name (as mutmut writes it) -> its first line."""
    tree = ast.parse(source)
    found: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found[f"x_{node.name}"] = node.lineno
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    found[f"xǁ{node.name}ǁ{item.name}"] = item.lineno
    return found


@contextmanager
def _at_root() -> Iterator[None]:
    """mutmut reads its configuration from the current folder's pyproject.toml."""
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(here)


def mutants(module: str) -> tuple[list[Mutant], list[Marker]]:
    """Every mutant mutmut makes of ``module`` (a path under ``src/``), each with the lines
    it changes and the reason it is equivalent, if a marker covers all of them; and the
    markers of the module, each marked used or not."""
    from mutmut.mutation.file_mutation import mutate_file_contents

    source = (ROOT / module).read_text(encoding="utf-8")
    with _at_root():
        mutated = mutate_file_contents(module, source)
    code = mutated.code.split("\n")
    spans = mutated.line_span_by_function_name
    dotted = ".".join(Path(module).relative_to("src").with_suffix("").parts)
    starts = _defs(source)
    marks = markers(source)
    found = []
    for name in mutated.mutant_names:
        function = name.rpartition("__mutmut_")[0]
        orig = spans[f"{function}__mutmut_orig"]
        span = spans[name]
        before = [
            t.replace(f"{function}__mutmut_orig", function) for t in code[orig.start - 1 : orig.end]
        ]
        after = [t.replace(name, function) for t in code[span.start - 1 : span.end]]
        mutant = Mutant(f"{dotted}.{name}", f"{dotted}.{function}__mutmut_*")
        # The copy starts with blank lines and the def line; the source's def is at ``first``.
        first = starts.get(function)
        offset = None
        for k, text in enumerate(before):
            if text.lstrip().startswith(("def ", "async def ")):
                offset = (first or 0) - k
                break
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                continue
            new = " ".join(after[b1:b2]) if b2 > b1 else ""
            for k in range(a1, max(a2, a1 + 1)):
                if offset is not None and k < len(before):
                    mutant.changed.append((k + offset, new))
        covering = [marks.get(line) for line, _ in mutant.changed]
        if mutant.changed and all(
            m is not None and m.covers(new)
            for m, (_, new) in zip(covering, mutant.changed, strict=True)
        ):
            reasons = {m.reason for m in covering if m is not None}
            mutant.equivalent = "; ".join(sorted(reasons))
            for m in covering:
                if m is not None:
                    m.used = True
        found.append(mutant)
    return found, list(marks.values())
