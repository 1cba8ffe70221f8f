"""The release: one version, a wheel and an sdist that twine accepts, an sdist that carries
the tests and docs, and a wheel that works in a fresh environment with no source tree on the
path (``civicflow demo``, ``civicflow --version`` and the READMEs' Python examples).

Nothing is downloaded: the build runs without isolation (hatchling is a test dependency),
and the fresh environment installs the wheel alone, reusing this environment's installed
dependencies through a path file rather than fetching them.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import civicflow

ROOT = Path(__file__).parents[1]
VERSION = civicflow.__version__

#: What the sdist must carry for its tests, docs and examples to run from it.
SDIST_TREES = ("src", "tests", "docs", "examples", "benchmarks", "scripts")
SDIST_FILES = ("pyproject.toml", "README.md", "README.zh-CN.md", "CHANGELOG.md", "LICENSE",
               "mkdocs.yml")  # fmt: skip
#: Left out of the comparison with the tree: caches and what tests and tools write.
NOT_SHIPPED = {"__pycache__", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def run(*argv: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{' '.join(map(str, argv))} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built as a release builds them (the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT)
    return out


def test_the_version_has_one_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    # The installed metadata was read from civicflow.__version__ (reinstall after a bump).
    assert importlib.metadata.version("civicflow") == VERSION
    assert f"\n## {VERSION} " in (ROOT / "CHANGELOG.md").read_text("utf-8")


def test_build_makes_a_wheel_and_an_sdist_that_twine_accepts(dist: Path) -> None:
    names = sorted(p.name for p in dist.iterdir())
    assert names == [f"civicflow-{VERSION}-py3-none-any.whl", f"civicflow-{VERSION}.tar.gz"]
    run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))


def shipped_tree() -> set[str]:
    found = set()
    for top in SDIST_TREES:
        for path in (ROOT / top).rglob("*"):
            parts = path.relative_to(ROOT).parts
            if path.is_file() and not NOT_SHIPPED & set(parts) and path.suffix != ".pyc":
                found.add("/".join(parts))
    return found | set(SDIST_FILES)


def test_the_sdist_carries_the_tests_and_docs(dist: Path) -> None:
    with tarfile.open(dist / f"civicflow-{VERSION}.tar.gz") as sdist:
        prefix = f"civicflow-{VERSION}/"
        names = {n.removeprefix(prefix) for n in sdist.getnames() if n.startswith(prefix)}
    missing = sorted(shipped_tree() - names)
    assert not missing, "the sdist lacks (see [tool.hatch.build.targets.sdist]): " + ", ".join(
        missing[:20]
    )
    assert not {n for n in names if n.startswith((".venv/", "site/", "dist/", ".mutation/"))}


def test_the_wheel_carries_the_whole_package(dist: Path) -> None:
    with zipfile.ZipFile(dist / f"civicflow-{VERSION}-py3-none-any.whl") as wheel:
        names = {n for n in wheel.namelist() if n.startswith("civicflow/")}
    package = {
        p.relative_to(ROOT / "src").as_posix()
        for p in (ROOT / "src" / "civicflow").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert names == package, f"only in the tree: {sorted(package - names)}"


def test_the_wheel_works_in_a_fresh_environment(dist: Path, tmp_path: Path) -> None:
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env)
    bin_dir = env / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    site = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    )
    # The dependencies already installed here, reached through a path file: a directory a
    # .pth names is not scanned for .pth files, so this environment's editable install (a
    # .pth naming src/) does not come along.
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "outer-dependencies.pth").write_text("\n".join(sorted(here)) + "\n")
    wheel = dist / f"civicflow-{VERSION}-py3-none-any.whl"
    pip = (sys.executable, "-m", "pip", "--python", python)
    run(*pip, "install", "--quiet", "--no-deps", "--no-index", "--disable-pip-version-check", wheel)

    outside = tmp_path / "elsewhere"  # no source tree in the working directory either
    outside.mkdir()
    where = run(python, "-I", "-c", "import civicflow, sys; print(civicflow.__file__); print(sys.path)",
                cwd=outside)  # fmt: skip
    assert where.startswith(str(site)), where
    assert str(ROOT / "src") not in where
    assert run(bin_dir / "civicflow", "--version", cwd=outside) == f"civicflow {VERSION}\n"
    assert "deadline  2025-10-11 17:30 Sat" in run(bin_dir / "civicflow", "demo", cwd=outside)
    export = ROOT / "examples" / "data" / "urban-export.csv"  # a shipped mapping, read
    verdicts = run(bin_dir / "civicflow", "verdicts", export, "--mapping", "urban-management",
                   "--as-of", "2026-09-01 00:00", cwd=outside)  # fmt: skip
    assert verdicts.startswith("工单编号,考核环节,")
    for readme in ("README.md", "README.zh-CN.md"):
        copy = outside / readme
        copy.write_text((ROOT / readme).read_text("utf-8"), "utf-8")
        doctest = (
            "import doctest, sys; "
            "flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS; "
            f"r = doctest.testfile({str(copy)!r}, module_relative=False, optionflags=flags); "
            "print(r.attempted); sys.exit(1 if r.failed or not r.attempted else 0)"
        )
        assert int(run(python, "-I", "-c", doctest, cwd=outside).split()[-1]) > 5
