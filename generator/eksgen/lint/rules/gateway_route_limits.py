"""EKS051 gateway-route-limits: more hosts or paths than an HTTPRoute holds.

An HTTPRoute holds at most 16 hostnames, and a rule at most 64 matches (the v1.6.1 CRD's
maxItems); eksgen writes an ALB App's hosts into one HTTPRoute and its paths into one rule
per Service port. The API server refuses the HTTPRoute beyond those limits, where the
Ingress took any number of hosts and paths.

FAIL: exposure {type: alb, api: gateway} with 17 hosts
PASS: the same App with 16 hosts
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, port_index
from eksgen.model.app import ALB, App

ID = "EKS051"
NAME = "gateway-route-limits"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the Kubernetes API server refuses the HTTPRoute"
FIX = (
    "Split the App (at most 16 hosts, and 64 paths per Service port, per App), or keep it "
    "on the Ingress API (exposure.api: ingress)."
)
SOURCE = "kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"

MAX_HOSTNAMES = 16  # spec.hostnames maxItems
MAX_MATCHES = 64  # spec.rules[].matches maxItems


def check(app: App) -> Iterator[Finding]:
    """Flag the first host, and the first path of a port, past an HTTPRoute's limits."""
    if not (app.uses_gateway and app.exposure.type == ALB):
        return
    if len(app.hosts) > MAX_HOSTNAMES:
        message = f"{len(app.hosts)} hosts: an HTTPRoute holds at most {MAX_HOSTNAMES} hostnames"
        yield Finding(app, ("spec", "hosts", MAX_HOSTNAMES), message)
    ports = port_index(app)
    counted: dict[int, int] = {}
    for index, route in enumerate(app.routes):
        port = ports.get(route.port) if route.port is not None else app.ports[0]
        if port is None:
            continue  # EKS004 reports the reference
        counted[port.port] = counted.get(port.port, 0) + 1
        if counted[port.port] == MAX_MATCHES + 1:
            message = (
                f"the {MAX_MATCHES + 1}th path to port {port.port}: an HTTPRoute rule holds "
                f"at most {MAX_MATCHES} matches"
            )
            yield Finding(app, ("spec", "routes", index), message)
