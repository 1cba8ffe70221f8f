"""The layout keeps the layers: each module imports only its own layer and those below it.

The rules of ``docs/design.md``, checked on the source so that they cannot drift:

- a module imports nothing from a higher layer (module-level and local imports alike);
- no module imports another module's private names (``from m import _x``, ``m._x``);
  private *modules* (``_tables``, ``_local``...) are the shared homes, and may be imported;
- exactly one module imports chinesecalendar;
- no file is longer than about 600 lines.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).parents[1] / "src" / "civicflow"

#: The layers, lowest first. A module belongs to the layer of its first package name.
LAYERS = (
    ("errors", "_arguments"),
    ("calendars",),
    ("limits",),
    ("cases",),
    ("sla",),
    ("compliance",),
    ("exchange",),
    ("cli",),
    ("__init__", "__main__"),
)
#: The Hypothesis strategies are a testing aid shipped to users: they build calendars,
#: limits and cases, and no module of the library imports them.
STRATEGIES_RANK = 3

MAX_LINES = 600


def module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(("civicflow", *parts))


def rank(module: str) -> int:
    parts = module.split(".")
    if parts == ["civicflow"]:
        return len(LAYERS) - 1
    head = parts[1]
    if head == "strategies":
        return STRATEGIES_RANK
    for n, names in enumerate(LAYERS):
        if head in names:
            return n
    raise AssertionError(f"{module}: in no layer; add its package to LAYERS and docs/design.md")


def is_module(module: str) -> bool:
    path = SRC.joinpath(*module.split(".")[1:])
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


MODULES = sorted(SRC.rglob("*.py"))


def imports(tree: ast.AST, here: str) -> list[tuple[int, str, str | None]]:
    """(line, module, name) for every civicflow import; name is None for ``import m``."""
    found: list[tuple[int, str, str | None]] = []
    package = here if is_module(here + ".__init__") else here.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name, None) for a in node.names if a.name.startswith("civicflow")
            ]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            if module.startswith("civicflow"):
                found += [(node.lineno, module, a.name) for a in node.names]
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_go_only_downward(path: pathlib.Path) -> None:
    here = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    upward = []
    for line, module, name in imports(tree, here):
        target = f"{module}.{name}" if name and is_module(f"{module}.{name}") else module
        if rank(target) > rank(here):
            upward.append(f"line {line}: {target}")
    assert not upward, f"{here} imports from higher layers: {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_reaches_into_another_modules_private_names(path: pathlib.Path) -> None:
    here = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bound: dict[str, str] = {}  # local name -> the civicflow module it is bound to
    reached = []
    for line, module, name in imports(tree, here):
        if name is None:
            bound[module.split(".")[0]] = module.split(".")[0]
            continue
        if is_module(f"{module}.{name}"):
            bound[name] = f"{module}.{name}"
        elif name.startswith("_"):
            reached.append(f"line {line}: from {module} import {name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
        ):
            reached.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id not in ("self", "cls")
            and node.value.id not in bound
        ):
            reached.append(
                f"line {node.lineno}: {node.value.id}.{node.attr} (another object's private attribute)"
            )
    assert not reached, f"{here} reaches into private names: {reached}"


def test_exactly_one_module_imports_chinesecalendar() -> None:
    users = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] == "chinese_calendar" for n in names):
                users.append(module_name(path))
    assert sorted(set(users)) == ["civicflow.calendars.statutory"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_file_is_over_600_lines(path: pathlib.Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it where the split has a name"


def test_every_layer_says_what_it_holds_and_may_import() -> None:
    for path in sorted(SRC.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path.parent.name}/__init__.py has no docstring"
        assert "May import:" in doc, (
            f"{path.parent.name}/__init__.py does not say what it may import"
        )


def test_the_rules_can_fail() -> None:
    # A module of the calendar layer that imports from the SLA layer, and one that reaches
    # into a private name, are both caught.
    here = "civicflow.calendars.calendar"
    tree = ast.parse(
        "from civicflow.sla.status import evaluate\nfrom civicflow.limits._local import _x\n"
    )
    found = imports(tree, here)
    assert [rank(m) > rank(here) for _, m, _ in found] == [True, True]
    assert [n for _, _, n in found if n and n.startswith("_")] == ["_x"]
