"""eksgen inside other tools: the cookiecutter scaffold (eksgen init) and the KRM function."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.integrations import scaffold
    from eksgen.integrations.scaffold import Scaffolded, parse_sets, with_install_from

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "Scaffolded": "eksgen.integrations.scaffold",
    "parse_sets": "eksgen.integrations.scaffold",
    "scaffold": "eksgen.integrations.scaffold",
    "with_install_from": "eksgen.integrations.scaffold",
}
__all__ = [
    "Scaffolded",
    "parse_sets",
    "scaffold",
    "with_install_from",
]
__getattr__ = lazy(__name__, _EXPORTS)
