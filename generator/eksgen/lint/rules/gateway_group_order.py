"""EKS207 gateway-group-order: a Gateway does not follow group.order.

An IngressGroup's ALB evaluates its members' rules in group.order: a member with a lower
order and a path that covers another member's path takes that traffic. The Gateway API has
no such order: the most specific match wins (an exact path before a prefix, the longer
prefix first), whatever group.order says. Where an earlier member's path covers a later
member's on a host they share, the two APIs send that traffic to different Apps. A
warning: both setups work, but the move to the Gateway API changes who gets what.

FAIL: group shop, member a (order 1) routes /, member b (order 2) routes /api, both gateway
PASS: the same members with disjoint paths (/web and /api)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.albs import alb_groups
from eksgen.model.app import App, Route

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster

ID = "EKS207"
NAME = "gateway-group-order"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "all"
FIX = (
    "Make the members' paths disjoint, or check that the most specific path should win "
    "(the Gateway API's precedence), then drop group.order."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress2gateway/"
    "lbc_migrate_reference.md#rule-priority-and-grouporder"
    " ; kubernetes-sigs/gateway-api apis/v1/httproute_types.go"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag a later member's path that an earlier member's covers on a shared host."""
    chosen = [app for app in apps if app.uses_gateway]
    for _, group, members in alb_groups(chosen):
        if group is None or not any(m.exposure.group and m.exposure.group.order for m in members):
            continue
        for position, later in enumerate(members):
            for earlier in members[:position]:
                yield from _covered(earlier, later)


def _covered(earlier: App, later: App) -> Iterator[Finding]:
    if earlier.hosts and later.hosts and not set(earlier.hosts) & set(later.hosts):
        return
    for index, route in enumerate(later.routes):
        cover = next((r for r in earlier.routes if _covers(r, route)), None)
        if cover is None:
            continue
        path = (
            ("spec", "routes", index, "path")
            if "routes" in later.raw.get("spec", {})
            else (
                "spec",
                "exposure",
                "group",
            )
        )
        message = (
            f"{route.path!r} is covered by {cover.path!r} of {earlier.namespace}/{earlier.name} "
            f"({where(earlier, ('spec', 'exposure', 'group'))}), earlier in group.order: the "
            "Ingress sends this traffic there, the Gateway here (the longest path wins)"
        )
        yield Finding(later, path, message)


def _covers(broad: Route, narrow: Route) -> bool:
    """Whether broad's prefix match also matches narrow's paths (and is not narrow itself)."""
    if broad.path_type != "Prefix" or broad.path == narrow.path:
        return False
    base = broad.path.rstrip("/")
    return narrow.path.startswith(base + "/") or base == ""
