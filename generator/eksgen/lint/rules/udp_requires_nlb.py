"""EKS001 udp-requires-nlb: UDP ports need exposure nlb or none.

An Application Load Balancer speaks HTTP and HTTPS only, so a UDP Service port cannot be
routed by the Ingress. NLB listeners support UDP; a ClusterIP Service does too.

FAIL: exposure {type: alb} with a port {port: 53, protocol: UDP}
PASS: exposure {type: nlb} with a port {port: 53, protocol: UDP}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS001"
NAME = "udp-requires-nlb"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Set exposure.type: nlb (or none) for an app with UDP ports, or change the port to "
    "protocol: TCP if it is really served over HTTP behind the ALB."
)
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/nlb.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag every UDP port of an alb app."""
    if app.exposure.type != ALB:
        return
    for index, port in enumerate(app.ports):
        if port.protocol == "UDP":
            path = ("spec", "ports", index, "protocol")
            yield Finding(app, path, "UDP needs exposure nlb or none; an ALB serves HTTP(S) only")
