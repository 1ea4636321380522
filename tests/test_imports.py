"""The import graph of app.py, qa/ and index/ (read with ``ast``, lazy imports inside functions
included): no cycles; the interfaces (app.py, qa/cli.py, qa/http.py, qa/chat.py) sit on top, so
nothing below them imports one; ``index/`` imports nothing of ``qa/``."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

INTERFACES = ["app", "qa.cli", "qa.http", "qa.chat"]  # each may import only those after it, then the rest


def modules() -> dict[str, Path]:
    """Module name -> file, for app.py and every module of the qa and index packages."""
    found = {"app": ROOT / "app.py"}
    for package in ("qa", "index"):
        for path in sorted((ROOT / package).glob("*.py")):
            found[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """The nodes inside ``if TYPE_CHECKING:`` blocks (never run, so no import edge)."""
    skipped: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(ast.walk(child))
    return skipped


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports at run time (anywhere in the file, lazy imports
    inside functions included; ``from pkg import name`` is an edge to ``pkg.name`` when that is a
    module, else to ``pkg``)."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        edges: set[str] = set()
        package = name if path.stem == "__init__" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skipped = _type_checking_only(tree)
        for node in ast.walk(tree):
            if node in skipped:
                continue
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in known)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the module's own package
                    parts = package.split(".")
                    base = ".".join([*parts[: len(parts) - node.level + 1], base]).strip(".")
                for alias in node.names:
                    target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    if target in known:
                        edges.add(target)
        edges.discard(name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (a list of modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles():
    assert find_cycle(import_graph()) is None, " -> ".join(find_cycle(import_graph()) or [])


def test_find_cycle_sees_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_interfaces_are_on_top():
    graph = import_graph()
    for name, edges in graph.items():
        if name in INTERFACES:
            above = set(INTERFACES[: INTERFACES.index(name) + 1])
            assert not edges & above, f"{name} imports the interface(s) {sorted(edges & above)} above it"
        else:
            assert not edges & set(INTERFACES), f"{name} imports the interface(s) {sorted(edges & set(INTERFACES))}"
        if name.startswith("index"):
            assert not [e for e in edges if e == "qa" or e.startswith("qa.")], f"{name} imports qa: {sorted(edges)}"
