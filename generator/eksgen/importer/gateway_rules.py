"""Route rules' ListenerRuleConfigurations and gRPC matches read back (render/gateway_rules).

Each rule names at most one ListenerRuleConfiguration by an ExtensionRef filter: its own
(<app>-rule-N), or the App's sign-in one (<app>). Its authenticate-oidc or
authenticate-cognito action is spec.exposure.auth, which every rule carries alike; a
fixed-response action, a redirect's query, a forward's stickiness and a source-ip
condition belong to the rule's route (eksgen.importer.gateway_routes reads them with the
rule). The paths of a GRPCRoute come from its method matches (service alone: the path
prefix /service; service and method: the exact path /service/method, which is the path
pattern the controller writes of them: buildGrpcMethodCondition in
pkg/gateway/routeutils/route_rule_condition.go, v3.5.0). What eksgen would render
otherwise is a warning at its field.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from eksgen.importer.build import Build
from eksgen.importer.leftovers import NOT_MODELLED
from eksgen.importer.objects import LR_CONFIG, Object, as_list, as_mapping, decimal, dig
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
SOURCE_IP = "source-ip"  # the one condition the CRD takes (v3.5.0)


def rule_config_name(rule: Any) -> str | None:
    """The ListenerRuleConfiguration a route rule names by an ExtensionRef filter, if any."""
    for item in as_list(dig(rule, "filters")):
        reference = as_mapping(dig(item, "extensionRef"))
        if dig(item, "type") == _EXTENSION and reference.get("kind") == LR_CONFIG:
            name = reference.get("name")
            return name if isinstance(name, str) else None
    return None


class RuleConfig(NamedTuple):
    """What one ListenerRuleConfiguration says that a spec field takes.

    sign_in: spec.exposure.auth; fixed: a fixed response's settings; query: a redirect's
    query; stickiness: a forward's seconds; source_ips: a source-ip condition's values.
    """

    name: str
    sign_in: dict[str, Any] | None = None
    sign_in_at: tuple[Object, FieldPath] | None = None
    fixed: dict[str, Any] | None = None
    query: str | None = None
    stickiness: int | None = None
    source_ips: list[Any] | None = None
    tags: dict[str, Any] | None = None


class Configs:
    """The ListenerRuleConfigurations the rules of an App name, each read once.

    An object several rules name (the App's sign-in one) warns once about what it holds.
    """

    def __init__(self, build: Build) -> None:
        self.build = build
        self.read: dict[tuple[str, str], RuleConfig | None] = {}

    def of_rule(self, route: Object, index: int, rule: Any) -> RuleConfig | None:
        """The configuration a route rule names, None when none (or missing: a warning)."""
        name = rule_config_name(rule)
        if name is None:
            return None
        key = (name, route.namespace)
        if key not in self.read:
            found = self.build.run.of_kind(LR_CONFIG)
            config = next((o for o in found if (o.name, o.namespace) == key), None)
            if config is None:
                message = f"its ListenerRuleConfiguration {name} is not in the input; not imported"
                self.build.warn(route, ("spec", "rules", index, "filters"), message)
                self.read[key] = None
            else:
                self.read[key] = _rule_config(self.build, config)
        return self.read[key]


def read_auth(build: Build, named: list[tuple[Object, int, RuleConfig | None]]) -> None:
    """spec.exposure.auth from the sign-in action of the configurations the rules name.

    eksgen puts one sign-in in front of every path of an App (as the Ingress annotations
    do), in the App's configuration or in front of a rule's own one: every rule must carry
    the same.
    """
    signs_in = [config.sign_in if config else None for _, _, config in named]
    given = [config for _, _, config in named if config and config.sign_in_at]
    if not given:
        return
    first, origin = given[0].sign_in, given[0].sign_in_at
    assert origin is not None
    for (route, index, _), sign_in in zip(named, signs_in, strict=True):
        if sign_in != first:
            message = (
                "signs in otherwise than the App's first rule: eksgen puts one sign-in in "
                "front of every rule of an App; that one imported"
            )
            build.warn(route, ("spec", "rules", index, "filters"), message)
    build.put(("spec", "exposure", "auth"), first, *origin)


def check_rule_tags(build: Build, named: list[tuple[Object, int, RuleConfig | None]]) -> None:
    """Warn where a rule's listener rule tags are not the App's, which eksgen writes there.

    The App's tags come from its TargetGroupConfiguration or LoadBalancerConfiguration; the
    Ingress tags every listener rule with its tags annotation, and eksgen the Gateway API's
    through the rule's ListenerRuleConfiguration (render/gateway_rules.py).
    """
    tags = build.spec.get("exposure", {}).get("tags") or None
    for route, index, config in named:
        given = config.tags if config else None
        if given != tags and (given or tags):
            message = (
                "eksgen tags every listener rule of an App with the App's tags "
                f"({tags or 'none'}); this rule's are {given or 'none'}, not imported"
            )
            build.warn(route, ("spec", "rules", index, "filters"), message)


def _rule_config(build: Build, config: Object) -> RuleConfig:
    """Read one ListenerRuleConfiguration; what no spec field takes is a warning."""
    _extra(build, config, ("spec",), config.spec, frozenset({"actions", "conditions", "tags"}))
    parts: dict[str, Any] = {}
    tags = config.spec.get("tags")
    if tags is not None and not isinstance(tags, dict):
        build.warn(config, ("spec", "tags"), "not a mapping; not imported")
    elif tags:
        parts["tags"] = dict(tags)
    actions = config.spec.get("actions")
    if actions is not None and not isinstance(actions, list):
        build.warn(config, ("spec", "actions"), "not a list; not imported")
    for index, action in enumerate(as_list(actions)):
        _action(build, config, ("spec", "actions", index), action, parts)
    conditions = config.spec.get("conditions")
    if conditions is not None and not isinstance(conditions, list):
        build.warn(config, ("spec", "conditions"), "not a list; not imported")
    for index, condition in enumerate(as_list(conditions)):
        _condition(build, config, ("spec", "conditions", index), condition, parts)
    return RuleConfig(config.name, **parts)


def _action(
    build: Build, config: Object, where: FieldPath, action: Any, parts: dict[str, Any]
) -> None:
    """One action: a sign-in, or the routing action of the rule (fixed response, ...)."""
    kind = dig(action, "type")
    if isinstance(kind, str) and kind in ACTIONS:
        parts["sign_in"] = _sign_in(build, config, where, as_mapping(action))
        parts["sign_in_at"] = (config, (*where, ACTIONS[kind][1]))
        return
    reader = _ROUTING.get(kind) if isinstance(kind, str) else None
    if reader is None:
        build.warn(config, (*where, "type"), NOT_MODELLED)
        return
    field, key = reader
    settings = dig(action, field)
    if not isinstance(settings, dict):
        build.warn(config, (*where, field), "not a mapping; not imported")
        return
    _extra(build, config, where, as_mapping(action), frozenset({"type", field}))
    if key == "fixed":
        parts["fixed"] = _fixed(build, config, (*where, field), settings)
    elif key == "query":
        _extra(build, config, (*where, field), settings, frozenset({"query"}))
        if isinstance(settings.get("query"), str):
            parts["query"] = settings["query"]
    else:
        parts["stickiness"] = _stickiness(build, config, (*where, field), settings)


# A routing action's type -> (the field of its settings, the RuleConfig part it gives).
_ROUTING = {
    "fixed-response": ("fixedResponseConfig", "fixed"),
    "redirect": ("redirectConfig", "query"),
    "forward": ("forwardConfig", "stickiness"),
}
_FIXED_FIELDS = ("statusCode", "contentType", "messageBody")


def _fixed(
    build: Build, config: Object, where: FieldPath, settings: dict[str, Any]
) -> dict[str, Any]:
    """A fixed response's settings as spec.actions' fixedResponse (the same field names)."""
    _extra(build, config, where, settings, frozenset(_FIXED_FIELDS))
    found = {key: settings[key] for key in _FIXED_FIELDS if settings.get(key) is not None}
    code = found.get("statusCode")
    if isinstance(code, str) and decimal(code) is not None:
        found["statusCode"] = decimal(code)
    return found


def _stickiness(
    build: Build, config: Object, where: FieldPath, settings: dict[str, Any]
) -> int | None:
    """A forward's stickiness seconds: the only forward setting the CRD takes."""
    _extra(build, config, where, settings, frozenset({"targetGroupStickinessConfig"}))
    sticky = as_mapping(settings.get("targetGroupStickinessConfig"))
    _extra(build, config, (*where, "targetGroupStickinessConfig"), sticky, _STICKY_FIELDS)
    seconds = sticky.get("durationSeconds")
    if sticky.get("enabled") is not True:
        return None  # off: what no stickiness renders
    if type(seconds) is not int:
        message = "stickiness without durationSeconds: eksgen renders the seconds; not imported"
        build.warn(config, (*where, "targetGroupStickinessConfig"), message)
        return None
    return seconds


_STICKY_FIELDS = frozenset({"enabled", "durationSeconds"})


def _condition(
    build: Build, config: Object, where: FieldPath, condition: Any, parts: dict[str, Any]
) -> None:
    """A source-ip condition (the only one the CRD takes) for every match of the rule."""
    data = as_mapping(condition)
    if data.get("field") != SOURCE_IP:
        build.warn(config, (*where, "field"), NOT_MODELLED)
        return
    if "matchIndexes" in data:
        message = "eksgen applies source IPs to every match of the rule; not imported"
        build.warn(config, (*where, "matchIndexes"), message, key=True)
        return
    _extra(build, config, where, data, frozenset({"field", "sourceIPConfig"}))
    values = dig(data, "sourceIPConfig", "values")
    if not isinstance(values, list) or not values:
        build.warn(config, (*where, "sourceIPConfig"), "no list of values; not imported")
        return
    parts["source_ips"] = [*parts.get("source_ips", []), *values]


def _sign_in(
    build: Build, config: Object, where: FieldPath, action: dict[str, Any]
) -> dict[str, Any]:
    """spec.exposure.auth of an authenticate-oidc or authenticate-cognito action."""
    auth_type, field, provider_fields = ACTIONS[action["type"]]
    _extra(build, config, where, action, frozenset({"type", field}))
    settings = as_mapping(action.get(field))
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
    return auth


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
