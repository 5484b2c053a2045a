"""EKS030 object-size: a rendered object must stay far below the API server's size limits.

eksgen estimates each object an App renders (Service, Ingress, SecurityGroupPolicy; the
policy alone for an app without ports) from the spec, before rendering: labels, selectors,
ports, and for the Ingress every host times every route (each path entry takes about 200
bytes). An object over 256 KiB is refused: kubectl
apply, as eksgen's output is applied, copies the whole object into the annotation
kubectl.kubernetes.io/last-applied-configuration, which the API server refuses beyond its
256 KiB annotation limit; etcd refuses requests over 1.5 MiB whatever the client. The check
also keeps eksgen from spending seconds rendering and reading back megabytes of YAML.

FAIL: metadata.labels with 340 labels of 380 bytes, and spec.selector the same labels
PASS: the same labels with short keys
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import (
    ANNOTATION_LIMIT,
    OBJECT_LIMIT,
    Finding,
    annotation_parts,
    object_estimates,
)
from eksgen.model.app import App

ID = "EKS030"
NAME = "object-size"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = (
    "kubectl apply and the API server refuse an object of that size, and rendering it "
    "would take eksgen a long time"
)
FIX = (
    "Split the app: fewer hosts, routes, ports or labels per App spec (several Apps can share "
    "one ALB through exposure.group)."
)
SOURCE = (
    "https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/"
    " ; https://etcd.io/docs/v3.5/dev-guide/limit/"
    " ; kubernetes/apimachinery pkg/api/validation/objectmeta.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag the App's largest object when its estimate exceeds the limit."""
    _, parts = annotation_parts(app)
    if sum(part.size for part in parts) > ANNOTATION_LIMIT:
        return  # EKS029 reports the annotations, the larger part of such an object
    heaviest = max(object_estimates(app), key=lambda estimate: estimate.total, default=None)
    if heaviest is None or heaviest.total <= OBJECT_LIMIT:
        return
    largest = heaviest.largest()
    message = (
        f"the {heaviest.kind} would take about {heaviest.total:,} bytes, {largest.size:,} of "
        f"them from {largest.what}; eksgen refuses objects over {OBJECT_LIMIT:,} bytes "
        "(256 KiB): kubectl apply copies the object into an annotation, and the API server "
        "refuses more than 256 KiB of annotations"
    )
    yield Finding(app, largest.path, message, at_key=True)
