"""EKS053 alb-protocol-version-https: HTTP2 and GRPC backends take requests from HTTPS only.

exposure.backendProtocolVersion HTTP2 or GRPC makes the ALB's target group speak HTTP/2 or
gRPC to the pods. An ALB takes HTTP/2 and gRPC from clients on an HTTPS listener only, and
a target group of these versions receives only such requests: behind a plain HTTP listener
every client request fails. The App needs spec.tls, and no HTTP listener forwarding to the
target group (tls.redirectHttp: false keeps one).

FAIL: exposure {type: alb, backendProtocolVersion: GRPC} without spec.tls
PASS: exposure {type: alb, backendProtocolVersion: GRPC} with spec.tls
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS053"
NAME = "alb-protocol-version-https"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Give the App spec.tls (with certificateArns) and keep tls.redirectHttp true, or set "
    "backendProtocolVersion: HTTP1."
)
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "load-balancer-target-groups.html#target-group-protocol-version"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
)

_HTTPS_ONLY = frozenset({"HTTP2", "GRPC"})


def check(app: App) -> Iterator[Finding]:
    """Flag an HTTP2 or GRPC target group that an HTTP listener would feed."""
    version = app.exposure.backend_protocol_version
    if app.exposure.type != ALB or version not in _HTTPS_ONLY:
        return
    path = ("spec", "exposure", "backendProtocolVersion")
    if app.tls is None:
        message = (
            f"{version} takes requests from an HTTPS listener only, and this ALB has none: "
            "give the App spec.tls"
        )
        yield Finding(app, path, message)
    elif not app.tls.redirect_http:
        message = (
            f"{version} takes requests from an HTTPS listener only; with tls.redirectHttp false "
            "the HTTP listener forwards to it too, and those requests fail"
        )
        yield Finding(app, ("spec", "tls", "redirectHttp"), message)
