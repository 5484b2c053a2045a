"""An ALB Gateway App's routes and ListenerRuleConfigurations: the intent of their texts.

A route rule's ListenerRuleConfiguration says what the Gateway API's own fields cannot: the
sign-in, the App's tags for its listener rules (which the Ingress's tags annotation gives
every rule the Ingress makes), and a rule's fixed response, source IPs, stickiness or
redirect query (gateway_actions.py). The controller reads one per rule: the App's, named
after it, or a rule's own, named <app>-rule-N, which then holds the App's part too.

The Ingress API writes spec.exposure.auth as the auth-* annotations; the Gateway API takes
it as an authenticate-oidc or authenticate-cognito action of a ListenerRuleConfiguration
(gateway.k8s.aws), which each rule of the App's route names by an ExtensionRef filter
(docs/guide/gateway/listenerruleconfig.md and customization.md, v3.5.0). As with the
annotations, the controller adds the action to the rules of HTTPS listeners only
(getPreRoutingAction in pkg/gateway/model/model_build_listener.go, v3.5.0), and reads the
OIDC client from a Secret of the route's namespace by its keys clientID and clientSecret
(buildAuthenticateOIDCAction in pkg/gateway/routeutils/route_rule_action.go, v3.5.0): the
Secret an Ingress names serves as it is. auth.type none asks for no action: nothing is
written. Only the values the spec gives are written: the CRD's defaults are the Ingress's.
"""

from __future__ import annotations

from typing import Any

from eksgen.model import facts
from eksgen.model.app import App, Auth
from eksgen.model.gateways import (
    Gateway,
    host_route_hosts,
    in_app_route,
    is_grpc,
    needs_app_rule_configuration,
    needs_rule_configuration,
    rule_object_name,
)
from eksgen.render import gateway_objects as objects
from eksgen.render.gateway_actions import rule_parts
from eksgen.render.gateway_objects import GatewayRun, kube_object, route_metadata

KIND = "ListenerRuleConfiguration"
# auth.type -> (the action's type, the field of its settings).
ACTIONS = {
    "oidc": ("authenticate-oidc", "authenticateOIDCConfig"),
    "cognito": ("authenticate-cognito", "authenticateCognitoConfig"),
}
# The provider's spec fields, in the order they are written (the Secret apart: see _oidc).
OIDC_FIELDS = ("issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint")
COGNITO_FIELDS = ("userPoolArn", "userPoolClientId", "userPoolDomain")
# Auth attribute -> the action setting's field (the same in both providers).
SESSION_FIELDS = {
    "scope": "scope",
    "session_cookie": "sessionCookieName",
    "session_timeout_seconds": "sessionTimeout",
    "on_unauthenticated_request": "onUnauthenticatedRequest",
}


def signs_in(app: App) -> bool:
    """Whether the App's route rules need a ListenerRuleConfiguration (sign-in by a provider)."""
    auth = app.exposure.auth
    return auth is not None and auth.type in ACTIONS


def rule_filter(name: str) -> dict[str, Any]:
    """The ExtensionRef filter by which a route rule names a ListenerRuleConfiguration."""
    reference = {"group": facts.gateway.CONFIG_GROUP, "kind": KIND, "name": name}
    return {"type": "ExtensionRef", "extensionRef": reference}


# An object's intent, and the name of its file when not the kind's.
Rendered = tuple[dict[str, Any], str | None]


