"""EKS113 minimum-ip-without-warm-ip: set warmIpTarget together with minimumIpTarget.

With MINIMUM_IP_TARGET alone the VPC CNI treats the warm IP target as 0: a node allocates
its minimum and may stop growing past it, so pods beyond the floor wait for addresses
(CNI releases differ here: some grow one IP at a time). A warning: it depends on the CNI
version in the cluster, and the fix is always safe.

FAIL: vpcCni {minimumIpTarget: 10}
PASS: vpcCni {minimumIpTarget: 10, warmIpTarget: 2}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS113"
NAME = "minimum-ip-without-warm-ip"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = "Set spec.vpcCni.warmIpTarget (for example 2) together with minimumIpTarget."
SOURCE = (
    "https://github.com/aws/amazon-vpc-cni-k8s/pull/2739"
    " ; aws/amazon-vpc-cni-k8s docs/eni-and-ip-target.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn about a minimum IP target without a warm IP target."""
    cni = cluster.vpc_cni
    if cni is not None and cni.minimum_ip_target is not None and not cni.warm_ip_target:
        message = "without warmIpTarget > 0 nodes grow one IP at a time past this minimum"
        yield Finding(cluster, ("spec", "vpcCni", "minimumIpTarget"), message)
