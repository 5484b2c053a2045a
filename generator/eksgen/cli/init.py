"""`eksgen init`: scaffold a new app repository with cookiecutter."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from eksgen.cli.common import EXIT_OK, err, option, print_notes


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
    install_from: Annotated[
        str | None,
        option(
            "--install-from",
            metavar="SPEC",
            help="How the repository installs eksgen (requirements.txt, so make install and "
            "CI, and pre-commit): a pip requirement such as eksgen==0.2.0 or "
            "'eksgen @ git+https://HOST/ORG/eksgen@v0.2.0', or the path of an eksgen wheel "
            "or checkout. Default: where this eksgen was installed from.",
        ),
    ] = None,
) -> int:
    """Scaffold a new app repository: App spec, rendered/, Kustomize overlays, Helm chart, CI."""
    from eksgen.integrations.scaffold import parse_sets, scaffold, with_install_from

    answers = parse_sets(set_ or [])
    if install_from is not None:
        answers = with_install_from(answers, install_from)
    made = scaffold(output_dir, answers, no_input=no_input)
    print_notes(list(made.notes))
    err(f"eksgen: created {made.path}; next: cd {made.path} && git init && make check")
    return EXIT_OK
