"""EKS089 alb-route-conditions-shared: routes with one backend share their conditions.

The controller reads a rule's extra conditions from alb.ingress.kubernetes.io/conditions.NAME,
where NAME is the rule's backend: the route's action, else the app's Service
(pkg/ingress/enhanced_backend_builder.go, v3.5.0). Every route with that backend gets the
same conditions, so routes that name one backend with different conditions cannot be
written: eksgen refuses them instead of giving one route the other's conditions.

FAIL: routes [{path: /a, conditions: [{methods: [GET]}]}, {path: /b}]
PASS: routes [{path: /a, action: reads, conditions: [{methods: [GET]}]}, {path: /b}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App, Route

ID = "EKS089"
NAME = "alb-route-conditions-shared"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "one conditions annotation per backend cannot hold two sets of conditions"
FIX = (
    "Give the routes with the same backend the same conditions, or give the route its own "
    "action (a forward to this app's port) so that its conditions have their own key."
)
SOURCE = "kubernetes-sigs/aws-load-balancer-controller pkg/ingress/enhanced_backend_builder.go"


def check(app: App) -> Iterator[Finding]:
    """Flag a route whose conditions differ from an earlier route's with the same backend."""
    first: dict[str, tuple[int, Route]] = {}
    for index, route in enumerate(app.routes):
        backend = route.backend(app.name)
        if backend not in first:
            first[backend] = (index, route)
            continue
        earlier, other = first[backend]
        if route.conditions != other.conditions:
            message = (
                f"conditions differ from routes[{earlier}]'s, whose backend is also "
                f"{backend!r}: the controller keys conditions by backend"
            )
            yield Finding(app, ("spec", "routes", index), message)
