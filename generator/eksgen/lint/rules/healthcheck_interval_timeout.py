"""EKS009 healthcheck-interval-timeout: the health-check interval must exceed the timeout.

AWS rejects a target group whose health-check timeout is not shorter than its interval,
but only when the controller deploys it; eksgen says so before anything is applied.

FAIL: healthCheck {intervalSeconds: 10, timeoutSeconds: 10}
PASS: healthCheck {intervalSeconds: 15, timeoutSeconds: 5}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS009"
NAME = "healthcheck-interval-timeout"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "AWS refuses the target group, so the controller cannot build the load balancer"
FIX = (
    "Set exposure.healthCheck.timeoutSeconds lower than intervalSeconds, for example "
    "intervalSeconds: 15 with timeoutSeconds: 5."
)
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2951"
    " ; https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/1754"
    " ; https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a timeout that is not shorter than the interval."""
    check_ = app.exposure.health_check
    if check_ is None or check_.interval_seconds is None or check_.timeout_seconds is None:
        return
    if check_.timeout_seconds >= check_.interval_seconds:
        message = (
            f"timeoutSeconds ({check_.timeout_seconds}) must be less than intervalSeconds "
            f"({check_.interval_seconds})"
        )
        yield Finding(app, ("spec", "exposure", "healthCheck", "timeoutSeconds"), message)
