"""EKS074 ingress-class-not-alb: an IngressClass is for an alb App on the Ingress API.

spec.exposure.ingressClass names the class of the App's Ingress. An nlb App renders a
Service and no Ingress, and an App without a load balancer renders neither: the field would
change nothing. (An alb App on the Gateway API is EKS068's: a Gateway has no IngressClass.)

FAIL: exposure {type: nlb, ingressClass: internal-shared}
PASS: exposure {type: alb, ingressClass: internal-shared}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS074"
NAME = "ingress-class-not-alb"
SEVERITY = Severity.ERROR
GUARD = False
FIX = "Remove spec.exposure.ingressClass, or set exposure.type: alb."
SOURCE = "https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class"


def check(app: App) -> Iterator[Finding]:
    """Flag an ingressClass on an App that renders no Ingress."""
    if app.exposure.type == ALB or "ingressClass" not in app.raw["spec"].get("exposure", {}):
        return
    message = (
        f"names the class of an Ingress, and this app renders none (its exposure is "
        f"{app.exposure.type})"
    )
    yield Finding(app, ("spec", "exposure", "ingressClass"), message, at_key=True)
