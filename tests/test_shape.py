"""A guard for the package's shape: no import cycle, no import of another module's private name,
modules small enough to read in one sitting.

The graph is read from the source (``ast``), not by importing: every ``import`` and ``from … import``
of a ``dayao_data`` module counts, at module level or inside a function (a function-level import
hides a cycle, it does not remove it); imports under ``if TYPE_CHECKING:`` do not run and do not
count.  ``from dayao_data.x import y`` where ``y`` is itself a module is an edge to that module, and an import
of ``dayao_data.a.b`` is an edge to the package ``dayao_data.a`` too (its ``__init__`` runs first: a
cycle through a package's ``__init__`` breaks an import as surely as one between two modules).

A private name is one with a leading underscore that is not a dunder (``__version__`` is public).
Importing it from another module, or reaching it as ``module._name``, couples two modules through
something the first never promised; the fix is to make the helper public where it belongs.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dayao_data"

#: A guide, not a law (issue 9): a module a reader can take in one sitting.
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes inside ``if TYPE_CHECKING:`` blocks."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skip.update(id(n) for n in ast.walk(child))
    return skip


def _analyse(name: str, path: Path) -> tuple[set[str], list[tuple[str, str, str]]]:
    """The package modules ``name`` imports, and the private names it takes from them."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    skip = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    edges: set[str] = set()
    private: list[tuple[str, str, str]] = []
    aliases: dict[str, str] = {}  # local name -> package module
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            if source.split(".")[0] != "dayao_data":
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in MODULES:
                    edges.add(sub)
                    aliases[alias.asname or alias.name] = sub
                elif source in MODULES:
                    edges.add(source)
                    if alias.name.startswith("_") and not alias.name.startswith("__") and source != name:
                        private.append((name, source, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    edges.add(alias.name)
                    if alias.asname:
                        aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            attr = node.attr
            target = aliases[node.value.id]
            if attr.startswith("_") and not attr.startswith("__") and target != name:
                if f"{target}.{attr}" not in MODULES:
                    private.append((name, target, attr))
    # Importing a.b.c runs a/__init__ and a/b/__init__ first: an edge to each package above the
    # target that is not above the importer itself (those are already running when it runs).
    own = _ancestors(name) | {name}
    for target in list(edges):
        edges.update(a for a in _ancestors(target) if a in MODULES and a not in own)
    edges.discard(name)
    return edges, private


def _ancestors(name: str) -> set[str]:
    """The packages above a module, without the top package (every module runs it first)."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(2, len(parts))}


GRAPH: dict[str, set[str]] = {}
PRIVATE: set[tuple[str, str, str]] = set()
for _name, _path in MODULES.items():
    GRAPH[_name], _found = _analyse(_name, _path)
    PRIVATE.update(_found)


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[frozenset[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(frozenset(component))
    return out


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_the_package():
    found = _cycles(GRAPH)
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(sorted(c)) for c in found)


def test_no_module_imports_another_modules_private_name():
    assert not PRIVATE, "private imports: " + "; ".join(f"{a} takes {b}.{n}" for a, b, n in sorted(PRIVATE))


def test_an_import_of_a_submodule_counts_as_an_import_of_its_package():
    assert _ancestors("dayao_data.evaluation.show.common") == {"dayao_data.evaluation", "dayao_data.evaluation.show"}
    assert _ancestors("dayao_data.paths") == set()


def test_the_private_import_finder_sees_both_spellings(tmp_path):
    a = tmp_path / "x.py"
    a.write_text("from dayao_data.progress import _secret\nfrom dayao_data import progress\nprogress._other()\n")
    MODULES["dayao_data.x_probe"] = a
    try:
        _, found = _analyse("dayao_data.x_probe", a)
    finally:
        del MODULES["dayao_data.x_probe"]
    assert set(found) == {
        ("dayao_data.x_probe", "dayao_data.progress", "_secret"),
        ("dayao_data.x_probe", "dayao_data.progress", "_other"),
    }


def test_modules_are_small_enough_to_read_in_one_sitting():
    sizes = {name: len(path.read_text("utf-8").splitlines()) for name, path in MODULES.items()}
    large = sorted(name for name, n in sizes.items() if n > MAX_LINES)
    assert not large, f"over {MAX_LINES} lines: " + ", ".join(f"{n} ({sizes[n]})" for n in large)
