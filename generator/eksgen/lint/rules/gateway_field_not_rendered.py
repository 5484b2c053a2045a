"""EKS068 gateway-field-not-rendered: settings the Gateway API objects cannot carry as asked.

Most load balancer settings of the App spec have a place in the Gateway API objects: the
LoadBalancerConfiguration (IP address type, security groups and prefix lists, a web ACL by
ARN, Shield Advanced, an NLB's static addresses, and per listener mutual TLS and the ALPN
policy), the TargetGroupConfiguration (backend protocol and version, target node labels,
proxy protocol, the health check, TLS to an NLB's pods), the ListenerRuleConfiguration
(sign-in), and a GRPCRoute for a gRPC backend. A few have none, and an App that asks for
its load balancer through the Gateway API (exposure.api: gateway) would get one without
them; eksgen refuses such an App
instead of dropping the setting without a word:

- waf.aclName: the LoadBalancerConfiguration names a web ACL by ARN alone (wafV2.webACL),
  which the controller associates as given, with no lookup by name (buildWAFv2 in
  pkg/gateway/model/addons/model_build_addon.go, v3.5.0).
- waf.enabled false: there is no setting that detaches a web ACL. Without wafV2 the
  controller disassociates the load balancer's web ACL only where it had attached one
  itself (the same function, and pkg/deploy/wafv2/web_acl_association_synthesizer.go,
  v3.5.0); elsewhere it leaves the association alone.
- an IngressClass other than alb (exposure.ingressClass): a Gateway has no IngressClass, so
  the class's platform-owned settings (IngressClassParams) would not apply.
- spec.actions and routes[].conditions: not written yet. They would take RequestRedirect
  filters, weighted backendRefs, header, method and query matches, and for fixed
  responses, source-IP conditions and stickiness the ListenerRuleConfiguration.
- a gRPC App's path that no GRPCRoute method match says: the controller writes a method
  match as the path pattern /service/* or /service/method (buildGrpcMethodCondition in
  pkg/gateway/routeutils/route_rule_condition.go, v3.5.0), so a path is a Prefix /service
  or an Exact /service/method.

FAIL: exposure {type: alb, api: gateway, waf: {aclName: web}}
PASS: exposure {type: alb, api: gateway, waf: {aclArn: arn:aws:wafv2:...}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.controller import INGRESS_CLASS

ID = "EKS068"
NAME = "gateway-field-not-rendered"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "eksgen would write a load balancer without a setting the spec asks for"
FIX = (
    "Do what the message says for the field (a web ACL by ARN; no waf to let the controller "
    "take off its own; gRPC paths as /service or /service/method), or keep the App on the "
    "Ingress API (exposure.api: ingress)."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/gateway/model/addons/model_build_addon.go"
    " ; kubernetes-sigs/aws-load-balancer-controller"
    " pkg/gateway/routeutils/route_rule_condition.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/gateway/customization.md"
)

_BY_NAME = (
    "the Gateway API's LoadBalancerConfiguration names a web ACL by ARN only (wafV2.webACL, "
    "which the controller does not look up by name): give waf.aclArn, or keep the App on "
    "the Ingress API"
)
_DETACH = (
    "the Gateway API has no setting that detaches a web ACL: without wafV2 the controller "
    "takes off only a web ACL it attached itself. Remove waf (that web ACL then goes), or "
    "keep the App on the Ingress API to detach any web ACL"
)


def check(app: App) -> Iterator[Finding]:
    """Flag each setting of an App on the Gateway API that its objects cannot carry."""
    if not app.uses_gateway:
        return
    waf = app.exposure.waf
    if waf is not None and waf.acl_arn is None:
        message = _BY_NAME if waf.acl_name is not None else _DETACH
        yield Finding(app, ("spec", "exposure", "waf"), message, at_key=True)
    if app.exposure.ingress_class != INGRESS_CLASS:
        message = (
            f"IngressClass {app.exposure.ingress_class!r} is for Ingresses: a Gateway has "
            "none, so the class's settings would not apply; keep the App on the Ingress API"
        )
        yield Finding(app, ("spec", "exposure", "ingressClass"), message)
    yield from _route_actions(app)
    if app.exposure.backend_protocol_version == "GRPC":
        yield from _grpc_paths(app)


def _route_actions(app: App) -> Iterator[Finding]:
    """Actions and extra conditions: annotations of the Ingress API only, so far."""
    message = (
        "is written for the Ingress API only so far (alb.ingress.kubernetes.io/actions.* and "
        "conditions.*): with exposure.api gateway the routes would be made without it. Keep "
        "the App on the Ingress API"
    )
    if app.actions:
        yield Finding(app, ("spec", "actions"), message, at_key=True)
    for index, route in enumerate(app.routes):
        if route.conditions:
            yield Finding(app, ("spec", "routes", index, "conditions"), message, at_key=True)


def _grpc_paths(app: App) -> Iterator[Finding]:
    """Each path of a gRPC App that no GRPCRoute method match says."""
    from eksgen.model.gateways import grpc_method

    for index, route in enumerate(app.routes):
        if (route.path, route.path_type) == ("/", "Prefix"):
            continue
        if grpc_method(route.path, route.path_type) is None:
            message = (
                f"{route.path!r} ({route.path_type}) is no gRPC method match: a gRPC App on "
                "the Gateway API takes a Prefix path /service or an Exact path "
                "/service/method (a GRPCRoute matches by service and method), or keep the "
                "App on the Ingress API"
            )
            yield Finding(app, ("spec", "routes", index, "path"), message)
