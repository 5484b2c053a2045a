"""`eksgen schema`: print the JSON Schema of a spec kind, for editors and CI."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

from eksgen.cli.common import EXIT_OK, argument


class SchemaName(StrEnum):
    """The schemas eksgen ships."""

    app = "app"
    cluster = "cluster"


def schema(
    name: Annotated[
        SchemaName, argument(help="Which schema to print: app or cluster.", metavar="KIND")
    ],
) -> int:
    """Print the JSON Schema of a spec kind (for editors and CI)."""
    from eksgen.resources import schema_text

    sys.stdout.write(schema_text(name.value))
    return EXIT_OK
