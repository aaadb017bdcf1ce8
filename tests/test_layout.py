"""The package's folders each have one job and import only downward (README: "How the code
is organised"): no module imports one of a folder listed above its own, and no import
cycle exists anywhere, lazy imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.paths import ROOT

# Folder on disk → import name, as pyproject.toml's package-dir maps them.
FOLDERS = {"quotes": "quotes", "translations": "quotes.translations", "cli": "quotes.cli", "web": "quotes.web"}

# Lowest first: a module may import from its own layer and the layers before it.
LAYERS = ["quotes", "quotes.registry", "quotes.checking", "quotes.translations", "quotes.formats",
          "quotes.cli", "quotes.web"]


def project_modules() -> dict[str, Path]:
    modules = {}
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = [part for part in path.relative_to(ROOT / folder).with_suffix("").parts if part != "__init__"]
            modules[".".join([package, *parts])] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def layer(module: str) -> int:
    return max(index for index, prefix in enumerate(LAYERS) if module == prefix or module.startswith(prefix + "."))


def test_every_module_imports_only_its_own_folder_and_those_below_it():
    modules = project_modules()
    upward = sorted(f"{name} imports {target}" for name, path in modules.items()
                    for target in imports_of(name, path, modules) if layer(target) > layer(name))
    assert upward == []


def test_no_import_cycle():
    modules = project_modules()
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    # The root package's lazy public surface (quotes.__getattr__) names modules as strings, not imports.
    done: set[str] = set()
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycles.append(" → ".join(trail[trail.index(name):] + [name]))
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, trail + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []


def test_the_layout_check_sees_a_cycle_and_an_upward_import(tmp_path, monkeypatch):
    """The walk above is not vacuous: it reads lazy and relative imports."""
    source = "def later():\n    from . import pages\n"
    modules = {"quotes.checking.coverage": tmp_path / "coverage.py", "quotes.checking.pages": tmp_path / "pages.py",
               "quotes.web.app": tmp_path / "app.py"}
    modules["quotes.checking.coverage"].write_text(source)
    modules["quotes.checking.pages"].write_text("from quotes.checking.coverage import decode\nimport quotes.web.app\n")
    assert imports_of("quotes.checking.coverage", modules["quotes.checking.coverage"], modules) == {"quotes.checking.pages"}
    assert imports_of("quotes.checking.pages", modules["quotes.checking.pages"], modules) == {
        "quotes.checking.coverage", "quotes.web.app"}
    assert layer("quotes.web.app") > layer("quotes.checking.pages")
