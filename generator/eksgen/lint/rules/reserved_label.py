"""EKS014 reserved-label: app.kubernetes.io/name and app.kubernetes.io/managed-by are eksgen's.

eksgen sets app.kubernetes.io/name to the app name and app.kubernetes.io/managed-by to
eksgen on every object, so that generated objects can be found and pruned. A value given
here would be overwritten, or, if it won, hide the objects from that selection.

FAIL: metadata.labels {app.kubernetes.io/managed-by: helm}
PASS: metadata.labels {team: payments}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.controller import MANAGED_BY, NAME_LABEL

ID = "EKS014"
NAME = "reserved-label"
SEVERITY = Severity.ERROR
GUARD = False
FIX = (
    "Remove app.kubernetes.io/name and app.kubernetes.io/managed-by from metadata.labels; "
    "eksgen sets both itself."
)
SOURCE = "https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/"

RESERVED = (NAME_LABEL, MANAGED_BY[0])


def check(app: App) -> Iterator[Finding]:
    """Flag labels eksgen sets itself."""
    for key, _ in app.labels:
        if key in RESERVED:
            message = "is set by eksgen on every object and cannot be given here"
            yield Finding(app, ("metadata", "labels", key), message, at_key=True)
