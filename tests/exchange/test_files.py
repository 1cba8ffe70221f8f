"""Files are written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicflow.exchange._files import written
from civicflow.exchange.tables.writing import write_table


def test_a_failed_write_leaves_nothing_and_keeps_what_was_there(tmp_path: Path) -> None:
    target = tmp_path / "verdicts.csv"
    target.write_text("before", encoding="utf-8")

    def rows() -> object:
        yield ["a"]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_table(target, [("x", "text")], rows())  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["verdicts.csv"]


def test_a_whole_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with written(target) as part:
        part.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"  # not before the end
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
