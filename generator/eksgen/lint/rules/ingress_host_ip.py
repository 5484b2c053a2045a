"""EKS035 ingress-host-ip: a host of an alb app must be a DNS name, not an IP address.

Each entry of spec.hosts becomes the host of an Ingress rule, and the API server refuses an
Ingress whose rule host is an IP address ("must be a DNS name, not an IP address"), in any
spelling it reads as one: 10.0.0.1, and 010.000.000.001 too. The schema cannot tell the two
apart, since an IPv4 address is also a well-formed host name. An ALB answers requests for an
IP address under a rule without a host: leave spec.hosts out, or name the app by DNS.

FAIL: exposure {type: alb}, hosts [10.0.0.1]
PASS: exposure {type: alb}, hosts [app.example.com]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import apiserver
from eksgen.model.app import ALB, App

ID = "EKS035"
NAME = "ingress-host-ip"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the API server refuses an Ingress whose rule host is an IP address"
FIX = (
    "Replace the IP address in spec.hosts with the DNS name clients use, or remove it: "
    "without hosts the Ingress rule matches every host, IP addresses included."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-rules"
    " ; kubernetes/kubernetes pkg/apis/networking/validation/validation.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag hosts that the API server reads as IP addresses, when the app has an Ingress."""
    if app.exposure.type != ALB:
        return  # without an Ingress the hosts only go into the ExternalDNS annotation
    for index, host in enumerate(app.hosts):
        if apiserver.is_ipv4_address(host):
            message = (
                f"{host!r} is an IP address; an Ingress rule host must be a DNS name, and "
                "the API server refuses the Ingress"
            )
            yield Finding(app, ("spec", "hosts", index), message)
