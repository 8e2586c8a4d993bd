"""No import runs up a layer: each package of fogwatch/ imports only packages of lower
layers (never its own layer's neighbours, so no two packages import each other).

The layers are the README's layout table; this test reads every module's imports
(top-level and inside functions) with ``ast`` and fails on one that runs upward.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "fogwatch"

# Bottom to top. ``fogwatch`` is the package's front door (fogwatch/__init__.py:
# ``read``, ``read_article``, ``Article``).
LAYERS: list[tuple[str, ...]] = [
    ("vocab",),
    ("model", "filters"),
    ("geo", "codebook", "ingest", "schema"),
    ("read",),
    ("fogwatch",),
    ("reconcile", "batch"),
    ("store",),
    ("export", "watch", "evaluate"),
    ("web",),
    ("cli",),
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _unit(module: str) -> str:
    """The layered unit of a dotted module name: ``fogwatch.read.places`` -> ``read``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "fogwatch"


def _own_unit(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if len(rel.parts) > 1:
        return rel.parts[0]
    return "fogwatch" if rel.stem == "__init__" else rel.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported fogwatch unit) for every absolute import of fogwatch in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, _unit(a.name)) for a in node.names
                      if a.name.split(".")[0] == "fogwatch"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "fogwatch":
                for a in node.names:
                    sub = PACKAGE / a.name
                    # ``from fogwatch import read`` names the subpackage; anything
                    # else comes from the front door
                    unit = a.name if sub.is_dir() or sub.with_suffix(".py").exists() else "fogwatch"
                    found.append((node.lineno, unit))
            elif node.module.split(".")[0] == "fogwatch":
                found.append((node.lineno, _unit(node.module)))
    return found


def test_every_package_has_a_layer():
    units = {_own_unit(p) for p in PACKAGE.rglob("*.py")}
    missing = sorted(units - set(LAYER))
    assert not missing, (
        f"{missing} have no layer: add them to LAYERS in tests/test_layers.py and to "
        "the README's layout table"
    )


def test_no_import_runs_up_a_layer():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = _own_unit(path)
        for line, unit in _imports(path):
            if unit == own or unit not in LAYER:
                continue
            if LAYER[unit] >= LAYER[own]:
                wrong.append(
                    f"{path.relative_to(ROOT)}:{line}: {own} (layer {LAYER[own]}) imports "
                    f"{unit} (layer {LAYER[unit]})"
                )
    assert not wrong, "imports that run up or across a layer:\n" + "\n".join(wrong)


def test_the_checker_sees_an_upward_import(tmp_path):
    # the walk itself can fail: an import inside a function is found
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from fogwatch.cli.app import app\n    import fogwatch.web\n")
    assert _imports(module) == [(2, "cli"), (3, "web")]


def test_the_readme_layout_table_states_these_layers():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = {}
    for layer, cell in re.findall(r"^\| (\d+) \| ([^|]+) \|", readme, re.MULTILINE):
        for name in re.findall(r"`fogwatch/(\w+)(?:/|\.py|/__init__\.py)?`", cell):
            stated["fogwatch" if name == "__init__" else name] = int(layer)
    expected = {name: i for name, i in LAYER.items()}
    assert stated == expected
