"""EKS019 dns-without-hosts: dns settings need spec.hosts.

ExternalDNS publishes the names in spec.hosts; without hosts there is nothing to publish,
and dns.enabled or dns.ttl does nothing. A warning: hosts may be added later (on an app
without ports, once it has ports: hosts need them).

FAIL: dns {enabled: true} without hosts
PASS: dns {enabled: true} with hosts [app.example.com]
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS019"
NAME = "dns-without-hosts"
SEVERITY = Severity.WARNING
GUARD = False
FIX = "Add the app's DNS names to spec.hosts, or remove spec.dns."
SOURCE = (
    "kubernetes-sigs/external-dns docs/annotations/annotations.md"
    " ; kubernetes-sigs/external-dns docs/sources/ingress.md"
)


def check(app: App) -> Iterator[Finding]:
    """Warn about DNS settings on an app without hosts."""
    written = app.raw["spec"].get("dns")
    if not app.hosts and written is not None and written.get("enabled") is not False:
        message = (
            "has no effect without spec.hosts"
            if app.has_service
            else "has no effect: an App without ports has no hosts to publish (hosts need ports)"
        )
        yield Finding(app, ("spec", "dns"), message, at_key=True)
