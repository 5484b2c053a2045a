"""Every IngressGroup-level setting of the AWS Load Balancer Controller, and how it merges.

The controller builds one ALB from all the Ingresses of an IngressGroup. Each annotation it
reads on an Ingress either configures that Ingress alone (its rules and target groups), or
configures something the members share: the load balancer, its security group, a listener.
A shared setting is merged over the members in one of a few ways, and when two members
disagree where the merge allows no disagreement the controller stops reconciling the whole
group. This module is the one table of those settings: for each annotation suffix, how the
controller merges it, how it reads the value, what it says on a conflict and where the fact
was read (AWS Load Balancer Controller v3.5.0, tag commit 11eb202c).

Every annotation that can land on an eksgen Ingress is in GROUP_SETTINGS (shared) or in
PER_INGRESS (not merged), or starts with a family prefix of either: the keys eksgen
generates and the controller's keys that metadata.annotations passes through alike. A test
keeps that true, so that a new annotation cannot be added without deciding how it merges;
eksgen.model.groups compares the members with this table. Data only: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

# Where the merges are read, at v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4).
_LB = "pkg/ingress/model_build_load_balancer.go (v3.5.0)"
_BUILDER = "pkg/ingress/model_builder.go (v3.5.0)"
_LISTENER = "pkg/ingress/model_build_listener.go (v3.5.0)"
_ADDONS = "pkg/ingress/model_build_load_balancer_addons.go (v3.5.0)"
_FRONTEND = "pkg/ingress/model_build_frontend_nlb.go (v3.5.0)"


class Merge(Enum):
    """How the controller combines the members' values of a shared setting."""

    # One value for the whole ALB: members that set it must agree, the others take it.
    GROUP = "group"
    # A key=value map merged over all members: each key must have one value.
    PER_KEY = "per key"
    # One value per listen port, among the members listening on that port.
    LISTENER = "per listener"
    # A key=value map per listener (listener-attributes.HTTPS-443): one value per key.
    LISTENER_KEY = "per listener and key"
    # The members' values are combined, and nothing can conflict.
    UNION = "union"


# How the controller reads a value before it compares two members' values:
# text: the string as written; list: comma list, items trimmed, empties dropped, order kept;
# unordered: the same list compared without its order; set: the same, repeats dropped too;
# map: k=v pairs compared as a whole; bool: Go's strconv.ParseBool; protocol: the protocol
# listen-ports gives one port; mtls: the mutual-authentication entry of one port.
Read = Literal["text", "list", "unordered", "set", "map", "bool", "protocol", "mtls"]


@dataclass(frozen=True)
class GroupSetting:
    """One shared setting: how it merges, how its value is read, what a conflict says.

    what: the disagreement in words ("ask for different schemes"), for messages.
    error: the controller's own words on a conflict, quoted in messages ('' for none).
    protocols: LISTENER only: the listener protocols whose members carry the setting
    (ssl-policy counts on HTTPS listeners only); empty for every protocol.
    absent_conflicts: once a member sets it, a later member that does not set it conflicts
    too (the controller compares the value with a missing one).
    aliases: suffixes read, in order, when the suffix itself is absent on a member.
    """

    suffix: str
    merge: Merge
    read: Read
    what: str
    error: str
    source: str
    protocols: tuple[str, ...] = ()
    absent_conflicts: bool = False
    aliases: tuple[str, ...] = ()


def _group(suffix: str, read: Read, what: str, error: str, source: str = _LB) -> GroupSetting:
    return GroupSetting(suffix, Merge.GROUP, read, what, error, source)


def _listener(
    suffix: str, read: Read, what: str, error: str, protocols: tuple[str, ...] = ()
) -> GroupSetting:
    return GroupSetting(suffix, Merge.LISTENER, read, what, error, _BUILDER, protocols)


# frontend-nlb-healthcheck-<suffix> -> the field the controller names on a conflict.
_FRONTEND_HEALTH = {
    "port": "Port",
    "protocol": "Protocol",
    "path": "Path",
    "interval-seconds": "IntervalSeconds",
    "timeout-seconds": "TimeoutSeconds",
    "healthy-threshold-count": "HealthyThresholdCount",
    "unhealthy-threshold-count": "UnhealthyThresholdCount",
    "success-codes": "Matcher",
}

