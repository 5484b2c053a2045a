"""EKS027 unknown-controller-annotation: an annotation key no controller reads.

The AWS Load Balancer Controller and ExternalDNS silently ignore keys they do not know, so
a typo such as alb.ingress.kubernetes.io/group-name (for group.name) changes nothing and
nobody is told: the Ingress gets an ALB of its own. eksgen knows every key of those
prefixes and flags the others in metadata.annotations, with the closest known key. It also
flags the deprecated kubernetes.io/ingress.class: beside the spec.ingressClassName alb that
eksgen writes, the API server accepts it only when it says alb too (another value is
EKS028's error), and then it is redundant; without an Ingress nothing reads it.
A warning: a key newer than eksgen's list may be right.

FAIL: metadata.annotations {alb.ingress.kubernetes.io/group-name: shared}
PASS: metadata.annotations {alb.ingress.kubernetes.io/wafv2-acl-arn: arn:aws:wafv2:...}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import ALB, App
from eksgen.model.controller import (
    DNS_PREFIXES,
    INGRESS_CLASS,
    INGRESS_PREFIX,
    LEGACY_CLASS_ANNOTATION,
    SERVICE_PREFIX,
)

ID = "EKS027"
NAME = "unknown-controller-annotation"
SEVERITY = Severity.WARNING
GUARD = False
FIX = "Correct the key to the one the controller reads (see the message), or remove it."
SOURCE = (
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2564"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/annotations/constants.go"
    " ; kubernetes-sigs/external-dns source/annotations/annotations.go"
)

_HEALTH = (
    "healthcheck-port healthcheck-protocol healthcheck-path healthcheck-interval-seconds "
    "healthcheck-timeout-seconds healthy-threshold-count unhealthy-threshold-count success-codes"
)
_FRONTEND_HEALTH = (
    "port protocol path interval-seconds timeout-seconds healthy-threshold-count "
    "unhealthy-threshold-count success-codes"
)
# Keys of alb.ingress.kubernetes.io/ (controller v3.5.0); families end with a dot.
INGRESS_KEYS = frozenset(
    (
        "load-balancer-name group.name group.order scheme ip-address-type subnets "
        "security-groups manage-backend-security-group-rules inbound-cidrs "
        "security-group-prefix-lists load-balancer-attributes tags customer-owned-ipv4-pool "
        "ipam-ipv4-pool-id minimum-load-balancer-capacity wafv2-acl-arn wafv2-acl-name "
        "waf-acl-id web-acl-id shield-advanced-protection listen-ports ssl-redirect "
        "certificate-arn ssl-policy mutual-authentication create-acm-cert acm-pca-arn "
        "target-type backend-protocol backend-protocol-version target-group-attributes "
        "target-node-labels multi-cluster-target-group use-regex-path-match auth-type "
        "auth-idp-cognito auth-idp-oidc auth-on-unauthenticated-request auth-scope "
        "auth-session-cookie auth-session-timeout jwt-validation enable-frontend-nlb "
        "frontend-nlb-scheme frontend-nlb-subnets frontend-nlb-security-groups "
        "frontend-nlb-listener-port-mapping frontend-nlb-eip-allocations frontend-nlb-tags "
        "frontend-nlb-attributes "
        + _HEALTH
        + " "
        + " ".join(f"frontend-nlb-healthcheck-{key}" for key in _FRONTEND_HEALTH.split())
    ).split()
)
INGRESS_FAMILIES = (
    "listener-attributes.",
    "target-control-port.",
    "actions.",
    "conditions.",
    "transforms.",
)
# Keys of service.beta.kubernetes.io/aws-load-balancer- (the part after that prefix).
SERVICE_KEYS = frozenset(
    [
        "type",
        "nlb-target-type",
        "scheme",
        "internal",
        "name",
        "ip-address-type",
        "subnets",
        "eip-allocations",
        "private-ipv4-addresses",
        "ipv6-addresses",
        "ssl-cert",
        "ssl-ports",
        "ssl-negotiation-policy",
        "backend-protocol",
        "alpn-policy",
        "proxy-protocol",
        "proxy-protocol-per-target-group",
        "healthcheck-protocol",
        "healthcheck-port",
        "healthcheck-path",
        "healthcheck-interval",
        "healthcheck-timeout",
        "healthcheck-healthy-threshold",
        "healthcheck-unhealthy-threshold",
        "healthcheck-success-codes",
        "target-group-attributes",
        "attributes",
        "access-log-enabled",
        "access-log-s3-bucket-name",
        "access-log-s3-bucket-prefix",
        "cross-zone-load-balancing-enabled",
        "additional-resource-tags",
        "security-groups",
        "manage-backend-security-group-rules",
        "security-group-prefix-lists",
        "inbound-sg-rules-on-private-link-traffic",
        "disable-nlb-sg",
        "target-node-labels",
        "multi-cluster-target-group",
        "enable-prefix-for-ipv6-source-nat",
        "source-nat-ipv6-prefixes",
        "minimum-load-balancer-capacity",
        "enable-icmp-for-path-mtu-discovery",
        "enable-tcp-udp-listener",
        "quic-enabled-ports",
    ]
)
SERVICE_FAMILIES = ("target-group-attributes.", "listener-attributes.")
NLB_PREFIX = SERVICE_PREFIX + "aws-load-balancer-"
# Keys of ExternalDNS (either prefix).
DNS_KEYS = frozenset(
    [
        "hostname",
        "ttl",
        "target",
        "internal-hostname",
        "controller",
        "ingress-hostname-source",
        "access",
        "endpoints-type",
        "alias",
        "set-identifier",
        "record-type",
        "ingress",
        "gateway-hostname-source",
        "aws-weight",
        "aws-region",
        "aws-failover",
        "aws-geolocation-continent-code",
        "aws-geolocation-country-code",
        "aws-geolocation-subdivision-code",
        "aws-geoproximity-region",
        "aws-geoproximity-local-zone-group",
        "aws-geoproximity-coordinates",
        "aws-geoproximity-bias",
        "aws-multi-value-answer",
        "aws-health-check-id",
        "aws-evaluate-target-health",
        "aws-target-hosted-zone",
        "aws-hosted-zone-id",
    ]
)


def check(app: App) -> Iterator[Finding]:
    """Flag unknown keys under the controllers' prefixes, and the legacy class annotation."""
    for key, value in app.annotations:
        path = ("metadata", "annotations", key)
        if key == LEGACY_CLASS_ANNOTATION:
            message = _legacy_class(app, value)
            if message:
                yield Finding(app, path, message, at_key=True)
            continue
        problem = _unknown(key)
        if problem:
            yield Finding(app, path, problem, at_key=True)


