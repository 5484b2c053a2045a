"""EKS008 named-healthcheck-port-ip: a named health-check port needs a numeric targetPort.

With ip targets the controller resolves a named health-check port to the port's
targetPort, and refuses a targetPort that is itself a name ("cannot use named
healthCheckPort for IP TargetType"): it then builds no load balancer for the app and
only reports the error in an event.

FAIL: targetType ip, healthCheck {port: http}, ports [{name: http, port: 80, targetPort: web}]
PASS: targetType ip, healthCheck {port: http}, ports [{name: http, port: 80, targetPort: 8080}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import IP, NONE, App

ID = "EKS008"
NAME = "named-healthcheck-port-ip"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller refuses the health-check port and builds no load balancer"
FIX = (
    "Give the referenced port a numeric targetPort (for example targetPort: 8080), or set "
    "exposure.healthCheck.port to traffic-port or a port number."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_target_group.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a named health-check port whose port has a named targetPort, with ip targets."""
    exposure = app.exposure
    check_port = exposure.health_check.port if exposure.health_check else None
    if exposure.type == NONE or exposure.target_type != IP or not isinstance(check_port, str):
        return
    port = app.port_by_ref(check_port)
    if port is not None and isinstance(port.target, str):
        message = (
            f"port {check_port!r} has the named targetPort {port.target!r}; with targetType ip "
            "the health-check port needs a numeric targetPort (or use traffic-port or a number)"
        )
        yield Finding(app, ("spec", "exposure", "healthCheck", "port"), message)
