"""Lazy package exports: a package's __init__ names its public API without importing it.

Each package lists its public names and the module that defines each; importing the package
stays cheap (`eksgen --version` and a small render import only what they use), and a name is
imported from its module on first use. mypy sees the same names through a TYPE_CHECKING
import in the package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module __getattr__ for package: exports maps public name -> defining module.

    A name that maps to its own module path is a submodule exported as such.
    """

    def getattr_(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        imported = importlib.import_module(module)
        return imported if module.rpartition(".")[2] == name else getattr(imported, name)

    return getattr_