def _legacy_class(app: App, value: str) -> str | None:
    """What the deprecated class annotation does here; None when EKS028 reports it."""
    if app.exposure.type != ALB:
        return (
            f"is deprecated, and exposure {app.exposure.type} renders no Ingress: it only lands "
            "on the Service, where nothing reads it; remove it"
        )
    if value != INGRESS_CLASS:
        return None  # the API server refuses the Ingress: EKS028's error
    return (
        f"is deprecated and redundant: eksgen writes spec.ingressClassName: {INGRESS_CLASS}, "
        "and the API server accepts the annotation beside it only because both say "
        f"{INGRESS_CLASS}; remove it"
    )


def _unknown(key: str) -> str | None:
    for prefix, known, families, owner in _TABLES:
        if key.startswith(prefix):
            suffix = key[len(prefix) :]
            if suffix in known or suffix.startswith(families):
                return None
            near = difflib.get_close_matches(suffix, sorted(known), n=1, cutoff=0.6)
            hint = f"; did you mean {prefix}{near[0]}?" if near else ""
            return f"is not an annotation {owner} reads, so it does nothing{hint}"
    return None


_TABLES = (
    (INGRESS_PREFIX, INGRESS_KEYS, INGRESS_FAMILIES, "the AWS Load Balancer Controller"),
    (NLB_PREFIX, SERVICE_KEYS, SERVICE_FAMILIES, "the AWS Load Balancer Controller"),
    *((prefix, DNS_KEYS, (), "ExternalDNS") for prefix in DNS_PREFIXES),
)
