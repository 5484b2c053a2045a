"""A route's action and extra conditions as the parts of an HTTPRoute rule: the intent.

The Ingress API writes spec.actions and routes[].conditions as the actions.* and
conditions.* annotations; the Gateway API takes them where the controller reads them
(docs/guide/gateway/*.md; the same mapping as the controller's migration tool,
pkg/ingress2gateway/translate/translate_action_helper.go and
translate_condition_helper.go, v3.5.0):

- a forward: the rule's backendRefs, weighted; a target group made outside Kubernetes is a
  backendRef of kind TargetGroupName (its name, also when the spec gives the ARN:
  literalTargetGroupLoader in pkg/gateway/routeutils/backend.go looks it up by name);
  stickiness is a forward action of the rule's ListenerRuleConfiguration.
- a redirect: a RequestRedirect filter (scheme, hostname, path as ReplaceFullPath, port,
  status code); a query other than #{query} is the redirect action of the rule's
  ListenerRuleConfiguration, which the controller joins to the filter
  (buildHttpRedirectAction in pkg/gateway/routeutils/route_rule_action.go). A part the
  spec leaves as its placeholder is left out: the ALB keeps the request's. One difference
  the Gateway API brings: a redirect that names a scheme but no port goes to the scheme's
  port (80 or 443) where the Ingress keeps the request's (the same function).
- a fixed response: the fixed-response action of the rule's ListenerRuleConfiguration, and
  no backendRefs.
- more paths: more matches, Exact (an ALB path pattern, wildcards included); a header: a
  header match on each (values joined by ',', the controller splits them back with a backslash as
  escape: generateValuesFromMatchHeaderValue in pkg/gateway/routeutils/
  route_rule_condition.go); methods and query strings: one match per value, as the ALB ORs
  the values of one condition and the controller ANDs the parts of one match; source IPs:
  a source-ip condition of the rule's ListenerRuleConfiguration.
- more hosts: hostnames belong to a route, not a rule, so the rule goes into an HTTPRoute
  of its own whose hostnames are the App's and these, in lower case (the Gateway API's
  hostnames are; the ALB matches hosts in any case), as is a redirect's host.

The controller reads one ListenerRuleConfiguration per rule (its ExtensionRef filter): a
rule that needs one of its own gets it, with the App's sign-in action in it too. What the
Gateway API cannot say (host regexes, placeholders in a redirect's host, a forward to
another Service's port by name, ...) is EKS068's to refuse before rendering.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any, NamedTuple

from eksgen.model.actions import FIXED_RESPONSE, FORWARD, REDIRECT, Action, Condition, TargetGroup
from eksgen.model.app import App, Route
from eksgen.render.objects import backend_port

# ALB path types as Gateway API path matches. The controller hands an Exact value to the ALB
# as a path pattern, wildcards included (pkg/gateway/routeutils/route_rule_condition.go,
# v3.5.0), which is what an ImplementationSpecific Ingress path is.
PATH_TYPES = {"Prefix": "PathPrefix", "Exact": "Exact", "ImplementationSpecific": "Exact"}
TARGET_GROUP_KIND = "TargetGroupName"  # the controller's backendRef kind for a target group
_ARN_NAME = ":targetgroup/"
# The redirect parts the spec may leave as the placeholder that keeps the request's own.
KEPT = {"protocol": "#{protocol}", "host": "#{host}", "port": "#{port}", "path": "/#{path}"}
KEPT_QUERY = "#{query}"
SOURCE_IP = "source-ip"
# Conditions that are no part of a match: a route's hostnames, the rule configuration's.
_NOT_MATCHES = frozenset({"hosts", "sourceIps"})


class RuleParts(NamedTuple):
    """One route as an HTTPRoute rule, and what its ListenerRuleConfiguration must hold.

    config holds the rule's own routing action and conditions ({} when it needs none); the
    hosts that put the rule into an HTTPRoute of its own are model.gateways.host_route_hosts.
    """

    rule: dict[str, Any]
    config: dict[str, Any]


def rule_parts(app: App, route: Route) -> RuleParts:
    """The rule of a route, with its action and conditions."""
    path_match = {"path": {"type": path_match_type(route.path_type), "value": route.path}}
    conditions: list[dict[str, Any]] = []
    for condition in route.conditions:
        if condition.key == "sourceIps":
            ips = {"values": list(condition.values)}
            conditions.append({"field": SOURCE_IP, "sourceIPConfig": ips})
    rule: dict[str, Any] = {"matches": condition_matches(path_match, route.conditions)}
    config: dict[str, Any] = {}
    action = app.action(route.action)
    if action is None:
        rule["backendRefs"] = [{"name": app.name, "port": backend_port(app, route.port).port}]
    else:
        rule |= _action_rule(app, action)
        routing = _routing_action(action)
        if routing:
            config["actions"] = [routing]
    if conditions:
        config["conditions"] = conditions
    return RuleParts(rule, config)


def condition_matches(
    path_match: dict[str, Any], conditions: Iterable[Condition]
) -> list[dict[str, Any]]:
    """A rule's matches: its path's, with each condition that matches say, in order."""
    matches = [path_match]
    for condition in conditions:
        if condition.key not in _NOT_MATCHES:
            matches = _narrowed(matches, condition)
    return [_ordered(match) for match in matches]


def path_match_type(path_type: str) -> str:
    """A route's pathType as a Gateway API path match type."""
    return PATH_TYPES[path_type]


