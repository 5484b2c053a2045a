"""`eksgen explain`: why a rule exists, how to fix what it finds, where the fact comes from."""

from __future__ import annotations

import sys
from typing import Annotated

from eksgen.cli.common import EXIT_OK, argument, option


def explain(
    rule: Annotated[str | None, argument(help="A rule ID such as EKS101.")] = None,
    list_: Annotated[bool, option("--list", help="List every rule.")] = False,
    markdown: Annotated[bool, option("--markdown", help="Every rule as a Markdown table.")] = False,
) -> int:
    """Why a rule exists, how to fix what it finds, and where the fact comes from."""
    from eksgen.errors import UsageError
    from eksgen.lint.explain import explain as explain_rule
    from eksgen.lint.explain import markdown_table, rule_list

    if markdown:
        sys.stdout.write(markdown_table())
    elif list_:
        sys.stdout.write(rule_list())
    elif rule is None:
        raise UsageError("give a rule ID (eksgen explain EKS101) or --list")
    else:
        sys.stdout.write(explain_rule(rule))
    return EXIT_OK
