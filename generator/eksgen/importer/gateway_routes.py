"""An ALB App's HTTPRoute rules read back as spec.routes and spec.actions.

The reverse of eksgen.render.gateway_actions and gateway_rules: each rule of the App's
HTTPRoute is a route, in order; the route named <app>-rule-N holds rule N's more hosts (a
hosts condition; with the rule itself when the App has no hosts of its own, at index N-1).
A rule's matches give its path and conditions (eksgen.importer.gateway_matches), its
ListenerRuleConfiguration the sign-in, the source IPs and what only that object says of
an action (eksgen.importer.gateway_rules); its backendRefs a forward, its RequestRedirect
filter a redirect.

The Gateway objects keep no action names: an imported action is named after its kind and
its order of first use (forward-1, redirect-1, fixed-response-1), and routes whose action
and conditions are the same share one (the controller keys an Ingress's conditions by
backend: EKS089 refuses routes of one action with other conditions). A rule that forwards
to the App's own Service alone, unweighted and without stickiness, is a plain route to
that port.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from eksgen.importer.build import Build
from eksgen.importer.gateway_matches import NotAMatch, RouteMatch, normal_match, route_match
from eksgen.importer.gateway_rules import Configs, RuleConfig, check_rule_tags, read_auth
from eksgen.importer.objects import SERVICE, Object, as_list, as_mapping, dig
from eksgen.model import defaults
from eksgen.spec.path import FieldPath

_REDIRECT_FILTER = "RequestRedirect"
# The controller's backendRef kind for a target group made outside Kubernetes, by name
# (literalTargetGroupLoader in pkg/gateway/routeutils/backend.go, v3.5.0).
TARGET_GROUP_KIND = "TargetGroupName"
_REDIRECT_FIELDS = frozenset({"scheme", "hostname", "path", "port", "statusCode"})
_BACKEND_FIELDS = frozenset({"name", "port", "weight", "kind", "group", "namespace"})
# The Gateway API's default redirect status (HTTPRequestRedirectFilter.statusCode).
_DEFAULT_REDIRECT_STATUS = 302
_REDIRECT_STATUSES = (301, 302)
_DEFAULT_WEIGHT = 1
# spec.actions key -> the kind an imported action is named after.
_KINDS = {"forward": "forward", "redirect": "redirect", "fixedResponse": "fixed-response"}
_MAX_NAME = 55  # an action name is a DNS-1035 label of at most 55 characters (the schema)


class RuleRead(NamedTuple):
    """One rule as routes: a route per match set, what they do, and where it was read."""

    matches: list[RouteMatch]
    target: dict[str, Any]
    origin: tuple[Object, FieldPath]
    hosts: tuple[str, ...] = ()
    source_ips: tuple[Any, ...] = ()


def read_routes(build: Build, main: Object | None, hosts: list[tuple[int, Object]]) -> None:
    """spec.routes, spec.actions and spec.exposure.auth of the App's HTTPRoutes.

    main: the HTTPRoute named after the App (None when each rule has more hosts and the App
    none); hosts: the routes of one rule's more hosts, with N.
    """
    configs = Configs(build)
    named: list[tuple[Object, int, RuleConfig | None]] = []
    rules = as_list(main.spec.get("rules")) if main else []
    reads: list[RuleRead | None] = (
        [_read_rule(build, main, index, rule, configs, named) for index, rule in enumerate(rules)]
        if main is not None
        else []
    )
    own_hosts = bool(main and as_list(main.spec.get("hostnames")))
    for number, route in sorted(hosts, key=lambda pair: pair[0]):
        _host_route(build, route, number, (rules, reads, own_hosts), configs, named)
    read_auth(build, named)
    check_rule_tags(build, named)
    _put_routes(build, [read for read in reads if read is not None])


def _host_route(
    build: Build,
    route: Object,
    number: int,
    main: tuple[list[Any], list[RuleRead | None], bool],
    configs: Configs,
    named: list[tuple[Object, int, RuleConfig | None]],
) -> None:
    """Rule N's more hosts: a hosts condition on the App's rule N, or the rule itself."""
    rules, reads, own_hosts = main
    given = as_list(route.spec.get("rules"))
    hostnames = tuple(h for h in as_list(route.spec.get("hostnames")) if isinstance(h, str))
    if len(given) != 1 or not hostnames:
        message = "eksgen writes one rule and its hostnames in a rule's host route; not imported"
        build.warn(route, ("spec",), message)
        return
    if own_hosts:
        # The App's route holds the rule too, at index N-1 (render/gateway_rules.py).
        index = number - 1
        if index >= len(rules) or rules[index] != given[0]:
            message = f"not the App's rule {number}, which eksgen writes here too; not imported"
            build.warn(route, ("spec", "rules", 0), message)
            return
        read = reads[index]
        if read is not None:  # else the App's rule was not imported, with a warning there
            reads[index] = read._replace(hosts=hostnames)
        return
    read = _read_rule(build, route, 0, given[0], configs, named)
    if read is not None:
        reads.insert(number - 1, read._replace(hosts=hostnames))


def _read_rule(
    build: Build,
    route: Object,
    index: int,
    rule: Any,
    configs: Configs,
    named: list[tuple[Object, int, RuleConfig | None]],
) -> RuleRead | None:
    """One rule as routes; None (with a warning) when eksgen cannot render it."""
    where: FieldPath = ("spec", "rules", index)
    if not isinstance(rule, dict):
        build.warn(route, where, "not a mapping; not imported")
        return None
    config = configs.of_rule(route, index, rule)
    named.append((route, index, config))
    matches = _matches(build, route, where, rule)
    target = _target(build, route, where, rule, config)
    if not matches or target is None:
        return None
    source_ips = tuple(config.source_ips or ()) if config else ()
    return RuleRead(matches, target, (route, where), source_ips=source_ips)


def _matches(build: Build, route: Object, where: FieldPath, rule: dict[str, Any]) -> list[Any]:
    """The route's path and conditions, one set of them when every match is one route's."""
    given = rule.get("matches")
    if given is not None and not isinstance(given, list):
        build.warn(route, (*where, "matches"), "not a list; rule not imported")
        return []
    normal = []
    for number, match in enumerate(given or [{}]):
        try:
            normal.append(normal_match(match))
        except NotAMatch as problem:
            at = (*where, "matches", number, *problem.where)
            build.warn(route, at, f"{problem.reason}; match not imported")
    if not normal:
        return []
    whole = route_match(normal)
    if whole is not None:
        return [whole]
    found = []  # no conditions give these matches: a route per match, as they are ORed
    for number, match in enumerate(normal):
        single = route_match([match])
        if single is None:
            at = (*where, "matches", number)
            build.warn(route, at, "eksgen renders this match otherwise; not imported")
        else:
            found.append(single)
    return found


def _target(
    build: Build, route: Object, where: FieldPath, rule: dict[str, Any], config: RuleConfig | None
) -> dict[str, Any] | None:
    """What the rule does, as a spec.actions entry; None when nothing eksgen renders."""
    redirects = [
        (number, item)
        for number, item in enumerate(as_list(rule.get("filters")))
        if dig(item, "type") == _REDIRECT_FILTER
    ]
    backends = rule.get("backendRefs")
    if config is not None and config.fixed is not None:
        _ignored(build, route, where, backends, bool(redirects), "a fixed response")
        return {"fixedResponse": config.fixed}
    if redirects:
        _ignored(build, route, where, backends, False, "a redirect")
        for number, _ in redirects[1:]:
            message = "one redirect per rule; not imported"
            build.warn(route, (*where, "filters", number), message)
        number, item = redirects[0]
        redirect = _redirect(build, route, (*where, "filters", number), item)
        if redirect is None:
            return None
        if config is not None and config.query is not None:
            redirect["query"] = config.query
        return {"redirect": redirect}
    if config is not None and config.query is not None:
        message = f"a redirect query of {config.name}, without a RequestRedirect filter; ignored"
        build.warn(route, (*where, "filters"), message)
    return _forward(build, route, where, backends, config)


def _ignored(
    build: Build, route: Object, where: FieldPath, backends: Any, redirect: bool, what: str
) -> None:
    if backends:
        message = f"{what} answers the rule: eksgen renders no backendRefs; not imported"
        build.warn(route, (*where, "backendRefs"), message)
    if redirect:
        message = f"{what} answers the rule: eksgen renders no redirect; not imported"
        build.warn(route, (*where, "filters"), message)


def _redirect(build: Build, route: Object, where: FieldPath, item: Any) -> dict[str, Any] | None:
    """A RequestRedirect filter as spec.actions' redirect; each part left out is kept."""
    data = dig(item, "requestRedirect")
    if not isinstance(data, dict):
        build.warn(route, (*where, "requestRedirect"), "not a mapping; rule not imported")
        return None
    at: FieldPath = (*where, "requestRedirect")
    for key in sorted(str(key) for key in data if key not in _REDIRECT_FIELDS):
        build.warn(route, (*at, key), "not modelled by eksgen; not imported", key=True)
    found: dict[str, Any] = {}
    if isinstance(data.get("scheme"), str):
        found["protocol"] = data["scheme"].upper()
    if "hostname" in data:
        found["host"] = data["hostname"]
    if "path" in data:
        path = as_mapping(data["path"])
        if path.get("type") != "ReplaceFullPath":
            message = "eksgen renders a redirect's path as ReplaceFullPath only; rule not imported"
            build.warn(route, (*at, "path"), message)
            return None
        found["path"] = path.get("replaceFullPath")
    if "port" in data:
        found["port"] = data["port"]
    status = data.get("statusCode", _DEFAULT_REDIRECT_STATUS)
    if status not in _REDIRECT_STATUSES or type(status) is not int:
        message = f"{status!r}: eksgen renders redirects of 301 and 302; rule not imported"
        build.warn(route, (*at, "statusCode"), message)
        return None
    return found | {"statusCode": status}


