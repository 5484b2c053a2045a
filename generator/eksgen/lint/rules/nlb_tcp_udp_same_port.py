"""EKS047 nlb-tcp-udp-same-port: TCP and UDP on one port get one listener unless enabled.

An NLB listener is keyed by its port: for a Service with a TCP and a UDP port of the same
number, the AWS Load Balancer Controller makes one listener, for the first of the two, and
the other protocol's traffic finds no listener. One TCP_UDP listener serves both only when
the Service has the annotation aws-load-balancer-enable-tcp-udp-listener: "true", which
spec.exposure.tcpUdpListener writes (controller 2.13.0 and later; or the controller's
EnableTCPUDPListener feature gate, which a spec cannot see). A warning: the load balancer is
built, and the gate may be on. On the Gateway API the controller merges the two listeners
of a port into one TCP_UDP listener itself (pkg/gateway/model/model_build_listener.go,
v3.5.0): nothing to warn about.

FAIL: ports [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}], exposure nlb
PASS: the same, with exposure.tcpUdpListener: true
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import NLB, App

ID = "EKS047"
NAME = "nlb-tcp-udp-same-port"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Set spec.exposure.tcpUdpListener: true to get one TCP_UDP listener for the port, or "
    "give the TCP and UDP ports different numbers."
)
_LBC = "kubernetes-sigs/aws-load-balancer-controller"
SOURCE = (
    f"{_LBC} docs/guide/service/annotations.md#tcp-udp-listener"
    f" ; {_LBC} pkg/service/model_build_listener.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a port number used by both TCP and UDP on an NLB without the annotation."""
    # A Gateway merges TCP and UDP listeners of one port into one TCP_UDP listener itself.
    if app.exposure.type != NLB or app.exposure.tcp_udp_listener or app.uses_gateway:
        return
    first_protocol: dict[int, str] = {}
    for index, port in enumerate(app.ports):
        first = first_protocol.setdefault(port.port, port.protocol)
        if {first, port.protocol} == {"TCP", "UDP"}:
            message = (
                f"port {port.port} is {first} and {port.protocol}: the NLB gets one listener "
                f"for it, {first}, and {port.protocol} traffic finds none; set "
                "spec.exposure.tcpUdpListener: true for one TCP_UDP listener"
            )
            yield Finding(app, ("spec", "ports", index), message)
