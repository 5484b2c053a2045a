"""What a rule yields, a finding at a field path, and the helpers that rules share.

The engine turns each finding into a Problem. The helpers: port look-ups, and the size
estimates of EKS029 and EKS030.

Size estimates: nothing is rendered. Each estimate adds up the bytes that the spec's values
bring into an object, plus a fixed allowance per item for the YAML around them, so that the
rules can refuse a spec before the renderer spends time (and memory) on objects that would
be refused. Every sum takes one pass over the spec's lists: the Ingress's host x route
product is a multiplication, never a loop over the pairs. The allowances are upper bounds,
measured on eksgen's own output (the bundled templates): an estimate may exceed the
rendered text by a little, never fall short of it by much.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from eksgen.model import controller
from eksgen.model.app import ALB, NLB, App, Port
from eksgen.model.controller import (
    INGRESS_FIELDS,
    INGRESS_PREFIX,
    SERVICE_FIELDS,
    SERVICE_PREFIX,
)
from eksgen.model.placement import annotations_on, rendered_kinds
from eksgen.spec.locate import locate
from eksgen.spec.path import FieldPath
from eksgen.spec.yamltext import describe

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster

Spec: TypeAlias = "App | Cluster"


# NamedTuples, not frozen dataclasses: every run defines them, and a dataclass's generated
# methods take about a millisecond of start-up to build.
class Finding(NamedTuple):
    """A rule's verdict on one field of one spec (an App or a Cluster).

    at_key points the location at the mapping key instead of its value.
    """

    spec: Spec
    path: FieldPath
    message: str
    at_key: bool = False


def port_label(app: App, index: int) -> str:
    """How a message names a port: by name when it has one."""
    port = app.ports[index]
    return f"port {describe(port.name)}" if port.name else f"port {port.port}"


def port_index(app: App) -> dict[int | str, Port]:
    """Each port name and number -> the port App.port_by_ref finds for it, in one pass.

    Rules look references up here instead of calling port_by_ref per reference, so that
    many routes and many ports stay linear.
    """
    index: dict[int | str, Port] = {}
    for port in app.ports:
        if port.name is not None:
            index.setdefault(port.name, port)
        index.setdefault(port.port, port)
    return index


def port_protocols(app: App) -> dict[int | str, set[str]]:
    """Each port name and number -> the protocols of every port it names."""
    protocols: dict[int | str, set[str]] = {}
    for port in app.ports:
        for ref in (port.name, port.port):
            if ref is not None:
                protocols.setdefault(ref, set()).add(port.protocol)
    return protocols


def where(spec: Spec, path: FieldPath) -> str:
    """file:line of a field, for messages that name a second spec."""
    line, _ = locate(spec.document, path, key=True)
    return f"{spec.file}:{line}"


# --- size estimates (EKS029, EKS030) -------------------------------------------------------

KIB = 1024
# apimachinery pkg/api/validation/objectmeta.go: TotalAnnotationSizeLimitB = 256 * (1 << 10),
# the sum of len(key) + len(value) in bytes over all annotations of one object.
ANNOTATION_LIMIT = 256 * KIB
# What one rendered object may weigh: kubectl apply (client-side, as the README applies
# eksgen's output) copies the whole object into its last-applied-configuration annotation,
# which the 256 KiB annotation limit then refuses; etcd's request limit (1.5 MiB) is far off.
OBJECT_LIMIT = 256 * KIB

# The value of a generated annotation that is no list (a scheme, a port, a count, a policy
# name) takes at most this many bytes; list-valued ones are counted item by item.
_SCALAR_VALUE = 64
# YAML around one item: indentation, "- ", ": ", quotes and the line break.
_ITEM = 12
# One Ingress rule without its paths ("- host: ", "http:", "paths:").
_HOST = 48
# One Ingress path without its path, pathType and Service name (backend, service, port...).
_PATH = 180
# One Service port without its name and targetPort (port, targetPort, protocol keys).
_PORT = 80
# apiVersion, kind, metadata and spec keys, eksgen's own two labels, ingressClassName, type.
_OBJECT = 400


class Part(NamedTuple):
    """Bytes that one spec field brings into an object, and how a message names them."""

    path: FieldPath
    size: int
    what: str


class Estimate(NamedTuple):
    """One rendered object: its kind and the parts it is made of."""

    kind: str
    parts: tuple[Part, ...]

    @property
    def total(self) -> int:
        """The estimated size of the object in bytes."""
        return sum(part.size for part in self.parts)

    def largest(self) -> Part:
        """The part that weighs most: where a finding points."""
        return max(self.parts, key=lambda part: part.size)


def utf8(text: str) -> int:
    """Bytes of a string as Kubernetes counts them (UTF-8)."""
    return len(text.encode("utf-8", "surrogatepass"))


def load_balancer_kind(app: App) -> str | None:
    """The object that carries the load balancer annotations: Ingress (alb), Service (nlb)."""
    return {ALB: "Ingress", NLB: "Service"}.get(app.exposure.type)


def generated_annotation_parts(app: App) -> list[Part]:
    """What eksgen's own annotations weigh on the load balancer object (none without one)."""
    if load_balancer_kind(app) is None:
        return []
    alb = app.exposure.type == ALB
    prefix, table = (INGRESS_PREFIX, INGRESS_FIELDS) if alb else (SERVICE_PREFIX, SERVICE_FIELDS)
    dns_prefix = max(controller.DNS_PREFIXES, key=len)
    keys = [prefix + suffix for suffix in table]
    keys += [dns_prefix + key for key in controller.DNS_FIELDS]
    fixed = sum(len(key) + _SCALAR_VALUE for key in keys)
    exposure, check = app.exposure, app.exposure.health_check
    lists: list[tuple[FieldPath, Iterable[str], str]] = [
        (("spec", "exposure", "subnets"), exposure.subnets, "subnets"),
        (("spec", "exposure", "sourceRanges"), exposure.source_ranges, "source ranges"),
        (("spec", "exposure", "tags"), _pairs(exposure.tags), "tags"),
        (
            ("spec", "exposure", "attributes", "loadBalancer"),
            _pairs(exposure.load_balancer_attributes),
            "load balancer attributes",
        ),
        (
            ("spec", "exposure", "attributes", "targetGroup"),
            _pairs(exposure.target_group_attributes),
            "target group attributes",
        ),
    ]
    if app.publishes_dns:
        lists.append((("spec", "hosts"), app.hosts, "spec.hosts (the ExternalDNS hostname)"))
    if app.tls is not None:
        arns = app.tls.certificate_arns
        lists.append((("spec", "tls", "certificateArns"), arns, "certificate ARNs"))
        ports = [str(port) for port in app.tls.ports]
        lists.append((("spec", "tls", "ports"), ports, "TLS ports"))
    if check is not None:
        texts = [text for text in (check.path, check.success_codes) if text]
        lists.append((("spec", "exposure", "healthCheck"), texts, "health check"))
    parts = [Part(("spec", "exposure", "type"), fixed, "eksgen's fixed annotations")]
    for path, items, what in lists:
        size = sum(utf8(item) + 1 for item in items)
        if size:
            parts.append(Part(path, size, what))
    return parts


