"""EKS059 alb-auth-https: the ALB signs users in on its HTTPS listener only.

The AWS Load Balancer Controller adds the authenticate action of exposure.auth to the rules
of HTTPS listeners alone (pkg/ingress/model_build_actions.go, v3.5.0). Without spec.tls the
ALB has no HTTPS listener and serves the app to everyone; with tls.redirectHttp false its
HTTP listener forwards to the app without sign-in beside the HTTPS one that asks for it. The
spec promises a sign-in the load balancer does not enforce.

FAIL: exposure {type: alb, auth: {type: oidc, ...}} without spec.tls
PASS: the same with spec.tls (and the default redirect of HTTP to HTTPS)
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS059"
NAME = "alb-auth-https"
SEVERITY = Severity.ERROR
GUARD = False
FIX = "Give the App spec.tls and keep tls.redirectHttp true, or remove exposure.auth."
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/ingress/model_build_actions.go#L17-L27"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Flag sign-in on an ALB that serves the app over plain HTTP."""
    auth = app.exposure.auth
    if app.exposure.type != ALB or auth is None or auth.type == "none":
        return
    if app.tls is None:
        message = (
            "sign-in happens on HTTPS listeners only, and this ALB has none: it would serve "
            "the app to everyone; give the App spec.tls"
        )
        yield Finding(app, ("spec", "exposure", "auth"), message, at_key=True)
    elif not app.tls.redirect_http:
        message = (
            "with exposure.auth, HTTP must redirect to HTTPS: the HTTP listener would serve "
            "the app without sign-in"
        )
        yield Finding(app, ("spec", "tls", "redirectHttp"), message)
