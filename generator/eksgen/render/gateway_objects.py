"""The Gateway API objects an App must become, as plain data: the intent of each text.

For an App whose exposure.api is gateway: its Gateway (shared by an IngressGroup's
members), the LoadBalancerConfiguration the Gateway's infrastructure.parametersRef names,
the routes (HTTPRoute for an ALB, TCPRoute or UDPRoute per port for an NLB) and the
redirect HTTPRoute; the TargetGroupConfiguration of the App's Service is gateway_targets.py's.
Each spec field lands where the controller reads it (docs/guide/gateway/*.md and the field map of
guide/ingress2gateway/lbc_migrate_reference.md, v3.5.0): scheme, subnets, source ranges,
name, tags and attributes of the load balancer in the LoadBalancerConfiguration;
certificates and TLS policy in its listenerConfigurations; target type, health check and
target group attributes in the TargetGroupConfiguration. Only the values the spec gives
are written, as the Ingress annotations are: absent means the controller's default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from eksgen.model import facts
from eksgen.model.app import App, Port, Tls
from eksgen.model.controller import (
    INGRESS_PREFIX,
    MANAGED_BY,
    NAME_LABEL,
    SERVICE_PREFIX,
    TOOL_PREFIXES,
)
from eksgen.model.defaults import ALB_GATEWAY_CLASS, DNS_ANNOTATION_PREFIX, NLB_GATEWAY_CLASS
from eksgen.model.gateways import (
    Gateway,
    Section,
    grpc_method,
    is_alb,
    is_grpc,
    member_sections,
    nlb_section,
)
from eksgen.model.listeners import listener_key
from eksgen.render.objects import backend_port, labels

_GATEWAY = facts.gateway
REDIRECT_STATUS = 301  # what the Ingress's ssl-redirect answers (annotations reference, v3.5.0)
# What an NLB TLS listener's certificates come from: the Gateway API wants certificate
# references or options on a Terminate listener; the controller reads the certificates
# from the LoadBalancerConfiguration's listenerConfigurations.
TLS_OPTIONS = {"eksgen.dev/certificates": "LoadBalancerConfiguration"}
# The App's own annotations of these prefixes steer an Ingress or a Service: not a route.
_NOT_ON_ROUTES = (*TOOL_PREFIXES, INGRESS_PREFIX, SERVICE_PREFIX)


class GatewayRun(NamedTuple):
    """What a run decides for every Gateway: class names, config version, DNS prefix."""

    alb_class: str = ALB_GATEWAY_CLASS
    nlb_class: str = NLB_GATEWAY_CLASS
    config_api_version: str = _GATEWAY.CONFIG_V1
    dns_prefix: str = DNS_ANNOTATION_PREFIX


def gateway_object(gateway: Gateway, run: GatewayRun) -> dict[str, Any]:
    """The Gateway: its class, its LoadBalancerConfiguration and its listeners."""
    spec = {
        "gatewayClassName": run.alb_class if is_alb(gateway) else run.nlb_class,
        "infrastructure": {"parametersRef": _config_ref(gateway.name)},
        "listeners": [_listener(gateway, section) for section in gateway.sections],
    }
    return kube_object("Gateway", _GATEWAY.GATEWAY_API, _gateway_metadata(gateway), spec)


def _config_ref(name: str) -> dict[str, str]:
    return {"group": _GATEWAY.CONFIG_GROUP, "kind": "LoadBalancerConfiguration", "name": name}


def _listener(gateway: Gateway, section: Section) -> dict[str, Any]:
    listener: dict[str, Any] = {
        "name": section.name,
        "protocol": section.protocol,
        "port": section.port,
        "allowedRoutes": {"namespaces": allowed_namespaces(gateway)},
    }
    if section.protocol == "TLS":
        listener["tls"] = {"mode": "Terminate", "options": dict(TLS_OPTIONS)}
    return listener


def allowed_namespaces(gateway: Gateway) -> dict[str, Any]:
    """Routes from the Gateway's namespace, or from exactly its members' namespaces."""
    if gateway.namespaces == (gateway.namespace,):
        return {"from": "Same"}
    match = {
        "key": _GATEWAY.NAMESPACE_NAME_LABEL,
        "operator": "In",
        "values": list(gateway.namespaces),
    }
    return {"from": "Selector", "selector": {"matchExpressions": [match]}}


def load_balancer_configuration(gateway: Gateway, run: GatewayRun) -> dict[str, Any]:
    """The load balancer's settings; for a shared Gateway, the members' merged."""
    members = gateway.members
    spec: dict[str, Any] = {"scheme": gateway.primary.exposure.scheme}
    name = _first(app.exposure.load_balancer_name for app in members)
    if name:
        spec["loadBalancerName"] = name
    subnets = _first(app.exposure.subnets for app in members)
    if subnets:
        spec["loadBalancerSubnets"] = _subnets(gateway.primary, subnets)
    ranges = _first(app.exposure.source_ranges for app in members)
    if ranges:
        spec["sourceRanges"] = list(ranges)
    attributes = _union(app.exposure.load_balancer_attributes for app in members)
    if attributes:
        spec["loadBalancerAttributes"] = key_values(attributes)
    tags = _union(app.exposure.tags for app in members)
    if tags:
        spec["tags"] = tags
    spec |= _protection(members)
    listeners = _listener_configurations(gateway)
    if listeners:
        spec["listenerConfigurations"] = listeners
    metadata = _gateway_metadata(gateway)
    return kube_object("LoadBalancerConfiguration", run.config_api_version, metadata, spec)


def _subnets(app: App, subnets: Sequence[str]) -> list[dict[str, str]]:
    """Each subnet, with an NLB's Elastic IP or private address for it (EKS051 pairs them)."""
    exposure = app.exposure
    found = []
    for index, subnet in enumerate(subnets):
        entry = {"identifier": subnet}
        if index < len(exposure.eip_allocations):
            entry["eipAllocation"] = exposure.eip_allocations[index]
        if index < len(exposure.private_ipv4_addresses):
            entry["privateIPv4Allocation"] = exposure.private_ipv4_addresses[index]
        found.append(entry)
    return found


