"""The objects an App must become, as plain data: what every rendered text must read back as.

Templates write the text; these functions say, from the model alone, what that text must
mean. The read-back (verify.py) compares the two field by field, so a template (bundled or
the user's) that writes another port, path, selector or annotation is caught before
anything is written. The Helm values are built from the same data, never by parsing YAML.
"""

from __future__ import annotations

from typing import Any

from eksgen.model.actions import USE_ANNOTATION
from eksgen.model.app import (
    ALB,
    INSTANCE,
    NLB,
    App,
    NetworkingRule,
    Port,
    Route,
    TargetGroupBinding,
)
from eksgen.model.controller import API_VERSIONS, MANAGED_BY, NAME_LABEL
from eksgen.model.placement import annotations_on
from eksgen.render.annotations import ingress_annotations, service_annotations
from eksgen.spec.path import FieldPath

# Fields whose mapping must hold exactly what the model says, no more: an extra annotation
# changes what a controller does, an extra selector label changes which pods are reached.
# Elsewhere a template may add fields (externalTrafficPolicy, say) but may not change any.
CLOSED_FIELDS: tuple[FieldPath, ...] = (
    ("metadata", "annotations"),
    ("spec", "selector"),
    ("spec", "podSelector", "matchLabels"),
)


def service_type(app: App) -> str:
    """NLB: LoadBalancer. ALB instance targets need a NodePort; ip targets do not.

    With the Gateway API a Gateway makes the NLB too: the Service is then a backend like an
    ALB App's.
    """
    if app.exposure.type == NLB and not app.uses_gateway:
        return "LoadBalancer"
    if app.exposure.type in (ALB, NLB) and app.exposure.target_type == INSTANCE:
        return "NodePort"
    # The controller registers instance targets at the Service's NodePort
    # (docs/guide/targetgroupbinding/targetgroupbinding.md, v3.5.0).
    if any(binding.target_type == INSTANCE for binding in app.target_group_bindings):
        return "NodePort"
    return "ClusterIP"


def labels(app: App) -> dict[str, str]:
    """The App's labels plus eksgen's own, sorted by key."""
    own = dict(app.labels) | {NAME_LABEL: app.name, MANAGED_BY[0]: MANAGED_BY[1]}
    return dict(sorted(own.items()))


def merged_annotations(app: App, kind: str, generated: dict[str, str]) -> dict[str, str]:
    """The App's annotations this kind carries plus the generated ones, sorted."""
    return dict(sorted((annotations_on(app, kind) | generated).items()))


def service_ports(app: App) -> list[dict[str, Any]]:
    """The Service's ports: name (when given), port, targetPort and protocol."""
    return [_service_port(port) for port in app.ports]


def _service_port(port: Port) -> dict[str, Any]:
    named = {"name": port.name} if port.name else {}
    return named | {"port": port.port, "targetPort": port.target, "protocol": port.protocol}


def source_ranges(app: App) -> tuple[str, ...]:
    """loadBalancerSourceRanges: an NLB Service's (not an ALB's, nor a Gateway's NLB's).

    An ALB restricts with inbound-cidrs, a Gateway with its LoadBalancerConfiguration.
    """
    if app.exposure.type != NLB or app.uses_gateway:
        return ()
    return app.exposure.source_ranges


def backend_port(app: App, ref: int | str | None) -> Port:
    """The Service port a route names; the rules report unknown references before rendering."""
    port = app.port_by_ref(ref)
    if port is None:
        raise ValueError(f"unknown port reference {ref!r}")
    return port


def service_object(app: App, dns_prefix: str) -> dict[str, Any]:
    """The Service of an App."""
    spec: dict[str, Any] = {
        "type": service_type(app),
        "selector": dict(app.selector),
        "ports": service_ports(app),
    }
    if source_ranges(app):
        spec["loadBalancerSourceRanges"] = list(source_ranges(app))
    generated = service_annotations(app, dns_prefix)
    return _object("Service", _metadata(app, "Service", generated), spec)


