"""EKS115 instance-targets-with-strict-pod-security-groups: prefer ip targets for dbAccess pods.

With instance targets the load balancer sends traffic to a NodePort and kube-proxy forwards
it to the pod. In the VPC CNI's strict enforcing mode (the default) every packet to a pod
with its own security groups is checked against them, the node's hop included, and the EKS
user guide states that such pods cannot be instance targets with externalTrafficPolicy
Local. With ip targets the load balancer reaches the pod's branch ENI directly. A warning:
instance targets work if the pod's groups admit the nodes and externalTrafficPolicy stays
Cluster.

FAIL: dbAccess, exposure {type: alb, targetType: instance}; vpcCni {podSecurityGroups: true}
PASS: dbAccess, exposure {type: alb, targetType: ip}; vpcCni {podSecurityGroups: true}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model import facts
from eksgen.model.app import ALB, NLB, App
from eksgen.model.cluster import Cluster

ID = "EKS115"
NAME = "instance-targets-with-strict-pod-security-groups"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = (
    "Set exposure.targetType: ip, or run the VPC CNI with podSecurityGroupEnforcingMode: standard."
)
SOURCE = (
    "https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/"
    "b52188387f2e2f10bf289ace929d6a63b176a4fa/README.md ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/1813"
)


STRICT = "strict"


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn about dbAccess apps with instance targets under strict enforcement."""
    cni = cluster.vpc_cni
    default = facts.vpc_cni.POD_SECURITY_GROUP_ENFORCING_MODE.default
    if cni is None or not cni.pod_security_groups or (cni.enforcing_mode or default) != STRICT:
        return
    given = cni.enforcing_mode is not None
    key = "podSecurityGroupEnforcingMode" if given else "podSecurityGroups"
    setting = where(cluster, ("spec", "vpcCni", key))
    mode = STRICT if given else f"{STRICT}, the default"
    for app in apps:
        exposure = app.exposure
        if app.db_access is None or exposure.type not in (ALB, NLB):
            continue
        if exposure.target_type == "instance":
            message = (
                f"instance targets reach these security-group pods through a NodePort; in "
                f"enforcing mode {mode} ({setting}) that hop is checked against the pod's groups "
                "and the pods cannot be targets with externalTrafficPolicy Local: prefer "
                "targetType ip"
            )
            yield Finding(app, ("spec", "exposure", "targetType"), message)
