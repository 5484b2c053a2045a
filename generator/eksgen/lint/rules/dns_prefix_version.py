"""EKS109 dns-prefix-version: the GA annotation prefix needs ExternalDNS 0.20 or later.

ExternalDNS reads annotations under one prefix: the one --annotation-prefix names, else its
default (external-dns.alpha.kubernetes.io/ up to 0.21, external-dns.kubernetes.io/ from
0.22). The flag exists since 0.20.0 (chart 1.20.0), and eksgen's values always pass it,
so the GA prefix works on 0.20 and 0.21 too. An older release knows no such flag and reads
only the alpha prefix: manifests carrying the GA one publish nothing (and with policy
sync, their records are deleted). The release compared with is externalDns.version, else
--external-dns-version, else the one eksgen pins.

FAIL: externalDns {annotationPrefix: external-dns.kubernetes.io/, version: "0.19.0"}
PASS: externalDns {annotationPrefix: external-dns.kubernetes.io/, version: "0.20.0"}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.lint.versions import in_force
from eksgen.model import facts
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS109"
NAME = "dns-prefix-version"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Set spec.externalDns.annotationPrefix: external-dns.alpha.kubernetes.io/, or upgrade "
    "ExternalDNS and set externalDns.version to 0.20.0 or later."
)
SOURCE = (
    "kubernetes-sigs/external-dns pkg/apis/externaldns/types.go#v0.20.0"
    " ; kubernetes-sigs/external-dns source/annotations/annotations.go#v0.22.0"
    " ; kubernetes-sigs/external-dns charts/external-dns/CHANGELOG.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag a prefix that the ExternalDNS release in force does not read."""
    dns = cluster.external_dns
    if dns is None:
        return
    release = in_force().external_dns
    prefix = dns.annotation_prefix
    if facts.external_dns.reads_prefix(release.version, prefix, flag=prefix):
        return
    since = facts.external_dns.PREFIX_FLAG_SINCE
    message = (
        f"ExternalDNS {release} has no --annotation-prefix (added in {since}) and reads only "
        f"{facts.external_dns.default_prefix(release.version)} annotations: the Apps' "
        f"{prefix} annotations publish nothing"
    )
    yield Finding(cluster, ("spec", "externalDns", "annotationPrefix"), message)
