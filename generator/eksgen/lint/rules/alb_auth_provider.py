"""EKS060 alb-auth-provider: auth.type names the provider that auth must describe.

exposure.auth.type oidc signs users in through auth.oidc, and cognito through auth.cognito:
the AWS Load Balancer Controller reads the provider of the type and no other, and fails to
build the Ingress's rules when that one is missing ("missing IDPConfigOIDC"). A provider of
the other type is ignored, and with type none both are: a spec that gives them suggests a
sign-in that is not there.

FAIL: exposure {type: alb, auth: {type: oidc, cognito: {...}}}
PASS: exposure {type: alb, auth: {type: cognito, cognito: {...}}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS060"
NAME = "alb-auth-provider"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller refuses an Ingress whose auth type has no provider settings"
FIX = "Give auth.oidc with type oidc, auth.cognito with type cognito, and no other provider."
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/ingress/model_build_actions.go#L162-L185"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
)

_PROVIDERS = ("oidc", "cognito")


def check(app: App) -> Iterator[Finding]:
    """Flag a missing provider for the type, and providers the type does not read."""
    auth = app.exposure.auth
    if auth is None:
        return
    given = {"oidc": bool(auth.oidc), "cognito": bool(auth.cognito)}
    if auth.type in _PROVIDERS and not given[auth.type]:
        message = f"type {auth.type} needs auth.{auth.type}, the provider's settings"
        yield Finding(app, ("spec", "exposure", "auth", "type"), message)
    for provider in _PROVIDERS:
        if given[provider] and provider != auth.type:
            message = f"is not read with type {auth.type}; remove it or set type: {provider}"
            yield Finding(app, ("spec", "exposure", "auth", provider), message, at_key=True)
