"""ALB actions and rule conditions: what a route does besides forwarding to the app.

An action is named (spec.actions) and a route uses it by name; the controller reads it from
alb.ingress.kubernetes.io/actions.NAME and the route's Ingress backend names NAME with the
port use-annotation. Conditions are read from alb.ingress.kubernetes.io/conditions.BACKEND,
keyed by the backend's name: the action's, else the app's Service. The JSON encodings below
follow the controller's types (pkg/ingress/config_types.go, v3.5.0): every status code and
redirect port is a string, a redirect's status code is HTTP_301 or HTTP_302.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

FORWARD, REDIRECT, FIXED_RESPONSE = "forward", "redirect", "fixed-response"
USE_ANNOTATION = "use-annotation"  # the Ingress backend port that means "read the action"
# The redirect parts in the controller's JSON order, each with the placeholder that keeps
# the request's own value (an ALB redirect that keeps every part loops).
REDIRECT_PARTS = {
    "protocol": "#{protocol}",
    "host": "#{host}",
    "port": "#{port}",
    "path": "/#{path}",
    "query": "#{query}",
}
# The spec's condition keys -> (controller field, its config key, the config's value key).
CONDITION_FIELDS = {
    "hosts": ("host-header", "hostHeaderConfig", "values"),
    "hostRegexes": ("host-header", "hostHeaderConfig", "regexValues"),
    "paths": ("path-pattern", "pathPatternConfig", "values"),
    "header": ("http-header", "httpHeaderConfig", ""),
    "methods": ("http-request-method", "httpRequestMethodConfig", "values"),
    "queryStrings": ("query-string", "queryStringConfig", "values"),
    "sourceIps": ("source-ip", "sourceIPConfig", "values"),
}


class TargetGroup(NamedTuple):
    """One target of a forward: this app's Service port, another Service, or a target group.

    service None and no ARN or name: this app's own Service (port None: its first port).
    """

    service: str | None = None
    port: int | str | None = None
    arn: str | None = None
    name: str | None = None
    weight: int | None = None

    @property
    def is_own_service(self) -> bool:
        """Whether the target is the app's own Service."""
        return self.service is None and self.arn is None and self.name is None


class Action(NamedTuple):
    """A named action: kind is forward, redirect or fixed-response.

    settings holds the redirect's or fixed response's fields as (spec key, value) pairs in
    the spec's words; a forward has target_groups and, optionally, stickiness_seconds.
    """

    name: str
    kind: str
    settings: tuple[tuple[str, Any], ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    stickiness_seconds: int | None = None

    def setting(self, key: str) -> Any:
        """One redirect or fixed-response field; None when not given."""
        return dict(self.settings).get(key)


class Condition(NamedTuple):
    """One extra rule condition: key is the spec's (hosts, header, methods, ...).

    values holds the listed values; for a header, name is the header's and regex says
    whether values are regular expressions; query strings are (key, value) pairs.
    """

    key: str
    values: tuple[Any, ...]
    name: str | None = None
    regex: bool = False


def build_action(name: str, item: dict[str, Any]) -> Action:
    """A schema-valid spec.actions entry as the model."""
    if "forward" in item:
        forward = item["forward"]
        groups = tuple(_target_group(group) for group in forward["targetGroups"])
        return Action(name, FORWARD, (), groups, forward.get("stickinessSeconds"))
    if "redirect" in item:
        return Action(name, REDIRECT, tuple(item["redirect"].items()))
    return Action(name, FIXED_RESPONSE, tuple(item["fixedResponse"].items()))


def _target_group(item: dict[str, Any]) -> TargetGroup:
    return TargetGroup(
        service=item.get("service"),
        port=item.get("port"),
        arn=item.get("targetGroupArn"),
        name=item.get("targetGroupName"),
        weight=item.get("weight"),
    )


def build_condition(item: dict[str, Any]) -> Condition:
    """One schema-valid condition entry as the model."""
    ((key, value),) = item.items()
    if key == "header":
        regex = "regexValues" in value
        values = value["regexValues"] if regex else value["values"]
        return Condition(key, tuple(values), name=value["name"], regex=regex)
    if key == "queryStrings":
        pairs = tuple((pair.get("key"), pair["value"]) for pair in value)
        return Condition(key, pairs)
    return Condition(key, tuple(value), regex=key.endswith("Regexes"))


def action_json(action: Action, own_service: str, own_port: Any) -> str:
    """The controller's JSON for an action; own_* name this app's Service and a default port.

    A forward to one target group named by ARN or name, without weight or stickiness, takes
    the controller's short form ({"type":"forward","targetGroupARN":...}); every other
    forward its forwardConfig form, which the controller normalises the short one to.
    """
    data: dict[str, Any] = {"type": action.kind}
    if action.kind == REDIRECT:
        config = {key: _redirect_value(key, action.setting(key)) for key in REDIRECT_PARTS}
        config["statusCode"] = f"HTTP_{action.setting('statusCode')}"
        data["redirectConfig"] = {key: value for key, value in config.items() if value}
    elif action.kind == FIXED_RESPONSE:
        fixed = {
            "contentType": action.setting("contentType"),
            "messageBody": action.setting("messageBody"),
            "statusCode": str(action.setting("statusCode")),
        }
        data["fixedResponseConfig"] = {key: value for key, value in fixed.items() if value}
    elif _short_form(action):
        group = action.target_groups[0]
        data |= {"targetGroupARN": group.arn} if group.arn else {"targetGroupName": group.name}
    else:
        data["forwardConfig"] = _forward_config(action, own_service, own_port)
    return _compact(data)


def _redirect_value(key: str, value: Any) -> str | None:
    return None if value is None else str(value)


def _short_form(action: Action) -> bool:
    if len(action.target_groups) != 1 or action.stickiness_seconds is not None:
        return False
    group = action.target_groups[0]
    return group.weight is None and (group.arn is not None or group.name is not None)


def _forward_config(action: Action, own_service: str, own_port: Any) -> dict[str, Any]:
    groups = [_target_group_json(group, own_service, own_port) for group in action.target_groups]
    config: dict[str, Any] = {"targetGroups": groups}
    if action.stickiness_seconds is not None:
        stickiness = {"enabled": True, "durationSeconds": action.stickiness_seconds}
        config["targetGroupStickinessConfig"] = stickiness
    return config


def _target_group_json(group: TargetGroup, own_service: str, own_port: Any) -> dict[str, Any]:
    if group.arn is not None:
        found: dict[str, Any] = {"targetGroupARN": group.arn}
    elif group.name is not None:
        found = {"targetGroupName": group.name}
    elif group.service is not None:
        found = {"serviceName": group.service, "servicePort": group.port}
    else:
        port = own_port if group.port is None else group.port
        found = {"serviceName": own_service, "servicePort": port}
    if group.weight is not None:
        found["weight"] = group.weight
    return found


def conditions_json(conditions: tuple[Condition, ...]) -> str:
    """The controller's JSON list of rule conditions, in the order given."""
    return _compact([_condition_json(condition) for condition in conditions])


def _condition_json(condition: Condition) -> dict[str, Any]:
    field, config_key, values_key = CONDITION_FIELDS[condition.key]
    if condition.key == "header":
        values_key = "regexValues" if condition.regex else "values"
        config: dict[str, Any] = {
            "httpHeaderName": condition.name,
            values_key: list(condition.values),
        }
    elif condition.key == "queryStrings":
        pairs = [
            ({"key": key} if key else {}) | {"value": value} for key, value in condition.values
        ]
        config = {values_key: pairs}
    else:
        config = {values_key: list(condition.values)}
    return {"field": field, config_key: config}


def _compact(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"))


def action_summary(action: Action, own_service: str) -> str:
    """One line on what an action does, for the plan: 'forward 90% checkout:http, ...'."""
    if action.kind == REDIRECT:
        parts = {key: action.setting(key) for key in REDIRECT_PARTS}
        target = "".join(
            [
                f"{str(parts['protocol'] or '#{protocol}').lower()}://",
                str(parts["host"] or "#{host}"),
                f":{parts['port']}" if parts["port"] else "",
                str(parts["path"] or "/#{path}"),
                f"?{parts['query']}" if parts["query"] else "",
            ]
        )
        return f"redirect {action.setting('statusCode')} to {target}"
    if action.kind == FIXED_RESPONSE:
        return f"fixed response {action.setting('statusCode')}"
    targets = [_target_text(group, own_service) for group in action.target_groups]
    sticky = f", sticky {action.stickiness_seconds} s" if action.stickiness_seconds else ""
    return f"forward to {', '.join(targets)}{sticky}"


def _target_text(group: TargetGroup, own_service: str) -> str:
    if group.arn is not None:
        name = f"target group {group.arn}"
    elif group.name is not None:
        name = f"target group {group.name}"
    else:
        service = group.service or own_service
        name = f"{service}:{group.port}" if group.port is not None else service
    return name if group.weight is None else f"{name} (weight {group.weight})"


def condition_summary(condition: Condition) -> str:
    """One line on one extra condition, for the plan: 'header X-Canary: always'."""
    if condition.key == "header":
        how = "matches" if condition.regex else "is"
        return f"header {condition.name} {how} {' or '.join(condition.values)}"
    if condition.key == "queryStrings":
        pairs = [f"{key}={value}" if key else value for key, value in condition.values]
        return f"query string has {' or '.join(pairs)}"
    words = {
        "hosts": "or host",
        "hostRegexes": "or host matches",
        "paths": "or path",
        "methods": "method is",
        "sourceIps": "source IP in",
    }
    return f"{words[condition.key]} {' or '.join(condition.values)}"