def ingress_rules(app: App) -> list[dict[str, Any]]:
    """One rule per host (one without a host when there are none), each with every route."""
    paths = [
        {"path": route.path, "pathType": route.path_type, "backend": _backend(app, route)}
        for route in app.routes
    ]
    hosts: tuple[str | None, ...] = app.hosts or (None,)
    return [({"host": host} if host else {}) | {"http": {"paths": paths}} for host in hosts]


def _backend(app: App, route: Route) -> dict[str, Any]:
    """The route's Ingress backend: its action by name (port use-annotation), else the app."""
    if route.action is not None:
        return {"service": {"name": route.action, "port": {"name": USE_ANNOTATION}}}
    port = backend_port(app, route.port).port
    return {"service": {"name": app.name, "port": {"number": port}}}


def ingress_object(app: App, dns_prefix: str) -> dict[str, Any]:
    """The Ingress of an alb App."""
    spec = {"ingressClassName": app.exposure.ingress_class, "rules": ingress_rules(app)}
    generated = ingress_annotations(app, dns_prefix)
    return _object("Ingress", _metadata(app, "Ingress", generated), spec)


def security_group_policy_object(app: App) -> dict[str, Any]:
    """The SecurityGroupPolicy of an App with dbAccess."""
    assert app.db_access is not None
    spec = {
        "podSelector": {"matchLabels": dict(app.db_access.pod_selector)},
        "securityGroups": {"groupIds": list(app.db_access.security_group_ids)},
    }
    return _object("SecurityGroupPolicy", _metadata(app, "SecurityGroupPolicy", {}), spec)


def target_group_binding_name(app: App, binding: TargetGroupBinding) -> str:
    """<app>-<target group name>: a target group is bound once (EKS210), so names differ.

    Target group names allow upper-case letters; object names do not.
    """
    return f"{app.name}-{binding.target_group_name.lower()}"


def target_group_binding_object(app: App, binding: TargetGroupBinding) -> dict[str, Any]:
    """The TargetGroupBinding for one binding: the Service's port, the ARN, the rules.

    Fields of elbv2.k8s.aws/v1beta1 (config/crd/bases/elbv2.k8s.aws_targetgroupbindings.yaml,
    v3.5.0): serviceRef {name, port}, targetGroupARN, targetType, networking.ingress.
    """
    spec: dict[str, Any] = {
        "serviceRef": {"name": app.name, "port": backend_port(app, binding.port).port},
        "targetGroupARN": binding.target_group_arn,
        "targetType": binding.target_type,
    }
    if binding.networking:
        spec["networking"] = {"ingress": [_networking_rule(rule) for rule in binding.networking]}
    metadata = _metadata(app, "TargetGroupBinding", {})
    metadata["name"] = target_group_binding_name(app, binding)
    return _object("TargetGroupBinding", metadata, spec)


def _networking_rule(rule: NetworkingRule) -> dict[str, Any]:
    """One ingress rule: peers as securityGroup or ipBlock entries; ports [] is every port.

    The CRD requires both from and ports; an empty ports list means every port (TCP).
    """
    peers: list[dict[str, Any]] = [
        {"securityGroup": {"groupID": group}} for group in rule.security_group_ids
    ]
    peers += [{"ipBlock": {"cidr": cidr}} for cidr in rule.cidr_blocks]
    ports = [
        ({"port": port.port} if port.port is not None else {})
        | ({"protocol": port.protocol} if port.protocol else {})
        for port in rule.ports
    ]
    return {"from": peers, "ports": ports}


def eni_config_object(
    zone: str, labels: dict[str, str], subnet: str, security_groups: tuple[str, ...]
) -> dict[str, Any]:
    """One ENIConfig (cluster-scoped, named after its availability zone)."""
    spec: dict[str, Any] = {"subnet": subnet}
    if security_groups:
        spec["securityGroups"] = list(security_groups)
    return _object("ENIConfig", {"name": zone, "labels": labels}, spec)


def _metadata(app: App, kind: str, generated: dict[str, str]) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": app.name, "namespace": app.namespace}
    metadata["labels"] = labels(app)
    merged = merged_annotations(app, kind, generated)
    if merged:
        metadata["annotations"] = merged
    return metadata


def _object(kind: str, metadata: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API_VERSIONS[kind], "kind": kind, "metadata": metadata, "spec": spec}
