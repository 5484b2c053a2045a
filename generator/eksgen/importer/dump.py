"""Imported App specs as YAML text: keys in the App schema's order, block style.

Keys follow the order in which the schema lists its properties (maps of free keys, such as
labels, are sorted), so an imported spec reads like a hand-written one. Strings are written
the way eksgen writes manifests: plain only when YAML 1.1 and 1.2 both read them back as the
same string, so the stream means the same to every tool.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from eksgen.importer.objects import as_mapping
from eksgen.render.quoting import yaml_bool, yaml_int, yaml_string


def dump_specs(specs: Iterable[dict[str, Any]]) -> str:
    """Specs as one multi-document YAML stream: block style, keys in the order given.

    Strings are written the way eksgen writes manifests: plain only when YAML 1.1 and 1.2
    both read them back as the same string, so the stream means the same to every tool.
    """
    return "".join("---\n" + "".join(_mapping_lines(spec, 0)) for spec in specs)


def ordered(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """A value with its keys in the schema's order (maps of free keys: sorted)."""
    node = _resolve(node, root)
    if isinstance(value, dict):
        properties: dict[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties")
        keys = [key for key in properties if key in value]
        keys += sorted(key for key in value if key not in properties)
        return {
            key: ordered(value[key], properties.get(key, as_mapping(extra)), root) for key in keys
        }
    if isinstance(value, list):
        return [ordered(item, as_mapping(node.get("items")), root) for item in value]
    return value


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its $ref and allOf parts merged in."""
    merged = dict(node)
    reference = merged.pop("$ref", None)
    if isinstance(reference, str):
        target: Any = root
        for part in reference.removeprefix("#/").split("/"):
            target = target[part]
        merged = _resolve(target, root) | merged
    for part in merged.pop("allOf", []):
        merged = _resolve(part, root) | merged
    return merged


def _mapping_lines(mapping: dict[str, Any], indent: int) -> Iterator[str]:
    pad = " " * indent
    for key, value in mapping.items():
        head = f"{pad}{yaml_string(str(key))}:"
        if isinstance(value, dict) and value:
            yield head + "\n"
            yield from _mapping_lines(value, indent + 2)
        elif isinstance(value, list) and value:
            yield head + "\n"
            yield from _item_lines(value, indent + 2)
        else:
            yield f"{head} {_scalar(value)}\n"


def _item_lines(items: list[Any], indent: int) -> Iterator[str]:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            first, *rest = _mapping_lines(item, indent + 2)
            yield pad + "- " + first[indent + 2 :]
            yield from rest
        elif isinstance(item, list) and item:
            yield pad + "-\n"
            yield from _item_lines(item, indent + 2)
        else:
            yield f"{pad}- {_scalar(item)}\n"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return yaml_bool(value)
    if isinstance(value, int):
        return yaml_int(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return yaml_string(str(value))
