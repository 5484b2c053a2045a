"""One App spec from the objects of one app: labels, ports, exposure and database access.

The Service gives the selector and the ports (an Ingress alone gives ports from its
backends). The exposure type follows from the objects: alb with an Ingress, nlb for a load
balancer that the AWS Load Balancer Controller makes, else none; eksgen.importer.alb or
eksgen.importer.nlb then reads its fields. The SecurityGroupPolicy gives spec.dbAccess, and
eksgen.importer.leftovers deals with whatever nothing read.
"""

from __future__ import annotations

from typing import Any

from eksgen.importer.alb import _alb
from eksgen.importer.build import _Build
from eksgen.importer.group import _backend_ports, _Group, _pod_labels
from eksgen.importer.leftovers import _NOT_MODELLED, _annotations, _unmodelled_fields
from eksgen.importer.nlb import _nlb, _nlb_kind
from eksgen.importer.objects import _dig, _list, _mapping, _Object, _Run, _service_type
from eksgen.model.app import ALB, NLB, NONE
from eksgen.spec.path import FieldPath

API_VERSION = "eksgen.dev/v1alpha1"
RESERVED_LABELS = ("app.kubernetes.io/name", "app.kubernetes.io/managed-by")


def _build(group: _Group, run: _Run) -> _Build:
    build = _Build(group, run)
    build.unread = {id(obj): dict(obj.annotations()) for obj in group.members}
    namespace, name = group.key
    build.data = {
        "apiVersion": API_VERSION,
        "kind": "App",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {},
    }
    _labels(build)
    if not _ports(build):
        build.failed = True
        return build
    build.exposure = _exposure_kind(build)
    if build.exposure == ALB:
        _alb(build)
    elif build.exposure == NLB:
        _nlb(build)
    if group.policy is not None:
        _db_access(build, group.policy)
    for obj in group.members:
        _unmodelled_fields(build, obj)
    _annotations(build)
    return build


def _labels(build: _Build) -> None:
    """The app's labels: its primary object's, less the two that eksgen sets itself."""
    group, name = build.group, build.group.key[1]
    own: dict[str, Any] = {}
    for obj in group.members:
        labels = obj.labels()
        for key, expected in zip(RESERVED_LABELS, (name, "eksgen"), strict=True):
            if key in labels and labels[key] != expected:
                message = f"eksgen sets this label to {expected!r} on every object of the app"
                build.warn(obj, ("metadata", "labels", key), message, key=True)
        rest = {key: value for key, value in labels.items() if key not in RESERVED_LABELS}
        if obj is group.primary:
            own = rest
        elif rest != own:
            kind = group.primary.kind
            message = f"differ from the {kind}'s, which eksgen gives every object of the app"
            build.warn(obj, ("metadata", "labels"), message)
    if own:
        build.put(("metadata", "labels"), own, group.primary, ("metadata", "labels"), "nested")


def _ports(build: _Build) -> bool:
    """spec.selector and spec.ports from the Service, or from the Ingress backends alone."""
    service = build.group.service
    if service is None:
        return _backend_only_ports(build)
    ports: list[dict[str, Any]] = []
    for index, item in enumerate(_list(service.spec.get("ports"))):
        port = _port(build, service, index, item)
        if port is not None:
            if "name" in port:  # a name the schema refuses can go; a number cannot
                where = ("spec", "ports", index, "name")
                build.origins[("spec", "ports", len(ports), "name")] = (service, where)
            ports.append(port)
    if not ports:
        build.warn(service, ("spec", "ports"), "no port eksgen can render; not imported")
        return False
    build.spec["selector"] = dict(_mapping(service.spec.get("selector")))
    build.spec["ports"] = ports
    return True


def _port(build: _Build, service: _Object, index: int, item: Any) -> dict[str, Any] | None:
    where: FieldPath = ("spec", "ports", index)
    if not isinstance(item, dict):
        build.warn(service, where, "not a port; not imported")
        return None
    protocol = item.get("protocol", "TCP")
    if protocol not in ("TCP", "UDP"):
        message = f"{protocol!r}: eksgen renders TCP and UDP ports only; port not imported"
        build.warn(service, (*where, "protocol"), message)
        return None
    for extra in sorted(set(item) - {"name", "port", "targetPort", "protocol"}):
        build.warn(service, (*where, extra), _NOT_MODELLED, key=True)
    port: dict[str, Any] = {}
    if item.get("name") is not None:
        port["name"] = item["name"]
    port["port"] = item.get("port")
    if item.get("targetPort") not in (None, item.get("port")):
        port["targetPort"] = item["targetPort"]
    if protocol != "TCP":
        port["protocol"] = protocol
    if type(port["port"]) is int:
        build.ports.append((port.get("name"), port["port"]))
    return port


def _backend_only_ports(build: _Build) -> bool:
    ingress = build.group.primary
    numbers = _backend_ports(ingress, ingress.name)
    named = len(numbers) > 1  # several ports need names (EKS006)
    build.ports = [(f"port-{number}" if named else None, number) for number in numbers]
    build.spec["ports"] = [
        {"name": name, "port": number} if name else {"port": number} for name, number in build.ports
    ]
    return bool(numbers)


def _exposure_kind(build: _Build) -> str:
    """Exposure alb with an Ingress; nlb for a LoadBalancer the controller makes; else none."""
    service, ingress = build.group.service, build.group.ingress
    service_type = _service_type(service)
    if ingress is not None:
        if service is not None and service_type == "LoadBalancer":
            message = (
                "a LoadBalancer Service behind an ALB Ingress: eksgen renders it as the ALB's "
                "Service, without a load balancer of its own"
            )
            build.warn(service, ("spec", "type"), message)
        return ALB
    assert service is not None
    if service_type == "LoadBalancer":
        return _nlb_kind(build, service)
    if service_type != "ClusterIP":
        message = f"{service_type!r} without an ALB Ingress: eksgen renders a ClusterIP Service"
        build.warn(service, ("spec", "type"), message)
    return NONE


def _db_access(build: _Build, policy: _Object) -> None:
    groups = list(_list(_dig(policy.spec, "securityGroups", "groupIds")))
    build.put(("spec", "dbAccess"), {}, policy, ("spec",))
    where = ("spec", "securityGroups", "groupIds")
    build.put(("spec", "dbAccess", "securityGroupIds"), groups, policy, where, "nested")
    labels = _pod_labels(policy)
    if labels != (build.spec.get("selector") or {"app": build.group.key[1]}):
        build.spec["dbAccess"]["podSelector"] = dict(labels)