_SETTINGS = (
    _group("scheme", "text", "ask for different schemes", "conflicting scheme"),
    _group(
        "ip-address-type", "text", "ask for different IP address types", "conflicting IPAddressType"
    ),
    # Subnet lists are compared without their order; security group lists with it.
    _group("subnets", "unordered", "list different subnets", "conflicting subnets"),
    _group(
        "security-groups", "list", "list different security groups", "conflicting securityGroups"
    ),
    _group(
        "customer-owned-ipv4-pool",
        "text",
        "name different customer-owned IPv4 pools",
        "conflicting CustomerOwnedIPv4Pool",
    ),
    _group(
        "load-balancer-name", "text", "name the ALB differently", "conflicting load balancer name"
    ),
    _group(
        "manage-backend-security-group-rules",
        "bool",
        "disagree on managing the backend security group rules",
        "conflicting manage backend security group rules settings",
        _BUILDER,
    ),
    _group(
        "ssl-redirect",
        "text",
        "redirect HTTP to different ports",
        "conflicting sslRedirect port",
        _BUILDER,
    ),
    _group(
        "ipam-ipv4-pool-id",
        "text",
        "name different IPAM pools",
        "conflicting ipv4 ipam pools",
        "pkg/ingress/model_build_ipam.go (v3.5.0)",
    ),
    # A wafv2-acl-name on any member makes the controller ignore every wafv2-acl-arn.
    _group(
        "wafv2-acl-arn",
        "text",
        "attach different WAFv2 web ACLs",
        "conflicting WAFv2 WebACL ARNs",
        _ADDONS,
    ),
    _group(
        "wafv2-acl-name",
        "text",
        "attach different WAFv2 web ACLs",
        "conflicting WAFv2 WebACL names",
        _ADDONS,
    ),
    GroupSetting(
        "waf-acl-id",
        Merge.GROUP,
        "text",
        "attach different WAF Classic web ACLs",
        "conflicting WAFClassic WebACL IDs",
        _ADDONS,
        aliases=("web-acl-id",),
    ),
    _group(
        "shield-advanced-protection",
        "bool",
        "disagree on Shield Advanced protection",
        "conflicting enable shield advanced protection",
        _ADDONS,
    ),
    GroupSetting(
        "tags",
        Merge.PER_KEY,
        "text",
        "give this tag different values",
        "conflicting tag",
        "pkg/ingress/model_build_tags.go (v3.5.0)",
    ),
    GroupSetting(
        "load-balancer-attributes",
        Merge.PER_KEY,
        "text",
        "set different values for this ALB attribute",
        "conflicting load balancer attributes",
        "pkg/ingress/model_build_load_balancer_attributes.go (v3.5.0)",
    ),
    GroupSetting(
        "minimum-load-balancer-capacity",
        Merge.PER_KEY,
        "text",
        "reserve different capacities",
        "conflicting capacity reservation",
        "pkg/ingress/model_build_load_balancer_capacity_reservation.go (v3.5.0)",
    ),
    # Per listen port (the merge of listen-ports configurations).
    _listener(
        "listen-ports", "protocol", "use this port with different protocols", "conflicting protocol"
    ),
    _listener(
        "inbound-cidrs",
        "set",
        "listening on this port allow different source ranges",
        "conflicting inbound-cidrs",
    ),
    _listener(
        "security-group-prefix-lists",
        "set",
        "listening on this port allow different prefix lists",
        "conflicting inbound-prefix-lists",
    ),
    _listener(
        "ssl-policy",
        "text",
        "listening on this HTTPS port ask for different TLS policies",
        "conflicting sslPolicy",
        ("HTTPS",),
    ),
    _listener(
        "mutual-authentication",
        "mtls",
        "listening on this HTTPS port ask for different mutual TLS settings",
        "conflicting mTLS Attributes",
        ("HTTPS",),
    ),
    # Certificates are merged: the first member's first certificate is the default one.
    GroupSetting("certificate-arn", Merge.UNION, "list", "", "", _BUILDER),
    # The frontend NLB in front of the ALB: one per group.
    _group(
        "enable-frontend-nlb",
        "bool",
        "disagree on a frontend NLB",
        "conflicting enable frontend NLB values",
        _FRONTEND,
    ),
    _group(
        "frontend-nlb-scheme",
        "text",
        "ask for different frontend NLB schemes",
        "conflicting scheme",
        _FRONTEND,
    ),
    _group(
        "frontend-nlb-subnets",
        "unordered",
        "list different frontend NLB subnets",
        "conflicting subnets",
        _FRONTEND,
    ),
    _group(
        "frontend-nlb-security-groups",
        "list",
        "list different frontend NLB security groups",
        "conflicting securityGroups",
        _FRONTEND,
    ),
    _group(
        "frontend-nlb-eip-allocations",
        "unordered",
        "list different frontend NLB EIPs",
        "all EIP allocations for the ingress group must be the same",
        _FRONTEND,
    ),
    GroupSetting(
        "frontend-nlb-attributes",
        Merge.GROUP,
        "map",
        "give the frontend NLB different attributes",
        "conflicting frontend NLB attributes",
        _FRONTEND,
        absent_conflicts=True,
    ),
    _group(
        "frontend-nlb-tags",
        "map",
        "give the frontend NLB different tags",
        "conflicting frontend NLB tags",
        _FRONTEND,
    ),
    GroupSetting(
        "frontend-nlb-listener-port-mapping",
        Merge.PER_KEY,
        "text",
        "map this frontend NLB port to different ALB ports",
        "conflicting Target Port",
        _FRONTEND,
    ),
    # Merged per frontend NLB listener, whose port is the ALB listener's unless mapped.
    *(
        GroupSetting(
            f"frontend-nlb-healthcheck-{key}",
            Merge.LISTENER,
            "text",
            "check the frontend NLB's targets differently",
            f"conflicting {field}",
            _FRONTEND,
        )
        for key, field in _FRONTEND_HEALTH.items()
    ),
)
GROUP_SETTINGS: dict[str, GroupSetting] = {setting.suffix: setting for setting in _SETTINGS}

