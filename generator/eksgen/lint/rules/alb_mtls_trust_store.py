"""EKS061 alb-mtls-trust-store: mutual TLS in verify mode needs a trust store.

tls.mutualAuthentication mode verify makes the ALB check each client's certificate against
the CA certificates of a trust store. The AWS Load Balancer Controller needs trustStore (its
ARN or name) for that mode and cannot configure the listener without it. In the other
modes the trust store and the two verify settings are not read: a spec that gives them
there says something that does not happen.

FAIL: tls {mutualAuthentication: {mode: verify}}
PASS: tls {mutualAuthentication: {mode: verify, trustStore: partners-ca}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS061"
NAME = "alb-mtls-trust-store"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller cannot configure verify mode without a trust store"
FIX = (
    "Give tls.mutualAuthentication.trustStore with mode verify; leave it and the verify "
    "settings out with passthrough or off."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "mutual-authentication.html"
)

_VERIFY_ONLY = ("trustStore", "ignoreClientCertificateExpiry", "advertiseTrustStoreCaNames")


def check(app: App) -> Iterator[Finding]:
    """Flag verify without a trust store, and verify settings in another mode."""
    if app.exposure.type != ALB or app.tls is None or app.tls.mutual is None:
        return
    mutual = app.tls.mutual
    base = ("spec", "tls", "mutualAuthentication")
    if mutual.mode == "verify" and mutual.trust_store is None:
        message = "mode verify checks client certificates against a trust store: give trustStore"
        yield Finding(app, (*base, "mode"), message)
    if mutual.mode != "verify":
        written = app.raw["spec"]["tls"]["mutualAuthentication"]
        for field in _VERIFY_ONLY:
            if field in written:
                message = f"is read in mode verify only (this one is {mutual.mode})"
                yield Finding(app, (*base, field), message, at_key=True)
