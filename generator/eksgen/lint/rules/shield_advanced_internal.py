"""EKS049 shield-advanced-internal: Shield Advanced on an internal ALB guards nothing.

AWS Shield Advanced protects resources reached from the internet against DDoS attacks: an
internal ALB has no public address, so exposure.shieldAdvanced: true adds the protection's
cost and its response team's scope to a load balancer no attack from the internet reaches.
An info, not a warning: the spec may be ready for the day the scheme turns
internet-facing, and a subscription covers the protected resources of an account alike.

FAIL: exposure {type: alb, scheme: internal, shieldAdvanced: true}
PASS: exposure {type: alb, scheme: internet-facing, shieldAdvanced: true}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS049"
NAME = "shield-advanced-internal"
SEVERITY = Severity.INFO
GUARD = False
FIX = (
    "Remove exposure.shieldAdvanced from an internal ALB, or make the ALB internet-facing "
    "if it is meant to be public."
)
SOURCE = (
    "https://docs.aws.amazon.com/waf/latest/developerguide/ddos-advanced-summary.html"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Note Shield Advanced switched on for an internal ALB."""
    exposure = app.exposure
    if exposure.type == ALB and exposure.shield_advanced and exposure.scheme == "internal":
        message = (
            "Shield Advanced guards internet-facing resources against DDoS attacks; this ALB "
            "is internal, so the protection adds cost and guards nothing"
        )
        yield Finding(app, ("spec", "exposure", "shieldAdvanced"), message)
