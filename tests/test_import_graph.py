"""No import circles between Bridges' own modules.

Read with ``ast``, not by importing, so function-level imports (the usual way to hide a
circle from Python) count as edges too. Tasks call services; a service enqueues a task
by its registered name, so it never imports ``tasks``.
"""

import ast
import pathlib

import pytest
from django.apps import apps

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Circles that other work in progress (issue 15) removes.
# Each entry is one import edge (importer, imported); delete it when that work lands.
ALLOWED_EDGES = {
    ("participants.models", "participants.accounts"),  # Profile.display_name
}


def first_party_packages() -> list[str]:
    """``backend`` and every installed app at the top of this repository (not the venv's)."""
    local = [c.name for c in apps.get_app_configs() if pathlib.Path(c.path).parent == ROOT]
    return ["backend", *local]


def _modules(root: pathlib.Path, packages: list[str]) -> dict[str, tuple[pathlib.Path, bool]]:
    found = {}
    for package in packages:
        for path in (root / package).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if "migrations" in parts:
                continue
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join(parts)] = (path, is_package)
    return found


def import_graph(
    root: pathlib.Path = ROOT, packages: list[str] | None = None
) -> dict[str, set[str]]:
    """First-party module -> the first-party modules it imports anywhere in its body."""
    modules = _modules(root, packages or first_party_packages())

    def known(name: str | None) -> str | None:
        # `from programmes.models import Event` names a module's attribute: the module counts.
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                edges.update(known(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    edges.add(submodule if submodule in modules else known(source))
        edges.discard(None)
        edges.discard(name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle as a path that returns to its start, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_apps_have_no_import_circles():
    graph = import_graph()
    for importer, imported in ALLOWED_EDGES:
        graph[importer].discard(imported)
    assert find_cycle(graph) is None


def test_the_allowed_edges_still_exist():
    """An allowed circle that is gone must leave the list, so it cannot come back unseen."""
    graph = import_graph()
    assert [edge for edge in ALLOWED_EDGES if edge[1] not in graph.get(edge[0], ())] == []


def test_no_service_imports_tasks():
    graph = import_graph()
    offenders = [
        (name, target)
        for name, targets in graph.items()
        if name.split(".")[1:2] == ["services"]
        for target in targets
        if target.split(".")[1:2] == ["tasks"]
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("source", "cycle"),
    [
        (
            {"a.x": "from . import y", "a.y": "def f():\n    from .x import g"},
            ["a.x", "a.y", "a.x"],
        ),
        ({"a.x": "import a.y", "a.y": "import a.z", "a.z": ""}, None),
    ],
)
def test_find_cycle_sees_function_level_imports(tmp_path, source, cycle):
    """The checker itself: a circle hidden in a function body is found, a chain is not one."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "__init__.py").write_text("")
    for name, text in source.items():
        (tmp_path / "a" / f"{name.split('.')[1]}.py").write_text(text)
    assert find_cycle(import_graph(tmp_path, ["a"])) == cycle
