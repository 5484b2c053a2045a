"""The stages wired together: load -> validate -> model -> check -> render -> verify.

Each function returns data or raises InvalidInput with every problem found; none of them
prints or writes. The command line and library users both call these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eksgen.errors import InvalidInput, Problem, Severity
from eksgen.lint.config import Config
from eksgen.lint.engine import Skipped, check_specs
from eksgen.model.app import App, build_app
from eksgen.model.cluster import Cluster, build_cluster
from eksgen.model.defaults import DNS_ANNOTATION_PREFIX as DEFAULT_DNS_PREFIX
from eksgen.render.manifests import Manifest, render_app
from eksgen.spec.load import Document, load_paths
from eksgen.spec.overrides import Override, apply_overrides
from eksgen.spec.validate import validate_document

if TYPE_CHECKING:  # addons is imported where it is used: it pulls in the IAM data
    from eksgen.render.addons import ClusterOutput


@dataclass
class CheckResult:
    """Specs that passed the schema, every problem found, and notes on skipped documents."""

    apps: list[App] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that block rendering."""
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems reported without blocking."""
        return [problem for problem in self.problems if not problem.is_error]

    @property
    def warnings_only(self) -> list[Problem]:
        """Warnings proper (not infos): what --strict turns into failures."""
        return [problem for problem in self.problems if problem.severity is Severity.WARNING]

    @property
    def spec_count(self) -> int:
        """How many specs passed the schema."""
        return len(self.apps) + len(self.clusters)


@dataclass
class RenderResult:
    """Rendered objects and cluster files, plus the warnings and notes met on the way."""

    manifests: list[Manifest]
    clusters: list[ClusterOutput]
    warnings: list[Problem]
    notes: list[str]


def check_paths(
    paths: Iterable[str],
    stdin: Any = None,
    config: Config | None = None,
    overrides: Sequence[Override] = (),
) -> CheckResult:
    """Load and check specs: YAML, schema and semantic rules; nothing is rendered.

    config holds the rules switched off for the repository (.eksgen.yaml); None: none.
    overrides (--set) change every App before it is checked.
    """
    paths = list(paths)
    config = config or Config()
    loaded = load_paths(paths, stdin)
    documents = apply_overrides(loaded.documents, list(overrides))
    result = check_documents(documents, config)
    result.problems += [*loaded.problems, *config.problems]
    result.notes = loaded.notes
    if not loaded.documents and not loaded.problems:
        given = " ".join(paths) or "the given paths"
        result.problems.append(Problem("", 0, 0, "", f"no eksgen specs found in {given}"))
    result.problems.sort()
    return result


def check_documents(documents: Iterable[Document], config: Config | None = None) -> CheckResult:
    """Check loaded documents (from files, or a KRM functionConfig): schema, then rules."""
    config = config or Config()
    result = CheckResult()
    for document in documents:
        schema_problems = validate_document(document)
        result.problems.extend(schema_problems)
        if schema_problems:
            continue
        if document.kind == "Cluster":
            result.clusters.append(build_cluster(document))
        else:
            result.apps.append(build_app(document))
    outcome = check_specs(result.apps, result.clusters, config.ignore, config.file)
    result.problems.extend(outcome.problems)
    result.skipped = outcome.skipped
    result.problems.sort()
    return result


def render_paths(
    paths: Iterable[str],
    stdin: Any = None,
    config: Config | None = None,
    overrides: Sequence[Override] = (),
) -> RenderResult:
    """Render every spec found; raise InvalidInput (and render nothing) on any error."""
    checked = check_paths(paths, stdin, config, overrides)
    if checked.errors:
        raise InvalidInput(checked.errors)
    return render_checked(checked)


def render_checked(checked: CheckResult) -> RenderResult:
    """Render and verify specs that passed the checks (no errors)."""
    from eksgen.render.verify import verify

    dns_prefix = checked.clusters[0].dns_prefix if checked.clusters else DEFAULT_DNS_PREFIX
    manifests = [m for app in checked.apps for m in render_app(app, dns_prefix)]
    clusters = _render_clusters(checked.clusters)
    manifests += [m for cluster in clusters for m in cluster.manifests]
    verify(manifests)
    manifests.sort(key=lambda manifest: manifest.sort_key)
    return RenderResult(manifests, clusters, checked.warnings, checked.notes)


def _render_clusters(clusters: list[Cluster]) -> list[ClusterOutput]:
    if not clusters:
        return []  # the add-on values and IAM policies are not even imported
    from eksgen.render.addons import render_cluster

    return [render_cluster(cluster) for cluster in clusters]
