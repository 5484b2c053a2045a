"""EKS087 alb-route-action: a route's action must exist and not share the app's name.

A route that names an action spec.actions does not define would point its Ingress backend
at a missing actions.NAME annotation, which the controller refuses (or answers with a 503,
when it tolerates missing actions; pkg/ingress/enhanced_backend_builder.go, v3.5.0). An
action named like the app's Service would share its conditions.NAME key with the routes that
go to the Service. A forward to this app's Service must name one of spec.ports.

FAIL: routes [{path: /, action: canary}] with no actions
PASS: actions {canary: {forward: ...}} with routes [{path: /, action: canary}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS087"
NAME = "alb-route-action"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "eksgen cannot render an Ingress backend for an action that does not exist"
FIX = (
    "Define the action under spec.actions (or fix the name in routes[].action), name actions "
    "differently from the app, and give forward targets of this app a port of spec.ports."
)
SOURCE = "kubernetes-sigs/aws-load-balancer-controller pkg/ingress/enhanced_backend_builder.go"


def check(app: App) -> Iterator[Finding]:
    """Flag unknown action names, an action named like the app, and unknown own ports."""
    names = sorted(action.name for action in app.actions)
    for index, route in enumerate(app.routes):
        if route.action is not None and app.action(route.action) is None:
            known = ", ".join(names) or "none defined"
            message = f"{route.action!r} is not an action of spec.actions (known: {known})"
            yield Finding(app, ("spec", "routes", index, "action"), message)
    for action in app.actions:
        if action.name == app.name:
            message = (
                f"action {action.name!r} has the app's name: its conditions would apply to "
                "the routes that go to the app's Service too"
            )
            yield Finding(app, ("spec", "actions", action.name), message, at_key=True)
        for number, group in enumerate(action.target_groups):
            if group.is_own_service and app.port_by_ref(group.port) is None:
                path = ("spec", "actions", action.name, "forward", "targetGroups", number, "port")
                yield Finding(app, path, f"{group.port!r} is not a port of spec.ports")
