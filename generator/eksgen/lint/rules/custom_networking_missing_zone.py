"""EKS106 custom-networking-missing-zone: every zone with nodes needs a pod subnet.

With custom networking a node takes its pods' ENIs from the ENIConfig named after its zone;
a node in a zone without one gets no pod IPs, and its pods never start.

FAIL: customNetworking subnets {us-east-1a: ...} and a node group in us-east-1b
PASS: customNetworking subnets for us-east-1a and us-east-1b
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS106"
NAME = "custom-networking-missing-zone"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Add a subnet for the zone to spec.vpcCni.customNetworking.subnets, or remove the zone "
    "from the node group's availabilityZones."
)
SOURCE = (
    "https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html"
    " ; aws/amazon-vpc-cni-k8s pkg/eniconfig/eniconfig.go"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag node group zones without a custom networking subnet."""
    cni = cluster.vpc_cni
    if cni is None or cni.custom_networking is None:
        return
    zones = {zone for zone, _ in cni.custom_networking.subnets}
    setting = where(cluster, ("spec", "vpcCni", "customNetworking", "subnets"))
    for index, group in enumerate(cluster.node_groups):
        for z_index, zone in enumerate(group.availability_zones):
            if zone not in zones and zone.startswith(cluster.region):  # else EKS108
                message = (
                    f"node group {group.name!r} runs in {zone}, which has no custom networking "
                    f"subnet ({setting}); its pods would get no IP addresses"
                )
                path = ("spec", "nodeGroups", index, "availabilityZones", z_index)
                yield Finding(cluster, path, message)
