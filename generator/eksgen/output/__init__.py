"""Writing files: the one atomic writer (a tree or a single file), and old-tree reuse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.output.write import publish, replace_file, sync, tree_format, write_tree

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "publish": "eksgen.output.write",
    "replace_file": "eksgen.output.write",
    "sync": "eksgen.output.write",
    "tree_format": "eksgen.output.write",
    "write_tree": "eksgen.output.write",
}
__all__ = [
    "publish",
    "replace_file",
    "sync",
    "tree_format",
    "write_tree",
]
__getattr__ = lazy(__name__, _EXPORTS)
