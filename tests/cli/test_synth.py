"""``civicflow synth``: the JSON Lines and the exports of the first generator's cases."""

from __future__ import annotations

from pathlib import Path

import pytest

import civicflow as cf
from civicflow.cli import main
from civicflow.exchange.documents.synth import KINDS
from civicflow.exchange.tables.mappings import shipped_mapping
from civicflow.exchange.tables.writing import export_cases
from tests.exchange.documents import synth_reference as reference


@pytest.mark.parametrize("kind", KINDS)
def test_synth_writes_the_documents_of_the_first_generator(
    kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["synth", "--cases", "2500", "--seed", "11", "--kind", kind]) == 0
    out, err = capsys.readouterr()
    expected = reference.synth_cases(2500, seed=11, kind=kind)
    assert out == "".join(cf.case_to_json(c, indent=None) + "\n" for c in expected)
    assert err == ""


def test_no_cases_is_no_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--cases", "0"]) == 0
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("kind", "mapping"), [("hotline", "hotline-12345"), ("urban", "urban-management")]
)
def test_an_export_holds_the_first_generators_cases(
    kind: str, mapping: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "工单.csv"
    argv = ["synth", "--cases", "300", "--seed", "3", "--kind", kind, "--export", str(path)]
    assert main(argv) == 0
    expected = tmp_path / "expected.csv"
    cases = reference.synth_cases(300, seed=3, kind=kind)
    written, left = export_cases(cases, shipped_mapping(mapping), expected)
    assert f"{written:,} cases written to {path}; {left:,} left out" in capsys.readouterr().err
    assert path.read_bytes() == expected.read_bytes()
