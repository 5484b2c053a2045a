"""The eksgen command line: flags in, one call into the pipeline, a report, an exit code.

Exit codes: 0 success; 1 invalid input (or drift under --check); 2 wrong usage;
3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class OutputFormat(StrEnum):
    """Text for people, JSON for programs."""

    text = "text"
    json = "json"


class RenderFormat(StrEnum):
    """What render writes."""

    manifests = "manifests"
    helm_values = "helm-values"


class ReportFormat(StrEnum):
    """How validate reports problems."""

    text = "text"
    json = "json"
    sarif = "sarif"


class SchemaName(StrEnum):
    """The schemas eksgen ships."""

    app = "app"
    cluster = "cluster"


def main() -> None:
    """Entry point of the eksgen console script."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        # Answer without importing typer and the pipeline: scripts call this often.
        from eksgen import __version__

        print(f"eksgen {__version__}")
        raise SystemExit(EXIT_OK)
    sys.exit(run(sys.argv[1:]))


def run(argv: list[str]) -> int:
    """Run the command line on argv and return the exit code (never raises)."""
    app = build_app(only=argv[0] if argv else None)
    try:
        result = app(args=argv, prog_name="eksgen", standalone_mode=False)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except Exception as error:
        return _report_exception(error)
    return int(result or 0)


def _report_exception(error: Exception) -> int:
    from eksgen.errors import InvalidInput, OutputError, UsageError

    if type(error).__name__ == "Abort":
        _err("eksgen: aborted")
        return EXIT_INVALID
    if hasattr(error, "show") and isinstance(getattr(error, "exit_code", None), int):
        # typer's (vendored) click usage errors: print usage and the message, exit 2.
        error.show()
        return int(getattr(error, "exit_code", EXIT_USAGE))
    if isinstance(error, InvalidInput):
        _print_problems(error.problems)
        return EXIT_INVALID
    if isinstance(error, UsageError | OutputError):
        _err(f"eksgen: error: {error}")
        return EXIT_USAGE
    if _user_template_error(error):
        _err(f"eksgen: error: {error}")
        return EXIT_INVALID
    if os.environ.get("EKSGEN_DEBUG"):
        raise error
    _err(f"eksgen: internal error: {type(error).__name__}: {error}")
    _err("This is a bug in eksgen; set EKSGEN_DEBUG=1 for a traceback and please report it.")
    return EXIT_INTERNAL


def _user_template_error(error: Exception) -> bool:
    """A failure of a template the user supplied (render --templates): the user's to fix."""
    from eksgen.render.templating import TemplateError

    return isinstance(error, TemplateError)


def build_app(only: str | None = None) -> Any:
    """The typer application (built on demand to keep start-up lean).

    only: when it names a command, that command alone is built (typer inspects every
    command's signature, which costs more than running a small render); anything else,
    such as --help or a mistyped command, gets the whole application.
    """
    import typer

    app = typer.Typer(
        name="eksgen",
        help="Render correct EKS networking manifests (Service, Ingress, "
        "SecurityGroupPolicy, ExternalDNS annotations) from small App specs.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    commands: dict[str, Callable[..., Any]] = {
        "render": render,
        "validate": validate,
        "schema": schema,
        "capacity": capacity,
        "plan": plan,
        "explain": explain,
        "init": init,
        "import": import_,
    }
    for name, command in commands.items():
        if only not in commands or name == only:
            app.command(name)(command)
    # The callback keeps a one-command application a group: 'eksgen render ...' as ever.
    app.callback(invoke_without_command=True)(_root)
    return app


def _version_callback(value: bool) -> None:
    if value:
        from eksgen import __version__

        print(f"eksgen {__version__}")
        raise SystemExit(EXIT_OK)


def _root(
    version: Annotated[
        bool,
        _option("--version", "-V", help="Print the version and exit.", callback=_version_callback),
    ] = False,
) -> None:
    """Render correct EKS networking manifests from small App specs."""


def _option(*names: str, **kwargs: Any) -> Any:
    import typer

    return typer.Option(*names, **kwargs)


def _argument(**kwargs: Any) -> Any:
    import typer

    return typer.Argument(**kwargs)


PATHS_HELP = "Spec files or folders (every *.yaml/*.yml below them); '-' reads stdin."


