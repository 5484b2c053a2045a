"""What every command shares: exit codes, option helpers, and how reports reach stderr.

stdout carries what a command makes (manifests, reports, JSON, SARIF) and never depends on
-q or -v; stderr carries what a person reads while it runs, at one of three levels: quiet
(errors only), normal, verbose (also the settings in force and the time taken).
"""

from __future__ import annotations

import os
import sys
import time
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# Shell completion: the variable its scripts set when a shell asks for candidates, and the
# two root options. Checked on every run, so that only a completion run loads completion.
COMPLETE_VAR = "_EKSGEN_COMPLETE"
COMPLETION_FLAGS = ("--show-completion", "--install-completion")

PATHS_HELP = "Spec files or folders (every *.yaml/*.yml below them); '-' reads stdin."
_SET_HELP = (
    "Change a field of App specs before they are checked (repeatable). NAME:PATH=VALUE "
    "changes the App NAME (its metadata.name, or namespace/name), e.g. "
    "shop/web:spec.exposure.scheme=internet-facing; PATH=VALUE changes every App (never a "
    "Cluster spec), e.g. metadata.namespace=prod. VALUE is a YAML scalar: quote '\"007\"' to "
    "keep a string. A --set that cannot be read, a PATH the App spec has no field for, or a "
    "NAME that names no App exits 2; a VALUE the App schema refuses exits 1, and so does "
    "a spec the change makes invalid (the problem names the --set)."
)


def parse_overrides(texts: list[str] | None) -> list[Any]:
    """The --set flags read; the override module is imported only when there are some."""
    if not texts:
        return []
    from eksgen.spec.overrides import parse_override

    return [parse_override(text) for text in texts]


def set_option() -> Any:
    """--set [NAME:]PATH=VALUE, for every command that checks App specs."""
    return option("--set", help=_SET_HELP, metavar="[NAME:]PATH=VALUE")


CONFIG_HELP = "Repository settings (default: the nearest .eksgen.yaml)."


def option(*names: str, **kwargs: Any) -> Any:
    """typer.Option, imported when a command is built (typer is not needed for --version)."""
    import typer

    return typer.Option(*names, **kwargs)


def argument(**kwargs: Any) -> Any:
    """typer.Argument, imported when a command is built."""
    import typer

    return typer.Argument(**kwargs)


def controller_version_option() -> Any:
    """--controller-version, whose help names the release eksgen pins."""
    from eksgen.model import facts

    return option(
        "--controller-version",
        help="AWS Load Balancer Controller release to check the annotations against, e.g. "
        "2.13.0, where no Cluster spec names one: a Cluster spec's "
        "loadBalancerController.version wins. Default: "
        f"{facts.versions.LBC_VERSION}, the release eksgen pins.",
        metavar="VERSION",
    )


class Api(StrEnum):
    """The APIs --api chooses between (eksgen.model.app.INGRESS and GATEWAY)."""

    ingress = "ingress"
    gateway = "gateway"


def api_option() -> Any:
    """--api: the API of the Apps whose spec.exposure.api is not set."""
    return option(
        "--api",
        help="ingress or gateway: the API the load balancers of Apps that do not set "
        "spec.exposure.api are asked for (an Ingress or Service of type LoadBalancer, or a "
        "Gateway API Gateway and its routes). Default: the Cluster spec's "
        "gatewayApi.default, else ingress.",
        metavar="API",
    )


def external_dns_version_option() -> Any:
    """--external-dns-version, whose help names the release eksgen pins."""
    from eksgen.model import facts

    return option(
        "--external-dns-version",
        help="ExternalDNS release to check the ExternalDNS annotations and flags against, "
        "e.g. 0.20.0, where no Cluster spec names one: a Cluster spec's externalDns.version "
        f"wins. Default: {facts.versions.EXTERNAL_DNS_VERSION}, the release eksgen pins.",
        metavar="VERSION",
    )


def completion_wanted(argv: list[str]) -> bool:
    """Whether a run is about shell completion (a shell asking, or one of the two options)."""
    first = argv[0].partition("=")[0] if argv else ""
    return bool(os.environ.get(COMPLETE_VAR)) or first in COMPLETION_FLAGS


def load_config(path: Path | None) -> Any:
    """The repository settings: --config FILE, else the nearest .eksgen.yaml."""
    from eksgen.errors import UsageError
    from eksgen.lint.config import find_config
    from eksgen.lint.config import load_config as load

    if path is not None and not path.is_file():
        raise UsageError(f"--config {path}: no such file")
    return load(path or find_config())


