"""EKS108 zone-outside-region: availability zones must belong to the cluster's region.

us-west-2a cannot hold nodes or pod subnets of a cluster in us-east-1: nothing can be
launched there, and an ENIConfig named after it never matches a node.

FAIL: region us-east-1 with customNetworking subnets {us-west-2a: ...}
PASS: region us-east-1 with customNetworking subnets {us-east-1a: ...}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster
from eksgen.spec.path import FieldPath

ID = "EKS108"
NAME = "zone-outside-region"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Use zones of spec.region (for example us-east-1a for us-east-1), or set spec.region to "
    "the region the zones belong to."
)
SOURCE = (
    "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag zones whose name does not start with the region followed by the zone suffix."""
    for path, zone in _zones(cluster):
        suffix = zone.removeprefix(cluster.region)
        if suffix == zone or not (suffix[:1].isalpha() or suffix.startswith("-")):
            message = f"{zone!r} is not an availability zone of {cluster.region}"
            yield Finding(cluster, path, message, at_key=path[-2] == "subnets")


def _zones(cluster: Cluster) -> Iterator[tuple[FieldPath, str]]:
    cni = cluster.vpc_cni
    if cni is not None and cni.custom_networking is not None:
        for zone, _ in cni.custom_networking.subnets:
            yield ("spec", "vpcCni", "customNetworking", "subnets", zone), zone
    for index, group in enumerate(cluster.node_groups):
        for z_index, zone in enumerate(group.availability_zones):
            yield ("spec", "nodeGroups", index, "availabilityZones", z_index), zone
