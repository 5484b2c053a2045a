"""Run the semantic rules over the specs, honouring what the user chose to ignore.

A rule can be switched off for the whole repository (.eksgen.yaml: ignore: [EKS012]) or for
one spec (metadata.annotations["eksgen.dev/ignore"]: "EKS012,EKS021"). Switched-off rules
are reported as skipped, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from eksgen.errors import Problem
from eksgen.lint.rules import RULES, Finding, Spec
from eksgen.model.app import App
from eksgen.model.cluster import Cluster
from eksgen.spec.load import API_GROUP
from eksgen.spec.locate import locate
from eksgen.spec.path import format_path

IGNORE_ANNOTATION = API_GROUP + "ignore"


@dataclass(frozen=True)
class Skipped:
    """A rule switched off: for the repository (file = the config) or for one spec."""

    rule: str
    scope: str
    file: str


@dataclass
class CheckOutcome:
    """The problems the rules found and the rules that were switched off."""

    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def check_specs(
    apps: Sequence[App],
    clusters: Sequence[Cluster] = (),
    ignored: Sequence[str] = (),
    config_file: str = "",
) -> CheckOutcome:
    """Run every rule: per app, across all specs, and on the first cluster with the apps."""
    outcome = CheckOutcome()
    outcome.skipped = [Skipped(rule, "repository", config_file) for rule in sorted(ignored)]
    specs: list[Spec] = [*apps, *clusters]
    per_spec = {id(spec): spec_ignores(spec) for spec in specs}
    outcome.problems += [problem for spec in specs for problem in _unknown_ignores(spec)]
    for spec in specs:
        outcome.skipped += [Skipped(rule, "spec", spec.file) for rule in sorted(per_spec[id(spec)])]
    for rule in RULES.values():
        if rule.ID in ignored:
            continue
        for finding in _run(rule, apps, clusters):
            if rule.ID not in per_spec.get(id(finding.spec), set()):
                outcome.problems.append(_problem(rule, finding))
    outcome.problems.sort()
    return outcome


def spec_ignores(spec: Spec) -> set[str]:
    """Rule IDs listed in a spec's eksgen.dev/ignore annotation."""
    annotations = spec.raw.get("metadata", {}).get("annotations", {})
    text = annotations.get(IGNORE_ANNOTATION, "")
    return {part.strip() for part in text.split(",") if part.strip()}


def _unknown_ignores(spec: Spec) -> Iterable[Problem]:
    unknown = sorted(spec_ignores(spec) - set(RULES))
    if unknown:
        path = ("metadata", "annotations", IGNORE_ANNOTATION)
        line, column = locate(spec.document, path)
        message = f"unknown rule ID(s) {', '.join(unknown)} (see eksgen explain --list)"
        yield Problem(spec.file, line, column, format_path(path), message)


def _run(rule: ModuleType, apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterable[Finding]:
    scope = getattr(rule, "SCOPE", "app")
    if scope == "all":
        yield from rule.check_all(apps, clusters)
    elif scope == "cluster":
        # Apps render with the first Cluster; a second one is itself an error (EKS111).
        for cluster in clusters[:1]:
            yield from rule.check_cluster(cluster, apps)
    else:
        for app in apps:
            yield from rule.check(app)


def _problem(rule: ModuleType, finding: Finding) -> Problem:
    line, column = locate(finding.spec.document, finding.path, key=finding.at_key)
    return Problem(
        file=finding.spec.file,
        line=line,
        column=column,
        path=format_path(finding.path),
        message=finding.message,
        rule=rule.ID,
        severity=rule.SEVERITY,
    )
