"""The command line: one module per command (options and exit codes only)."""

from eksgen.cli.app import main

__all__ = ["main"]
