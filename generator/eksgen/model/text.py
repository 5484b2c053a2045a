"""How spec values become the strings the controllers read."""

from __future__ import annotations

from typing import Any


def stringify(value: Any) -> str:
    """The string form a controller expects: booleans as lower-case true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
