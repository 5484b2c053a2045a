"""Which annotations an App becomes, for the AWS Load Balancer Controller and ExternalDNS.

The facts behind each key (names, value encodings, defaults) follow the controller's
annotation reference: every value is a string, lists are comma-joined, maps are
'k=v,k=v', listen-ports is JSON with numeric ports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from eksgen.model.app import ALB, NLB, App, HealthCheck

INGRESS_PREFIX = "alb.ingress.kubernetes.io/"
SERVICE_PREFIX = "service.beta.kubernetes.io/"
DEFAULT_DNS_PREFIX = "external-dns.alpha.kubernetes.io/"
DNS_PREFIXES = (DEFAULT_DNS_PREFIX, "external-dns.kubernetes.io/")
HTTP_PORT, HTTPS_PORT = 80, 443

# Annotation suffix -> the spec field that sets it, for the keys eksgen generates.
INGRESS_FIELDS = {
    "scheme": "spec.exposure.scheme",
    "target-type": "spec.exposure.targetType",
    "listen-ports": "spec.tls",
    "certificate-arn": "spec.tls.certificateArns",
    "ssl-redirect": "spec.tls.redirectHttp",
    "ssl-policy": "spec.tls.policy",
    "healthcheck-path": "spec.exposure.healthCheck.path",
    "healthcheck-port": "spec.exposure.healthCheck.port",
    "healthcheck-protocol": "spec.exposure.healthCheck.protocol",
    "healthcheck-interval-seconds": "spec.exposure.healthCheck.intervalSeconds",
    "healthcheck-timeout-seconds": "spec.exposure.healthCheck.timeoutSeconds",
    "healthy-threshold-count": "spec.exposure.healthCheck.healthyThreshold",
    "unhealthy-threshold-count": "spec.exposure.healthCheck.unhealthyThreshold",
    "success-codes": "spec.exposure.healthCheck.successCodes",
    "group.name": "spec.exposure.group.name",
    "group.order": "spec.exposure.group.order",
    "subnets": "spec.exposure.subnets",
    "inbound-cidrs": "spec.exposure.sourceRanges",
    "tags": "spec.exposure.tags",
    "load-balancer-name": "spec.exposure.loadBalancerName",
    "load-balancer-attributes": "spec.exposure.attributes.loadBalancer",
    "target-group-attributes": "spec.exposure.attributes.targetGroup",
}
SERVICE_FIELDS = {
    "aws-load-balancer-type": "spec.exposure.type",
    "aws-load-balancer-nlb-target-type": "spec.exposure.targetType",
    "aws-load-balancer-scheme": "spec.exposure.scheme",
    "aws-load-balancer-subnets": "spec.exposure.subnets",
    "aws-load-balancer-ssl-cert": "spec.tls.certificateArns",
    "aws-load-balancer-ssl-ports": "spec.tls.ports",
    "aws-load-balancer-ssl-negotiation-policy": "spec.tls.policy",
    "aws-load-balancer-healthcheck-protocol": "spec.exposure.healthCheck.protocol",
    "aws-load-balancer-healthcheck-port": "spec.exposure.healthCheck.port",
    "aws-load-balancer-healthcheck-path": "spec.exposure.healthCheck.path",
    "aws-load-balancer-healthcheck-interval": "spec.exposure.healthCheck.intervalSeconds",
    "aws-load-balancer-healthcheck-timeout": "spec.exposure.healthCheck.timeoutSeconds",
    "aws-load-balancer-healthcheck-healthy-threshold": "spec.exposure.healthCheck.healthyThreshold",
    "aws-load-balancer-healthcheck-unhealthy-threshold": (
        "spec.exposure.healthCheck.unhealthyThreshold"
    ),
    "aws-load-balancer-healthcheck-success-codes": "spec.exposure.healthCheck.successCodes",
    "aws-load-balancer-name": "spec.exposure.loadBalancerName",
    "aws-load-balancer-attributes": "spec.exposure.attributes.loadBalancer",
    "aws-load-balancer-target-group-attributes": "spec.exposure.attributes.targetGroup",
    "aws-load-balancer-additional-resource-tags": "spec.exposure.tags",
    "load-balancer-source-ranges": "spec.exposure.sourceRanges",
}
DNS_FIELDS = {"hostname": "spec.hosts", "ttl": "spec.dns.ttl"}


def generated_key_fields() -> dict[str, str]:
    """Every annotation key eksgen generates, mapped to the spec field that controls it."""
    keys = {INGRESS_PREFIX + suffix: spec for suffix, spec in INGRESS_FIELDS.items()}
    keys |= {SERVICE_PREFIX + suffix: spec for suffix, spec in SERVICE_FIELDS.items()}
    for prefix in DNS_PREFIXES:
        keys |= {prefix + suffix: spec for suffix, spec in DNS_FIELDS.items()}
    return keys


def ingress_annotations(app: App, dns_prefix: str = DEFAULT_DNS_PREFIX) -> dict[str, str]:
    """The alb.ingress.kubernetes.io/* and ExternalDNS annotations of an alb App's Ingress."""
    exposure = app.exposure
    values: dict[str, str | None] = {
        "scheme": exposure.scheme,
        "target-type": exposure.target_type,
        "listen-ports": _listen_ports(app),
        "subnets": _join(exposure.subnets),
        "inbound-cidrs": _join(exposure.source_ranges),
        "load-balancer-name": exposure.load_balancer_name,
        "load-balancer-attributes": _key_values(exposure.load_balancer_attributes),
        "target-group-attributes": _key_values(exposure.target_group_attributes),
        "tags": _key_values(exposure.tags),
    }
    if exposure.group is not None:
        values["group.name"] = exposure.group.name
        values["group.order"] = _text(exposure.group.order)
    if app.tls is not None:
        values["certificate-arn"] = _join(app.tls.certificate_arns)
        values["ssl-policy"] = app.tls.policy
        values["ssl-redirect"] = str(HTTPS_PORT) if app.tls.redirect_http else None
    values |= _ingress_health_check(exposure.health_check)
    return _prefixed(INGRESS_PREFIX, values) | dns_annotations(app, dns_prefix)


def _listen_ports(app: App) -> str:
    """HTTP 80 alone, HTTPS 443 alone, or both when HTTP redirects to HTTPS."""
    if app.tls is None:
        listeners = [{"HTTP": HTTP_PORT}]
    elif app.tls.redirect_http:
        listeners = [{"HTTP": HTTP_PORT}, {"HTTPS": HTTPS_PORT}]
    else:
        listeners = [{"HTTPS": HTTPS_PORT}]
    return json.dumps(listeners, separators=(",", ":"))


def _ingress_health_check(check: HealthCheck | None) -> dict[str, str | None]:
    if check is None:
        return {}
    return {
        "healthcheck-path": check.path,
        "healthcheck-port": _text(check.port),
        "healthcheck-protocol": check.protocol,
        "healthcheck-interval-seconds": _text(check.interval_seconds),
        "healthcheck-timeout-seconds": _text(check.timeout_seconds),
        "healthy-threshold-count": _text(check.healthy_threshold),
        "unhealthy-threshold-count": _text(check.unhealthy_threshold),
        "success-codes": check.success_codes,
    }


def service_annotations(app: App, dns_prefix: str = DEFAULT_DNS_PREFIX) -> dict[str, str]:
    """The Service's annotations: the NLB's for exposure nlb, none otherwise."""
    if app.exposure.type != NLB:
        return {}
    exposure = app.exposure
    values: dict[str, str | None] = {
        # 'external' hands the Service to the AWS Load Balancer Controller; the legacy
        # in-tree provider ignores it. See docs/decisions in the README.
        "aws-load-balancer-type": "external",
        "aws-load-balancer-nlb-target-type": exposure.target_type,
        "aws-load-balancer-scheme": exposure.scheme,
        "aws-load-balancer-subnets": _join(exposure.subnets),
        "aws-load-balancer-name": exposure.load_balancer_name,
        "aws-load-balancer-attributes": _key_values(exposure.load_balancer_attributes),
        "aws-load-balancer-target-group-attributes": _key_values(exposure.target_group_attributes),
        "aws-load-balancer-additional-resource-tags": _key_values(exposure.tags),
    }
    if app.tls is not None:
        values["aws-load-balancer-ssl-cert"] = _join(app.tls.certificate_arns)
        values["aws-load-balancer-ssl-ports"] = _join(str(port) for port in tls_ports(app))
        values["aws-load-balancer-ssl-negotiation-policy"] = app.tls.policy
    values |= _service_health_check(exposure.health_check)
    return _prefixed(SERVICE_PREFIX, values) | dns_annotations(app, dns_prefix)


def tls_ports(app: App) -> list[int]:
    """Service port numbers whose NLB listeners terminate TLS: the named ones, or every TCP port."""
    if app.tls is None:
        return []
    if not app.tls.ports:
        return [port.port for port in app.ports if port.protocol == "TCP"]
    resolved = (app.port_by_ref(ref) for ref in app.tls.ports)
    return [port.port for port in resolved if port is not None]


def _service_health_check(check: HealthCheck | None) -> dict[str, str | None]:
    if check is None:
        return {}
    prefix = "aws-load-balancer-healthcheck-"
    return {
        prefix + "protocol": check.protocol,
        prefix + "port": _text(check.port),
        prefix + "path": check.path,
        prefix + "interval": _text(check.interval_seconds),
        prefix + "timeout": _text(check.timeout_seconds),
        prefix + "healthy-threshold": _text(check.healthy_threshold),
        prefix + "unhealthy-threshold": _text(check.unhealthy_threshold),
        prefix + "success-codes": check.success_codes,
    }


def dns_annotations(app: App, prefix: str = DEFAULT_DNS_PREFIX) -> dict[str, str]:
    """ExternalDNS hostname (and ttl) for an exposed app with hosts and DNS enabled."""
    if not (app.dns.enabled and app.hosts and app.exposure.type in (ALB, NLB)):
        return {}
    values = {"hostname": _join(app.hosts), "ttl": _text(app.dns.ttl)}
    return _prefixed(prefix, values)


def _prefixed(prefix: str, values: dict[str, str | None]) -> dict[str, str]:
    """Prefix the keys and drop unset values, so that absent means 'controller default'."""
    return {prefix + key: value for key, value in values.items() if value}


def _join(items: Iterable[str]) -> str | None:
    return ",".join(items) or None


def _key_values(pairs: tuple[tuple[str, str], ...]) -> str | None:
    return ",".join(f"{key}={value}" for key, value in pairs) or None


def _text(value: int | str | None) -> str | None:
    return None if value is None else str(value)
