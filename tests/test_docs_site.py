"""The documentation site: every page in its nav, every public module in its API reference,
each Chinese page beside its English one, and the whole site built with ``--strict``.

The site is ``docs/`` built by MkDocs (``mkdocs.yml``); the ``>>>`` examples of its pages
run as doctests elsewhere in the suite (pytest's ``--doctest-glob``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
SRC = ROOT / "src"

#: Modules the API reference leaves out: the command line is documented in docs/cli.md.
NOT_IN_API = re.compile(r"^civicflow\.(cli|__main__)(\.|$)")


def nav_pages(nav: Any) -> Iterator[str]:
    """The Markdown files that ``nav`` (a parsed ``nav:`` of mkdocs.yml) names."""
    if isinstance(nav, str):
        if nav.endswith(".md"):
            yield nav
    elif isinstance(nav, list):
        for entry in nav:
            yield from nav_pages(entry)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)


def config() -> dict[str, Any]:
    return yaml_load((ROOT / "mkdocs.yml").read_text("utf-8"))


def pages() -> set[str]:
    return {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}


def test_every_page_is_in_the_nav() -> None:
    listed = list(nav_pages(config()["nav"]))
    missing = sorted(pages() - set(listed))
    assert not missing, (
        "these pages of docs/ are in no section of the site: add each to `nav` in mkdocs.yml "
        "(under How-to guides, Reference or Design, and a Chinese page under 中文), or the "
        "site build fails: " + ", ".join(f"docs/{m}" for m in missing)
    )
    gone = sorted(set(listed) - pages())
    assert not gone, "mkdocs.yml's nav names pages that do not exist: " + ", ".join(gone)
    twice = sorted({p for p in listed if listed.count(p) > 1})
    assert not twice, "mkdocs.yml's nav names these pages twice: " + ", ".join(twice)


def public_modules() -> set[str]:
    found = set()
    for path in (SRC / "civicflow").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(p.startswith("_") for p in parts):
            found.add(".".join(parts))
    return {m for m in found if not NOT_IN_API.match(m)}


def documented_modules() -> set[str]:
    directive = re.compile(r"^::: ([\w.]+)", re.MULTILINE)
    return {m for page in (DOCS / "api").glob("*.md") for m in directive.findall(page.read_text())}


def test_every_public_module_is_in_the_api_reference() -> None:
    missing = sorted(public_modules() - documented_modules())
    assert not missing, (
        "these modules are in no page of the API reference: add a `::: module` line for each "
        "to its layer's page in docs/api/ (in the order of docs/design.md): " + ", ".join(missing)
    )
    unknown = sorted(documented_modules() - public_modules() - {"civicflow"})
    assert not unknown, "docs/api/ documents modules that do not exist: " + ", ".join(unknown)


def test_each_chinese_page_has_its_english_page_and_links_to_it() -> None:
    for page in sorted((DOCS / "zh").rglob("*.md")):
        twin = DOCS / page.relative_to(DOCS / "zh")
        assert twin.exists(), (
            f"{page.relative_to(ROOT)} has no English page {twin.relative_to(ROOT)}"
        )
        there = os.path.relpath(twin, page.parent).replace(os.sep, "/")
        back = os.path.relpath(page, twin.parent).replace(os.sep, "/")
        assert f"]({there})" in page.read_text("utf-8"), (
            f"{page.relative_to(ROOT)} does not link to its English page: [English]({there})"
        )
        assert f"]({back})" in twin.read_text("utf-8"), (
            f"{twin.relative_to(ROOT)} does not link to its Chinese page: [中文]({back})"
        )


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    # No --quiet: MkDocs counts the warnings of --strict only when it logs them.
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    warnings = [line for line in done.stderr.splitlines() if not line.startswith("INFO")]
    assert done.returncode == 0, "mkdocs build --strict failed:\n" + "\n".join(warnings)
    # The reference is there, its examples are code, and no Sphinx role is left as text.
    api = "".join(p.read_text("utf-8") for p in (tmp_path / "api").rglob("*.html"))
    assert 'id="civicflow.limits.arithmetic.deadline"' in api
    assert '<span class="gp">&gt;&gt;&gt; </span>' in api
    assert not re.findall(r":(?:class|func|meth|mod|attr|data|exc):`", api)
