"""Every default eksgen applies, in one place.

The model reads its defaults from here and nowhere else; the JSON schemas' `default`
keywords document the same values to editors, and a test keeps the two in step through
SCHEMA_DEFAULTS. A value that is left unset on purpose (so that the controller's own default
applies and no annotation is written) is not a default of eksgen's and is not listed.
"""

from __future__ import annotations

from typing import Any

from eksgen.model.controller import DNS_ALPHA_PREFIX
from eksgen.model.controller import INGRESS_CLASS as CHART_INGRESS_CLASS

# ---- App --------------------------------------------------------------------------------
NAMESPACE = "default"
PORT_PROTOCOL = "TCP"
EXPOSURE_TYPE = "none"
# Internal unless asked: a public load balancer is a decision, never an accident.
SCHEME = "internal"
TARGET_TYPE = "ip"
ROUTE_PATH = "/"
PATH_TYPE = "Prefix"
# TLS 1.2 and 1.3 only; the controller's own default (ELBSecurityPolicy-2016-08) allows 1.0.
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
REDIRECT_HTTP = True
DNS_ENABLED = True
SELECTOR_LABEL = "app"  # an App without a selector selects app: <name>
# The API a load balancer is asked for when neither the App, render --api nor the Cluster says.
API = "ingress"
# An App's IngressClass unless it names one: the class the controller's Helm chart creates.
INGRESS_CLASS = CHART_INGRESS_CLASS

# ---- Cluster ----------------------------------------------------------------------------
CONTROLLER_REPLICAS = 2
CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller"
CONTROLLER_WEBHOOK = True
# upsert-only: ExternalDNS never deletes a record it did not create in this run.
DNS_POLICY = "upsert-only"
DNS_SERVICE_ACCOUNT = "external-dns"
# The prefix every ExternalDNS release reads (0.22 and later also read external-dns.kubernetes.io/).
DNS_ANNOTATION_PREFIX = DNS_ALPHA_PREFIX
PREFIX_DELEGATION = False
POD_SECURITY_GROUPS = False
# The GatewayClasses the Cluster render creates (the controller's migration tool names the
# ALB one aws-alb: pkg/ingress2gateway/utils/constants.go, v3.5.0).
ALB_GATEWAY_CLASS = "aws-alb"
NLB_GATEWAY_CLASS = "aws-nlb"

# ---- Facts of the controllers that eksgen relies on when a value is left unset ----------
# The ALB IngressGroup member order when group.order is not given (reference: LBC §3).
CONTROLLER_GROUP_ORDER = 0

# Schema file -> JSON pointer of each `default` keyword -> the value above it must equal.
SCHEMA_DEFAULTS: dict[str, dict[str, Any]] = {
    "app": {
        "/properties/metadata/properties/namespace": NAMESPACE,
        "/$defs/servicePort/properties/protocol": PORT_PROTOCOL,
        "/$defs/exposure/properties/type": EXPOSURE_TYPE,
        "/$defs/exposure/properties/scheme": SCHEME,
        "/$defs/exposure/properties/targetType": TARGET_TYPE,
        "/$defs/exposure/properties/ingressClass": INGRESS_CLASS,
        "/$defs/route/properties/pathType": PATH_TYPE,
        "/$defs/tls/properties/policy": TLS_POLICY,
        "/$defs/tls/properties/redirectHttp": REDIRECT_HTTP,
        "/$defs/dns/properties/enabled": DNS_ENABLED,
    },
    "cluster": {
        "/$defs/loadBalancerController/properties/replicas": CONTROLLER_REPLICAS,
        "/$defs/loadBalancerController/properties/serviceAccountName": (CONTROLLER_SERVICE_ACCOUNT),
        "/$defs/loadBalancerController/properties/defaultTargetType": TARGET_TYPE,
        "/$defs/loadBalancerController/properties/defaultSslPolicy": TLS_POLICY,
        "/$defs/loadBalancerController/properties/enableServiceMutatorWebhook": (
            CONTROLLER_WEBHOOK
        ),
        "/$defs/externalDns/properties/policy": DNS_POLICY,
        "/$defs/externalDns/properties/annotationPrefix": DNS_ANNOTATION_PREFIX,
        "/$defs/externalDns/properties/serviceAccountName": DNS_SERVICE_ACCOUNT,
        "/$defs/vpcCni/properties/prefixDelegation": PREFIX_DELEGATION,
        "/$defs/vpcCni/properties/podSecurityGroups": POD_SECURITY_GROUPS,
        "/$defs/gatewayApi/properties/default": API,
        "/$defs/gatewayApi/properties/albGatewayClassName": ALB_GATEWAY_CLASS,
        "/$defs/gatewayApi/properties/nlbGatewayClassName": NLB_GATEWAY_CLASS,
    },
}
