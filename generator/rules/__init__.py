"""Semantic rules: what the schema cannot say. One module per rule, listed here explicitly.

Each rule module has ID, NAME, SEVERITY, a docstring (its user documentation) and either
check(app) for one spec or, with SCOPE = "all", check_all(apps) across every spec.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import ModuleType

from eksgen.errors import Problem
from eksgen.locate import locate
from eksgen.model import App
from eksgen.path import format_path
from eksgen.rules import (
    alb_healthcheck_protocol,
    alb_only_field,
    cidr_host_bits,
    dns_without_hosts,
    duplicate_app,
    duplicate_host,
    duplicate_port,
    generated_annotation,
    healthcheck_interval_timeout,
    hosts_without_exposure,
    load_balancer_field_without_exposure,
    named_healthcheck_port_ip,
    nlb_only_tls_ports,
    port_name_required,
    reserved_label,
    route_path_wildcard,
    tls_needs_load_balancer,
    tls_port_udp,
    udp_requires_nlb,
    unknown_port_reference,
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
)
RULES: dict[str, ModuleType] = {module.ID: module for module in _MODULES}


def get(rule_id: str) -> ModuleType:
    """The rule with this ID; KeyError names the known ones."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; known: {', '.join(RULES)}") from None


def check_apps(apps: Sequence[App]) -> list[Problem]:
    """Run every rule on every app (and the cross-spec rules on all of them)."""
    problems: list[Problem] = []
    for rule in RULES.values():
        problems.extend(_problems(rule, _run(rule, apps)))
    return sorted(problems)


def _run(rule: ModuleType, apps: Sequence[App]) -> Iterable[Finding]:
    if getattr(rule, "SCOPE", "app") == "all":
        yield from rule.check_all(apps)
        return
    for app in apps:
        yield from rule.check(app)


def _problems(rule: ModuleType, findings: Iterable[Finding]) -> Iterable[Problem]:
    for finding in findings:
        line, column = locate(finding.app.document, finding.path, key=finding.at_key)
        yield Problem(
            file=finding.app.file,
            line=line,
            column=column,
            path=format_path(finding.path),
            message=finding.message,
            rule=rule.ID,
            severity=rule.SEVERITY,
        )