# Families: every key that starts with the prefix (listener-attributes.HTTPS-443).
GROUP_FAMILIES: dict[str, GroupSetting] = {
    "listener-attributes.": GroupSetting(
        "listener-attributes.",
        Merge.LISTENER_KEY,
        "text",
        "set different values for this listener attribute",
        "conflicting listener attributes",
        _LISTENER,
    ),
}

# Annotations that configure one Ingress only: its rules, actions and target groups (target
# group settings on the backend Service win over the Ingress's), or the group itself.
# Suffix -> why it is not merged.
PER_INGRESS: dict[str, str] = {
    "group.name": "names the group: the members are the Ingresses that give the same name",
    "group.order": "orders the member's rules within the group",
    "target-type": "the member's target groups",
    "backend-protocol": "the member's target groups",
    "backend-protocol-version": "the member's target groups",
    "target-group-attributes": "the member's target groups",
    "target-node-labels": "the member's target groups",
    "multi-cluster-target-group": "the member's target groups",
    "healthcheck-port": "the member's target groups",
    "healthcheck-protocol": "the member's target groups",
    "healthcheck-path": "the member's target groups",
    "healthcheck-interval-seconds": "the member's target groups",
    "healthcheck-timeout-seconds": "the member's target groups",
    "healthy-threshold-count": "the member's target groups",
    "unhealthy-threshold-count": "the member's target groups",
    "success-codes": "the member's target groups",
    "auth-type": "the member's rules",
    "auth-idp-cognito": "the member's rules",
    "auth-idp-oidc": "the member's rules",
    "auth-on-unauthenticated-request": "the member's rules",
    "auth-scope": "the member's rules",
    "auth-session-cookie": "the member's rules",
    "auth-session-timeout": "the member's rules",
    "jwt-validation": "the member's rules",
    "use-regex-path-match": "the member's rules",
    "create-acm-cert": "a certificate for the member's hosts, then merged like certificate-arn",
    "acm-pca-arn": "the certificate created for the member",
    "dry-run-plan": "written by the controller on each Ingress (controllers/ingress/dryrun.go)",
}
PER_INGRESS_FAMILIES: dict[str, str] = {
    "actions.": "the member's rules",
    "conditions.": "the member's rules",
    "transforms.": "the member's rules",
    "target-control-port.": "the member's target groups",
}


def group_setting(suffix: str) -> GroupSetting | None:
    """The shared setting an annotation suffix belongs to; None for a per-Ingress or unknown one.

    An alias (web-acl-id) belongs to the setting that reads it; a family key
    (listener-attributes.HTTP-80) to its family.
    """
    if suffix in GROUP_SETTINGS:
        return GROUP_SETTINGS[suffix]
    for setting in _SETTINGS:
        if suffix in setting.aliases:
            return setting
    for prefix, setting in GROUP_FAMILIES.items():
        if suffix.startswith(prefix):
            return setting
    return None


def is_classified(suffix: str) -> bool:
    """Whether the table says how the controller merges an annotation suffix."""
    per_ingress = suffix in PER_INGRESS or suffix.startswith(tuple(PER_INGRESS_FAMILIES))
    return per_ingress or group_setting(suffix) is not None
