"""The top-level packages import only downwards, and never each other in a circle.

Layers, bottom to top: ``catalogue`` < ``importers``, ``api`` (siblings: neither imports
the other) < ``map`` < ``maillage`` (the composition roots). Every import is read with
``ast``, those inside functions too; ``bench/`` and ``tests/`` are outside the layering.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

from catalogue.settings import PROJECT_ROOT

LAYERS = {"catalogue": 0, "importers": 1, "api": 1, "map": 2, "maillage": 3}

Edge = tuple[str, str]  # (importing module, imported module)


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool) -> Iterator[str]:
    """Every module a source imports, wherever the import statement is."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package
                package = module.split(".")
                if not is_package:
                    package = package[:-1]
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target


def edges_under(root: Path, packages: Iterable[str]) -> set[Edge]:
    edges: set[Edge] = set()
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            module = module_name(root, path)
            source = path.read_text(encoding="utf-8")
            for imported in imported_modules(source, module, path.name == "__init__.py"):
                if imported.split(".")[0] in LAYERS:
                    edges.add((module, imported))
    return edges


def violations(edges: Iterable[Edge]) -> list[str]:
    """Imports of a package from the same layer or a higher one."""
    found = []
    for importer, imported in sorted(edges):
        a, b = importer.split(".")[0], imported.split(".")[0]
        if a != b and LAYERS[b] >= LAYERS[a]:
            found.append(f"{importer} imports {imported} ({a} may not import {b})")
    return found


def cycles(edges: Iterable[Edge]) -> list[list[str]]:
    """The circles of imports between top-level packages (allowed edges included)."""
    graph: dict[str, set[str]] = {}
    for importer, imported in edges:
        a, b = importer.split(".")[0], imported.split(".")[0]
        if a != b:
            graph.setdefault(a, set()).add(b)
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for nxt in sorted(graph.get(path[-1], ())):
            if nxt == path[0]:
                found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:  # each circle once, from its least name
                walk([*path, nxt])

    for start in sorted(graph):
        walk([start])
    return found


def project_edges() -> set[Edge]:
    return edges_under(PROJECT_ROOT, LAYERS)


def test_packages_import_only_from_lower_layers() -> None:
    assert violations(project_edges()) == []


def test_no_circle_of_imports_between_top_level_packages() -> None:
    assert cycles(project_edges()) == []


def test_the_graph_covers_every_package_and_its_composition_roots() -> None:
    edges = project_edges()
    importers_ = {importer.split(".")[0] for importer, _ in edges}
    assert importers_ == set(LAYERS)
    assert ("maillage.app", "map.routes") in edges
    assert ("maillage.cli", "importers.cli") in edges


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def test_the_checker_finds_upward_and_sibling_imports_even_inside_functions(
    tmp_path: Path,
) -> None:
    root = _tree(
        tmp_path,
        {
            "catalogue/__init__.py": "",
            "catalogue/cli.py": "def main():\n    from api.app import create_app\n",
            "importers/__init__.py": "",
            "importers/pipeline.py": "import api.publish.records\n",
            "api/__init__.py": "from .search import backend\n",
            "api/app.py": "from catalogue import cli\nfrom map.routes import install_pages\n",
            "map/__init__.py": "",
            "map/texte.py": "from importers.opening_hours import FRENCH_MONTHS\n",
            "maillage/__init__.py": "",
        },
    )
    edges = edges_under(root, LAYERS)
    assert ("api", "api.search") in edges  # relative imports are resolved
    assert violations(edges) == [
        "api.app imports map.routes (api may not import map)",
        "catalogue.cli imports api.app (catalogue may not import api)",
        "importers.pipeline imports api.publish.records (importers may not import api)",
    ]
    assert cycles(edges) == [["api", "catalogue", "api"], ["api", "map", "importers", "api"]]


def test_the_checker_accepts_imports_downwards(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "catalogue/records/rules.py": "from catalogue.records import kinds\n",
            "importers/pipeline.py": "from catalogue.records.rules import received_in_person\n",
            "api/search/postgis.py": "from catalogue.records import rules\n",
            "map/pages/carte.py": "import api.carte.queries\n",
            "maillage/app.py": "from map.routes import install_pages\nimport api, catalogue\n",
        },
    )
    edges = edges_under(root, LAYERS)
    assert {importer for importer, _ in edges} == {
        "catalogue.records.rules",
        "importers.pipeline",
        "api.search.postgis",
        "map.pages.carte",
        "maillage.app",
    }
    assert violations(edges) == []
    assert cycles(edges) == []
