"""EKS028 ingress-class-annotation: kubernetes.io/ingress.class must not differ from alb.

eksgen writes spec.ingressClassName (alb, or exposure.ingressClass) on every Ingress, and
copies metadata.annotations onto it. The API server refuses to create an Ingress that also
carries the deprecated kubernetes.io/ingress.class annotation with another value ("must
match `ingressClassName` when both are specified"), so the app would get no Ingress at all.
The annotation equal to the class is accepted and only redundant (EKS027 says so).

FAIL: exposure {type: alb}, metadata.annotations {kubernetes.io/ingress.class: nginx}
PASS: exposure {type: alb}, no kubernetes.io/ingress.class annotation
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App
from eksgen.model.controller import LEGACY_CLASS_ANNOTATION

ID = "EKS028"
NAME = "ingress-class-annotation"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the API server refuses to create the Ingress"
FIX = (
    "Remove kubernetes.io/ingress.class from metadata.annotations: eksgen sets "
    "spec.ingressClassName: alb on the Ingress."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation"
    " ; kubernetes/kubernetes pkg/apis/networking/validation/validation.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a class annotation that differs from the ingressClassName eksgen writes."""
    if app.exposure.type != ALB:
        return
    for key, value in app.annotations:
        if key == LEGACY_CLASS_ANNOTATION and value != app.exposure.ingress_class:
            message = (
                f"{value!r} differs from spec.ingressClassName {app.exposure.ingress_class!r}, "
                "which eksgen "
                "writes on the Ingress: the API server refuses to create an Ingress whose "
                "kubernetes.io/ingress.class does not match its ingressClassName"
            )
            yield Finding(app, ("metadata", "annotations", key), message)
