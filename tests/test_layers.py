"""The layer contract (docs/architecture.md): every module imports only from the layers below it, and the import
graph of the package has no cycle, counting imports inside functions and modules loaded by name.

The layers, from the bottom: base (errors, exact money, deadlines, the LP solver, the plain list of rule names),
the model (the scenario and its loading), games (representations only), the alliance's semantics (what a
coalition is worth), solutions (the rules and their registry), analyses (what combines them), outputs (the
document model, its writers, files), and the interfaces (the command line, the package's lazy public surface).
The model and the games know nothing of each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ipshare"

LAYERS = [
    ("base", ("ipshare.version", "ipshare.errors", "ipshare.exact", "ipshare.deadline", "ipshare.optional",
              "ipshare.linalg", "ipshare.lp", "ipshare.rule_names")),
    ("model", ("ipshare.model",)),
    ("games", ("ipshare.games",)),
    ("alliance", ("ipshare.alliance",)),
    ("solutions", ("ipshare.solutions",)),
    ("analyses", ("ipshare.analyses", "ipshare.books")),
    ("outputs", ("ipshare.report", "ipshare.output")),
    ("interfaces", ("ipshare.cli", "ipshare.room", "ipshare")),
]
# Layers that stand side by side: neither may import the other.
INDEPENDENT = [("model", "games")]
MAX_LINES = 800


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def layer_of(module: str) -> int:
    """The index of the layer a module belongs to: the longest prefix that names it."""
    best, found = -1, None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), index
    assert found is not None, f"{module} belongs to no layer: add it to LAYERS and to docs/architecture.md"
    return found


def _package_of(module: str) -> list[str]:
    path = MODULES[module]
    parts = module.split(".")
    return parts if path.name == "__init__.py" else parts[:-1]


def _resolve(module: str, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = _package_of(module)
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _known(target: str) -> str | None:
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def imports_of(module: str) -> set[str]:
    """Every ipshare module ``module`` depends on: imports anywhere in it (module level, functions, TYPE_CHECKING
    blocks), ``importlib.import_module("…")`` with a literal name, and the rule modules a registry names by string
    (``Rule(..., ".shapley", ...)``), each counted as the dependency it is."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _resolve(module, node.level, node.module)
            for alias in node.names:
                full = f"{target}.{alias.name}" if target else alias.name
                found.add(_known(full) if full in MODULES else _known(target))
        elif isinstance(node, ast.Import):
            found.update(_known(alias.name) for alias in node.names)
        elif isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if callee == "import_module" and strings:
                target = _resolve(module, len(strings[0]) - len(strings[0].lstrip(".")), strings[0].lstrip(".")) \
                    if strings[0].startswith(".") else strings[0]
                found.add(_known(target))
            elif callee == "Rule":
                found.update(_known(_resolve(module, 1, s[1:])) for s in strings if s.startswith(".") and len(s) > 1)
    found.discard(None)
    found.discard(module)
    return {target for target in found if target.startswith("ipshare")}


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module in MODULES:
        graph.add_node(module)
        for target in imports_of(module):
            graph.add_edge(module, target)
    return graph


GRAPH = _graph()


def test_the_import_graph_has_no_cycle():
    cycles = [sorted(component) for component in nx.strongly_connected_components(GRAPH) if len(component) > 1]
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(cycle) for cycle in cycles)


def test_every_import_goes_down_the_layers():
    upward = []
    names = [name for name, _ in LAYERS]
    for source, target in GRAPH.edges:
        if source == "ipshare":  # the package's lazy public surface names modules of every layer
            continue
        above, below = layer_of(source), layer_of(target)
        if below > above:
            upward.append(f"{source} ({names[above]}) imports {target} ({names[below]})")
        pair = {names[above], names[below]}
        for first, second in INDEPENDENT:
            if pair == {first, second}:
                upward.append(f"{source} ({names[above]}) imports {target} ({names[below]}): they stand side by side")
    assert not upward, "\n".join(upward)


def test_the_contract_sees_imports_inside_functions_and_by_name():
    # A check that could not fail is no check: the registry's by-name loading and a function-level import are
    # edges of the graph.
    assert "ipshare.solutions.shapley" in imports_of("ipshare.solutions.registry")
    assert "ipshare.solutions.clauses" in imports_of("ipshare.solutions.registry")  # inside _install_resolver
    assert "ipshare.analyses.rights" in imports_of("ipshare.report.annex")  # inside a function (_rights_blocks)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_about_800_lines(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by what it holds"


def test_the_architecture_page_names_every_module_and_its_layer():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [module for module in MODULES if f"`{module}`" not in page and module != "ipshare"]
    assert not missing, f"docs/architecture.md does not name: {missing}"
    for name, _ in LAYERS:
        assert f"\n## {name}\n" in page, f"docs/architecture.md has no section for the layer {name}"
