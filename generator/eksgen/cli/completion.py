"""Shell completion for bash, zsh and fish: the script, its installation, and the answers.

Typer's completion is switched off in the application (add_completion=False), because its
options would make every run load the completion machinery. The dispatcher comes here only
when completion is asked for: `eksgen --show-completion [SHELL]`, `eksgen
--install-completion [SHELL]`, or a shell asking for candidates through _EKSGEN_COMPLETE
(which the script sets). Scripts and answers are typer's own, so they stay in step with it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from eksgen.cli.common import COMPLETE_VAR, COMPLETION_FLAGS, EXIT_OK, EXIT_USAGE, err

PROG = "eksgen"
SHOW, INSTALL = COMPLETION_FLAGS


class Shell(StrEnum):
    """The shells eksgen completes in."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def complete(argv: list[str], build_app: Callable[[], Any]) -> int:
    """Answer a completion run: show or install the script, or complete a command line."""
    if os.environ.get(COMPLETE_VAR):  # empty: not set, as typer reads it
        return _answer(build_app)
    flag, _, value = argv[0].partition("=")
    given = [value] if value else argv[1:]
    if len(given) > 1:
        return _usage(f"{flag} takes one shell ({_names()}), got {' '.join(given)}")
    try:
        shell = Shell(given[0]) if given else _detected()
    except ValueError:
        return _usage(f"{flag} {given[0]}: not a shell eksgen completes in; give {_names()}")
    if shell is None:
        return _usage(f"{flag}: cannot tell which shell this is; name it: {flag} {_names()}")
    return _show(shell) if flag == SHOW else _install(shell)


def script(shell: Shell) -> str:
    """The completion script of a shell, to source or to save where the shell looks."""
    from typer._completion_shared import get_completion_script

    text: str = get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)
    return text


def _show(shell: Shell) -> int:
    print(script(shell))
    return EXIT_OK


def _install(shell: Shell) -> int:
    from typer._completion_shared import install

    try:
        _, path = install(shell=shell.value, prog_name=PROG, complete_var=COMPLETE_VAR)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return _usage(f"{where}{error.strerror or error}")
    err(f"eksgen: {shell} completion installed in {path}; it works in shells started from now")
    return EXIT_OK


def _answer(build_app: Callable[[], Any]) -> int:
    """The candidates for the word being completed, as typer prints them for the shell."""
    from typer._completion_classes import completion_init

    completion_init()  # typer's classes for bash, zsh and fish (its scripts call them)
    try:
        build_app()(args=[], prog_name=PROG, standalone_mode=False)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return EXIT_OK


def _detected() -> Shell | None:
    """The shell eksgen runs in, when it is one eksgen completes in."""
    from typer._completion_shared import _get_shell_name

    name = _get_shell_name()
    return Shell(name) if name in tuple(Shell) else None


def _names() -> str:
    return "|".join(Shell)


def _usage(message: str) -> int:
    err(f"eksgen: error: {message}")
    return EXIT_USAGE
