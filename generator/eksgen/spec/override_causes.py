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
    causes: dict[int, tuple[Change, list[Override]]] = {}
    for index, problem in enumerate(problems):
        change = _change_of(problem, applied)
        if change is not None and _told_of(problem) and _identity(problem) not in before:
            causes[index] = (change, _causes(problem, change))
    hurt = _hurt(causes)
    told = []
    for index, problem in enumerate(problems):
        if index in causes:
            suffix = _told(causes[index][1], hurt, applied)
            problem = replace(problem, message=problem.message + suffix)
        told.append(problem)
    return told


def _told_of(problem: Problem) -> bool:
    """Errors and warnings in a file: an info (a note on a choice) needs no culprit."""
    return bool(problem.file) and problem.severity is not Severity.INFO


def _identity(problem: Problem) -> tuple[str, str, str, str]:
    """What a problem is, wherever the changed spec puts it."""
    return problem.file, problem.path, problem.message, problem.rule


def _change_of(problem: Problem, applied: Applied) -> Change | None:
    """The change the problem is in: the document of its file that starts last above it."""
    line = max(problem.line, 1)
    starts = [
        (document.line, index)
        for index, document in enumerate(applied.documents)
        if document.file == problem.file and document.line <= line
    ]
    if not starts:
        return None
    document = applied.documents[max(starts)[1]]
    return next((change for change in applied.changes if change.document is document), None)


def _causes(problem: Problem, change: Change) -> list[Override]:
    """The overrides of the problem's document that touch its field, else all of them."""
    related = [override for override in change.overrides if _related(override, problem.path)]
    return related or change.overrides


def _related(override: Override, path: str) -> bool:
    """Whether the problem's field is the override's, an ancestor, or beside it."""
    target = format_path(override.path)
    parent = format_path(override.path[:-1])
    return _within(target, path) or _within(path, parent)


def _within(path: str, ancestor: str) -> bool:
    return path == ancestor or (path.startswith(ancestor) and path[len(ancestor)] in ".[")


def _hurt(causes: dict[int, tuple[Change, list[Override]]]) -> dict[Override, list[Change]]:
    """For each override, the Apps where it brought a problem."""
    hurt: dict[Override, list[Change]] = {}
    for change, found in causes.values():
        for override in found:
            hurt.setdefault(override, []).append(change)
    return hurt


def _told(causes: list[Override], hurt: dict[Override, list[Change]], applied: Applied) -> str:
    """Where the problem comes from; for an unscoped --set, its scoped form too."""
    flags = " and ".join(suggested_flag(override.text) for override in causes)
    unscoped = next((override for override in causes if not override.scope), None)
    if unscoped is None:
        return f"; this comes from {flags}"
    scoped = suggested_flag(f"NAME:{unscoped.assignment}")
    return (
        f"; this comes from {flags}, which changes every App; scope it to the App it is "
        f"meant for: {scoped}, {_name_example(unscoped, hurt, applied)}"
    )


def _name_example(override: Override, hurt: dict[Override, list[Change]], applied: Applied) -> str:
    """NAME, with an App the override changed without bringing a problem as an example."""
    spared = [
        change.written
        for change in applied.changes
        if override in change.overrides
        and not any(change is other for other in hurt.get(override, []))
    ]
    identity = next((found for d in spared if (found := app_identity(d)) is not None), None)
    if identity is None:
        return "NAME being an App's name or namespace/name"
    example = short_name(identity, applied.written)
    return f"NAME being an App's name or namespace/name, such as {example}"
