"""EKS076 prefix-lists-with-security-groups: prefix lists do nothing beside securityGroups.

exposure.securityGroupPrefixLists become inbound rules of the security group that the AWS
Load Balancer Controller makes for the load balancer. With exposure.securityGroups it makes
no such group, so the lists are ignored (docs/guide/ingress/annotations.md and
docs/guide/service/annotations.md, v3.5.0: the prefix-list annotation "will be ignored" when
security groups are given; the Gateway API's managed group is likewise made only without
them). The spec then names clients the load balancer does not admit on their account. A
warning: the groups given may admit the same lists.

FAIL: exposure {type: alb, securityGroups: [sg-0a...], securityGroupPrefixLists: [pl-0a...]}
PASS: exposure {type: alb, securityGroupPrefixLists: [pl-0a...]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, NLB, App

ID = "EKS076"
NAME = "prefix-lists-with-security-groups"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Remove exposure.securityGroupPrefixLists and admit the lists in the security groups "
    "given, or remove exposure.securityGroups to let the controller make a group from them."
)
_LBC = "kubernetes-sigs/aws-load-balancer-controller"
SOURCE = (
    f"{_LBC} docs/guide/ingress/annotations.md#security-group-prefix-lists"
    f" ; {_LBC} docs/guide/service/annotations.md#lb-security-group-prefix-lists"
)


def check(app: App) -> Iterator[Finding]:
    """Flag prefix lists that security groups of the load balancer's own make moot."""
    exposure = app.exposure
    if exposure.type not in (ALB, NLB):
        return
    if exposure.security_groups and exposure.security_group_prefix_lists:
        message = (
            "do nothing: with exposure.securityGroups the controller makes no security group "
            "to put the prefix lists in, and the groups given decide who may connect"
        )
        path = ("spec", "exposure", "securityGroupPrefixLists")
        yield Finding(app, path, message, at_key=True)
