"""`eksgen validate`: specs in, a report out (text, JSON or SARIF); nothing is rendered."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from eksgen.cli.common import (
    CONFIG_HELP,
    EXIT_INVALID,
    EXIT_OK,
    PATHS_HELP,
    Api,
    api_option,
    argument,
    controller_version_option,
    detail_checked,
    detail_timing,
    external_dns_version_option,
    info,
    load_config,
    option,
    parse_overrides,
    print_notes,
    print_problems,
    quiet_option,
    set_option,
    set_verbosity,
    verbose_option,
)


class ReportFormat(StrEnum):
    """How validate reports problems."""

    text = "text"
    json = "json"
    sarif = "sarif"


def validate(
    paths: Annotated[list[str], argument(help=PATHS_HELP, metavar="PATH")],
    output: Annotated[
        ReportFormat, option("--output", help="Report format (sarif: for code scanning).")
    ] = ReportFormat.text,
    strict: Annotated[bool, option("--strict", help="Warnings fail too (exit 1).")] = False,
    config: Annotated[Path | None, option("--config", help=CONFIG_HELP, metavar="FILE")] = None,
    set_: Annotated[list[str] | None, set_option()] = None,
    controller_version: Annotated[str | None, controller_version_option()] = None,
    api_choice: Annotated[Api | None, api_option()] = None,
    external_dns_version: Annotated[str | None, external_dns_version_option()] = None,
    quiet: Annotated[bool, quiet_option()] = False,
    verbose: Annotated[bool, verbose_option()] = False,
) -> int:
    """Check specs (YAML, schema, semantic rules) without rendering anything."""
    from eksgen.api import check_paths
    from eksgen.version import __version__

    set_verbosity(quiet, verbose)
    overrides = parse_overrides(set_)
    settings = load_config(config)
    result = check_paths(
        paths,
        config=settings,
        overrides=overrides,
        controller_version=controller_version,
        api=api_choice.value if api_choice else None,
        external_dns_version=external_dns_version,
    )
    detail_checked(result, settings)
    if output is ReportFormat.json:
        from eksgen.lint.report import json_report

        sys.stdout.write(json_report(result.problems, result.notes, result.skipped))
    elif output is ReportFormat.sarif:
        from eksgen.lint.report import sarif_report

        sys.stdout.write(sarif_report(result.problems, result.skipped, __version__))
    else:
        print_notes(result.notes)
        print_problems(result.problems, warnings_fail=strict)
        if not result.errors and not result.warnings_only:
            info(f"eksgen: {result.spec_count} spec(s) valid")
    failing = result.errors or (strict and result.warnings_only)
    detail_timing("validate")
    return EXIT_INVALID if failing else EXIT_OK
