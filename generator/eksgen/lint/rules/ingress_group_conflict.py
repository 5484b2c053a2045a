"""EKS201 ingress-group-conflict: IngressGroup members that the controller cannot merge.

The AWS Load Balancer Controller builds one ALB from every Ingress of an IngressGroup. The
settings the members share must agree among the members that set them (scheme, subnets,
ssl-redirect, load balancer name; each tag and each load balancer attribute key by key; TLS
policy and source ranges per shared listener port; and the controller annotations that
metadata.annotations passes through, such as ip-address-type, security-groups or
wafv2-acl-arn), or the controller stops reconciling every member of the group. Which
settings are shared, and how each merges, is one table (eksgen.model.group_settings, read
in the controller's v3.5.0 source). Two members routing the same host and path on one
listener, or one member's HTTP-to-HTTPS redirect turning an HTTP-only member's listener
into a redirect, leave a member without traffic. These are the error-level conflicts of
eksgen plan, reported at the later member's field. Members on the Gateway API (exposure.api
gateway) share one Gateway instead: the message names it, and says what the conflict does
there (one LoadBalancerConfiguration holds one value; the Gateway API's route precedence
decides a contested path).

FAIL: two Apps in group shop, one with scheme internal, the other internet-facing
FAIL: two Apps in group shop, tags {team: checkout} and tags {team: search}
PASS: both with scheme internal, and one value for each tag key
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.lint.rules._groups import findings, group_findings
from eksgen.model.app import App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster


ID = "EKS201"
NAME = "ingress-group-conflict"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller stops reconciling every member of the IngressGroup"
SCOPE = "all"
FIX = (
    "Give the members the same value, or set a group-wide setting on one member only (the "
    "others inherit it); route each host and path from one member."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/ingress/model_build_load_balancer.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/ingress/model_build_tags.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/ingress/model_builder.go ; "
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
