"""EKS056 backend-rules-without-security-groups: manageBackendSecurityGroupRules needs groups.

exposure.manageBackendSecurityGroupRules tells the AWS Load Balancer Controller whether to
open the nodes' or pods' security groups to security groups given in
exposure.securityGroups. Without those groups the controller makes its own and always
manages the backend rules, so the setting does nothing, and the spec suggests a choice it
does not make. A warning.

FAIL: exposure {type: alb, manageBackendSecurityGroupRules: true}
PASS: exposure {type: alb, securityGroups: [sg-0a...], manageBackendSecurityGroupRules: true}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, NLB, App

ID = "EKS056"
NAME = "backend-rules-without-security-groups"
SEVERITY = Severity.WARNING
GUARD = False
FIX = "Remove exposure.manageBackendSecurityGroupRules, or give exposure.securityGroups."
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag the backend-rules setting on a load balancer without security groups given."""
    exposure = app.exposure
    given = exposure.manage_backend_security_group_rules is not None
    if exposure.type in (ALB, NLB) and given and not exposure.security_groups:
        message = (
            "does nothing without exposure.securityGroups: the controller then makes the load "
            "balancer's security group and manages the backend rules itself"
        )
        path = ("spec", "exposure", "manageBackendSecurityGroupRules")
        yield Finding(app, path, message, at_key=True)
