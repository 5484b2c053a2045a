"""EKS002 alb-only-field: group, routes and tls.redirectHttp apply to exposure alb only.

IngressGroups, HTTP routes and the HTTP-to-HTTPS redirect are Ingress (ALB) features. On an
nlb or none app they would be silently ignored, so eksgen refuses them.

FAIL: exposure {type: nlb, group: {name: shared}}
PASS: exposure {type: alb, group: {name: shared}}
"""

from collections.abc import Iterator
from typing import Any

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App
from eksgen.spec.path import FieldPath

ID = "EKS002"
NAME = "alb-only-field"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Remove exposure.group, routes and tls.redirectHttp from the spec, or set "
    "exposure.type: alb if the app belongs behind an ALB."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/tasks/ssl_redirect.md"
)

ALB_ONLY: tuple[FieldPath, ...] = (
    ("spec", "exposure", "group"),
    ("spec", "routes"),
    ("spec", "tls", "redirectHttp"),
)


def check(app: App) -> Iterator[Finding]:
    """Flag ALB-only fields the user wrote on a non-alb app."""
    if app.exposure.type == ALB:
        return
    for path in ALB_ONLY:
        if _present(app.raw, path):
            message = f"only applies to exposure alb (this app's exposure is {app.exposure.type})"
            yield Finding(app, path, message, at_key=True)


def _present(data: Any, path: FieldPath) -> bool:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True
