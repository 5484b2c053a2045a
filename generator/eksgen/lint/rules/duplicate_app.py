"""EKS020 duplicate-app: one app per namespace and name across all specs.

Two specs with the same namespace and name would render objects that overwrite each other
(and the same output folder).

FAIL: apps/a.yaml and apps/b.yaml both define production/web
PASS: production/web and staging/web
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster


ID = "EKS020"
NAME = "duplicate-app"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the objects and output files of the two apps would overwrite each other"
SCOPE = "all"
FIX = (
    "Change metadata.name or metadata.namespace of one of the specs, so that each "
    "namespace/name pair is defined once."
)
SOURCE = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/"


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag every app after the first with the same namespace and name."""
    first: dict[tuple[str, str], App] = {}
    for app in apps:
        key = (app.namespace, app.name)
        if key in first:
            other = where(first[key], ("metadata", "name"))
            message = f"app {app.namespace}/{app.name} is also defined at {other}"
            yield Finding(app, ("metadata", "name"), message)
        first.setdefault(key, app)
