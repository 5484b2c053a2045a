"""EKS113 minimum-ip-without-warm-ip: set warmIpTarget together with minimumIpTarget.

With MINIMUM_IP_TARGET alone the VPC CNI treats the warm IP target as 0: a node allocates
its minimum and then grows only one IP at a time as pods arrive, slowing pod start-up. A
warning: pods still start, only more slowly.

FAIL: vpcCni {minimumIpTarget: 10}
PASS: vpcCni {minimumIpTarget: 10, warmIpTarget: 2}
"""

from collections.abc import Iterator, Sequence

from eksgen.cluster import Cluster
from eksgen.errors import Severity
from eksgen.model import App
from eksgen.rules._base import Finding

ID = "EKS113"
NAME = "minimum-ip-without-warm-ip"
SEVERITY = Severity.WARNING
SCOPE = "cluster"


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn about a minimum IP target without a warm IP target."""
    cni = cluster.vpc_cni
    if cni is not None and cni.minimum_ip_target is not None and not cni.warm_ip_target:
        message = "without warmIpTarget > 0 nodes grow one IP at a time past this minimum"
        yield Finding(cluster, ("spec", "vpcCni", "minimumIpTarget"), message)
