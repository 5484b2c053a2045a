"""EKS125 unknown-ingress-class: an App names an IngressClass the Cluster spec does not define.

An App's spec.exposure.ingressClass is alb (the class the controller's chart creates) or one
of the Cluster spec's ingressClasses. An Ingress of a class that does not exist is served by
no controller: the App gets no load balancer, and eksgen cannot know its settings. Checked
when a Cluster spec is in the run.

FAIL: exposure {type: alb, ingressClass: shared}; Cluster without an ingressClasses entry shared
PASS: exposure {type: alb, ingressClass: shared}; Cluster spec.ingressClasses [{name: shared}]
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App
from eksgen.model.cluster import Cluster
from eksgen.model.controller import INGRESS_CLASS

ID = "EKS125"
NAME = "unknown-ingress-class"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "no controller serves an Ingress of a class that does not exist"
SCOPE = "cluster"
FIX = (
    "Name a class of the Cluster spec's ingressClasses (or alb) in spec.exposure.ingressClass, "
    "or add the class to the Cluster spec."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/class_loader.go"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag each alb App whose class is neither alb nor one of the Cluster's."""
    known = {INGRESS_CLASS} | {found.name for found in cluster.ingress_classes}
    for app in apps:
        name = app.exposure.ingress_class
        if app.exposure.type != ALB or name in known:
            continue
        names = ", ".join(sorted(known))
        message = f"{name!r} is not an IngressClass of Cluster {cluster.name!r} ({names})"
        yield Finding(app, ("spec", "exposure", "ingressClass"), message)
