"""Imported App specs checked: values the schema rejects dropped, rule errors reported.

An imported spec is never passed on invalid. Each value the App schema rejects is removed,
with the containers it leaves empty, and reported at the manifest field it came from, until
the spec is valid; a spec that cannot be made valid is not imported. eksgen's rules then run
on the valid specs, and each error they would report becomes a warning at its source.
"""

from __future__ import annotations

from typing import Any

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


def _repair(build: Build) -> bool:
    """Drop each value the schema rejects, with a warning at its source, until none is left."""
    from eksgen.spec.validate import validate_document

    reported: set[tuple[int, FieldPath]] = set()
    for _ in range(len(build.origins) + 1):  # each round drops at least one value
        problems = validate_document(Document(_IMPORTED, 0, build.data, None))
        if not problems:
            return True
        problem = problems[0]
        hit = _origin_of(problem.path, build.origins)
        if hit is None or not _remove(build.data, hit):
            break
        source, where = build.origins[hit]
        build.origins = moved_up(build.origins, hit)
        _prune(build, hit[:-1])
        if (id(source), where) not in reported:  # one warning per source value
            reported.add((id(source), where))
            build.warn(source, where, f"{problem.message} (at {problem.path}); not imported")
    message = f"cannot be imported: the App spec would be invalid at {problem.path}"
    build.warn(build.group.primary, NAME, f"{message}: {problem.message}")
    return False


def _origin_of(text_path: str, origins: dict[FieldPath, Origin]) -> FieldPath | None:
    """The recorded spec path that is, or contains, a problem's path."""
    for path in sorted(origins, key=len, reverse=True):
        formatted = format_path(path)
        if text_path == formatted or text_path.startswith((formatted + ".", formatted + "[")):
            return path
    return None


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
        for part in path:
            parent = parent[part]
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
    for problem in outcome.problems:
        if not problem.is_error:
            continue
        build = builds[int(problem.file.removeprefix(_IMPORTED))]
        hit = _origin_of(problem.path, build.origins)
        source, where = build.origins[hit] if hit else (build.group.primary, NAME)
        namespace, name = build.group.key
        message = (
            f"eksgen validate will report an error in the imported App {namespace}/{name}: "
            f"{problem.path}: {problem.message} ({problem.rule})"
        )
        build.warn(source, where, message)
