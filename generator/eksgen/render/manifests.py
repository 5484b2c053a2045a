"""Render App models into Kubernetes manifests through the bundled Jinja templates.

One Jinja environment per process, StrictUndefined so that a misspelt variable fails
instead of rendering empty, and every user value emitted through the quoting filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from eksgen.model.app import ALB, App, TargetGroupBinding
from eksgen.render import objects
from eksgen.render.templating import Templates, bundled
from eksgen.render.verify import Intent

# Apply order: pod networking first (ENIConfigs, then policies: pods pick up security
# groups only if the policy exists when they start), then Services, then Ingresses; with
# the Gateway API, the controller's configurations before the Gateway that names them,
# and the Gateway before its routes.
KIND_RANK = {
    "IngressClassParams": 0,
    "IngressClass": 0,
    "GatewayClass": 0,
    "ENIConfig": 0,
    "SecurityGroupPolicy": 1,
    "Service": 2,
    "Ingress": 3,
    "TargetGroupBinding": 3,  # an App with bindings has no Ingress: the same place
    "LoadBalancerConfiguration": 4,
    "TargetGroupConfiguration": 5,
    "ListenerRuleConfiguration": 5,
    "Gateway": 6,
    "HTTPRoute": 7,
    "GRPCRoute": 7,
    "TCPRoute": 8,
    "UDPRoute": 9,
}


@dataclass(frozen=True)
class Manifest:
    """One rendered Kubernetes object and the object its text must read back as."""

    kind: str
    api_version: str
    namespace: str
    name: str
    filename: str
    text: str
    intent: Intent | None = field(compare=False, default=None)
    folder: str = ""  # the App folder of -o DIR it goes in; "": the one named after the object

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Stable apply order: by kind rank, then namespace and name."""
        return KIND_RANK.get(self.kind, len(KIND_RANK)), self.namespace, self.name

    @property
    def label(self) -> str:
        """How messages name the object: 'Service web/my-app', 'ENIConfig us-east-1a'."""
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{self.kind} {where}"


def render_app(app: App, dns_prefix: str, templates: Templates | None = None) -> list[Manifest]:
    """Every object of one app, in apply order: an App without ports has no Service.

    The Gateway API objects of an App that uses them are rendered for all Apps at once
    (eksgen.render.gateway): Apps of an IngressGroup share a Gateway.
    """
    templates = templates or bundled()
    manifests = [_service(app, dns_prefix, templates)] if app.has_service else []
    if app.exposure.type == ALB and not app.uses_gateway:
        manifests.append(_ingress(app, dns_prefix, templates))
    if app.db_access is not None:
        manifests.append(_security_group_policy(app, templates))
    manifests += [_binding(app, binding, templates) for binding in app.target_group_bindings]
    return sorted(manifests, key=lambda manifest: manifest.sort_key)


def render_kustomization(resources: list[str], templates: Templates | None = None) -> str:
    """A kustomization.yaml listing the given resources."""
    templates = templates or bundled()
    return templates.render("manifests/kustomization.yaml.j2", resources=resources)


def _service(app: App, dns_prefix: str, templates: Templates) -> Manifest:
    intended = objects.service_object(app, dns_prefix)
    context = _metadata(intended) | {
        "service_type": objects.service_type(app),
        "selector": app.selector,
        "ports": app.ports,
        "source_ranges": objects.source_ranges(app),
    }
    return _manifest("service.yaml.j2", app, context, intended, templates)


def _ingress(app: App, dns_prefix: str, templates: Templates) -> Manifest:
    intended = objects.ingress_object(app, dns_prefix)
    context = _metadata(intended) | {
        "rules": _rules(app),
        "ingress_class": intended["spec"]["ingressClassName"],
    }
    return _manifest("ingress.yaml.j2", app, context, intended, templates)


def _rules(app: App) -> list[dict[str, Any]]:
    """One Ingress rule per host (or one without a host), each with every route."""
    paths = [
        {
            "path": route.path,
            "path_type": route.path_type,
            "backend": route.backend(app.name),
            "port": None if route.action else objects.backend_port(app, route.port).port,
        }
        for route in app.routes
    ]
    return [{"host": host, "paths": paths} for host in (app.hosts or (None,))]


def _security_group_policy(app: App, templates: Templates) -> Manifest:
    assert app.db_access is not None
    intended = objects.security_group_policy_object(app)
    context = _metadata(intended) | {
        "pod_selector": app.db_access.pod_selector,
        "security_group_ids": app.db_access.security_group_ids,
    }
    return _manifest("securitygrouppolicy.yaml.j2", app, context, intended, templates)


def _binding(app: App, binding: TargetGroupBinding, templates: Templates) -> Manifest:
    intended = objects.target_group_binding_object(app, binding)
    context = _metadata(intended) | {"spec": intended["spec"]}
    manifest = _manifest("targetgroupbinding.yaml.j2", app, context, intended, templates)
    # One file per binding in the App's folder, named after the object.
    filename = f"{intended['metadata']['name']}.targetgroupbinding.yaml"
    return replace(manifest, name=intended["metadata"]["name"], filename=filename, folder=app.name)


def _metadata(intended: dict[str, Any]) -> dict[str, Any]:
    """Name, namespace, labels and annotations, as the templates take them (sorted pairs)."""
    metadata = intended["metadata"]
    return {
        "name": metadata["name"],
        "namespace": metadata["namespace"],
        "labels": list(metadata["labels"].items()),
        "annotations": list(metadata.get("annotations", {}).items()),
    }


def _manifest(
    template: str,
    app: App,
    context: dict[str, Any],
    intended: dict[str, Any],
    templates: Templates,
) -> Manifest:
    text = templates.render(f"manifests/{template}", **context)
    kind, api_version = intended["kind"], intended["apiVersion"]
    filename = template.removesuffix(".j2")
    intent = Intent.for_object(intended)
    return Manifest(kind, api_version, app.namespace, app.name, filename, text, intent)
