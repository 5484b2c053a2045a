"""EKS011 load-balancer-field-without-exposure: load balancer settings need exposure alb or nlb.

scheme, targetType, subnets, sourceRanges, loadBalancerName, ipAddressType, healthCheck,
attributes and tags configure a load balancer; with exposure none (the default) there is
none, and the setting would be silently ignored. A forgotten 'type: alb' is the usual cause.

FAIL: exposure {scheme: internet-facing}
PASS: exposure {type: nlb, scheme: internet-facing}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NONE, App

ID = "EKS011"
NAME = "load-balancer-field-without-exposure"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Set exposure.type: alb or nlb if the app needs a load balancer, or remove the load "
    "balancer settings from spec.exposure."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag every load balancer field of an app whose exposure is none."""
    if app.exposure.type != NONE:
        return
    written = app.raw["spec"].get("exposure", {})
    # group is an ALB-only field and already reported as such (EKS002).
    for key in sorted(set(written) - {"type", "group"}):
        message = "is a load balancer setting, but exposure type is none (set type: alb or nlb)"
        yield Finding(app, ("spec", "exposure", key), message, at_key=True)
