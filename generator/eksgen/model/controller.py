"""Names the controllers read: annotation prefixes and keys, and the spec field behind each.

One home for every annotation key eksgen writes, reads back or imports, so that the
renderer, the importer and the rules cannot disagree on a spelling. Facts from the AWS Load
Balancer Controller's annotation reference (v3.5.0) and ExternalDNS's (v0.20-v0.22).
"""

from __future__ import annotations

from eksgen.spec.load import API_GROUP

INGRESS_PREFIX = "alb.ingress.kubernetes.io/"
SERVICE_PREFIX = "service.beta.kubernetes.io/"
DNS_ALPHA_PREFIX = "external-dns.alpha.kubernetes.io/"
# The default of ExternalDNS 0.22 and later; 0.20 and 0.21 read it with --annotation-prefix.
DNS_GA_PREFIX = "external-dns.kubernetes.io/"
DNS_PREFIXES = (DNS_ALPHA_PREFIX, DNS_GA_PREFIX)
INGRESS_CLASS = "alb"  # the IngressClass the controller's chart creates
# Deprecated: overrides spec.ingressClassName when present.
LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
# Annotations that steer tools, not objects: eksgen's own and the KRM function markers.
# They stay in the spec and are never copied onto a rendered object.
TOOL_PREFIXES = (API_GROUP, "config.kubernetes.io/", "internal.config.kubernetes.io/")
MANAGED_BY = ("app.kubernetes.io/managed-by", "eksgen")
NAME_LABEL = "app.kubernetes.io/name"
SYSTEM_NAMESPACE = "kube-system"
# The Kubernetes objects eksgen writes or imports, and their API versions.
API_VERSIONS = {
    "Service": "v1",
    "Ingress": "networking.k8s.io/v1",
    "SecurityGroupPolicy": "vpcresources.k8s.aws/v1beta1",
    "ENIConfig": "crd.k8s.amazonaws.com/v1alpha1",
    # The storage version of the controller's CRD (config/crd/bases/
    # elbv2.k8s.aws_targetgroupbindings.yaml, v3.5.0); v1alpha1 is still served.
    "TargetGroupBinding": "elbv2.k8s.aws/v1beta1",
}

# The namespace label that makes the controller's webhook inject pod readiness gates into
# new pods with ip targets (docs/deploy/pod_readiness_gate.md, v3.5.0; the webhook's
# namespaceSelector in config/webhook/pod_mutator_patch.yaml).
READINESS_GATE_LABEL = ("elbv2.k8s.aws/pod-readiness-gate-inject", "enabled")

