"""EKS016 route-path-wildcard: '*' and '?' are wildcards only with pathType ImplementationSpecific.

The controller turns Prefix and Exact paths into ALB path patterns itself and refuses
paths that already contain wildcard characters; the refusal stops reconciliation of the
Ingress and of its whole IngressGroup, so the ALB keeps its old rules.

FAIL: routes [{path: /api/*, pathType: Prefix}]
PASS: routes [{path: /api/*, pathType: ImplementationSpecific}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS016"
NAME = "route-path-wildcard"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "the controller refuses the path and stops reconciling the Ingress and its IngressGroup"
)
FIX = (
    "Set pathType: ImplementationSpecific on the route to use ALB wildcards, or remove '*' "
    "and '?' from the Prefix or Exact path."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_listener_rules.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag wildcard characters in Prefix and Exact paths."""
    for index, route in enumerate(app.routes):
        if route.path_type != "ImplementationSpecific" and any(c in route.path for c in "*?"):
            message = (
                f"'*' and '?' are not allowed with pathType {route.path_type}; "
                "use pathType ImplementationSpecific for ALB wildcards"
            )
            yield Finding(app, ("spec", "routes", index, "path"), message)
