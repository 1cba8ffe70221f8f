"""Files written whole or not at all.

A report, a verdict table or a workbook is written to a temporary file beside its target
and renamed into place only once complete: on a bad input, a full disk or an interrupt,
nothing is left behind, and a file that was there before stays as it was.

>>> import pathlib, tempfile
>>> folder = tempfile.TemporaryDirectory()
>>> target = pathlib.Path(folder.name) / "out.csv"
>>> with written(target) as part:
...     _ = part.write_text("a,b\\n")
>>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
('a,b\\n', ['out.csv'])
>>> folder.cleanup()
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["written"]


@contextlib.contextmanager
def written(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target`` to write to; renamed to ``target`` when the block
    ends without an error, removed when it does not."""
    final = Path(target)
    handle, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    os.close(handle)
    part = Path(name)
    try:
        yield part
        os.replace(part, final)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
