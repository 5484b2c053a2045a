"""One App spec from the objects of one app: labels, ports, exposure and database access.

The Service gives the selector and the ports (an Ingress alone gives ports from its
backends). The exposure type follows from the objects: alb with an Ingress, nlb for a load
balancer that the AWS Load Balancer Controller makes, else none; eksgen.importer.alb or
eksgen.importer.nlb then reads its fields. A load balancer that eksgen would render
differently (and so replace, delete or create) is an error: the app is not imported. The
SecurityGroupPolicy gives spec.dbAccess, and eksgen.importer.leftovers deals with whatever
nothing read. A policy alone gives an App without ports: its dbAccess, and its pod labels
as spec.selector (the app's pods), which the rendered policy selects again.
"""

from __future__ import annotations

from typing import Any

from eksgen.importer.alb import read_alb
from eksgen.importer.binding import read_bindings
from eksgen.importer.build import Build
from eksgen.importer.gateway import gateway_kind, read_gateway
from eksgen.importer.group import Group, backend_ports, pod_labels
from eksgen.importer.leftovers import NOT_MODELLED, leftover_annotations, unmodelled_fields
from eksgen.importer.nlb import nlb_kind, read_nlb
from eksgen.importer.objects import Object, Run, as_list, as_mapping, dig, service_type_of
from eksgen.model import defaults
from eksgen.model.app import ALB, INSTANCE, NLB, NONE
from eksgen.model.controller import MANAGED_BY, NAME_LABEL
from eksgen.spec.load import API_VERSION
from eksgen.spec.path import FieldPath

# Labels eksgen sets on every object of an app itself: never part of spec.metadata.labels.
RESERVED_LABELS = (NAME_LABEL, MANAGED_BY[0])


def build_spec(group: Group, run: Run) -> Build:
    """The App spec of one app's objects; failed when eksgen cannot render them exactly.

    That is: a Service or Ingress without a port eksgen renders, or a load balancer that
    eksgen would render differently. A policy alone makes an App without ports.
    """
    build = Build(group, run)
    build.unread = {id(obj): _string_annotations(build, obj) for obj in group.members}
    namespace, name = group.key
    build.data = {
        "apiVersion": API_VERSION,
        "kind": "App",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {},
    }
    _labels(build)
    if group.service is None and group.ingress is None:
        assert group.policy is not None
        _policy_alone(build, group.policy)
    elif not _service_and_ingress(build):
        return build
    for obj in group.members:
        unmodelled_fields(build, obj)
    leftover_annotations(build)
    return build


def _service_and_ingress(build: Build) -> bool:
    """Ports, exposure and load balancer fields, and dbAccess from the policy beside them.

    False (and the build failed) when there is no port eksgen renders, or a load balancer
    that eksgen would render differently.
    """
    if not _ports(build):
        build.failed = True
        return False
    if build.group.routes:
        build.exposure = gateway_kind(build)
        read_gateway(build, build.exposure)
        if build.failed:
            return False
        if build.group.policy is not None:
            _db_access(build, build.group.policy)
        return True
    build.exposure = _exposure_kind(build)
    if build.failed:
        return False
    if build.exposure == ALB:
        read_alb(build)
    elif build.exposure == NLB:
        read_nlb(build)
    if build.group.bindings:
        read_bindings(build)
    if build.group.policy is not None:
        _db_access(build, build.group.policy)
    return True


def _string_annotations(build: Build, obj: Object) -> dict[str, Any]:
    """An object's annotations to import: Kubernetes holds only strings there.

    A mapping or a list as a value (YAML that the API server refuses) would reach the spec
    as Python's repr of it; such an annotation, and one whose key is no string, is
    reported and not imported. Numbers and booleans are read as the strings they write.
    """
    kept: dict[str, Any] = {}
    for key, value in obj.annotations().items():
        path = ("metadata", "annotations", key)
        if not isinstance(key, str):
            message = f"the key {key!r} is not a string, as annotation keys are; not imported"
            build.warn(obj, path, message, key=True)
        elif isinstance(value, dict | list):
            what = "a mapping" if isinstance(value, dict) else "a list"
            message = f"{what}, not a string: annotation values are strings; not imported"
            build.warn(obj, path, message)
        else:
            kept[key] = value
    return kept


def _labels(build: Build) -> None:
    """The app's labels: its primary object's, less the two that eksgen sets itself."""
    group, name = build.group, build.group.key[1]
    own: dict[str, Any] = {}
    for obj in group.members:
        labels = obj.labels()
        for key, expected in zip(RESERVED_LABELS, (name, MANAGED_BY[1]), strict=True):
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


