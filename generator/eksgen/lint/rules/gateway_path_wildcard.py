"""EKS049 gateway-path-wildcard: ALB wildcards have no Gateway API path match.

With pathType ImplementationSpecific an Ingress path may hold the ALB wildcards '*' and
'?'. An HTTPRoute matches paths by prefix, exactly, or by regular expression, never by the
ALB's wildcards: eksgen writes an ImplementationSpecific path as an Exact match, which a
path with wildcards would not mean.

FAIL: routes [{path: /img/*, pathType: ImplementationSpecific}] with exposure {api: gateway}
PASS: routes [{path: /img/, pathType: Prefix}] with exposure {api: gateway}
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS049"
NAME = "gateway-path-wildcard"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the HTTPRoute would match another set of paths than the spec says"
FIX = (
    "Use pathType Prefix (or Exact) without '*' and '?', or keep the App on the Ingress "
    "API (exposure.api: ingress)."
)
# Fact: the v1.6.1 HTTPRoute CRD's path match types are Exact, PathPrefix, RegularExpression.
SOURCE = "kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"


def check(app: App) -> Iterator[Finding]:
    """Flag ALB wildcards in the paths of an ALB App that uses the Gateway API."""
    if not (app.uses_gateway and app.exposure.type == ALB):
        return
    for index, route in enumerate(app.routes):
        if route.path_type == "ImplementationSpecific" and any(c in route.path for c in "*?"):
            message = (
                f"{route.path!r} uses ALB wildcards, which an HTTPRoute cannot match "
                "(Exact, PathPrefix or RegularExpression only)"
            )
            yield Finding(app, ("spec", "routes", index, "path"), message)
