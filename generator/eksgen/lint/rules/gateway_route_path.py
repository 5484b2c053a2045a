"""EKS063 gateway-route-path: a path the Gateway API refuses in an HTTPRoute.

An HTTPRoute's Exact and PathPrefix paths must not contain '//', '/./', '/../', '%2f',
'%2F' or '#', nor end with '/.' or '/..', and hold only the characters of a URL path
(letters, digits and -._~!$&'()*+,;=:@/, or a %XX escape; no '?'): the API server refuses
the HTTPRoute otherwise (the CEL rules of the v1.6.1 CRD). The more paths of a route's
conditions are matches of the route's rule too, and are checked alike. An Ingress takes
some of these paths with pathType ImplementationSpecific, so a spec that renders as an
Ingress may not render as an HTTPRoute. eksgen writes ImplementationSpecific paths as Exact
matches, whose value the controller hands to the ALB as a path pattern, the wildcard '*'
included (pkg/gateway/routeutils/route_rule_condition.go, v3.5.0): that one is fine, but
the API server refuses '?' before the controller sees it.

FAIL: routes [{path: /a//b, pathType: ImplementationSpecific}] with exposure {api: gateway}
FAIL: routes [{path: /a, conditions: [{paths: [/b?]}]}] with exposure {api: gateway}
PASS: routes [{path: /a/*/b, pathType: ImplementationSpecific}] with exposure {api: gateway}
"""

from __future__ import annotations

import re
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
    "Write the path without '//', '/./', '/../', '%2f', '#' and '?' (and not ending in '/.' or "
    "'/..'), or keep the App on the Ingress API (exposure.api: ingress)."
)
SOURCE = (
    "kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/gateway/routeutils/route_rule_condition.go"
)

_CONTAINED = ("//", "/./", "/../", "%2f", "%2F", "#")
_ENDINGS = ("/.", "/..")
# The characters the CRD's CEL rule lets an Exact or PathPrefix value hold.
_VALID = re.compile(r"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$")


def check(app: App) -> Iterator[Finding]:
    """Flag the paths of an ALB Gateway App that an HTTPRoute may not hold."""
    if not (app.uses_gateway and app.exposure.type == ALB):
        return
    for index, route in enumerate(app.routes):
        problem = path_problem(route.path)
        if problem:
            yield Finding(app, ("spec", "routes", index, "path"), f"{route.path!r} {problem}")
        for number, condition in enumerate(route.conditions):
            if condition.key != "paths":
                continue
            for place, value in enumerate(condition.values):
                problem = path_problem(value)
                if problem:
                    where = ("spec", "routes", index, "conditions", number, "paths", place)
                    yield Finding(app, where, f"{value!r} {problem}")


def path_problem(path: str) -> str | None:
    """Why an HTTPRoute may not hold this Exact or PathPrefix path; None when it may."""
    refused = [part for part in _CONTAINED if part in path]
    refused += [end for end in _ENDINGS if path.endswith(end)]
    if refused:
        parts = " and ".join(repr(part) for part in refused)
        return f"holds {parts}, which the Gateway API refuses in an HTTPRoute path"
    if not _VALID.match(path):
        odd = sorted({char for char in path if not _VALID.match(char) and char != "%"})
        shown = " ".join(repr(char) for char in odd) or "a '%' that starts no %XX escape"
        return f"holds {shown}, which the Gateway API refuses in an HTTPRoute path"
    return None
