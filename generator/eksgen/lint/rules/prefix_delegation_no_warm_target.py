"""EKS117 prefix-delegation-no-warm-target: prefix delegation with nothing kept warm.

With prefix delegation the VPC CNI keeps free /28 prefixes according to WARM_PREFIX_TARGET,
or addresses according to WARM_IP_TARGET and MINIMUM_IP_TARGET. When all three are 0 or
unset, aws-node refuses the configuration at start (validateEnvVars in
cmd/aws-vpc-cni/main.go) and exits: the DaemonSet crash-loops and its nodes get no pod
network. warmPrefixTarget 0 without an IP target above 0 is that configuration. Leaving
warmPrefixTarget out is fine: eksgen then writes WARM_PREFIX_TARGET=1 (the chart's value)
unless an IP target above 0 is given.

FAIL: vpcCni {prefixDelegation: true, warmPrefixTarget: 0, warmIpTarget: 0}
PASS: vpcCni {prefixDelegation: true, warmPrefixTarget: 1, warmIpTarget: 0}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import facts
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS117"
NAME = "prefix-delegation-no-warm-target"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "aws-node exits at start with prefix delegation and no warm target, and its nodes get no "
    "pod network"
)
SCOPE = "cluster"
FIX = (
    "Set warmPrefixTarget: 1 (or leave warmPrefixTarget out), or give warmIpTarget or "
    "minimumIpTarget a value above 0."
)
SOURCE = (
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/"
    "b52188387f2e2f10bf289ace929d6a63b176a4fa/cmd/aws-vpc-cni/main.go ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/"
    "b52188387f2e2f10bf289ace929d6a63b176a4fa/docs/prefix-and-ip-target.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag warmPrefixTarget 0 when aws-node would then refuse the warm targets."""
    cni = cluster.vpc_cni
    # An unset warmPrefixTarget is never refused: eksgen writes the chart's 1 then.
    if cni is None or cni.warm_prefix_target is None:
        return
    if facts.vpc_cni.refuses_warm_targets(
        cni.prefix_delegation, cni.warm_prefix_target, cni.warm_ip_target, cni.minimum_ip_target
    ):
        message = (
            "prefix delegation with warmPrefixTarget 0 and no warmIpTarget or minimumIpTarget "
            f"above 0: aws-node (VPC CNI {facts.vpc_cni.VERSION}) exits at start, so its nodes get "
            "no pod network"
        )
        yield Finding(cluster, ("spec", "vpcCni", "warmPrefixTarget"), message)
