"""EKS077 gateway-prefix-lists-open: on the Gateway API, prefix lists do not close the default.

With the Ingress or Service API, exposure.securityGroupPrefixLists without
exposure.sourceRanges make the controller drop its everyone-default: the managed security
group admits the prefix lists only (pkg/ingress/model_builder.go and
pkg/service/model_build_managed_sg.go, v3.5.0). The Gateway API's builder does not: it
starts from 0.0.0.0/0 and ::/0, replaces them only with the LoadBalancerConfiguration's
sourceRanges, and adds the securityGroupPrefixes beside them
(pkg/gateway/model/model_build_security_group.go, v3.5.0). An App that moves to the Gateway
API with prefix lists and no ranges is then open to every address. A warning: a public app
may mean that.

FAIL: exposure {type: alb, api: gateway, securityGroupPrefixLists: [pl-0a...]}
PASS: the same with exposure.sourceRanges: [10.0.0.0/16]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS077"
NAME = "gateway-prefix-lists-open"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Give exposure.sourceRanges too (the addresses to admit besides the lists), or keep the "
    "App on the Ingress API (exposure.api: ingress), where the lists alone decide."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/gateway/model/model_build_security_group.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag prefix lists without source ranges on a Gateway API load balancer."""
    exposure = app.exposure
    if not app.uses_gateway or exposure.security_groups:
        return  # with security groups of its own, EKS076 speaks
    if exposure.security_group_prefix_lists and not exposure.source_ranges:
        message = (
            "admit everyone on the Gateway API: its security group keeps 0.0.0.0/0 and ::/0 "
            "unless exposure.sourceRanges are given, and adds the prefix lists beside them"
        )
        path = ("spec", "exposure", "securityGroupPrefixLists")
        yield Finding(app, path, message, at_key=True)
