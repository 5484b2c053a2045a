"""EKS003 nlb-only-tls-ports: tls.ports applies to exposure nlb only.

An ALB terminates TLS on its HTTPS listener (port 443); choosing which Service ports
terminate TLS is an NLB setting (the ssl-ports annotation). On an alb or none app eksgen
has nowhere to put it, so the setting would be silently ignored.

FAIL: exposure {type: alb} with tls {ports: [443]}
PASS: exposure {type: nlb} with tls {ports: [443]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NLB, App

ID = "EKS003"
NAME = "nlb-only-tls-ports"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Remove tls.ports (an ALB serves every route on its HTTPS listener), or set "
    "exposure.type: nlb to choose which ports terminate TLS."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag tls.ports on a non-nlb app."""
    if app.exposure.type != NLB and app.tls is not None and app.tls.ports:
        message = f"only applies to exposure nlb (this app's exposure is {app.exposure.type})"
        yield Finding(app, ("spec", "tls", "ports"), message, at_key=True)
