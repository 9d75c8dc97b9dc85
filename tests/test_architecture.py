"""The package's layers: no import circle, no import that goes up a layer (docs/architecture.md).

Every ``import`` and ``from ... import`` statement in ``src/vkac_flow`` counts, wherever it
stands: at module level, inside a function (a lazy import) or under ``if TYPE_CHECKING:``.
A circle through a lazy or a typing-only import is still a circle a reader has to untangle.
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "vkac_flow"

LAYERS: dict[str, int] = {
    "vkac_flow._version": 0,
    "vkac_flow.messages": 0,
    "vkac_flow.errors": 0,
    "vkac_flow.calendar": 1,
    "vkac_flow.law": 2,
    "vkac_flow.procedures": 3,
    "vkac_flow.register": 4,
    "vkac_flow.simulate": 4,
    "vkac_flow.views": 5,
}
"""Each package's layer; a module may import only from its own layer's package or below."""

BENEATH: dict[str, frozenset[str]] = {"vkac_flow.errors": frozenset({"vkac_flow.messages"})}
"""Inside layer 0, the message catalogue lies beneath the errors: they may speak both languages."""


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, pathlib.Path]:
    return {module_name(p): p for p in SRC.rglob("*.py")}


MODULES = all_modules()


def resolve(name: str) -> str | None:
    """The vkac_flow module ``name`` refers to (a module, or the package holding a name)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pytest.fail(f"{module}: relative import (use absolute vkac_flow.* imports)")
            base = node.module or ""
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for target in targets:
            if target == "vkac_flow" or target.startswith("vkac_flow."):
                hit = resolve(target)
                if hit is not None and hit != module:
                    found.add(hit)
    # ``from vkac_flow.calendar import X`` names both the package and, when X is a
    # submodule, that submodule; keep the package edge only when X is not a submodule.
    return found


def layer_of(module: str) -> int | None:
    for prefix, layer in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return None  # the root package vkac_flow: the public face above every layer


GRAPH = {m: imports_of(m) for m in MODULES}


def test_every_module_has_a_layer() -> None:
    orphans = [m for m in MODULES if m != "vkac_flow" and layer_of(m) is None]
    assert orphans == [], f"modules outside every layer of LAYERS: {orphans}"


def test_no_module_imports_the_root_package() -> None:
    # The root vkac_flow/__init__.py re-exports every layer; a module below importing it
    # would pull in everything (and is a circle through the root).
    offenders = sorted(m for m, deps in GRAPH.items() if m != "vkac_flow" and "vkac_flow" in deps)
    assert offenders == []


def test_no_import_goes_up_a_layer() -> None:
    upward = []
    for module, deps in GRAPH.items():
        mine = layer_of(module)
        if mine is None:
            continue
        for dep in deps:
            theirs = layer_of(dep)
            if theirs is None:
                continue
            same_package = dep.split(".")[1] == module.split(".")[1]
            beneath = package_of(dep) in BENEATH.get(package_of(module), frozenset())
            if theirs > mine or (theirs == mine and not same_package and not beneath):
                upward.append(f"{module} -> {dep}")
    assert upward == [], "imports that go up (or sideways) a layer:\n" + "\n".join(upward)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports, as a list of modules, or None."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = grey
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if colour.get(dep, black) == grey:
                return [*stack[stack.index(dep) :], dep]
            if colour.get(dep) == white:
                cycle = visit(dep)
                if cycle:
                    return cycle
        stack.pop()
        colour[node] = black
        return None

    for node in sorted(graph):
        if colour[node] == white:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_import_circle() -> None:
    # Package __init__ files that re-export their submodules point down into them; the
    # implicit import of a parent package by its submodule is not an edge.
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_checks_can_fail() -> None:
    # The checkers themselves, on graphs made to break them.
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert layer_of("vkac_flow.views.cli") > layer_of("vkac_flow.calendar.latvian")  # type: ignore[operator]


def test_no_private_name_read_across_modules() -> None:
    # ``other._name`` where ``other`` is an object another module built is a reach into
    # its private state; only ``self._x`` / ``cls._x`` and a module's own names are fine.
    # Imports of private names from another vkac_flow module are refused too.
    offenders = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("vkac_flow"):
                for alias in node.names:
                    private = alias.name.startswith("_") and not alias.name.startswith("__")
                    if private and resolve(f"{node.module}.{alias.name}") != (
                        f"{node.module}.{alias.name}"
                    ):
                        offenders.append(f"{module}: from {node.module} import {alias.name}")
    assert offenders == [], "\n".join(offenders)


PRIVATE_DEFINITION = re.compile(
    r"(?:def |class |self\.|cls\.|^\s*)(_[A-Za-z]\w*)\s*(?:[=:(]|\[)", re.M
)


def test_no_private_attribute_read_across_modules() -> None:
    # ``obj._name`` on anything but ``self``/``cls``/``super()`` must name a private that
    # the same module defines (a class reading its own kind, as in ``__eq__``); reading a
    # private another module defines (``cal._working`` in a deadline module) is refused.
    offenders = []
    for module, path in MODULES.items():
        text = path.read_text("utf-8")
        own = set(PRIVATE_DEFINITION.findall(text))
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Attribute):
                continue
            name = node.attr
            if not name.startswith("_") or name.startswith("__"):
                continue
            value = node.value
            if isinstance(value, ast.Name) and value.id in ("self", "cls", "sys"):
                continue
            if isinstance(value, ast.Call) and ast.unparse(value.func) == "super":
                continue
            if name not in own:
                offenders.append(f"{module}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == [], "\n".join(offenders)


REPO = SRC.parent.parent
FILE_REFERENCE = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.(?:md|toml|ipynb|py))\b")


def test_every_file_a_docstring_or_page_names_exists() -> None:
    # "every reference in the code points at something a reader can open": a path such as
    # ``docs/transfer.md`` or ``law/steps.toml`` in a module or a docs page must exist,
    # relative to the repository, to src/vkac_flow or to the referring file's folder.
    texts = [*SRC.rglob("*.py"), *SRC.rglob("*.toml"), *(REPO / "docs").glob("*.md")]
    texts.append(REPO / "README.md")
    missing = []
    for path in texts:
        for ref in set(FILE_REFERENCE.findall(path.read_text("utf-8"))):
            if "/" not in ref or ref.startswith(("http", "www")):
                continue
            if ref.startswith("shared/") and not (REPO.parent / "shared").is_dir():
                continue  # the project's shared/ folder lies beside the clone only in CI
            bases = (REPO, SRC, path.parent, SRC.parent, REPO.parent)
            if not any((base / ref).exists() for base in bases):
                missing.append(f"{path.relative_to(REPO)}: {ref}")
    assert missing == [], "\n".join(sorted(missing))
