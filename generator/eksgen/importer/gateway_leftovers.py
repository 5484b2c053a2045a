"""What eksgen import cannot carry over from Gateway API objects: each a warning at its field.

The spec fields of eksgen.importer.gateway are read from a few fields of the Gateway API
objects; any other field of a LoadBalancerConfiguration, TargetGroupConfiguration or route
rule (a WAF, security groups, a header modifier filter...) would be gone in the rendered
objects, and is reported where it is written. A route rule's matches, backendRefs and
filters are eksgen.importer.gateway_routes': what of them it cannot read it reports itself.
"""

from __future__ import annotations

from eksgen.importer.build import Build
from eksgen.importer.gateway_rules import rule_config_name
from eksgen.importer.leftovers import NOT_MODELLED
from eksgen.importer.objects import GRPC_ROUTE, Object, as_list, as_mapping, dig
from eksgen.spec.path import FieldPath

# Fields eksgen reads (or writes itself), per object part.
LB_CONFIG_FIELDS = frozenset(
    {
        "scheme",
        "loadBalancerName",
        "loadBalancerSubnets",
        "sourceRanges",
        "tags",
        "loadBalancerAttributes",
        "listenerConfigurations",
        "ipAddressType",
        "securityGroups",
        "securityGroupPrefixes",
        "manageBackendSecurityGroupRules",
        "wafV2",
        "shieldConfiguration",
    }
)
LISTENER_FIELDS = frozenset(
    {
        "protocolPort",
        "defaultCertificate",
        "certificates",
        "sslPolicy",
        "alpnPolicy",
        "mutualAuthentication",
        "listenerAttributes",
    }
)
SUBNET_FIELDS = frozenset({"identifier", "eipAllocation", "privateIPv4Allocation"})
TG_CONFIG_FIELDS = frozenset({"targetReference", "defaultConfiguration", "routeConfigurations"})
TARGET_FIELDS = frozenset(
    {
        "targetType",
        "healthCheckConfig",
        "targetGroupAttributes",
        "tags",
        "protocol",
        "protocolVersion",
        "nodeSelector",
    }
)
RULE_FIELDS = frozenset({"matches", "backendRefs", "filters"})
MATCH_FIELDS = frozenset({"path", "headers", "queryParams", "method"})
# Filters eksgen writes: a redirect, and the ExtensionRef of a ListenerRuleConfiguration.
_REDIRECT_FILTER = "RequestRedirect"


def config_leftovers(build: Build, config: Object) -> None:
    """The LoadBalancerConfiguration's fields that no spec field takes."""
    spec = config.spec
    _extra(build, config, ("spec",), spec, LB_CONFIG_FIELDS)
    for index, item in enumerate(as_list(spec.get("listenerConfigurations"))):
        where = ("spec", "listenerConfigurations", index)
        _extra(build, config, where, as_mapping(item), LISTENER_FIELDS)
    for index, item in enumerate(as_list(spec.get("loadBalancerSubnets"))):
        where = ("spec", "loadBalancerSubnets", index)
        _extra(build, config, where, as_mapping(item), SUBNET_FIELDS)


def target_leftovers(build: Build, config: Object) -> None:
    """The TargetGroupConfiguration's fields that no spec field takes."""
    _extra(build, config, ("spec",), config.spec, TG_CONFIG_FIELDS)
    settings = as_mapping(config.spec.get("defaultConfiguration"))
    _extra(build, config, ("spec", "defaultConfiguration"), settings, TARGET_FIELDS)
    for index, item in enumerate(as_list(config.spec.get("routeConfigurations"))):
        # eksgen writes a route's protocol TLS alone (tls.backendTls); the rest is not read.
        props = as_mapping(dig(item, "targetGroupProps"))
        if props != {"protocol": "TLS"}:
            build.warn(config, ("spec", "routeConfigurations", index), NOT_MODELLED)


def route_leftovers(build: Build, route: Object) -> None:
    """The fields of an HTTPRoute's or GRPCRoute's rules and matches that no spec field takes.

    A filter is taken when it names a ListenerRuleConfiguration (eksgen.importer.gateway_rules
    reads it); a GRPCRoute's matches are gateway_rules' too.
    """
    for index, rule in enumerate(as_list(route.spec.get("rules"))):
        where: FieldPath = ("spec", "rules", index)
        _extra(build, route, where, as_mapping(rule), RULE_FIELDS)
        for number, item in enumerate(as_list(as_mapping(rule).get("filters"))):
            if dig(item, "type") == _REDIRECT_FILTER and route.kind != GRPC_ROUTE:
                continue  # eksgen.importer.gateway_routes reads it
            if rule_config_name({"filters": [item]}) is None:
                build.warn(route, (*where, "filters", number), NOT_MODELLED)
        if route.kind == GRPC_ROUTE:
            continue
        for number, match in enumerate(as_list(as_mapping(rule).get("matches"))):
            _extra(build, route, (*where, "matches", number), as_mapping(match), MATCH_FIELDS)


def _extra(
    build: Build, obj: Object, where: FieldPath, data: dict[str, object], known: frozenset[str]
) -> None:
    for key in sorted(str(key) for key in data if key not in known):
        build.warn(obj, (*where, key), NOT_MODELLED, key=True)