def annotation_parts(app: App) -> tuple[str, list[Part]]:
    """The object whose annotations weigh most, and their parts (own and generated).

    Each object carries the App's annotations its kind reads (eksgen.model.placement), and
    the load balancer's object eksgen's own too. On a tie, the load balancer's object.
    """
    lb_kind = load_balancer_kind(app)
    weighed = []
    for kind in rendered_kinds(app):
        parts = [
            Part(("metadata", "annotations", key), utf8(key) + utf8(value), "metadata.annotations")
            for key, value in annotations_on(app, kind).items()
        ]
        if kind == lb_kind:
            parts += generated_annotation_parts(app)
        weighed.append((sum(part.size for part in parts), kind == lb_kind, kind, parts))
    _, _, kind, parts = max(weighed, key=lambda entry: entry[:2])
    return kind, parts


def object_estimates(app: App) -> list[Estimate]:
    """Every object the App renders, with the parts that make its size."""
    common = [
        Part(("metadata", "name"), _OBJECT + utf8(app.name) + utf8(app.namespace), "the object"),
        Part(("metadata", "labels"), _mapping(app.labels), "metadata.labels"),
    ]
    generated = [
        Part(part.path, part.size + _ITEM, part.what) for part in generated_annotation_parts(app)
    ]
    lb_kind = load_balancer_kind(app)
    service = [
        *common,
        Part(("spec", "selector"), _mapping(app.selector), "spec.selector"),
        Part(("spec", "ports"), sum(_port(port) for port in app.ports), "spec.ports"),
    ]
    if app.exposure.type == NLB:
        ranges = sum(utf8(cidr) + _ITEM for cidr in app.exposure.source_ranges)
        service.append(Part(("spec", "exposure", "sourceRanges"), ranges, "source ranges"))
    estimates = []
    if app.has_service:  # an App without ports renders its SecurityGroupPolicy alone
        service_parts = service + (generated if lb_kind == "Service" else [])
        estimates.append(Estimate("Service", tuple(service_parts + _own(app, "Service"))))
    if app.exposure.type == ALB:
        ingress = common + generated + _rules(app) + _own(app, "Ingress")
        estimates.append(Estimate("Ingress", tuple(ingress)))
    if app.db_access is not None:
        policy = [
            *common,
            Part(("spec", "dbAccess"), _mapping(app.db_access.pod_selector), "dbAccess"),
            *_own(app, "SecurityGroupPolicy"),
        ]
        estimates.append(Estimate("SecurityGroupPolicy", tuple(policy)))
    return estimates


def _own(app: App, kind: str) -> list[Part]:
    """The App's own annotations on its object of this kind, as one part (none: no part)."""
    size = sum(utf8(key) + utf8(value) + _ITEM for key, value in annotations_on(app, kind).items())
    return [Part(("metadata", "annotations"), size, "metadata.annotations")] if size else []


def _rules(app: App) -> list[Part]:
    """The Ingress rules: every host gets every route (one rule without a host if none)."""
    paths = sum(
        _PATH + utf8(route.path) + len(route.path_type) + utf8(app.name) for route in app.routes
    )
    hosts = sum(_HOST + utf8(host) for host in app.hosts) if app.hosts else _HOST
    rules = hosts + max(len(app.hosts), 1) * paths
    where = ("spec", "hosts") if len(app.hosts) > len(app.routes) else ("spec", "routes")
    if "routes" not in app.raw.get("spec", {}):
        where = ("spec", "hosts")
    return [Part(where, rules, "spec.hosts x spec.routes (the Ingress rules)")]


def _port(port: Port) -> int:
    target = port.target_port
    return _PORT + utf8(port.name or "") + (utf8(str(target)) if target is not None else 0)


def _mapping(pairs: tuple[tuple[str, str], ...]) -> int:
    return sum(utf8(key) + utf8(value) + _ITEM for key, value in pairs)


def _pairs(pairs: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"{key}={value}" for key, value in pairs]
