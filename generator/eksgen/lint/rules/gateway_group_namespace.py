"""EKS209 gateway-group-namespace: a group.namespace that does not place the shared Gateway.

exposure.group.namespace names the namespace of an IngressGroup's shared Gateway with the
Gateway API. The first member (in group order) that gives one decides; another member's
different namespace is a warning, for it is not where the Gateway goes. With the Ingress
API an IngressGroup has no namespace of its own, and the field does nothing.

A warning: the load balancer works either way; the field just does not say where its
Gateway is.

FAIL: group {name: shop, namespace: edge} on an App with exposure.api ingress
PASS: the same App with exposure.api gateway
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model.albs import alb_groups
from eksgen.model.app import App

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster

ID = "EKS209"
NAME = "gateway-group-namespace"
SEVERITY = Severity.WARNING
GUARD = False
SCOPE = "all"
FIX = (
    "Give group.namespace on one member (or the same on all), and only with exposure.api: gateway."
)
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress2gateway/"
    "lbc_migrate_reference.md#ingressgroup-support"
)
_PATH = ("spec", "exposure", "group", "namespace")


def check_all(apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterator[Finding]:
    """Flag a group.namespace that the Ingress API ignores, or that another member overrides."""
    for _, group, members in alb_groups(apps):
        if group is None:
            continue
        decided: App | None = None
        for app in members:
            given = app.exposure.group.namespace if app.exposure.group else None
            if given is None:
                continue
            if not app.uses_gateway:
                message = (
                    "places the shared Gateway of the Gateway API; with the Ingress API an "
                    "IngressGroup has no namespace, and the field does nothing"
                )
                yield Finding(app, _PATH, message)
            elif decided is None:
                decided = app
            elif decided.exposure.group and decided.exposure.group.namespace != given:
                message = (
                    f"the Gateway of IngressGroup {group!r} goes to "
                    f"{decided.exposure.group.namespace!r}, as {decided.namespace}/"
                    f"{decided.name} says first in group order ({where(decided, _PATH)})"
                )
                yield Finding(app, _PATH, message)
