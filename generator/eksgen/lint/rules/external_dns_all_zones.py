"""EKS110 external-dns-all-zones: without hostedZoneIds, ExternalDNS may change every zone.

The generated IAM policy can only be scoped to hosted zones that the spec names; without
them it allows record changes in every zone of the account. A warning: an account with a
single zone loses nothing.

FAIL: externalDns {domainFilters: [example.com]}
PASS: externalDns {hostedZoneIds: [Z0123456789ABCDEFGHIJ]}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS110"
NAME = "external-dns-all-zones"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = "List the hosted zones ExternalDNS may change in spec.externalDns.hostedZoneIds."
SOURCE = "kubernetes-sigs/external-dns docs/tutorials/aws.md"


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn when the ExternalDNS policy cannot be scoped to named zones."""
    if cluster.external_dns is not None and not cluster.external_dns.hosted_zone_ids:
        message = (
            "no hostedZoneIds: the IAM policy allows record changes in every hosted zone "
            "of the account; name the zones to scope it"
        )
        yield Finding(cluster, ("spec", "externalDns"), message, at_key=True)
