"""`eksgen import`: existing Service, Ingress and SecurityGroupPolicy YAML into App specs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from eksgen.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    argument,
    err,
    option,
    print_notes,
    print_problems,
)


def import_(
    paths: Annotated[
        list[str],
        argument(metavar="MANIFEST", help="Manifest files or folders; '-' reads stdin."),
    ],
    output: Annotated[
        Path | None,
        option("--output", "-o", metavar="FILE", help="Write the App specs to FILE."),
    ] = None,
) -> int:
    """Turn existing Service, Ingress and SecurityGroupPolicy YAML into App specs."""
    from eksgen import api
    from eksgen.importer import dump_specs

    if output is not None:
        _refuse_an_input(output, paths)
    result = api.import_(paths)
    print_notes(result.notes)
    print_problems(sorted(result.errors + result.warnings))
    if result.errors:
        return EXIT_INVALID
    text = dump_specs(result.specs)
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    from eksgen.output.write import replace_file

    replace_file(output, text)
    err(f"eksgen: wrote {len(result.specs)} App spec(s) to {output}")
    return EXIT_OK


def _refuse_an_input(output: Path, paths: list[str]) -> None:
    """FILE must not be a manifest this import reads: writing it would lose the manifests."""
    from eksgen.errors import UsageError

    target = _resolved(output)
    if target is None or not target.exists():
        return
    for path in paths:
        given = _resolved(Path(path)) if path != "-" else None
        if given is not None and (given == target or given in target.parents):
            raise UsageError(
                f"{output}: is {path if given == target else 'in ' + path}, an input of this "
                "import; refusing to overwrite it. Choose another file."
            )


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None
