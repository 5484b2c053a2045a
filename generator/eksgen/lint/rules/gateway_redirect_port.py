"""EKS094 gateway-redirect-port: a redirect that names a protocol and keeps the port.

A redirect action without a port keeps the request's (#{port}) on the Ingress API. On the
Gateway API a RequestRedirect filter that names a scheme and no port sends the client to
that scheme's port, 80 or 443 (buildHttpRedirectAction in
pkg/gateway/routeutils/route_rule_action.go, v3.5.0), and no filter field keeps the
request's. The two APIs redirect alike only where the request came in on that port. This
is a warning.

FAIL: exposure {api: gateway}, actions {moved: {redirect: {protocol: HTTPS, statusCode: 301}}}
PASS: the same redirect with port: 443
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS094"
NAME = "gateway-redirect-port"
SEVERITY = Severity.WARNING
GUARD = False
FIX = "Give the redirect's port (443 for HTTPS, say), so that both APIs send clients there."
SOURCE = "kubernetes-sigs/aws-load-balancer-controller pkg/gateway/routeutils/route_rule_action.go"

_KEPT = (None, "#{port}")
_DEFAULT_PORTS = {"HTTP": 80, "HTTPS": 443}


def check(app: App) -> Iterator[Finding]:
    """Flag each used redirect that names a protocol but no port, on the Gateway API."""
    if not (app.uses_gateway and app.exposure.type == ALB):
        return
    used = {route.action for route in app.routes}
    for action in app.actions:
        protocol = action.setting("protocol")
        if action.name not in used or protocol not in _DEFAULT_PORTS:
            continue
        if action.setting("port") in _KEPT:
            message = (
                f"redirects to {protocol} and keeps the request's port on the Ingress API; the "
                f"Gateway API sends the client to port {_DEFAULT_PORTS[protocol]} instead"
            )
            yield Finding(app, ("spec", "actions", action.name, "redirect", "protocol"), message)