def _protection(members: Sequence[App]) -> dict[str, Any]:
    """IP address type, security groups, WAFv2 web ACL (by ARN) and Shield Advanced.

    The LoadBalancerConfiguration's own fields for the Ingress annotations ip-address-type,
    security-groups, security-group-prefix-lists (securityGroupPrefixes),
    manage-backend-security-group-rules, wafv2-acl-arn and shield-advanced-protection (the
    gateway.k8s.aws CRD, v3.5.0). A setting the group
    shares: the first member that gives it (members that differ are EKS201's conflicts).
    """
    exposures = [app.exposure for app in members]
    found: dict[str, Any] = {}
    address_type = _first(exposure.ip_address_type for exposure in exposures)
    if address_type:
        found["ipAddressType"] = address_type
    groups = _first(exposure.security_groups for exposure in exposures)
    if groups:
        found["securityGroups"] = list(groups)
    prefix_lists = _first(exposure.security_group_prefix_lists for exposure in exposures)
    if prefix_lists:
        found["securityGroupPrefixes"] = list(prefix_lists)
    manage = _given(exposure.manage_backend_security_group_rules for exposure in exposures)
    if manage is not None:
        found["manageBackendSecurityGroupRules"] = manage
    arn = _first(exposure.waf.acl_arn for exposure in exposures if exposure.waf)
    if arn:
        found["wafV2"] = {"webACL": arn}
    shield = _given(exposure.shield_advanced for exposure in exposures)
    if shield is not None:
        found["shieldConfiguration"] = {"enabled": shield}
    return found


def _given(values: Any) -> Any:
    """The first value that is not None (a boolean's False counts)."""
    return next((value for value in values if value is not None), None)


def _listener_configurations(gateway: Gateway) -> list[dict[str, Any]]:
    """Certificates and TLS policy of each HTTPS or TLS listener, and listener attributes."""
    with_tls: list[Tls] = [app.tls for app in gateway.members if app.tls is not None]
    arns = list(dict.fromkeys(arn for tls in with_tls for arn in tls.certificate_arns))
    found = []
    for section in gateway.sections:
        entry: dict[str, Any] = {"protocolPort": f"{section.protocol}:{section.port}"}
        if with_tls and section.protocol in ("HTTPS", "TLS"):
            # None given: the controller discovers them by the routes' hostnames.
            if arns:
                entry["defaultCertificate"] = arns[0]
            if arns[1:]:
                entry["certificates"] = arns[1:]
            entry["sslPolicy"] = with_tls[0].policy
            entry |= _listener_extras(with_tls[0], section.protocol)
        attributes = _attributes_of(gateway, listener_key(section.protocol, section.port))
        if attributes:
            entry["listenerAttributes"] = attributes
        if len(entry) > 1:
            found.append(entry)
    return found


