"""The library's layers: imports only go downward, runtime <- compute <- judge <- build <- tools,
with no import circle and no function-level import of the library's own modules. Every
import statement is read, those inside functions too."""
import ast
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[1] / "fmnist_lib"
LAYERS = ("runtime", "compute", "judge", "build", "tools")   # bottom up


def module_name(path: Path, root: Path = LIBRARY) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path = LIBRARY):
    """(imported module, line, at module level?) for each library import in ``path``."""
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    top_level = {id(node) for node in tree.body}
    known = {module_name(p, root) for p in root.rglob("*.py")}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == root.name:
                found.append((target, node.lineno, id(node) in top_level))
    return found


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def problems(root: Path = LIBRARY) -> list[str]:
    """Every upward import, function-level library import and import circle under ``root``."""
    found, edges = [], {}
    for path in sorted(root.rglob("*.py")):
        here = module_name(path, root)
        if layer_of(here) is None and path.name != "__init__.py":
            found.append(f"{here}: a module outside the layers {', '.join(LAYERS)}")
        for target, line, at_top in imports_of(path, root):
            where = f"{path.relative_to(root.parent)}:{line}"
            if not at_top:
                found.append(f"{where}: function-level import of {target}")
            low, high = layer_of(target), layer_of(here)
            if low is not None and high is not None and low > high:
                found.append(f"{where}: {here} ({LAYERS[high]}) imports {target} "
                             f"({LAYERS[low]}), a higher layer")
            edges.setdefault(here, set()).add(target)
    found += [f"import circle: {' -> '.join(c)}" for c in circles(edges)]
    return found


def circles(edges: dict) -> list[list[str]]:
    """Each cycle of the import graph once (depth-first search, a cycle closed on the path)."""
    seen, cycles, path = set(), [], []

    def visit(node):
        if node in path:
            cycle = path[path.index(node):] + [node]
            if frozenset(cycle) not in seen:
                seen.add(frozenset(cycle))
                cycles.append(cycle)
            return
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            visit(nxt)
        path.pop()

    for start in sorted(edges):
        visit(start)
    return cycles


def test_the_library_imports_only_downward_without_circles():
    assert problems() == []


@pytest.fixture
def toy(tmp_path):
    root = tmp_path / "fmnist_lib"
    for layer in LAYERS:
        (root / layer).mkdir(parents=True)
        (root / layer / "__init__.py").write_text("")
    return root


def test_an_upward_import_is_found(toy):
    (toy / "compute" / "models.py").write_text("from ..judge import verdicts\n")
    (toy / "judge" / "verdicts.py").write_text("X = 1\n")
    assert problems(toy) == ["fmnist_lib/compute/models.py:1: fmnist_lib.compute.models "
                             "(compute) imports fmnist_lib.judge.verdicts (judge), a higher layer"]


def test_a_function_level_import_and_a_circle_are_found(toy):
    (toy / "compute" / "a.py").write_text("from . import b\n")
    (toy / "compute" / "b.py").write_text("def f():\n    from .a import g\n")
    found = problems(toy)
    assert "fmnist_lib/compute/b.py:2: function-level import of fmnist_lib.compute.a" in found
    assert any(p.startswith("import circle: ") and "fmnist_lib.compute.a" in p
               and "fmnist_lib.compute.b" in p for p in found)


def test_a_module_outside_the_layers_is_found(toy):
    (toy / "helpers.py").write_text("X = 1\n")
    assert problems(toy) == ["fmnist_lib.helpers: a module outside the layers "
                             "runtime, compute, judge, build, tools"]
