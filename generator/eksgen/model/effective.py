"""The value the load balancer controller will use for each setting eksgen models, and why.

For an App with a load balancer, each setting is the spec's value, else eksgen's default
(which eksgen writes as an annotation), else the AWS Load Balancer Controller's default
for the absent annotation (facts.lbc, controller v3.5.0): the Ingress annotation's for an
ALB, the Service annotation's for an NLB. Rules compare these values instead of the raw
spec, so that a spec which sets only one of two related fields is checked against the
default of the other.

The ALB's check defaults follow the target group's: exposure.backendProtocol (HTTPS) or
backendProtocolVersion (GRPC: path /AWS.ALB/healthcheck, codes 12) changes them. A
hand-set health-check or backend key cannot change a value: EKS013 refuses the keys eksgen
generates. The NLB's defaults assume
no externalTrafficPolicy on the Service (Cluster: with Local and instance targets they
differ, pkg/service/model_builder.go; eksgen's templates write none) and the controller's
NLBHealthCheckAdvancedConfig feature gate on (its default), without which an NLB ignores
the timeout and success codes.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from eksgen.model.app import ALB, NLB, App, Exposure, HealthCheck
from eksgen.model.controller import INGRESS_FIELDS, INGRESS_PREFIX, SERVICE_FIELDS, SERVICE_PREFIX
from eksgen.model.facts import lbc

SPEC, EKSGEN_DEFAULT, CONTROLLER_DEFAULT = "spec", "eksgen default", "controller default"

_CHECK = "spec.exposure.healthCheck."
SCHEME = "spec.exposure.scheme"
TARGET_TYPE = "spec.exposure.targetType"
TLS_POLICY = "spec.tls.policy"
REDIRECT_HTTP = "spec.tls.redirectHttp"
CHECK_PROTOCOL = _CHECK + "protocol"
CHECK_PORT = _CHECK + "port"
CHECK_PATH = _CHECK + "path"
CHECK_INTERVAL = _CHECK + "intervalSeconds"
CHECK_TIMEOUT = _CHECK + "timeoutSeconds"
HEALTHY_THRESHOLD = _CHECK + "healthyThreshold"
UNHEALTHY_THRESHOLD = _CHECK + "unhealthyThreshold"
SUCCESS_CODES = _CHECK + "successCodes"

# Health-check field -> the HealthCheck attribute that holds the spec's value.
_CHECK_FIELDS = {
    CHECK_PROTOCOL: "protocol",
    CHECK_PORT: "port",
    CHECK_PATH: "path",
    CHECK_INTERVAL: "interval_seconds",
    CHECK_TIMEOUT: "timeout_seconds",
    HEALTHY_THRESHOLD: "healthy_threshold",
    UNHEALTHY_THRESHOLD: "unhealthy_threshold",
    SUCCESS_CODES: "success_codes",
}
# What a TCP health check does not use (pkg/service/model_build_target_group.go, v3.5.0).
HTTP_ONLY = (CHECK_PATH, SUCCESS_CODES)
_INGRESS_KEYS = {field: INGRESS_PREFIX + suffix for suffix, field in INGRESS_FIELDS.items()}
_SERVICE_KEYS = {field: SERVICE_PREFIX + suffix for suffix, field in SERVICE_FIELDS.items()}

Value = int | str | bool | None


# NamedTuples, not frozen dataclasses: every run defines them, and a dataclass's generated
# methods take about a millisecond of start-up to build.
class Setting(NamedTuple):
    """One setting: its spec field, the value the controller uses, and where that comes from.

    origin: SPEC, EKSGEN_DEFAULT or CONTROLLER_DEFAULT. annotation: the key the controller
    reads it from. note: what else decides the value, when something does.
    """

    field: str
    value: Value
    origin: str
    annotation: str
    note: str = ""


class Settings(NamedTuple):
    """Every modelled setting of one App's load balancer (exposure alb or nlb)."""

    load_balancer: str
    items: tuple[Setting, ...]

    def get(self, field: str) -> Setting:
        """The setting of a spec field (KeyError when the App has none, e.g. TLS)."""
        for item in self.items:
            if item.field == field:
                return item
        raise KeyError(field)

    def integer(self, field: str) -> int:
        """A setting that is always a number (the health check's seconds and counts)."""
        value = self.get(field).value
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{field} is {value!r}, not a number")
        return value


