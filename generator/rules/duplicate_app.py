"""EKS020 duplicate-app: one app per namespace and name across all specs.

Two specs with the same namespace and name would render objects that overwrite each other
(and the same output folder).

FAIL: apps/a.yaml and apps/b.yaml both define production/web
PASS: production/web and staging/web
"""

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.model import App
from eksgen.rules._base import Finding

ID = "EKS020"
NAME = "duplicate-app"
SEVERITY = Severity.ERROR
SCOPE = "all"


def check_all(apps: Sequence[App]) -> Iterator[Finding]:
    """Flag every app after the first with the same namespace and name."""
    from eksgen.locate import locate

    first: dict[tuple[str, str], App] = {}
    for app in apps:
        key = (app.namespace, app.name)
        if key in first:
            other = first[key]
            line, _ = locate(other.document, ("metadata", "name"))
            message = f"app {app.namespace}/{app.name} is also defined at {other.file}:{line}"
            yield Finding(app, ("metadata", "name"), message)
        first.setdefault(key, app)
