"""EKS009 healthcheck-interval-timeout: the health-check timeout must fit in the interval.

AWS refuses the target group, but only when the controller deploys it, so eksgen says so
before anything is applied. The values compared are the ones the controller will use: a
field the spec leaves out takes the controller's default (LBC v3.5.0: ALB interval 15 s,
timeout 5 s; NLB 10 s and 10 s). An ALB target group needs an interval longer than its
timeout ("Health check interval must be greater than the timeout"), so timeoutSeconds: 30
alone fails against the default interval of 15. An NLB target group accepts a timeout
equal to the interval (the controller's own default is 10 and 10) but not a longer one.

FAIL: exposure {type: alb, healthCheck: {timeoutSeconds: 30}}
FAIL: exposure {type: nlb, healthCheck: {intervalSeconds: 5}}
PASS: exposure {type: nlb, healthCheck: {intervalSeconds: 10, timeoutSeconds: 10}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import ALB, App, effective

ID = "EKS009"
NAME = "healthcheck-interval-timeout"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "AWS refuses the target group, so the controller cannot build the load balancer"
FIX = (
    "Set exposure.healthCheck.timeoutSeconds below intervalSeconds (an NLB also accepts "
    "them equal), giving both when one would meet the other's default, for example "
    "intervalSeconds: 15 with timeoutSeconds: 5."
)
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html"
    " ; https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_builder.go"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/service/model_builder.go"
    " ; https://github.com/aws/aws-cdk/pull/16445"
    " ; https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2951"
)
_CHECK = ("spec", "exposure", "healthCheck")


def check(app: App) -> Iterator[Finding]:
    """Flag a timeout the interval cannot hold, defaults filled in."""
    values = effective.settings(app)
    if values is None:
        return
    interval = values.get(effective.CHECK_INTERVAL)
    timeout = values.get(effective.CHECK_TIMEOUT)
    seconds = values.integer(effective.CHECK_TIMEOUT) - values.integer(effective.CHECK_INTERVAL)
    alb = values.load_balancer == ALB
    if seconds < 0 or (seconds == 0 and not alb):
        return
    relation = "less than" if alb else "at most"
    message = (
        f"timeoutSeconds ({_said(timeout)}) must be {relation} intervalSeconds "
        f"({_said(interval)}){'' if alb else ' on an NLB'}"
    )
    # Point at the timeout when the spec gives it, else at the interval it gives.
    field = "timeoutSeconds" if timeout.origin == effective.SPEC else "intervalSeconds"
    yield Finding(app, (*_CHECK, field), message)


def _said(setting: effective.Setting) -> str:
    """A value, and where it came from unless the spec wrote it."""
    if setting.origin == effective.SPEC:
        return str(setting.value)
    return f"{setting.value}, the {setting.origin} of {setting.annotation}"
