"""What a Cluster render adds when the Gateway API is in use: classes, sources, feature gates.

The GatewayClasses belong to the platform, not to an App: the Cluster render writes the two
the AWS Load Balancer Controller serves (controllerName gateway.k8s.aws/alb and
gateway.k8s.aws/nlb). ExternalDNS gets the Gateway API route sources; the controller gets
the ALBGatewayAPI and NLBGatewayAPI feature gates where its release has them off by default.
Imported only when a run uses the Gateway API or a Cluster spec has a gatewayApi section.
"""

from __future__ import annotations

from typing import Any

from eksgen.model import facts
from eksgen.model.cluster import Cluster
from eksgen.model.controller import MANAGED_BY
from eksgen.render.manifests import Manifest
from eksgen.render.templating import Templates
from eksgen.render.verify import Intent

GATEWAY_CLASSES_FILE = "gatewayclasses.yaml"


def gateway_class_object(name: str, controller_name: str, labels: dict[str, str]) -> dict[str, Any]:
    """One GatewayClass (cluster-scoped)."""
    return {
        "apiVersion": facts.gateway.API_VERSIONS["GatewayClass"],
        "kind": "GatewayClass",
        "metadata": {"name": name, "labels": labels},
        "spec": {"controllerName": controller_name},
    }


def gateway_classes(cluster: Cluster, templates: Templates) -> list[Manifest]:
    """The ALB and the NLB GatewayClass, named as the Cluster spec says."""
    labels = dict(sorted((dict(cluster.labels) | {MANAGED_BY[0]: MANAGED_BY[1]}).items()))
    classes = (
        (cluster.gateway_api.alb_class, facts.gateway.ALB_CONTROLLER_NAME),
        (cluster.gateway_api.nlb_class, facts.gateway.NLB_CONTROLLER_NAME),
    )
    manifests = []
    for name, controller_name in classes:
        intended = gateway_class_object(name, controller_name, labels)
        text = templates.render(
            "cluster/gatewayclass.yaml.j2",
            api_version=intended["apiVersion"],
            name=name,
            labels=list(labels.items()),
            controller_name=controller_name,
        )
        intent = Intent.for_object(intended)
        kind, version = intended["kind"], intended["apiVersion"]
        manifests.append(Manifest(kind, version, "", name, GATEWAY_CLASSES_FILE, text, intent))
    return manifests


def external_dns_sources(base: list[str]) -> list[str]:
    """ExternalDNS's sources with the Gateway API route sources after the given ones."""
    return [*base, *facts.gateway.EXTERNAL_DNS_SOURCES.values()]


def feature_gates(cluster: Cluster) -> dict[str, bool]:
    """The gates to switch on: both, where the cluster's release has them off by default."""
    controller = cluster.load_balancer_controller
    version = (controller.version if controller else None) or facts.versions.LBC_VERSION
    if facts.versions.at_least(version, facts.gateway.GATES_ON_BY_DEFAULT_SINCE):
        return {}
    return {facts.gateway.ALB_FEATURE_GATE: True, facts.gateway.NLB_FEATURE_GATE: True}
