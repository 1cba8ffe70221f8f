"""The equivalent-mutant markers: read where they stand, matched to mutants, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import mutation, mutation_markers
from tests.mutation_markers import MalformedMarker, markers, mutants

SOURCE = """\
def first(a, b):
    if a <= b:  # equivalent "a < b": at a == b both give b
        return b
    # equivalent: the key only names the entry
    key = "k"
    x = 1  # noqa: E501; equivalent: the comment before it is kept apart
    return a
"""


def test_a_marker_covers_its_line_or_the_code_line_below_it() -> None:
    found = markers(SOURCE)
    assert sorted(found) == [2, 5, 6]
    assert found[2].texts == ("a < b",)
    assert found[2].reason == "at a == b both give b"
    assert found[5].texts == ()
    assert found[6].reason == "the comment before it is kept apart"


def test_a_marker_with_texts_covers_only_the_mutants_whose_line_holds_one() -> None:
    mark = markers(SOURCE)[2]
    assert mark.covers('    if a < b:  # equivalent "a < b": at a == b both give b')
    assert not mark.covers('    if a >= b:  # equivalent "a < b": at a == b both give b')


@pytest.mark.parametrize(
    "line",
    ["x = 1  # equivalent the reason", 'x = 1  # equivalent "a": ', "x = 1  # equivalent"],
)
def test_a_comment_that_starts_as_a_marker_but_is_none_is_refused(line: str) -> None:
    with pytest.raises(MalformedMarker, match="line 1"):
        markers(line + "\n")


def test_every_marker_of_the_core_matches_a_mutant() -> None:
    module = "src/civicflow/limits/duration.py"
    found, marks = mutants(module)
    assert marks
    assert all(m.used for m in marks)
    equivalent = [m for m in found if m.equivalent]
    assert equivalent
    assert all(m.name.startswith("civicflow.limits.duration.") for m in found)
    assert len(equivalent) < len(found)


def test_a_stale_marker_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A marker on a line no mutant changes (here, code outside any function, which mutmut
    leaves alone) makes the run fail, before any mutant runs."""
    shutil.copy(mutation_markers.ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    module = "src/civicflow/limits/tiny.py"
    (tmp_path / module).parent.mkdir(parents=True)
    (tmp_path / module).write_text(
        "X = 1  # equivalent: nothing here is mutated\n\n\ndef f(a):\n    return a + X\n",
        encoding="utf-8",
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "mutation.toml").write_text(
        f'[modules."{module}"]\ntests = []\nthreshold = 0.9\n', encoding="utf-8"
    )
    monkeypatch.setattr(mutation_markers, "ROOT", tmp_path)
    monkeypatch.setattr(mutation, "PLAN", tmp_path / "tests" / "mutation.toml")
    monkeypatch.setattr(mutation, "run_module", pytest.fail)
    assert mutation.main(["--function", "nothing.matches", "--report-only"]) == 0
    assert mutation.main(["--function", "nothing.matches"]) == 1
    assert f"{module}:1: stale marker" in capsys.readouterr().out


def test_a_module_none_of_whose_mutants_ran_is_no_pass() -> None:
    score = mutation.Score("m", 0.9)
    assert score.value is None
    assert not score.passed
    score.killed.append("m.x_f__mutmut_1")
    assert score.passed
