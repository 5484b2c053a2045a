"""`eksgen explain`: why a rule exists, how to fix what it finds, where the fact comes from.

With --effective: what the load balancer controller will use for each setting of the
given specs, and whether the spec, eksgen or the controller chose it.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

from eksgen.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    argument,
    detail_checked,
    detail_timing,
    option,
    print_notes,
    print_problems,
    quiet_option,
    set_verbosity,
    verbose_option,
)


class OutputFormat(StrEnum):
    """Text for people, JSON for programs (--effective only)."""

    text = "text"
    json = "json"


def explain(
    targets: Annotated[
        list[str] | None,
        argument(
            help="A rule ID such as EKS101; with --effective, spec files or folders.",
            metavar="RULE|PATH...",
        ),
    ] = None,
    list_: Annotated[bool, option("--list", help="List every rule.")] = False,
    markdown: Annotated[bool, option("--markdown", help="Every rule as a Markdown table.")] = False,
    effective: Annotated[
        bool,
        option(
            "--effective",
            help="For each App of the given specs: the value the load balancer controller "
            "will use for each setting, and where it comes from.",
        ),
    ] = False,
    output: Annotated[
        OutputFormat, option("--output", help="Report format (with --effective).")
    ] = OutputFormat.text,
    quiet: Annotated[bool, quiet_option()] = False,
    verbose: Annotated[bool, verbose_option()] = False,
) -> int:
    """Why a rule exists, how to fix what it finds, and where the fact comes from."""
    from eksgen.errors import UsageError

    set_verbosity(quiet, verbose)
    if effective:
        return _effective(targets or [], output)
    if output is not OutputFormat.text:
        raise UsageError("--output applies to --effective")
    from eksgen.lint.explain import explain as explain_rule
    from eksgen.lint.explain import markdown_table, rule_list

    if markdown:
        sys.stdout.write(markdown_table())
    elif list_:
        sys.stdout.write(rule_list())
    elif not targets:
        raise UsageError("give a rule ID (eksgen explain EKS101) or --list")
    elif len(targets) > 1:
        raise UsageError("give one rule ID, or --effective with spec paths")
    else:
        sys.stdout.write(explain_rule(targets[0]))
    return EXIT_OK


def _effective(paths: list[str], output: OutputFormat) -> int:
    """The effective settings of every App found; problems on stderr, exit 1 on errors."""
    from eksgen.api import check_paths
    from eksgen.errors import UsageError
    from eksgen.lint import explain as report

    if not paths:
        raise UsageError("give spec files or folders: eksgen explain --effective PATH...")
    result = check_paths(paths)
    detail_checked(result)
    print_notes(result.notes)
    print_problems(result.problems)
    render = report.effective_json if output is OutputFormat.json else report.effective_text
    sys.stdout.write(render(result.apps))
    detail_timing("explain --effective")
    return EXIT_INVALID if result.errors else EXIT_OK
