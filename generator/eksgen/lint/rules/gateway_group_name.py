"""EKS067 gateway-group-name: an IngressGroup name that cannot name a Gateway.

With the Gateway API an IngressGroup's shared Gateway and LoadBalancerConfiguration are
named after the group, and Kubernetes object names are DNS subdomains: dot-separated parts
that each start and end with a letter or digit. An IngressGroup name may hold an empty
part ('a..b') or a part that starts or ends with '-' ('a.-b'), which the controller takes
in an annotation but the API server refuses as an object name.

FAIL: group {name: shop..eu} on an App with exposure.api gateway
PASS: group {name: shop.eu}
"""

from __future__ import annotations

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import apiserver
from eksgen.model.app import ALB, App

ID = "EKS067"
NAME = "gateway-group-name"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the Kubernetes API server refuses the Gateway's name"
FIX = (
    "Rename the IngressGroup: dot-separated parts, each starting and ending with a letter or digit."
)
SOURCE = "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/"


def check(app: App) -> Iterator[Finding]:
    """Flag a group name that is no DNS subdomain, on an ALB App that uses the Gateway API."""
    group = app.exposure.group
    if not (app.uses_gateway and app.exposure.type == ALB and group is not None):
        return
    reasons = apiserver.dns1123_subdomain(group.name)
    if reasons:
        message = f"{group.name!r} names the group's Gateway, and {'; '.join(reasons)}"
        yield Finding(app, ("spec", "exposure", "group", "name"), message)
