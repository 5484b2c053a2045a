"""EKS057 target-node-labels-ip: targetNodeLabels choose nodes, and ip targets are pods.

exposure.targetNodeLabels tells the AWS Load Balancer Controller which nodes to register
when the targets are instances (NodePorts). With targetType ip (eksgen's default) the
targets are the pods' addresses, wherever they run, and the labels are not read: the spec
suggests that traffic stays on some nodes, and it does not. A warning.

FAIL: exposure {type: nlb, targetNodeLabels: {role: ingress}}
PASS: exposure {type: nlb, targetType: instance, targetNodeLabels: {role: ingress}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, IP, NLB, App

ID = "EKS057"
NAME = "target-node-labels-ip"
SEVERITY = Severity.WARNING
GUARD = False
FIX = "Set exposure.targetType: instance, or remove exposure.targetNodeLabels."
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag node labels on a load balancer whose targets are pods."""
    exposure = app.exposure
    if exposure.type in (ALB, NLB) and exposure.target_node_labels and exposure.target_type == IP:
        message = (
            "choose nodes for instance targets; with targetType ip the targets are pods and "
            "the labels are not read"
        )
        yield Finding(app, ("spec", "exposure", "targetNodeLabels"), message, at_key=True)
