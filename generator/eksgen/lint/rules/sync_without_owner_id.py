"""EKS105 sync-without-owner-id: policy sync needs an explicit, unique txtOwnerId.

With sync, ExternalDNS deletes the records it owns when their Service or Ingress goes; it
recognises its own records by the TXT owner ID. Two instances sharing an owner ID (or a
default one) delete each other's records. Give each cluster its own ID explicitly.

FAIL: externalDns {policy: sync}
PASS: externalDns {policy: sync, txtOwnerId: prod-use1}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS105"
NAME = "sync-without-owner-id"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Set spec.externalDns.txtOwnerId to a value unique to this cluster (for example "
    "prod-use1), or use policy: upsert-only."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/external-dns/issues/3336"
    " ; kubernetes-sigs/external-dns docs/registry/registry.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag sync without an explicit owner ID."""
    dns = cluster.external_dns
    if dns is not None and dns.policy == "sync" and not dns.txt_owner_id_given:
        message = (
            "sync deletes the records this ExternalDNS owns: set an explicit txtOwnerId, "
            "unique among the clusters that share the hosted zones"
        )
        yield Finding(cluster, ("spec", "externalDns", "policy"), message)
