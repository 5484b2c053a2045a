"""EKS112 node-group-sizes: minSize <= desiredSize <= maxSize.

EKS refuses a node group whose desired size lies outside its minimum and maximum, and the
capacity planner would plan for nodes that cannot exist.

FAIL: nodeGroups [{desiredSize: 5, maxSize: 3}]
PASS: nodeGroups [{desiredSize: 3, maxSize: 5}]
"""

import itertools
from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS112"
NAME = "node-group-sizes"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Order the sizes of each node group as minSize <= desiredSize <= maxSize, for example "
    "minSize: 2, desiredSize: 3, maxSize: 5."
)
SOURCE = "https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html"


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag sizes out of order."""
    for index, group in enumerate(cluster.node_groups):
        sizes = [
            ("minSize", group.min_size),
            ("desiredSize", group.desired_size),
            ("maxSize", group.max_size),
        ]
        given = [(name, value) for name, value in sizes if value is not None]
        for (low_name, low), (high_name, high) in itertools.pairwise(given):
            if low > high:
                message = f"{low_name} ({low}) is larger than {high_name} ({high})"
                yield Finding(cluster, ("spec", "nodeGroups", index, high_name), message)
