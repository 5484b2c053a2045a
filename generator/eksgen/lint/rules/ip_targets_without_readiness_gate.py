"""EKS123 ip-targets-without-readiness-gate: ip targets, and podReadinessGate left unsaid.

With ip targets the load balancer sends traffic to pod IPs. During a rolling update the
new pods can be Ready (and the old ones gone) before the load balancer finds them healthy:
for a while the target group has only initial or draining targets, and requests fail. The
AWS Load Balancer Controller prevents that with pod readiness gates, which it injects only
into pods of namespaces labelled elbv2.k8s.aws/pod-readiness-gate-inject: enabled. A
Cluster whose loadBalancerController section does not say podReadinessGate leaves that to
chance: a warning for each App with ip targets (instance targets need no gate). true makes
eksgen write the label as a Kustomize Component; false says it is done elsewhere.

FAIL: an App with exposure {type: alb} beside a Cluster with loadBalancerController {}
PASS: the same Cluster with loadBalancerController {podReadinessGate: true}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App
from eksgen.model.cluster import Cluster
from eksgen.model.controller import READINESS_GATE_LABEL

ID = "EKS123"
NAME = "ip-targets-without-readiness-gate"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = (
    "Set spec.loadBalancerController.podReadinessGate: true in the Cluster spec (eksgen then "
    "writes cluster/<name>/pod-readiness-gate/, a Kustomize Component that labels the "
    "namespaces), or false when the namespaces are labelled elsewhere."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/deploy/pod_readiness_gate.md"
    " ; kubernetes-sigs/aws-load-balancer-controller config/webhook/pod_mutator_patch.yaml"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag each App with ip targets when the Cluster's controller settings leave it unsaid."""
    controller = cluster.load_balancer_controller
    if controller is None or controller.pod_readiness_gate is not None:
        return
    setting = where(cluster, ("spec", "loadBalancerController"))
    key, value = READINESS_GATE_LABEL
    for app in apps:
        if app.ip_targets:
            message = (
                f"ip targets: rolling updates wait for healthy targets only in a namespace "
                f"labelled {key}={value}; the cluster spec ({setting}) does not say "
                "podReadinessGate"
            )
            given = "namespace" in app.raw["metadata"]
            yield Finding(app, ("metadata", "namespace" if given else "name"), message)