def _narrowed(matches: list[dict[str, Any]], condition: Condition) -> list[dict[str, Any]]:
    """The matches with one more condition (paths: more matches; the others: on each)."""
    if condition.key == "paths":
        extra = [
            match | {"path": {"type": "Exact", "value": value}}
            for match in matches
            for value in condition.values
        ]
        return matches + extra
    if condition.key == "methods":
        return [match | {"method": method} for match in matches for method in condition.values]
    if condition.key == "queryStrings":
        return [
            match | {"queryParams": [*match.get("queryParams", []), _query(key, value)]}
            for match in matches
            for key, value in condition.values
        ]
    assert condition.key == "header"  # hostRegexes: EKS068 refuses them
    headers = _headers(condition)
    return [
        match | {"headers": [*match.get("headers", []), header]}
        for match, header in itertools.product(matches, headers)
    ]


def _headers(condition: Condition) -> list[dict[str, str]]:
    """One header match of every value, or one per regular expression (not split by ',')."""
    if condition.regex:
        return [
            {"type": "RegularExpression", "name": str(condition.name), "value": value}
            for value in condition.values
        ]
    joined = ",".join(escape_header_value(value) for value in condition.values)
    return [{"type": "Exact", "name": str(condition.name), "value": joined}]


def escape_header_value(value: str) -> str:
    """A header value as one item of the controller's ',' list (a backslash escapes ',')."""
    return value.replace("\\", "\\\\").replace(",", "\\,")


def _query(key: str | None, value: str) -> dict[str, str]:
    assert key is not None  # EKS068 refuses a query string without a key
    return {"type": "Exact", "name": key, "value": value}


def _ordered(match: dict[str, Any]) -> dict[str, Any]:
    """A match's parts in the Gateway API's order: path, headers, queryParams, method."""
    order = ("path", "headers", "queryParams", "method")
    return {key: match[key] for key in order if key in match}


def _action_rule(app: App, action: Action) -> dict[str, Any]:
    """The rule's backendRefs (a forward) or RequestRedirect filter (a redirect)."""
    if action.kind == FORWARD:
        return {"backendRefs": [_backend_ref(app, group) for group in action.target_groups]}
    if action.kind == REDIRECT:
        return {"filters": [{"type": "RequestRedirect", "requestRedirect": _redirect(action)}]}
    return {}


def _backend_ref(app: App, group: TargetGroup) -> dict[str, Any]:
    if group.arn is not None or group.name is not None:
        name = group.name if group.name is not None else target_group_name(str(group.arn))
        found: dict[str, Any] = {"kind": TARGET_GROUP_KIND, "name": name}
    elif group.service is not None and group.service != app.name:
        found = {"name": group.service, "port": group.port}  # a number: EKS068
    else:
        found = {"name": app.name, "port": backend_port(app, group.port).port}
    if group.weight is not None:
        found["weight"] = group.weight
    return found


def target_group_name(arn: str) -> str:
    """The name part of a target group ARN (...:targetgroup/NAME/ID)."""
    return arn.split(_ARN_NAME, 1)[-1].split("/", 1)[0]


def _redirect(action: Action) -> dict[str, Any]:
    """The RequestRedirect filter's fields, in the Gateway API's order."""
    given = {key: action.setting(key) for key in KEPT}
    given = {key: value for key, value in given.items() if value is not None and value != KEPT[key]}
    found: dict[str, Any] = {}
    if "protocol" in given:
        found["scheme"] = str(given["protocol"]).lower()
    if "host" in given:
        found["hostname"] = str(given["host"]).lower()  # a Gateway API name is lower-case
    if "path" in given:
        found["path"] = {"type": "ReplaceFullPath", "replaceFullPath": given["path"]}
    if "port" in given:
        found["port"] = given["port"]
    found["statusCode"] = action.setting("statusCode")
    return found


def _routing_action(action: Action) -> dict[str, Any]:
    """What of the action only a ListenerRuleConfiguration says; {} when nothing."""
    if action.kind == FIXED_RESPONSE:
        fixed = {key: action.setting(key) for key in ("statusCode", "contentType", "messageBody")}
        config = {key: value for key, value in fixed.items() if value is not None}
        return {"type": FIXED_RESPONSE, "fixedResponseConfig": config}
    if action.kind == REDIRECT:
        query = action.setting("query")
        if query is None or query == KEPT_QUERY:
            return {}
        return {"type": REDIRECT, "redirectConfig": {"query": query}}
    if action.stickiness_seconds is None:
        return {}
    stickiness = {"enabled": True, "durationSeconds": action.stickiness_seconds}
    return {"type": FORWARD, "forwardConfig": {"targetGroupStickinessConfig": stickiness}}


def other_services(app: App) -> list[str]:
    """Each other Service that the actions the App's routes use forward to, first use first."""
    found: dict[str, None] = {}
    used = [app.action(route.action) for route in app.routes]
    for action in [action for action in used if action is not None]:
        for group in action.target_groups:
            if group.service is not None and group.service != app.name:
                found.setdefault(group.service, None)
    return list(found)
