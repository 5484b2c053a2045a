"""What a rule yields: a finding at a field path, turned into a Problem by the engine."""

from __future__ import annotations

from dataclasses import dataclass

from eksgen.model.app import App
from eksgen.model.cluster import Cluster
from eksgen.spec.locate import locate
from eksgen.spec.path import FieldPath

Spec = App | Cluster


@dataclass(frozen=True)
class Finding:
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
    return f"port {port.name!r}" if port.name else f"port {port.port}"


def where(spec: Spec, path: FieldPath) -> str:
    """file:line of a field, for messages that name a second spec."""
    line, _ = locate(spec.document, path, key=True)
    return f"{spec.file}:{line}"
