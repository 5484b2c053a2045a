"""Helpers of the cross-spec load balancer rules (EKS201-EKS205).

Which load balancer an App lands on, and the IngressGroup conflicts of eksgen.model.groups mapped
back to the specs and fields they come from. The conflicts are found by _conflicts, which
this module imports only when an App is in an IngressGroup: without one there is nothing
to compare, and the table of shared settings is not loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.albs import alb_groups, member_id
from eksgen.model.app import ALB, NLB, App

if TYPE_CHECKING:
    from eksgen.lint.rules._conflicts import GroupFinding

# AWS quota "Rules per Application Load Balancer (excluding default rules)": 100.
RULES_PER_ALB = 100


def load_balancer_key(app: App) -> tuple[str, str] | None:
    """The load balancer an App is served by: its IngressGroup, its own ALB, or its NLB.

    None for an App without a load balancer (exposure none).
    """
    if app.exposure.type == ALB:
        group = app.exposure.group
        return ("group", group.name) if group is not None else ("alb", member_id(app))
    if app.exposure.type == NLB:
        return ("nlb", member_id(app))
    return None


def rule_count(app: App) -> int:
    """Listener rules an App makes: one per host and route, or per HTTPRoute match and host.

    An Ingress makes one per host and route (routes alone without hosts); HTTPRoutes one per
    match and hostname (gateway_rule_count).
    """
    if app.uses_gateway and app.exposure.backend_protocol_version != "GRPC":
        from eksgen.model.gateways import gateway_rule_count

        return gateway_rule_count(app)
    return max(len(app.hosts), 1) * len(app.routes)


def describe(key: tuple[str, str]) -> str:
    """How a message names a load balancer, seen from the App on it."""
    kind, name = key
    if kind == "group":
        return f"the ALB of IngressGroup {name}"
    return "its own ALB" if kind == "alb" else "its NLB"


def group_findings(apps: Sequence[App], severity: Severity) -> Iterator[GroupFinding]:
    """Every IngressGroup conflict of the severity, as eksgen plan finds them (_conflicts)."""
    groups = [
        (name, members)
        for name, group, members in alb_groups(apps)
        # Over the rule limit, EKS205 refuses the group; comparing its members' host and
        # path pairs would take time in their product, not in the size of the specs.
        if group is not None and sum(rule_count(member) for member in members) <= RULES_PER_ALB
    ]
    if groups:
        from eksgen.lint.rules._conflicts import conflict_findings

        yield from conflict_findings(groups, severity)


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
    from eksgen.spec.yamltext import describe as yaml_value

    conflict, first, this = item.conflict, item.first, item.this
    place = where(first.app, first.path)
    values = (
        f"{yaml_value(first.value)} there, {yaml_value(this.value)} here"
        if first.value != this.value
        else ""
    )
    detail = f" ({values})" if values else ""
    if this.app.uses_gateway:
        return (
            f"shared Gateway {conflict.group!r} (group.name), {conflict.setting}: conflicts "
            f"with {first.app.namespace}/{first.app.name} at {place}{detail}: "
            f"{gateway_consequence(conflict.setting, conflict.message)}"
        )
    return (
        f"IngressGroup {conflict.group!r}, {conflict.setting}: conflicts with "
        f"{first.app.namespace}/{first.app.name} at {place}{detail}: {conflict.message}"
    )


# What a conflict does when the group is one Gateway (exposure.api gateway) rather than one
# Ingress per member: eksgen writes the shared settings once, in the Gateway's
# LoadBalancerConfiguration, from the first member that gives them
# (eksgen.render.gateway_objects); listener rules follow the Gateway API's precedence, not
# group.order (HTTPRouteRule in the Gateway API v1.6.1 HTTPRoute CRD: among equal matches
# the oldest route, then {namespace}/{name} in alphabetical order).
_GATEWAY_SHARED = (
    "the members share one Gateway and one LoadBalancerConfiguration, which holds one value: "
    "eksgen would write the first member's and drop the others'"
)
_GATEWAY_CONSEQUENCES = {
    "group.order": (
        "the Gateway API has no group.order: among equal matches the oldest route wins, then "
        "the first by namespace/name (see EKS207)"
    ),
    "inbound-cidrs": (
        "the ranges go into the shared LoadBalancerConfiguration (sourceRanges) and apply to "
        "the whole load balancer, so the members without ranges become reachable only from "
        "them too"
    ),
    "route": (
        "the Gateway API sends a match that several routes make to the oldest route (then the "
        "first by namespace/name), so the other members never receive this traffic"
    ),
}


def gateway_consequence(setting: str, message: str) -> str:
    """A conflict's consequence on a shared Gateway (ssl-redirect's is the Ingress's)."""
    if setting == "ssl-redirect":
        return message
    kind = setting.split(" ", 1)[0]
    return _GATEWAY_CONSEQUENCES.get(kind, _GATEWAY_SHARED)