def member_objects(gateway: Gateway, app: App, run: GatewayRun) -> list[Rendered]:
    """An ALB App's routes and ListenerRuleConfigurations.

    The App's HTTPRoute holds a rule per route; a route whose conditions name more hosts
    has its rule in an HTTPRoute of those hosts as well (alone there when the App has no
    hosts, as the Ingress rule then matches those hosts only). A rule names the
    ListenerRuleConfiguration of its own when its action or conditions need one, else the
    App's when the App signs in or has tags (every rule, since the annotations put the
    sign-in in front of every path of the Ingress and the tags on every rule).
    """
    app_config = needs_app_rule_configuration(app)
    if is_grpc(app):  # a GRPCRoute: its rules are its method matches (no actions: EKS068)
        route = objects.http_route(gateway, app, run, [])
        if not app_config:
            return [(route, None)]
        return [(_filtered(route, app.name), None), (listener_rule_configuration(app, run), None)]
    main: list[dict[str, Any]] = []
    hosts: list[Rendered] = []
    configs: list[Rendered] = []
    for index, spec_route in enumerate(app.routes):
        parts = rule_parts(app, spec_route)
        own_config = needs_rule_configuration(app, spec_route)
        assert own_config == bool(parts.config)  # the model's word, which EKS208 names by
        name = rule_object_name(app, index)
        config_name = name if own_config else (app.name if app_config else None)
        rule = _with_filter(parts.rule, config_name)
        if in_app_route(app, spec_route):
            main.append(rule)
        only = host_route_hosts(app, spec_route)
        if only:
            route_object = objects.host_route(gateway, app, run, name, only, rule)
            hosts.append((route_object, f"httproute-rule-{index + 1}.yaml"))
        if own_config:
            config = _rule_configuration(app, run, name, parts.config)
            configs.append((config, f"listenerruleconfiguration-rule-{index + 1}.yaml"))
    found = [(objects.http_route(gateway, app, run, main), None)] if main else []
    rules = [*main, *(route["spec"]["rules"][0] for route, _ in hosts)]
    if any(_names(rule, app.name) for rule in rules):
        found.append((listener_rule_configuration(app, run), None))
    return found + hosts + configs


def _with_filter(rule: dict[str, Any], config_name: str | None) -> dict[str, Any]:
    if config_name is None:
        return rule
    return rule | {"filters": [*rule.get("filters", []), rule_filter(config_name)]}


def _filtered(route: dict[str, Any], config_name: str) -> dict[str, Any]:
    rules = [_with_filter(rule, config_name) for rule in route["spec"]["rules"]]
    return route | {"spec": route["spec"] | {"rules": rules}}


def _names(rule: dict[str, Any], config_name: str) -> bool:
    return any(
        item.get("extensionRef", {}).get("name") == config_name for item in rule.get("filters", [])
    )


def listener_rule_configuration(app: App, run: GatewayRun) -> dict[str, Any]:
    """The App's: its sign-in action and its tags (needs_app_rule_configuration must hold)."""
    spec: dict[str, Any] = {"actions": [_sign_in(app)]} if signs_in(app) else {}
    spec |= _tags(app)
    metadata = route_metadata(app, app.name, {})
    return kube_object(KIND, run.config_api_version, metadata, spec)


def _rule_configuration(
    app: App, run: GatewayRun, name: str, config: dict[str, Any]
) -> dict[str, Any]:
    """One rule's own: the App's sign-in and tags, and the rule's action and conditions."""
    actions = [_sign_in(app)] if signs_in(app) else []
    actions += config.get("actions", [])
    spec: dict[str, Any] = {"actions": actions} if actions else {}
    if "conditions" in config:
        spec["conditions"] = config["conditions"]
    spec |= _tags(app)
    metadata = route_metadata(app, name, {})
    return kube_object(KIND, run.config_api_version, metadata, spec)


def _tags(app: App) -> dict[str, Any]:
    """The App's tags for its listener rules, as the Ingress's tags annotation gives them."""
    return {"tags": dict(app.exposure.tags)} if app.exposure.tags else {}


def _sign_in(app: App) -> dict[str, Any]:
    auth = app.exposure.auth
    assert auth is not None and auth.type in ACTIONS
    action_type, field = ACTIONS[auth.type]
    return {"type": action_type, field: _settings(auth)}


def _settings(auth: Auth) -> dict[str, Any]:
    provider = dict(auth.oidc if auth.type == "oidc" else auth.cognito)
    fields = OIDC_FIELDS if auth.type == "oidc" else COGNITO_FIELDS
    found: dict[str, Any] = {key: provider[key] for key in fields}
    if auth.type == "oidc":
        found["secret"] = {"name": provider["secretName"]}
    for attribute, key in SESSION_FIELDS.items():
        value = getattr(auth, attribute)
        if value is not None:
            found[key] = value
    return found
