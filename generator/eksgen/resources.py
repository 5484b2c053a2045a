"""Files shipped inside the package: JSON schemas, Jinja templates and data tables."""

from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def schema_text(name: str) -> str:
    """Return the text of a bundled schema: 'app' reads app.schema.json."""
    return _schema_file(f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    """A bundled JSON schema, parsed once per process."""
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@cache
def crd_schema(name: str) -> dict[str, Any]:
    """The project's own schema for a custom resource it emits (schemas/crds/)."""
    text = package_files("eksgen.schemas.crds").joinpath(f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def templates_root() -> Traversable:
    """The folder of bundled Jinja templates."""
    return package_files("eksgen.templates")


@cache
def package_files(package: str) -> Traversable:
    """What importlib.resources.files(package) gives, without its cost where it is a folder.

    Installed as files (a wheel, or pip install -e), a data package is a folder on disk and
    files() gives that folder as a Path; importing importlib.resources and asking the
    package's loader costs a few milliseconds, paid on every run of a command that renders
    one App. A package inside a zip file, or any other kind, goes through files().
    """
    module = importlib.import_module(package)
    init = getattr(module, "__file__", None)
    if init is not None:
        folder = Path(init).parent
        if list(getattr(module, "__path__", ())) == [str(folder)] and folder.is_dir():
            return folder
    from importlib.resources import files

    return files(package)


def _schema_file(name: str) -> Traversable:
    return package_files("eksgen.schemas").joinpath(name)
