"""`eksgen plan`: what the specs create in AWS (load balancers, cost, DNS, pod-IP headroom)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    info,
    option,
    parse_overrides,
    print_notes,
    print_problems,
    quiet_option,
    set_option,
    set_verbosity,
    verbose_option,
)

if TYPE_CHECKING:
    from eksgen.api import CheckResult
    from eksgen.plan.build import Plan


class OutputFormat(StrEnum):
    """Text for people, JSON for programs, HTML for a picture of it."""

    text = "text"
    json = "json"
    html = "html"


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
    output: Annotated[
        OutputFormat,
        option("--output", help="Report format (html: one self-contained page, to -o FILE)."),
    ] = OutputFormat.text,
    output_file: Annotated[
        Path | None,
        option(
            "--output-file",
            "-o",
            metavar="FILE",
            help="Write the report to FILE instead of stdout.",
        ),
    ] = None,
    set_: Annotated[list[str] | None, set_option()] = None,
    controller_version: Annotated[str | None, controller_version_option()] = None,
    api_choice: Annotated[Api | None, api_option()] = None,
    external_dns_version: Annotated[str | None, external_dns_version_option()] = None,
    quiet: Annotated[bool, quiet_option()] = False,
    verbose: Annotated[bool, verbose_option()] = False,
) -> int:
    """What the specs create in AWS: load balancers, their cost, DNS records, pod-IP headroom."""
    from eksgen import api

    set_verbosity(quiet, verbose)
    if output_file is not None:
        _refuse_a_spec(output_file, paths)
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
    text = _report(output, result, checked)
    if output_file is None:
        sys.stdout.write(text)
    else:
        from eksgen.output.write import replace_file

        replace_file(output_file, text)
        info(f"eksgen: wrote the plan ({output.value}) to {output_file}")
    detail_timing("plan")
    return EXIT_INVALID if result.errors else EXIT_OK


def _report(output: OutputFormat, result: Plan, checked: CheckResult) -> str:
    """The plan in the format asked for (the HTML page also marks the checks' findings)."""
    if output is OutputFormat.html:
        from eksgen.plan.html_report import html_report

        return html_report(result, checked.apps, checked.problems, checked.clusters)
    from eksgen.plan.report import json_report, text_report

    return json_report(result) if output is OutputFormat.json else text_report(result)


def _refuse_a_spec(output: Path, paths: list[str]) -> None:
    """FILE must not be a spec this plan reads: writing the report over it would lose it."""
    from eksgen.errors import UsageError

    target = output.resolve()
    for path in paths:
        given = Path(path).resolve() if path != "-" else None
        is_spec = target.suffix in (".yaml", ".yml") and given in target.parents
        if given is not None and target.exists() and (given == target or is_spec):
            raise UsageError(
                f"{output}: is a spec this plan reads ({path}); refusing to overwrite it. "
                "Choose another file."
            )
