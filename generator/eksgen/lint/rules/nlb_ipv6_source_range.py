"""EKS043 nlb-ipv6-source-range: an IPv6 source range needs a dual-stack NLB.

exposure.sourceRanges accepts IPv6 blocks, but an NLB is IPv4 only unless
exposure.ipAddressType makes it dual-stack. When the AWS Load Balancer Controller builds
the NLB's security group it refuses every IPv6 range of an NLB that is not dual-stack
("unsupported v6 cidr ... when lb is not dualstack"): the Service is not reconciled and no
load balancer is created (or an existing one is no longer updated). The rule stays quiet
when exposure.ipAddressType is dualstack, or the NLB has security groups of its own
(exposure.securityGroups) or none (the disable-nlb-sg annotation): then the controller builds
no security group from the ranges.

FAIL: exposure {type: nlb, sourceRanges: [203.0.113.0/24, 2001:db8::/32]}
PASS: exposure {type: nlb, ipAddressType: dualstack, sourceRanges: [203.0.113.0/24, 2001:db8::/32]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import NLB, App
from eksgen.model.controller import GO_TRUE, SERVICE_PREFIX

ID = "EKS043"
NAME = "nlb-ipv6-source-range"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "the controller refuses an IPv6 source range on an NLB that is not dual-stack and "
    "creates no load balancer"
)
FIX = (
    "Remove the IPv6 blocks from exposure.sourceRanges, or make the NLB dual-stack with "
    "exposure.ipAddressType: dualstack (its subnets need IPv6 CIDR blocks)."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/service/model_build_managed_sg.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/service/model_build_load_balancer.go"
)

_LB = SERVICE_PREFIX + "aws-load-balancer-"
# pkg/service/model_build_load_balancer.go (v3.5.0): an NLB is ipv4 or dualstack only.
_DUAL_STACK = "dualstack"


def check(app: App) -> Iterator[Finding]:
    """Flag each IPv6 source range of an NLB that is not dual-stack."""
    if app.exposure.type != NLB or not _managed_security_group(app):
        return
    if app.exposure.ip_address_type == _DUAL_STACK:
        return
    for index, cidr in enumerate(app.exposure.source_ranges):
        # The controller tells IPv6 from IPv4 by a ':' in the text.
        if ":" in cidr:
            message = (
                f"{cidr!r} is an IPv6 range, and the NLB eksgen asks for is IPv4 only: the "
                f"controller refuses the Service ('unsupported v6 cidr {cidr} when lb is not "
                "dualstack') and creates no load balancer"
            )
            yield Finding(app, ("spec", "exposure", "sourceRanges", index), message)


def _managed_security_group(app: App) -> bool:
    """Whether the controller builds the NLB's security group from the source ranges.

    pkg/service/model_build_load_balancer.go (v3.5.0): not with security groups of the
    Service's own, nor with disable-nlb-sg true.
    """
    if app.exposure.security_groups:
        return False
    return dict(app.annotations).get(_LB + "disable-nlb-sg", "") not in GO_TRUE
