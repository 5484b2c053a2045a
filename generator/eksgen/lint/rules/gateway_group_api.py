"""EKS206 gateway-group-api: an IngressGroup's members ask for their ALB through two APIs.

The members of an IngressGroup share one ALB. With the Ingress API they share it through
their Ingresses' group.name; with the Gateway API through one Gateway. Members that differ
in exposure.api (the App's own, render --api or the Cluster's gatewayApi.default) get two
ALBs: one for the Ingresses, one for the Gateway, each with half the routes.

FAIL: two Apps in group shop, one with exposure.api gateway, one with ingress
PASS: both with exposure.api gateway
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.app import ALB, App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster

ID = "EKS206"
NAME = "gateway-group-api"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "all"
FIX = "Give every member of the IngressGroup the same exposure.api."
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress2gateway/"
    "lbc_migrate_reference.md#ingressgroup-support"
)


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag the members whose API differs from their group's first member's."""
    first: dict[str, App] = {}
    for app in apps:
        group = app.exposure.group
        if app.exposure.type != ALB or group is None:
            continue
        other = first.setdefault(group.name, app)
        if other.exposure.api != app.exposure.api:
            path = _api_path(app)
            message = (
                f"IngressGroup {group.name!r}: asks for its ALB through the {app.exposure.api} "
                f"API, {other.namespace}/{other.name} ({where(other, _api_path(other))}) "
                f"through the {other.exposure.api} API: the group gets two ALBs"
            )
            yield Finding(app, path, message)


def _api_path(app: App) -> tuple[str, ...]:
    exposure = app.raw.get("spec", {}).get("exposure", {})
    given = isinstance(exposure, dict) and "api" in exposure
    return ("spec", "exposure", "api" if given else "group")
