"""Tables written: a file whole or nothing, text that has no UTF-8 form refused, streams."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from civicflow.errors import ArgumentError, ArgumentTypeError
from civicflow.exchange._cells import Cell
from civicflow.exchange.tables.writing import write_csv, write_table

COLUMNS = [("case", "text"), ("hours", "number")]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_cell_with_no_utf8_form_is_refused_and_nothing_is_written(
    tmp_path: Path, suffix: str
) -> None:
    rows: list[list[Cell]] = [
        ["A-1", 1.5],
        ["A-\ud800", 2.0],
    ]  # a lone surrogate, as a JSON escape can give
    with pytest.raises(ArgumentError, match=r"a cell's text has no UTF-8 form .*'\\ud800'"):
        write_table(tmp_path / f"out{suffix}", COLUMNS, rows)
    assert list(tmp_path.iterdir()) == []


def test_csv_to_a_text_stream_only() -> None:
    out = io.StringIO()
    assert write_csv(out, COLUMNS, [["=1+1", 2]], lineterminator="\n") == 1
    assert out.getvalue() == "case,hours\n'=1+1,2\n"
    with pytest.raises(ArgumentTypeError, match=r"'out'.*a text stream"):
        write_csv(io.BytesIO(), COLUMNS, [])  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="'out'"):
        write_csv(None, COLUMNS, [])  # type: ignore[arg-type]
