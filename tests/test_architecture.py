"""The package's shape: packages per stage, public names across packages, packaging in step.

The import layers themselves are import-linter contracts in pyproject.toml (run by CI as
`lint-imports`); these tests cover what those contracts cannot express.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator" / "eksgen"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _private_imports(module: str, package: str, source: str) -> list[str]:
    """'module -> source.name' for each underscore name source imports from another package."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eksgen")):
            continue
        imported = node.module or ""
        is_module = (PACKAGE.parent / (imported.replace(".", "/") + ".py")).exists()
        imported_package = imported.rpartition(".")[0] if is_module else imported
        for alias in node.names:
            private = alias.name.startswith("_") and not alias.name.startswith("__")
            if private and imported_package != package:
                found.append(f"{module} -> {imported}.{alias.name}")
    return found


def test_no_module_imports_another_packages_private_names() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        text = path.read_text(encoding="utf-8")
        found += _private_imports(module, _package_of(module, path), text)
    assert found == []


def test_the_private_name_check_tells_packages_apart() -> None:
    # Guard for the guard: across packages is flagged, inside one package is not.
    source = "from eksgen.spec.load import _Hidden\nfrom eksgen.importer.objects import _x\n"
    found = _private_imports("eksgen.importer.main", "eksgen.importer", source)
    assert found == ["eksgen.importer.main -> eksgen.spec.load._Hidden"]


def test_the_top_level_stays_small() -> None:
    modules = [p for p in PACKAGE.glob("*.py")]
    packages = [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    assert len(modules) <= 8, sorted(p.name for p in modules)
    assert len(modules) + len(packages) <= 20


def test_every_subpackage_is_packaged() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {_module_name(init) for init in PACKAGE.rglob("__init__.py")}
    assert found - listed == set()


def test_every_third_party_import_is_declared() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {_distribution(line) for line in config["project"]["dependencies"]}
    # import name -> distribution name, where they differ
    distribution = {"ruamel": "ruamel.yaml", "yaml": "pyyaml"}
    imported = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported if name not in _STANDARD and name != "eksgen"}
    assert {distribution.get(name, name) for name in third_party} - declared == set()


def _distribution(requirement: str) -> str:
    name = requirement.split(";")[0]
    for mark in "<>=!~[ ":
        name = name.split(mark)[0]
    return name.strip().lower()


_STANDARD = frozenset(__import__("sys").stdlib_module_names)


def _packages() -> list[str]:
    """The top-level packages that hold code (data/ holds only files)."""
    return sorted(
        _module_name(init)
        for init in PACKAGE.glob("*/__init__.py")
        if any(path.name != "__init__.py" for path in init.parent.glob("*.py"))
    )


def test_every_package_names_its_public_api() -> None:
    import importlib

    for name in _packages():
        package = importlib.import_module(name)
        public = getattr(package, "__all__", None)
        assert public, f"{name} exports nothing"
        for attribute in public:
            assert getattr(package, attribute) is not None, f"{name}.{attribute}"


def test_other_packages_use_only_the_exported_names() -> None:
    """An import from another top-level package names something that package exports."""
    import importlib

    exported = {name: set(importlib.import_module(name).__all__) for name in _packages()}
    outside = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        own = ".".join(module.split(".")[:2])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eksgen.")):
                continue
            top = ".".join((node.module or "").split(".")[:2])
            if top == own or top not in exported:
                continue
            outside += [
                f"{module}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name not in exported[top]
            ]
    assert outside == []
