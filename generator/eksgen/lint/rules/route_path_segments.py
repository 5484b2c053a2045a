"""EKS036 route-path-segments: a Prefix or Exact path must be in normal form.

The API server refuses an Ingress path of pathType Prefix or Exact that contains '//',
'/./', '/../', '%2f' or '%2F', or that ends with '/.' or '/..' (validateHTTPIngressPath,
Kubernetes v1.34): proxies normalise such paths, and decode an encoded '/', each in its own
way, so only the normal form says one path. The app would get no Ingress at all.
pathType ImplementationSpecific paths are only checked for a leading '/'; the AWS Load
Balancer Controller hands them to the ALB as path patterns.

FAIL: routes [{path: /api//v1, pathType: Prefix}]
PASS: routes [{path: /api/v1, pathType: Prefix}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import apiserver
from eksgen.model.app import ALB, App

ID = "EKS036"
NAME = "route-path-segments"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the API server refuses an Ingress whose Prefix or Exact path is not in normal form"
FIX = (
    "Write the route's path without empty, '.' and '..' segments or an encoded '/' (%2f), "
    "or set pathType: ImplementationSpecific to keep it as written."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types"
    " ; kubernetes/kubernetes pkg/apis/networking/validation/validation.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag Prefix and Exact route paths that the API server refuses."""
    if app.exposure.type != ALB:
        return  # routes become Ingress paths only with an Ingress
    for index, route in enumerate(app.routes):
        reasons = apiserver.ingress_path(route.path, route.path_type)
        if not reasons:
            continue
        message = (
            f"{route.path!r} {' and '.join(reasons)} with pathType {route.path_type}: the API "
            "server refuses such an Ingress path"
        )
        normal = apiserver.normal_path(route.path)
        if "%2" not in route.path.lower() and not apiserver.ingress_path(normal, route.path_type):
            message += f"; did you mean {normal!r}?"
        yield Finding(app, ("spec", "routes", index, "path"), message)
