"""Semantic rules: what the schema cannot say. One module per rule, listed here explicitly.

Each rule module has ID, NAME, SEVERITY, a docstring (its user documentation: what and
why), FIX (how to fix it), SOURCE (where the fact comes from) and one of: check(app) for
one App; with SCOPE = "all", check_all(apps, clusters) across every spec; with
SCOPE = "cluster", check_cluster(cluster, apps) for a Cluster and the Apps beside it.
GUARD says the rule's kind: True for a guard, whose finding means eksgen would write what
Kubernetes or a controller refuses (or fail itself), so that it cannot be ignored (with
GUARD_REASON saying why); False for advice, which eksgen.dev/ignore and .eksgen.yaml may skip.
The engine that runs them is eksgen.lint.engine.
"""

from __future__ import annotations

from types import ModuleType

from eksgen.lint.rules import (
    alb_healthcheck_protocol,
    alb_ipv6_only_source_ranges,
    alb_ipv6_source_range_dropped,
    alb_only_field,
    alb_rule_limit,
    alb_single_subnet,
    alias_ttl_ignored,
    annotation_size,
    certificate_region,
    cidr_host_bits,
    controller_annotation_version,
    custom_networking_missing_zone,
    db_access_needs_pod_security_groups,
    db_access_needs_trunk_nodes,
    db_access_security_group_quota,
    default_tags_refused,
    dns_prefix_version,
    dns_without_hosts,
    duplicate_app,
    duplicate_host,
    duplicate_port,
    empty_pod_selector,
    external_dns_all_zones,
    external_dns_annotation_version,
    external_dns_flag_version,
    external_dns_sync,
    generated_annotation,
    healthcheck_interval_timeout,
    host_on_two_load_balancers,
    host_outside_domain_filters,
    hosts_without_exposure,
    ingress_class_annotation,
    ingress_group_conflict,
    ingress_group_order_tie,
    ingress_host_ip,
    instance_healthcheck_port,
    instance_targets_with_strict_pod_security_groups,
    internet_facing_open,
    load_balancer_field_without_exposure,
    load_balancer_name_collision,
    minimum_ip_without_warm_ip,
    named_healthcheck_port_ip,
    nlb_ipv6_source_range,
    nlb_only_tls_ports,
    nlb_tcp_healthcheck_http_fields,
    nlb_tcp_udp_same_port,
    node_group_sizes,
    object_size,
    one_cluster,
    pod_security_groups_replace_node_groups,
    port_name_required,
    prefix_delegation_no_warm_target,
    prefix_delegation_unsupported,
    reserved_label,
    route_path_segments,
    route_path_wildcard,
    subnet_cannot_hold_node_group,
    sync_without_owner_id,
    tls_needs_load_balancer,
    tls_port_udp,
    topology_annotation_mismatch,
    udp_requires_nlb,
    unknown_controller_annotation,
    unknown_instance_type,
    unknown_port_reference,
    vpc_cni_registry_unknown,
    weak_tls_policy,
    zone_outside_region,
)
from eksgen.lint.rules._base import Finding, Spec

_MODULES: tuple[ModuleType, ...] = (
    udp_requires_nlb,
    alb_only_field,
    nlb_only_tls_ports,
    unknown_port_reference,
    duplicate_port,
    port_name_required,
    duplicate_host,
    named_healthcheck_port_ip,
    healthcheck_interval_timeout,
    tls_needs_load_balancer,
    load_balancer_field_without_exposure,
    hosts_without_exposure,
    generated_annotation,
    reserved_label,
    cidr_host_bits,
    route_path_wildcard,
    alb_healthcheck_protocol,
    tls_port_udp,
    dns_without_hosts,
    duplicate_app,
    empty_pod_selector,
    alb_single_subnet,
    internet_facing_open,
    weak_tls_policy,
    pod_security_groups_replace_node_groups,
    alias_ttl_ignored,
    unknown_controller_annotation,
    ingress_class_annotation,
    annotation_size,
    object_size,
    db_access_needs_pod_security_groups,
    db_access_needs_trunk_nodes,
    prefix_delegation_unsupported,
    host_outside_domain_filters,
    sync_without_owner_id,
    custom_networking_missing_zone,
    unknown_instance_type,
    zone_outside_region,
    dns_prefix_version,
    external_dns_all_zones,
    one_cluster,
    node_group_sizes,
    minimum_ip_without_warm_ip,
    external_dns_sync,
    instance_targets_with_strict_pod_security_groups,
    certificate_region,
    prefix_delegation_no_warm_target,
    subnet_cannot_hold_node_group,
    ingress_group_conflict,
    ingress_group_order_tie,
    host_on_two_load_balancers,
    load_balancer_name_collision,
    alb_rule_limit,
    nlb_tcp_healthcheck_http_fields,
    instance_healthcheck_port,
    ingress_host_ip,
    route_path_segments,
    topology_annotation_mismatch,
    nlb_ipv6_source_range,
    alb_ipv6_only_source_ranges,
    alb_ipv6_source_range_dropped,
    db_access_security_group_quota,
    default_tags_refused,
    vpc_cni_registry_unknown,
    controller_annotation_version,
    external_dns_annotation_version,
    external_dns_flag_version,
    nlb_tcp_udp_same_port,
)
__all__ = ["RULES", "Finding", "Spec", "get"]

RULES: dict[str, ModuleType] = {module.ID: module for module in _MODULES}


def get(rule_id: str) -> ModuleType:
    """The rule with this ID; KeyError names the known ones."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; known: {', '.join(RULES)}") from None
