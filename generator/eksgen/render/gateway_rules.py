"""The ListenerRuleConfiguration of a Gateway App that asks for sign-in: the intent of its text.

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


def rule_filter(app: App) -> dict[str, Any]:
    """The ExtensionRef filter by which a route rule names the App's ListenerRuleConfiguration."""
    reference = {"group": facts.gateway.CONFIG_GROUP, "kind": KIND, "name": app.name}
    return {"type": "ExtensionRef", "extensionRef": reference}


def with_sign_in(route: dict[str, Any], app: App) -> dict[str, Any]:
    """The App's route with the filter on every rule when the App signs in (else as it is).

    Every rule, since the annotations put the action in front of every path of the Ingress;
    the redirect route is the Gateway's, not the App's, and gets none.
    """
    if not signs_in(app):
        return route
    rules = [
        rule | {"filters": [*rule.get("filters", []), rule_filter(app)]}
        for rule in route["spec"]["rules"]
    ]
    return route | {"spec": route["spec"] | {"rules": rules}}


def listener_rule_configuration(app: App, run: GatewayRun) -> dict[str, Any]:
    """The App's sign-in action (signs_in(app) must hold)."""
    auth = app.exposure.auth
    assert auth is not None and auth.type in ACTIONS
    action_type, field = ACTIONS[auth.type]
    action = {"type": action_type, field: _settings(auth)}
    metadata = route_metadata(app, app.name, {})
    return kube_object(KIND, run.config_api_version, metadata, {"actions": [action]})


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
