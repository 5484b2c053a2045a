"""EKS117 prefix-delegation-no-warm-target: prefix delegation with nothing kept warm.

With prefix delegation the VPC CNI keeps free /28 prefixes according to WARM_PREFIX_TARGET,
or addresses according to WARM_IP_TARGET and MINIMUM_IP_TARGET. With WARM_PREFIX_TARGET 0
and neither IP target above 0 nothing is kept warm, a configuration the VPC CNI documents as
unsupported: pods wait for addresses and start slowly. Leaving all three unset is fine:
eksgen then writes WARM_PREFIX_TARGET=1. A warning: pods still start, only slowly.

FAIL: vpcCni {prefixDelegation: true, warmPrefixTarget: 0, warmIpTarget: 0}
PASS: vpcCni {prefixDelegation: true, warmPrefixTarget: 1, warmIpTarget: 0}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS117"
NAME = "prefix-delegation-no-warm-target"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = (
    "Set warmPrefixTarget: 1 (or leave warmPrefixTarget, warmIpTarget and minimumIpTarget all "
    "out), or give warmIpTarget a value above 0."
)
SOURCE = (
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/"
    "b52188387f2e2f10bf289ace929d6a63b176a4fa/README.md ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/"
    "b52188387f2e2f10bf289ace929d6a63b176a4fa/docs/prefix-and-ip-target.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn when prefix delegation is left without any warm target above 0."""
    cni = cluster.vpc_cni
    if cni is None or not cni.prefix_delegation or cni.warm_prefix_target != 0:
        return
    # Unset IP targets do not count; a positive one keeps addresses warm instead.
    if not cni.warm_ip_target and not cni.minimum_ip_target:
        message = (
            "prefix delegation with warmPrefixTarget 0 and no warmIpTarget or minimumIpTarget "
            "above 0 keeps nothing warm, which the VPC CNI does not support: pods start slowly"
        )
        yield Finding(cluster, ("spec", "vpcCni", "warmPrefixTarget"), message)
