"""EKS021 empty-pod-selector: dbAccess.podSelector {} selects every pod in the namespace.

An empty selector matches all pods of the namespace, so every one of them gets the
database security groups (which replace the node's groups): usually a slip for "the app's
pods", which is what leaving podSelector out means. A warning: it may be intended.

FAIL: dbAccess {securityGroupIds: [sg-0123456789abcdef0], podSelector: {}}
PASS: dbAccess {securityGroupIds: [sg-0123456789abcdef0]}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App

ID = "EKS021"
NAME = "empty-pod-selector"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    "Leave dbAccess.podSelector out to select the app's own pods, or give it the labels of "
    "only the pods that need the database."
)
SOURCE = (
    "https://docs.aws.amazon.com/eks/latest/userguide/sg-pods-example-deployment.html"
    " ; aws/amazon-vpc-resource-controller-k8s pkg/utils/helper.go"
)


def check(app: App) -> Iterator[Finding]:
    """Warn about a policy that selects the whole namespace."""
    if app.db_access is not None and not app.db_access.pod_selector:
        message = (
            f"{{}} selects every pod in namespace {app.namespace!r}; leave podSelector out "
            "to select the app's pods"
        )
        yield Finding(app, ("spec", "dbAccess", "podSelector"), message)