def _forward(
    build: Build, route: Object, where: FieldPath, backends: Any, config: RuleConfig | None
) -> dict[str, Any] | None:
    """The rule's backendRefs as a forward, with its configuration's stickiness."""
    if backends is not None and not isinstance(backends, list):
        build.warn(route, (*where, "backendRefs"), "not a list; rule not imported")
        return None
    targets = []
    for number, item in enumerate(as_list(backends)):
        target = _backend(build, route, (*where, "backendRefs", number), item)
        if target is None:
            return None  # a forward without one of its targets would shift the weights
        targets.append(target)
    if not targets:
        build.warn(route, where, "no backendRefs and no action eksgen renders; not imported")
        return None
    if len(targets) > 1:
        # A backendRef's weight is 1 when not given (the Gateway API's HTTPBackendRef); the
        # spec's targets of a forward each need one (EKS088).
        targets = [{"weight": _DEFAULT_WEIGHT} | target for target in targets]
    forward: dict[str, Any] = {"targetGroups": targets}
    if config is not None and config.stickiness is not None:
        forward["stickinessSeconds"] = config.stickiness
    return {"forward": forward}


def _backend(build: Build, route: Object, where: FieldPath, item: Any) -> dict[str, Any] | None:
    """One backendRef as a target: the App's port, another Service's, or a target group."""
    if not isinstance(item, dict):
        build.warn(route, where, "not a mapping; rule not imported")
        return None
    for key in sorted(str(key) for key in item if key not in _BACKEND_FIELDS):
        build.warn(route, (*where, key), "not modelled by eksgen; not imported", key=True)
    kind, name, port = item.get("kind", SERVICE), item.get("name"), item.get("port")
    if not isinstance(name, str):
        build.warn(route, (*where, "name"), "not a string; rule not imported")
        return None
    if kind == TARGET_GROUP_KIND:
        found: dict[str, Any] = {"targetGroupName": name}
    elif kind != SERVICE or item.get("group") not in (None, ""):
        message = f"{kind!r}: eksgen forwards to Services and target groups; rule not imported"
        build.warn(route, (*where, "kind"), message)
        return None
    elif item.get("namespace") not in (None, route.namespace):
        message = "a Service of another namespace: eksgen renders no ReferenceGrant; not imported"
        build.warn(route, (*where, "namespace"), message)
        return None
    elif type(port) is not int:
        build.warn(route, (*where, "port"), "not a port number; rule not imported")
        return None
    elif name == build.group.key[1]:
        ref = build.port_ref(port)
        if ref is None:
            message = f"not a port of Service {name}; rule not imported"
            build.warn(route, (*where, "port"), message)
            return None
        found = {"port": ref}
    else:
        found = {"service": name, "port": port}
    if "weight" in item:
        found["weight"] = item["weight"]
    return found


