"""What the Kubernetes API server would refuse in a rendered object: the stage after the read-back.

The read-back (verify.py) proves that a text says what the model meant, and the CRD schemas
check a custom resource's shape; neither knows the checks the API server makes beyond the
OpenAPI schema: an IP address as an Ingress host, '//' in a Prefix path, a Service name that
is no DNS-1035 label, a label value of 64 characters. The rules refuse each of those in the
spec, at its field, with a file:line:col; this stage makes sure that no object reaches the
output when the API server would refuse it, whichever template wrote it. verify() runs it on
each object it has just parsed, so it costs no second parse.

The checks are the API server's own for creating a Service or an Ingress (and the metadata of
every object, custom resources included), as of Kubernetes v1.34; each format lives in
eksgen.model.apiserver with its upstream source. Fields eksgen never writes and no bundled
template could (a Service's clusterIPs, sessionAffinityConfig...) are left to the API server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from eksgen.model import apiserver
from eksgen.model.controller import LEGACY_CLASS_ANNOTATION
from eksgen.spec.path import FieldPath, format_path

# The name format of each kind (apimachinery NameIsDNS1035Label for Service,
# NameIsDNSSubdomain for Ingress and custom resources), and whether it has a namespace.
# A cluster-scoped object's namespace is cleared before validation, so it is not checked.
_NAMES: dict[str, Callable[[str], apiserver.Reasons]] = {"Service": apiserver.dns1035_label}
_CLUSTER_SCOPED = frozenset({"ENIConfig", "GatewayClass", "IngressClass", "IngressClassParams"})
SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
PROTOCOLS = ("SCTP", "TCP", "UDP")
# core/validation/validation.go (v1.34): the annotation that stands in for the field.
SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges"
REFUSED = "the Kubernetes API server refuses it"

Refusals = Iterator[str]


def refusal(document: dict[str, Any]) -> str | None:
    """The first thing the API server would refuse in this object, or None if it accepts it."""
    found = next(refusals(document), None)
    return None if found is None else f"{found} ({REFUSED})"


def refusals(document: dict[str, Any]) -> Refusals:
    """Every refusal of the object, as 'field: value reason'."""
    kind = document.get("kind")
    yield from _metadata(document, kind)
    spec = document.get("spec", {})
    if kind == "Service":
        yield from _service(spec, _annotations(document))
    elif kind == "Ingress":
        yield from _ingress(spec, _annotations(document))


def _refuse(path: FieldPath, value: Any, reasons: apiserver.Reasons) -> tuple[str, ...]:
    # A tuple, not a generator: most fields pass, and an empty tuple costs next to nothing.
    return (f"{format_path(path)}: {value!r} {'; '.join(reasons)}",) if reasons else ()


def _annotations(document: dict[str, Any]) -> dict[str, Any]:
    metadata = document.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    return annotations if isinstance(annotations, dict) else {}


def _wrong_type(path: FieldPath, value: Any, expected: type) -> tuple[str, ...]:
    if type(value) is expected:
        return ()
    return (f"{format_path(path)}: {value!r} must be a {_TYPE_NAMES[expected]}",)


_TYPE_NAMES = {str: "string", int: "number", dict: "mapping", list: "list"}


# --- metadata: every kind --------------------------------------------------------------------


def _metadata(document: dict[str, Any], kind: Any) -> Refusals:
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        yield "metadata: is required"
        return
    name = metadata.get("name")
    if not name:
        yield "metadata.name: is required"
    elif type(name) is not str:
        yield from _wrong_type(("metadata", "name"), name, str)
    else:
        check = _NAMES.get(kind, apiserver.dns1123_subdomain)
        yield from _refuse(("metadata", "name"), name, check(name))
    if kind not in _CLUSTER_SCOPED:
        yield from _namespace(metadata.get("namespace"))
    yield from _labels(("metadata", "labels"), metadata.get("labels", {}))
    yield from _annotation_keys(metadata.get("annotations", {}))


def _namespace(namespace: Any) -> Refusals:
    if not namespace:
        yield "metadata.namespace: is required"
    elif type(namespace) is not str:
        yield from _wrong_type(("metadata", "namespace"), namespace, str)
    else:
        yield from _refuse(("metadata", "namespace"), namespace, apiserver.dns1123_label(namespace))


def _labels(path: FieldPath, labels: Any) -> Refusals:
    """Label keys are qualified names, label values at most 63 characters of a set."""
    if type(labels) is not dict:
        yield from _wrong_type(path, labels, dict)
    elif all(type(key) is str and type(value) is str for key, value in labels.items()):
        # Objects repeat their labels (eksgen's two, the app's own): one answer for each set.
        yield from _label_pairs(path, tuple(labels.items()))
    else:
        for key, value in labels.items():
            yield from _wrong_type((*path, str(key)), value if type(key) is str else key, str)


@lru_cache(maxsize=1024)
def _label_pairs(path: FieldPath, pairs: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    found: list[str] = []
    for key, value in pairs:
        found += _refuse((*path, key), key, apiserver.qualified_name(key))
        found += _refuse((*path, key), value, apiserver.label_value(value))
    return tuple(found)


def _annotation_keys(annotations: Any) -> Refusals:
    """Keys are qualified names once lower-cased; keys and values at most 256 KiB together."""
    path: FieldPath = ("metadata", "annotations")
    if type(annotations) is not dict:
        yield from _wrong_type(path, annotations, dict)
        return
    if all(type(key) is str and type(value) is str for key, value in annotations.items()):
        yield from _annotation_key_set(tuple(annotations))
    else:
        for key, value in annotations.items():
            yield from _wrong_type((*path, str(key)), value if type(key) is str else key, str)
        return
    # A character takes at most 4 bytes in UTF-8: count bytes only near the limit.
    chars = sum(map(len, annotations)) + sum(map(len, annotations.values()))
    if 4 * chars <= apiserver.ANNOTATION_BYTES_MAX:
        return
    size = sum(_bytes(key) + _bytes(value) for key, value in annotations.items())
    if size > apiserver.ANNOTATION_BYTES_MAX:
        limit = apiserver.ANNOTATION_BYTES_MAX
        yield f"{format_path(path)}: {size:,} bytes in all, more than the {limit:,} allowed"


@lru_cache(maxsize=1024)
def _annotation_key_set(keys: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for key in keys:
        reasons = apiserver.qualified_name(key.lower())
        found += _refuse(("metadata", "annotations", key), key, reasons)
    return tuple(found)


def _bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


# --- Service ---------------------------------------------------------------------------------


def _service(spec: Any, annotations: dict[str, Any]) -> Refusals:
    """core/validation/validation.go (v1.34) ValidateService, the fields eksgen writes."""
    if type(spec) is not dict:
        yield from _wrong_type(("spec",), spec, dict)
        return
    service_type = spec.get("type", "ClusterIP")
    if service_type not in SERVICE_TYPES:
        yield f"spec.type: {service_type!r} must be one of {', '.join(SERVICE_TYPES)}"
    ports = spec.get("ports", [])
    if type(ports) is not list:
        yield from _wrong_type(("spec", "ports"), ports, list)
    elif not ports and service_type != "ExternalName" and spec.get("clusterIP") != "None":
        yield "spec.ports: a Service needs at least one port"
    else:
        yield from _service_ports(ports, service_type)
    if spec.get("selector") is not None:
        yield from _labels(("spec", "selector"), spec["selector"])
    yield from _source_ranges(spec, service_type, annotations)
    conflict = apiserver.topology_conflict(annotations)
    if conflict is not None:
        yield f"{format_path(('metadata', 'annotations', apiserver.TOPOLOGY_MODE))}: {conflict}"


def _service_ports(ports: list[Any], service_type: Any) -> Refusals:
    names: set[str] = set()
    pairs: set[tuple[Any, Any]] = set()
    for index, port in enumerate(ports):
        path: FieldPath = ("spec", "ports", index)
        if type(port) is not dict:
            yield from _wrong_type(path, port, dict)
            continue
        yield from _port_name(path, port.get("name"), len(ports) > 1, names)
        yield from _port_number((*path, "port"), port.get("port"))
        protocol = port.get("protocol", "TCP")
        if protocol not in PROTOCOLS:
            yield f"{format_path((*path, 'protocol'))}: {protocol!r} must be one of TCP, UDP, SCTP"
        if port.get("targetPort") is not None:
            yield from _port_reference((*path, "targetPort"), port["targetPort"])
        if port.get("nodePort") and service_type == "ClusterIP":
            yield f"{format_path((*path, 'nodePort'))}: is not allowed with type ClusterIP"
        if port.get("appProtocol") is not None:
            app_protocol = port["appProtocol"]
            yield from _wrong_type((*path, "appProtocol"), app_protocol, str)
            if type(app_protocol) is str:
                reasons = apiserver.qualified_name(app_protocol)
                yield from _refuse((*path, "appProtocol"), app_protocol, reasons)
        pair = (port.get("port"), protocol)
        if pair in pairs:
            yield f"{format_path(path)}: port {pair[0]}/{pair[1]} is listed twice"
        pairs.add(pair)


def _port_name(path: FieldPath, name: Any, required: bool, names: set[str]) -> Refusals:
    where = (*path, "name")
    if not name:
        if required:
            yield f"{format_path(where)}: is required when a Service has more than one port"
        return
    if type(name) is not str:
        yield from _wrong_type(where, name, str)
        return
    yield from _refuse(where, name, apiserver.dns1123_label(name))
    if name in names:
        yield f"{format_path(where)}: {name!r} is the name of another port too"
    names.add(name)


def _port_number(path: FieldPath, number: Any) -> Refusals:
    if type(number) is not int:
        yield f"{format_path(path)}: {number!r} must be a port number"
    else:
        yield from _refuse(path, number, apiserver.port_number(number))


def _port_reference(path: FieldPath, target: Any) -> Refusals:
    """A targetPort or backend port: a number, or a name (an IANA service name)."""
    if type(target) is str:
        yield from _refuse(path, target, apiserver.port_name(target))
    else:
        yield from _port_number(path, target)


def _source_ranges(
    spec: dict[str, Any], service_type: Any, annotations: dict[str, Any]
) -> Refusals:
    """loadBalancerSourceRanges, or the annotation in its place: LoadBalancer only, CIDRs."""
    ranges = spec.get("loadBalancerSourceRanges")
    if ranges:
        path: FieldPath = ("spec", "loadBalancerSourceRanges")
        values = ranges if type(ranges) is list else [ranges]
    elif SOURCE_RANGES_ANNOTATION in annotations:
        path = ("metadata", "annotations", SOURCE_RANGES_ANNOTATION)
        text = str(annotations[SOURCE_RANGES_ANNOTATION]).strip()
        values = text.split(",") if text else []
    else:
        return
    if service_type != "LoadBalancer":
        yield f"{format_path(path)}: is allowed only with type LoadBalancer"
    for index, value in enumerate(values):
        where = (*path, index) if path[0] == "spec" else path
        if type(value) is not str:
            yield from _wrong_type(where, value, str)
        else:
            # Space around each range is allowed, a leftover of the annotation's days.
            yield from _refuse(where, value, apiserver.cidr(value.strip()))


# --- Ingress ---------------------------------------------------------------------------------


def _ingress(spec: Any, annotations: dict[str, Any]) -> Refusals:
    """networking/validation/validation.go (v1.34) ValidateIngressCreate."""
    if type(spec) is not dict:
        yield from _wrong_type(("spec",), spec, dict)
        return
    class_name = spec.get("ingressClassName")
    if class_name is not None:
        yield from _wrong_type(("spec", "ingressClassName"), class_name, str)
        if type(class_name) is str:
            reasons = apiserver.dns1123_subdomain(class_name)
            yield from _refuse(("spec", "ingressClassName"), class_name, reasons)
        legacy = annotations.get(LEGACY_CLASS_ANNOTATION)
        if legacy is not None and legacy != class_name:
            where = format_path(("metadata", "annotations", LEGACY_CLASS_ANNOTATION))
            yield f"{where}: {legacy!r} must match spec.ingressClassName {class_name!r}"
    rules, default = spec.get("rules") or [], spec.get("defaultBackend")
    if type(rules) is not list:
        yield from _wrong_type(("spec", "rules"), rules, list)
        return
    if not rules and default is None:
        yield "spec: an Ingress needs rules or a defaultBackend"
    if default is not None:
        yield from _backend(("spec", "defaultBackend"), default)
    for index, rule in enumerate(rules):
        yield from _rule(("spec", "rules", index), rule)
    yield from _tls(spec.get("tls") or [])


def _rule(path: FieldPath, rule: Any) -> Refusals:
    if type(rule) is not dict:
        yield from _wrong_type(path, rule, dict)
        return
    host = rule.get("host")
    if host:
        yield from _wrong_type((*path, "host"), host, str)
        if type(host) is str:
            yield from _refuse((*path, "host"), host, apiserver.ingress_host(host))
    http = rule.get("http")
    if http is None:
        return
    paths = http.get("paths") if type(http) is dict else None
    if type(paths) is not list or not paths:
        yield f"{format_path((*path, 'http', 'paths'))}: needs at least one path"
        return
    for index, item in enumerate(paths):
        yield from _path((*path, "http", "paths", index), item)


def _path(path: FieldPath, item: Any) -> Refusals:
    if type(item) is not dict:
        yield from _wrong_type(path, item, dict)
        return
    path_type, text = item.get("pathType"), item.get("path", "")
    if path_type is None:
        yield f"{format_path((*path, 'pathType'))}: is required"
    elif path_type not in apiserver.PATH_TYPES:
        yield f"{format_path((*path, 'pathType'))}: {path_type!r} must be one of " + ", ".join(
            apiserver.PATH_TYPES
        )
    elif type(text) is not str:
        yield from _wrong_type((*path, "path"), text, str)
    else:
        yield from _refuse((*path, "path"), text, apiserver.ingress_path(text, path_type))
    yield from _backend((*path, "backend"), item.get("backend"))


def _backend(path: FieldPath, backend: Any) -> Refusals:
    """A Service backend: a DNS-1035 name and a port name or number (a resource is left be)."""
    if type(backend) is not dict:
        yield f"{format_path(path)}: needs a service or a resource"
        return
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        yield f"{format_path(path)}: may not name both a service and a resource"
    if service is None:
        if resource is None:
            yield f"{format_path(path)}: needs a service or a resource"
        return
    if type(service) is not dict:
        yield from _wrong_type((*path, "service"), service, dict)
        return
    name = service.get("name")
    if not name or type(name) is not str:
        yield f"{format_path((*path, 'service', 'name'))}: {name!r} must be a Service name"
    else:
        yield from _refuse((*path, "service", "name"), name, apiserver.dns1035_label(name))
    port = service.get("port")
    port = port if type(port) is dict else {}
    named, number = port.get("name"), port.get("number")
    where: FieldPath = (*path, "service", "port")
    if named and number:
        yield f"{format_path(where)}: may not have both a name and a number"
    elif named:
        yield from _wrong_type((*where, "name"), named, str)
        if type(named) is str:
            yield from _refuse((*where, "name"), named, apiserver.port_name(named))
    elif number:
        yield from _port_number((*where, "number"), number)
    else:
        yield f"{format_path(where)}: needs a name or a number"


def _tls(entries: Any) -> Refusals:
    if type(entries) is not list:
        yield from _wrong_type(("spec", "tls"), entries, list)
        return
    for index, entry in enumerate(entries):
        path: FieldPath = ("spec", "tls", index)
        if type(entry) is not dict:
            yield from _wrong_type(path, entry, dict)
            continue
        for number, host in enumerate(entry.get("hosts") or []):
            where = (*path, "hosts", number)
            if type(host) is not str:
                yield from _wrong_type(where, host, str)
            else:  # unlike a rule's host, an IP address is not refused here
                yield from _refuse(where, host, apiserver.tls_host(host))
        secret = entry.get("secretName")
        if secret and type(secret) is not str:
            yield from _wrong_type((*path, "secretName"), secret, str)
        elif secret:
            reasons = apiserver.dns1123_subdomain(secret)
            yield from _refuse((*path, "secretName"), secret, reasons)
