"""Imported App specs checked: values the schema rejects dropped, rule errors reported.

An imported spec is never passed on invalid. Each value the App schema rejects is removed,
with the containers it leaves empty, and reported at the manifest field it came from, until
the spec is valid; a spec that cannot be made valid is not imported. eksgen's rules then run
on the valid specs, and each error they would report becomes a warning at its source.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from eksgen.errors import Problem
from eksgen.importer.build import Build, Origin, moved_up
from eksgen.importer.dump import ordered
from eksgen.importer.objects import NAME, Run
from eksgen.spec.load import Document
from eksgen.spec.path import FieldPath, format_path

_IMPORTED = "<import>"


def finish(builds: list[Build], run: Run) -> list[dict[str, Any]]:
    """Specs the schema accepts, in its key order; rule errors reported as warnings."""
    from eksgen.resources import schema

    valid = [build for build in builds if _repair(build)]
    _rule_errors(valid, run)
    root = schema("app")
    return [ordered(build.data, root, root) for build in valid]


# Rounds of repair before giving up: each round drops every value the schema rejects at
# once (never one value per round, which made a Service of 400 bad port names quadratic).
_ROUNDS = 8


def _repair(build: Build) -> bool:
    """Drop each value the schema rejects, with a warning at its source, until none is left."""
    from eksgen.spec.validate import validate_document

    reported: set[tuple[int, FieldPath]] = set()
    for round_ in range(_ROUNDS + 1):
        problems = validate_document(Document(_IMPORTED, 0, build.data, None))
        if not problems:
            return True
        if round_ == _ROUNDS:
            break
        index = _origin_index(build.origins)
        hits: dict[FieldPath, Problem] = {}
        for problem in problems:  # in file order: the first problem of a value is named
            hit = _origin_of(problem.path, index)
            if hit is not None:
                hits.setdefault(hit, problem)
        # A value inside another dropped value goes with it.
        chosen = [hit for hit in hits if not any(hit[:depth] in hits for depth in range(len(hit)))]
        removed = [hit for hit in sorted(chosen, key=_removal_order) if _remove(build.data, hit)]
        if not removed:
            break
        for hit in removed:
            source, where = build.origins[hit]
            if (id(source), where) not in reported:  # one warning per source value
                reported.add((id(source), where))
                problem = hits[hit]
                build.warn(source, where, f"{problem.message} (at {problem.path}); not imported")
        removals = _removals(removed)
        build.origins = _moved(build.origins, removals)
        parents = {_shifted(hit[:-1], removals) for hit in removed}
        for parent in sorted((path for path in parents if path is not None), key=_removal_order):
            _prune(build, parent)
    problem = problems[0]
    message = f"cannot be imported: the App spec would be invalid at {problem.path}"
    build.warn(build.group.primary, NAME, f"{message}: {problem.message}")
    return False


def _origin_index(origins: dict[FieldPath, Origin]) -> dict[str, FieldPath]:
    """Each recorded path by its text, as problems name it."""
    return {format_path(path): path for path in origins}


def _origin_of(text_path: str, index: dict[str, FieldPath]) -> FieldPath | None:
    """The recorded spec path that is, or contains, a problem's path (the longest such).

    One dictionary look-up per '.' or '[' of the text, from the longest prefix down: a
    recorded key that holds '.' or '[' is written bracketed and quoted, so the text of
    every recorded ancestor ends just before one of these.
    """
    if text_path in index:
        return index[text_path]
    for cut in range(len(text_path) - 1, 0, -1):
        if text_path[cut] in ".[" and text_path[:cut] in index:
            return index[text_path[:cut]]
    return None


def _removal_order(path: FieldPath) -> tuple[int, tuple[int, ...]]:
    """Deeper paths first, then later list items first: removals do not move each other."""
    return -len(path), tuple(-part if isinstance(part, int) else 0 for part in path)


@dataclass(frozen=True)
class _Removals:
    """Values removed at once: their paths, and the indices removed from each list."""

    paths: frozenset[FieldPath]
    indices: dict[FieldPath, list[int]]


def _removals(removed: list[FieldPath]) -> _Removals:
    indices: dict[FieldPath, list[int]] = {}
    for path in removed:
        if isinstance(path[-1], int):
            indices.setdefault(path[:-1], []).append(path[-1])
    return _Removals(frozenset(removed), {key: sorted(value) for key, value in indices.items()})


def _shifted(path: FieldPath, removals: _Removals) -> FieldPath | None:
    """Where a path is after the removals: None when it was removed or lies inside one."""
    parts: list[str | int] = []
    for depth, part in enumerate(path):
        if path[: depth + 1] in removals.paths:
            return None
        indices = removals.indices.get(path[:depth])
        if indices and isinstance(part, int):
            part -= bisect_left(indices, part)
        parts.append(part)
    return tuple(parts)


def _moved(origins: dict[FieldPath, Origin], removals: _Removals) -> dict[FieldPath, Origin]:
    """Sources after a batch of removals (eksgen.importer.build.moved_up, for many at once)."""
    result: dict[FieldPath, Origin] = {}
    for path, origin in origins.items():
        moved = _shifted(path, removals)
        if moved is not None:
            result[moved] = origin
    return result


def _remove(data: dict[str, Any], path: FieldPath) -> bool:
    parent: Any = data
    try:
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _prune(build: Build, path: FieldPath) -> None:
    """Remove the imported containers that a removal left empty, innermost first."""
    while path in build.origins:
        parent: Any = build.data
        try:
            for part in path:
                parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
        if parent:
            return
        _remove(build.data, path)
        build.origins = moved_up(build.origins, path)
        path = path[:-1]


def _rule_errors(builds: list[Build], run: Run) -> None:
    """Run eksgen's rules on the imported specs: each error they find becomes a warning."""
    from eksgen.lint.engine import check_specs
    from eksgen.model.app import build_app

    documents = [Document(f"{_IMPORTED}{i}", i, build.data, None) for i, build in enumerate(builds)]
    outcome = check_specs([build_app(document) for document in documents])
    indices: dict[int, dict[str, FieldPath]] = {}
    for problem in outcome.problems:
        if not problem.is_error:
            continue
        build = builds[int(problem.file.removeprefix(_IMPORTED))]
        if id(build) not in indices:
            indices[id(build)] = _origin_index(build.origins)
        hit = _origin_of(problem.path, indices[id(build)])
        source, where = build.origins[hit] if hit else (build.group.primary, NAME)
        namespace, name = build.group.key
        message = (
            f"eksgen validate will report an error in the imported App {namespace}/{name}: "
            f"{problem.path}: {problem.message} ({problem.rule})"
        )
        build.warn(source, where, message)
