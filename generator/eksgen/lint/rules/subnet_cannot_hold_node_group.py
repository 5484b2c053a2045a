"""EKS118 subnet-cannot-hold-node-group: a node subnet too small for its node group.

Each node draws addresses from its subnet: its ENIs' primary addresses and the pod
addresses (or /28 prefixes) the VPC CNI keeps attached. eksgen's subnet planner (the one
behind eksgen capacity) spreads the node group's maxSize evenly over subnetCidrs, adds one
surge node for a rolling update and counts a full node's addresses; when a subnet has fewer
usable addresses (its size minus the 5 AWS reserves), nodes fail to start or pods get no
IP. A warning: the group works until it grows that far.

FAIL: nodeGroups [{instanceType: m6i.large, maxSize: 10, subnetCidrs: [10.0.1.0/27, ...]}]
PASS: the same node group with subnetCidrs [10.0.1.0/24, 10.0.2.0/24]
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS118"
NAME = "subnet-cannot-hold-node-group"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = (
    "Use larger subnets (or more of them) for the node group, lower its maxSize, or move pod "
    "addresses to custom networking subnets."
)
SOURCE = (
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/"
    "b52188387f2e2f10bf289ace929d6a63b176a4fa/docs/eni-and-ip-target.md ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/"
    "b52188387f2e2f10bf289ace929d6a63b176a4fa/docs/prefix-and-ip-target.md ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/3105 ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/2045"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn about every node subnet that cannot hold its share of the group at max size."""
    from eksgen.capacity.instances import (
        lookup,  # a Cluster's rule: loaded only when one is checked
    )
    from eksgen.capacity.subnets import SURGE_NODES, plan_cluster

    # plan_cluster plans the node groups of known instance types, in order (EKS107 reports
    # the unknown ones).
    known = [
        index
        for index, group in enumerate(cluster.node_groups)
        if lookup(group.instance_type) is not None
    ]
    for index, plan in zip(known, plan_cluster(cluster), strict=True):
        for position, subnet in enumerate(plan.subnets):
            if subnet.headroom_at_max >= 0:
                continue
            needed = subnet.nodes_at_max * plan.addresses_full
            message = (
                f"{subnet.cidr} has {subnet.usable} usable addresses but needs {needed}: at "
                f"maxSize {plan.maximum} plus {SURGE_NODES} surge node, {subnet.nodes_at_max} "
                f"nodes land here, {plan.addresses_full} addresses each "
                f"({-subnet.headroom_at_max} short)"
            )
            path = ("spec", "nodeGroups", index, "subnetCidrs", position)
            yield Finding(cluster, path, message)
