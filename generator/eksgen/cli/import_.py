"""`eksgen import`: existing Service, Ingress and SecurityGroupPolicy YAML into App specs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from eksgen.cli.common import EXIT_INVALID, EXIT_OK, argument, err, option, print_problems


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

    result = api.import_(paths)
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
