"""Render App models into Kubernetes manifests through the bundled Jinja templates.

One Jinja environment per process, StrictUndefined so that a misspelt variable fails
instead of rendering empty, and every user value emitted through the quoting filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eksgen.model.app import ALB, App, Port
from eksgen.model.defaults import DNS_ANNOTATION_PREFIX as DEFAULT_DNS_PREFIX
from eksgen.render.annotations import ingress_annotations, service_annotations
from eksgen.render.templating import render_template
from eksgen.spec.path import FieldPath

MANAGED_BY = ("app.kubernetes.io/managed-by", "eksgen")
# Annotations that steer tools, not objects: eksgen's own, and the KRM function markers.
CONTROL_PREFIXES = ("eksgen.dev/", "config.kubernetes.io/", "internal.config.kubernetes.io/")
# Apply order: pod networking first (ENIConfigs, then policies: pods pick up security
# groups only if the policy exists when they start), then Services, then Ingresses.
KIND_RANK = {"ENIConfig": 0, "SecurityGroupPolicy": 1, "Service": 2, "Ingress": 3}


@dataclass(frozen=True)
class Manifest:
    """One rendered Kubernetes object and what its text must read back as."""

    kind: str
    api_version: str
    namespace: str
    name: str
    filename: str
    text: str
    expected: dict[FieldPath, Any] = field(compare=False, default_factory=dict)

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Stable apply order: by kind rank, then namespace and name."""
        return KIND_RANK.get(self.kind, len(KIND_RANK)), self.namespace, self.name


def render_app(app: App, dns_prefix: str = DEFAULT_DNS_PREFIX) -> list[Manifest]:
    """Every object of one app, in apply order."""
    manifests = [_service(app, dns_prefix)]
    if app.exposure.type == ALB:
        manifests.append(_ingress(app, dns_prefix))
    if app.db_access is not None:
        manifests.append(_security_group_policy(app))
    return sorted(manifests, key=lambda manifest: manifest.sort_key)


def render_kustomization(resources: list[str]) -> str:
    """A kustomization.yaml listing the given resources."""
    return render_template("manifests/kustomization.yaml.j2", resources=resources)


def _service(app: App, dns_prefix: str) -> Manifest:
    annotations = service_annotations(app, dns_prefix)
    context = _metadata(app, annotations) | {
        "service_type": _service_type(app),
        "selector": app.selector,
        "ports": app.ports,
        "source_ranges": app.exposure.source_ranges if app.exposure.type == "nlb" else (),
    }
    expected = _expected_metadata(context) | {("spec", "selector"): dict(app.selector)}
    return _manifest("service.yaml.j2", "Service", "v1", app, context, expected)


def _service_type(app: App) -> str:
    """NLB: LoadBalancer. ALB instance targets need a NodePort; ip targets do not."""
    if app.exposure.type == "nlb":
        return "LoadBalancer"
    if app.exposure.type == ALB and app.exposure.target_type == "instance":
        return "NodePort"
    return "ClusterIP"


def _ingress(app: App, dns_prefix: str) -> Manifest:
    context = _metadata(app, ingress_annotations(app, dns_prefix)) | {"rules": _rules(app)}
    return _manifest(
        "ingress.yaml.j2",
        "Ingress",
        "networking.k8s.io/v1",
        app,
        context,
        _expected_metadata(context),
    )


def _rules(app: App) -> list[dict[str, Any]]:
    """One Ingress rule per host (or one without a host), each with every route."""
    paths = [
        {"path": route.path, "path_type": route.path_type, "port": _port(app, route.port).port}
        for route in app.routes
    ]
    return [{"host": host, "paths": paths} for host in (app.hosts or (None,))]


def _port(app: App, ref: int | str | None) -> Port:
    port = app.port_by_ref(ref)
    if port is None:  # The rules engine reports unknown references before rendering.
        raise ValueError(f"unknown port reference {ref!r}")
    return port


def _security_group_policy(app: App) -> Manifest:
    assert app.db_access is not None
    context = _metadata(app, {}) | {
        "pod_selector": app.db_access.pod_selector,
        "security_group_ids": app.db_access.security_group_ids,
    }
    expected = _expected_metadata(context) | {
        ("spec", "podSelector", "matchLabels"): dict(app.db_access.pod_selector),
        ("spec", "securityGroups", "groupIds"): list(app.db_access.security_group_ids),
    }
    return _manifest(
        "securitygrouppolicy.yaml.j2",
        "SecurityGroupPolicy",
        "vpcresources.k8s.aws/v1beta1",
        app,
        context,
        expected,
    )


def _metadata(app: App, generated: dict[str, str]) -> dict[str, Any]:
    """Name, namespace, labels and annotations shared by every object of an app."""
    labels = dict(app.labels) | {"app.kubernetes.io/name": app.name, MANAGED_BY[0]: MANAGED_BY[1]}
    # eksgen.dev/ignore and the KRM function markers steer tools; they stay in the spec.
    own = {key: value for key, value in app.annotations if not key.startswith(CONTROL_PREFIXES)}
    annotations = own | generated
    return {
        "name": app.name,
        "namespace": app.namespace,
        "labels": sorted(labels.items()),
        "annotations": sorted(annotations.items()),
    }


def _expected_metadata(context: dict[str, Any]) -> dict[FieldPath, Any]:
    expected: dict[FieldPath, Any] = {
        ("metadata", "name"): context["name"],
        ("metadata", "namespace"): context["namespace"],
        ("metadata", "labels"): dict(context["labels"]),
    }
    if context["annotations"]:
        expected[("metadata", "annotations")] = dict(context["annotations"])
    return expected


def _manifest(
    template: str,
    kind: str,
    api_version: str,
    app: App,
    context: dict[str, Any],
    expected: dict[FieldPath, Any],
) -> Manifest:
    text = render_template(f"manifests/{template}", **context)
    expected = expected | {("apiVersion",): api_version, ("kind",): kind}
    filename = template.removesuffix(".j2")
    return Manifest(kind, api_version, app.namespace, app.name, filename, text, expected)
