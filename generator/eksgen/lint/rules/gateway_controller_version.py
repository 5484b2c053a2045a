"""EKS062 gateway-controller-version: the Gateway API needs a newer load balancer controller.

An App whose exposure.api is gateway gets its load balancer from a Gateway, which only a
controller with a gateway controller serves: NLB Gateways (TCPRoute, UDPRoute) since
v2.13.0, ALB Gateways (HTTPRoute rules) since v2.14.0. An older controller leaves the
Gateway without a load balancer, and the App unreachable. An NLB App's routes are written
at gateway.networking.k8s.io/v1, which the Gateway API v1.6 standard CRDs serve and the
controller reads from v3.5.0; earlier releases read v1alpha2, which the v1.6 CRDs no longer
serve. The release compared with is the Cluster spec's loadBalancerController.version, else
--controller-version, else the one eksgen pins.

FAIL: loadBalancerController {version: "2.13.0"} beside exposure {type: alb, api: gateway}
PASS: loadBalancerController {version: "2.14.0"} beside exposure {type: alb, api: gateway}
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.lint.versions import in_force
from eksgen.model import facts
from eksgen.model.app import ALB, App

ID = "EKS062"
NAME = "gateway-controller-version"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Upgrade the AWS Load Balancer Controller (and set loadBalancerController.version or "
    "--controller-version to it), or render the App with exposure.api: ingress."
)
# Facts: pkg/gateway/routeutils at v2.13.0 and v2.14.0 (route_rule_action.go is new in
# v2.14.0); pkg/gateway/routeutils/tcp.go reads v1alpha2 at v3.4.0 and v1 at v3.5.0; the
# Gateway API v1.6.1 TCPRoute CRD serves v1 alone.
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/gateway/routeutils/route_rule_action.go"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/gateway/routeutils/tcp.go"
    " ; kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_tcproutes.yaml"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a Gateway App on a release without that gateway controller or the v1 routes."""
    if not app.uses_gateway:
        return
    release = in_force().lbc
    known = facts.gateway
    alb = app.exposure.type == ALB
    since = known.ALB_GATEWAY_SINCE if alb else known.NLB_GATEWAY_SINCE
    path = ("spec", "exposure", "api" if "api" in _exposure(app) else "type")
    if not facts.versions.at_least(release.version, since):
        kind = "ALB" if alb else "NLB"
        message = (
            f"asks for an {kind} Gateway, which the AWS Load Balancer Controller serves since "
            f"{since}; {release} leaves it without a load balancer"
        )
        yield Finding(app, path, message)
    elif not alb and not facts.versions.at_least(release.version, known.L4_ROUTES_V1_SINCE):
        message = (
            "asks for an NLB Gateway with TCPRoute or UDPRoute objects at "
            f"{known.GATEWAY_API}, which the AWS Load Balancer Controller reads since "
            f"{known.L4_ROUTES_V1_SINCE}; {release} reads v1alpha2, which the Gateway API "
            "v1.6 standard CRDs do not serve"
        )
        yield Finding(app, path, message)


def _exposure(app: App) -> dict[str, object]:
    exposure = app.raw.get("spec", {}).get("exposure", {})
    return exposure if isinstance(exposure, dict) else {}
