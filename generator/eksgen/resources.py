"""Files shipped inside the package: JSON schemas and Jinja templates."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


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
    text = files("eksgen.schemas.crds").joinpath(f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def templates_root() -> Traversable:
    """The folder of bundled Jinja templates."""
    return files("eksgen.templates")


def _schema_file(name: str) -> Traversable:
    return files("eksgen.schemas").joinpath(name)
