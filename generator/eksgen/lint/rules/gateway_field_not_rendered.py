"""EKS068 gateway-field-not-rendered: settings eksgen writes for the Ingress API only, so far.

Some load balancer settings of the App spec are written as the AWS Load Balancer
Controller's Ingress and Service annotations, and not yet into the Gateway API objects
(LoadBalancerConfiguration, TargetGroupConfiguration, ListenerRuleConfiguration). An App
that asks for its load balancer through the Gateway API (exposure.api: gateway) would get
a load balancer without them: no WAF, no sign-in, no static addresses. eksgen refuses such
an App instead of dropping the setting without a word.

FAIL: exposure {type: alb, api: gateway, waf: {aclName: web}}
PASS: exposure {type: alb, api: ingress, waf: {aclName: web}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS068"
NAME = "gateway-field-not-rendered"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "eksgen would write a load balancer without a setting the spec asks for"
FIX = (
    "Keep the App on the Ingress API (exposure.api: ingress) while it needs the setting, or "
    "remove the setting."
)
SOURCE = "kubernetes-sigs/aws-load-balancer-controller docs/guide/gateway/customization.md"

# The fields that eksgen renders as annotations only.
NOT_FOR_GATEWAY = (
    ("spec", "exposure", "ipAddressType"),
    ("spec", "exposure", "waf"),
    ("spec", "exposure", "shieldAdvanced"),
    ("spec", "exposure", "auth"),
    ("spec", "exposure", "securityGroups"),
    ("spec", "exposure", "manageBackendSecurityGroupRules"),
    ("spec", "exposure", "targetNodeLabels"),
    ("spec", "exposure", "backendProtocol"),
    ("spec", "exposure", "backendProtocolVersion"),
    ("spec", "exposure", "proxyProtocol"),
    ("spec", "exposure", "eipAllocations"),
    ("spec", "exposure", "privateIpv4Addresses"),
    ("spec", "tls", "alpnPolicy"),
    ("spec", "tls", "backendTls"),
    ("spec", "tls", "mutualAuthentication"),
)


def check(app: App) -> Iterator[Finding]:
    """Flag each Ingress-API-only setting of an App on the Gateway API."""
    if not app.uses_gateway:
        return
    spec = app.raw["spec"]
    for path in NOT_FOR_GATEWAY:
        section = spec.get(path[1]) or {}
        if path[2] in section:
            message = (
                "is written for the Ingress API only so far: with exposure.api gateway the "
                "load balancer would be made without it"
            )
            yield Finding(app, path, message, at_key=True)
