"""EKS078 listener-attributes-unknown-listener: attributes for a listener the App does not have.

exposure.attributes.listeners is keyed by listener, PROTOCOL-PORT, as the AWS Load Balancer
Controller names its listener-attributes.<PROTOCOL>-<PORT> annotations. The controller
looks such a key up for each listener it builds, under that listener's protocol and port
(buildIngressListenerAttributes in pkg/ingress/model_build_listener.go, and
buildListenerAttributes in pkg/service/model_build_listener.go, v3.5.0; the Gateway API
matches listenerConfigurations by protocolPort the same way), so attributes under any other
key are never read: HTTP-80 on an App whose ALB listens on HTTPS 443 alone, TCP-443 where
the NLB terminates TLS on 443 (TLS-443), TCP-53 where TCP and UDP on 53 make one TCP_UDP
listener. The message names the listeners the App has.

FAIL: exposure {type: alb, attributes: {listeners: {HTTPS-443: {...}}}}, no spec.tls
PASS: exposure {type: alb, attributes: {listeners: {HTTP-80: {...}}}}, no spec.tls
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, NLB, App
from eksgen.model.listeners import listener_key, load_balancer_listeners

ID = "EKS078"
NAME = "listener-attributes-unknown-listener"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Key exposure.attributes.listeners by a listener the App has (the message lists them), "
    "or add that listener (spec.tls for HTTPS, a Service port for an NLB listener)."
)
_LBC = "kubernetes-sigs/aws-load-balancer-controller"
SOURCE = f"{_LBC} pkg/ingress/model_build_listener.go ; {_LBC} pkg/service/model_build_listener.go"


def check(app: App) -> Iterator[Finding]:
    """Flag each listener key that names no listener of the App's load balancer."""
    if app.exposure.type not in (ALB, NLB):
        return
    known = [listener_key(*listener) for listener in load_balancer_listeners(app)]
    for key, _ in app.exposure.listener_attributes:
        if key not in known:
            message = (
                f"names no listener of this {app.exposure.type.upper()}: the controller reads "
                f"attributes for {', '.join(known) or 'no listener'} only"
            )
            path = ("spec", "exposure", "attributes", "listeners", key)
            yield Finding(app, path, message, at_key=True)
