"""`eksgen plan`: what the specs create in AWS (load balancers, cost, DNS, pod-IP headroom)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from eksgen.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    PATHS_HELP,
    Api,
    api_option,
    argument,
    controller_version_option,
    detail,
    detail_checked,
    detail_timing,
    external_dns_version_option,
    option,
    parse_overrides,
    print_notes,
    print_problems,
    quiet_option,
    set_option,
    set_verbosity,
    verbose_option,
)


class OutputFormat(StrEnum):
    """Text for people, JSON for programs."""

    text = "text"
    json = "json"


def plan(
    paths: Annotated[list[str], argument(help=PATHS_HELP, metavar="PATH")],
    prices: Annotated[
        Path | None,
        option(
            "--prices",
            help="A price table (JSON, the format of the bundled one) to use instead.",
            metavar="FILE",
        ),
    ] = None,
    output: Annotated[OutputFormat, option("--output", help="Report format.")] = OutputFormat.text,
    set_: Annotated[list[str] | None, set_option()] = None,
    controller_version: Annotated[str | None, controller_version_option()] = None,
    api_choice: Annotated[Api | None, api_option()] = None,
    external_dns_version: Annotated[str | None, external_dns_version_option()] = None,
    quiet: Annotated[bool, quiet_option()] = False,
    verbose: Annotated[bool, verbose_option()] = False,
) -> int:
    """What the specs create in AWS: load balancers, their cost, DNS records, pod-IP headroom."""
    from eksgen import api
    from eksgen.plan.report import json_report, text_report

    set_verbosity(quiet, verbose)
    result, checked = api.plan(
        paths,
        prices,
        overrides=parse_overrides(set_),
        controller_version=controller_version,
        api=api_choice.value if api_choice else None,
        external_dns_version=external_dns_version,
    )
    detail_checked(checked)
    detail(f"prices: {prices or 'the bundled table'}")
    print_notes(checked.notes)
    print_problems(checked.warnings)
    sys.stdout.write(json_report(result) if output is OutputFormat.json else text_report(result))
    detail_timing("plan")
    return EXIT_INVALID if result.errors else EXIT_OK
