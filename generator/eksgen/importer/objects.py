"""The objects eksgen import reads, and the problems it collects on the way.

Every step of the import works on the same two things: an Object (one Service, Ingress or
SecurityGroupPolicy with the document it came from, so that a warning can name its file and
line) and the Run that gathers the objects read and the warnings and errors met. The small
helpers below read manifest data without trusting its shape: the input is anybody's YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eksgen.errors import Problem, Severity
from eksgen.spec.load import Document
from eksgen.spec.locate import locate
from eksgen.spec.path import FieldPath, format_path

SERVICE, INGRESS, POLICY = "Service", "Ingress", "SecurityGroupPolicy"
BINDING = "TargetGroupBinding"
GATEWAY, HTTP_ROUTE, GRPC_ROUTE = "Gateway", "HTTPRoute", "GRPCRoute"
LB_CONFIG, TG_CONFIG = "LoadBalancerConfiguration", "TargetGroupConfiguration"
LR_CONFIG = "ListenerRuleConfiguration"
L7_ROUTES = (HTTP_ROUTE, GRPC_ROUTE)
L4_ROUTES = ("TCPRoute", "UDPRoute", "TLSRoute")
ROUTES = (*L7_ROUTES, *L4_ROUTES)
# The Gateway API kinds eksgen imports, at the versions it reads: the Gateway API's v1, and
# the controller's gateway.k8s.aws at v1 (v3.5.0) or v1beta1 (v2.13 to v3.4).
GATEWAY_API_VERSIONS = {
    **{kind: ("gateway.networking.k8s.io/v1",) for kind in (GATEWAY, *ROUTES)},
    LB_CONFIG: ("gateway.k8s.aws/v1", "gateway.k8s.aws/v1beta1"),
    TG_CONFIG: ("gateway.k8s.aws/v1", "gateway.k8s.aws/v1beta1"),
    LR_CONFIG: ("gateway.k8s.aws/v1", "gateway.k8s.aws/v1beta1"),
}
NAME: FieldPath = ("metadata", "name")
# No spec field takes a number with more digits; longer ones are never passed to int(),
# which refuses more than 4,300 digits (and would be slow long before).
MAX_DIGITS = 18
_DECIMAL = re.compile(r"[0-9]+", re.ASCII)
_SIGNED = re.compile(r"[+-]?[0-9]+", re.ASCII)
# Text shown of a value in a message, at most.
_SHOWN = 40


@dataclass(frozen=True)
class Object:
    """One object read from the input (a Service, Ingress, policy, binding, route...)."""

    kind: str
    namespace: str
    name: str
    document: Document

    @property
    def data(self) -> dict[str, Any]:
        """The object as plain data."""
        data: dict[str, Any] = self.document.data
        return data

    @property
    def spec(self) -> dict[str, Any]:
        """Its spec, or an empty mapping when it has none."""
        return as_mapping(self.data.get("spec"))

    @property
    def label(self) -> str:
        """How messages name it."""
        return f"{self.kind} {self.namespace}/{self.name}"

    def annotations(self) -> dict[str, Any]:
        """Its metadata.annotations, values as written."""
        return as_mapping(dig(self.data, "metadata", "annotations"))

    def labels(self) -> dict[str, Any]:
        """Its metadata.labels."""
        return as_mapping(dig(self.data, "metadata", "labels"))


@dataclass
class Run:
    """What one import collects: the objects read and the problems met."""

    objects: list[Object] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    # Files eksgen wrote whose documents hold nothing to import (kustomizations, Helm
    # values, a Cluster's files): passed over without a warning each.
    generated: set[str] = field(default_factory=set)
    # The input's IngressClasses of the AWS Load Balancer Controller, by name: an Ingress of
    # one of them is imported with its class (the Cluster spec defines the class itself).
    alb_classes: set[str] = field(default_factory=set)
    # IngressClass name -> its IngressClassParams' name; params name -> its spec.
    class_params: dict[str, str] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)

    def params_of(self, ingress_class: str) -> dict[str, Any]:
        """The spec of the IngressClassParams of an IngressClass of the input ({}: none)."""
        return self.params.get(self.class_params.get(ingress_class, ""), {})

    def warn(
        self, where: Object | Document, path: FieldPath, message: str, key: bool = False
    ) -> None:
        """A warning at a field of an object (or of a document that is none)."""
        document = where.document if isinstance(where, Object) else where
        line, column = locate(document, path, key=key)
        problem = Problem(
            document.file, line, column, format_path(path), message, severity=Severity.WARNING
        )
        self.warnings.append(problem)

    def error(self, name: str, message: str, line: int = 1, column: int = 1) -> None:
        """Input that cannot be read."""
        self.errors.append(Problem(name, line, column, "", message))

    def refuse(self, where: Object, path: FieldPath, message: str, key: bool = False) -> None:
        """An error at a field of an object: importing it would change what runs."""
        line, column = locate(where.document, path, key=key)
        self.errors.append(Problem(where.document.file, line, column, format_path(path), message))

    def of_kind(self, kind: str) -> list[Object]:
        """The objects of one kind, in input order."""
        return [obj for obj in self.objects if obj.kind == kind]


def service_type_of(service: Object | None) -> Any:
    """A Service's type as Kubernetes reads it (ClusterIP when unset); ClusterIP for none."""
    return service.spec.get("type", "ClusterIP") if service else "ClusterIP"


def dig(data: Any, *keys: str) -> Any:
    """The value under nested keys, or None where a level is missing or not a mapping."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def as_mapping(value: Any) -> dict[str, Any]:
    """A value that should be a mapping, or an empty one: the input is anybody's YAML."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """A value that should be a list, or an empty one: the input is anybody's YAML."""
    return value if isinstance(value, list) else []


def split_list(text: str) -> list[str]:
    """A comma-separated list as the controllers read one: items trimmed, empties dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]


def as_text(value: Any) -> str:
    """An annotation value as the string Kubernetes would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def decimal(text: str, signed: bool = False) -> int | None:
    r"""An ASCII decimal integer ('8080', '-1' when signed), or None for anything else.

    str.isdigit() and a str pattern's \d accept other Unicode digits: '²'.isdigit() is True
    but int('²') fails, and int('٣') is 3. Only 0-9 count here, at most MAX_DIGITS of them.
    """
    if not (_SIGNED if signed else _DECIMAL).fullmatch(text):
        return None
    return int(text) if len(text.lstrip("+-")) <= MAX_DIGITS else None


def too_many_digits(text: str) -> bool:
    """Whether a text is an ASCII number too long for any field (see decimal)."""
    return bool(_SIGNED.fullmatch(text)) and len(text.lstrip("+-")) > MAX_DIGITS


def shown(text: str) -> str:
    """A value as a message quotes it: repr, cut short when long."""
    if len(text) <= _SHOWN:
        return repr(text)
    return f"{text[:_SHOWN]!r}... ({len(text):,} characters)"


def go_field(data: Any, key: str) -> Any:
    """A JSON object's field as Go's encoding/json finds it: exact name, else any case."""
    if not isinstance(data, dict):
        return None
    if key in data:
        return data[key]
    lowered = key.lower()
    return next((value for name, value in data.items() if name.lower() == lowered), None)
