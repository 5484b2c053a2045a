"""EKS022 alb-single-subnet: an ALB in Availability Zones needs subnets in at least two.

An Application Load Balancer in a Region's Availability Zones spans at least two of them:
with one subnet in exposure.subnets the AWS Load Balancer Controller refuses to build the
ALB ("subnets count less than minimal required count"), and within an IngressGroup the list
applies to the whole ALB. The controller asks for two only when the subnets are in
Availability Zones: one subnet is enough in a Local Zone (or a Wavelength Zone), on an
Outpost, or when the controller runs with the ALBSingleSubnet feature gate. A subnet ID
does not tell eksgen which kind of zone it is in, so this is advice, not a guard: for a
Local Zone or Outpost subnet, acknowledge it with the annotation eksgen.dev/ignore:
"EKS022". An NLB may use one subnet anywhere.

FAIL: exposure {type: alb, subnets: [subnet-0aaa]} (a subnet in an Availability Zone)
PASS: exposure {type: alb, subnets: [subnet-0aaa, subnet-0bbb]} (in two Availability Zones)
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS022"
NAME = "alb-single-subnet"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "List one subnet in each of at least two Availability Zones, or leave exposure.subnets "
    "out so that the controller discovers the tagged subnets; for a subnet in a Local Zone "
    'or on an Outpost, add the annotation eksgen.dev/ignore: "EKS022".'
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4/pkg/networking/subnet_resolver.go ; "
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
    "API_CreateLoadBalancer.html"
)


def check(app: App) -> Iterator[Finding]:
    """Flag an alb app that lists exactly one subnet."""
    if app.exposure.type == ALB and len(app.exposure.subnets) == 1:
        message = (
            f"an ALB in Availability Zones needs subnets in at least two; with only "
            f"{app.exposure.subnets[0]} the controller does not create it, unless that subnet "
            "is in a Local Zone or on an Outpost"
        )
        yield Finding(app, ("spec", "exposure", "subnets"), message, at_key=True)
