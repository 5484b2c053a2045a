"""EKS044 alb-ipv6-only-source-ranges: IPv6 source ranges alone leave an IPv4 ALB closed.

exposure.sourceRanges accepts IPv6 blocks, but an ALB is IPv4 only unless
exposure.ipAddressType makes it dual-stack. The AWS Load Balancer Controller puts a
listener's IPv6 ranges into the ALB's security group only when the ALB is dual-stack, and
adds its 0.0.0.0/0 default only when no range at all is given. With IPv6 ranges alone the
security group gets no inbound rule: the ALB admits no one. In an IngressGroup the address
type is the group's: the rule stays quiet when a member's exposure.ipAddressType makes it
dual-stack (dualstack or dualstack-without-public-ipv4), or gives it security groups of its
own (exposure.securityGroups, which replace the ranges) or prefix lists
(exposure.securityGroupPrefixLists or the security-group-prefix-lists annotation, which
are admitted).

FAIL: exposure {type: alb, sourceRanges: [2001:db8::/32]}
PASS: exposure {type: alb, sourceRanges: [203.0.113.0/24]}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.albs import alb_groups
from eksgen.model.app import App
from eksgen.model.controller import INGRESS_PREFIX

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster


ID = "EKS044"
NAME = "alb-ipv6-only-source-ranges"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "the controller drops IPv6 ranges on an ALB that is not dual-stack, so a listener with "
    "IPv6 ranges alone admits no one"
)
SCOPE = "all"
FIX = (
    "Add the IPv4 blocks of the clients to exposure.sourceRanges (or remove sourceRanges to "
    "admit everyone), or make the ALB dual-stack with exposure.ipAddressType: dualstack."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/ingress/model_build_managed_sg.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/ingress/model_builder.go"
)

# pkg/ingress/model_build_load_balancer.go (v3.5.0) isIPv6Supported: the two dual-stack types.
_DUAL_STACK = frozenset({"dualstack", "dualstack-without-public-ipv4"})
# The annotation after which the ranges do not decide alone who may connect.
_PREFIX_LISTS = INGRESS_PREFIX + "security-group-prefix-lists"


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag an ALB App whose source ranges are all IPv6 when its ALB is IPv4 only."""
    for _, _, members in alb_groups(apps):
        if _dual_stack(members) or _other_sources(members):
            continue
        for app in members:
            ranges = app.exposure.source_ranges
            # The controller tells IPv6 from IPv4 by a ':' in the text.
            if ranges and all(":" in cidr for cidr in ranges):
                message = (
                    "every range is IPv6 and the ALB is IPv4 only: the controller leaves IPv6 "
                    "ranges out of the security group of an ALB that is not dual-stack, and adds "
                    "no 0.0.0.0/0 default when ranges are given, so the ALB admits no one"
                )
                yield Finding(app, ("spec", "exposure", "sourceRanges"), message, at_key=True)


def _dual_stack(members: list[App]) -> bool:
    """Whether a member makes the ALB dual-stack (the setting is the group's)."""
    return any(app.exposure.ip_address_type in _DUAL_STACK for app in members)


def _other_sources(members: list[App]) -> bool:
    """Security groups of the ALB's own (which replace the ranges) or prefix lists."""
    return any(
        app.exposure.security_groups
        or app.exposure.security_group_prefix_lists
        or _PREFIX_LISTS in dict(app.annotations)
        for app in members
    )
