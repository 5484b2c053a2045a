"""EKS126 ingress-class-namespace: the App's namespace is not one its IngressClass admits.

An IngressClassParams namespaceSelector limits the namespaces whose Ingresses may use the
class; the controller refuses an Ingress in any other ("namespaceSelector of
IngressClassParams ... mismatch", pkg/ingress/class_loader.go, v3.5.0), so the App gets no
load balancer. eksgen knows a namespace's kubernetes.io/metadata.name label only (Kubernetes
sets it to the name): a selector on other labels is left to the cluster.

FAIL: namespace shop, ingressClass team-a selecting kubernetes.io/metadata.name team-a
PASS: metadata.namespace team-a, the same class
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster

ID = "EKS126"
NAME = "ingress-class-namespace"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the controller refuses an Ingress outside the class's namespaceSelector"
SCOPE = "cluster"
FIX = (
    "Move the App to a namespace the class selects, use another class, or widen the class's "
    "namespaceSelector."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/ingress_class.md"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/class_loader.go"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag each App of a class whose selector, on the name label, leaves its namespace out."""
    for app in apps:
        settings = app.exposure.class_settings
        if settings is None or settings.selects(app.namespace) is not False:
            continue
        message = (
            f"IngressClass {settings.name!r} admits Ingresses of the namespaces its "
            f"namespaceSelector selects, and not {app.namespace!r}: the controller refuses it"
        )
        path = ("metadata", "namespace") if "namespace" in app.raw["metadata"] else ("metadata",)
        yield Finding(app, path, message)
