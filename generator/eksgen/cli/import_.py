"""`eksgen import`: existing Service, Ingress and SecurityGroupPolicy YAML into App specs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from eksgen.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    argument,
    detail,
    detail_timing,
    info,
    option,
    print_notes,
    print_problems,
    quiet_option,
    set_verbosity,
    verbose_option,
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
    quiet: Annotated[bool, quiet_option()] = False,
    verbose: Annotated[bool, verbose_option()] = False,
) -> int:
    """Turn existing Service, Ingress and SecurityGroupPolicy YAML into App specs."""
    from eksgen import api
    from eksgen.importer import dump_specs

    set_verbosity(quiet, verbose)
    _refuse_missing(paths)
    if output is not None:
        _refuse_an_input(output, paths)
    result = api.import_(paths)
    print_notes(result.notes)
    print_problems(sorted(result.errors + result.warnings))
    if result.errors:
        return EXIT_INVALID
    detail(f"{len(result.specs)} App spec(s) from {len(paths)} path(s)")
    text = dump_specs(result.specs)
    if output is None:
        sys.stdout.write(text)
        detail_timing("import")
        return EXIT_OK
    from eksgen.output.write import replace_file

    replace_file(output, text)
    info(f"eksgen: wrote {len(result.specs)} App spec(s) to {output}")
    detail_timing("import")
    return EXIT_OK


def _refuse_missing(paths: list[str]) -> None:
    """A path that names nothing is a usage error (exit 2), as for every other command."""
    from eksgen.errors import UsageError

    for path in paths:
        if path != "-" and "\0" not in path and not Path(path).exists():
            raise UsageError(f"{path}: no such file or folder")


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
