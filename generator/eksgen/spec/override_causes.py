"""Which --set brought a problem: a spec valid as written may not be valid once changed.

The checks run on the changed specs; when they find errors or warnings, the specs as
written are checked too, and every error or warning that only the changed specs have is
told where it comes from. An unscoped --set changes every App, so the message also shows
the scoped form.
"""

from __future__ import annotations

from dataclasses import replace

from eksgen.errors import Problem, Severity
from eksgen.spec.overrides import Applied, Change, Override
from eksgen.spec.path import format_path
from eksgen.spec.scope import app_identity, short_name, suggested_flag


def blame_overrides(
    problems: list[Problem], written: list[Problem], applied: Applied
) -> list[Problem]:
    """The problems of the changed specs; each one the specs as written lack names its cause."""
    before = {_identity(problem) for problem in written}
    causes = {
        index: _causes(problem, applied)
        for index, problem in enumerate(problems)
        if _told_of(problem) and _identity(problem) not in before
    }
    hurt = _hurt(causes, problems, applied)
    told = []
    for index, problem in enumerate(problems):
        found = causes.get(index)
        if found:
            problem = replace(problem, message=problem.message + _told(found, hurt, applied))
        told.append(problem)
    return told


def _told_of(problem: Problem) -> bool:
    """Errors and warnings in a file: an info (a note on a choice) needs no culprit."""
    return bool(problem.file) and problem.severity is not Severity.INFO


def _identity(problem: Problem) -> tuple[str, str, str, str]:
    """What a problem is, wherever the changed spec puts it."""
    return problem.file, problem.path, problem.message, problem.rule


def _change_of(problem: Problem, applied: Applied) -> Change | None:
    """The change the problem is in: of its file, the last document starting at or above it."""
    found = None
    for change in applied.changes:
        line = change.written.line
        here = change.written.file == problem.file and line <= max(problem.line, 1)
        if here and (found is None or line >= found.written.line):
            found = change
    return found


def _causes(problem: Problem, applied: Applied) -> list[Override]:
    """The overrides of the problem's document that touch its field, else all of them."""
    change = _change_of(problem, applied)
    if change is None:
        return []
    overrides = change.overrides
    related = [override for override in overrides if _related(override, problem.path)]
    return related or overrides


def _related(override: Override, path: str) -> bool:
    """Whether the problem's field is the override's, an ancestor, or beside it."""
    target = format_path(override.path)
    parent = format_path(override.path[:-1])
    return _within(target, path) or _within(path, parent)


def _within(path: str, ancestor: str) -> bool:
    return path == ancestor or (path.startswith(ancestor) and path[len(ancestor)] in ".[")


def _hurt(
    causes: dict[int, list[Override]], problems: list[Problem], applied: Applied
) -> dict[Override, set[str]]:
    """For each override, the files where it brought a problem."""
    hurt: dict[Override, set[str]] = {}
    for index, found in causes.items():
        for override in found:
            hurt.setdefault(override, set()).add(problems[index].file)
    return hurt


def _told(causes: list[Override], hurt: dict[Override, set[str]], applied: Applied) -> str:
    flags = " and ".join(suggested_flag(override.text) for override in causes)
    unscoped = next((override for override in causes if not override.scope), None)
    if unscoped is None:
        return f"; this comes from {flags}"
    scoped = suggested_flag(f"NAME:{unscoped.assignment}")
    return (
        f"; this comes from {flags}, which changes every App; scope it to the App it is "
        f"meant for: {scoped}, {_name_example(unscoped, hurt, applied)}"
    )


def _name_example(override: Override, hurt: dict[Override, set[str]], applied: Applied) -> str:
    """NAME: an App the override changed without bringing a problem, as an example."""
    spared = [
        change.written
        for change in applied.changes
        if override in change.overrides and change.written.file not in hurt.get(override, set())
    ]
    identity = next((found for d in spared if (found := app_identity(d)) is not None), None)
    if identity is None:
        return "NAME being an App's name or namespace/name"
    written = [change.written for change in applied.changes]
    return f"NAME being an App's name or namespace/name, such as {short_name(identity, written)}"
