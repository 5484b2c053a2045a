"""EKS086 alb-action-unused: an action that no route uses does nothing.

The controller reads alb.ingress.kubernetes.io/actions.NAME only for an Ingress backend
that names NAME with the port use-annotation (pkg/ingress/enhanced_backend_builder.go,
v3.5.0). An entry of spec.actions that no route names is rendered, and ignored: often a
route meant to use it names another action or the app's port by mistake. A warning, not an
error: the ALB works, and an action kept for later is harmless.

FAIL: actions {maintenance: {fixedResponse: {statusCode: 503}}} with routes [{path: /}]
PASS: actions {maintenance: ...} with routes [{path: /, action: maintenance}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS086"
NAME = "alb-action-unused"
SEVERITY = Severity.WARNING
GUARD = False
FIX = "Name the action in the route that should use it (routes[].action), or remove it."
SOURCE = "kubernetes-sigs/aws-load-balancer-controller pkg/ingress/enhanced_backend_builder.go"


def check(app: App) -> Iterator[Finding]:
    """Flag every spec.actions entry that no route names."""
    used = {route.action for route in app.routes}
    for action in app.actions:
        if action.name not in used:
            message = f"no route uses action {action.name!r}, so the ALB never runs it"
            yield Finding(app, ("spec", "actions", action.name), message, at_key=True)
