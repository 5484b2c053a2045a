"""Run the semantic rules over the specs, honouring what the user chose to ignore.

A rule can be switched off for the whole repository (.eksgen.yaml: ignore: [EKS012]) or for
one spec (metadata.annotations["eksgen.dev/ignore"]: "EKS012,EKS021"). Switched-off rules
are reported as skipped, never silently dropped.

Only advice can be switched off. A guard (a rule module with GUARD = True) keeps eksgen from
writing what Kubernetes or a controller refuses, or from failing itself: it always runs, and
an attempt to ignore one is an error of its own that names the guard and says why.

The rules run with the controller releases in force (eksgen.lint.versions): a Cluster
spec's, else the ones given on the command line, else eksgen's pins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from eksgen.errors import Problem
from eksgen.lint.rules import RULES, Finding, Spec, needed, scopes
from eksgen.lint.versions import Versions, checking_with, pinned, resolve
from eksgen.model.app import App
from eksgen.spec.load import API_GROUP
from eksgen.spec.locate import locate
from eksgen.spec.path import format_path

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster

IGNORE_ANNOTATION = API_GROUP + "ignore"


@dataclass(frozen=True)
class Skipped:
    """A rule switched off: for the repository (file = the config) or for one spec."""

    rule: str
    scope: str
    file: str


@dataclass
class CheckOutcome:
    """The problems the rules found, the rules switched off, and the releases checked against.

    notes: a flag's release that a Cluster spec overrides, and the like.
    """

    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    versions: Versions = field(default_factory=pinned)


def check_specs(
    apps: Sequence[App],
    clusters: Sequence[Cluster] = (),
    ignored: Sequence[str] = (),
    config_file: str = "",
    controller_version: str | None = None,
    external_dns_version: str | None = None,
) -> CheckOutcome:
    """Run every rule: per app, across all specs, and on the first cluster with the apps.

    controller_version and external_dns_version: the releases the command line names for
    what no Cluster spec names (UsageError when one is not a release).
    """
    outcome = CheckOutcome()
    outcome.versions, outcome.notes = resolve(clusters, controller_version, external_dns_version)
    guards = {rule_id for rule_id in ignored if is_guard(rule_id)}
    outcome.problems += [_repository_guard(config_file, rule_id) for rule_id in sorted(guards)]
    switched_off = set(ignored) - guards
    outcome.skipped = [Skipped(rule, "repository", config_file) for rule in sorted(switched_off)]
    specs: list[Spec] = [*apps, *clusters]
    per_spec: dict[int, set[str]] = {}
    for spec in specs:
        listed = spec_ignores(spec)
        outcome.problems += _unknown_ignores(spec, listed)
        outcome.problems += _spec_guards(spec, listed)
        per_spec[id(spec)] = {rule_id for rule_id in listed if not is_guard(rule_id)}
        outcome.skipped += [Skipped(rule, "spec", spec.file) for rule in sorted(per_spec[id(spec)])]
    with checking_with(outcome.versions):
        for rule_id, scope in scopes():
            if rule_id in switched_off or not _has_subject(scope, apps, clusters):
                continue  # not even imported: a run of Apps alone never loads a Cluster rule
            if scope == "app" and not needed(rule_id, apps):
                continue  # nor a rule about a field no App gives
            rule = RULES[rule_id]
            for finding in _run(rule, apps, clusters):
                if rule.ID not in per_spec.get(id(finding.spec), set()):
                    outcome.problems.append(_problem(rule, finding))
    outcome.problems.sort()
    return outcome


def is_guard(rule_id: str) -> bool:
    """Whether a rule is a guard, which cannot be switched off (an unknown ID is not one)."""
    rule = RULES.get(rule_id)
    return rule is not None and bool(rule.GUARD)


def guard_message(rule_id: str) -> str:
    """Why a guard cannot be ignored, for the error an attempt to ignore it gets."""
    rule = RULES[rule_id]
    return (
        f"{rule.ID} {rule.NAME} is a guard and cannot be ignored: {rule.GUARD_REASON}; "
        "fix the spec instead"
    )


def spec_ignores(spec: Spec) -> set[str]:
    """Rule IDs listed in a spec's eksgen.dev/ignore annotation."""
    annotations = spec.raw.get("metadata", {}).get("annotations", {})
    text = annotations.get(IGNORE_ANNOTATION, "")
    return {part.strip() for part in text.split(",") if part.strip()}


def _unknown_ignores(spec: Spec, listed: set[str]) -> Iterable[Problem]:
    unknown = sorted(listed - set(RULES))
    if unknown:
        path = ("metadata", "annotations", IGNORE_ANNOTATION)
        line, column = locate(spec.document, path)
        message = f"unknown rule ID(s) {', '.join(unknown)} (see eksgen explain --list)"
        yield Problem(spec.file, line, column, format_path(path), message)


def _spec_guards(spec: Spec, listed: set[str]) -> Iterable[Problem]:
    """An error for each guard the spec's ignore annotation lists: guards always run."""
    path = ("metadata", "annotations", IGNORE_ANNOTATION)
    for rule_id in sorted(rule_id for rule_id in listed if is_guard(rule_id)):
        line, column = locate(spec.document, path)
        yield Problem(
            spec.file, line, column, format_path(path), guard_message(rule_id), rule=rule_id
        )


def _repository_guard(config_file: str, rule_id: str) -> Problem:
    """The error for a guard listed in the repository's ignore list, at its list item."""
    line, column, index = _config_item(config_file, rule_id)
    path = f"ignore[{index}]" if index is not None else "ignore"
    return Problem(config_file, line, column, path, guard_message(rule_id), rule=rule_id)


def _config_item(config_file: str, rule_id: str) -> tuple[int, int, int | None]:
    """Where .eksgen.yaml lists a rule: (line, column, index); (1, 1, None) if not found.

    eksgen.lint.config has read and checked the file already; this reads it once more, only
    when a guard is listed, to point the error at the item.
    """
    from pathlib import Path

    from ruamel.yaml import YAML

    try:
        data = YAML(typ="rt").load(Path(config_file).read_text(encoding="utf-8"))
        items = data["ignore"]
        index = list(items).index(rule_id)
        line, column = items.lc.item(index)
    except Exception:  # the position is a nicety; the config was checked on loading
        return 1, 1, None
    return line + 1, column + 1, index


def _has_subject(scope: str, apps: Sequence[App], clusters: Sequence[Cluster]) -> bool:
    """Whether a rule of this scope has anything to look at (an App rule needs an App)."""
    if scope == "cluster":
        return bool(clusters)
    if scope == "app":
        return bool(apps)
    return True


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