class Verbosity(IntEnum):
    """How much a run tells on stderr."""

    QUIET = 0
    NORMAL = 1
    VERBOSE = 2


class _Stderr:
    """The level of the run under way, and when its command started (for -v's timing).

    Module state, because an error raised out of a command is reported by the dispatcher
    (eksgen.cli.app.exit_code), which must honour the command's -q too. A plain class: a
    dataclass would cost --version, which answers before typer is loaded, the import of
    dataclasses.
    """

    def __init__(self) -> None:
        self.level = Verbosity.NORMAL
        self.started = 0.0


_STDERR = _Stderr()


def quiet_option() -> Any:
    """-q/--quiet, the same on every command that has it."""
    return option(
        "--quiet",
        "-q",
        help="Errors only on stderr: no notes, warnings, infos or summary line. "
        "stdout and the exit code do not change.",
    )


def verbose_option() -> Any:
    """-v/--verbose, the same on every command that has it."""
    return option(
        "--verbose",
        "-v",
        help="More on stderr: the settings in force (releases, config file, rules switched "
        "off) and the time taken. stdout and the exit code do not change.",
    )


def set_verbosity(quiet: bool = False, verbose: bool = False) -> None:
    """Start a command at the level its -q/-v ask for (both at once is a usage error)."""
    if quiet and verbose:
        from eksgen.errors import UsageError

        raise UsageError("-q/--quiet and -v/--verbose exclude each other; give one")
    _STDERR.level = Verbosity.QUIET if quiet else Verbosity.VERBOSE if verbose else Verbosity.NORMAL
    _STDERR.started = time.perf_counter()


def verbosity() -> Verbosity:
    """The level of the run under way."""
    return _STDERR.level


def print_problems(problems: list[Any], warnings_fail: bool = False) -> None:
    """Problems as the text report on stderr (coloured on a terminal).

    -q shows the errors alone, without the summary line; and the warnings with them when
    warnings_fail (validate --strict), for then they are why the run fails.
    """
    from eksgen.errors import Severity
    from eksgen.lint.report import text_report, use_colour

    quiet = verbosity() is Verbosity.QUIET
    failing = {Severity.ERROR, Severity.WARNING} if warnings_fail else {Severity.ERROR}
    shown = [problem for problem in problems if problem.severity in failing] if quiet else problems
    if shown:
        colour = use_colour(sys.stderr)
        err(text_report(shown, colour=colour, with_summary=not quiet), end="")


def print_notes(notes: list[str]) -> None:
    """Notes (skipped files and the like) on stderr, unless -q."""
    for note in notes:
        info(f"note: {note}")


def info(message: str) -> None:
    """A line on stderr that -q leaves out (what was written, a summary, a note)."""
    if verbosity() is not Verbosity.QUIET:
        err(message)


def detail(message: str) -> None:
    """A line on stderr with -v only (the settings in force, timings)."""
    if verbosity() is Verbosity.VERBOSE:
        err(f"eksgen: {message}")


def detail_timing(command: str) -> None:
    """With -v: the time the command took, and the CPU time of the whole process.

    The first leaves out start-up (the interpreter and the imports); the second counts it.
    """
    if verbosity() is Verbosity.VERBOSE:
        took = time.perf_counter() - _STDERR.started
        detail(f"{command} took {took:.3f} s; {time.process_time():.3f} s of CPU in all")


def detail_checked(checked: Any, config: Any = None) -> None:
    """With -v: the specs checked, the releases, the settings file, the rules switched off.

    checked is a CheckResult; config the Config, for the commands that read one.
    """
    if verbosity() is not Verbosity.VERBOSE:
        return
    detail(f"{len(checked.apps)} App and {len(checked.clusters)} Cluster spec(s) checked")
    detail(
        f"checked against AWS Load Balancer Controller {checked.controller_version} "
        f"({checked.controller_named_by}) and ExternalDNS {checked.external_dns_version} "
        f"({checked.external_dns_named_by})"
    )
    if config is not None:
        detail(f"settings: {config.file or 'none (no .eksgen.yaml here or above)'}")
    for skipped in checked.skipped:
        scope = "for the repository" if skipped.scope == "repository" else "for the spec"
        detail(f"{skipped.rule} switched off {scope} in {skipped.file}")


def err(message: str, end: str = "\n") -> None:
    """A line on stderr, whatever the level: errors."""
    sys.stderr.write(message + end)
