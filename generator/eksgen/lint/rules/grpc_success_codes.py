"""EKS054 grpc-success-codes: a gRPC health check takes gRPC status codes, 0 to 99.

With exposure.backendProtocolVersion GRPC the ALB's health check calls a gRPC method and
compares the gRPC status it gets (0 OK, 12 UNIMPLEMENTED...) with healthCheck.successCodes;
AWS takes codes from 0 to 99 there. HTTP codes such as 200 are refused, and the controller
cannot create the target group. Without GRPC it is the reverse: HTTP codes, 200 to 499.

FAIL: exposure {type: alb, backendProtocolVersion: GRPC, healthCheck: {successCodes: "200"}}
PASS: exposure {type: alb, backendProtocolVersion: GRPC, healthCheck: {successCodes: "0-12"}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App

ID = "EKS054"
NAME = "grpc-success-codes"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "AWS refuses the target group's health check matcher"
FIX = (
    "Give gRPC status codes (0-99, such as 0 or 0-12) with backendProtocolVersion GRPC, and "
    "HTTP codes (200-499) otherwise."
)
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Matcher.html"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
)

_GRPC, _HTTP = (0, 99), (200, 499)


def check(app: App) -> Iterator[Finding]:
    """Flag success codes outside the range of the ALB health check's protocol."""
    check_ = app.exposure.health_check
    if app.exposure.type != ALB or check_ is None or check_.success_codes is None:
        return
    grpc = app.exposure.backend_protocol_version == "GRPC"
    low, high = _GRPC if grpc else _HTTP
    codes = [int(code) for part in check_.success_codes.split(",") for code in part.split("-")]
    if all(low <= code <= high for code in codes):
        return
    kind = "gRPC status codes" if grpc else "HTTP codes"
    why = " (backendProtocolVersion GRPC)" if grpc else ""
    message = f"the health check takes {kind} from {low} to {high} here{why}"
    yield Finding(app, ("spec", "exposure", "healthCheck", "successCodes"), message)
