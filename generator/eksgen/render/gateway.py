"""Render the Gateway API objects of the Apps that use them, through the bundled templates.

Imported only when an App's exposure.api is gateway: a run of Ingress Apps never loads it.
The objects of a Gateway (the Gateway, its LoadBalancerConfiguration, the redirect route)
go into the folder of its first member, or into a folder named after the Gateway when a
group.namespace puts it elsewhere; each App's routes and TargetGroupConfiguration into its
own. Every text is read back against its intended object (gateway_objects.py).
"""

from __future__ import annotations

from typing import Any

from eksgen.model.app import App
from eksgen.model.gateways import Gateway, gateways, is_alb
from eksgen.render import gateway_objects as objects
from eksgen.render.gateway_actions import other_services
from eksgen.render.gateway_objects import GatewayRun
from eksgen.render.gateway_rules import member_objects
from eksgen.render.gateway_targets import target_group_configuration
from eksgen.render.manifests import Manifest
from eksgen.render.templating import Templates, bundled
from eksgen.render.verify import Intent

# Kind -> the bundled template that writes it.
TEMPLATES = {
    "Gateway": "gateway.yaml.j2",
    "LoadBalancerConfiguration": "loadbalancerconfiguration.yaml.j2",
    "TargetGroupConfiguration": "targetgroupconfiguration.yaml.j2",
    "HTTPRoute": "httproute.yaml.j2",
    "TCPRoute": "tcproute.yaml.j2",
    "UDPRoute": "udproute.yaml.j2",
    "GRPCRoute": "grpcroute.yaml.j2",
    "ListenerRuleConfiguration": "listenerruleconfiguration.yaml.j2",
}


def gateway_notes(controller_version: str) -> list[str]:
    """What the cluster needs before these objects work: the CRDs, and the feature gates."""
    from eksgen.model import facts

    known = facts.gateway
    notes = [
        f"the Gateway API objects need the Gateway API v{known.GATEWAY_API_CRDS} standard CRDs, "
        "which the AWS Load Balancer Controller's chart does not install: kubectl apply "
        f"--server-side -f {known.GATEWAY_API_CRDS_URL}; the chart ships the gateway.k8s.aws "
        "CRDs (LoadBalancerConfiguration, TargetGroupConfiguration, ListenerRuleConfiguration), "
        "which helm upgrade leaves as they were: apply the chart's crds/ after an upgrade"
    ]
    if not facts.versions.at_least(controller_version, known.GATES_ON_BY_DEFAULT_SINCE):
        notes.append(
            f"AWS Load Balancer Controller {controller_version} has the "
            f"{known.ALB_FEATURE_GATE} and {known.NLB_FEATURE_GATE} feature gates off by "
            f"default (on from {known.GATES_ON_BY_DEFAULT_SINCE}): set them with "
            "controllerConfig.featureGates (a Cluster spec's render writes them)"
        )
    return notes


def render_gateways(
    apps: list[App], run: GatewayRun, templates: Templates | None = None
) -> list[Manifest]:
    """Every Gateway API object of the Apps that use the Gateway API."""
    templates = templates or bundled()
    manifests: list[Manifest] = []
    configured = {(app.namespace, app.name) for app in apps if app.uses_gateway}
    for gateway in gateways(apps):
        manifests += _gateway(gateway, run, templates)
        for app in gateway.members:
            manifests += _member(gateway, app, run, templates)
            manifests += _other_services(app, run, templates, configured)
    return manifests


def _other_services(
    app: App, run: GatewayRun, templates: Templates, configured: set[tuple[str, str]]
) -> list[Manifest]:
    """The TargetGroupConfiguration of each Service the App's actions forward to.

    One per Service of a namespace: the first App that forwards to it writes it, and a
    Service that is a Gateway App's own has that App's.
    """
    found = []
    for service in other_services(app):
        if (app.namespace, service) in configured:
            continue
        configured.add((app.namespace, service))
        config = target_group_configuration(app, run, service)
        filename = f"targetgroupconfiguration-{service}.yaml"
        found.append(_render(config, app.name, templates, filename))
    return found


def _gateway(gateway: Gateway, run: GatewayRun, templates: Templates) -> list[Manifest]:
    folder = gateway.folder
    found = [
        _render(objects.gateway_object(gateway, run), folder, templates),
        _render(objects.load_balancer_configuration(gateway, run), folder, templates),
    ]
    if gateway.redirect_port is not None:
        redirect = objects.redirect_route(gateway)
        found.append(_render(redirect, folder, templates, "httproute-redirect.yaml"))
    return found


def _member(gateway: Gateway, app: App, run: GatewayRun, templates: Templates) -> list[Manifest]:
    if not is_alb(gateway):
        routes = [
            (route, _l4_filename(app, route)) for route in objects.l4_routes(gateway, app, run)
        ]
        found = [_render(route, app.name, templates, filename) for route, filename in routes]
        found.append(_render(target_group_configuration(app, run), app.name, templates))
        return found
    rendered = member_objects(gateway, app, run)
    routes = [(obj, name) for obj, name in rendered if obj["kind"] != "ListenerRuleConfiguration"]
    configs = [(obj, name) for obj, name in rendered if obj["kind"] == "ListenerRuleConfiguration"]
    found = [_render(route, app.name, templates, filename) for route, filename in routes]
    found.append(_render(target_group_configuration(app, run), app.name, templates))
    return found + [_render(obj, app.name, templates, name) for obj, name in configs]


def _l4_filename(app: App, route: dict[str, Any]) -> str | None:
    """tcproute.yaml for an App of one port; tcproute-<listener>.yaml with several."""
    if len(app.ports) == 1:
        return None
    section = route["spec"]["parentRefs"][0]["sectionName"]
    return f"{route['kind'].lower()}-{section}.yaml"


def _render(
    intended: dict[str, Any], folder: str, templates: Templates, filename: str | None = None
) -> Manifest:
    kind, metadata = intended["kind"], intended["metadata"]
    template = TEMPLATES[kind]
    context = {
        "api_version": intended["apiVersion"],
        "name": metadata["name"],
        "namespace": metadata["namespace"],
        "labels": list(metadata["labels"].items()),
        "annotations": list(metadata.get("annotations", {}).items()),
        "spec": intended["spec"],
    }
    text = templates.render(f"manifests/{template}", **context)
    return Manifest(
        kind,
        intended["apiVersion"],
        metadata["namespace"],
        metadata["name"],
        filename or template.removesuffix(".j2"),
        text,
        Intent.for_object(intended),
        folder,
    )
