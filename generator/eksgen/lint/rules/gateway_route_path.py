"""EKS063 gateway-route-path: a path the Gateway API refuses in an HTTPRoute.

An HTTPRoute's Exact and PathPrefix paths must not contain '//', '/./', '/../', '%2f',
'%2F' or '#', nor end with '/.' or '/..': the API server refuses the HTTPRoute otherwise
(the CEL rules of the v1.6.1 CRD). An Ingress takes some of these paths with pathType
ImplementationSpecific, so a spec that renders as an Ingress may not render as an
HTTPRoute. eksgen writes ImplementationSpecific paths as Exact matches, whose value the
controller hands to the ALB as a path pattern, wildcards '*' and '?' included
(pkg/gateway/routeutils/route_rule_condition.go, v3.5.0): those are fine.

FAIL: routes [{path: /a//b, pathType: ImplementationSpecific}] with exposure {api: gateway}
PASS: routes [{path: /a/*/b, pathType: ImplementationSpecific}] with exposure {api: gateway}
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS063"
NAME = "gateway-route-path"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the Kubernetes API server refuses the HTTPRoute"
FIX = (
    "Write the path without '//', '/./', '/../', '%2f' and '#' (and not ending in '/.' or "
    "'/..'), or keep the App on the Ingress API (exposure.api: ingress)."
)
SOURCE = (
    "kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/gateway/routeutils/route_rule_condition.go"
)

_CONTAINED = ("//", "/./", "/../", "%2f", "%2F", "#")
_ENDINGS = ("/.", "/..")


def check(app: App) -> Iterator[Finding]:
    """Flag the paths of an ALB Gateway App that an HTTPRoute may not hold."""
    if not (app.uses_gateway and app.exposure.type == ALB):
        return
    for index, route in enumerate(app.routes):
        refused = [part for part in _CONTAINED if part in route.path]
        refused += [end for end in _ENDINGS if route.path.endswith(end)]
        if refused:
            message = (
                f"{route.path!r} holds {' and '.join(repr(part) for part in refused)}, which "
                "the Gateway API refuses in an HTTPRoute path"
            )
            yield Finding(app, ("spec", "routes", index, "path"), message)
