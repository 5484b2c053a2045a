"""EKS017 alb-healthcheck-protocol: ALB target groups check health over HTTP or HTTPS.

TCP health checks exist on NLB target groups only; the controller refuses TCP for an
Ingress and stops reconciling it and its IngressGroup, so the ALB is never created or
updated.

FAIL: exposure {type: alb, healthCheck: {protocol: TCP}}
PASS: exposure {type: nlb, healthCheck: {protocol: TCP}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS017"
NAME = "alb-healthcheck-protocol"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "the controller refuses a TCP health check on an ALB and stops reconciling the "
    "Ingress and its IngressGroup"
)
FIX = (
    "Set exposure.healthCheck.protocol to HTTP or HTTPS, or set exposure.type: nlb if the "
    "app needs a TCP health check."
)
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_target_group.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a TCP health check on an alb app."""
    check_ = app.exposure.health_check
    if app.exposure.type == ALB and check_ is not None and check_.protocol == "TCP":
        message = "an ALB checks health over HTTP or HTTPS; TCP is for exposure nlb"
        yield Finding(app, ("spec", "exposure", "healthCheck", "protocol"), message)
