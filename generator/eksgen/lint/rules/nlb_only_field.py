"""EKS052 nlb-only-field: proxyProtocol, static addresses and TCP_UDP are nlb only.

Proxy protocol v2 on the target groups, static addresses per subnet (eipAllocations,
privateIpv4Addresses) and TCP_UDP listeners (tcpUdpListener) are settings of the NLB's
Service. An ALB's Ingress has no such
setting, and with exposure none there is no load balancer: eksgen would have nowhere to put
them, so it refuses them.

FAIL: exposure {type: alb, proxyProtocol: true}
PASS: exposure {type: nlb, proxyProtocol: true}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NLB, NONE, App

ID = "EKS052"
NAME = "nlb-only-field"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Remove exposure.proxyProtocol, eipAllocations, privateIpv4Addresses and "
    "tcpUdpListener, or set exposure.type: nlb."
)
SOURCE = "kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"

NLB_ONLY = ("proxyProtocol", "eipAllocations", "privateIpv4Addresses", "tcpUdpListener")


def check(app: App) -> Iterator[Finding]:
    """Flag NLB-only fields the user wrote on an alb app (none: EKS011 reports them)."""
    if app.exposure.type in (NLB, NONE):
        return
    written = app.raw["spec"].get("exposure", {})
    for field in NLB_ONLY:
        if field in written:
            message = f"only applies to exposure nlb (this app's exposure is {app.exposure.type})"
            yield Finding(app, ("spec", "exposure", field), message, at_key=True)
