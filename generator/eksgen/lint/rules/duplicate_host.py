"""EKS007 duplicate-host: each host is listed once.

A repeated host adds duplicate Ingress rules and ExternalDNS names; it is almost always a
copy-paste slip.

FAIL: hosts [app.example.com, app.example.com]
PASS: hosts [app.example.com, www.example.com]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS007"
NAME = "duplicate-host"
SEVERITY = Severity.ERROR
GUARD = False
FIX = "Remove the repeated entry from spec.hosts."
SOURCE = (
    "kubernetes-sigs/external-dns docs/sources/ingress.md"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_listener_rules.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag the second and later occurrences of a host."""
    seen: dict[str, int] = {}
    for index, host in enumerate(app.hosts):
        if host in seen:
            message = f"duplicate host {host!r} (also spec.hosts[{seen[host]}])"
            yield Finding(app, ("spec", "hosts", index), message)
        seen.setdefault(host, index)
