"""EKS102 db-access-needs-trunk-nodes: pods with security groups need trunk-capable nodes.

Security groups for pods ride on branch ENIs of a trunk ENI, which only some instance types
support (not Xen types, and not t3, t3a, t4g and a few other Nitro families). The scheduler
places pods with a SecurityGroupPolicy only on nodes that advertise branch ENIs, so a mix
of node groups is fine; with no capable node group at all, those pods stay Pending.

FAIL: an App with dbAccess and only node groups of t3.large
PASS: an App with dbAccess and node groups of m6i.large (and t3.large beside it)
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS102"
NAME = "db-access-needs-trunk-nodes"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Use a trunk-capable Nitro type such as m6i.large in nodeGroups[].instanceType; t3, "
    "t3a, t4g and Xen types cannot run pods with security groups."
)
SOURCE = (
    "https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html"
    " ; aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag the node groups when none can run the pods with security groups that apps need."""
    from eksgen.capacity.instances import (
        lookup,  # a Cluster's rule: loaded only when one is checked
    )

    needing = [app for app in apps if app.db_access is not None]
    if not needing:
        return
    first = where(needing[0], ("spec", "dbAccess"))
    known = [lookup(group.instance_type) for group in cluster.node_groups]
    if any(instance is not None and instance.trunk_compatible for instance in known):
        return  # pods with security groups are scheduled onto the capable nodes
    for index, group in enumerate(cluster.node_groups):
        instance = lookup(group.instance_type)
        if instance is None or instance.trunk_compatible:
            continue
        reason = (
            "does not support" if instance.trunk_compatible is False else "is not known to support"
        )
        message = (
            f"{group.instance_type} {reason} security groups for pods (trunk ENIs), which "
            f"{len(needing)} app(s) with dbAccess need (first: {first}); use a trunk-capable "
            "Nitro type such as m6i.large"
        )
        yield Finding(cluster, ("spec", "nodeGroups", index, "instanceType"), message)
