"""EKS048 annotation-left-out: an annotation that no object of the App would carry.

eksgen puts each key of metadata.annotations on the objects that read it: Service keys
(service.beta.kubernetes.io/*, service.kubernetes.io/*) on the Service, the AWS Load
Balancer Controller's Ingress keys on the Ingress, ExternalDNS's on the object it
publishes, and any other key on every object. An App without ports renders its
SecurityGroupPolicy alone, so a Service key there goes nowhere: it is left out of the
output, and the spec says something that never happens. (EKS027 reports the controller's
and ExternalDNS's keys in the same case, with the spellings it knows.) A warning: the
output is right, only the spec says more than it does.

FAIL: dbAccess, no ports, metadata.annotations {service.kubernetes.io/topology-mode: Auto}
PASS: the same App with spec.ports, whose Service carries it
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.controller import DNS_PREFIXES, INGRESS_PREFIX, LEGACY_CLASS_ANNOTATION
from eksgen.model.placement import left_out

ID = "EKS048"
NAME = "annotation-left-out"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Remove the annotation, or give the App the object that reads it (spec.ports for a "
    "Service, exposure.type: alb for an Ingress)."
)
SOURCE = (
    "https://kubernetes.io/docs/reference/labels-annotations-taints/"
    " ; kubernetes-sigs/aws-load-balancer-controller docs/guide/service/annotations.md"
)

# The keys EKS027 reports when no object carries them.
_EKS027_PREFIXES = (INGRESS_PREFIX, "service.beta.kubernetes.io/aws-load-balancer-", *DNS_PREFIXES)


def check(app: App) -> Iterator[Finding]:
    """Flag keys whose reading kind the App does not render."""
    for key, readers in left_out(app):
        if key == LEGACY_CLASS_ANNOTATION or key.startswith(_EKS027_PREFIXES):
            continue
        kinds = " or ".join(readers) if readers else "no object eksgen writes"
        message = f"is read on a {kinds}, and this App renders none: eksgen leaves it out"
        yield Finding(app, ("metadata", "annotations", key), message, at_key=True)
