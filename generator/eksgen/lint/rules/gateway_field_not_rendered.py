"""EKS068 gateway-field-not-rendered: settings eksgen writes for the Ingress API only, so far.

Some load balancer settings of the App spec are written as the AWS Load Balancer
Controller's Ingress and Service annotations, and not yet into the Gateway API objects
(LoadBalancerConfiguration, TargetGroupConfiguration, ListenerRuleConfiguration). An App
that asks for its load balancer through the Gateway API (exposure.api: gateway) would get a
load balancer without them: no sign-in, no gRPC backend, no TLS to the pods. eksgen refuses
such an App instead of dropping the setting without a word. (The IP address type, security
groups and prefix lists, a web ACL by ARN, Shield Advanced and an NLB's static addresses go into the
LoadBalancerConfiguration, mutual TLS and the ALPN policy into its listener configurations,
the backend protocol and its version (HTTP1, HTTP2), target node labels and proxy protocol
into the TargetGroupConfiguration; a web ACL by name, or detached, does not.)

FAIL: exposure {type: alb, api: gateway, auth: {type: oidc, ...}}
PASS: exposure {type: alb, api: ingress, auth: {type: oidc, ...}}
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
    ("spec", "exposure", "auth"),
    ("spec", "tls", "backendTls"),
)


def check(app: App) -> Iterator[Finding]:
    """Flag each Ingress-API-only setting of an App on the Gateway API."""
    if not app.uses_gateway:
        return
    waf = app.exposure.waf
    if waf is not None and waf.acl_arn is None:
        # The LoadBalancerConfiguration takes a web ACL by ARN (wafV2.webACL) only.
        message = (
            "the Gateway API's LoadBalancerConfiguration takes a web ACL by ARN only: give "
            "waf.aclArn, or keep the App on the Ingress API"
        )
        yield Finding(app, ("spec", "exposure", "waf"), message, at_key=True)
    if app.exposure.backend_protocol_version == "GRPC":
        # A gRPC backend takes a GRPCRoute, which eksgen does not write yet.
        message = (
            "GRPC is written for the Ingress API only so far: the Gateway API routes gRPC with "
            "a GRPCRoute, which eksgen does not write yet"
        )
        yield Finding(app, ("spec", "exposure", "backendProtocolVersion"), message)
    spec = app.raw["spec"]
    for path in NOT_FOR_GATEWAY:
        section = spec.get(path[1]) or {}
        if path[2] in section:
            message = (
                "is written for the Ingress API only so far: with exposure.api gateway the "
                "load balancer would be made without it"
            )
            yield Finding(app, path, message, at_key=True)
