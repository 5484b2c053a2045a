"""EKS004 unknown-port-reference: tls.ports, routes, healthCheck.port, bindings name a port.

A reference by name or number must match one of spec.ports; the controller rejects an
ssl-ports entry that matches no port ("Unused port in ssl-ports annotation") and an Ingress
backend (or a TargetGroupBinding's serviceRef) that names a missing Service port never
gets targets.

FAIL: ports [{name: http, port: 80}] with routes [{path: /, port: web}]
PASS: ports [{name: http, port: 80}] with routes [{path: /, port: http}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, port_index
from eksgen.model.app import App
from eksgen.spec.path import FieldPath

ID = "EKS004"
NAME = "unknown-port-reference"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "eksgen cannot render a route to a missing port, and the controller refuses an "
    "ssl-ports entry that matches no port"
)
FIX = (
    "Refer to an entry of spec.ports by its name or port number in routes[].port, tls.ports, "
    "exposure.healthCheck.port and targetGroupBindings[].port, or add the missing port to "
    "spec.ports."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/service/model_build_listener.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag every port reference that matches no Service port."""
    references: list[tuple[FieldPath, int | str | None]] = [
        (("spec", "routes", i, "port"), route.port) for i, route in enumerate(app.routes)
    ]
    if app.tls is not None:
        references += [(("spec", "tls", "ports", i), ref) for i, ref in enumerate(app.tls.ports)]
    references += [
        (("spec", "targetGroupBindings", i, "port"), binding.port)
        for i, binding in enumerate(app.target_group_bindings)
    ]
    check_port = app.exposure.health_check.port if app.exposure.health_check else None
    if isinstance(check_port, str) and check_port != "traffic-port":
        references.append((("spec", "exposure", "healthCheck", "port"), check_port))
    index = port_index(app)
    known = ""
    for path, ref in references:
        if ref is not None and ref not in index:
            known = known or _known_ports(app)
            yield Finding(app, path, f"{ref!r} is not a port of spec.ports (known: {known})")


# At most this many ports are named in a message: a long list helps nobody.
_KNOWN_SHOWN = 10


def _known_ports(app: App) -> str:
    shown = ", ".join(port.name or str(port.port) for port in app.ports[:_KNOWN_SHOWN])
    more = len(app.ports) - _KNOWN_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown
