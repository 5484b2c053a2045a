"""An Ingress's actions.NAME and conditions.NAME annotations read back into the spec.

actions.NAME becomes spec.actions.NAME and a route whose backend names NAME with the port
use-annotation becomes a route with action: NAME. conditions.NAME goes to every route whose
backend is NAME (an action, or the app's Service): the controller keys conditions by
backend. The controller's JSON is read as Go reads it (pkg/ingress/config_types.go,
v3.5.0): field names match whatever their case. An action a route uses that eksgen cannot
model is an error (its routes would change what they do); an unused one, or conditions no
route has, is dropped with a warning, since the controller ignores it too.
"""

from __future__ import annotations

import json
from typing import Any

from eksgen.importer.build import Build, Found
from eksgen.importer.objects import Object, as_list, dig, go_field
from eksgen.model.actions import CONDITION_FIELDS, USE_ANNOTATION
from eksgen.model.controller import INGRESS_PREFIX

ACTIONS, CONDITIONS = INGRESS_PREFIX + "actions.", INGRESS_PREFIX + "conditions."


class NotModelled(ValueError):
    """The annotation's JSON says something the spec has no field for."""


def is_action_backend(item: Any) -> bool:
    """Whether an Ingress path's backend reads an action (port name use-annotation)."""
    return bool(dig(item, "backend", "service", "port", "name") == USE_ANNOTATION)


def read_actions(build: Build, ingress: Object, routes: list[dict[str, Any]]) -> None:
    """spec.actions from actions.* and each route's conditions from conditions.*."""
    used = {route["action"] for route in routes if "action" in route}
    keys = sorted(key for key in build.unread[id(ingress)] if key.startswith(ACTIONS))
    for key in keys:
        found = build.take(key, ingress)
        assert found is not None
        name = key.removeprefix(ACTIONS)
        try:
            action = _action(build, _json(found.value))
        except NotModelled as problem:
            _not_modelled(build, found, str(problem), name in used)
            continue
        build.put(("spec", "actions", name), action, ingress, found.path)
    keys = sorted(key for key in build.unread[id(ingress)] if key.startswith(CONDITIONS))
    for key in keys:
        found = build.take(key, ingress)
        assert found is not None
        _conditions(build, found, key.removeprefix(CONDITIONS), routes)


def _conditions(build: Build, found: Found, backend: str, routes: list[dict[str, Any]]) -> None:
    app = build.group.key[1]
    targets = [route for route in routes if route.get("action", app) == backend]
    try:
        conditions = [_condition(item) for item in _list(_json(found.value))]
    except NotModelled as problem:
        _not_modelled(build, found, str(problem), bool(targets))
        return
    if not targets:
        message = f"no imported route has the backend {backend!r}, so nothing reads it; dropped"
        build.warn(found.source, found.path, message, key=True)
        return
    for route in targets:
        if conditions:
            route["conditions"] = conditions


def _not_modelled(build: Build, found: Found, reason: str, used: bool) -> None:
    if used:
        message = f"{reason}: eksgen cannot render the routes that use it as they are"
        build.refuse(found.source, found.path, message, key=True)
    else:
        build.warn(found.source, found.path, f"{reason}; no route uses it, dropped", key=True)


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise NotModelled("not valid JSON") from None


def _list(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise NotModelled("not a JSON list of conditions")
    return data


def _action(build: Build, data: Any) -> dict[str, Any]:
    kind = go_field(data, "type")
    if kind == "fixed-response":
        return {"fixedResponse": _fixed_response(go_field(data, "fixedResponseConfig"))}
    if kind == "redirect":
        return {"redirect": _redirect(go_field(data, "redirectConfig"))}
    if kind == "forward":
        return {"forward": _forward(build, data)}
    raise NotModelled(f"action type {kind!r} is not forward, redirect or fixed-response")


def _fixed_response(config: Any) -> dict[str, Any]:
    code = _status(go_field(config, "statusCode"))
    found: dict[str, Any] = {"statusCode": code}
    for key in ("contentType", "messageBody"):
        if go_field(config, key) is not None:
            found[key] = go_field(config, key)
    return found


def _redirect(config: Any) -> dict[str, Any]:
    code = go_field(config, "statusCode")
    if code not in ("HTTP_301", "HTTP_302"):
        raise NotModelled(f"redirect status {code!r} is not HTTP_301 or HTTP_302")
    found: dict[str, Any] = {}
    for key in ("protocol", "host", "port", "path", "query"):
        value = go_field(config, key)
        if value is not None:
            found[key] = _number(value) if key == "port" else value
    return found | {"statusCode": int(code.removeprefix("HTTP_"))}


def _forward(build: Build, data: Any) -> dict[str, Any]:
    config = go_field(data, "forwardConfig")
    if config is None:  # the short form: one target group by ARN or name
        arn, name = go_field(data, "targetGroupARN"), go_field(data, "targetGroupName")
        if arn is None and name is None:
            raise NotModelled("a forward without forwardConfig, targetGroupARN or targetGroupName")
        return {"targetGroups": [{"targetGroupArn": arn} if arn else {"targetGroupName": name}]}
    groups = [_target_group(build, item) for item in as_list(go_field(config, "targetGroups"))]
    if not groups:
        raise NotModelled("a forward without target groups")
    found: dict[str, Any] = {"targetGroups": groups}
    stickiness = go_field(config, "targetGroupStickinessConfig")
    if stickiness is not None and go_field(stickiness, "enabled") is not False:
        seconds = go_field(stickiness, "durationSeconds")
        if not (go_field(stickiness, "enabled") is True and type(seconds) is int):
            raise NotModelled("target group stickiness without enabled: true and durationSeconds")
        found["stickinessSeconds"] = seconds
    return found


def _target_group(build: Build, item: Any) -> dict[str, Any]:
    service, port = go_field(item, "serviceName"), go_field(item, "servicePort")
    arn, name = go_field(item, "targetGroupARN"), go_field(item, "targetGroupName")
    if service is not None:
        port = _number(port)
        if service == build.group.key[1]:
            # Kept as written (number or name), so that the JSON renders back the same.
            if build.port_ref(port, port) is None:
                raise NotModelled(f"servicePort {port!r} is not a port of Service {service}")
            found: dict[str, Any] = {"port": port}
        else:
            found = {"service": service, "port": port}
    elif arn is not None:
        found = {"targetGroupArn": arn}
    elif name is not None:
        found = {"targetGroupName": name}
    else:
        raise NotModelled("a target group without serviceName, targetGroupARN or targetGroupName")
    weight = go_field(item, "weight")
    if weight is not None:
        found["weight"] = weight
    return found


def _condition(item: Any) -> dict[str, Any]:
    field = go_field(item, "field")
    for key, (name, config_key, values_key) in CONDITION_FIELDS.items():
        if name != field:
            continue
        config = go_field(item, config_key)
        if key == "header":
            return {"header": _header(config)}
        values = go_field(config, values_key)
        if values:
            if key == "queryStrings":
                values = [_query_pair(pair) for pair in as_list(values)]
            return {key: values}
    raise NotModelled(f"condition {field!r} is not one eksgen models")


def _header(config: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"name": go_field(config, "httpHeaderName")}
    for key in ("values", "regexValues"):
        if go_field(config, key):
            found[key] = go_field(config, key)
    return found


def _query_pair(pair: Any) -> dict[str, Any]:
    key = go_field(pair, "key")
    return ({"key": key} if key else {}) | {"value": go_field(pair, "value")}


def _status(value: Any) -> int:
    number = _number(value)
    if type(number) is not int:
        raise NotModelled(f"status code {value!r} is not a number")
    return number


def _number(value: Any) -> Any:
    """A port or status code as the spec has it: a number when the text is one."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value
