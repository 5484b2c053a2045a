"""Semantic rules: what the schema cannot say. One module per rule, listed here explicitly.

Each rule module has ID, NAME, SEVERITY, a docstring (its user documentation: what and
why), FIX (how to fix it), SOURCE (where the fact comes from) and one of: check(app) for
one App; with SCOPE = "all", check_all(apps, clusters) across every spec; with
SCOPE = "cluster", check_cluster(cluster, apps) for a Cluster and the Apps beside it.
The engine that runs them is eksgen.checks.
"""

from __future__ import annotations

from types import ModuleType

from eksgen.rules import (
    alb_healthcheck_protocol,
    alb_only_field,
    cidr_host_bits,
    custom_networking_missing_zone,
    db_access_needs_pod_security_groups,
    db_access_needs_trunk_nodes,
    dns_prefix_version,
    dns_without_hosts,
    duplicate_app,
    duplicate_host,
    duplicate_port,
    empty_pod_selector,
    external_dns_all_zones,
    external_dns_sync,
    generated_annotation,
    healthcheck_interval_timeout,
    host_outside_domain_filters,
    hosts_without_exposure,
    load_balancer_field_without_exposure,
    minimum_ip_without_warm_ip,
    named_healthcheck_port_ip,
    nlb_only_tls_ports,
    node_group_sizes,
    one_cluster,
    port_name_required,
    prefix_delegation_unsupported,
    reserved_label,
    route_path_wildcard,
    sync_without_owner_id,
    tls_needs_load_balancer,
    tls_port_udp,
    udp_requires_nlb,
    unknown_instance_type,
    unknown_port_reference,
    zone_outside_region,
)

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
)
RULES: dict[str, ModuleType] = {module.ID: module for module in _MODULES}


def get(rule_id: str) -> ModuleType:
    """The rule with this ID; KeyError names the known ones."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; known: {', '.join(RULES)}") from None
