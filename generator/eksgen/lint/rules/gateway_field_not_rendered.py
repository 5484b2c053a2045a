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
- in routes' actions and conditions (which otherwise map: render/gateway_actions.py), what
  the Gateway API's fields cannot hold: host regexes (a route's hostnames are names, a
  wildcard only as a leading '*.'), hosts that are no such name, a method outside the
  Gateway API's nine, a query string without a key or with a key that is no header-like
  token, a forward to another Service's port by name (a backendRef's port is a number),
  a redirect host that is no plain host name (#{host} in it, say), and a redirect path
  with the wildcards '*' or '?' (the controller refuses them in ReplaceFullPath:
  buildHttpRedirectAction in pkg/gateway/routeutils/route_rule_action.go, v3.5.0), and a
  second header condition of one header (or query condition of one key) in a route: the
  HTTPRoute CRD lists a match's headers and query parameters by name.
- actions and conditions on a gRPC App: a GRPCRoute's rules take method matches and no
  redirect (the same file's buildRedirectRoutingAction).
- a gRPC App's path that no GRPCRoute method match says: the controller writes a method
  match as the path pattern /service/* or /service/method (buildGrpcMethodCondition in
  pkg/gateway/routeutils/route_rule_condition.go, v3.5.0), so a path is a Prefix /service
  or an Exact /service/method.

FAIL: exposure {type: alb, api: gateway, waf: {aclName: web}}
PASS: exposure {type: alb, api: gateway, waf: {aclArn: arn:aws:wafv2:...}}
"""

import re
from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.actions import Action, Condition
from eksgen.model.app import App
from eksgen.model.controller import INGRESS_CLASS
from eksgen.spec.path import FieldPath

# The Gateway API v1.6.1 CRDs' patterns and enums (gateway.networking.k8s.io_httproutes.yaml).
_HOSTNAME = re.compile(r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_PRECISE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$")
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH")
KEPT = {"host": "#{host}"}  # the redirect host that keeps the request's: left out

ID = "EKS068"
NAME = "gateway-field-not-rendered"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "eksgen would write a load balancer without a setting the spec asks for"
FIX = (
    "Do what the message says for the field (a web ACL by ARN; no waf to let the controller "
    "take off its own; gRPC paths as /service or /service/method; hosts, methods, query keys "
    "and redirect targets the Gateway API can name), or keep the App on the Ingress API "
    "(exposure.api: ingress)."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/gateway/model/addons/model_build_addon.go"
    " ; kubernetes-sigs/aws-load-balancer-controller"
    " pkg/gateway/routeutils/route_rule_condition.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/gateway/customization.md"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/gateway/routeutils/route_rule_action.go"
    " ; kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"
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
    """What of the routes' actions and conditions the Gateway API's fields cannot hold."""
    if app.exposure.backend_protocol_version == "GRPC":
        message = (
            "a gRPC App's GRPCRoute takes no actions or extra conditions here: keep the "
            "App on the Ingress API"
        )
        for index, route in enumerate(app.routes):
            if route.action is not None or route.conditions:
                key = "action" if route.action is not None else "conditions"
                yield Finding(app, ("spec", "routes", index, key), message, at_key=True)
        return
    for index, route in enumerate(app.routes):
        for number, condition in enumerate(route.conditions):
            where: FieldPath = ("spec", "routes", index, "conditions", number, condition.key)
            yield from _condition(app, where, condition)
        yield from _repeated_names(app, index, route.conditions)
    used = {route.action for route in app.routes if route.action is not None}
    for action in app.actions:
        if action.name in used:
            yield from _action(app, action)


def _condition(app: App, where: FieldPath, condition: Condition) -> Iterator[Finding]:
    key = condition.key
    if key == "hostRegexes":
        message = (
            "host regexes have no place in the Gateway API: a route's hostnames are names "
            "(a leading '*.' the only wildcard). Give hosts, or keep the App on the Ingress API"
        )
        yield Finding(app, where, message, at_key=True)
    elif key == "hosts":
        for place, host in enumerate(condition.values):
            if not _HOSTNAME.match(host.lower()):  # written in lower case
                message = (
                    f"{host!r} is no Gateway API hostname (a DNS name, a leading '*.' the only "
                    "wildcard): write it so, or keep the App on the Ingress API"
                )
                yield Finding(app, (*where, place), message)
    elif key == "methods":
        for place, method in enumerate(condition.values):
            if method not in METHODS:
                message = (
                    f"{method!r} is none of the Gateway API's methods ({', '.join(METHODS)}): "
                    "keep the App on the Ingress API"
                )
                yield Finding(app, (*where, place), message)
    elif key == "queryStrings":
        for place, (name, _) in enumerate(condition.values):
            if name is None or not _TOKEN.match(name):
                message = (
                    "a Gateway API query match names its key, a token of letters, digits and "
                    "!#$%&'*+-.^_`|~: give key, or keep the App on the Ingress API"
                )
                yield Finding(app, (*where, place), message)


def _repeated_names(app: App, index: int, conditions: tuple[Condition, ...]) -> Iterator[Finding]:
    """A second header condition of one header, or query condition of one key, in a route.

    The HTTPRoute CRD keys a match's headers and queryParams by name (listMapKeys), so the
    API server refuses one name twice, where the ALB takes two such conditions.
    """
    seen: set[tuple[str, str]] = set()
    for number, condition in enumerate(conditions):
        if condition.key == "header":
            names = [str(condition.name).lower()]
        elif condition.key == "queryStrings":
            names = list(dict.fromkeys(str(key) for key, _ in condition.values))
        else:
            continue
        for name in names:
            if (condition.key, name) in seen:
                message = (
                    f"a second {condition.key} condition on {name!r}: an HTTPRoute match names "
                    "a header or query key once; join the values into one condition, or keep "
                    "the App on the Ingress API"
                )
                where = ("spec", "routes", index, "conditions", number, condition.key)
                yield Finding(app, where, message, at_key=True)
            seen.add((condition.key, name))


def _action(app: App, action: Action) -> Iterator[Finding]:
    where: FieldPath = ("spec", "actions", action.name)
    for place, group in enumerate(action.target_groups):
        if group.service not in (None, app.name) and isinstance(group.port, str):
            message = (
                f"port {group.port!r} of Service {group.service} by name: a Gateway API "
                "backendRef gives the port's number (eksgen knows only this App's ports)"
            )
            yield Finding(app, (*where, "forward", "targetGroups", place, "port"), message)
    host, path = action.setting("host"), action.setting("path")
    if host is not None and host != KEPT["host"] and not _PRECISE.match(str(host).lower()):
        message = (
            f"{host!r}: a Gateway API redirect names a plain host name (no placeholders, no "
            "wildcards): write it so, or keep the App on the Ingress API"
        )
        yield Finding(app, (*where, "redirect", "host"), message)
    if path is not None and any(char in str(path) for char in "*?"):
        message = (
            f"{path!r}: the controller refuses '*' and '?' in a Gateway API redirect's path "
            "(ReplaceFullPath): write it without, or keep the App on the Ingress API"
        )
        yield Finding(app, (*where, "redirect", "path"), message)


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
