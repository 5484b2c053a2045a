"""EKS088 alb-forward-weights: a forward to several targets needs a weight for each.

The controller refuses a forward with more than one target group where one has no weight
("weight must be set when route to multiple target groups"; pkg/ingress/config_types.go,
v3.5.0). When every weight is 0 the ALB sends the rule's requests nowhere; and ELBv2 takes
a target group once per forward, so the same target twice is refused too.

FAIL: forward {targetGroups: [{port: http, weight: 90}, {service: canary, port: 80}]}
PASS: forward {targetGroups: [{port: http, weight: 90}, {service: canary, port: 80, weight: 10}]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.actions import Action, TargetGroup
from eksgen.model.app import App

ID = "EKS088"
NAME = "alb-forward-weights"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "the controller refuses a forward whose targets lack weights, and ELBv2 one that "
    "names a target twice"
)
FIX = (
    "Give every target of a forward with several targets a weight (0 to 999), at least one "
    "of them above 0, and name each target once."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/ingress/config_types.go"
    " ; https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "load-balancer-listeners.html#forward-actions"
)


def check(app: App) -> Iterator[Finding]:
    """Flag forwards with missing weights, only zero weights, or a target named twice."""
    for action in app.actions:
        groups = action.target_groups
        if len(groups) < 2:
            continue
        base = ("spec", "actions", action.name, "forward", "targetGroups")
        for index, group in enumerate(groups):
            if group.weight is None:
                message = "has no weight: each target of a forward with several needs one"
                yield Finding(app, (*base, index), message)
        if all(group.weight == 0 for group in groups):
            message = "every weight is 0: the rule would send its requests to no target"
            yield Finding(app, base, message, at_key=True)
        yield from _twice(app, action, base)


def _twice(app: App, action: Action, base: tuple[str, ...]) -> Iterator[Finding]:
    seen: set[tuple[str | int | None, ...]] = set()
    for index, group in enumerate(action.target_groups):
        key = _identity(app, group)
        if key in seen:
            yield Finding(app, (*base, index), "names a target this forward already has")
        seen.add(key)


def _identity(app: App, group: TargetGroup) -> tuple[str | int | None, ...]:
    if group.is_own_service:
        port = app.port_by_ref(group.port)
        return (app.name, port.port if port else group.port)
    return (group.service, group.port, group.arn, group.name)
