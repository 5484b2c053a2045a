"""EKS203 host-on-two-load-balancers: one host published for two load balancers.

ExternalDNS publishes each host as ALIAS records to the load balancer of the App that lists
it. When Apps on different load balancers (other IngressGroups, their own ALBs, NLBs) publish
the same host, the two owners fight over one record: it points at whichever was written
last, or the second is refused by the ownership TXT record. The same host on members of one
IngressGroup is fine: they share the ALB.

FAIL: shop.example.com in an App of group shop and in an nlb App
PASS: shop.example.com in the group, gateway.example.com on the NLB
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.lint.rules._groups import describe, load_balancer_key
from eksgen.model.app import App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster


ID = "EKS203"
NAME = "host-on-two-load-balancers"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "all"
FIX = (
    "Publish the host from one load balancer: put the Apps in one IngressGroup, give one of "
    "them another host, or set dns.enabled: false on the one that must not own the record."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/external-dns/blob/"
    "2bf1bf8af2b70f23579f9147c1f7e9394f7f83d5/docs/registry/txt.md ; "
    "https://github.com/kubernetes-sigs/external-dns/blob/"
    "2bf1bf8af2b70f23579f9147c1f7e9394f7f83d5/provider/aws/aws.go"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag a published host whose first publisher is on another load balancer."""
    first: dict[str, tuple[App, int, tuple[str, str]]] = {}
    for app in apps:
        key = load_balancer_key(app)
        if key is None or not app.publishes_dns:
            continue
        for index, host in enumerate(app.hosts):
            name = host.lower().rstrip(".")
            if name not in first:
                first[name] = (app, index, key)
                continue
            other, other_index, other_key = first[name]
            if other_key != key:
                place = where(other, ("spec", "hosts", other_index))
                message = (
                    f"{host!r} is also published by {other.namespace}/{other.name} ({place}) "
                    f"for {describe(other_key)}, and here for {describe(key)}: the two owners "
                    "fight over one record"
                )
                yield Finding(app, ("spec", "hosts", index), message)
