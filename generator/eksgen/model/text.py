"""How spec values become the strings the controllers read."""

from __future__ import annotations

from typing import Any


def stringify(value: Any) -> str:
    """The string form a controller expects: booleans as lower-case true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def string_pairs(mapping: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """A mapping as sorted (key, string value) pairs: sorted keys make output deterministic."""
    return tuple(sorted((key, stringify(value)) for key, value in (mapping or {}).items()))