def render(
    paths: Annotated[list[str], _argument(help=PATHS_HELP, metavar="PATH")],
    output_dir: Annotated[
        Path | None,
        _option(
            "--output-dir",
            "-o",
            help="Write files to DIR (a folder per app plus kustomization.yaml) "
            "instead of one YAML stream on stdout. DIR is replaced atomically.",
            metavar="DIR",
        ),
    ] = None,
    check: Annotated[
        bool,
        _option(
            "--check",
            help="With -o: write nothing; exit 1 and print a diff when DIR differs "
            "from what would be rendered.",
        ),
    ] = False,
    config: Annotated[Path | None, _option("--config", help=CONFIG_HELP, metavar="FILE")] = None,
    set_: Annotated[
        list[str] | None,
        _option(
            "--set",
            help="Change a field of every App before checking, e.g. metadata.namespace=prod "
            "(repeatable).",
            metavar="PATH=VALUE",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        _option(
            "--templates",
            help="A folder of templates that override the bundled ones by name (e.g. "
            "manifests/service.yaml.j2); they run in Jinja's sandbox.",
            metavar="DIR",
        ),
    ] = None,
    format_: Annotated[
        RenderFormat,
        _option(
            "--format",
            help="manifests (default), or helm-values: per app a values.yaml in the key "
            "layout of the chart helm create scaffolds (needs -o DIR).",
        ),
    ] = RenderFormat.manifests,
) -> int:
    """Render App and Cluster specs into manifests, Helm values and IAM policies."""
    from eksgen.errors import UsageError

    if check and output_dir is None:
        raise UsageError("--check needs -o DIR (the folder to compare against)")
    from eksgen.spec.overrides import parse_override

    overrides = [parse_override(text) for text in set_ or []]
    if templates is None:
        return _render(paths, output_dir, check, config, overrides, format_)
    from eksgen.render.templating import use_templates

    if not templates.is_dir():
        raise UsageError(f"--templates {templates}: no such folder")
    from eksgen.render.templating import TemplateError
    from eksgen.render.verify import RenderCheckFailed

    use_templates(templates)
    try:
        return _render(paths, output_dir, check, config, overrides, format_)
    except RenderCheckFailed as error:  # with user templates, the user's template is at fault
        raise TemplateError(f"{error} (from a template in {templates})") from None
    finally:
        use_templates(None)


def _render(
    paths: list[str],
    output_dir: Path | None,
    check: bool,
    config: Path | None,
    overrides: list[Any],
    format_: RenderFormat,
) -> int:
    from eksgen.api import render_paths

    if format_ is RenderFormat.helm_values:
        return _render_helm_values(paths, output_dir, check, _config(config), overrides)
    result = render_paths(paths, config=_config(config), overrides=overrides)
    _print_notes(result.notes)
    _print_problems(result.warnings)
    if output_dir is None:
        from eksgen.output.write import stream

        if any(cluster.files for cluster in result.clusters):
            _err("note: Helm values and IAM policies of Cluster specs are written with -o DIR")
        sys.stdout.write(stream(result.manifests))
        return EXIT_OK
    return _write_or_check(result, output_dir, check)


def _render_helm_values(
    paths: list[str], output_dir: Path | None, check: bool, config: Any, overrides: list[Any]
) -> int:
    from eksgen.errors import UsageError
    from eksgen.render.helm_values import render_helm_values

    if output_dir is None:
        raise UsageError("--format helm-values needs -o DIR (one values.yaml per app)")
    result = render_helm_values(paths, config=config, overrides=overrides)
    _print_notes(result.notes)
    _print_problems(result.warnings)
    return _write_files(result.files, output_dir, check)


def _write_or_check(result: Any, output_dir: Path, check: bool) -> int:
    from eksgen.output.write import output_files

    return _write_files(output_files(result.manifests, result.clusters), output_dir, check)


def _write_files(files: dict[str, str], output_dir: Path, check: bool) -> int:
    from eksgen.output.write import diff_tree, write_tree

    if check:
        difference = diff_tree(files, output_dir)
        if difference:
            sys.stdout.write(difference)
            _err(f"eksgen: {output_dir} is out of date; run eksgen render without --check")
            return EXIT_INVALID
        _err(f"eksgen: {output_dir} is up to date ({len(files)} files)")
        return EXIT_OK
    write_tree(files, output_dir)
    _err(f"eksgen: wrote {len(files)} files to {output_dir}")
    return EXIT_OK


CONFIG_HELP = "Repository settings (default: the nearest .eksgen.yaml)."


def validate(
    paths: Annotated[list[str], _argument(help=PATHS_HELP, metavar="PATH")],
    output: Annotated[
        ReportFormat, _option("--output", help="Report format (sarif: for code scanning).")
    ] = ReportFormat.text,
    strict: Annotated[bool, _option("--strict", help="Warnings fail too (exit 1).")] = False,
    config: Annotated[Path | None, _option("--config", help=CONFIG_HELP, metavar="FILE")] = None,
) -> int:
    """Check specs (YAML, schema, semantic rules) without rendering anything."""
    from eksgen import __version__
    from eksgen.api import check_paths

    result = check_paths(paths, config=_config(config))
    if output is ReportFormat.json:
        from eksgen.lint.report import json_report

        sys.stdout.write(json_report(result.problems, result.notes, result.skipped))
    elif output is ReportFormat.sarif:
        from eksgen.lint.report import sarif_report

        sys.stdout.write(sarif_report(result.problems, result.skipped, __version__))
    else:
        _print_notes(result.notes)
        _print_problems(result.problems)
        if not result.errors and not result.warnings_only:
            _err(f"eksgen: {result.spec_count} spec(s) valid")
    failing = result.errors or (strict and result.warnings_only)
    return EXIT_INVALID if failing else EXIT_OK


def _config(path: Path | None) -> Any:
    from eksgen.errors import UsageError
    from eksgen.lint.config import find_config, load_config

    if path is not None and not path.is_file():
        raise UsageError(f"--config {path}: no such file")
    return load_config(path or find_config())


def explain(
    rule: Annotated[str | None, _argument(help="A rule ID such as EKS101.")] = None,
    list_: Annotated[bool, _option("--list", help="List every rule.")] = False,
    markdown: Annotated[
        bool, _option("--markdown", help="Every rule as a Markdown table.")
    ] = False,
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


def capacity(
    paths: Annotated[
        list[str] | None,
        _argument(help="A Cluster spec: plan every node group.", metavar="[CLUSTER]"),
    ] = None,
    instance_type: Annotated[
        list[str] | None,
        _option("--instance-type", "-t", help="EC2 instance type (repeatable).", metavar="TYPE"),
    ] = None,
    prefix_delegation: Annotated[
        bool, _option("--prefix-delegation", help="ENABLE_PREFIX_DELEGATION=true.")
    ] = False,
    custom_networking: Annotated[
        bool, _option("--custom-networking", help="Pods on ENIConfig subnets.")
    ] = False,
    pod_security_groups: Annotated[
        bool, _option("--pod-security-groups", help="ENABLE_POD_ENI=true (trunk ENI).")
    ] = False,
    max_enis: Annotated[
        int | None, _option("--max-enis", min=1, help="MAX_ENI: use at most N ENIs.")
    ] = None,
    desired: Annotated[
        int | None, _option("--desired", min=0, help="Nodes desired, for subnet planning.")
    ] = None,
    max_size: Annotated[
        int | None, _option("--max", min=0, help="Most nodes, for subnet planning.")
    ] = None,
    subnet: Annotated[
        list[str] | None,
        _option("--subnet", help="Subnet CIDR of the nodes (repeatable).", metavar="CIDR"),
    ] = None,
    warm_prefix_target: Annotated[int | None, _option("--warm-prefix-target", min=0)] = None,
    warm_ip_target: Annotated[int | None, _option("--warm-ip-target", min=0)] = None,
    minimum_ip_target: Annotated[int | None, _option("--minimum-ip-target", min=0)] = None,
    warm_eni_target: Annotated[int | None, _option("--warm-eni-target", min=0)] = None,
    output: Annotated[OutputFormat, _option("--output", help="Report format.")] = OutputFormat.text,
) -> int:
    """Pods per node and subnet headroom: for instance types, or every node group of a cluster."""
    from eksgen.capacity.request import CapacityRequest, run_capacity

    request = CapacityRequest(
        paths=paths or [],
        instance_types=instance_type or [],
        prefix_delegation=prefix_delegation,
        custom_networking=custom_networking,
        pod_security_groups=pod_security_groups,
        max_enis=max_enis,
        desired=desired,
        max_size=max_size,
        subnets=subnet or [],
        warm=(warm_eni_target, warm_ip_target, minimum_ip_target, warm_prefix_target),
        json=output is OutputFormat.json,
    )
    text, notes = run_capacity(request)
    _print_notes(notes)
    sys.stdout.write(text)
    return EXIT_OK


def plan(
    paths: Annotated[list[str], _argument(help=PATHS_HELP, metavar="PATH")],
    prices: Annotated[
        Path | None,
        _option(
            "--prices",
            help="A price table (JSON, the format of the bundled one) to use instead.",
            metavar="FILE",
        ),
    ] = None,
    output: Annotated[OutputFormat, _option("--output", help="Report format.")] = OutputFormat.text,
) -> int:
    """What the specs create in AWS: load balancers, their cost, DNS records, pod-IP headroom."""
    from eksgen.api import check_paths
    from eksgen.errors import InvalidInput
    from eksgen.plan.build import build_plan
    from eksgen.plan.pricing import load_prices
    from eksgen.plan.report import json_report, text_report

    checked = check_paths(paths)
    # The plan reports IngressGroup conflicts and shared hosts itself (exit 1 on conflicts).
    blocking = [problem for problem in checked.errors if problem.rule not in ("EKS201", "EKS203")]
    if blocking:
        raise InvalidInput(blocking)
    _print_notes(checked.notes)
    _print_problems(checked.warnings)
    result = build_plan(checked.apps, checked.clusters, load_prices(prices))
    sys.stdout.write(json_report(result) if output is OutputFormat.json else text_report(result))
    return EXIT_INVALID if result.errors else EXIT_OK


def init(
    output_dir: Annotated[
        Path,
        _option(
            "--output-dir",
            "-o",
            metavar="DIR",
            help="Create the repository folder (named after repo_name) in DIR.",
        ),
    ] = Path(),
    no_input: Annotated[
        bool, _option("--no-input", help="Ask nothing: the defaults and --set answers only.")
    ] = False,
    set_: Annotated[
        list[str] | None,
        _option(
            "--set",
            metavar="KEY=VALUE",
            help="An answer, e.g. app_name=orders or exposure=nlb (repeatable); without "
            "--no-input it becomes the question's default.",
        ),
    ] = None,
) -> int:
    """Scaffold a new app repository: App spec, rendered/, Kustomize overlays, Helm chart, CI."""
    from eksgen.integrations.scaffold import parse_sets, scaffold

    repo = scaffold(output_dir, parse_sets(set_ or []), no_input=no_input)
    _err(f"eksgen: created {repo}; next: cd {repo} && git init && make check")
    return EXIT_OK


def import_(
    paths: Annotated[
        list[str],
        _argument(metavar="MANIFEST", help="Manifest files or folders; '-' reads stdin."),
    ],
    output: Annotated[
        Path | None,
        _option("--output", "-o", metavar="FILE", help="Write the App specs to FILE."),
    ] = None,
) -> int:
    """Turn existing Service, Ingress and SecurityGroupPolicy YAML into App specs."""
    from eksgen.importer.main import dump_specs, import_manifests

    result = import_manifests(paths)
    _print_problems(sorted(result.errors + result.warnings))
    if result.errors:
        return EXIT_INVALID
    text = dump_specs(result.specs)
    if output is None:
        sys.stdout.write(text)
    else:
        _replace_file(output, text)
        _err(f"eksgen: wrote {len(result.specs)} App spec(s) to {output}")
    return EXIT_OK


def _replace_file(path: Path, text: str) -> None:
    """Write beside the file, then rename over it: a reader never sees half a file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(text)
    Path(handle.name).chmod(0o644)
    Path(handle.name).replace(path)


def schema(
    name: Annotated[SchemaName, _argument(help="Which schema to print.")],
) -> int:
    """Print the JSON Schema of a spec kind (for editors and CI)."""
    from eksgen.resources import schema_text

    sys.stdout.write(schema_text(name.value))
    return EXIT_OK


def _print_problems(problems: list[Any]) -> None:
    from eksgen.lint.report import text_report, use_colour

    if problems:
        _err(text_report(problems, colour=use_colour(sys.stderr)), end="")


def _print_notes(notes: list[str]) -> None:
    for note in notes:
        _err(f"note: {note}")


def _err(message: str, end: str = "\n") -> None:
    sys.stderr.write(message + end)
