"""Semantic rules: what the schema cannot say. One module per rule, listed here explicitly.

Each rule module has ID, NAME, SEVERITY, a docstring (its user documentation: what and
why), FIX (how to fix it), SOURCE (where the fact comes from) and one of: check(app) for
one App; with SCOPE = "all", check_all(apps, clusters) across every spec; with
SCOPE = "cluster", check_cluster(cluster, apps) for a Cluster and the Apps beside it.
GUARD says the rule's kind: True for a guard, whose finding means eksgen would write what
Kubernetes or a controller refuses (or fail itself), so that it cannot be ignored (with
GUARD_REASON saying why); False for advice, which eksgen.dev/ignore and .eksgen.yaml may skip.
The engine that runs them is eksgen.lint.engine.

The index below names each rule's module and scope, so that a run imports only the rules it
runs: the Cluster rules wait for a Cluster spec, and `explain` or the SARIF report import
them all. Each module still states its own ID and SCOPE; a test keeps the two in step.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from types import ModuleType

from eksgen.lint.rules._base import Finding, Spec
from eksgen.model.app import App

__all__ = ["RULES", "Finding", "Spec", "get", "needed", "scopes"]

# Rule ID -> (module in this package, scope), in the order the engine runs the rules and
# `explain --list` lists them.
_INDEX: dict[str, tuple[str, str]] = {
    "EKS001": ("udp_requires_nlb", "app"),
    "EKS002": ("alb_only_field", "app"),
    "EKS003": ("nlb_only_tls_ports", "app"),
    "EKS004": ("unknown_port_reference", "app"),
    "EKS005": ("duplicate_port", "app"),
    "EKS006": ("port_name_required", "app"),
    "EKS007": ("duplicate_host", "app"),
    "EKS008": ("named_healthcheck_port_ip", "app"),
    "EKS009": ("healthcheck_interval_timeout", "app"),
    "EKS010": ("tls_needs_load_balancer", "app"),
    "EKS011": ("load_balancer_field_without_exposure", "app"),
    "EKS012": ("hosts_without_exposure", "app"),
    "EKS013": ("generated_annotation", "app"),
    "EKS014": ("reserved_label", "app"),
    "EKS015": ("cidr_host_bits", "app"),
    "EKS016": ("route_path_wildcard", "app"),
    "EKS017": ("alb_healthcheck_protocol", "app"),
    "EKS018": ("tls_port_udp", "app"),
    "EKS019": ("dns_without_hosts", "app"),
    "EKS020": ("duplicate_app", "all"),
    "EKS021": ("empty_pod_selector", "app"),
    "EKS022": ("alb_single_subnet", "app"),
    "EKS023": ("internet_facing_open", "app"),
    "EKS024": ("weak_tls_policy", "app"),
    "EKS025": ("pod_security_groups_replace_node_groups", "app"),
    "EKS026": ("alias_ttl_ignored", "app"),
    "EKS027": ("unknown_controller_annotation", "app"),
    "EKS028": ("ingress_class_annotation", "app"),
    "EKS029": ("annotation_size", "app"),
    "EKS030": ("object_size", "app"),
    "EKS101": ("db_access_needs_pod_security_groups", "cluster"),
    "EKS102": ("db_access_needs_trunk_nodes", "cluster"),
    "EKS103": ("prefix_delegation_unsupported", "cluster"),
    "EKS104": ("host_outside_domain_filters", "cluster"),
    "EKS105": ("sync_without_owner_id", "cluster"),
    "EKS106": ("custom_networking_missing_zone", "cluster"),
    "EKS107": ("unknown_instance_type", "cluster"),
    "EKS108": ("zone_outside_region", "cluster"),
    "EKS109": ("dns_prefix_version", "cluster"),
    "EKS110": ("external_dns_all_zones", "cluster"),
    "EKS111": ("one_cluster", "all"),
    "EKS112": ("node_group_sizes", "cluster"),
    "EKS113": ("minimum_ip_without_warm_ip", "cluster"),
    "EKS114": ("external_dns_sync", "cluster"),
    "EKS115": ("instance_targets_with_strict_pod_security_groups", "cluster"),
    "EKS116": ("certificate_region", "cluster"),
    "EKS117": ("prefix_delegation_no_warm_target", "cluster"),
    "EKS118": ("subnet_cannot_hold_node_group", "cluster"),
    "EKS201": ("ingress_group_conflict", "all"),
    "EKS202": ("ingress_group_order_tie", "all"),
    "EKS203": ("host_on_two_load_balancers", "all"),
    "EKS204": ("load_balancer_name_collision", "all"),
    "EKS205": ("alb_rule_limit", "all"),
    "EKS031": ("nlb_tcp_healthcheck_http_fields", "app"),
    "EKS032": ("instance_healthcheck_port", "app"),
    "EKS035": ("ingress_host_ip", "app"),
    "EKS036": ("route_path_segments", "app"),
    "EKS037": ("topology_annotation_mismatch", "app"),
    "EKS043": ("nlb_ipv6_source_range", "app"),
    "EKS044": ("alb_ipv6_only_source_ranges", "all"),
    "EKS045": ("alb_ipv6_source_range_dropped", "all"),
    "EKS046": ("db_access_security_group_quota", "app"),
    "EKS119": ("default_tags_refused", "cluster"),
    "EKS120": ("vpc_cni_registry_unknown", "cluster"),
    "EKS040": ("controller_annotation_version", "app"),
    "EKS041": ("external_dns_annotation_version", "app"),
    "EKS121": ("external_dns_flag_version", "cluster"),
    "EKS122": ("gateway_api_crds_version", "cluster"),
    "EKS123": ("ip_targets_without_readiness_gate", "cluster"),
    "EKS047": ("nlb_tcp_udp_same_port", "app"),
    "EKS048": ("annotation_left_out", "app"),
    "EKS049": ("shield_advanced_internal", "app"),
    "EKS050": ("proxy_protocol_app", "app"),
    "EKS051": ("nlb_static_addresses", "app"),
    "EKS052": ("nlb_only_field", "app"),
    "EKS053": ("alb_protocol_version_https", "app"),
    "EKS054": ("grpc_success_codes", "app"),
    "EKS055": ("source_ranges_with_security_groups", "app"),
    "EKS056": ("backend_rules_without_security_groups", "app"),
    "EKS057": ("target_node_labels_ip", "app"),
    "EKS058": ("nlb_only_tls_field", "app"),
    "EKS059": ("alb_auth_https", "app"),
    "EKS060": ("alb_auth_provider", "app"),
    "EKS061": ("alb_mtls_trust_store", "app"),
    "EKS062": ("gateway_controller_version", "app"),
    "EKS063": ("gateway_route_path", "app"),
    "EKS064": ("gateway_l4_dns", "app"),
    "EKS065": ("gateway_route_limits", "app"),
    "EKS066": ("gateway_health_check_defaults", "app"),
    "EKS067": ("gateway_group_name", "app"),
    "EKS068": ("gateway_field_not_rendered", "app"),
    "EKS069": ("target_group_binding_with_load_balancer", "app"),
    "EKS070": ("target_group_binding_named_port_instance", "app"),
    "EKS071": ("target_group_binding_without_networking", "app"),
    "EKS073": ("ingress_class_overrides_app", "app"),
    "EKS074": ("ingress_class_not_alb", "app"),
    "EKS075": ("ingress_class_merged_key", "app"),
    "EKS125": ("unknown_ingress_class", "cluster"),
    "EKS126": ("ingress_class_namespace", "cluster"),
    "EKS127": ("ingress_class_name_taken", "cluster"),
    "EKS086": ("alb_action_unused", "app"),
    "EKS087": ("alb_route_action", "app"),
    "EKS088": ("alb_forward_weights", "app"),
    "EKS089": ("alb_route_conditions_shared", "app"),
    "EKS093": ("alb_route_unreachable", "app"),
    "EKS094": ("gateway_redirect_port", "app"),
    "EKS095": ("gateway_discovered_extra_hosts", "app"),
    "EKS096": ("gateway_rule_order", "app"),
    "EKS090": ("alb_condition_limits", "app"),
    "EKS091": ("alb_redirect_loop", "app"),
    "EKS092": ("alb_listen_ports_clash", "app"),
    "EKS076": ("prefix_lists_with_security_groups", "app"),
    "EKS077": ("gateway_prefix_lists_open", "app"),
    "EKS078": ("listener_attributes_unknown_listener", "app"),
    "EKS079": ("tcp_udp_target_port", "app"),
    "EKS080": ("tls_certificate_discovery", "app"),
    "EKS206": ("gateway_group_api", "all"),
    "EKS207": ("gateway_group_order", "all"),
    "EKS208": ("gateway_name_collision", "all"),
    "EKS209": ("gateway_group_namespace", "all"),
    "EKS210": ("target_group_bound_twice", "all"),
}


# App rules that find nothing in an App without one of these: a key under spec.exposure,
# spec.tls or metadata ("section.key"), a field of spec itself ("spec.key"), "actions" for
# an App with spec.actions, a key of any route ("routes.key"), or "gateway" for an App on
# the Gateway API. The engine imports such a rule only when an App has what it needs (each
# rule still checks for itself; tests/rules compares the engine with every rule run on
# every case).
_NEEDS: dict[str, tuple[str, ...]] = {
    "EKS048": ("metadata.annotations",),
    "EKS049": ("exposure.shieldAdvanced",),
    "EKS050": ("exposure.proxyProtocol",),
    "EKS051": ("exposure.eipAllocations", "exposure.privateIpv4Addresses"),
    "EKS052": (
        "exposure.proxyProtocol",
        "exposure.eipAllocations",
        "exposure.privateIpv4Addresses",
    ),
    "EKS053": ("exposure.backendProtocolVersion",),
    "EKS054": ("exposure.healthCheck",),
    "EKS055": ("exposure.securityGroups",),
    "EKS056": ("exposure.manageBackendSecurityGroupRules",),
    "EKS057": ("exposure.targetNodeLabels",),
    "EKS058": ("tls.alpnPolicy", "tls.backendTls"),
    "EKS059": ("exposure.auth",),
    "EKS060": ("exposure.auth",),
    "EKS061": ("tls.mutualAuthentication",),
    "EKS062": ("gateway",),
    "EKS063": ("gateway",),
    "EKS064": ("gateway",),
    "EKS065": ("gateway",),
    "EKS066": ("gateway",),
    "EKS067": ("gateway",),
    "EKS068": ("gateway",),
    "EKS069": ("spec.targetGroupBindings",),
    "EKS070": ("spec.targetGroupBindings",),
    "EKS071": ("spec.targetGroupBindings",),
    "EKS073": ("exposure.ingressClass",),
    "EKS074": ("exposure.ingressClass",),
    "EKS075": ("exposure.ingressClass",),
    "EKS086": ("actions",),
    "EKS087": ("actions", "routes.action"),
    "EKS088": ("actions",),
    "EKS089": ("routes.conditions",),
    "EKS093": ("routes.conditions",),
    "EKS094": ("actions",),
    "EKS095": ("routes.conditions",),
    "EKS096": ("gateway",),
    "EKS090": ("routes.conditions",),
    "EKS091": ("actions",),
    "EKS092": ("exposure.listenPorts",),
    "EKS076": ("exposure.securityGroupPrefixLists",),
    "EKS077": ("exposure.securityGroupPrefixLists",),
    "EKS078": ("exposure.attributes",),
    "EKS079": ("exposure.tcpUdpListener",),
}


def needed(rule_id: str, apps: Sequence[App]) -> bool:
    """Whether an App has what the rule needs to find anything (rules without needs: yes)."""
    needs = _NEEDS.get(rule_id)
    return needs is None or any(_has(app, need) for app in apps for need in needs)


def _has(app: App, need: str) -> bool:
    if need == "gateway":
        return app.uses_gateway
    if need == "actions":
        return bool(app.actions)
    if need.startswith("routes."):
        field = need.removeprefix("routes.")
        return any(field in route for route in app.raw["spec"].get("routes", ()))
    section, key = need.split(".")
    if section == "spec":  # a field of spec itself
        return key in app.raw["spec"]
    part = app.raw.get(section) if section == "metadata" else app.raw["spec"].get(section)
    return isinstance(part, dict) and key in part


class _Registry(Mapping[str, ModuleType]):
    """Rule ID -> rule module, each module imported when it is first asked for."""

    def __getitem__(self, rule_id: str) -> ModuleType:
        module, _ = _INDEX[rule_id]
        return importlib.import_module(f"{__name__}.{module}")

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in _INDEX

    def __iter__(self) -> Iterator[str]:
        return iter(_INDEX)

    def __len__(self) -> int:
        return len(_INDEX)


RULES: Mapping[str, ModuleType] = _Registry()


def __getattr__(name: str) -> ModuleType:
    """A rule module by its module name (rules.udp_requires_nlb), imported on first use."""
    if any(module == name for module, _ in _INDEX.values()):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def scopes() -> Iterator[tuple[str, str]]:
    """(rule ID, scope) of every rule, in the engine's order, without importing any."""
    for rule_id, (_, scope) in _INDEX.items():
        yield rule_id, scope


def get(rule_id: str) -> ModuleType:
    """The rule with this ID; KeyError names the known ones."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; known: {', '.join(RULES)}") from None
