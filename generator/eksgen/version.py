"""eksgen's version: written here once; pyproject.toml reads it for the package metadata."""

__version__ = "0.1.0"
