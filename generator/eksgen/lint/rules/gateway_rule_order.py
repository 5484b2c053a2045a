"""EKS096 gateway-rule-order: two routes the two APIs try in opposite orders.

An ALB answers with the first listener rule that matches, so where two routes can match
one request, their order decides. The Ingress controller orders an App's routes by path:
Exact paths first, then Prefix paths longest first, then ImplementationSpecific ones, each
kind in the spec's order (sortIngressPaths in pkg/ingress/model_build_listener_rules.go,
v3.5.0); a route's more hosts and paths join its own rule. The Gateway controller orders
every match of every HTTPRoute by its own key (compareRulePrecedenceUnified in
pkg/gateway/routeutils/route_rule_precedence.go, v3.5.0): hostname first (any name before
none, an exact name before a wildcard one), then Exact before PathPrefix, the longer path,
a method, more headers, more query parameters, then the route's name and the rule's and
match's place. eksgen writes ImplementationSpecific paths and a route's more paths as
Exact matches, and a route's more hosts as an HTTPRoute of their own, so the Gateway API
can try first a route the Ingress tries last. Where two such routes lead to different
places (another action or port), the same spec sends some requests elsewhere on the
Gateway API. Overlap is judged from the hosts, the paths (a Prefix path covers the paths
below it; '*' and '?' in an Exact path may match anything from there on) and the methods;
header and query values are taken to overlap. This is a warning.

FAIL: routes [{path: /api}, {path: /api/v2/*, pathType: ImplementationSpecific, port: admin}]
PASS: routes [{path: /api/v2, port: admin}, {path: /api}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App, Route

ID = "EKS096"
NAME = "gateway-rule-order"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Give the routes paths that do not overlap, or paths whose order is the same in both APIs "
    "(Prefix paths, longest first, with the more specific conditions first); or keep the App "
    "on the Ingress API."
)
_LBC = "kubernetes-sigs/aws-load-balancer-controller"
SOURCE = (
    f"{_LBC} pkg/gateway/routeutils/route_rule_precedence.go"
    f" ; {_LBC} pkg/ingress/model_build_listener_rules.go"
)

_INGRESS_RANK = {"Exact": 0, "Prefix": 1, "ImplementationSpecific": 2}
_EXACT, _PREFIX = 3, 2  # the controller's path type ranks (higher first)
_WILDCARDS = "*?"
Match = tuple[str, int, str | None, int, int]  # path, path type rank, method, headers, queries


class Unit(NamedTuple):
    """One ALB rule the Gateway controller makes: a match of a route for one hostname."""

    route: int
    host: str  # "" for a route without hostnames
    path: str
    path_type: int
    method: str | None
    headers: int
    queries: int
    route_name: str
    rule: int
    match: int


def check(app: App) -> Iterator[Finding]:
    """Flag each pair of overlapping routes with other outcomes the two APIs order apart."""
    if not (app.uses_gateway and app.exposure.type == ALB):
        return
    if app.exposure.backend_protocol_version == "GRPC":
        return  # a GRPCRoute's method matches rank as the Ingress's paths do
    ingress_rank = _ingress_ranks(app)
    units = _units(app)
    reported: set[tuple[int, int]] = set()
    for one in units:
        for two in units:
            pair = (min(one.route, two.route), max(one.route, two.route))
            if one.route >= two.route or pair in reported:
                continue
            if _outcome(app, one.route) == _outcome(app, two.route) or not _overlap(one, two):
                continue
            gateway_first = one if _precedes(one, two) else two
            ingress_first = one if ingress_rank[one.route] < ingress_rank[two.route] else two
            if gateway_first.route != ingress_first.route:
                reported.add(pair)
                yield _finding(app, gateway_first, ingress_first)


def _finding(app: App, gateway_first: Unit, ingress_first: Unit) -> Finding:
    host = gateway_first.host or ingress_first.host or "any host"
    message = (
        f"routes[{gateway_first.route}] and routes[{ingress_first.route}] can match the same "
        f"requests ({host}, {gateway_first.path} and {ingress_first.path}) and lead elsewhere: "
        f"the Ingress's ALB tries routes[{ingress_first.route}] first, the Gateway API "
        f"routes[{gateway_first.route}] ({_reason(gateway_first, ingress_first)})"
    )
    return Finding(app, ("spec", "routes", gateway_first.route), message)


def _reason(first: Unit, second: Unit) -> str:
    if _host_order(first.host, second.host) != 0:
        return f"it ranks the hostname {first.host or 'of none'} higher"
    if first.path_type != second.path_type:
        return "it ranks an Exact match, as eksgen writes this path, before a PathPrefix one"
    if len(first.path) != len(second.path):
        return "it ranks the longer path first"
    return "it ranks a method, headers and query parameters before the spec's order"


def _ingress_ranks(app: App) -> dict[int, int]:
    """Each route's place among the Ingress's rules: by path kind and length, stable."""
    order = sorted(
        range(len(app.routes)),
        key=lambda index: _ingress_key(app.routes[index]),
    )
    return {index: place for place, index in enumerate(order)}


def _ingress_key(route: Route) -> tuple[int, int]:
    longest_first = -len(route.path) if route.path_type == "Prefix" else 0
    return (_INGRESS_RANK[route.path_type], longest_first)


def _units(app: App) -> list[Unit]:
    """The Gateway controller's rules of the App: each match of each rule, per hostname."""
    from eksgen.model.gateways import host_route_hosts, in_app_route, rule_object_name

    found: list[Unit] = []
    main_rule = 0
    for index, route in enumerate(app.routes):
        matches = _matches(route)
        if in_app_route(app, route):
            for host in app.hosts or ("",):
                found += _of(index, host, matches, app.name, main_rule)
            main_rule += 1
        for host in host_route_hosts(app, route):
            found += _of(index, host, matches, rule_object_name(app, index), 0)
    return found


