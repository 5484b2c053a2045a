"""EKS127 ingress-class-name-taken: two classes of one name, or a class named alb.

Each spec.ingressClasses entry becomes an IngressClass and an IngressClassParams of its
name, both cluster-scoped: two entries of one name would write two objects of one name, and
the controller's Helm chart already creates the IngressClass alb (createIngressClassResource,
which eksgen's values turn on).

FAIL: spec.ingressClasses [{name: alb}]
PASS: spec.ingressClasses [{name: internal-shared}]
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.cluster import Cluster
from eksgen.model.controller import INGRESS_CLASS

ID = "EKS127"
NAME = "ingress-class-name-taken"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "eksgen would write two cluster-scoped objects of one name"
SCOPE = "cluster"
FIX = "Give each entry of spec.ingressClasses its own name, other than alb."
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/values.yaml"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag a class named alb and every repeat of a name."""
    seen: set[str] = set()
    for index, settings in enumerate(cluster.ingress_classes):
        path = ("spec", "ingressClasses", index, "name")
        if settings.name == INGRESS_CLASS:
            message = (
                f"{INGRESS_CLASS!r} is the IngressClass the controller's chart creates; "
                "choose another name"
            )
            yield Finding(cluster, path, message)
        elif settings.name in seen:
            yield Finding(cluster, path, f"{settings.name!r} names an earlier class too")
        seen.add(settings.name)
