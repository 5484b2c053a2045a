"""The TargetGroupConfiguration of a Gateway App's Service: the intent of its text.

Target type, health check and target group attributes, where the Ingress wrote them as
annotations (the field map of guide/ingress2gateway/lbc_migrate_reference.md, v3.5.0:
healthcheck-* to healthCheckConfig, success-codes to matcher.httpCode). Only the values the
spec gives are written: absent means the controller's default.
"""

from __future__ import annotations

from typing import Any

from eksgen.model.app import NLB, App, HealthCheck
from eksgen.model.listeners import nlb_tls_ports
from eksgen.render.gateway_objects import (
    GatewayRun,
    key_values,
    kube_object,
    l4_route_kind,
    l4_route_name,
    route_metadata,
)


def target_group_configuration(
    app: App, run: GatewayRun, service: str | None = None
) -> dict[str, Any]:
    """The target group settings of the App's Service, for every route to it.

    With service: the same settings for another Service the App's actions forward to, as
    the Ingress's annotations apply to every backend of the Ingress (and the controller's
    migration tool writes a TargetGroupConfiguration for each Service an action names:
    pkg/ingress2gateway/translate/translate_action_helper.go, v3.5.0).
    """
    name = service or app.name
    exposure = app.exposure
    settings: dict[str, Any] = {"targetType": exposure.target_type}
    if exposure.backend_protocol is not None:
        settings["protocol"] = exposure.backend_protocol
    if exposure.backend_protocol_version is not None:
        settings["protocolVersion"] = exposure.backend_protocol_version
    if exposure.target_node_labels:
        settings["nodeSelector"] = {"matchLabels": dict(exposure.target_node_labels)}
    check = _health_check(exposure.health_check, exposure.backend_protocol_version == "GRPC")
    if check:
        settings["healthCheckConfig"] = check
    attributes = dict(exposure.target_group_attributes)
    if exposure.proxy_protocol:
        # What the Service's proxy-protocol '*' sets on every target group (and wins over).
        attributes[PROXY_PROTOCOL_ATTRIBUTE] = "true"
    if attributes:
        settings["targetGroupAttributes"] = key_values(dict(sorted(attributes.items())))
    if exposure.tags:
        settings["tags"] = dict(exposure.tags)
    spec: dict[str, Any] = {"targetReference": {"name": name}}
    tls_routes = _backend_tls_routes(app) if service is None else None
    if tls_routes is not None and not tls_routes:
        settings["protocol"] = TLS  # every route of the Service terminates TLS
    spec["defaultConfiguration"] = settings
    if tls_routes:
        spec["routeConfigurations"] = [
            {"routeIdentifier": route, "targetGroupProps": {"protocol": TLS}}
            for route in tls_routes
        ]
    metadata = route_metadata(app, name, {})
    return kube_object("TargetGroupConfiguration", run.config_api_version, metadata, spec)


TLS = "TLS"


def _backend_tls_routes(app: App) -> list[dict[str, str]] | None:
    """With tls.backendTls on an NLB, the TCPRoutes whose target groups speak TLS.

    None: no backend TLS. []: every port terminates TLS, so the default configuration says
    TLS. Otherwise the routes of the TLS ports, each named by kind, namespace and name (the
    CRD's routeConfigurations). The controller takes a TargetGroupConfiguration's protocol
    for every L4 route it applies to (buildL4TargetGroupProtocol in
    pkg/gateway/model/model_build_target_group.go, v3.5.0), and a UDP or plain TCP target
    group must not speak TLS, as the Service's backend-protocol ssl applies to TLS listeners
    alone.
    """
    if app.exposure.type != NLB or app.tls is None or not app.tls.backend_tls:
        return None
    secure = set(nlb_tls_ports(app))
    tls_ports = [port for port in app.ports if port.protocol == "TCP" and port.port in secure]
    if len(tls_ports) == len(app.ports):
        return []
    return [
        {"kind": l4_route_kind(port), "namespace": app.namespace, "name": l4_route_name(app, port)}
        for port in tls_ports
    ]


# The target group attribute of proxy protocol v2 (pkg/service/model_build_target_group.go,
# v3.5.0: the proxy-protocol annotation sets it).
PROXY_PROTOCOL_ATTRIBUTE = "proxy_protocol_v2.enabled"

# HealthCheck attribute -> the TargetGroupConfiguration's healthCheckConfig field.
HEALTH_CHECK_FIELDS = {
    "path": "healthCheckPath",
    "port": "healthCheckPort",
    "protocol": "healthCheckProtocol",
    "interval_seconds": "healthCheckInterval",
    "timeout_seconds": "healthCheckTimeout",
    "healthy_threshold": "healthyThresholdCount",
    "unhealthy_threshold": "unhealthyThresholdCount",
}


def _health_check(check: HealthCheck | None, grpc: bool) -> dict[str, Any]:
    """The healthCheckConfig; a gRPC target group's success codes are gRPC codes.

    The controller reads matcher.grpcCode, not httpCode, when the protocol version is GRPC
    (buildTargetGroupHealthCheckMatcher in pkg/gateway/model/model_build_target_group.go,
    v3.5.0), as the Ingress's success-codes annotation takes gRPC codes then.
    """
    if check is None:
        return {}
    found: dict[str, Any] = {}
    for attribute, key in HEALTH_CHECK_FIELDS.items():
        value = getattr(check, attribute)
        if value is not None:
            found[key] = str(value) if attribute == "port" else value
    if check.success_codes is not None:
        found["matcher"] = {"grpcCode" if grpc else "httpCode": check.success_codes}
    return found
