"""A route's ListenerRuleConfiguration and gRPC matches read back (render/gateway_rules reversed).

spec.exposure.auth comes from the authenticate-oidc or authenticate-cognito action of the
ListenerRuleConfiguration that the route's rules name by an ExtensionRef filter; the paths
of a GRPCRoute from its method matches (service alone: the path prefix /service; service and
method: the exact path /service/method, which is the path pattern the controller writes of
them: buildGrpcMethodCondition in pkg/gateway/routeutils/route_rule_condition.go, v3.5.0).
What eksgen would render otherwise is a warning at its field.
"""

from __future__ import annotations

from typing import Any

from eksgen.importer.build import Build
from eksgen.importer.leftovers import NOT_MODELLED
from eksgen.importer.objects import LR_CONFIG, Object, as_list, as_mapping, dig
from eksgen.spec.path import FieldPath

# The action's type -> (auth.type, the field of its settings, the provider's fields).
ACTIONS = {
    "authenticate-oidc": (
        "oidc",
        "authenticateOIDCConfig",
        ("issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint"),
    ),
    "authenticate-cognito": (
        "cognito",
        "authenticateCognitoConfig",
        ("userPoolArn", "userPoolClientId", "userPoolDomain"),
    ),
}
# The action setting's field -> the spec.exposure.auth field (the same for both providers).
SESSION_FIELDS = {
    "scope": "scope",
    "sessionCookieName": "sessionCookie",
    "sessionTimeout": "sessionTimeoutSeconds",
    "onUnauthenticatedRequest": "onUnauthenticatedRequest",
}
_EXTENSION = "ExtensionRef"


def rule_config_name(rule: Any) -> str | None:
    """The ListenerRuleConfiguration a route rule names by an ExtensionRef filter, if any."""
    for item in as_list(dig(rule, "filters")):
        reference = as_mapping(dig(item, "extensionRef"))
        if dig(item, "type") == _EXTENSION and reference.get("kind") == LR_CONFIG:
            name = reference.get("name")
            return name if isinstance(name, str) else None
    return None


def read_auth(build: Build, route: Object) -> None:
    """spec.exposure.auth from the ListenerRuleConfiguration of the route's rules."""
    rules = as_list(route.spec.get("rules"))
    names = [rule_config_name(rule) for rule in rules]
    name = names[0] if names else None
    for index, other in enumerate(names):
        if other != name:
            # eksgen puts one sign-in in front of every path of an App.
            message = "rules of one route name different ListenerRuleConfigurations; not imported"
            build.warn(route, ("spec", "rules", index, "filters"), message)
    if name is None:
        return
    found = build.run.of_kind(LR_CONFIG)
    config = next((o for o in found if (o.name, o.namespace) == (name, route.namespace)), None)
    if config is None:
        message = f"its ListenerRuleConfiguration {name} is not in the input; not imported"
        build.warn(route, ("spec", "rules", 0, "filters"), message)
        return
    _actions(build, config)


def _actions(build: Build, config: Object) -> None:
    _extra(build, config, ("spec",), config.spec, frozenset({"actions"}))
    for index, action in enumerate(as_list(config.spec.get("actions"))):
        where: FieldPath = ("spec", "actions", index)
        kind = dig(action, "type")
        if kind not in ACTIONS:
            build.warn(config, (*where, "type"), NOT_MODELLED)
            continue
        auth_type, field, provider_fields = ACTIONS[kind]
        settings = as_mapping(dig(action, field))
        auth: dict[str, Any] = {"type": auth_type}
        provider = {key: settings[key] for key in provider_fields if key in settings}
        known = {*provider_fields, *SESSION_FIELDS}
        if auth_type == "oidc":
            known.add("secret")
            provider["secretName"] = dig(settings, "secret", "name")
        auth[auth_type] = provider
        for key, spec_field in SESSION_FIELDS.items():
            if key in settings:
                auth[spec_field] = settings[key]
        _extra(build, config, (*where, field), settings, frozenset(known))
        build.put(("spec", "exposure", "auth"), auth, config, (*where, field))


def grpc_paths(build: Build, route: Object) -> list[tuple[int, dict[str, Any]]]:
    """The App's routes of a GRPCRoute's rules: (rule index, path) per method match."""
    found: list[tuple[int, dict[str, Any]]] = []
    for index, rule in enumerate(as_list(route.spec.get("rules"))):
        for number, match in enumerate(as_list(dig(rule, "matches")) or [{}]):
            where: FieldPath = ("spec", "rules", index, "matches", number)
            method = as_mapping(dig(match, "method"))
            _extra(build, route, where, as_mapping(match), frozenset({"method"}))
            entry = _grpc_path(method)
            if entry is None:
                message = "eksgen renders Exact matches of a service, or of a service and method"
                build.warn(route, (*where, "method"), message + "; not imported")
                continue
            found.append((index, entry))
    return found


def _grpc_path(method: dict[str, Any]) -> dict[str, Any] | None:
    if not method:
        return {"path": "/"}
    service, name = method.get("service"), method.get("method")
    if method.get("type", "Exact") != "Exact" or not isinstance(service, str):
        return None
    if name is None:
        return {"path": f"/{service}"}
    return {"path": f"/{service}/{name}", "pathType": "Exact"} if isinstance(name, str) else None


def _extra(
    build: Build, obj: Object, where: FieldPath, data: dict[str, Any], known: frozenset[str]
) -> None:
    for key in sorted(str(key) for key in data if key not in known):
        build.warn(obj, (*where, key), NOT_MODELLED, key=True)
