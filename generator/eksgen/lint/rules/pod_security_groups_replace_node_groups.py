"""EKS025 pod-security-groups-replace-node-groups: dbAccess groups replace the node's groups.

The security groups of a SecurityGroupPolicy are not added to the node's groups: they
replace them on the pod's branch ENI. Unless they allow it, the pods cannot resolve names
(TCP/UDP 53 to CoreDNS), kubelet probes fail and load balancer health checks mark the pods
unhealthy (an app without ports has no Service, so no load balancer checks it). An info:
shown for every dbAccess as a reminder, never blocking; acknowledge it with the annotation
eksgen.dev/ignore: "EKS025" once the groups allow that traffic.

FAIL: dbAccess {securityGroupIds: [sg-0123456789abcdef0]}
PASS: the same, with metadata.annotations {eksgen.dev/ignore: "EKS025"}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS025"
NAME = "pod-security-groups-replace-node-groups"
SEVERITY = Severity.INFO
GUARD = False
FIX = (
    "Make the groups allow DNS (TCP and UDP 53 to CoreDNS), kubelet probes from the nodes and "
    "the load balancer's health checks (or add the cluster security group), then add the "
    'annotation eksgen.dev/ignore: "EKS025".'
)
SOURCE = (
    "https://github.com/aws/amazon-vpc-resource-controller-k8s/blob/"
    "b8d425119bdba371202882b808f202c6073a46cc/pkg/utils/helper.go ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/1695 ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/1211 ; "
    "https://github.com/awsdocs/amazon-eks-user-guide/pull/360 ; "
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/1269 ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/1791"
)


def check(app: App) -> Iterator[Finding]:
    """Remind that the dbAccess groups are all the pods get."""
    if app.db_access is None:
        return
    # An App without ports has no Service, so no load balancer checks its pods.
    allowed = (
        "DNS (TCP/UDP 53 to CoreDNS), kubelet probes and load balancer health checks"
        if app.has_service
        else "DNS (TCP/UDP 53 to CoreDNS) and kubelet probes"
    )
    message = (
        "these security groups replace the node's groups for the selected pods: allow "
        f"{allowed} in them"
    )
    yield Finding(app, ("spec", "dbAccess"), message, at_key=True)
