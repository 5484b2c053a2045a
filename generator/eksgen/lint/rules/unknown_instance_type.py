"""EKS107 unknown-instance-type: node group instance types must be in eksgen's table.

Capacity planning and the trunk and prefix-delegation checks need the type's network
limits. A typo is the usual cause; for a type newer than the table, refresh it with
scripts/instance_table.py.

FAIL: nodeGroups [{instanceType: m6i.lage}]
PASS: nodeGroups [{instanceType: m6i.large}]
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS107"
NAME = "unknown-instance-type"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Correct nodeGroups[].instanceType to an existing EC2 instance type; for a type newer "
    "than eksgen's table, refresh the table with scripts/instance_table.py."
)
SOURCE = (
    "aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go"
    " ; aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag instance types the table does not know, with the closest known names."""
    from eksgen.capacity.instances import (  # a Cluster's rule: loaded only when one is checked
        closest,
        lookup,
    )

    for index, group in enumerate(cluster.node_groups):
        if lookup(group.instance_type) is None:
            near = closest(group.instance_type)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            message = f"{group.instance_type!r} is not a known EC2 instance type{hint}"
            yield Finding(cluster, ("spec", "nodeGroups", index, "instanceType"), message)
