"""EKS018 tls-port-udp: NLB TLS listeners need TCP ports.

The controller never turns a UDP listener into TLS; listing a UDP port in tls.ports would
leave it unencrypted while the spec says otherwise.

FAIL: ports [{name: dns, port: 53, protocol: UDP}] with tls {ports: [dns]}
PASS: ports [{name: https, port: 443}] with tls {ports: [https]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, port_protocols
from eksgen.model.app import App

ID = "EKS018"
NAME = "tls-port-udp"
SEVERITY = Severity.ERROR
GUARD = False
FIX = "List only TCP ports in tls.ports; remove the UDP port from it."
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/service/model_build_listener.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag tls.ports entries that name UDP ports."""
    if app.tls is None:
        return
    by_ref = port_protocols(app)
    for index, ref in enumerate(app.tls.ports):
        protocols = set(by_ref.get(ref, ()))
        if protocols and "TCP" not in protocols:
            message = f"port {ref!r} is {protocols.pop()}; TLS listeners need a TCP port"
            yield Finding(app, ("spec", "tls", "ports", index), message)
