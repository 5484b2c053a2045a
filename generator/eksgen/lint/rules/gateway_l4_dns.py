"""EKS064 gateway-l4-dns: ExternalDNS reads TCPRoute and UDPRoute at a version the CRDs drop.

A warning: the load balancer works; only its DNS record is missing.

ExternalDNS's gateway-tcproute and gateway-udproute sources read TCPRoute and UDPRoute at
gateway.networking.k8s.io/v1alpha2 (v0.22.0), which the Gateway API v1.6 standard CRDs do
not serve. An nlb App that uses the Gateway API and publishes its hosts gets no record
until ExternalDNS reads the v1 routes; its hostname annotation is on the route all the same.

FAIL: exposure {type: nlb, api: gateway} with hosts [db.example.com]
PASS: exposure {type: nlb} (the Service source publishes the hosts) with hosts [db.example.com]
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NLB, App

ID = "EKS064"
NAME = "gateway-l4-dns"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Publish the record another way (an ExternalDNS release that reads v1 TCPRoute and "
    "UDPRoute, or a DNSEndpoint), or keep the App on the Service API (exposure.api: ingress)."
)
# Facts: ExternalDNS v0.22.0 reads TCPRoute and UDPRoute at v1alpha2; the Gateway API v1.6.1
# CRDs do not serve v1alpha2.
SOURCE = (
    "kubernetes-sigs/external-dns docs/sources/gateway-api.md"
    " ; kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_tcproutes.yaml"
)


def check(app: App) -> Iterator[Finding]:
    """Flag the hosts of an NLB Gateway App that ExternalDNS will not publish."""
    if app.uses_gateway and app.exposure.type == NLB and app.publishes_dns:
        message = (
            "an NLB Gateway's hosts are published from its TCPRoute or UDPRoute, which "
            "ExternalDNS reads at v1alpha2 and the Gateway API v1.6 CRDs serve at v1 only: "
            "no record is made"
        )
        yield Finding(app, ("spec", "hosts"), message)
