"""Find the line and column of a field path inside a round-trip YAML node."""

from __future__ import annotations

from typing import Any

from eksgen.spec.load import Document
from eksgen.spec.path import FieldPath


def locate(document: Document, path: FieldPath, key: bool = False) -> tuple[int, int]:
    """1-based position of the value at path, or of the closest ancestor that exists.

    With key=True the position is that of the mapping key itself, which is where an
    unknown field should be pointed at.
    """
    node: Any = document.node
    position = (document.line, document.column)
    parent_key = position
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        found = _child_position(node, part, key and last)
        if found is None:
            # A missing field is pointed at by the key of the mapping that lacks it.
            return parent_key
        position = found
        parent_key = _child_position(node, part, True) or found
        node = node[part]
    return position


def _child_position(node: Any, part: str | int, want_key: bool) -> tuple[int, int] | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if isinstance(node, dict) and part in node:
            line, column = lc.key(part) if want_key else lc.value(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            line, column = lc.item(part)
        else:
            return None
    except (KeyError, IndexError, TypeError):
        return None
    return line + 1, column + 1
