"""What every command shares: exit codes, option helpers, and how reports reach stderr."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

PATHS_HELP = "Spec files or folders (every *.yaml/*.yml below them); '-' reads stdin."
CONFIG_HELP = "Repository settings (default: the nearest .eksgen.yaml)."


def option(*names: str, **kwargs: Any) -> Any:
    """typer.Option, imported when a command is built (typer is not needed for --version)."""
    import typer

    return typer.Option(*names, **kwargs)


def argument(**kwargs: Any) -> Any:
    """typer.Argument, imported when a command is built."""
    import typer

    return typer.Argument(**kwargs)


def controller_version_option() -> Any:
    """--controller-version, whose help names the release eksgen pins."""
    from eksgen.model import facts

    return option(
        "--controller-version",
        help="AWS Load Balancer Controller release to check the annotations against, e.g. "
        "2.13.0, where no Cluster spec names one: a Cluster spec's "
        "loadBalancerController.version wins. Default: "
        f"{facts.versions.LBC_VERSION}, the release eksgen pins.",
        metavar="VERSION",
    )


def external_dns_version_option() -> Any:
    """--external-dns-version, whose help names the release eksgen pins."""
    from eksgen.model import facts

    return option(
        "--external-dns-version",
        help="ExternalDNS release to check the ExternalDNS annotations and flags against, "
        "e.g. 0.20.0, where no Cluster spec names one: a Cluster spec's externalDns.version "
        f"wins. Default: {facts.versions.EXTERNAL_DNS_VERSION}, the release eksgen pins.",
        metavar="VERSION",
    )


def load_config(path: Path | None) -> Any:
    """The repository settings: --config FILE, else the nearest .eksgen.yaml."""
    from eksgen.errors import UsageError
    from eksgen.lint.config import find_config
    from eksgen.lint.config import load_config as load

    if path is not None and not path.is_file():
        raise UsageError(f"--config {path}: no such file")
    return load(path or find_config())


def print_problems(problems: list[Any]) -> None:
    """Problems as the text report on stderr (coloured on a terminal)."""
    from eksgen.lint.report import text_report, use_colour

    if problems:
        err(text_report(problems, colour=use_colour(sys.stderr)), end="")


def print_notes(notes: list[str]) -> None:
    """Notes (skipped files and the like) on stderr."""
    for note in notes:
        err(f"note: {note}")


def err(message: str, end: str = "\n") -> None:
    """A line on stderr."""
    sys.stderr.write(message + end)
