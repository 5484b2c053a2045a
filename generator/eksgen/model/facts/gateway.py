"""The Gateway API as the AWS Load Balancer Controller serves it: kinds, versions, releases.

Each fact was read at the source named beside it. The controller (kubernetes-sigs/
aws-load-balancer-controller) is read at its tags; the Gateway API CRDs are the standard
channel of kubernetes-sigs/gateway-api v1.6.1; ExternalDNS at v0.22.0.
"""

from __future__ import annotations

# GatewayClass controllerName of the controller's two gateway controllers
# (pkg/gateway/constants/controller_constants.go, v3.5.0; docs/guide/gateway/l4gateway.md
# and l7gateway.md).
ALB_CONTROLLER_NAME = "gateway.k8s.aws/alb"
NLB_CONTROLLER_NAME = "gateway.k8s.aws/nlb"

# The controller's own CRDs (group gateway.k8s.aws): LoadBalancerConfiguration and
# TargetGroupConfiguration since v2.13.0 (config/crd/gateway/, v2.13.0),
# ListenerRuleConfiguration since v2.14.0. Served as v1beta1 alone from v2.13.0 to v3.4.x
# (apis/gateway/v1beta1 only); v3.5.0 adds v1 (apis/gateway/v1) and serves both.
CONFIG_GROUP = "gateway.k8s.aws"
CONFIG_V1_SINCE = "3.5.0"
CONFIG_V1, CONFIG_V1BETA1 = "gateway.k8s.aws/v1", "gateway.k8s.aws/v1beta1"

# The releases whose gateway controllers work: the NLB one (TCPRoute, UDPRoute, TLSRoute)
# came in v2.13.0; route rules, hence HTTPRoute on an ALB, in v2.14.0
# (pkg/gateway/routeutils/route_rule_action.go first appears at v2.14.0).
NLB_GATEWAY_SINCE = "2.13.0"
ALB_GATEWAY_SINCE = "2.14.0"
# The feature gates that switch them on (pkg/config/feature_gates.go): off by default from
# v2.13.0 to v3.1.x, on by default from v3.2.0.
ALB_FEATURE_GATE, NLB_FEATURE_GATE = "ALBGatewayAPI", "NLBGatewayAPI"
GATES_ON_BY_DEFAULT_SINCE = "3.2.0"
# v3.5.0 reads TCPRoute, UDPRoute and TLSRoute at gateway.networking.k8s.io/v1, which the
# Gateway API standard channel serves from v1.6 (pkg/gateway/routeutils/tcp.go, v3.5.0;
# go.mod: sigs.k8s.io/gateway-api v1.6.0). Releases before read v1alpha2, which the v1.6
# standard CRDs no longer serve (gateway.networking.k8s.io_tcproutes.yaml, v1.6.1:
# v1alpha2 served: false).
L4_ROUTES_V1_SINCE = "3.5.0"
# Gateway and HTTPRoute are served at v1 from Gateway API v1.0.0; TCPRoute and UDPRoute
# joined the standard channel at v1 in v1.6 (before: experimental, v1alpha2).
HTTP_ROUTE_V1_SINCE = "1.0.0"
L4_ROUTES_STANDARD_SINCE = "1.6.0"
GATEWAY_API_CRDS = "1.6.1"  # the Gateway API release whose standard CRDs eksgen's output fits
GATEWAY_API_CRDS_URL = (
    "https://github.com/kubernetes-sigs/gateway-api/releases/download/"
    f"v{GATEWAY_API_CRDS}/standard-install.yaml"
)

# gateway.networking.k8s.io API versions eksgen writes (all served by the v1.6.1 CRDs).
GATEWAY_API = "gateway.networking.k8s.io/v1"
API_VERSIONS = {
    "GatewayClass": GATEWAY_API,
    "Gateway": GATEWAY_API,
    "HTTPRoute": GATEWAY_API,
    "TCPRoute": GATEWAY_API,
    "TLSRoute": GATEWAY_API,
    "UDPRoute": GATEWAY_API,
    "ReferenceGrant": GATEWAY_API,
}
CONFIG_KINDS = (
    "LoadBalancerConfiguration",
    "TargetGroupConfiguration",
    "ListenerRuleConfiguration",
)

# The label every namespace carries with its own name (Kubernetes 1.22 and later): a
# listener's allowedRoutes selects the namespaces of a shared Gateway's members by it.
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"

# ExternalDNS's Gateway API sources (docs/sources/gateway-api.md, v0.22.0), one per route
# kind. TCPRoute and UDPRoute carry no hostnames: the sources read the hostname annotation
# of the route. Only route annotations are read (hostname, ttl, gateway-hostname-source);
# a Gateway's only the target annotation.
EXTERNAL_DNS_SOURCES = {
    "HTTPRoute": "gateway-httproute",
    "GRPCRoute": "gateway-grpcroute",
    "TLSRoute": "gateway-tlsroute",
    "TCPRoute": "gateway-tcproute",
    "UDPRoute": "gateway-udproute",
}
GATEWAY_HOSTNAME_SOURCE = "gateway-hostname-source"  # annotation-only: hostnames from annotations


# What the gateway controllers' target groups use for a health-check field no
# TargetGroupConfiguration sets (newTargetGroupBuilder in
# pkg/gateway/model/model_build_target_group.go, v3.5.0; ALB and NLB Gateways alike), by
# the App spec's spec.exposure.healthCheck field. The Ingress and Service defaults differ
# (facts.lbc): thresholds 2 and codes 200 for an ALB Ingress, interval and timeout 10 for
# an NLB Service.
HEALTH_CHECK_DEFAULTS: dict[str, int | str] = {
    "spec.exposure.healthCheck.path": "/",
    "spec.exposure.healthCheck.intervalSeconds": 15,
    "spec.exposure.healthCheck.timeoutSeconds": 5,
    "spec.exposure.healthCheck.healthyThreshold": 3,
    "spec.exposure.healthCheck.unhealthyThreshold": 3,
    "spec.exposure.healthCheck.successCodes": "200-399",
}

# A gRPC target group's (protocol version GRPC): what the Ingress's gRPC defaults are too
# (newTargetGroupBuilder in pkg/gateway/model/model_build_target_group.go, v3.5.0).
GRPC_HEALTH_CHECK_DEFAULTS: dict[str, int | str] = {
    "spec.exposure.healthCheck.path": "/AWS.ALB/healthcheck",
    "spec.exposure.healthCheck.successCodes": "12",
}


def config_api_version(controller_version: str) -> str:
    """The gateway.k8s.aws version a controller release serves: v1 from 3.5.0, else v1beta1."""
    from eksgen.model.facts.versions import at_least

    return CONFIG_V1 if at_least(controller_version, CONFIG_V1_SINCE) else CONFIG_V1BETA1


def section_name(protocol: str, port: int) -> str:
    """A Gateway listener's name: 'https-443' (the controller's migration tool names them so)."""
    return f"{protocol.lower()}-{port}"
