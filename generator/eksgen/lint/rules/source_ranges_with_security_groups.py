"""EKS055 source-ranges-with-security-groups: sourceRanges do nothing beside securityGroups.

The AWS Load Balancer Controller turns exposure.sourceRanges into the inbound rules of the
security group it makes for the load balancer. With exposure.securityGroups it makes none:
the groups given decide who may connect, and the ranges are ignored (the controller's
inbound-cidrs "will be ignored if security-groups is specified"; an NLB with its own
groups gets no managed group either). The spec then promises a restriction that the load
balancer does not have. A warning: the groups given may well admit just those ranges.

FAIL: exposure {type: alb, securityGroups: [sg-0a...], sourceRanges: [203.0.113.0/24]}
PASS: exposure {type: alb, securityGroups: [sg-0a...]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, NLB, App

ID = "EKS055"
NAME = "source-ranges-with-security-groups"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Remove exposure.sourceRanges and admit the clients in the security groups given, or "
    "remove exposure.securityGroups to let the controller make a group from the ranges."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/service/model_build_load_balancer.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag source ranges that security groups of the load balancer's own make moot."""
    exposure = app.exposure
    if exposure.type in (ALB, NLB) and exposure.security_groups and exposure.source_ranges:
        message = (
            "do nothing: with exposure.securityGroups the controller makes no security group "
            "from the ranges, and the groups given decide who may connect"
        )
        yield Finding(app, ("spec", "exposure", "sourceRanges"), message, at_key=True)
