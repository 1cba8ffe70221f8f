"""A Griffe extension for the API reference: civicflow's docstrings read as Markdown.

The docstrings are written for ``help()`` and for pytest's doctests: bare ``>>>`` examples
and Sphinx roles (``:class:`~civicflow.Calendar```). Markdown would read the examples as
nested quotes and print the roles as they are, so before the reference renders them this
extension fences each run of ``>>>`` lines as a ``pycon`` block and turns each role into code:
``:class:`~civicflow.Calendar``` becomes ``Calendar``, ``:mod:`civicflow.limits``` stays
``civicflow.limits``. The source is not touched. mkdocs.yml loads it (mkdocstrings' python
handler, ``extensions``).

>>> markdown_of(":func:`~civicflow.deadline` counts.\\n\\n>>> 1 + 1\\n2\\n\\nDone.").splitlines()
['`deadline` counts.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
>>> markdown_of("    >>> x = 1").splitlines()
['    ```pycon', '    >>> x = 1', '    ```']
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["DocstringsAsMarkdown", "markdown_of"]

_ROLE = re.compile(r":[a-z]+:`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    short, target = match.groups()
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def markdown_of(text: str) -> str:
    """``text`` with its doctest runs fenced and its Sphinx roles as code spans."""
    out: list[str] = []
    fence = ""  # the indentation of the open pycon block, or "" when none is open
    open_block = False
    for line in text.splitlines():
        stripped = line.lstrip()
        if not open_block and stripped.startswith(">>>"):
            fence = line[: len(line) - len(stripped)]
            out.append(f"{fence}```pycon")
            open_block = True
        elif open_block and not stripped:
            out.append(f"{fence}```")
            open_block = False
        out.append(line if open_block else _ROLE.sub(_role, line))
    if open_block:
        out.append(f"{fence}```")
    return "\n".join(out)


class DocstringsAsMarkdown(griffe.Extension):
    """Rewrites every docstring with :func:`markdown_of` as Griffe loads it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_of(obj.docstring.value)
