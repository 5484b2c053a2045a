"""--set path=value: change a field of every App spec before it is checked.

The value is read as a YAML scalar (so 8080 is a number and true a boolean; quote to keep a
string). The changed spec goes through the same schema and rules as a written one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eksgen.errors import UsageError
from eksgen.spec.load import Document
from eksgen.spec.path import FieldPath

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[\"([^\"]+)\"\]")


@dataclass(frozen=True)
class Override:
    """One --set: a field path and its new value."""

    text: str
    path: FieldPath
    value: Any


def parse_override(text: str) -> Override:
    """Parse 'spec.exposure.scheme=internal' (keys with dots go in brackets: a["b.c"])."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if "=" not in text:
        raise UsageError(f"--set {text!r}: expected PATH=VALUE, e.g. metadata.namespace=prod")
    raw_path, raw_value = text.split("=", 1)
    path = _parse_path(raw_path, text)
    try:
        value = YAML(typ="safe", pure=True).load(raw_value) if raw_value else ""
    except YAMLError:
        value = raw_value
    if isinstance(value, dict | list):
        raise UsageError(f"--set {text!r}: the value must be a single scalar")
    return Override(text, path, value)


def _parse_path(raw: str, text: str) -> FieldPath:
    parts: list[str | int] = []
    position = 0
    while position < len(raw):
        if raw[position] == "." and parts:
            position += 1
        match = _PART.match(raw, position)
        if match is None:
            raise UsageError(f"--set {text!r}: cannot read the path at {raw[position:]!r}")
        name, index, quoted = match.groups()
        parts.append(int(index) if index is not None else (name or quoted))
        position = match.end()
    if len(parts) < 2 or parts[0] not in ("metadata", "spec"):
        raise UsageError(f"--set {text!r}: the path must start with metadata. or spec.")
    return tuple(parts)


def apply_overrides(documents: list[Document], overrides: list[Override]) -> list[Document]:
    """The App documents with every override applied (to the data and the positioned node)."""
    if not overrides:
        return documents
    changed = []
    for document in documents:
        if document.kind == "App":
            for override in overrides:
                _assign(document.data, override)
                _assign(document.node, override)
        changed.append(document)
    return changed


def _assign(root: Any, override: Override) -> None:
    node = root
    for part, following in zip(override.path, override.path[1:], strict=False):
        if isinstance(node, dict):
            if part not in node or not isinstance(node[part], dict | list):
                node[part] = [] if isinstance(following, int) else {}
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            raise UsageError(f"--set {override.text!r}: no list item {part!r} to change")
    last = override.path[-1]
    if isinstance(node, list):
        if not isinstance(last, int) or last > len(node):
            raise UsageError(f"--set {override.text!r}: no list item {last!r} to change")
        if last == len(node):
            node.append(override.value)
        else:
            node[last] = override.value
    else:
        node[last] = override.value