def settings(app: App) -> Settings | None:
    """What the controller will use for the App's load balancer; None without one."""
    kind = app.exposure.type
    if kind not in (ALB, NLB):
        return None
    keys = _INGRESS_KEYS if kind == ALB else _SERVICE_KEYS
    spec = app.raw.get("spec", {})
    exposure, tls = spec.get("exposure", {}), spec.get("tls", {})
    items = [
        _eksgen(keys, SCHEME, app.exposure.scheme, "scheme" in exposure),
        _eksgen(keys, TARGET_TYPE, app.exposure.target_type, "targetType" in exposure),
    ]
    if app.tls is not None:
        items.append(_eksgen(keys, TLS_POLICY, app.tls.policy, "policy" in tls))
        if kind == ALB:
            items.append(_eksgen(keys, REDIRECT_HTTP, app.tls.redirect_http, "redirectHttp" in tls))
    items += _health_check(app, keys)
    return Settings(kind, tuple(items))


def _eksgen(keys: dict[str, str], field: str, value: Value, written: bool) -> Setting:
    """A setting eksgen always writes: the spec's value or eksgen's default."""
    return Setting(field, value, SPEC if written else EKSGEN_DEFAULT, keys[field])


def _health_check(app: App, keys: dict[str, str]) -> list[Setting]:
    check = app.exposure.health_check or HealthCheck()
    defaults = _alb_defaults(app.exposure) if app.exposure.type == ALB else {}
    items = [
        _checked(keys[field], field, getattr(check, name), defaults.get(keys[field]))
        for field, name in _CHECK_FIELDS.items()
    ]
    protocol = next(item.value for item in items if item.field == CHECK_PROTOCOL)
    if app.exposure.type == NLB and protocol == "TCP":
        items = [_unused(item) if item.field in HTTP_ONLY else item for item in items]
    return items


def _alb_defaults(exposure: Exposure) -> dict[str, tuple[str, str]]:
    """Defaults that the target group's protocol settings change: key -> (value, why).

    The check's protocol is the target group's (backendProtocol), and a gRPC target group
    (backendProtocolVersion GRPC) has its own path and codes (pkg/ingress, v3.5.0).
    """
    defaults = {}
    backend = exposure.backend_protocol
    if backend is not None:
        defaults[INGRESS_PREFIX + "healthcheck-protocol"] = (backend, "from backendProtocol")
    if exposure.backend_protocol_version == "GRPC":
        for key, value in lbc.GRPC_DEFAULTS.items():
            defaults[key] = (value, "for backendProtocolVersion GRPC")
    return defaults


def _checked(key: str, field: str, value: Any, instead: tuple[str, str] | None) -> Setting:
    """The spec's health-check value, else the controller's default for the annotation."""
    if value is not None:
        return Setting(field, value, SPEC, key)
    if instead is not None:
        return Setting(field, instead[0], CONTROLLER_DEFAULT, key, instead[1])
    default = lbc.default(key)
    number = lbc.ANNOTATIONS[key].format == "integer"
    return Setting(field, int(default) if number else default, CONTROLLER_DEFAULT, key)


def _unused(item: Setting) -> Setting:
    """An NLB's TCP check sends no HTTP request: the controller sets no path or codes."""
    note = "a TCP health check sends no HTTP request"
    if item.origin == SPEC:
        note += f"; the spec's {item.value} is ignored"
    return Setting(item.field, None, CONTROLLER_DEFAULT, item.annotation, note)
