"""The IngressClasses and IngressClassParams of a Cluster spec's ingressClasses.

Each class is an IngressClass for the AWS Load Balancer Controller (controller
ingress.k8s.aws/alb) whose spec.parameters names the cluster-scoped IngressClassParams of
the same name (apiGroup elbv2.k8s.aws, kind IngressClassParams: what pkg/ingress/
class_loader.go accepts, v3.5.0). Both go to cluster/<name>/ingressclasses.yaml, the params
first, so that a class never names params that do not exist yet.
"""

from __future__ import annotations

from typing import Any

from eksgen.model import IngressClassSettings, ingress_class, params_spec
from eksgen.model.cluster import Cluster
from eksgen.model.controller import MANAGED_BY
from eksgen.render.manifests import Manifest
from eksgen.render.templating import Templates
from eksgen.render.verify import Intent

CONTROLLER = ingress_class.CONTROLLER
PARAMS_API_GROUP = ingress_class.PARAMS_API_GROUP
PARAMS_API_VERSION = ingress_class.PARAMS_API_VERSION
PARAMS_KIND = ingress_class.PARAMS_KIND
INGRESS_CLASSES_FILE = "ingressclasses.yaml"
INGRESS_CLASS_VERSION = "networking.k8s.io/v1"


def ingress_class_object(name: str, labels: dict[str, str]) -> dict[str, Any]:
    """One IngressClass (cluster-scoped) that hands its Ingresses to the controller."""
    parameters = {"apiGroup": PARAMS_API_GROUP, "kind": PARAMS_KIND, "name": name}
    return {
        "apiVersion": INGRESS_CLASS_VERSION,
        "kind": "IngressClass",
        "metadata": {"name": name, "labels": labels},
        "spec": {"controller": CONTROLLER, "parameters": parameters},
    }


def params_object(settings: IngressClassSettings, labels: dict[str, str]) -> dict[str, Any]:
    """One IngressClassParams (cluster-scoped) with the settings the class gives."""
    return {
        "apiVersion": PARAMS_API_VERSION,
        "kind": PARAMS_KIND,
        "metadata": {"name": settings.name, "labels": labels},
        "spec": params_spec(settings),
    }


def ingress_classes(cluster: Cluster, templates: Templates) -> list[Manifest]:
    """The params and the class of each of the Cluster spec's ingressClasses, in spec order."""
    labels = dict(sorted((dict(cluster.labels) | {MANAGED_BY[0]: MANAGED_BY[1]}).items()))
    manifests = []
    for settings in cluster.ingress_classes:
        params = params_object(settings, labels)
        text = templates.render(
            "cluster/ingressclassparams.yaml.j2",
            api_version=PARAMS_API_VERSION,
            name=settings.name,
            labels=list(labels.items()),
            settings=settings,
            empty=not params["spec"],
        )
        manifests.append(_manifest(params, text))
        class_object = ingress_class_object(settings.name, labels)
        text = templates.render(
            "cluster/ingressclass.yaml.j2",
            api_version=INGRESS_CLASS_VERSION,
            name=settings.name,
            labels=list(labels.items()),
            controller=CONTROLLER,
            parameters=list(class_object["spec"]["parameters"].items()),
        )
        manifests.append(_manifest(class_object, text))
    return manifests


def _manifest(intended: dict[str, Any], text: str) -> Manifest:
    kind, version, name = intended["kind"], intended["apiVersion"], intended["metadata"]["name"]
    return Manifest(
        kind, version, "", name, INGRESS_CLASSES_FILE, text, Intent.for_object(intended)
    )
