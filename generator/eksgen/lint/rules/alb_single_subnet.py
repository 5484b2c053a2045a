"""EKS022 alb-single-subnet: an ALB needs subnets in at least two Availability Zones.

An Application Load Balancer is created in at least two Availability Zones. With one
subnet in exposure.subnets the AWS Load Balancer Controller refuses to build the ALB (only
an Outposts subnet, or the ALBSingleSubnet feature gate, allows one), and within an
IngressGroup the list applies to the whole ALB. An NLB may use one subnet.

FAIL: exposure {type: alb, subnets: [subnet-0aaa]}
PASS: exposure {type: alb, subnets: [subnet-0aaa, subnet-0bbb]} (in two zones)
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS022"
NAME = "alb-single-subnet"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller does not create an ALB with a single subnet"
FIX = (
    "List one subnet in each of at least two Availability Zones, or leave exposure.subnets "
    "out so that the controller discovers the tagged subnets."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/networking/subnet_resolver.go ; "
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
    "API_CreateLoadBalancer.html"
)


def check(app: App) -> Iterator[Finding]:
    """Flag an alb app that lists exactly one subnet."""
    if app.exposure.type == ALB and len(app.exposure.subnets) == 1:
        message = (
            f"an ALB needs subnets in at least two Availability Zones; with only "
            f"{app.exposure.subnets[0]} the controller does not create it"
        )
        yield Finding(app, ("spec", "exposure", "subnets"), message, at_key=True)
