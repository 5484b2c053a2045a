"""EKS109 dns-prefix-version: the GA annotation prefix needs ExternalDNS 0.22 or later.

ExternalDNS up to 0.21 reads only external-dns.alpha.kubernetes.io/ annotations; from 0.22
the default is external-dns.kubernetes.io/ and there is no fallback. Manifests carrying a
prefix the running release does not read publish nothing (and with policy sync, their
records are deleted).

FAIL: externalDns {annotationPrefix: external-dns.kubernetes.io/, version: "0.21.0"}
PASS: externalDns {annotationPrefix: external-dns.alpha.kubernetes.io/, version: "0.21.0"}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster
from eksgen.model.controller import DNS_GA_PREFIX

ID = "EKS109"
NAME = "dns-prefix-version"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Set spec.externalDns.annotationPrefix: external-dns.alpha.kubernetes.io/, or upgrade "
    "ExternalDNS and set externalDns.version to 0.22.0 or later."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/external-dns/releases/tag/v0.22.0"
    " ; kubernetes-sigs/external-dns source/annotations/annotations.go"
)
GA_PREFIX_SINCE = (0, 22)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag the GA prefix with an ExternalDNS release older than 0.22."""
    dns = cluster.external_dns
    if dns is None or dns.version is None or dns.annotation_prefix != DNS_GA_PREFIX:
        return
    major, minor = (int(part) for part in dns.version.lstrip("v").split(".")[:2])
    if (major, minor) < GA_PREFIX_SINCE:
        message = (
            f"ExternalDNS {dns.version} reads only external-dns.alpha.kubernetes.io/ "
            "annotations; the GA prefix needs 0.22 or later"
        )
        yield Finding(cluster, ("spec", "externalDns", "annotationPrefix"), message)
