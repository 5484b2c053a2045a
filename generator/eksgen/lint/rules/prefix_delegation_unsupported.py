"""EKS103 prefix-delegation-unsupported: prefix delegation needs Nitro or bare-metal nodes.

On other instance types (Xen) the VPC CNI ignores ENABLE_PREFIX_DELEGATION and keeps
assigning single IPs, so pod density does not rise as planned. A warning: the setting is
harmless there, only without effect.

FAIL: vpcCni {prefixDelegation: true} with a node group of m4.large
PASS: vpcCni {prefixDelegation: true} with a node group of m6i.large
"""

from collections.abc import Iterator, Sequence

from eksgen.capacity.instances import lookup
from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS103"
NAME = "prefix-delegation-unsupported"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = (
    "Use a Nitro or bare-metal type in nodeGroups[].instanceType, or set "
    "vpcCni.prefixDelegation: false if the cluster keeps these nodes."
)
SOURCE = (
    "https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses-procedure.html"
    " ; aws/amazon-vpc-cni-k8s docs/prefix-and-ip-target.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn about node groups on which prefix delegation has no effect."""
    if cluster.vpc_cni is None or not cluster.vpc_cni.prefix_delegation:
        return
    setting = where(cluster, ("spec", "vpcCni", "prefixDelegation"))
    for index, group in enumerate(cluster.node_groups):
        instance = lookup(group.instance_type)
        if instance is not None and not instance.supports_prefix_delegation:
            message = (
                f"{group.instance_type} is neither Nitro nor bare metal: prefix delegation "
                f"({setting}) has no effect on it and its nodes keep single-IP pod limits"
            )
            yield Finding(cluster, ("spec", "nodeGroups", index, "instanceType"), message)
