"""EKS066 gateway-health-check-defaults: unset health-check fields change with the API.

A health-check field the spec leaves unset takes the controller's default, and the
controller's defaults differ by API: an ALB Ingress's target group counts 2 checks to
change state and accepts code 200; a Gateway's counts 3 and accepts 200-399. An NLB
Service's checks every 10 seconds with a 10-second timeout; a Gateway's every 15 with 5.
Moving an App to the Gateway API with such fields unset changes its health checks. An App
that tunes its health check (gives spec.exposure.healthCheck) gets an info naming the
fields it leaves to these defaults, so that the spec can pin the values it relies on.

FAIL: exposure {type: alb, api: gateway} without healthCheck.healthyThreshold
PASS: exposure {type: alb, api: gateway, healthCheck: {healthyThreshold: 2, ...}}
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import effective, facts
from eksgen.model.app import App

ID = "EKS066"
NAME = "gateway-health-check-defaults"
SEVERITY = Severity.INFO
GUARD = False
FIX = (
    "Set the fields named in spec.exposure.healthCheck to the values the App relies on, "
    "which both APIs then write."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller pkg/gateway/model/model_build_target_group.go"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/annotations.md"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
)


def check(app: App) -> Iterator[Finding]:
    """Name the unset health-check fields whose default differs between the APIs."""
    if not app.uses_gateway or app.exposure.health_check is None:
        return
    found = effective.settings(app)
    assert found is not None  # an App on the Gateway API has a load balancer
    changed = []
    known = facts.gateway.HEALTH_CHECK_DEFAULTS
    if app.exposure.backend_protocol_version == "GRPC":
        known = known | facts.gateway.GRPC_HEALTH_CHECK_DEFAULTS
    for field, gateway_default in known.items():
        setting = found.get(field)
        if setting.origin != effective.CONTROLLER_DEFAULT or setting.value is None:
            continue
        if setting.value != gateway_default:
            name = field.rsplit(".", 1)[-1]
            changed.append(f"{name} {gateway_default} (not {setting.value})")
    if changed:
        message = (
            "unset health-check fields take the Gateway controller's defaults, not the "
            f"{'Ingress' if app.exposure.type == 'alb' else 'Service'} controller's: "
            + ", ".join(changed)
        )
        yield Finding(app, ("spec", "exposure", "healthCheck"), message, at_key=True)
