"""eksgen.model.app.build_app and eksgen.model.cluster.build_cluster, called directly."""

from __future__ import annotations

from typing import Any

import pytest

from eksgen.model import defaults
from eksgen.model.app import App, Port, build_app
from eksgen.model.cluster import Cluster, build_cluster, dns_prefix
from eksgen.spec.load import Document
from eksgen.spec.validate import validate_document

API_VERSION = "eksgen.dev/v1alpha1"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000"
GA_PREFIX = "external-dns.kubernetes.io/"


def document(
    kind: str, metadata: dict[str, Any], spec: dict[str, Any], schema_valid: bool = True
) -> Document:
    data = {"apiVersion": API_VERSION, "kind": kind, "metadata": metadata, "spec": spec}
    built = Document(f"{kind.lower()}.yaml", 0, data, None)
    if schema_valid:
        assert validate_document(built) == [], "the test's spec must pass the schema"
    return built


def app(spec: dict[str, Any], schema_valid: bool = True, **metadata: Any) -> App:
    return build_app(document("App", {"name": "web", **metadata}, spec, schema_valid))


def cluster(spec: dict[str, Any], **metadata: Any) -> Cluster:
    return build_cluster(document("Cluster", {"name": "prod", **metadata}, spec))


def alb(**exposure: Any) -> dict[str, Any]:
    return {"type": "alb", **exposure}


# ---- App defaults -------------------------------------------------------------------------


def test_app_defaults_when_fields_are_absent() -> None:
    built = app({"ports": [{"port": 80}], "exposure": alb(), "tls": {"certificateArns": [CERT]}})
    assert built.namespace == defaults.NAMESPACE == "default"
    assert built.exposure.scheme == defaults.SCHEME == "internal"
    assert built.exposure.target_type == defaults.TARGET_TYPE == "ip"
    assert built.ports == (Port(port=80, name=None, target_port=None, protocol="TCP"),)
    assert [(route.path, route.path_type, route.port) for route in built.routes] == [
        ("/", "Prefix", None)
    ]
    assert built.tls is not None
    assert built.tls.policy == defaults.TLS_POLICY
    assert built.tls.redirect_http is True
    assert built.tls.ports == ()
    assert built.dns.enabled is True
    assert built.dns.ttl is None


def test_app_without_exposure_is_type_none() -> None:
    built = app({"ports": [{"port": 80}]})
    assert built.exposure.type == "none"
    assert built.exposure.group is None
    assert built.exposure.health_check is None
    assert built.tls is None
    assert built.db_access is None


def test_route_without_path_type_gets_prefix() -> None:
    built = app({"ports": [{"port": 80}], "exposure": alb(), "routes": [{"path": "/api"}]})
    assert [(route.path, route.path_type) for route in built.routes] == [("/api", "Prefix")]


def test_app_explicit_values_are_kept() -> None:
    built = app(
        {
            "ports": [{"port": 53, "name": "dns", "targetPort": "dns-port", "protocol": "UDP"}],
            "exposure": {"type": "nlb", "scheme": "internet-facing", "targetType": "instance"},
            "tls": {
                "certificateArns": [CERT],
                "policy": "ELBSecurityPolicy-TLS13-1-3-2021-06",
            },
            "dns": {"enabled": False, "ttl": 60},
        },
        namespace="shop",
    )
    assert built.namespace == "shop"
    assert built.ports == (Port(port=53, name="dns", target_port="dns-port", protocol="UDP"),)
    assert built.exposure.type == "nlb"
    assert built.exposure.scheme == "internet-facing"
    assert built.exposure.target_type == "instance"
    assert built.tls is not None
    assert built.tls.policy == "ELBSecurityPolicy-TLS13-1-3-2021-06"
    assert built.dns.enabled is False
    assert built.dns.ttl == 60


def test_explicit_routes_and_redirect_are_kept() -> None:
    built = app(
        {
            "ports": [{"port": 80, "name": "http"}, {"port": 8080, "name": "admin"}],
            "exposure": alb(),
            "routes": [{"path": "/admin", "pathType": "Exact", "port": "admin"}],
            "tls": {"certificateArns": [CERT], "redirectHttp": False},
        }
    )
    assert [(route.path, route.path_type, route.port) for route in built.routes] == [
        ("/admin", "Exact", "admin")
    ]
    assert built.tls is not None
    assert built.tls.redirect_http is False


def test_selector_defaults_to_app_name() -> None:
    assert app({"ports": [{"port": 80}]}).selector == (("app", "web"),)


def test_explicit_selector_is_kept_sorted() -> None:
    built = app({"ports": [{"port": 80}], "selector": {"tier": "front", "app": "shop"}})
    assert built.selector == (("app", "shop"), ("tier", "front"))


def test_db_access_pod_selector_defaults_to_the_selector() -> None:
    db = {"securityGroupIds": ["sg-0123456789abcdef0"]}
    built = app({"ports": [{"port": 80}], "selector": {"role": "api"}, "dbAccess": db})
    assert built.db_access is not None
    assert built.db_access.security_group_ids == ("sg-0123456789abcdef0",)
    assert built.db_access.pod_selector == (("role", "api"),)
    without_selector = app({"ports": [{"port": 80}], "dbAccess": db}).db_access
    assert without_selector is not None
    assert without_selector.pod_selector == (("app", "web"),)


def test_db_access_explicit_pod_selector_is_kept() -> None:
    db = {"securityGroupIds": ["sg-0123456789abcdef0"], "podSelector": {"role": "db-client"}}
    built = app({"ports": [{"port": 80}], "dbAccess": db})
    assert built.db_access is not None
    assert built.db_access.pod_selector == (("role", "db-client"),)


