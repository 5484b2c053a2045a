"""`eksgen render`: specs in, manifests or helm values out (stdout or -o DIR)."""

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
    detail,
    detail_checked,
    detail_timing,
    err,
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


class RenderFormat(StrEnum):
    """What render writes (the values of eksgen.api.RenderFormat, for the option's choices)."""

    manifests = "manifests"
    helm_values = "helm-values"


def render(
    paths: Annotated[list[str], argument(help=PATHS_HELP, metavar="PATH")],
    output_dir: Annotated[
        str | None,
        option(
            "--output-dir",
            "-o",
            help="Write files to DIR (a folder per app plus kustomization.yaml) "
            "instead of one YAML stream on stdout. DIR is replaced atomically.",
            metavar="DIR",
        ),
    ] = None,
    check: Annotated[
        bool,
        option(
            "--check",
            help="With -o: write nothing; exit 1 and print a diff when DIR differs "
            "from what would be rendered.",
        ),
    ] = False,
    config: Annotated[str | None, option("--config", help=CONFIG_HELP, metavar="FILE")] = None,
    set_: Annotated[
        list[str] | None,
        set_option(),
    ] = None,
    templates: Annotated[
        str | None,
        option(
            "--templates",
            help="A folder of templates that override the bundled ones by name (e.g. "
            "manifests/service.yaml.j2); they run in Jinja's sandbox.",
            metavar="DIR",
        ),
    ] = None,
    format_: Annotated[
        RenderFormat,
        option(
            "--format",
            help="manifests (default), or helm-values: per app a values.yaml in the key "
            "layout of the chart helm create scaffolds (needs -o DIR).",
        ),
    ] = RenderFormat.manifests,
    force: Annotated[
        bool,
        option(
            "--force",
            help="With -o: replace DIR even when it holds eksgen's output of the other "
            "--format (manifests and helm-values are refused otherwise).",
        ),
    ] = False,
    controller_version: Annotated[str | None, controller_version_option()] = None,
    api_choice: Annotated[Api | None, api_option()] = None,
    external_dns_version: Annotated[str | None, external_dns_version_option()] = None,
    quiet: Annotated[bool, quiet_option()] = False,
    verbose: Annotated[bool, verbose_option()] = False,
) -> int:
    """Render App and Cluster specs into manifests, Helm values and IAM policies."""
    from eksgen import api
    from eksgen.errors import UsageError

    set_verbosity(quiet, verbose)
    if check and output_dir is None:
        raise UsageError("--check needs -o DIR (the folder to compare against)")
    # Paths are taken as text and checked here: typer's own Path conversion lets the
    # ValueError of a NUL character through.
    out = given_path("-o", output_dir)
    overrides = parse_overrides(set_)
    templates_dir = given_path("--templates", templates)
    if templates_dir is not None and not templates_dir.is_dir():
        raise UsageError(f"--templates {templates}: no such folder")
    settings = load_config(given_path("--config", config))
    chosen = api.RenderFormat(format_.value)
    if chosen is api.RenderFormat.HELM_VALUES and out is None:
        raise UsageError("--format helm-values needs -o DIR (one values.yaml per app)")
    if out is not None:
        refuse_input_folder(out, paths)
        if not check and not force:
            refuse_other_format(out, chosen.value)
    checked = api.check_paths(
        paths,
        config=settings,
        overrides=overrides,
        controller_version=controller_version,
        api=api_choice.value if api_choice else None,
        external_dns_version=external_dns_version,
    )
    detail_checked(checked, settings)
    detail(f"templates: {templates_dir or 'the bundled ones'}; format: {chosen.value}")
    result = api.render_checked(checked, format=chosen, templates=templates_dir)
    print_notes(result.notes)
    print_problems(result.warnings)
    if out is None:
        if result.cluster_files_left_out:
            info("note: Helm values and IAM policies of Cluster specs are written with -o DIR")
        sys.stdout.write(result.stream)
        detail_timing("render")
        return EXIT_OK
    code = write_files(result.files, out, check)
    detail_timing("render")
    return code


def given_path(option_name: str, text: str | None) -> Path | None:
    """The path an option names; a NUL character (which no path can hold) is a usage error."""
    from eksgen.errors import UsageError

    if text is None:
        return None
    if "\0" in text:
        raise UsageError(f"{option_name} {text!r}: a path cannot hold a NUL character")
    return Path(text)


def refuse_input_folder(output_dir: Path, paths: list[str]) -> None:
    """DIR is replaced as a whole: it must not hold a spec (or be one) this render reads."""
    from eksgen.errors import UsageError

    target = _resolved(output_dir)
    if target is None or target == Path(target.anchor):
        return  # the writer names what is wrong with DIR (the root folder is refused there)
    for path in paths:
        given = _resolved(Path(path)) if path != "-" else None
        if given is not None and given.is_relative_to(target):
            raise UsageError(
                f"{output_dir}: holds {path}, an input of this render; refusing to replace it. "
                "Choose another folder."
            )


def refuse_other_format(output_dir: Path, chosen: str) -> None:
    """DIR holding eksgen's output of the other --format is not replaced without --force.

    Helm values in place of manifests (or the reverse) is most often a forgotten --format,
    and whatever deploys DIR would then find the other kind of file.
    """
    from eksgen.errors import UsageError
    from eksgen.output.write import tree_format

    found = tree_format(output_dir)
    if found is not None and found != chosen:
        raise UsageError(
            f"{output_dir}: holds eksgen's {found} output; --format {chosen} would replace "
            "it. Give --force to replace it, or choose another folder."
        )


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def write_files(files: dict[str, str], output_dir: Path, check: bool) -> int:
    """Write (or with check, compare) the files; report what happened on stderr."""
    from eksgen.output.write import sync

    outcome = sync(files, output_dir, check=check)
    if outcome.written and not outcome.changed:
        info(f"eksgen: {output_dir} unchanged ({outcome.count} files)")
        return EXIT_OK
    if outcome.written:
        for name in outcome.removed:
            info(f"eksgen: removed {output_dir / name}")
        removed = f", removed {len(outcome.removed)}" if outcome.removed else ""
        info(f"eksgen: wrote {outcome.count} files to {output_dir}{removed}")
        return EXIT_OK
    if outcome.up_to_date:
        info(f"eksgen: {output_dir} is up to date ({outcome.count} files)")
        return EXIT_OK
    sys.stdout.write(outcome.difference)
    for name in outcome.removed:
        info(f"eksgen: would remove {output_dir / name}")
    # The verdict of --check: an error line, which -q keeps (the exit code says it too).
    err(f"eksgen: {output_dir} is out of date; run eksgen render without --check")
    return EXIT_INVALID
