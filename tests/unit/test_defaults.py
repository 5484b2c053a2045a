"""The schemas' `default` keywords and eksgen.model.defaults.SCHEMA_DEFAULTS say the same."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import ROOT
from eksgen.model.defaults import SCHEMA_DEFAULTS

# Keywords whose value maps names (not keywords) to subschemas.
SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
# Keywords whose value is data, not a schema: a "default" inside it is not a keyword.
DATA = {"default", "const", "enum", "examples"}


def pointer(parts: tuple[str, ...]) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def schema_defaults(node: Any, parts: tuple[str, ...] = ()) -> dict[str, Any]:
    """JSON pointer of every schema object with a `default` keyword -> the default."""
    found: dict[str, Any] = {}
    if isinstance(node, list):
        for index, item in enumerate(node):
            found |= schema_defaults(item, (*parts, str(index)))
        return found
    if not isinstance(node, dict):
        return found
    if "default" in node:
        found[pointer(parts)] = node["default"]
    for key, value in node.items():
        if key in DATA:
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            for name, subschema in value.items():
                found |= schema_defaults(subschema, (*parts, key, name))
        else:
            found |= schema_defaults(value, (*parts, key))
    return found


def typed(mapping: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Values with their type, so that True and 1, or 2 and 2.0, differ."""
    return {key: (type(value).__name__, value) for key, value in mapping.items()}


def load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def test_schema_defaults_lists_both_schemas() -> None:
    assert set(SCHEMA_DEFAULTS) == {"app", "cluster"}


@pytest.mark.parametrize("name", ["app", "cluster"])
def test_every_schema_default_is_in_schema_defaults(name: str) -> None:
    in_schema = typed(schema_defaults(load(name)))
    listed = typed(SCHEMA_DEFAULTS[name])
    missing = {key: value for key, value in in_schema.items() if listed.get(key) != value}
    assert missing == {}, "schema defaults that SCHEMA_DEFAULTS lacks or states differently"


@pytest.mark.parametrize("name", ["app", "cluster"])
def test_every_listed_default_is_in_the_schema(name: str) -> None:
    in_schema = typed(schema_defaults(load(name)))
    listed = typed(SCHEMA_DEFAULTS[name])
    missing = {key: value for key, value in listed.items() if in_schema.get(key) != value}
    assert missing == {}, "SCHEMA_DEFAULTS entries the schema lacks or states differently"


def test_walker_finds_defaults_and_skips_data() -> None:
    schema = {
        "properties": {
            "default": {"type": "string", "default": "x"},
            "a/b": {"default": 1},
            "c": {"const": {"default": 2}, "examples": [{"default": 3}]},
        },
        "$defs": {"d": {"anyOf": [{"default": True}]}},
    }
    assert typed(schema_defaults(schema)) == {
        "/properties/default": ("str", "x"),
        "/properties/a~1b": ("int", 1),
        "/$defs/d/anyOf/0": ("bool", True),
    }
