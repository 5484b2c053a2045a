"""EKS031 nlb-tcp-healthcheck-http-fields: an NLB's TCP health check ignores path and codes.

An NLB checks its targets over TCP unless healthCheck.protocol says HTTP or HTTPS (the
controller's default, LBC v3.5.0), and for a TCP check the controller sets no path and no
success codes: the check only opens a connection. A spec that gives healthCheck.path or
successCodes without the protocol expects an HTTP probe it will not get, so a pod whose
port accepts connections while its health endpoint fails stays in service.
A warning: the load balancer is built and works; only the probe is not the one written.

FAIL: exposure {type: nlb, healthCheck: {path: /healthz}}
PASS: exposure {type: nlb, healthCheck: {protocol: HTTP, path: /healthz}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import NLB, App, effective

ID = "EKS031"
NAME = "nlb-tcp-healthcheck-http-fields"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Set exposure.healthCheck.protocol: HTTP (or HTTPS) to probe the path, or remove "
    "healthCheck.path and successCodes to keep the TCP check."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/service/model_build_target_group.go"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/service/model_builder.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
    " ; https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html"
)


def check(app: App) -> Iterator[Finding]:
    """Flag path and successCodes under an NLB health check that is TCP in effect."""
    check_ = app.exposure.health_check
    values = effective.settings(app)
    if check_ is None or values is None or values.load_balancer != NLB:
        return
    protocol = values.get(effective.CHECK_PROTOCOL)
    if protocol.value != "TCP":
        return
    why = "the TCP check" if protocol.origin == effective.SPEC else "the default TCP check"
    for name, value in (("path", check_.path), ("successCodes", check_.success_codes)):
        if value is not None:
            message = (
                f"{name} {value!r} is ignored: {why} of an NLB only opens a connection; "
                "set healthCheck.protocol: HTTP to probe it"
            )
            yield Finding(app, ("spec", "exposure", "healthCheck", name), message)
