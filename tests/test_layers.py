"""The layout keeps the layers: each module imports only its own layer and those below it.

The rules of ``docs/design.md``, checked on the source so that they cannot drift:

- a module imports nothing from a higher layer (module-level and local imports alike);
- no module imports another module's private names (``from m import _x``, ``m._x``);
  private *modules* (``_tables``, ``_local``...) are the shared homes, and may be imported;
- exactly one module imports chinesecalendar;
- no file is longer than about 600 lines;
- a layer in rooms (``civicflow.exchange``) holds at its root only its door and the private
  helpers its rooms share; a room is a package whose ``__init__`` is its one door: the rest
  of the library imports the room's names only through it, never from the room's modules,
  and a room's private modules stay inside it; each room imports only the rooms before it.
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


# -- rooms: a layer's subpackages, each with one door ------------------------------------------

#: The layers laid out in rooms, and their rooms in order: a room imports only rooms before it.
ROOMS = {
    "civicflow.exchange": ("documents", "calendar_files", "tables", "reports", "jobs"),
}


def room_of(module: str) -> str | None:
    """The room ``civicflow.<layer>.<room>`` that ``module`` is in (its door included)."""
    for layer, rooms in ROOMS.items():
        for room in rooms:
            door = f"{layer}.{room}"
            if module == door or module.startswith(door + "."):
                return door
    return None


def door_names(door: str) -> set[str]:
    """The names of a room's door: its ``__all__``, read from the source."""
    path = SRC.joinpath(*door.split(".")[1:], "__init__.py")
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return {ast.literal_eval(e) for e in node.value.elts}  # type: ignore[attr-defined]
    raise AssertionError(f"{door} has no __all__: a room's door lists its public names")


def through_doors(found: list[tuple[int, str, str | None]], here: str) -> list[str]:
    """What of ``found`` (the imports of module ``here``) goes round a room's door."""
    wrong = []
    mine = room_of(here)
    for line, module, name in found:
        target = f"{module}.{name}" if name and is_module(f"{module}.{name}") else module
        room = room_of(target)
        if room is None or room == mine:
            continue
        inner = target.removeprefix(room).lstrip(".")
        if any(part.startswith("_") for part in inner.split(".") if part):
            wrong.append(f"line {line}: {target} is private to {room}")
        elif target != room:
            wrong.append(f"line {line}: {target}: import {name or target} from {room}")
        elif name is None or name not in door_names(room):
            wrong.append(f"line {line}: {room} has no public name {name!r} (its __all__)")
    return wrong


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_a_room_is_entered_only_by_its_door(path: pathlib.Path) -> None:
    here = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = through_doors(imports(tree, here), here)
    assert not wrong, f"{here} goes round a room's door: {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_a_room_imports_only_the_rooms_before_it(path: pathlib.Path) -> None:
    here = module_name(path)
    mine = room_of(here)
    if mine is None:
        return
    layer, _, room = mine.rpartition(".")
    order = ROOMS[layer]
    later = []
    for line, module, name in imports(ast.parse(path.read_text(encoding="utf-8")), here):
        target = f"{module}.{name}" if name and is_module(f"{module}.{name}") else module
        other = room_of(target)
        if other not in (None, mine) and order.index(other.rpartition(".")[2]) > order.index(room):
            later.append(f"line {line}: {other}")
    assert not later, f"{here} imports rooms after its own ({', '.join(order)}): {later}"


@pytest.mark.parametrize("layer", sorted(ROOMS))
def test_a_layers_root_holds_its_door_its_shared_helpers_and_its_rooms(layer: str) -> None:
    root = SRC.joinpath(*layer.split(".")[1:])
    rooms = sorted(p.name for p in root.iterdir() if (p / "__init__.py").exists())
    assert rooms == sorted(ROOMS[layer]), f"{layer}'s rooms are {rooms}: list them in ROOMS"
    public = sorted(
        p.name for p in root.glob("*.py") if p.name != "__init__.py" and not p.name.startswith("_")
    )
    assert not public, f"{layer} holds modules outside its rooms: {public}; give each a room"
    for helper in sorted(root.glob("_*.py")):
        if helper.name == "__init__.py":
            continue
        name = module_name(helper)
        users = set()
        for path in MODULES:
            found = imports(ast.parse(path.read_text(encoding="utf-8")), module_name(path))
            if any(name in (m, f"{m}.{n}") for _, m, n in found):
                here = module_name(path)
                users.add(room_of(here) or here.rpartition(".")[0])
        rooms_using = {u for u in users if room_of(u) is not None}
        assert len(users) > 1 or not rooms_using, (
            f"{name} serves {users} alone: a helper of one room lives in that room"
        )


def test_the_room_rules_can_fail() -> None:
    # A command reaching a room's module, a room reaching another's private module or a
    # name its door does not export, and a room importing a room after it are all caught.
    here = "civicflow.cli.report"
    found = imports(
        ast.parse(
            "from civicflow.exchange.tables.files import read_table\n"
            "from civicflow.exchange.documents._lines import reader\n"
            "from civicflow.exchange.documents import not_json_lines\n"
            "from civicflow.exchange.reports import report_csv\n"
        ),
        here,
    )
    wrong = through_doors(found, here)
    assert [w.split(":")[0] for w in wrong] == ["line 1", "line 2", "line 3"]
    assert through_doors(found[:1], "civicflow.exchange.tables.columns") == []  # its own room
    assert room_of("civicflow.exchange.jobs.pipeline") == "civicflow.exchange.jobs"
    assert room_of("civicflow.exchange._files") is None
