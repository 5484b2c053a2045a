"""EKS102 db-access-needs-trunk-nodes: pods with security groups need trunk-capable nodes.

Security groups for pods ride on branch ENIs of a trunk ENI, which only some instance types
support (not Xen types, and not t3, t3a, t4g and a few other Nitro families). Pods with a
SecurityGroupPolicy stay Pending on other nodes.

FAIL: an App with dbAccess and a node group of t3.large
PASS: an App with dbAccess and a node group of m6i.large
"""

from collections.abc import Iterator, Sequence

from eksgen.cluster import Cluster
from eksgen.errors import Severity
from eksgen.instances import lookup
from eksgen.model import App
from eksgen.rules._base import Finding, where

ID = "EKS102"
NAME = "db-access-needs-trunk-nodes"
SEVERITY = Severity.ERROR
SCOPE = "cluster"


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag node groups whose type cannot run pods with security groups, if an app needs them."""
    needing = [app for app in apps if app.db_access is not None]
    if not needing:
        return
    first = where(needing[0], ("spec", "dbAccess"))
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
