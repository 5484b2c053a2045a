"""EKS016 route-path-wildcard: '*' and '?' are wildcards only with pathType ImplementationSpecific.

The controller turns Prefix and Exact paths into ALB path patterns itself and refuses
paths that already contain wildcard characters.

FAIL: routes [{path: /api/*, pathType: Prefix}]
PASS: routes [{path: /api/*, pathType: ImplementationSpecific}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.model import App
from eksgen.rules._base import Finding

ID = "EKS016"
NAME = "route-path-wildcard"
SEVERITY = Severity.ERROR


def check(app: App) -> Iterator[Finding]:
    """Flag wildcard characters in Prefix and Exact paths."""
    for index, route in enumerate(app.routes):
        if route.path_type != "ImplementationSpecific" and any(c in route.path for c in "*?"):
            message = (
                f"'*' and '?' are not allowed with pathType {route.path_type}; "
                "use pathType ImplementationSpecific for ALB wildcards"
            )
            yield Finding(app, ("spec", "routes", index, "path"), message)
