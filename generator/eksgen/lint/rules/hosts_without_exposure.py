"""EKS012 hosts-without-exposure: hosts on an app with exposure none publish nothing.

ExternalDNS points names at a load balancer's address; a ClusterIP Service has none, so
no record is created. A warning: the hosts may be there for documentation.

FAIL: exposure {type: none} with hosts [app.example.com]
PASS: exposure {type: alb} with hosts [app.example.com]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NONE, App

ID = "EKS012"
NAME = "hosts-without-exposure"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Set exposure.type: alb or nlb so that the hosts get a load balancer and DNS records, "
    "or remove spec.hosts."
)
SOURCE = (
    "kubernetes-sigs/external-dns docs/sources/service.md"
    " ; kubernetes-sigs/external-dns docs/sources/ingress.md"
)


def check(app: App) -> Iterator[Finding]:
    """Warn about hosts that nothing will serve or publish."""
    if app.exposure.type == NONE and app.hosts:
        message = "have no effect with exposure none: no Ingress rule or DNS record is made"
        yield Finding(app, ("spec", "hosts"), message, at_key=True)
