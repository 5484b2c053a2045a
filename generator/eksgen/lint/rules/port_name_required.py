"""EKS006 port-name-required: with more than one port, every port needs a name.

Kubernetes rejects a multi-port Service with an unnamed port, so the rendered Service
would fail to apply; routes and TLS settings also refer to ports by name.

FAIL: ports [{port: 80}, {port: 443}]
PASS: ports [{name: http, port: 80}, {name: https, port: 443}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS006"
NAME = "port-name-required"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the API server refuses a Service of several ports with an unnamed one"
FIX = (
    "Give every entry of spec.ports a name (for example http and https) when the app has "
    "more than one port."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services"
    " ; kubernetes/kubernetes pkg/apis/core/validation/validation.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag unnamed ports of a multi-port app."""
    if len(app.ports) < 2:
        return
    for index, port in enumerate(app.ports):
        if port.name is None:
            message = f"a name is required when there is more than one port (port {port.port})"
            yield Finding(app, ("spec", "ports", index), message)
