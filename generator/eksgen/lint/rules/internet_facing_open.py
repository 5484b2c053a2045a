"""EKS023 internet-facing-open: an internet-facing load balancer without sourceRanges.

Without exposure.sourceRanges the load balancer's security group admits 0.0.0.0/0, so the
app is reachable from the whole internet. That is right for a public site and a mistake for
an internal tool someone made internet-facing. Managed prefix lists
(exposure.securityGroupPrefixLists) replace that default on the Ingress and Service APIs
(pkg/ingress/model_builder.go, pkg/service/model_build_managed_sg.go, v3.5.0), so the rule
is quiet there; not on the Gateway API, which keeps it (EKS077). An info: reported so that
the choice is deliberate, never blocking; acknowledge it with the annotation
eksgen.dev/ignore: "EKS023".

FAIL: exposure {type: alb, scheme: internet-facing}
PASS: exposure {type: alb, scheme: internet-facing, sourceRanges: [203.0.113.0/24]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, NLB, App

ID = "EKS023"
NAME = "internet-facing-open"
SEVERITY = Severity.INFO
GUARD = False
FIX = (
    "Limit exposure.sourceRanges to the clients that need the app, or, for a public site, "
    'add the annotation eksgen.dev/ignore: "EKS023" to say so.'
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/ingress/model_build_listener.go ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/1194"
)


def check(app: App) -> Iterator[Finding]:
    """Note an internet-facing load balancer that admits every address."""
    exposure = app.exposure
    public = exposure.type in (ALB, NLB) and exposure.scheme == "internet-facing"
    closed_by_lists = bool(exposure.security_group_prefix_lists) and not app.uses_gateway
    if public and not exposure.source_ranges and not closed_by_lists:
        message = (
            "internet-facing without sourceRanges: open to 0.0.0.0/0, the whole internet; "
            "intentional?"
        )
        yield Finding(app, ("spec", "exposure", "scheme"), message)
