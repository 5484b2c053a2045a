"""EKS050 proxy-protocol-app: with proxy protocol on, the app must read its header.

exposure.proxyProtocol: true makes the NLB start every connection to a target with a proxy
protocol v2 header that carries the client's address. An app that does not expect it reads
the header as the first bytes of the request: HTTP servers answer 400, TLS handshakes fail.
The health checks do not send the header, so the targets stay healthy while every client
connection fails. An info: only the app's owner knows whether it speaks the protocol (nginx
with proxy_protocol, HAProxy with accept-proxy, Envoy with its proxy_protocol filter).

FAIL: exposure {type: nlb, proxyProtocol: true}
PASS: exposure {type: nlb}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NLB, App

ID = "EKS050"
NAME = "proxy-protocol-app"
SEVERITY = Severity.INFO
GUARD = False
FIX = (
    "Make sure every port of the app reads the proxy protocol v2 header (or remove "
    'exposure.proxyProtocol); then acknowledge with eksgen.dev/ignore: "EKS050".'
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
    " ; https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#proxy-protocol"
)


def check(app: App) -> Iterator[Finding]:
    """Note proxy protocol v2 switched on for an NLB."""
    if app.exposure.type == NLB and app.exposure.proxy_protocol:
        message = (
            "every connection to the app starts with a proxy protocol v2 header; an app that "
            "does not read it fails every client request while its health checks pass"
        )
        yield Finding(app, ("spec", "exposure", "proxyProtocol"), message)
