"""eksgen inside other tools: the cookiecutter scaffold (eksgen init) and the KRM function."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.integrations import scaffold
    from eksgen.integrations.scaffold import parse_sets

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "parse_sets": "eksgen.integrations.scaffold",
    "scaffold": "eksgen.integrations.scaffold",
}
__all__ = [
    "parse_sets",
    "scaffold",
]
__getattr__ = lazy(__name__, _EXPORTS)
