"""EKS045 alb-ipv6-source-range-dropped: IPv6 source ranges do nothing on an IPv4 ALB.

exposure.sourceRanges accepts IPv6 blocks, but an ALB is IPv4 only unless
exposure.ipAddressType makes it dual-stack, and the AWS Load Balancer Controller leaves
IPv6 ranges out of the security group of an ALB that is not dual-stack. Beside IPv4 ranges
they are dropped without a word: the IPv4 ranges are admitted as written, the IPv6 ones not.
A warning, not an error: an IPv4-only ALB has no IPv6 address, so no IPv6 client could reach
it anyway and the ALB works as it did; but the spec promises access it does not give, and the
ranges become live, perhaps unreviewed, the day the ALB turns dual-stack. (IPv6 ranges alone
close the ALB to everyone: that is EKS044's error.) In an IngressGroup the address type is
the group's: the rule stays quiet when a member's exposure.ipAddressType makes the ALB
dual-stack, or gives it security groups of its own (exposure.securityGroups, which replace
the ranges).

FAIL: exposure {type: alb, sourceRanges: [203.0.113.0/24, 2001:db8::/32]}
PASS: exposure {type: alb, sourceRanges: [203.0.113.0/24]}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.albs import alb_groups
from eksgen.model.app import App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster


ID = "EKS045"
NAME = "alb-ipv6-source-range-dropped"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "all"
FIX = (
    "Remove the IPv6 blocks from exposure.sourceRanges, or make the ALB dual-stack with "
    "exposure.ipAddressType: dualstack."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/ingress/model_build_managed_sg.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/ingress/model_build_listener.go"
)

# pkg/ingress/model_build_load_balancer.go (v3.5.0) isIPv6Supported: the two dual-stack types.
_DUAL_STACK = frozenset({"dualstack", "dualstack-without-public-ipv4"})


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag each IPv6 range beside IPv4 ranges when the App's ALB is IPv4 only."""
    for _, _, members in alb_groups(apps):
        if _dual_stack(members) or _own_security_groups(members):
            continue
        for app in members:
            ranges = app.exposure.source_ranges
            # The controller tells IPv6 from IPv4 by a ':' in the text.
            if all(":" in cidr for cidr in ranges):
                continue  # none, or IPv6 alone (EKS044)
            for index, cidr in enumerate(ranges):
                if ":" in cidr:
                    message = (
                        f"{cidr!r} is an IPv6 range and the ALB is IPv4 only: the controller "
                        "leaves it out of the ALB's security group, so it admits no client"
                    )
                    yield Finding(app, ("spec", "exposure", "sourceRanges", index), message)


def _dual_stack(members: list[App]) -> bool:
    """Whether a member makes the ALB dual-stack (the setting is the group's)."""
    return any(app.exposure.ip_address_type in _DUAL_STACK for app in members)


def _own_security_groups(members: list[App]) -> bool:
    return any(app.exposure.security_groups for app in members)
