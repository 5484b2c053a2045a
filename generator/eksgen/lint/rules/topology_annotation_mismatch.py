"""EKS037 topology-annotation-mismatch: the two topology annotations must agree.

service.kubernetes.io/topology-aware-hints is the deprecated name of
service.kubernetes.io/topology-mode. eksgen copies metadata.annotations onto the Service,
and the API server refuses a Service that carries both with different values (compared as
written: Auto and auto differ), so the app would get no Service at all. An app without
ports renders no Service: the annotations land on its SecurityGroupPolicy, which the API
server does not check for them, so the rule does not apply.

FAIL: metadata.annotations {service.kubernetes.io/topology-aware-hints: auto, <topology-mode>: Auto}
PASS: metadata.annotations {service.kubernetes.io/topology-mode: Auto}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import apiserver
from eksgen.model.app import App

ID = "EKS037"
NAME = "topology-annotation-mismatch"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the API server refuses a Service whose two topology annotations differ"
FIX = (
    "Remove service.kubernetes.io/topology-aware-hints (deprecated) from metadata.annotations "
    "and keep service.kubernetes.io/topology-mode, or give both the same value."
)
SOURCE = (
    "https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/"
    " ; kubernetes/kubernetes pkg/apis/core/validation/validation.go"
    " ; kubernetes/kubernetes pkg/apis/core/annotation_key_constants.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag a deprecated topology annotation that says otherwise than topology-mode."""
    if not app.has_service:
        return  # only a Service is refused for them
    conflict = apiserver.topology_conflict(dict(app.annotations))
    if conflict is not None:
        message = f"{conflict}; the API server refuses the Service"
        yield Finding(app, ("metadata", "annotations", apiserver.TOPOLOGY_HINTS), message)
