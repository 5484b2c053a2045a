"""EKS122 gateway-api-crds-version: the cluster's Gateway API CRDs do not serve the routes.

eksgen writes Gateway and HTTPRoute objects at gateway.networking.k8s.io/v1, served by the
Gateway API standard CRDs from v1.0.0, and TCPRoute and UDPRoute at v1, which joined the
standard channel in v1.6 (before, they were experimental, at v1alpha2 only). With older
CRDs the API server refuses the objects. The release compared with is the Cluster spec's
gatewayApi.crdsVersion; without it eksgen assumes the release its output fits (1.6.1).

FAIL: gatewayApi {crdsVersion: "1.5.1"} beside exposure {type: nlb, api: gateway}
PASS: gatewayApi {crdsVersion: "1.6.1"} beside exposure {type: nlb, api: gateway}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding, where
from eksgen.model import facts
from eksgen.model.app import NLB, App
from eksgen.model.cluster import Cluster

ID = "EKS122"
NAME = "gateway-api-crds-version"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Install the Gateway API standard CRDs of v1.6 or later and set gatewayApi.crdsVersion "
    "to their release, or keep the App on the Ingress API (exposure.api: ingress)."
)
SOURCE = (
    "kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_tcproutes.yaml"
    " ; kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"
)


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag each Gateway App whose routes the cluster's CRDs do not serve at v1."""
    installed = cluster.gateway_api.crds_version
    if installed is None:
        return
    known = facts.gateway
    setting = where(cluster, ("spec", "gatewayApi", "crdsVersion"))
    for app in apps:
        if not app.uses_gateway:
            continue
        nlb = app.exposure.type == NLB
        needed = known.L4_ROUTES_STANDARD_SINCE if nlb else known.HTTP_ROUTE_V1_SINCE
        if facts.versions.at_least(installed, needed):
            continue
        kinds = "TCPRoute and UDPRoute" if nlb else "Gateway and HTTPRoute"
        message = (
            f"its {kinds} objects are written at {known.GATEWAY_API}, which the Gateway API "
            f"standard CRDs serve from {needed}; the cluster has {installed} ({setting})"
        )
        exposure = app.raw.get("spec", {}).get("exposure", {})
        path = ("spec", "exposure", "api" if "api" in exposure else "type")
        yield Finding(app, path, message)