def test_labels_and_annotations_are_sorted_strings() -> None:
    # The schema asks for string values; the model stringifies whatever it is given.
    built = app(
        {"ports": [{"port": 80}]},
        schema_valid=False,
        labels={"zeta": "z", "alpha": "a"},
        annotations={"team/on-call": True, "team/paused": False, "team/size": 3, "a/b": "x"},
    )
    assert built.labels == (("alpha", "a"), ("zeta", "z"))
    assert built.annotations == (
        ("a/b", "x"),
        ("team/on-call", "true"),
        ("team/paused", "false"),
        ("team/size", "3"),
    )


def test_attributes_and_tags_are_sorted_strings() -> None:
    exposure = alb(
        attributes={
            "loadBalancer": {
                "idle_timeout.timeout_seconds": 60,
                "deletion_protection.enabled": True,
            },
            "targetGroup": {"stickiness.enabled": False},
        },
        tags={"team": "web", "cost-center": "42"},
    )
    built = app({"ports": [{"port": 80}], "exposure": exposure})
    assert built.exposure.load_balancer_attributes == (
        ("deletion_protection.enabled", "true"),
        ("idle_timeout.timeout_seconds", "60"),
    )
    assert built.exposure.target_group_attributes == (("stickiness.enabled", "false"),)
    assert built.exposure.tags == (("cost-center", "42"), ("team", "web"))


@pytest.mark.parametrize(
    ("ref", "expected"),
    [(None, 80), ("http", 80), ("admin", 9090), (9090, 9090), (80, 80), ("nope", None), (81, None)],
)
def test_port_by_ref(ref: int | str | None, expected: int | None) -> None:
    built = app({"ports": [{"port": 80, "name": "http"}, {"port": 9090, "name": "admin"}]})
    found = built.port_by_ref(ref)
    assert (found.port if found else None) == expected


@pytest.mark.parametrize(
    ("exposure", "hosts", "dns", "publishes"),
    [
        ("alb", ["a.example.com"], {}, True),
        ("nlb", ["a.example.com"], {}, True),
        ("none", ["a.example.com"], {}, False),
        ("alb", [], {}, False),
        ("alb", ["a.example.com"], {"enabled": False}, False),
    ],
)
def test_publishes_dns(
    exposure: str, hosts: list[str], dns: dict[str, Any], publishes: bool
) -> None:
    built = app(
        {"ports": [{"port": 80}], "exposure": {"type": exposure}, "hosts": hosts, "dns": dns}
    )
    assert built.publishes_dns is publishes


# ---- Cluster defaults -----------------------------------------------------------------------


def test_cluster_sections_absent_are_none() -> None:
    built = cluster({"region": "eu-west-1"})
    assert (built.name, built.region) == ("prod", "eu-west-1")
    assert built.load_balancer_controller is None
    assert built.external_dns is None
    assert built.vpc_cni is None
    assert built.node_groups == ()
    assert built.dns_prefix == defaults.DNS_ANNOTATION_PREFIX


def test_cluster_defaults_when_fields_are_absent() -> None:
    built = cluster(
        {"region": "us-east-1", "loadBalancerController": {}, "externalDns": {}, "vpcCni": {}}
    )
    controller, dns, cni = built.load_balancer_controller, built.external_dns, built.vpc_cni
    assert controller is not None and dns is not None and cni is not None
    assert controller.replicas == 2
    assert controller.service_account == "aws-load-balancer-controller"
    assert controller.default_target_type == "ip"
    assert controller.default_ssl_policy == defaults.TLS_POLICY
    assert controller.enable_service_mutator_webhook is True
    assert dns.policy == "upsert-only"
    assert dns.annotation_prefix == "external-dns.alpha.kubernetes.io/"
    assert dns.service_account == "external-dns"
    assert (dns.txt_owner_id, dns.txt_owner_id_given) == ("prod", False)
    assert cni.prefix_delegation is False
    assert cni.pod_security_groups is False
    assert cni.custom_networking is None


def test_cluster_explicit_values_are_kept() -> None:
    built = cluster(
        {
            "region": "us-east-1",
            "loadBalancerController": {
                "replicas": 3,
                "serviceAccountName": "lbc",
                "defaultTargetType": "instance",
                "enableServiceMutatorWebhook": False,
            },
            "externalDns": {
                "policy": "sync",
                "txtOwnerId": "owner",
                "annotationPrefix": GA_PREFIX,
                "serviceAccountName": "dns",
            },
            "vpcCni": {"prefixDelegation": True, "podSecurityGroups": True},
        }
    )
    controller, dns, cni = built.load_balancer_controller, built.external_dns, built.vpc_cni
    assert controller is not None and dns is not None and cni is not None
    assert (controller.replicas, controller.service_account) == (3, "lbc")
    assert controller.default_target_type == "instance"
    assert controller.enable_service_mutator_webhook is False
    assert (dns.policy, dns.service_account) == ("sync", "dns")
    assert (dns.txt_owner_id, dns.txt_owner_id_given) == ("owner", True)
    assert dns.annotation_prefix == GA_PREFIX
    assert (cni.prefix_delegation, cni.pod_security_groups) == (True, True)
    assert built.dns_prefix == GA_PREFIX


def test_dns_prefix_of_a_run() -> None:
    assert dns_prefix() == "external-dns.alpha.kubernetes.io/"
    assert dns_prefix([]) == "external-dns.alpha.kubernetes.io/"
    ga = cluster({"region": "us-east-1", "externalDns": {"annotationPrefix": GA_PREFIX}})
    plain = cluster({"region": "us-east-1"})
    assert dns_prefix([ga]) == GA_PREFIX
    assert dns_prefix([plain, ga]) == "external-dns.alpha.kubernetes.io/"  # the first Cluster's
