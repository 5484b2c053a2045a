"""EKS204 load-balancer-name-collision: one loadBalancerName for two load balancers.

Load balancer names are unique per region and account. Two Apps on different load balancers
(not members of one IngressGroup) that give the same exposure.loadBalancerName cannot both
get it: creating the second fails with DuplicateLoadBalancerName, or, for NLBs, both
Services fight over one NLB. Members of one IngressGroup share one ALB and may repeat its
name.

FAIL: loadBalancerName shop-lb on an nlb App and on an alb App outside any group
PASS: shop-lb on the nlb App, shop-web on the alb App
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


ID = "EKS204"
NAME = "load-balancer-name-collision"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "AWS refuses the second load balancer of one name (DuplicateLoadBalancerName)"
SCOPE = "all"
FIX = (
    "Give each load balancer its own name (at most 32 characters; include the cluster or "
    "environment), or leave exposure.loadBalancerName out to get a generated one."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/3173 ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2533 ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/3027 ; "
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
    "API_CreateLoadBalancer.html"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag a load balancer name already given to another load balancer."""
    first: dict[str, tuple[App, tuple[str, str]]] = {}
    path = ("spec", "exposure", "loadBalancerName")
    for app in apps:
        key = load_balancer_key(app)
        name = app.exposure.load_balancer_name
        if key is None or name is None:
            continue
        if name not in first:
            first[name] = (app, key)
            continue
        other, other_key = first[name]
        if other_key != key:
            message = (
                f"{name!r} is also given by {other.namespace}/{other.name} "
                f"({where(other, path)}) to {describe(other_key)}; load balancer names are "
                "unique per region and account (DuplicateLoadBalancerName)"
            )
            yield Finding(app, path, message)
