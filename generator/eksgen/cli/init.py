"""`eksgen init`: scaffold a new app repository with cookiecutter."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from eksgen.cli.common import EXIT_OK, err, option


def init(
    output_dir: Annotated[
        Path,
        option(
            "--output-dir",
            "-o",
            metavar="DIR",
            help="Create the repository folder (named after repo_name) in DIR.",
        ),
    ] = Path(),
    no_input: Annotated[
        bool, option("--no-input", help="Ask nothing: the defaults and --set answers only.")
    ] = False,
    set_: Annotated[
        list[str] | None,
        option(
            "--set",
            metavar="KEY=VALUE",
            help="An answer, e.g. app_name=orders or exposure=nlb (repeatable); without "
            "--no-input it becomes the question's default.",
        ),
    ] = None,
) -> int:
    """Scaffold a new app repository: App spec, rendered/, Kustomize overlays, Helm chart, CI."""
    from eksgen.integrations.scaffold import parse_sets, scaffold

    repo = scaffold(output_dir, parse_sets(set_ or []), no_input=no_input)
    err(f"eksgen: created {repo}; next: cd {repo} && git init && make check")
    return EXIT_OK
