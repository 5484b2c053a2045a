"""Which annotations an App becomes, for the AWS Load Balancer Controller and ExternalDNS.

The facts behind each key (names, value encodings, defaults) follow the controller's
annotation reference: every value is a string, lists are comma-joined, maps are
'k=v,k=v', listen-ports is JSON with numeric ports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from eksgen.model import Exposure, facts
from eksgen.model.actions import action_json, conditions_json
from eksgen.model.app import ALB, NLB, App, Auth, HealthCheck
from eksgen.model.controller import (
    COGNITO_JSON_KEYS,
    INGRESS_PREFIX,
    OIDC_JSON_KEYS,
    SERVICE_PREFIX,
    bool_text,
)
from eksgen.model.defaults import DNS_ANNOTATION_PREFIX
from eksgen.model.listeners import alb_listeners, nlb_tls_ports, ssl_redirect_port


def ingress_annotations(app: App, dns_prefix: str = DNS_ANNOTATION_PREFIX) -> dict[str, str]:
    """The alb.ingress.kubernetes.io/* and ExternalDNS annotations of an alb App's Ingress."""
    exposure = app.exposure
    values: dict[str, str | None] = {
        "scheme": exposure.scheme,
        "target-type": exposure.target_type,
        "listen-ports": _listen_ports(app),
        "subnets": _join(exposure.subnets),
        "inbound-cidrs": _join(exposure.source_ranges),
        "load-balancer-name": exposure.load_balancer_name,
        "ip-address-type": exposure.ip_address_type,
        "shield-advanced-protection": bool_text(exposure.shield_advanced),
        "backend-protocol": exposure.backend_protocol,
        "backend-protocol-version": exposure.backend_protocol_version,
        "security-groups": _join(exposure.security_groups),
        "security-group-prefix-lists": _join(exposure.security_group_prefix_lists),
        "target-node-labels": _key_values(exposure.target_node_labels),
        "manage-backend-security-group-rules": bool_text(
            exposure.manage_backend_security_group_rules
        ),
        "load-balancer-attributes": _key_values(exposure.load_balancer_attributes),
        "target-group-attributes": _key_values(exposure.target_group_attributes),
        "tags": _key_values(exposure.tags),
    }
    if exposure.waf is not None:
        suffix, text = exposure.waf.annotation()
        values[suffix] = text
    values |= _auth(exposure.auth)
    if exposure.group is not None:
        values["group.name"] = exposure.group.name
        values["group.order"] = _text(exposure.group.order)
    if app.tls is not None:
        values["certificate-arn"] = _join(app.tls.certificate_arns)
        values["ssl-policy"] = app.tls.policy
        values["ssl-redirect"] = _text(ssl_redirect_port(app))
        if app.tls.mutual is not None:
            https = [port for protocol, port in alb_listeners(app) if protocol == "HTTPS"]
            values["mutual-authentication"] = app.tls.mutual.annotation(https)
    values |= _ingress_health_check(exposure.health_check)
    values |= _actions(app) | _conditions(app)
    values |= _listener_attributes("listener-attributes.", exposure.listener_attributes)
    if exposure.class_settings is not None:
        values = _without_class_settings(values, exposure)
    return _prefixed(INGRESS_PREFIX, values) | dns_annotations(app, dns_prefix)


def _without_class_settings(
    values: dict[str, str | None], exposure: Exposure
) -> dict[str, str | None]:
    """Leave out what the App's IngressClassParams set: the controller reads the params.

    An annotation beside them is ignored at best, refused for subnets (eksgen.model.
    ingress_class). Of the merged maps, the annotation keeps the keys the class does not
    give, so that a key the platform later drops from the class does not linger.
    """
    settings = exposure.class_settings
    assert settings is not None
    kept = {key: value for key, value in values.items() if key not in settings.owned_suffixes()}
    attributes = exposure.load_balancer_attributes, settings.load_balancer_attributes
    for suffix, (merged, from_class) in (
        ("load-balancer-attributes", attributes),
        ("tags", (exposure.tags, settings.tags)),
    ):
        given = dict(from_class)
        kept[suffix] = _key_values(tuple(pair for pair in merged if pair[0] not in given))
    return kept


def _actions(app: App) -> dict[str, str | None]:
    """actions.NAME for every spec.actions entry: the controller's JSON."""
    first = app.ports[0].port if app.ports else None
    return {
        f"actions.{action.name}": action_json(action, app.name, first) for action in app.actions
    }


def _conditions(app: App) -> dict[str, str | None]:
    """conditions.BACKEND, from the first route of each backend that has conditions.

    The controller keys conditions by the backend's name, so routes with one backend share
    them; a rule (EKS089) refuses routes of one backend whose conditions differ.
    """
    found: dict[str, str | None] = {}
    for route in app.routes:
        key = f"conditions.{route.backend(app.name)}"
        if route.conditions and key not in found:
            found[key] = conditions_json(route.conditions)
    return found


def _listener_attributes(
    family: str, listeners: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
) -> dict[str, str | None]:
    """One k=v,k=v annotation per listener, keyed PROTOCOL-PORT as the controller looks it up."""
    return {family + listener: _key_values(pairs) for listener, pairs in listeners}


def _auth(auth: Auth | None) -> dict[str, str | None]:
    """The auth-* annotations: the provider as the controller's JSON, the rest as given."""
    if auth is None:
        return {}
    return {
        "auth-type": auth.type,
        "auth-idp-oidc": _idp(auth.oidc, OIDC_JSON_KEYS),
        "auth-idp-cognito": _idp(auth.cognito, COGNITO_JSON_KEYS),
        "auth-scope": auth.scope,
        "auth-session-cookie": auth.session_cookie,
        "auth-session-timeout": _text(auth.session_timeout_seconds),
        "auth-on-unauthenticated-request": auth.on_unauthenticated_request,
    }


def _idp(fields: tuple[tuple[str, str], ...], keys: dict[str, str]) -> str | None:
    """A provider's fields as compact JSON, in the order of the controller's docs."""
    given = dict(fields)
    if not given:
        return None
    ordered = {keys[name]: given[name] for name in keys if name in given}
    return json.dumps(ordered, separators=(",", ":"))


def _listen_ports(app: App) -> str:
    """The listeners as the controller's JSON: a list of one-entry {protocol: port} objects."""
    listeners = [{protocol: port} for protocol, port in alb_listeners(app)]
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


def service_annotations(app: App, dns_prefix: str = DNS_ANNOTATION_PREFIX) -> dict[str, str]:
    """The Service's annotations: the NLB's for exposure nlb, none otherwise.

    None either when a Gateway makes the NLB: its settings are in the Gateway API objects.
    """
    if app.exposure.type != NLB or app.uses_gateway:
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
        "aws-load-balancer-ip-address-type": exposure.ip_address_type,
        # '*' is the one value the controller takes (any other refuses the Service:
        # pkg/service/model_build_target_group.go, v3.5.0): proxy protocol v2 on every target group.
        "aws-load-balancer-proxy-protocol": "*" if exposure.proxy_protocol else None,
        "aws-load-balancer-enable-tcp-udp-listener": bool_text(exposure.tcp_udp_listener),
        "aws-load-balancer-eip-allocations": _join(exposure.eip_allocations),
        "aws-load-balancer-security-groups": _join(exposure.security_groups),
        "aws-load-balancer-security-group-prefix-lists": _join(
            exposure.security_group_prefix_lists
        ),
        "aws-load-balancer-target-node-labels": _key_values(exposure.target_node_labels),
        "aws-load-balancer-manage-backend-security-group-rules": bool_text(
            exposure.manage_backend_security_group_rules
        ),
        "aws-load-balancer-private-ipv4-addresses": _join(exposure.private_ipv4_addresses),
        "aws-load-balancer-attributes": _key_values(exposure.load_balancer_attributes),
        "aws-load-balancer-target-group-attributes": _key_values(exposure.target_group_attributes),
        "aws-load-balancer-additional-resource-tags": _key_values(exposure.tags),
    }
    if app.tls is not None:
        values["aws-load-balancer-ssl-cert"] = _join(app.tls.certificate_arns)
        values["aws-load-balancer-ssl-ports"] = _join(str(port) for port in nlb_tls_ports(app))
        values["aws-load-balancer-ssl-negotiation-policy"] = app.tls.policy
        values["aws-load-balancer-alpn-policy"] = app.tls.alpn_policy
        values["aws-load-balancer-backend-protocol"] = "ssl" if app.tls.backend_tls else None
    values |= _service_health_check(exposure.health_check)
    values |= _listener_attributes(
        "aws-load-balancer-listener-attributes.", exposure.listener_attributes
    )
    return _prefixed(SERVICE_PREFIX, values) | dns_annotations(app, dns_prefix)


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


def dns_annotations(app: App, prefix: str = DNS_ANNOTATION_PREFIX) -> dict[str, str]:
    """ExternalDNS hostname (and ttl) for an exposed app with hosts and DNS enabled.

    With DNS off, an alb App's Ingress still names its hosts in its rules, which the ingress
    source publishes whatever the annotations say (source/ingress.go, v0.22.0); only
    ingress-hostname-source: annotation-only, with no hostname annotation, makes it publish
    nothing. The service source takes names from the hostname annotations alone
    (source/service.go, v0.22.0), so an nlb App's Service needs nothing to stay unpublished.
    """
    if app.publishes_dns:
        values = {"hostname": _join(app.hosts), "ttl": _text(app.dns.ttl)}
        return _prefixed(prefix, values)
    if app.exposure.type == ALB and app.hosts:
        return _prefixed(prefix, {"ingress-hostname-source": facts.external_dns.ANNOTATION_ONLY})
    return {}


def _prefixed(prefix: str, values: dict[str, str | None]) -> dict[str, str]:
    """Prefix the keys and drop unset values, so that absent means 'controller default'."""
    return {prefix + key: value for key, value in values.items() if value}


def _join(items: Iterable[str]) -> str | None:
    return ",".join(items) or None


def _key_values(pairs: tuple[tuple[str, str], ...]) -> str | None:
    return ",".join(f"{key}={value}" for key, value in pairs) or None


def _text(value: int | str | None) -> str | None:
    return None if value is None else str(value)