def _put_routes(build: Build, reads: list[RuleRead]) -> None:
    """spec.routes and spec.actions, each item with the rule it came from."""
    plain = _plain_conditions(build, reads)
    routes: list[tuple[dict[str, Any], tuple[Object, FieldPath]]] = []
    actions: dict[str, dict[str, Any]] = {}
    origins: dict[str, tuple[Object, FieldPath]] = {}
    names: dict[str, str] = {}
    for read in reads:
        for match in read.matches:
            conditions = _conditions(read, match)
            entry = {"path": match.entry["path"]}
            if match.entry["pathType"] != defaults.PATH_TYPE:
                entry["pathType"] = match.entry["pathType"]
            port = _plain_port(read.target)
            if port is not None and conditions in plain:
                if port != _first_port(build):
                    entry["port"] = port
            else:
                key = json.dumps([read.target, conditions], sort_keys=True, default=repr)
                if key not in names:
                    names[key] = _action_name(build, read.target, set(actions))
                    actions[names[key]] = read.target
                    origins[names[key]] = read.origin
                entry["action"] = names[key]
            if conditions:
                entry["conditions"] = conditions
            routes.append((entry, read.origin))
    found = [entry for entry, _ in routes]
    if found and (found != [{"path": defaults.ROUTE_PATH}] or actions):
        build.put(("spec", "routes"), found, routes[0][1][0], ("spec", "rules"))
        for index, (_, (source, where)) in enumerate(routes):
            build.origins[("spec", "routes", index)] = (source, where)
    if actions:
        first = next(iter(origins.values()))
        build.put(("spec", "actions"), actions, first[0], ("spec", "rules"))
        for name, (source, where) in origins.items():
            build.origins[("spec", "actions", name)] = (source, where)


def _conditions(read: RuleRead, match: RouteMatch) -> list[dict[str, Any]]:
    """A route's conditions: its more hosts, what its matches say, its source IPs."""
    found: list[dict[str, Any]] = [{"hosts": list(read.hosts)}] if read.hosts else []
    found += match.conditions
    if read.source_ips:
        found.append({"sourceIps": list(read.source_ips)})
    return found


def _plain_port(target: dict[str, Any]) -> Any:
    """The port of a forward to the App's own Service alone, unweighted and not sticky."""
    forward = target.get("forward")
    if forward is None or "stickinessSeconds" in forward or len(forward["targetGroups"]) != 1:
        return None
    group = forward["targetGroups"][0]
    return group["port"] if set(group) == {"port"} else None


def _plain_conditions(build: Build, reads: list[RuleRead]) -> list[list[dict[str, Any]]]:
    """The conditions plain routes may have: none, or the one set every such route has.

    Plain routes share their backend (the App's Service), so their conditions (EKS089);
    the others take actions of their own.
    """
    found = [
        _conditions(read, match)
        for read in reads
        if _plain_port(read.target) is not None
        for match in read.matches
    ]
    if found and all(conditions == found[0] for conditions in found):
        return [found[0]]
    return [[]]


def _first_port(build: Build) -> Any:
    if not build.ports:
        return None
    name, number = build.ports[0]
    return name or number


def _action_name(build: Build, target: dict[str, Any], taken: set[str]) -> str:
    """The next free name of the action's kind: forward-1, redirect-1, fixed-response-1."""
    ((key, _),) = target.items()
    kind = _KINDS[key]
    number = 1
    while f"{kind}-{number}" in taken or f"{kind}-{number}" == build.group.key[1]:
        number += 1
    return f"{kind}-{number}"[:_MAX_NAME]