def _ports(build: Build) -> bool:
    """spec.selector and spec.ports from the Service, or from the Ingress backends alone."""
    service = build.group.service
    if service is None:
        return _backend_only_ports(build)
    ports: list[dict[str, Any]] = []
    for index, item in enumerate(as_list(service.spec.get("ports"))):
        port = _port(build, service, index, item)
        if port is not None:
            if "name" in port:  # a name the schema refuses can go; a number cannot
                where = ("spec", "ports", index, "name")
                build.origins[("spec", "ports", len(ports), "name")] = (service, where)
            ports.append(port)
    if not ports:
        build.warn(service, ("spec", "ports"), "no port eksgen can render; not imported")
        return False
    build.spec["selector"] = dict(as_mapping(service.spec.get("selector")))
    build.spec["ports"] = ports
    return True


def _port(build: Build, service: Object, index: int, item: Any) -> dict[str, Any] | None:
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
        build.warn(service, (*where, extra), NOT_MODELLED, key=True)
    port: dict[str, Any] = {}
    if item.get("name") is not None:
        port["name"] = item["name"]
    port["port"] = item.get("port")
    if item.get("targetPort") not in (None, item.get("port")):
        port["targetPort"] = item["targetPort"]
    if protocol != defaults.PORT_PROTOCOL:
        port["protocol"] = protocol
    if type(port["port"]) is int:
        build.ports.append((port.get("name"), port["port"]))
    return port


def _backend_only_ports(build: Build) -> bool:
    ingress = build.group.primary
    numbers = backend_ports(ingress, ingress.name)
    named = len(numbers) > 1  # several ports need names (EKS006)
    build.ports = [(f"port-{number}" if named else None, number) for number in numbers]
    build.spec["ports"] = [
        {"name": name, "port": number} if name else {"port": number} for name, number in build.ports
    ]
    return bool(numbers)


def _exposure_kind(build: Build) -> str:
    """Exposure alb with an Ingress; nlb for a LoadBalancer the controller makes; else none."""
    service, ingress = build.group.service, build.group.ingress
    service_type = service_type_of(service)
    if ingress is not None:
        if service is not None and service_type == "LoadBalancer":
            message = (
                "a LoadBalancer Service behind an ALB Ingress: eksgen renders it as the ALB's "
                "Service, without a load balancer of its own, so applying the import deletes "
                "the Service's load balancer. Not imported: make the Service NodePort "
                "(instance targets) or ClusterIP (ip targets) first"
            )
            build.refuse(service, ("spec", "type"), message)
        return ALB
    assert service is not None
    if service_type == "LoadBalancer":
        return nlb_kind(build, service)
    if _instance_bindings(build):  # instance targets are the nodes, at the Service's NodePort
        if service_type != "NodePort":
            message = f"{service_type!r}: with instance targets eksgen renders a NodePort Service"
            build.warn(service, ("spec", "type"), message)
        return NONE
    if service_type != "ClusterIP":
        message = f"{service_type!r} without an ALB Ingress: eksgen renders a ClusterIP Service"
        build.warn(service, ("spec", "type"), message)
    return NONE


def _instance_bindings(build: Build) -> bool:
    """Whether a TargetGroupBinding of the app registers nodes (so the Service is NodePort)."""
    return any(obj.spec.get("targetType") == INSTANCE for obj in build.group.bindings)


def _db_access(build: Build, policy: Object) -> None:
    _security_groups(build, policy)
    labels = pod_labels(policy)
    if labels != (build.spec.get("selector") or {defaults.SELECTOR_LABEL: build.group.key[1]}):
        build.spec["dbAccess"]["podSelector"] = dict(labels)


def _policy_alone(build: Build, policy: Object) -> None:
    """An App without ports: the policy's groups, and the pods it selects as spec.selector.

    The pods' labels are the app's selector (the policy then selects them as its default);
    {app: <name>} is that default already, and an empty selector, which selects every pod
    of the namespace, can only be dbAccess.podSelector {}. The selector has no source of
    its own: a label the schema refuses makes the app fail instead of dropping the label,
    which would make the policy select more pods.
    """
    _security_groups(build, policy)
    labels = dict(pod_labels(policy))
    if not labels:
        build.spec["dbAccess"]["podSelector"] = {}
    elif labels != {defaults.SELECTOR_LABEL: build.group.key[1]}:
        build.spec["selector"] = labels


def _security_groups(build: Build, policy: Object) -> None:
    """spec.dbAccess.securityGroupIds from the policy's groupIds, each with its source."""
    groups = list(as_list(dig(policy.spec, "securityGroups", "groupIds")))
    build.put(("spec", "dbAccess"), {}, policy, ("spec",))
    where = ("spec", "securityGroups", "groupIds")
    build.put(("spec", "dbAccess", "securityGroupIds"), groups, policy, where, "nested")
