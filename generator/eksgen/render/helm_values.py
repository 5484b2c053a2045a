"""App models as Helm values, in the key layout of the chart `helm create` scaffolds.

`eksgen render --format helm-values` gives each app a `<namespace>/<app>/values.yaml` for a
chart that keeps the scaffold's keys (nameOverride, service.*, ingress.*, podLabels). The
stock chart templates only part of what eksgen decides (see the comments the template
writes); the other keys (service.enabled, service.annotations, service.ports,
securityGroupPolicy.*, ingress.hosts[].paths[].port) are there for charts that template
them; so is targetGroupBindings, written only for an App that has some. The chart that
`eksgen init` scaffolds takes the same values plus service.selector.

An App without ports has no Service: service.enabled is false and service.port is null,
not a made-up port (service.type stays ClusterIP, which the stock chart's NOTES.txt needs
to be a string). Helm drops a key set to null from the chart's defaults, so a chart that
templates its Service without looking at service.enabled (the stock one) writes a Service
and a container port without a number, which the API server refuses, instead of a port 80
that nothing listens on.

The values are built from the objects the model says the app becomes (render/objects.py),
the same data the manifests are checked against, so the two formats cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eksgen.model.app import ALB, App
from eksgen.model.controller import INGRESS_CLASS
from eksgen.render import objects
from eksgen.render.templating import Templates, bundled
from eksgen.render.verify import Intent

TEMPLATE = "helm-values/values.yaml.j2"
# The type of an App without a Service: the stock chart's NOTES.txt compares it as a string.
CLUSTER_IP = "ClusterIP"
FILENAME = "values.yaml"


def helm_values_files(
    apps: Iterable[App], dns_prefix: str, header: str, templates: Templates | None = None
) -> tuple[dict[str, str], dict[str, Intent]]:
    """(relative path -> text, relative path -> intent): `<namespace>/<app>/values.yaml`.

    Each text starts with header; the intents are what the read-back compares them with.
    """
    files: dict[str, str] = {}
    intents: dict[str, Intent] = {}
    for app in apps:
        path = f"{app.namespace}/{app.name}/{FILENAME}"
        if path in files:  # The duplicate-app rule reports this before rendering.
            raise ValueError(f"two apps render to {path}")
        values = helm_values(app, dns_prefix)
        intents[path] = Intent.for_values(values)
        files[path] = render_values(app, values, path, header, templates or bundled())
    return dict(sorted(files.items())), intents


def render_values(
    app: App, values: dict[str, Any], path: str, header: str, templates: Templates
) -> str:
    """One app's values.yaml text."""
    return templates.render(
        TEMPLATE,
        header=header,
        path=path,
        namespace=app.namespace,
        values=values,
        exposure=app.exposure.type,
    )


def helm_values(app: App, dns_prefix: str) -> dict[str, Any]:
    """The values an app becomes in the helm create layout: what values.yaml must read as."""
    service = objects.service_object(app, dns_prefix) if app.has_service else None
    ingress = objects.ingress_object(app, dns_prefix) if app.exposure.type == ALB else None
    return {
        "nameOverride": app.name,
        "fullnameOverride": app.name,
        "podLabels": _pod_labels(app),
        "service": service_values(service),
        "ingress": ingress_values(ingress),
        "securityGroupPolicy": _security_group_policy(app),
    } | _target_group_bindings(app)


def _target_group_bindings(app: App) -> dict[str, Any]:
    """The values key targetGroupBindings (name and spec of each), for an App with some."""
    if not app.target_group_bindings:
        return {}
    bindings = [
        objects.target_group_binding_object(app, binding) for binding in app.target_group_bindings
    ]
    found = [{"name": item["metadata"]["name"], "spec": item["spec"]} for item in bindings]
    return {"targetGroupBindings": sorted(found, key=lambda item: item["name"])}


def chart_values(app: App, dns_prefix: str) -> dict[str, Any]:
    """helm_values plus service.selector, for the chart eksgen init scaffolds (it selects it)."""
    values = helm_values(app, dns_prefix)
    values["service"]["selector"] = dict(app.selector)
    return values


def _pod_labels(app: App) -> dict[str, str]:
    """The Service selector's labels, then the SecurityGroupPolicy's (the selector wins a clash).

    The chart's Service selects its own labels; these make the chart's pods also match
    eksgen's selector and the SecurityGroupPolicy's podSelector.
    """
    labels = dict(app.db_access.pod_selector) if app.db_access is not None else {}
    return dict(sorted((labels | dict(app.selector)).items()))


def service_values(service: dict[str, Any] | None) -> dict[str, Any]:
    """The Service's type, ports and annotations; disabled, with no port, without one."""
    if service is None:
        return {
            "enabled": False,
            "type": CLUSTER_IP,
            "port": None,
            "annotations": {},
            "ports": [],
            "loadBalancerSourceRanges": [],
        }
    spec = service["spec"]
    return {
        "enabled": True,
        "type": spec["type"],
        "port": spec["ports"][0]["port"],
        "annotations": service["metadata"].get("annotations", {}),
        "ports": spec["ports"],
        "loadBalancerSourceRanges": spec.get("loadBalancerSourceRanges", []),
    }


def ingress_values(ingress: dict[str, Any] | None) -> dict[str, Any]:
    """The Ingress's class, annotations and rules; disabled (and empty) without one."""
    if ingress is None:
        return {
            "enabled": False,
            "className": INGRESS_CLASS,
            "annotations": {},
            "hosts": [],
            "tls": [],
        }
    hosts = [
        {
            # A rule without a host (an app without hosts) is host '' in the chart's layout.
            "host": rule.get("host", ""),
            "paths": [_path_values(path) for path in rule["http"]["paths"]],
        }
        for rule in ingress["spec"]["rules"]
    ]
    return {
        "enabled": True,
        "className": ingress["spec"]["ingressClassName"],
        "annotations": ingress["metadata"].get("annotations", {}),
        "hosts": hosts,
        "tls": [],
    }


def _path_values(path: dict[str, Any]) -> dict[str, Any]:
    """A path's port, or the action it runs (its backend names the action, not the app)."""
    found = {"path": path["path"], "pathType": path["pathType"]}
    service = path["backend"]["service"]
    if "number" in service["port"]:
        return found | {"port": service["port"]["number"]}
    return found | {"action": service["name"]}


def _security_group_policy(app: App) -> dict[str, Any]:
    if app.db_access is None:
        return {"enabled": False, "podSelector": {}, "groupIds": []}
    return {
        "enabled": True,
        "podSelector": {"matchLabels": dict(app.db_access.pod_selector)},
        "groupIds": list(app.db_access.security_group_ids),
    }
