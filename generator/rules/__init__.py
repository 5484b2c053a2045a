"""Semantic rules: what the schema cannot say. One module per rule, listed here explicitly.

Each rule module has ID, NAME, SEVERITY, a docstring (its user documentation) and one of:
check(app) for one App; with SCOPE = "all", check_all(apps, clusters) across every spec;
with SCOPE = "cluster", check_cluster(cluster, apps) for a Cluster and the Apps beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import ModuleType

from eksgen.cluster import Cluster
from eksgen.errors import Problem
from eksgen.locate import locate
from eksgen.model import App
from eksgen.path import format_path
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
from eksgen.rules._base import Finding

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


def check_specs(apps: Sequence[App], clusters: Sequence[Cluster] = ()) -> list[Problem]:
    """Run every rule: per app, across all apps, and on each cluster with the apps."""
    problems: list[Problem] = []
    for rule in RULES.values():
        problems.extend(_problems(rule, _run(rule, apps, clusters)))
    return sorted(problems)


def _run(rule: ModuleType, apps: Sequence[App], clusters: Sequence[Cluster]) -> Iterable[Finding]:
    scope = getattr(rule, "SCOPE", "app")
    if scope == "all":
        yield from rule.check_all(apps, clusters)
    elif scope == "cluster":
        # Apps render with the first Cluster; a second one is itself an error (EKS111).
        for cluster in clusters[:1]:
            yield from rule.check_cluster(cluster, apps)
    else:
        for app in apps:
            yield from rule.check(app)


def _problems(rule: ModuleType, findings: Iterable[Finding]) -> Iterable[Problem]:
    for finding in findings:
        line, column = locate(finding.spec.document, finding.path, key=finding.at_key)
        yield Problem(
            file=finding.spec.file,
            line=line,
            column=column,
            path=format_path(finding.path),
            message=finding.message,
            rule=rule.ID,
            severity=rule.SEVERITY,
        )
