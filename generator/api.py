"""The stages wired together: load -> validate -> model -> check -> render -> verify.

Each function returns data or raises InvalidInput with every problem found; none of them
prints or writes. The command line and library users both call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eksgen.annotations import DEFAULT_DNS_PREFIX
from eksgen.errors import InvalidInput, Problem
from eksgen.load import load_paths
from eksgen.model import App, build_app
from eksgen.render import Manifest, render_app
from eksgen.rules import check_apps
from eksgen.validate import validate_document


@dataclass
class CheckResult:
    """Apps that passed the schema, every problem found, and notes on skipped documents."""

    apps: list[App] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that block rendering."""
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems reported without blocking."""
        return [problem for problem in self.problems if not problem.is_error]


@dataclass
class RenderResult:
    """Rendered manifests plus the warnings and notes met on the way."""

    manifests: list[Manifest]
    warnings: list[Problem]
    notes: list[str]


def check_paths(paths: Iterable[str], stdin: Any = None) -> CheckResult:
    """Load and check specs: YAML, schema and semantic rules; nothing is rendered."""
    paths = list(paths)
    loaded = load_paths(paths, stdin)
    result = CheckResult(problems=list(loaded.problems), notes=loaded.notes)
    for document in loaded.documents:
        schema_problems = validate_document(document)
        result.problems.extend(schema_problems)
        if not schema_problems:
            result.apps.append(build_app(document))
    result.problems.extend(check_apps(result.apps))
    if not loaded.documents and not loaded.problems:
        given = " ".join(paths) or "the given paths"
        result.problems.append(Problem("", 0, 0, "", f"no eksgen specs found in {given}"))
    result.problems.sort()
    return result


def render_paths(paths: Iterable[str], stdin: Any = None) -> RenderResult:
    """Render every spec found; raise InvalidInput (and render nothing) on any error."""
    checked = check_paths(paths, stdin)
    if checked.errors:
        raise InvalidInput(checked.errors)
    manifests = render_apps(checked.apps)
    return RenderResult(manifests, checked.warnings, checked.notes)


def render_apps(apps: Iterable[App], dns_prefix: str = DEFAULT_DNS_PREFIX) -> list[Manifest]:
    """Render and verify the manifests of valid apps."""
    from eksgen.verify import verify

    manifests = [manifest for app in apps for manifest in render_app(app, dns_prefix)]
    verify(manifests)
    return sorted(manifests, key=lambda manifest: manifest.sort_key)