def _of(
    index: int,
    host: str,
    matches: list[tuple[str, int, str | None, int, int]],
    name: str,
    rule: int,
) -> list[Unit]:
    return [
        Unit(index, host.lower(), path, kind, method, headers, queries, name, rule, number)
        for number, (path, kind, method, headers, queries) in enumerate(matches)
    ]


def _matches(route: Route) -> list[Match]:
    """(path, path type rank, method, header count, query count) of each match."""
    kind = _PREFIX if route.path_type == "Prefix" else _EXACT
    paths = [(route.path, kind)] + [(p, _EXACT) for p in _condition_values(route, "paths")]
    methods = list(_condition_values(route, "methods")) or [None]
    headers = sum(1 for condition in route.conditions if condition.key == "header")
    queries = sum(1 for condition in route.conditions if condition.key == "queryStrings")
    return [
        (path, path_kind, method, headers, queries)
        for path, path_kind in paths
        for method in methods
    ]


def _condition_values(route: Route, key: str) -> tuple[Any, ...]:
    return tuple(value for c in route.conditions if c.key == key for value in c.values)


def _outcome(app: App, index: int) -> Any:
    """What a route does with a request: its action's content, or the Service port's number.

    A forward to this App's port alone, unweighted, is the same as a route to that port.
    """
    route = app.routes[index]
    action = app.action(route.action)
    if action is None:
        return ("forward", ((None, _port(app, route.port), None),), None)
    if action.kind != "forward":
        return (action.kind, action.settings)
    targets = tuple(
        (group.service or group.arn or group.name, _port(app, group.port), group.weight)
        if group.service or group.arn or group.name
        else (None, _port(app, group.port), group.weight if len(action.target_groups) > 1 else None)
        for group in action.target_groups
    )
    return ("forward", targets, action.stickiness_seconds)


def _port(app: App, ref: Any) -> Any:
    port = app.port_by_ref(ref)
    return port.port if port is not None else ref


def _overlap(one: Unit, two: Unit) -> bool:
    if one.method and two.method and one.method != two.method:
        return False
    return _hosts_overlap(one.host, two.host) and _paths_overlap(one, two)


def _hosts_overlap(one: str, two: str) -> bool:
    if not one or not two or one == two:
        return True
    return _wildcard_covers(one, two) or _wildcard_covers(two, one)


def _wildcard_covers(pattern: str, host: str) -> bool:
    return pattern.startswith("*.") and host.endswith(pattern[1:])


def _paths_overlap(one: Unit, two: Unit) -> bool:
    """Whether some request path can match both (Prefix: the path and below it)."""
    left, right = _literal(one), _literal(two)
    if one.path_type == _PREFIX and two.path_type == _PREFIX:
        return _under(left, right) or _under(right, left)
    if one.path_type == _PREFIX:
        return _under(right, left) or (_open(two) and _under(left, right))
    if two.path_type == _PREFIX:
        return _under(left, right) or (_open(one) and _under(right, left))
    if _open(one) or _open(two):
        return left.startswith(right) or right.startswith(left)
    return one.path == two.path


def _literal(unit: Unit) -> str:
    """The part of a path before its first wildcard."""
    cut = min((unit.path.find(c) for c in _WILDCARDS if c in unit.path), default=-1)
    return unit.path if cut < 0 else unit.path[:cut]


def _open(unit: Unit) -> bool:
    return any(char in unit.path for char in _WILDCARDS)


def _under(path: str, prefix: str) -> bool:
    """Whether path is the Prefix path prefix or below it (element by element)."""
    base = prefix.rstrip("/")
    return not base or path == base or path.startswith(base + "/")


def _precedes(one: Unit, two: Unit) -> bool:
    return _compare(one, two) < 0


def _compare(one: Unit, two: Unit) -> int:
    """The Gateway controller's order: negative when one comes first."""
    hosts = _host_order(one.host, two.host)
    if hosts:
        return hosts
    left, right = _key(one), _key(two)
    return 0 if left == right else (-1 if left < right else 1)


def _key(unit: Unit) -> tuple[int, int, int, int, int, str, int, int]:
    """The controller's key after the hostname, smaller first."""
    return (
        -unit.path_type,
        -len(unit.path),
        -int(unit.method is not None),
        -unit.headers,
        -unit.queries,
        unit.route_name,
        unit.rule,
        unit.match,
    )


def _host_order(one: str, two: str) -> int:
    """getHostnamePrecedenceOrder: a name before none, exact before wildcard, longer first."""
    if not one or not two:
        return 0 if one == two else (-1 if one else 1)
    wild_one, wild_two = one.startswith("*."), two.startswith("*.")
    if wild_one != wild_two:
        return 1 if wild_one else -1
    for first, second in ((two.count("."), one.count(".")), (len(two), len(one))):
        if first != second:
            return -1 if first < second else 1
    return 0