def _attributes_of(gateway: Gateway, listener: str) -> list[dict[str, str]]:
    """A listener's attributes as the CRD's key/value list: the first member's that gives them.

    Members that give different ones are EKS201's conflicts, as on an IngressGroup.
    """
    for app in gateway.members:
        pairs = dict(app.exposure.listener_attributes).get(listener)
        if pairs:
            return [{"key": key, "value": value} for key, value in pairs]
    return []


def _listener_extras(tls: Tls, protocol: str) -> dict[str, Any]:
    """An HTTPS listener's mutual TLS, a TLS listener's ALPN policy (the CRD's fields)."""
    if protocol == "HTTPS" and tls.mutual is not None:
        return {"mutualAuthentication": tls.mutual.settings()}
    if protocol == "TLS" and tls.alpn_policy is not None:
        return {"alpnPolicy": tls.alpn_policy}
    return {}


def http_route(
    gateway: Gateway, app: App, run: GatewayRun, rules: list[dict[str, Any]]
) -> dict[str, Any]:
    """An ALB App's HTTPRoute of these rules, with its hosts; a GRPCRoute for a gRPC backend."""
    parents = [_parent(gateway, app, section) for section in member_sections(gateway, app)]
    spec: dict[str, Any] = {"parentRefs": parents}
    if app.hosts:
        spec["hostnames"] = list(app.hosts)
    grpc = is_grpc(app)
    spec["rules"] = _grpc_rules(app) if grpc else rules
    metadata = route_metadata(app, app.name, _route_dns(app, run.dns_prefix, with_hostname=False))
    return kube_object("GRPCRoute" if grpc else "HTTPRoute", _GATEWAY.GATEWAY_API, metadata, spec)


def host_route(
    gateway: Gateway, app: App, run: GatewayRun, name: str, hosts: Sequence[str], rule: Any
) -> dict[str, Any]:
    """The HTTPRoute of one rule for the more hosts its route's conditions name.

    ExternalDNS publishes nothing of it: the Ingress API's rule conditions make no record
    either (only an Ingress's rules' hosts do).
    """
    parents = [_parent(gateway, app, section) for section in member_sections(gateway, app)]
    spec = {"parentRefs": parents, "hostnames": list(hosts), "rules": [rule]}
    only = {run.dns_prefix + _GATEWAY.GATEWAY_HOSTNAME_SOURCE: facts.external_dns.ANNOTATION_ONLY}
    metadata = route_metadata(app, name, only)
    return kube_object("HTTPRoute", _GATEWAY.GATEWAY_API, metadata, spec)


def _grpc_rules(app: App) -> list[dict[str, Any]]:
    """One rule per route: the path / matches every call (a rule without matches)."""
    rules = []
    for route in app.routes:
        rule: dict[str, Any] = {}
        if (route.path, route.path_type) != ("/", "Prefix"):
            method = grpc_method(route.path, route.path_type)
            assert method is not None  # EKS068 refuses the paths no method match says
            rule["matches"] = [{"method": method}]
        rule["backendRefs"] = [{"name": app.name, "port": backend_port(app, route.port).port}]
        rules.append(rule)
    return rules


def redirect_route(gateway: Gateway) -> dict[str, Any]:
    """The HTTPRoute on the HTTP listener that answers every request with a 301 to HTTPS."""
    assert gateway.redirect_port is not None
    http = [section for section in gateway.sections if section.protocol == "HTTP"]
    redirect = {"scheme": "https", "port": gateway.redirect_port, "statusCode": REDIRECT_STATUS}
    spec = {
        "parentRefs": [{"name": gateway.name, "sectionName": section.name} for section in http],
        "rules": [{"filters": [{"type": "RequestRedirect", "requestRedirect": redirect}]}],
    }
    metadata = _gateway_metadata(gateway) | {"name": redirect_name(gateway)}
    return kube_object("HTTPRoute", _GATEWAY.GATEWAY_API, metadata, spec)


