"""eksgen: correct Kubernetes networking manifests for Amazon EKS from small App specs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eksgen.version import __version__

__all__ = ["__version__", "check_paths", "render_paths"]

if TYPE_CHECKING:
    from eksgen.api import check_paths, render_paths


def __getattr__(name: str) -> Any:
    """Import the pipeline on first use, so that `eksgen --version` stays fast."""
    if name in ("check_paths", "render_paths"):
        from eksgen import api

        return getattr(api, name)
    raise AttributeError(f"module 'eksgen' has no attribute {name!r}")
