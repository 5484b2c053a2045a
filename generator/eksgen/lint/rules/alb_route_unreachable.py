"""EKS093 alb-route-unreachable: a route with conditions after one of its path without any.

The Ingress controller orders an Ingress's rules by path (Exact first, then Prefix longest
first) with a stable sort, so routes of one path and pathType keep the spec's order, and the
ALB answers with the first rule that matches (pkg/ingress/model_build_listener_rules.go,
v3.5.0). A route whose header, method, query or source-IP conditions only narrow the path
of an earlier route without conditions is never reached: the earlier one takes each of its
requests. The Gateway API orders the same two rules the other way (more header and query
matches first: the HTTPRouteRule precedence of the Gateway API specification), so the two
APIs would send these requests to different places; source IPs do not count there
(pkg/gateway/routeutils/route_rule_precedence.go, v3.5.0), so a route narrowed by them
alone is reached by neither. This is a warning.

FAIL: routes [{path: /api}, {path: /api, action: canary, conditions: [{header: ...}]}]
PASS: routes [{path: /api, action: canary, conditions: [{header: ...}]}, {path: /api}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App, Route

ID = "EKS093"
NAME = "alb-route-unreachable"
SEVERITY = Severity.WARNING
GUARD = False
FIX = "Put the route with conditions before the route of the same path without them."
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_listener_rules.go"
    " ; https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule"
)

# Conditions that add hosts or paths widen a route: it still matches what they add.
_WIDENING = frozenset({"hosts", "hostRegexes", "paths"})
# What the Gateway API's rule precedence counts (route_rule_precedence.go, v3.5.0).
_RANKED = frozenset({"methods", "header", "queryStrings"})


def check(app: App) -> Iterator[Finding]:
    """Flag each narrowed route that follows a route of its path without conditions."""
    plain: dict[tuple[str, str], int] = {}
    for index, route in enumerate(app.routes):
        key = (route.path, route.path_type)
        if not route.conditions:
            plain.setdefault(key, index)
        elif key in plain and _only_narrows(route):
            message = (
                f"follows routes[{plain[key]}], the same path without conditions, which takes "
                "every request this route matches: the Ingress's ALB never reaches it "
                + _GATEWAY_WORD[_ranked(route)]
            )
            yield Finding(app, ("spec", "routes", index), message)


_GATEWAY_WORD = {
    True: "(the Gateway API would, as it puts rules with more matches first)",
    False: "(nor would the Gateway API: source IPs do not rank a rule, so it keeps the order)",
}


def _ranked(route: Route) -> bool:
    """Whether the Gateway API ranks the route above a plain one: a method, header or query."""
    return any(condition.key in _RANKED for condition in route.conditions)


def _only_narrows(route: Route) -> bool:
    return not any(condition.key in _WIDENING for condition in route.conditions)