def redirect_name(gateway: Gateway) -> str:
    """The redirect route's name: the Gateway's, with -redirect."""
    return f"{gateway.name}-redirect"


def l4_routes(gateway: Gateway, app: App, run: GatewayRun) -> list[dict[str, Any]]:
    """An NLB App's routes: one per Service port (a TCPRoute or UDPRoute has one rule)."""
    found = []
    for index, port in enumerate(app.ports):
        section = nlb_section(app, port)
        name = l4_route_name(app, port)
        # The hostname annotation once: the first route names the App's hosts. A route
        # without hostnames has nothing to keep from ExternalDNS when DNS is off.
        published = app.publishes_dns
        generated = _route_dns(app, run.dns_prefix, with_hostname=index == 0) if published else {}
        spec = {
            "parentRefs": [_parent(gateway, app, section)],
            "rules": [{"backendRefs": [{"name": app.name, "port": port.port}]}],
        }
        kind = l4_route_kind(port)
        found.append(
            kube_object(kind, _GATEWAY.GATEWAY_API, route_metadata(app, name, generated), spec)
        )
    return found


def l4_route_name(app: App, port: Port) -> str:
    """The route of one Service port: the App's name, with its listener's when it has more."""
    return app.name if len(app.ports) == 1 else f"{app.name}-{nlb_section(app, port).name}"


def l4_route_kind(port: Port) -> str:
    """UDPRoute for a UDP port; TCPRoute for TCP, behind a TLS listener too."""
    return "UDPRoute" if port.protocol == "UDP" else "TCPRoute"


def _parent(gateway: Gateway, app: App, section: Section) -> dict[str, Any]:
    parent: dict[str, Any] = {"name": gateway.name}
    if gateway.namespace != app.namespace:
        parent["namespace"] = gateway.namespace
    return parent | {"sectionName": section.name}


def _route_dns(app: App, prefix: str, *, with_hostname: bool) -> dict[str, str]:
    """ExternalDNS's annotations on a route (the Gateway sources read only routes')."""
    if app.publishes_dns:
        found = {prefix + "hostname": ",".join(app.hosts)} if with_hostname else {}
        if app.dns.ttl is not None:
            found[prefix + "ttl"] = str(app.dns.ttl)
        return found
    if app.hosts:
        only = facts.external_dns.ANNOTATION_ONLY
        return {prefix + _GATEWAY.GATEWAY_HOSTNAME_SOURCE: only}
    return {}


def route_metadata(app: App, name: str, generated: dict[str, str]) -> dict[str, Any]:
    """An App's object: its labels, its own annotations (not the controllers') and these."""
    metadata: dict[str, Any] = {"name": name, "namespace": app.namespace, "labels": labels(app)}
    own = {k: v for k, v in app.annotations if not k.startswith(_NOT_ON_ROUTES)}
    merged = dict(sorted((own | generated).items()))
    if merged:
        metadata["annotations"] = merged
    return metadata


def _gateway_metadata(gateway: Gateway) -> dict[str, Any]:
    """A Gateway's object: named after it; an App's labels when it is the App's own."""
    if gateway.group is None:
        return route_metadata(gateway.primary, gateway.name, {})
    own = {NAME_LABEL: gateway.name, MANAGED_BY[0]: MANAGED_BY[1]}
    return {
        "name": gateway.name,
        "namespace": gateway.namespace,
        "labels": dict(sorted(own.items())),
    }


def _first(values: Any) -> Any:
    """The first value given (the members' merge of a setting the group shares)."""
    return next((value for value in values if value), None)


def _union(pairs: Any) -> dict[str, str]:
    """Key-value pairs of every member, the first member's value kept for a key."""
    merged: dict[str, str] = {}
    for items in pairs:
        for key, value in items:
            merged.setdefault(key, value)
    return dict(sorted(merged.items()))


def key_values(pairs: dict[str, str]) -> list[dict[str, str]]:
    """Attributes as the controller's CRDs list them: key and value, sorted by key."""
    return [{"key": key, "value": value} for key, value in sorted(pairs.items())]


def kube_object(kind: str, api_version: str, metadata: dict[str, Any], spec: Any) -> dict[str, Any]:
    """A Kubernetes object of these four parts."""
    return {"apiVersion": api_version, "kind": kind, "metadata": metadata, "spec": spec}
