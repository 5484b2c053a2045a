"""EKS090 alb-condition-limits: an ALB rule has limits on its conditions.

An ALB listener rule takes at most one host-header, path-pattern, http-request-method and
source-ip condition, at most three values per condition and five in all (ELBv2's rule
condition limits). The controller adds a route's extra hosts and paths to the rule's own
host and path patterns (a Prefix path other than '/' is two patterns: /p and /p/*), and
refuses host names as values and as regular expressions in one rule
(pkg/ingress/model_build_listener_rules.go, v3.5.0).

FAIL: hosts [a.example.com] with conditions [{hosts: [b, c, d]}]
PASS: hosts [a.example.com] with conditions [{hosts: [b.example.com]}]
"""

from collections import Counter
from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App, Route

ID = "EKS090"
NAME = "alb-condition-limits"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "ELBv2 refuses a listener rule beyond its condition limits, and the controller one "
    "with host names as values and as regular expressions"
)
FIX = (
    "Split the route (one action each), or move values to fewer conditions: at most one "
    "condition each of hosts, paths, methods and sourceIps, three values per condition, "
    "five per route with its host and path."
)
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "load-balancer-listeners.html#rule-condition-types"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_listener_rules.go"
)
PER_CONDITION, PER_RULE = 3, 5
# Spec keys that make one ALB condition each; these may appear once per rule.
ONCE = {"hosts": "host", "hostRegexes": "host", "paths": "path", "methods": "method"}
ONCE["sourceIps"] = "source IP"
NAMES = {"header": "header", "queryStrings": "query string"}


def check(app: App) -> Iterator[Finding]:
    """Flag routes whose rule would break ELBv2's condition limits."""
    for index, route in enumerate(app.routes):
        if route.conditions:
            for message in _problems(app, route):
                yield Finding(app, ("spec", "routes", index, "conditions"), message, at_key=True)


def _problems(app: App, route: Route) -> Iterator[str]:
    kinds = Counter(ONCE[c.key] for c in route.conditions if c.key in ONCE)
    for kind, count in sorted(kinds.items()):
        if count > 1:
            yield f"{count} {kind} conditions: an ALB rule takes one (list the values in it)"
    keys = {condition.key for condition in route.conditions}
    if "hostRegexes" in keys and ("hosts" in keys or app.hosts):
        yield "host names as values and as regular expressions in one rule: the controller refuses"
    counts = _value_counts(app, route)
    for kind, count in counts:
        if count > PER_CONDITION:
            yield f"{count} {kind} values in one condition: an ALB condition takes {PER_CONDITION}"
    total = sum(count for _, count in counts)
    if total > PER_RULE:
        yield f"{total} condition values in the rule: an ALB rule takes {PER_RULE}"


def _value_counts(app: App, route: Route) -> list[tuple[str, int]]:
    """Values per ALB condition, the rule's own host and path patterns merged in."""
    merged: Counter[str] = Counter(host=1 if app.hosts else 0, path=_path_patterns(route))
    others: list[tuple[str, int]] = []
    for condition in route.conditions:
        if condition.key in ONCE:
            merged[ONCE[condition.key]] += len(condition.values)
        else:
            others.append((NAMES[condition.key], len(condition.values)))
    return [(kind, count) for kind, count in merged.items() if count] + others


def _path_patterns(route: Route) -> int:
    """How many path patterns the controller makes of a path (model_build_listener_rules.go)."""
    if route.path_type == "Prefix" and route.path != "/":
        return 2
    return 1
