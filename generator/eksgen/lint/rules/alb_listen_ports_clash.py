"""EKS092 alb-listen-ports-clash: an ALB's HTTP and HTTPS listeners need two ports.

spec.exposure.listenPorts gives the ports of an ALB's HTTP and HTTPS listeners. An ALB has
one listener per port, so HTTP and HTTPS on one number cannot both exist: the controller
would ask ELBv2 for two listeners on the port and the second is refused. With spec.tls and
the HTTP-to-HTTPS redirect both listeners are made; without TLS, or without the redirect,
only one is, and the other port is unused.

FAIL: exposure {type: alb, listenPorts: {http: 8443, https: 8443}} with spec.tls
PASS: exposure {type: alb, listenPorts: {http: 8080, https: 8443}} with spec.tls
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import ALB, App, alb_listeners

ID = "EKS092"
NAME = "alb-listen-ports-clash"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "ELBv2 refuses a second listener on a port the load balancer already has"
FIX = "Give spec.exposure.listenPorts.http and https different port numbers."
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "load-balancer-listeners.html"
)


def check(app: App) -> Iterator[Finding]:
    """Flag HTTP and HTTPS listeners of one App on the same port."""
    if app.exposure.type != ALB:
        return
    ports = [port for _, port in alb_listeners(app)]
    if len(ports) != len(set(ports)):
        message = (
            f"HTTP and HTTPS both on port {ports[0]}: an ALB has one listener per port, so "
            "the second listener is refused"
        )
        yield Finding(app, ("spec", "exposure", "listenPorts"), message, at_key=True)
