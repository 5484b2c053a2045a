"""The eksgen command line: flags in, one call into eksgen.api, a report, an exit code.

Exit codes: 0 success; 1 invalid input (or drift under --check); 2 wrong usage;
3 an internal error (a bug: please report it). Each command lives in its own module and
only that one is imported for a run, so that start-up stays lean.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

from eksgen.cli.common import (
    COMPLETION_FLAGS,
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    completion_wanted,
    err,
    option,
    set_verbosity,
)

# Command name -> (module in eksgen.cli, function), in the order --help lists them.
COMMANDS = {
    "render": ("render", "render"),
    "validate": ("validate", "validate"),
    "schema": ("schema", "schema"),
    "capacity": ("capacity", "capacity"),
    "plan": ("plan", "plan"),
    "explain": ("explain", "explain"),
    "init": ("init", "init"),
    "import": ("import_", "import_"),
}

# The commands that pre-commit and the Argo CD plugin run once per change or per app, most
# often with nothing but paths. Given only paths, such a command is called directly with
# its defaults (the Python defaults of its signature are the option defaults typer would
# pass: the options are declared in the Annotated style), without importing typer and
# building the application, which costs a sixth of a small render.
PATHS_ONLY_COMMANDS = frozenset({"render", "validate"})


def main() -> None:
    """Entry point of the eksgen console script."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        # Answer without importing typer and the pipeline: scripts call this often.
        from eksgen.version import __version__

        print(f"eksgen {__version__}")
        raise SystemExit(EXIT_OK)
    # Start-up creates some hundred thousand objects that live until the process ends
    # (modules, classes, functions), and with the default thresholds the cycle collector
    # walks them again and again while they are made. A young collection every 50,000
    # allocations instead of every 700 (mypy raises its threshold for the same reason)
    # leaves a small render nothing to collect, and a render of thousands of specs still
    # collects its cycles.
    gc.set_threshold(50_000, 20, 20)
    end_process(run(sys.argv[1:]))


def end_process(code: int) -> NoReturn:
    """Exit with code, skipping the interpreter's teardown when nothing is waiting for it.

    Freeing every module and object one by one at exit costs more than a small render
    itself (some 30 ms for the few hundred modules of a render), and the system takes the
    memory back anyway. Everything eksgen writes is written by then (files through
    eksgen.output, which closes them); the standard streams are flushed here. When a flush
    fails, a function is registered to run at exit, or another thread runs, the ordinary
    exit runs instead, so that Python reports and waits as it always does.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        sys.exit(code)
    threading = sys.modules.get("threading")
    if atexit._ncallbacks() or (threading is not None and threading.active_count() > 1):
        sys.exit(code)
    os._exit(code)


def run(argv: list[str]) -> int:
    """Run the command line on argv and return the exit code (never raises)."""
    with_nul = next((arg for arg in argv if "\0" in arg), None)
    if with_nul is not None:
        # No process gets one from a shell (exec refuses it), but a caller of run() can: no
        # path or value may hold it, and the system calls would refuse it with a ValueError.
        err(f"eksgen: error: {with_nul!r}: an argument cannot hold a NUL character")
        return EXIT_USAGE
    if completion_wanted(argv):
        from eksgen.cli.completion import complete

        return complete(argv, build_app)
    if paths_only(argv):
        return guarded(lambda: command(argv[0])(argv[1:]))
    return run_application(argv)


def run_application(argv: list[str]) -> int:
    """Run argv through the typer application (every command line can take this way)."""
    app = build_app(only=argv[0] if argv else None)
    return guarded(lambda: app(args=argv, prog_name="eksgen", standalone_mode=False))


def paths_only(argv: list[str]) -> bool:
    """Whether argv is one of PATHS_ONLY_COMMANDS followed by paths and nothing else.

    Anything that starts with '-' (an option, '--', '-' for stdin) leaves the line to the
    application, which parses it and reports its mistakes as usage errors.
    """
    return (
        len(argv) > 1
        and argv[0] in PATHS_ONLY_COMMANDS
        and not any(arg.startswith("-") for arg in argv[1:])
    )


def guarded(call: Callable[[], Any]) -> int:
    """Call a command and turn its result, its exit or its exception into an exit code."""
    try:
        result = call()
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except Exception as error:
        return exit_code(error)
    return int(result or 0)


def exit_code(error: Exception) -> int:
    """Report an exception the way a user should see it, and return the exit code."""
    from eksgen.errors import InvalidInput, OutputError, UsageError
    from eksgen.render.templating import TemplateError

    # typer's own exceptions come only from a run that loaded it (a direct call does not).
    typer = sys.modules.get("typer")
    if typer is not None and isinstance(error, typer.Abort):
        err("eksgen: aborted")
        return EXIT_INVALID
    if typer is not None and isinstance(error, typer.TyperException):
        show = getattr(error, "show", None)  # usage errors: usage and message, exit 2
        if callable(show):
            show()
        else:
            err(f"eksgen: error: {error}")
        return int(error.exit_code)
    if isinstance(error, InvalidInput):
        from eksgen.cli.common import print_problems

        print_problems(error.problems)
        return EXIT_INVALID
    if isinstance(error, UsageError | OutputError):
        err(f"eksgen: error: {error}")
        return EXIT_USAGE
    if isinstance(error, TemplateError):  # a template the user supplied: theirs to fix
        err(f"eksgen: error: {error}")
        return EXIT_INVALID
    if isinstance(error, OSError):
        # The system refused a path the user gave (a name too long, a folder not writable):
        # the OS's reason, as for any other path that cannot be used.
        where = f"{error.filename}: " if error.filename else ""
        err(f"eksgen: error: {where}{error.strerror or error}")
        return EXIT_USAGE
    if os.environ.get("EKSGEN_DEBUG"):
        raise error
    err(f"eksgen: internal error: {type(error).__name__}: {error}")
    err("This is a bug in eksgen; set EKSGEN_DEBUG=1 for a traceback and please report it.")
    return EXIT_INTERNAL


def build_app(only: str | None = None) -> Any:
    """The typer application (built on demand to keep start-up lean).

    only: when it names a command, that command alone is built (typer inspects every
    command's signature, which costs more than running a small render); anything else,
    such as --help or a mistyped command, gets the whole application.
    """
    import typer

    from eksgen.cli.usage import Command

    app = typer.Typer(
        name="eksgen",
        help="Render correct EKS networking manifests (Service, Ingress, "
        "SecurityGroupPolicy, ExternalDNS annotations) from small App specs.",
        no_args_is_help=True,
        add_completion=False,  # see eksgen.cli.completion: loaded only when asked for
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},  # commands inherit it
    )
    for name in COMMANDS:
        if only not in COMMANDS or name == only:
            app.command(name, cls=Command)(command(name))
    # The callback keeps a one-command application a group: 'eksgen render ...' as ever.
    # Root options come before any command name, so a one-command build can leave out those
    # of completion (typer's building costs about a third of a millisecond an option).
    root = _root if only in COMMANDS else _root_with_completion
    app.callback(invoke_without_command=True)(root)
    return app


def command(name: str) -> Callable[..., Any]:
    """The function of a command, imported from its module in eksgen.cli."""
    module, function = COMMANDS[name]
    found: Callable[..., Any] = getattr(importlib.import_module(f"eksgen.cli.{module}"), function)
    return found


def _version_callback(value: bool) -> None:
    if value:
        from eksgen.version import __version__

        print(f"eksgen {__version__}")
        raise SystemExit(EXIT_OK)


def _completion_callback(ctx: Any, param: Any, value: str | None) -> None:
    """The completion options, met after another option: answered as when they come first."""
    if value is not None and not ctx.resilient_parsing:
        from eksgen.cli.completion import complete

        raise SystemExit(complete([f"{param.opts[0]}={value}"], build_app))


def _completion_option(flag: str, does: str) -> Any:
    # Answered by the dispatcher in run() when first on the line, before typer is loaded.
    return option(
        flag,
        metavar="[bash|zsh|fish]",
        help=f"{does} the shell completion script of the shell named (default: this one).",
        callback=_completion_callback,
        is_eager=True,
        expose_value=False,
    )


def _root(
    version: Annotated[
        bool,
        option("--version", "-V", help="Print the version and exit.", callback=_version_callback),
    ] = False,
) -> None:
    """Render correct EKS networking manifests from small App specs."""
    set_verbosity()  # each run starts at the normal level; a command's -q/-v then sets it


def _root_with_completion(
    version: Annotated[
        bool,
        option("--version", "-V", help="Print the version and exit.", callback=_version_callback),
    ] = False,
    show_completion: Annotated[str | None, _completion_option(COMPLETION_FLAGS[0], "Print")] = None,
    install_completion: Annotated[
        str | None, _completion_option(COMPLETION_FLAGS[1], "Install")
    ] = None,
) -> None:
    """_root, whose help lists the completion options too (the whole application's root)."""
    _root()
