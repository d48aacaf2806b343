"""Imports only go down the layers, and no module imports itself back through others.

core → repository → organization → domain apps → IO and analysis → governance → demo;
`archimate` (the metamodel as data) is part of the floor.
A new app is placed by one line in `LAYERS`.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "nakhon"

# Each app's layer: a module may import its own app, apps of lower layers and nothing above.
LAYERS = {
    "core": 0,
    "archimate": 0,
    "repository": 1,
    "organization": 2,
    "citizen_services": 3,
    "portfolio": 3,
    "capacity": 3,
    "interchange": 4,
    "analysis": 4,
    # Governance reviews requests with the analysis and imports proposals through interchange.
    "governance": 5,
    "demo": 6,
}
# The project's own wiring (settings, URLs, the command line) sits above every app.
PROJECT_MODULES = {"settings", "urls", "api_urls", "manage", "wsgi", "asgi"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts
    }


def imports_of(path: Path, name: str) -> set[str]:
    """The `nakhon` modules a module imports, wherever in it (functions too)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {imported for imported in found if imported.split(".")[0] == "nakhon"}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph = {}
    for name, path in known.items():
        # "from nakhon.core import permissions" names a module; "from x import name" its module.
        graph[name] = {m for m in imports_of(path, name) if m in known and m != name}
    return graph


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_every_app_has_a_layer():
    apps = {app_of(m) for m in modules()} - {""} - PROJECT_MODULES - {"static", "templates"}
    assert apps <= set(LAYERS), f"Place these apps in LAYERS: {sorted(apps - set(LAYERS))}"


def test_no_module_imports_an_app_above_its_own():
    upward = []
    for module, imported in import_graph().items():
        app = app_of(module)
        if app not in LAYERS:
            continue
        for target in imported:
            other = app_of(target)
            if other == app or other not in LAYERS:
                continue
            if LAYERS[other] > LAYERS[app] or (LAYERS[other] == LAYERS[app] and LAYERS[app] > 0):
                upward.append(f"{module} -> {target}")
    assert not upward, "Imports that go up or sideways:\n" + "\n".join(sorted(upward))


def test_no_import_cycle():
    graph = import_graph()
    cycles = find_cycles(graph)
    assert not cycles, "Import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component that has more than one module (Tarjan)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ],
)
def test_cycles_are_found(graph, expected):
    assert find_cycles(graph) == expected
