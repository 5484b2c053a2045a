"""EKS005 duplicate-port: port names, and port numbers per protocol, must be unique.

Kubernetes rejects a Service with two ports of the same name, or the same port and
protocol twice, so the rendered Service would fail to apply and the app get no Service.

FAIL: ports [{name: http, port: 80}, {name: http, port: 8080}]
PASS: ports [{name: http, port: 80}, {name: alt, port: 8080}]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS005"
NAME = "duplicate-port"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the API server refuses a Service with a repeated port name or port and protocol"
FIX = (
    "Give each entry of spec.ports its own name, and list each port number at most once per "
    "protocol."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services"
    " ; kubernetes/kubernetes pkg/apis/core/validation/validation.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag the second and later uses of a port name or of a port number and protocol."""
    names: dict[str, int] = {}
    numbers: dict[tuple[int, str], int] = {}
    for index, port in enumerate(app.ports):
        if port.name is not None:
            if port.name in names:
                first = names[port.name]
                message = f"duplicate port name {port.name!r} (also spec.ports[{first}])"
                yield Finding(app, ("spec", "ports", index, "name"), message)
            names.setdefault(port.name, index)
        key = (port.port, port.protocol)
        if key in numbers:
            first = numbers[key]
            message = f"duplicate port {port.port}/{port.protocol} (also spec.ports[{first}])"
            yield Finding(app, ("spec", "ports", index, "port"), message)
        numbers.setdefault(key, index)
