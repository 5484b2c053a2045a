"""EKS201 ingress-group-conflict: IngressGroup members that the controller cannot merge.

The AWS Load Balancer Controller builds one ALB from every Ingress of an IngressGroup. Some
settings are exclusive: members that set them must agree (scheme, subnets, ssl-redirect,
load balancer name, each load balancer attribute; TLS policy and source ranges per shared
listener port), or the controller stops reconciling every member of the group. Two members
routing the same host and path on one listener, or one member's HTTP-to-HTTPS redirect
turning an HTTP-only member's listener into a redirect, leave a member without traffic.
These are the error-level conflicts of eksgen plan, reported at the later member's field.

FAIL: two Apps in group shop, one with scheme internal, the other internet-facing
PASS: both with scheme internal
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.lint.rules._groups import GroupFinding, group_findings
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS201"
NAME = "ingress-group-conflict"
SEVERITY = Severity.ERROR
SCOPE = "all"
FIX = (
    "Give the members the same value, or set a group-wide setting on one member only (the "
    "others inherit it); route each host and path from one member."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/ingress/model_build_load_balancer.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/ingress/model_build_listener.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/1839 ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/3262 ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2544 ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2020"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Report each error-level IngressGroup conflict at the later member's field."""
    yield from findings(group_findings(apps, Severity.ERROR))


def findings(found: Iterator[GroupFinding]) -> Iterator[Finding]:
    """One finding per field: conflicts on the same field of one App share one message."""
    seen: dict[tuple[int, tuple[str | int, ...]], list[GroupFinding]] = {}
    for item in found:
        seen.setdefault((id(item.this.app), item.this.path), []).append(item)
    for items in seen.values():
        first = items[0]
        message = message_of(first)
        if len(items) > 1:
            message += f" (also: {', '.join(item.conflict.setting for item in items[1:])})"
        yield Finding(first.this.app, first.this.path, message)


def message_of(item: GroupFinding) -> str:
    """What the conflict is, with the first member's value and where it is set."""
    conflict, first, this = item.conflict, item.first, item.this
    place = where(first.app, first.path)
    values = f"{first.value!r} there, {this.value!r} here" if first.value != this.value else ""
    detail = f" ({values})" if values else ""
    return (
        f"IngressGroup {conflict.group!r}, {conflict.setting}: conflicts with "
        f"{first.app.namespace}/{first.app.name} at {place}{detail}: {conflict.message}"
    )
