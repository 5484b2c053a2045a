"""EKS010 tls-needs-load-balancer: tls needs exposure alb or nlb.

Certificates are served by the load balancer's listeners; a ClusterIP Service has none,
so tls on an app with exposure none would do nothing.

FAIL: exposure {type: none} with tls {certificateArns: [...]}
PASS: exposure {type: alb} with tls {certificateArns: [...]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NONE, App

ID = "EKS010"
NAME = "tls-needs-load-balancer"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Set exposure.type: alb or nlb so that a load balancer listener serves the certificate, "
    "or remove spec.tls."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag tls on an app without a load balancer."""
    if app.exposure.type == NONE and app.tls is not None:
        message = "needs exposure alb or nlb: a ClusterIP Service has no listener to put it on"
        yield Finding(app, ("spec", "tls"), message, at_key=True)
