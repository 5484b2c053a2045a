"""EKS079 tcp-udp-target-port: a TCP_UDP listener sends both protocols to one target port.

With spec.exposure.tcpUdpListener (the enable-tcp-udp-listener annotation), a TCP and a
UDP Service port of one number make one TCP_UDP listener, and the AWS Load Balancer
Controller builds its one target group
from the first of the two ports: buildListenersWithTCPUDPSupport passes servicePorts[0] on,
and the target group takes that port's targetPort for TCP and UDP alike
(pkg/service/model_build_listener.go and pkg/service/model_build_target_group.go, v3.5.0).
When the two ports name different targetPorts, the second one's is never used: its
protocol's traffic reaches the first port's container port. An error: the Service says one
thing and the load balancer does another.

FAIL: ports [{port: 53, protocol: UDP, targetPort: 5353}, {port: 53, protocol: TCP}], enabled
PASS: ports [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}], enabled
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NLB, App
from eksgen.model.listeners import tcp_udp_pairs

ID = "EKS079"
NAME = "tcp-udp-target-port"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Give the TCP and the UDP port of the number the same targetPort (a container serving "
    "both protocols on one port), or give them different port numbers."
)
_LBC = "kubernetes-sigs/aws-load-balancer-controller"
SOURCE = (
    f"{_LBC} pkg/service/model_build_listener.go ; {_LBC} pkg/service/model_build_target_group.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag the second port of a TCP_UDP pair whose target port differs from the first's."""
    if app.exposure.type != NLB or app.uses_gateway:
        return
    for first, second in tcp_udp_pairs(app):
        if first.target != second.target:
            message = (
                f"targetPort {second.target} is not used: {first.protocol} and "
                f"{second.protocol} on {second.port} share one TCP_UDP target group, built from "
                f"the first port, so {second.protocol} traffic goes to {first.target}"
            )
            index = app.ports.index(second)
            yield Finding(app, ("spec", "ports", index), message)
