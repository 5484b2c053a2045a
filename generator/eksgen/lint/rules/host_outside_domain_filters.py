"""EKS104 host-outside-domain-filters: every published host must fall under a domainFilter.

ExternalDNS only manages names under its --domain-filter domains; a host outside them is
silently never published.

FAIL: hosts [app.example.org] with externalDns {domainFilters: [example.com]}
PASS: hosts [app.example.com] with externalDns {domainFilters: [example.com]}
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS104"
NAME = "host-outside-domain-filters"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Add the host's domain to spec.externalDns.domainFilters in the Cluster spec, or change "
    "the host to a name under one of the listed domains."
)
SOURCE = (
    "kubernetes-sigs/external-dns docs/advanced/domain-filter.md"
    " ; kubernetes-sigs/external-dns docs/flags.md"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag published hosts that no domain filter covers."""
    dns = cluster.external_dns
    if dns is None or not dns.domain_filters:
        return
    filters = [domain.rstrip(".") for domain in dns.domain_filters]
    setting = where(cluster, ("spec", "externalDns", "domainFilters"))
    for app in apps:
        if not app.publishes_dns:
            continue
        for index, host in enumerate(app.hosts):
            bare = host.removeprefix("*.")
            if not any(bare == domain or bare.endswith("." + domain) for domain in filters):
                message = (
                    f"{host!r} is outside every ExternalDNS domainFilter ({', '.join(filters)} "
                    f"at {setting}); no record would be created"
                )
                yield Finding(app, ("spec", "hosts", index), message)
