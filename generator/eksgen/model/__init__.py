"""What a spec means: App and Cluster models with every default, listeners, IngressGroups.

The single home of defaults (defaults.py) and of facts derived from a spec that more than one
later stage needs (listeners, group merging). Pure: no I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.model import apiserver, controller, defaults, effective, facts
    from eksgen.model.albs import alb_groups, member_id
    from eksgen.model.app import ALB, INSTANCE, IP, NLB, NONE, App, HealthCheck, Port, build_app
    from eksgen.model.cluster import (
        Cluster,
        ExternalDns,
        LoadBalancerController,
        NodeGroup,
        VpcCni,
        build_cluster,
        dns_prefix,
    )
    from eksgen.model.controller import (
        API_VERSIONS,
        DNS_GA_PREFIX,
        DNS_PREFIXES,
        INGRESS_CLASS,
        INGRESS_FIELDS,
        INGRESS_PREFIX,
        LEGACY_CLASS_ANNOTATION,
        MANAGED_BY,
        NAME_LABEL,
        SERVICE_FIELDS,
        SERVICE_PREFIX,
        SYSTEM_NAMESPACE,
        TOOL_PREFIXES,
        generated_key_fields,
    )
    from eksgen.model.defaults import DNS_ANNOTATION_PREFIX, TLS_POLICY
    from eksgen.model.groups import (
        Conflict,
        ConflictMember,
        conflict_key,
        group_conflicts,
        unique,
    )
    from eksgen.model.listeners import (
        HTTP_PORT,
        HTTPS_PORT,
        alb_listeners,
        alb_listeners_for,
        nlb_tls_ports,
        ssl_redirect_port,
    )

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "ALB": "eksgen.model.app",
    "App": "eksgen.model.app",
    "build_app": "eksgen.model.app",
    "HealthCheck": "eksgen.model.app",
    "INSTANCE": "eksgen.model.app",
    "IP": "eksgen.model.app",
    "NLB": "eksgen.model.app",
    "NONE": "eksgen.model.app",
    "Port": "eksgen.model.app",
    "build_cluster": "eksgen.model.cluster",
    "Cluster": "eksgen.model.cluster",
    "dns_prefix": "eksgen.model.cluster",
    "ExternalDns": "eksgen.model.cluster",
    "LoadBalancerController": "eksgen.model.cluster",
    "NodeGroup": "eksgen.model.cluster",
    "VpcCni": "eksgen.model.cluster",
    "apiserver": "eksgen.model.apiserver",
    "API_VERSIONS": "eksgen.model.controller",
    "effective": "eksgen.model.effective",
    "facts": "eksgen.model.facts",
    "controller": "eksgen.model.controller",
    "DNS_GA_PREFIX": "eksgen.model.controller",
    "DNS_PREFIXES": "eksgen.model.controller",
    "generated_key_fields": "eksgen.model.controller",
    "INGRESS_CLASS": "eksgen.model.controller",
    "INGRESS_FIELDS": "eksgen.model.controller",
    "INGRESS_PREFIX": "eksgen.model.controller",
    "LEGACY_CLASS_ANNOTATION": "eksgen.model.controller",
    "MANAGED_BY": "eksgen.model.controller",
    "NAME_LABEL": "eksgen.model.controller",
    "SERVICE_FIELDS": "eksgen.model.controller",
    "SERVICE_PREFIX": "eksgen.model.controller",
    "SYSTEM_NAMESPACE": "eksgen.model.controller",
    "TOOL_PREFIXES": "eksgen.model.controller",
    "defaults": "eksgen.model.defaults",
    "DNS_ANNOTATION_PREFIX": "eksgen.model.defaults",
    "TLS_POLICY": "eksgen.model.defaults",
    "alb_groups": "eksgen.model.albs",
    "Conflict": "eksgen.model.groups",
    "conflict_key": "eksgen.model.groups",
    "ConflictMember": "eksgen.model.groups",
    "group_conflicts": "eksgen.model.groups",
    "member_id": "eksgen.model.albs",
    "unique": "eksgen.model.groups",
    "alb_listeners": "eksgen.model.listeners",
    "alb_listeners_for": "eksgen.model.listeners",
    "HTTP_PORT": "eksgen.model.listeners",
    "HTTPS_PORT": "eksgen.model.listeners",
    "nlb_tls_ports": "eksgen.model.listeners",
    "ssl_redirect_port": "eksgen.model.listeners",
}
__all__ = [
    "ALB",
    "API_VERSIONS",
    "DNS_ANNOTATION_PREFIX",
    "DNS_GA_PREFIX",
    "DNS_PREFIXES",
    "HTTPS_PORT",
    "HTTP_PORT",
    "INGRESS_CLASS",
    "INGRESS_FIELDS",
    "INGRESS_PREFIX",
    "INSTANCE",
    "IP",
    "LEGACY_CLASS_ANNOTATION",
    "MANAGED_BY",
    "NAME_LABEL",
    "NLB",
    "NONE",
    "SERVICE_FIELDS",
    "SERVICE_PREFIX",
    "SYSTEM_NAMESPACE",
    "TLS_POLICY",
    "TOOL_PREFIXES",
    "App",
    "Cluster",
    "Conflict",
    "ConflictMember",
    "ExternalDns",
    "HealthCheck",
    "LoadBalancerController",
    "NodeGroup",
    "Port",
    "VpcCni",
    "alb_groups",
    "alb_listeners",
    "alb_listeners_for",
    "apiserver",
    "build_app",
    "build_cluster",
    "conflict_key",
    "controller",
    "defaults",
    "dns_prefix",
    "effective",
    "facts",
    "generated_key_fields",
    "group_conflicts",
    "member_id",
    "nlb_tls_ports",
    "ssl_redirect_port",
    "unique",
]
__getattr__ = lazy(__name__, _EXPORTS)
