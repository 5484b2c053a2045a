"""EKS002 alb-only-field: group, waf, shieldAdvanced, routes and redirectHttp are alb only.

IngressGroups, a WAF web ACL, Shield Advanced, sign-in (auth), the backend protocol and its
version, HTTP routes and their actions, and the HTTP-to-HTTPS redirect are Ingress (ALB)
features. On an nlb or none app they would be silently ignored, so eksgen refuses them. So
is the IP address type dualstack-without-public-ipv4: the controller takes it for an ALB
only (an NLB is ipv4 or dualstack; pkg/service/model_build_load_balancer.go, v3.5.0,
refuses any other value).

FAIL: exposure {type: nlb, group: {name: shared}}
PASS: exposure {type: alb, group: {name: shared}}
"""

from collections.abc import Iterator
from typing import Any

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App
from eksgen.spec.path import FieldPath

ID = "EKS002"
NAME = "alb-only-field"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Remove exposure.group, waf, shieldAdvanced, routes, actions and tls.redirectHttp from "
    "the spec "
    "(and make ipAddressType ipv4 or dualstack), or set exposure.type: alb if the app "
    "belongs behind an ALB."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/tasks/ssl_redirect.md"
)

ALB_ONLY: tuple[FieldPath, ...] = (
    ("spec", "exposure", "group"),
    ("spec", "exposure", "listenPorts"),
    ("spec", "exposure", "waf"),
    ("spec", "exposure", "shieldAdvanced"),
    ("spec", "exposure", "auth"),
    ("spec", "exposure", "backendProtocol"),
    ("spec", "exposure", "backendProtocolVersion"),
    ("spec", "routes"),
    ("spec", "actions"),
    ("spec", "tls", "redirectHttp"),
    ("spec", "tls", "mutualAuthentication"),
)
# An IP address type only an ALB can have.
ALB_ONLY_ADDRESS_TYPE = "dualstack-without-public-ipv4"


def check(app: App) -> Iterator[Finding]:
    """Flag ALB-only fields the user wrote on a non-alb app."""
    if app.exposure.type == ALB:
        return
    for path in ALB_ONLY:
        if _present(app.raw, path):
            message = f"only applies to exposure alb (this app's exposure is {app.exposure.type})"
            yield Finding(app, path, message, at_key=True)
    if app.exposure.ip_address_type == ALB_ONLY_ADDRESS_TYPE:
        message = (
            f"{ALB_ONLY_ADDRESS_TYPE} is an ALB's IP address type (this app's exposure is "
            f"{app.exposure.type}); an NLB is ipv4 or dualstack"
        )
        yield Finding(app, ("spec", "exposure", "ipAddressType"), message)


def _present(data: Any, path: FieldPath) -> bool:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True
