"""EKS111 one-cluster: render one Cluster spec at a time.

Apps are checked against, and annotated for, the cluster they are rendered with; with two
Cluster specs in one run that is ambiguous. Render each cluster with its own apps.

FAIL: two Cluster specs in the paths of one eksgen run
PASS: one Cluster spec per run
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster


ID = "EKS111"
NAME = "one-cluster"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "apps would be checked against one Cluster only, and the files of two clusters "
    "written in one run"
)
SCOPE = "all"
FIX = "Run eksgen once per cluster, with one Cluster spec and that cluster's apps."
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/values.yaml"
    " ; kubernetes-sigs/external-dns docs/registry/registry.md"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag every Cluster spec after the first."""
    for cluster in clusters[1:]:
        first = where(clusters[0], ("metadata", "name"))
        message = (
            f"a second Cluster spec in one run (the first is at {first}); render each separately"
        )
        yield Finding(cluster, ("kind",), message)
