"""The pod readiness gate label, as a Kustomize Component under cluster/<name>/.

The AWS Load Balancer Controller's webhook injects a readiness gate into each new pod of a
namespace labelled elbv2.k8s.aws/pod-readiness-gate-inject: enabled when a Service with ip
targets selects it (docs/deploy/pod_readiness_gate.md, v3.5.0): a rolling update then waits
until the new pods are healthy in the target group. Namespaces belong to the platform, not
to one App, and are seldom among eksgen's objects, so eksgen writes the label as a patch:
a Component (kustomize.config.k8s.io/v1alpha1) with one patch per namespace, each aimed at
the Namespace by kind and name. Included where the Namespace objects are, it adds the label;
where a namespace is not, its patch matches nothing, and Kustomize goes on.

Only namespaces with an App whose targets are pod IPs get the label: with instance targets
the nodes are registered and no gate is injected.
"""

from __future__ import annotations

from collections.abc import Iterable

from eksgen.model.app import App
from eksgen.model.cluster import Cluster
from eksgen.model.controller import READINESS_GATE_LABEL
from eksgen.render.templating import Templates
from eksgen.render.verify import Intent

FOLDER = "pod-readiness-gate"  # cluster/<name>/pod-readiness-gate/
COMPONENT_API_VERSION = "kustomize.config.k8s.io/v1alpha1"


def labelled_namespaces(cluster: Cluster, apps: Iterable[App]) -> list[str]:
    """The namespaces the Cluster labels: those of Apps with ip targets, when it asks."""
    controller = cluster.load_balancer_controller
    if controller is None or controller.pod_readiness_gate is not True:
        return []
    return sorted({app.namespace for app in apps if app.ip_targets})


def readiness_files(
    namespaces: list[str], templates: Templates
) -> tuple[dict[str, str], dict[str, Intent]]:
    """The Component and its patches (file name under the cluster folder -> text), and intents."""
    files: dict[str, str] = {}
    intents: dict[str, Intent] = {}
    patches = []
    for namespace in namespaces:
        name = f"{namespace}.namespace.yaml"
        labels = [READINESS_GATE_LABEL]
        files[f"{FOLDER}/{name}"] = templates.render(
            "manifests/namespace-patch.yaml.j2", name=namespace, labels=labels
        )
        intents[f"{FOLDER}/{name}"] = Intent.for_values(_namespace(namespace))
        patches.append({"path": name, "kind": "Namespace", "name": namespace})
    if patches:
        component = f"{FOLDER}/kustomization.yaml"
        files[component] = templates.render(
            "manifests/kustomize-component.yaml.j2", patches=patches
        )
        intents[component] = Intent.for_values(_component(patches))
    return files, intents


def _namespace(namespace: str) -> dict[str, object]:
    key, value = READINESS_GATE_LABEL
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": namespace, "labels": {key: value}},
    }


def _component(patches: list[dict[str, str]]) -> dict[str, object]:
    targets = [
        {"path": patch["path"], "target": {"kind": patch["kind"], "name": patch["name"]}}
        for patch in patches
    ]
    return {"apiVersion": COMPONENT_API_VERSION, "kind": "Component", "patches": targets}
