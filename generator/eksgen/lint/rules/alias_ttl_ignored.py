"""EKS026 alias-ttl-ignored: Route 53 ignores dns.ttl for the records of an ALB or NLB.

ExternalDNS publishes a load balancer's hostname as ALIAS A and AAAA records. Alias records
have no TTL of their own: Route 53 answers with the load balancer's TTL, so dns.ttl changes
nothing. An info: harmless, only without effect.

FAIL: exposure {type: alb}, hosts [shop.example.com], dns {ttl: 60}
PASS: exposure {type: alb}, hosts [shop.example.com] (no dns.ttl)
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS026"
NAME = "alias-ttl-ignored"
SEVERITY = Severity.INFO
GUARD = False
FIX = "Remove dns.ttl: the records of an ALB or NLB are ALIAS records, which take no TTL."
SOURCE = (
    "https://github.com/kubernetes-sigs/external-dns/blob/"
    "2bf1bf8af2b70f23579f9147c1f7e9394f7f83d5/docs/annotations/annotations.md ; "
    "https://github.com/kubernetes-sigs/external-dns/blob/"
    "2bf1bf8af2b70f23579f9147c1f7e9394f7f83d5/provider/aws/aws.go ; "
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "resource-record-sets-choosing-alias-non-alias.html"
)


def check(app: App) -> Iterator[Finding]:
    """Note a TTL on records that will be ALIAS records."""
    if app.dns.ttl is not None and app.publishes_dns:
        message = (
            f"the records of an {app.exposure.type.upper()} are Route 53 ALIAS records, which "
            f"ignore the TTL: {app.dns.ttl} has no effect"
        )
        yield Finding(app, ("spec", "dns", "ttl"), message)
