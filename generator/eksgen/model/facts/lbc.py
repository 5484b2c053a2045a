"""The AWS Load Balancer Controller's annotations, one fact each.

Who reads each, its format, default, range and the release that added it, each with the
file and version it was read in.

Where the facts come from (kubernetes-sigs/aws-load-balancer-controller, tag v3.5.0):
- key, kinds, format, default, allowed values: the annotation references
  docs/guide/ingress/annotations.md and docs/guide/service/annotations.md; where those
  disagree with the code, the code wins and the comment beside the entry says so (the
  Go file named there holds the parse call or the default).
- kinds: Ingress for what the controller reads from `Ing.Annotations`, Ingress and Service
  for what it reads from the merged backend-Service-and-Ingress map (`svcAndIngAnnotations`,
  pkg/ingress/model_build_target_group.go), Service for the NLB's annotations
  (controllers/service/service_controller.go reads the service.beta.kubernetes.io prefix).
- minimum and maximum: the ranges the docs or the ELBv2 API give (health checks: interval
  5-300 s, timeout 2-120 s, thresholds 2-10; group.order -1000..1000).
- since: the first release tag (v2.0.0 and later; v1 is the older ALB ingress controller)
  whose pkg/annotations/constants.go holds the key, found by walking the tags' git
  history; for the key families built with a format string (actions.<name>, conditions.,
  transforms., target-control-port., service actions.<PROTOCOL>-<port>, per-port target
  group attributes) the first tag whose pkg/ingress or pkg/service source builds the key.
  "2.0.0" means the key is in v2.0.0's constants.go.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

from eksgen.model.controller import INGRESS_PREFIX, SERVICE_PREFIX

INGRESS, SERVICE = "Ingress", "Service"
# The one annotation of the prefix that the controller reads from Pods (QUIC server IDs).
POD = "Pod"
FORMATS = ("string", "integer", "boolean", "stringList", "stringMap", "json")

INGRESS_DOC = "docs/guide/ingress/annotations.md (v3.5.0)"
SERVICE_DOC = "docs/guide/service/annotations.md (v3.5.0)"


# A NamedTuple, not a frozen dataclass: every run defines it, and a dataclass's generated
# methods take about a millisecond of start-up to build.
class AnnotationFact(NamedTuple):
    """One annotation of the AWS Load Balancer Controller.

    key: the whole annotation key. kinds: the object kinds whose annotation the controller
    reads. format: string, integer, boolean, stringList, stringMap or json (the value
    formats of the controller's annotation reference). default: the value the controller
    uses when the annotation is absent (None: no default, the setting is off or AWS's own).
    allowed: the values it accepts, when it names them; minimum and maximum: the range of
    an integer. since: the controller release that added it. source: where the facts were
    read (file and version). family: the key is a prefix that a name completes
    (actions.<name>, listener-attributes.<PROTOCOL>-<port>): every key that starts with
    it is this annotation.
    """

    key: str
    kinds: frozenset[str]
    format: str
    default: str | None = None
    allowed: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    since: str = "2.0.0"
    source: str = ""
    family: bool = False


_BOTH = frozenset({INGRESS, SERVICE})
_ING = frozenset({INGRESS})
_SVC = frozenset({SERVICE})
_HTTP_CHECK = ("HTTP", "HTTPS")
_SCHEMES = ("internal", "internet-facing")
_ON_OFF = ("on", "off")


def _fact(
    prefix: str,
    usual: tuple[frozenset[str], str],
    suffix: str,
    format: str,
    default: str | None = None,
    *,
    kinds: frozenset[str] | None = None,
    allowed: tuple[str, ...] = (),
    minimum: int | None = None,
    maximum: int | None = None,
    since: str = "2.0.0",
    source: str | None = None,
) -> AnnotationFact:
    """One fact; usual: the prefix's kinds and source; a suffix ending in '.' is a family."""
    return AnnotationFact(
        key=prefix + suffix,
        kinds=usual[0] if kinds is None else kinds,
        format=format,
        default=default,
        allowed=allowed,
        minimum=minimum,
        maximum=maximum,
        since=since,
        source=usual[1] if source is None else source,
        family=suffix.endswith("."),
    )


_ing = partial(_fact, INGRESS_PREFIX, (_ING, INGRESS_DOC))
_svc = partial(_fact, SERVICE_PREFIX, (_SVC, SERVICE_DOC))

_INGRESS_FACTS = (
    # ---- load balancer and IngressGroup
    _ing("load-balancer-name", "string", since="2.2.0"),
    _ing("group.name", "string"),
    _ing("group.order", "integer", "0", minimum=-1000, maximum=1000),
    # A backend Service's tags go onto its target group (pkg/ingress/model_build_tags.go).
    _ing("tags", "stringMap", kinds=_BOTH),
    _ing(
        "ip-address-type",
        "string",
        "ipv4",
        allowed=("ipv4", "dualstack", "dualstack-without-public-ipv4"),
    ),
    _ing("scheme", "string", "internal", allowed=_SCHEMES),
    _ing("subnets", "stringList"),
    _ing("security-groups", "stringList"),
    # Absent: the controller's --enable-manage-backend-security-group-rules flag decides.
    _ing("manage-backend-security-group-rules", "boolean", since="2.3.0"),
    _ing("customer-owned-ipv4-pool", "string", since="2.1.0"),
    _ing("load-balancer-attributes", "stringMap"),
    _ing("wafv2-acl-arn", "string"),
    _ing("wafv2-acl-name", "string", since="2.14.0"),
    _ing("waf-acl-id", "string"),
    # The deprecated spelling of waf-acl-id, still read (pkg/annotations/constants.go).
    _ing("web-acl-id", "string", source="pkg/ingress/model_build_load_balancer_addons.go (v3.5.0)"),
    _ing("shield-advanced-protection", "boolean"),
    _ing("minimum-load-balancer-capacity", "stringMap", since="2.11.0"),
    _ing("ipam-ipv4-pool-id", "string", since="2.12.0"),
    # ---- listeners and TLS
    # [{"HTTPS": 443}] instead when a certificate is given (pkg/ingress/model_build_listener.go).
    _ing("listen-ports", "json", '[{"HTTP": 80}]'),
    _ing("ssl-redirect", "integer", minimum=1, maximum=65535, since="2.2.0"),
    # ::/0 too for a dualstack load balancer (pkg/ingress/model_build_listener.go).
    _ing("inbound-cidrs", "stringList", "0.0.0.0/0"),
    _ing("security-group-prefix-lists", "stringList", since="2.8.0"),
    _ing("certificate-arn", "stringList"),
    _ing("ssl-policy", "string", "ELBSecurityPolicy-2016-08"),
    _ing("mutual-authentication", "json", since="2.7.0"),
    _ing("listener-attributes.", "stringMap", since="2.9.0"),
    _ing("create-acm-cert", "boolean", since="3.3.0"),
    _ing("acm-pca-arn", "string", since="3.3.0"),
    # ---- target groups: also read on the backend Service, which wins
    _ing("target-type", "string", "instance", kinds=_BOTH, allowed=("instance", "ip")),
    _ing("backend-protocol", "string", "HTTP", kinds=_BOTH, allowed=_HTTP_CHECK),
    _ing(
        "backend-protocol-version",
        "string",
        "HTTP1",
        kinds=_BOTH,
        allowed=("HTTP1", "HTTP2", "GRPC"),
        since="2.1.0",
    ),
    _ing("target-group-attributes", "stringMap", kinds=_BOTH),
    _ing("target-node-labels", "stringMap", kinds=_BOTH, since="2.2.0"),
    _ing("multi-cluster-target-group", "boolean", kinds=_BOTH, since="2.10.0"),
    # traffic-port, a port number or a Service port name.
    _ing("healthcheck-port", "string", "traffic-port", kinds=_BOTH),
    # The default is the target group's protocol, backend-protocol's HTTP unless set.
    _ing("healthcheck-protocol", "string", "HTTP", kinds=_BOTH, allowed=_HTTP_CHECK),
    # /AWS.ALB/healthcheck with backend-protocol-version GRPC (pkg/ingress/model_builder.go).
    _ing("healthcheck-path", "string", "/", kinds=_BOTH),
    _ing("healthcheck-interval-seconds", "integer", "15", kinds=_BOTH, minimum=5, maximum=300),
    _ing("healthcheck-timeout-seconds", "integer", "5", kinds=_BOTH, minimum=2, maximum=120),
    _ing("healthy-threshold-count", "integer", "2", kinds=_BOTH, minimum=2, maximum=10),
    _ing("unhealthy-threshold-count", "integer", "2", kinds=_BOTH, minimum=2, maximum=10),
    # 12 with backend-protocol-version GRPC (pkg/ingress/model_builder.go).
    _ing("success-codes", "string", "200", kinds=_BOTH),
    # Read from the merged Service-and-Ingress map although the docs name the Ingress only.
    _ing(
        "target-control-port.",
        "integer",
        kinds=_BOTH,
        minimum=1,
        maximum=65535,
        since="2.16.0",
        source="pkg/ingress/model_build_target_group.go (v3.5.0)",
    ),
    # ---- routing and authentication
    _ing("actions.", "json"),
    _ing("conditions.", "json"),
    _ing("transforms.", "json", since="2.14.1"),
    _ing("use-regex-path-match", "boolean", since="2.14.1"),
    _ing("auth-type", "string", "none", kinds=_BOTH, allowed=("none", "oidc", "cognito")),
    _ing("auth-idp-cognito", "json", kinds=_BOTH),
    _ing("auth-idp-oidc", "json", kinds=_BOTH),
    _ing(
        "auth-on-unauthenticated-request",
        "string",
        "authenticate",
        kinds=_BOTH,
        allowed=("authenticate", "allow", "deny"),
    ),
    _ing("auth-scope", "string", "openid", kinds=_BOTH),
    _ing("auth-session-cookie", "string", "AWSELBAuthSessionCookie", kinds=_BOTH),
    _ing("auth-session-timeout", "integer", "604800", kinds=_BOTH),
    _ing("jwt-validation", "json", since="2.15.0"),
    # ---- a Network Load Balancer in front of the ALB
    _ing("enable-frontend-nlb", "boolean", "false", since="2.13.0"),
    _ing("frontend-nlb-scheme", "string", "internal", allowed=_SCHEMES, since="2.13.0"),
    _ing("frontend-nlb-subnets", "stringList", since="2.13.0"),
    _ing("frontend-nlb-security-groups", "stringList", since="2.13.0"),
    _ing("frontend-nlb-listener-port-mapping", "stringMap", since="2.13.0"),
    _ing("frontend-nlb-healthcheck-port", "string", "traffic-port", since="2.13.0"),
    _ing(
        "frontend-nlb-healthcheck-protocol",
        "string",
        "HTTP",
        allowed=_HTTP_CHECK,
        since="2.13.0",
    ),
    _ing("frontend-nlb-healthcheck-path", "string", "/", since="2.13.0"),
    _ing(
        "frontend-nlb-healthcheck-interval-seconds",
        "integer",
        "15",
        minimum=5,
        maximum=300,
        since="2.13.0",
    ),
    _ing(
        "frontend-nlb-healthcheck-timeout-seconds",
        "integer",
        "5",
        minimum=2,
        maximum=120,
        since="2.13.0",
    ),
    # The docs say 3; the code starts from the ALB target group's default, 2
    # (pkg/ingress/model_build_frontend_nlb.go and pkg/ingress/model_builder.go, v3.5.0).
    _ing(
        "frontend-nlb-healthcheck-healthy-threshold-count",
        "integer",
        "2",
        minimum=2,
        maximum=10,
        since="2.13.0",
        source="pkg/ingress/model_build_frontend_nlb.go (v3.5.0)",
    ),
    _ing(
        "frontend-nlb-healthcheck-unhealthy-threshold-count",
        "integer",
        "2",
        minimum=2,
        maximum=10,
        since="2.13.0",
        source="pkg/ingress/model_build_frontend_nlb.go (v3.5.0)",
    ),
    _ing("frontend-nlb-healthcheck-success-codes", "string", "200", since="2.13.0"),
    _ing("frontend-nlb-tags", "stringMap", since="2.14.0"),
    _ing("frontend-nlb-eip-allocations", "stringList", since="2.14.0"),
    # The docs' table says stringList; the code parses a map (ParseStringMapAnnotation).
    _ing(
        "frontend-nlb-attributes",
        "stringMap",
        since="3.2.0",
        source="pkg/ingress/model_build_frontend_nlb.go (v3.5.0)",
    ),
    # Written, not read: with the IngressPlanAnnotation feature gate (off by default) the
    # controller stores its planned stack as JSON here on the group's first Ingress, and
    # clears it from the other members (controllers/ingress/dryrun.go,
    # docs/deploy/configurations.md, v3.5.0).
    _ing("dry-run-plan", "json", since="3.4.0", source="controllers/ingress/dryrun.go (v3.5.0)"),
)

_NLB_CHECK = "aws-load-balancer-healthcheck-"
_SERVICE_FACTS = (
    # ---- which controller, and the load balancer
    # external since v2.2.0; nlb-ip (deprecated) since v2.0.0 (pkg/service/service_utils.go).
    _svc("aws-load-balancer-type", "string", allowed=("external", "nlb-ip")),
    # The docs' Notes: instance when the Service names the controller's loadBalancerClass.
    _svc(
        "aws-load-balancer-nlb-target-type",
        "string",
        "instance",
        allowed=("instance", "ip"),
        since="2.2.0",
    ),
    _svc("aws-load-balancer-name", "string", since="2.2.0"),
    _svc("aws-load-balancer-internal", "boolean", "false"),
    _svc("aws-load-balancer-scheme", "string", "internal", allowed=_SCHEMES, since="2.2.0"),
    _svc(
        "aws-load-balancer-ip-address-type",
        "string",
        "ipv4",
        allowed=("ipv4", "dualstack"),
        since="2.1.0",
    ),
    _svc("aws-load-balancer-subnets", "stringList", since="2.1.0"),
    _svc("aws-load-balancer-eip-allocations", "stringList"),
    _svc("aws-load-balancer-private-ipv4-addresses", "stringList", since="2.2.0"),
    _svc("aws-load-balancer-ipv6-addresses", "stringList", since="2.4.4"),
    _svc("aws-load-balancer-attributes", "stringMap", since="2.3.0"),
    _svc("aws-load-balancer-access-log-enabled", "boolean", "false"),
    _svc("aws-load-balancer-access-log-s3-bucket-name", "string"),
    _svc("aws-load-balancer-access-log-s3-bucket-prefix", "string"),
    _svc("aws-load-balancer-cross-zone-load-balancing-enabled", "boolean", "false"),
    _svc("aws-load-balancer-additional-resource-tags", "stringMap"),
    _svc("aws-load-balancer-minimum-load-balancer-capacity", "stringMap", since="2.11.0"),
    # ---- security groups and sources
    _svc("load-balancer-source-ranges", "stringList"),
    _svc("aws-load-balancer-security-groups", "stringList", since="2.6.0"),
    # true with the managed security group; false when security-groups is given.
    _svc("aws-load-balancer-manage-backend-security-group-rules", "boolean", "true", since="2.4.0"),
    _svc("aws-load-balancer-security-group-prefix-lists", "stringList", since="2.8.0"),
    _svc(
        "aws-load-balancer-inbound-sg-rules-on-private-link-traffic",
        "string",
        allowed=_ON_OFF,
        since="2.8.0",
    ),
    _svc("aws-load-balancer-disable-nlb-sg", "boolean", "false", since="2.14.0"),
    _svc("aws-load-balancer-enable-icmp-for-path-mtu-discovery", "string", since="2.12.0"),
    _svc(
        "aws-load-balancer-enable-prefix-for-ipv6-source-nat",
        "string",
        "off",
        allowed=_ON_OFF,
        since="2.10.0",
    ),
    _svc("aws-load-balancer-source-nat-ipv6-prefixes", "stringList", since="2.10.0"),
    # ---- listeners and TLS
    _svc("aws-load-balancer-ssl-cert", "stringList"),
    _svc("aws-load-balancer-ssl-ports", "stringList"),
    _svc("aws-load-balancer-ssl-negotiation-policy", "string", "ELBSecurityPolicy-2016-08"),
    # The table leaves the default blank; the annotation's section says tcp.
    _svc("aws-load-balancer-backend-protocol", "string", "tcp", allowed=("ssl", "tcp")),
    _svc(
        "aws-load-balancer-alpn-policy",
        "string",
        allowed=("None", "HTTP1Only", "HTTP2Only", "HTTP2Optional", "HTTP2Preferred"),
        since="2.1.0",
    ),
    _svc("aws-load-balancer-listener-attributes.", "stringMap", since="2.9.0"),
    _svc("aws-load-balancer-enable-tcp-udp-listener", "boolean", "false", since="2.13.0"),
    _svc("aws-load-balancer-quic-enabled-ports", "stringList", since="2.15.0"),
    # The table says stringMap; the code decodes JSON (pkg/service/model_build_listener.go).
    _svc(
        "actions.",
        "json",
        since="2.16.0",
        source="pkg/service/model_build_listener.go (v3.5.0)",
    ),
    # ---- target groups
    _svc("aws-load-balancer-proxy-protocol", "string", allowed=("*",)),
    # A comma-separated list of ports (the table says string; the code splits on commas,
    # pkg/service/model_build_target_group.go).
    _svc("aws-load-balancer-proxy-protocol-per-target-group", "stringList", since="2.13.0"),
    _svc("aws-load-balancer-target-group-attributes", "stringMap", since="2.1.0"),
    # <key>.<service port>: the port's own attributes over the common ones.
    _svc("aws-load-balancer-target-group-attributes.", "stringMap", since="2.14.0"),
    _svc("aws-load-balancer-target-node-labels", "stringMap", since="2.2.0"),
    _svc("aws-load-balancer-multi-cluster-target-group", "boolean", "false", since="2.10.0"),
    # Defaults below: pkg/service/model_builder.go (v3.5.0), for externalTrafficPolicy
    # Cluster; instance targets with Local get HTTP, /healthz, the healthCheckNodePort,
    # 10 s, 6 s, 2 and 2 instead. Path and success codes apply to HTTP(S) checks only.
    _svc(_NLB_CHECK + "protocol", "string", "TCP", allowed=("TCP", "HTTP", "HTTPS")),
    _svc(_NLB_CHECK + "port", "string", "traffic-port"),
    _svc(_NLB_CHECK + "path", "string", "/"),
    _svc(_NLB_CHECK + "interval", "integer", "10", minimum=5, maximum=300),
    # Read only with the NLBHealthCheckAdvancedConfig feature gate (on by default).
    _svc(_NLB_CHECK + "timeout", "integer", "10", minimum=2, maximum=120),
    _svc(_NLB_CHECK + "healthy-threshold", "integer", "3", minimum=2, maximum=10),
    _svc(_NLB_CHECK + "unhealthy-threshold", "integer", "3", minimum=2, maximum=10),
    _svc(_NLB_CHECK + "success-codes", "string", "200-399", since="2.4.6"),
    # Read on Pods, not Services: the containers that get a QUIC server ID
    # (pkg/inject/quic/quic_server_id_injector.go, docs/guide/use_cases/quic/index.md).
    _svc(
        "aws-load-balancer-quic-enabled-containers",
        "stringList",
        kinds=frozenset({POD}),
        since="2.15.0",
        source="pkg/inject/quic/quic_server_id_injector.go (v3.5.0)",
    ),
)

# Annotation key -> its facts.
ANNOTATIONS: dict[str, AnnotationFact] = {
    fact.key: fact for fact in (*_INGRESS_FACTS, *_SERVICE_FACTS)
}
_FAMILIES = tuple(fact for fact in ANNOTATIONS.values() if fact.family)
# An ALB target group's check defaults when backend-protocol-version is GRPC: the gRPC
# health-check method and gRPC code 12 (pkg/ingress/model_builder.go, v3.5.0).
GRPC_DEFAULTS = {
    INGRESS_PREFIX + "healthcheck-path": "/AWS.ALB/healthcheck",
    INGRESS_PREFIX + "success-codes": "12",
}


def lookup(key: str) -> AnnotationFact | None:
    """The fact of an annotation key, a family member (actions.<name>) included; None: unknown."""
    fact = ANNOTATIONS.get(key)
    if fact is not None:
        return fact
    return next((f for f in _FAMILIES if key.startswith(f.key) and key != f.key), None)


def default(key: str) -> str:
    """The controller's default for an annotation that has one (KeyError names it otherwise)."""
    value = ANNOTATIONS[key].default
    if value is None:
        raise KeyError(f"{key} has no default")
    return value