# Annotation suffix -> the spec field that sets it, for the keys eksgen generates.
INGRESS_FIELDS = {
    "scheme": "spec.exposure.scheme",
    "target-type": "spec.exposure.targetType",
    "listen-ports": "spec.tls",
    "certificate-arn": "spec.tls.certificateArns",
    "ssl-redirect": "spec.tls.redirectHttp",
    "ssl-policy": "spec.tls.policy",
    "healthcheck-path": "spec.exposure.healthCheck.path",
    "healthcheck-port": "spec.exposure.healthCheck.port",
    "healthcheck-protocol": "spec.exposure.healthCheck.protocol",
    "healthcheck-interval-seconds": "spec.exposure.healthCheck.intervalSeconds",
    "healthcheck-timeout-seconds": "spec.exposure.healthCheck.timeoutSeconds",
    "healthy-threshold-count": "spec.exposure.healthCheck.healthyThreshold",
    "unhealthy-threshold-count": "spec.exposure.healthCheck.unhealthyThreshold",
    "success-codes": "spec.exposure.healthCheck.successCodes",
    "group.name": "spec.exposure.group.name",
    "group.order": "spec.exposure.group.order",
    "subnets": "spec.exposure.subnets",
    "inbound-cidrs": "spec.exposure.sourceRanges",
    "tags": "spec.exposure.tags",
    "load-balancer-name": "spec.exposure.loadBalancerName",
    "ip-address-type": "spec.exposure.ipAddressType",
    "wafv2-acl-arn": "spec.exposure.waf.aclArn",
    "wafv2-acl-name": "spec.exposure.waf.aclName",
    "shield-advanced-protection": "spec.exposure.shieldAdvanced",
    "backend-protocol": "spec.exposure.backendProtocol",
    "backend-protocol-version": "spec.exposure.backendProtocolVersion",
    "security-groups": "spec.exposure.securityGroups",
    "security-group-prefix-lists": "spec.exposure.securityGroupPrefixLists",
    "target-node-labels": "spec.exposure.targetNodeLabels",
    "mutual-authentication": "spec.tls.mutualAuthentication",
    "auth-type": "spec.exposure.auth.type",
    "auth-idp-oidc": "spec.exposure.auth.oidc",
    "auth-idp-cognito": "spec.exposure.auth.cognito",
    "auth-scope": "spec.exposure.auth.scope",
    "auth-session-cookie": "spec.exposure.auth.sessionCookie",
    "auth-session-timeout": "spec.exposure.auth.sessionTimeoutSeconds",
    "auth-on-unauthenticated-request": "spec.exposure.auth.onUnauthenticatedRequest",
    "manage-backend-security-group-rules": "spec.exposure.manageBackendSecurityGroupRules",
    "load-balancer-attributes": "spec.exposure.attributes.loadBalancer",
    "target-group-attributes": "spec.exposure.attributes.targetGroup",
}
SERVICE_FIELDS = {
    "aws-load-balancer-type": "spec.exposure.type",
    "aws-load-balancer-nlb-target-type": "spec.exposure.targetType",
    "aws-load-balancer-scheme": "spec.exposure.scheme",
    "aws-load-balancer-subnets": "spec.exposure.subnets",
    "aws-load-balancer-ssl-cert": "spec.tls.certificateArns",
    "aws-load-balancer-ssl-ports": "spec.tls.ports",
    "aws-load-balancer-ssl-negotiation-policy": "spec.tls.policy",
    "aws-load-balancer-healthcheck-protocol": "spec.exposure.healthCheck.protocol",
    "aws-load-balancer-healthcheck-port": "spec.exposure.healthCheck.port",
    "aws-load-balancer-healthcheck-path": "spec.exposure.healthCheck.path",
    "aws-load-balancer-healthcheck-interval": "spec.exposure.healthCheck.intervalSeconds",
    "aws-load-balancer-healthcheck-timeout": "spec.exposure.healthCheck.timeoutSeconds",
    "aws-load-balancer-healthcheck-healthy-threshold": "spec.exposure.healthCheck.healthyThreshold",
    "aws-load-balancer-healthcheck-unhealthy-threshold": (
        "spec.exposure.healthCheck.unhealthyThreshold"
    ),
    "aws-load-balancer-healthcheck-success-codes": "spec.exposure.healthCheck.successCodes",
    "aws-load-balancer-name": "spec.exposure.loadBalancerName",
    "aws-load-balancer-ip-address-type": "spec.exposure.ipAddressType",
    "aws-load-balancer-proxy-protocol": "spec.exposure.proxyProtocol",
    "aws-load-balancer-enable-tcp-udp-listener": "spec.exposure.tcpUdpListener",
    "aws-load-balancer-security-groups": "spec.exposure.securityGroups",
    "aws-load-balancer-security-group-prefix-lists": "spec.exposure.securityGroupPrefixLists",
    "aws-load-balancer-target-node-labels": "spec.exposure.targetNodeLabels",
    "aws-load-balancer-alpn-policy": "spec.tls.alpnPolicy",
    "aws-load-balancer-backend-protocol": "spec.tls.backendTls",
    "aws-load-balancer-manage-backend-security-group-rules": (
        "spec.exposure.manageBackendSecurityGroupRules"
    ),
    "aws-load-balancer-eip-allocations": "spec.exposure.eipAllocations",
    "aws-load-balancer-private-ipv4-addresses": "spec.exposure.privateIpv4Addresses",
    "aws-load-balancer-attributes": "spec.exposure.attributes.loadBalancer",
    "aws-load-balancer-target-group-attributes": "spec.exposure.attributes.targetGroup",
    "aws-load-balancer-additional-resource-tags": "spec.exposure.tags",
    "load-balancer-source-ranges": "spec.exposure.sourceRanges",
}
# Annotation families (a key per listener: listener-attributes.HTTPS-443) -> the spec field
# whose keys are the family's suffixes (PROTOCOL-PORT).
INGRESS_FAMILY_FIELDS = {"listener-attributes.": "spec.exposure.attributes.listeners"}
# The route families: the controller's JSON per action or backend (eksgen.model.actions).
INGRESS_ROUTE_FAMILIES = {"actions.": "spec.actions", "conditions.": "spec.routes[].conditions"}
SERVICE_FAMILY_FIELDS = {
    "aws-load-balancer-listener-attributes.": "spec.exposure.attributes.listeners"
}
# ingress-hostname-source: annotation-only on the Ingress of an alb App whose DNS is off, so
# that the ingress source drops the rule hosts it would publish otherwise (its value is
# eksgen.model.facts.external_dns.ANNOTATION_ONLY).
DNS_FIELDS = {
    "hostname": "spec.hosts",
    "ttl": "spec.dns.ttl",
    "ingress-hostname-source": "spec.dns.enabled",
}


# Go's strconv.ParseBool, which the controller reads boolean annotations with.
GO_TRUE = frozenset({"1", "t", "T", "TRUE", "true", "True"})
GO_FALSE = frozenset({"0", "f", "F", "FALSE", "false", "False"})


def bool_text(value: bool | None) -> str | None:
    """A boolean spec field as the annotation text eksgen writes for it (None: not written)."""
    return None if value is None else str(value).lower()


# The identity providers' JSON keys (the controller's spelling) by spec field name:
# pkg/ingress/auth_config_builder.go (v3.5.0) and docs/guide/ingress/annotations.md.
OIDC_JSON_KEYS = {
    "issuer": "issuer",
    "authorizationEndpoint": "authorizationEndpoint",
    "tokenEndpoint": "tokenEndpoint",
    "userInfoEndpoint": "userInfoEndpoint",
    "secretName": "secretName",
}
COGNITO_JSON_KEYS = {
    "userPoolArn": "userPoolARN",
    "userPoolClientId": "userPoolClientID",
    "userPoolDomain": "userPoolDomain",
}


def generated_family_field(key: str) -> str | None:
    """The spec field behind a generated family key (listener-attributes.HTTPS-443), if any."""
    for prefix, families in (
        (INGRESS_PREFIX, INGRESS_FAMILY_FIELDS | INGRESS_ROUTE_FAMILIES),
        (SERVICE_PREFIX, SERVICE_FAMILY_FIELDS),
    ):
        for family, spec in families.items():
            if key.startswith(prefix + family) and len(key) > len(prefix + family):
                return spec
    return None


def generated_key_fields() -> dict[str, str]:
    """Every annotation key eksgen generates, mapped to the spec field that controls it."""
    keys = {INGRESS_PREFIX + suffix: spec for suffix, spec in INGRESS_FIELDS.items()}
    keys |= {SERVICE_PREFIX + suffix: spec for suffix, spec in SERVICE_FIELDS.items()}
    for prefix in DNS_PREFIXES:
        keys |= {prefix + suffix: spec for suffix, spec in DNS_FIELDS.items()}
    return keys
