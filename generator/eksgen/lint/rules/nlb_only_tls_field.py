"""EKS058 nlb-only-tls-field: tls.alpnPolicy and tls.backendTls apply to exposure nlb only.

The ALPN policy and TLS to the pods behind a TLS listener are settings of an NLB's
Service. An ALB negotiates HTTP/2 by itself and takes exposure.backendProtocol HTTPS for
TLS to the pods, so on an alb or none app eksgen would have nowhere to put them.

FAIL: exposure {type: alb}, tls {alpnPolicy: HTTP2Preferred}
PASS: exposure {type: nlb}, tls {alpnPolicy: HTTP2Preferred}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NLB, App

ID = "EKS058"
NAME = "nlb-only-tls-field"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Remove tls.alpnPolicy and tls.backendTls (for an ALB, set exposure.backendProtocol: "
    "HTTPS for TLS to the pods), or set exposure.type: nlb."
)
SOURCE = "kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"

NLB_ONLY = ("alpnPolicy", "backendTls")


def check(app: App) -> Iterator[Finding]:
    """Flag the NLB's TLS listener settings on another exposure."""
    if app.exposure.type == NLB:
        return
    written = app.raw["spec"].get("tls") or {}
    for field in NLB_ONLY:
        if field in written:
            message = f"only applies to exposure nlb (this app's exposure is {app.exposure.type})"
            yield Finding(app, ("spec", "tls", field), message, at_key=True)
