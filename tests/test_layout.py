"""The code's layout: no import cycle between the project's apps, and none inside an app.

Every module's imports are read with `ast`, those at module level and those inside functions
alike (a function-level import only postpones a cycle, it does not remove it).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in {"tests", "benchmarks", "node_modules"} and not path.parent.name.startswith(".")
)


def module_name(path):
    """The dotted name of a Python file below ROOT."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path):
    """Every module a file imports, at module level or inside a function (absolute names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            # `from package import module` imports that module.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def project_modules():
    """Module name → path, for every Python file of the project's apps (tests and migrations aside)."""
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def import_graph():
    """Module → the project modules it imports."""
    modules = project_modules()
    return {name: {m for m in imported_modules(path) if m in modules} for name, path in modules.items()}


def cycles(graph):
    """The strongly connected components with more than one node (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def app_of(module):
    return module.split(".")[0]


def test_the_reader_finds_imports_at_every_level():
    """The check itself: imports inside functions are read, and a cycle through three modules is found."""
    found = imported_modules(ROOT / "site_config" / "urls.py")
    assert "site_config.security" in found  # imported inside a function there
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_between_apps():
    """No app imports (directly or through others) an app that imports it back."""
    graph = {}
    for module, targets in import_graph().items():
        graph.setdefault(app_of(module), set()).update(app_of(t) for t in targets if app_of(t) != app_of(module))
    assert cycles(graph) == []


def test_no_import_cycle_inside_an_app():
    """No module imports (directly or through others) a module of the same app that imports it back.

    A package's __init__ re-exporting its own modules is not a cycle: importing a submodule runs
    its package first anyway.
    """
    graph = {}
    for module, targets in import_graph().items():
        graph[module] = {
            t for t in targets if app_of(t) == app_of(module) and not (module.startswith(t + ".") and t != module)
        }
    assert cycles(graph) == []


def test_core_depends_on_no_app():
    """core/ is what every app shares, so it imports none of them (and has no models)."""
    graph = import_graph()
    reached = {app_of(target) for module, targets in graph.items() if app_of(module) == "core" for target in targets}
    assert reached <= {"core"}
    assert not (ROOT / "core" / "models.py").exists()
