"""EKS114 external-dns-sync: policy sync deletes records.

With sync, ExternalDNS deletes every record it owns whose Service or Ingress disappears,
including after a mistaken delete or a namespace cleanup. Use it only when ExternalDNS
exclusively owns the hosted zones; upsert-only (the default) never deletes. A warning: sync
is right for a zone that ExternalDNS owns.

FAIL: externalDns {policy: sync, txtOwnerId: prod-use1}
PASS: externalDns {policy: upsert-only}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS114"
NAME = "external-dns-sync"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "cluster"
FIX = (
    "Use policy: upsert-only unless ExternalDNS exclusively owns the hosted zones; if it "
    "does, keep sync and add EKS114 to ignore in .eksgen.yaml."
)
SOURCE = (
    "kubernetes-sigs/external-dns docs/tutorials/aws.md"
    " ; kubernetes-sigs/external-dns docs/flags.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Warn that sync deletes records."""
    dns = cluster.external_dns
    # Without an explicit owner ID, EKS105 already reports sync as an error.
    if dns is not None and dns.policy == "sync" and dns.txt_owner_id_given:
        message = (
            "sync deletes the records this ExternalDNS owns when their Service or Ingress "
            "goes; use it only if ExternalDNS exclusively owns the hosted zones"
        )
        yield Finding(cluster, ("spec", "externalDns", "policy"), message)
