"""The package's folders follow the pipeline, and imports only go down it: no module imports a later
stage, and no two modules import each other, directly or round a loop (imports inside functions
count too: a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "peacewatch"
LAYERS = [  # in pipeline order; a module may import its own layer and the layers before it
    {"peacewatch.article", "peacewatch.errors", "peacewatch.settings", "peacewatch.contract"},
    {"peacewatch.knowledge"},
    {"peacewatch.read"},
    {"peacewatch.nlp"},
    {"peacewatch.coding"},
    {"peacewatch.pipeline"},
    {"peacewatch.store"},
    {"peacewatch.assessment"},
    {"peacewatch.report"},
    {"peacewatch.web"},
    {"peacewatch", "peacewatch.cli", "peacewatch.evaluation", "peacewatch.scoring"},
]
MAX_LINES = 620


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _layer(module: str) -> int:
    for n, layer in enumerate(LAYERS):
        if module in layer or any(module.startswith(f"{name}.") for name in layer if name != "peacewatch"):
            return n
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}")


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names]
            found |= {name for name in names if name in modules} or ({target} if target in modules else set())
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
    return {target for target in found if target.startswith("peacewatch")} - {module}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {module: _imports(module, path, modules) for module, path in modules.items()}


def test_every_module_sits_in_a_layer_and_imports_only_down_the_pipeline():
    wrong = [f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
             for module, targets in _graph().items() for target in targets
             if _layer(target) > _layer(module)]
    assert not wrong, "imports up the pipeline:\n" + "\n".join(sorted(wrong))


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target == "peacewatch":  # the package's own lazy attributes, not a dependency of a stage
                continue
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(target):] + [target]))
            if target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_layering_test_sees_a_violation():
    graph = _graph()
    assert "peacewatch.store.store" in graph["peacewatch.store.ingest"]
    assert "peacewatch.read.readers" in graph["peacewatch.pipeline"]
    assert _layer("peacewatch.report.job") > _layer("peacewatch.store.ingest") > _layer("peacewatch.read.readers")


def test_no_module_is_much_over_600_lines():
    long = {module: n for module, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these: {long}"
