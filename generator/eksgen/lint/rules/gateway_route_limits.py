"""EKS065 gateway-route-limits: more hosts or paths than an HTTPRoute holds.

An HTTPRoute holds at most 16 hostnames and 16 rules (the v1.6.1 CRD's maxItems); eksgen
writes an ALB App's hosts into one HTTPRoute and each of its paths into a rule of its own,
as the controller's migration tool does. The API server refuses the HTTPRoute beyond those
limits, where the Ingress took any number of hosts and paths.

FAIL: exposure {type: alb, api: gateway} with 17 hosts
PASS: the same App with 16 hosts
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS065"
NAME = "gateway-route-limits"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the Kubernetes API server refuses the HTTPRoute"
FIX = (
    "Split the App (at most 16 hosts and 16 routes each), or keep it on the Ingress API "
    "(exposure.api: ingress)."
)
SOURCE = "kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"

MAX_HOSTNAMES = 16  # spec.hostnames maxItems
MAX_RULES = 16  # spec.rules maxItems


def check(app: App) -> Iterator[Finding]:
    """Flag the first host, and the first route, past an HTTPRoute's limits."""
    if not (app.uses_gateway and app.exposure.type == ALB):
        return
    if len(app.hosts) > MAX_HOSTNAMES:
        message = f"{len(app.hosts)} hosts: an HTTPRoute holds at most {MAX_HOSTNAMES} hostnames"
        yield Finding(app, ("spec", "hosts", MAX_HOSTNAMES), message)
    if len(app.routes) > MAX_RULES:
        message = (
            f"{len(app.routes)} routes: an HTTPRoute holds at most {MAX_RULES} rules, one per route"
        )
        yield Finding(app, ("spec", "routes", MAX_RULES), message)
