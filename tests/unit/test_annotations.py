"""eksgen.render.annotations: the annotations an App becomes."""

from __future__ import annotations

from typing import Any

import pytest

from eksgen.model.app import App, build_app
from eksgen.model.controller import generated_key_fields
from eksgen.render.annotations import dns_annotations, ingress_annotations, service_annotations
from eksgen.spec.load import Document
from eksgen.spec.validate import validate_document

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000"
CERT2 = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000001"
ALB, NLB, DNS = (
    "alb.ingress.kubernetes.io/",
    "service.beta.kubernetes.io/",
    "external-dns.alpha.kubernetes.io/",
)
GA = "external-dns.kubernetes.io/"


def app(spec: dict[str, Any]) -> App:
    data = {"apiVersion": "eksgen.dev/v1alpha1", "kind": "App", "metadata": {"name": "web"}}
    document = Document("web.yaml", 0, data | {"spec": {"ports": [{"port": 80}]} | spec}, None)
    assert validate_document(document) == [], "the test's spec must pass the schema"
    return build_app(document)


def alb(**exposure: Any) -> dict[str, Any]:
    return {"exposure": {"type": "alb", **exposure}}


def nlb(**exposure: Any) -> dict[str, Any]:
    return {"exposure": {"type": "nlb", **exposure}}


# ---- Ingress: listeners and TLS -------------------------------------------------------------


@pytest.mark.parametrize(
    ("tls", "listen_ports", "redirect"),
    [
        ({"certificateArns": [CERT]}, '[{"HTTP":80},{"HTTPS":443}]', "443"),
        ({"certificateArns": [CERT], "redirectHttp": True}, '[{"HTTP":80},{"HTTPS":443}]', "443"),
        ({"certificateArns": [CERT], "redirectHttp": False}, '[{"HTTPS":443}]', None),
        (None, '[{"HTTP":80}]', None),
    ],
)
def test_listen_ports_and_ssl_redirect(
    tls: dict[str, Any] | None, listen_ports: str, redirect: str | None
) -> None:
    annotations = ingress_annotations(app(alb() | ({"tls": tls} if tls else {})))
    assert annotations[ALB + "listen-ports"] == listen_ports
    assert annotations.get(ALB + "ssl-redirect") == redirect


def test_tls_annotations_of_an_ingress() -> None:
    tls = {"certificateArns": [CERT, CERT2], "policy": "ELBSecurityPolicy-TLS13-1-3-2021-06"}
    annotations = ingress_annotations(app(alb() | {"tls": tls}))
    assert annotations[ALB + "certificate-arn"] == f"{CERT},{CERT2}"
    assert annotations[ALB + "ssl-policy"] == "ELBSecurityPolicy-TLS13-1-3-2021-06"


def test_minimal_ingress_has_only_the_defaults() -> None:
    assert ingress_annotations(app(alb())) == {
        ALB + "scheme": "internal",
        ALB + "target-type": "ip",
        ALB + "listen-ports": '[{"HTTP":80}]',
    }


def test_ingress_settings() -> None:
    exposure = alb(
        scheme="internet-facing",
        targetType="instance",
        subnets=["subnet-0b", "subnet-0a"],
        sourceRanges=["10.0.0.0/8", "192.168.0.0/16"],
        loadBalancerName="web-lb",
        group={"name": "shared", "order": 0},
    )
    annotations = ingress_annotations(app(exposure))
    assert annotations[ALB + "scheme"] == "internet-facing"
    assert annotations[ALB + "target-type"] == "instance"
    assert annotations[ALB + "subnets"] == "subnet-0b,subnet-0a"  # in the spec's order
    assert annotations[ALB + "inbound-cidrs"] == "10.0.0.0/8,192.168.0.0/16"
    assert annotations[ALB + "load-balancer-name"] == "web-lb"
    assert annotations[ALB + "group.name"] == "shared"
    assert annotations[ALB + "group.order"] == "0"  # zero is a value, not an unset field


def test_group_without_order_writes_no_order() -> None:
    annotations = ingress_annotations(app(alb(group={"name": "shared"})))
    assert annotations[ALB + "group.name"] == "shared"
    assert ALB + "group.order" not in annotations


def test_attributes_and_tags_are_sorted_key_values() -> None:
    exposure = alb(
        attributes={
            "loadBalancer": {
                "idle_timeout.timeout_seconds": 60,
                "deletion_protection.enabled": True,
            },
            "targetGroup": {
                "stickiness.enabled": False,
                "deregistration_delay.timeout_seconds": 30,
            },
        },
        tags={"team": "web", "cost-center": "42"},
    )
    annotations = ingress_annotations(app(exposure))
    assert (
        annotations[ALB + "load-balancer-attributes"]
        == "deletion_protection.enabled=true,idle_timeout.timeout_seconds=60"
    )
    assert (
        annotations[ALB + "target-group-attributes"]
        == "deregistration_delay.timeout_seconds=30,stickiness.enabled=false"
    )
    assert annotations[ALB + "tags"] == "cost-center=42,team=web"


def test_ingress_health_check() -> None:
    check = {
        "path": "/healthz",
        "port": "traffic-port",
        "protocol": "HTTP",
        "intervalSeconds": 15,
        "timeoutSeconds": 5,
        "healthyThreshold": 2,
        "unhealthyThreshold": 3,
        "successCodes": "200-299",
    }
    annotations = ingress_annotations(app(alb(healthCheck=check)))
    assert {key: value for key, value in annotations.items() if "health" in key} == {
        ALB + "healthcheck-path": "/healthz",
        ALB + "healthcheck-port": "traffic-port",
        ALB + "healthcheck-protocol": "HTTP",
        ALB + "healthcheck-interval-seconds": "15",
        ALB + "healthcheck-timeout-seconds": "5",
        ALB + "healthy-threshold-count": "2",
        ALB + "unhealthy-threshold-count": "3",
    }
    assert annotations[ALB + "success-codes"] == "200-299"


def test_unset_health_check_fields_write_nothing() -> None:
    annotations = ingress_annotations(app(alb(healthCheck={"port": 8080})))
    assert {key for key in annotations if "health" in key or "success" in key} == {
        ALB + "healthcheck-port"
    }
    assert annotations[ALB + "healthcheck-port"] == "8080"


# ---- Service (NLB) ---------------------------------------------------------------------------


@pytest.mark.parametrize("exposure", [{}, {"exposure": {"type": "none"}}, alb()])
def test_service_annotations_only_for_nlb(exposure: dict[str, Any]) -> None:
    hosts = {"hosts": ["web.example.com"]}
    assert service_annotations(app(exposure | hosts)) == {}


def test_minimal_nlb_service() -> None:
    assert service_annotations(app(nlb())) == {
        NLB + "aws-load-balancer-type": "external",
        NLB + "aws-load-balancer-nlb-target-type": "ip",
        NLB + "aws-load-balancer-scheme": "internal",
    }


def test_nlb_settings_and_tls() -> None:
    spec = nlb(
        scheme="internet-facing",
        subnets=["subnet-0a"],
        loadBalancerName="web-nlb",
        attributes={"targetGroup": {"preserve_client_ip.enabled": True}},
        tags={"b": "2", "a": "1"},
        healthCheck={"protocol": "TCP", "intervalSeconds": 10},
    ) | {
        "ports": [{"port": 443, "name": "https"}, {"port": 8443, "name": "admin"}],
        "tls": {"certificateArns": [CERT], "ports": ["admin"]},
    }
    annotations = service_annotations(app(spec))
    assert annotations == {
        NLB + "aws-load-balancer-type": "external",
        NLB + "aws-load-balancer-nlb-target-type": "ip",
        NLB + "aws-load-balancer-scheme": "internet-facing",
        NLB + "aws-load-balancer-subnets": "subnet-0a",
        NLB + "aws-load-balancer-name": "web-nlb",
        NLB + "aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
        NLB + "aws-load-balancer-additional-resource-tags": "a=1,b=2",
        NLB + "aws-load-balancer-ssl-cert": CERT,
        NLB + "aws-load-balancer-ssl-ports": "8443",
        NLB + "aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        NLB + "aws-load-balancer-healthcheck-protocol": "TCP",
        NLB + "aws-load-balancer-healthcheck-interval": "10",
    }


# ---- ExternalDNS ------------------------------------------------------------------------------


def test_dns_annotations_with_hosts_and_ttl() -> None:
    built = app(alb() | {"hosts": ["a.example.com", "b.example.com"], "dns": {"ttl": 60}})
    assert dns_annotations(built) == {
        DNS + "hostname": "a.example.com,b.example.com",
        DNS + "ttl": "60",
    }


def test_dns_annotations_use_the_given_prefix() -> None:
    built = app(nlb() | {"hosts": ["a.example.com"]})
    assert dns_annotations(built, GA) == {GA + "hostname": "a.example.com"}
    assert service_annotations(built, GA)[GA + "hostname"] == "a.example.com"
    assert ingress_annotations(app(alb() | {"hosts": ["a.example.com"]}), GA)[GA + "hostname"] == (
        "a.example.com"
    )
    assert not any(key.startswith(DNS) for key in service_annotations(built, GA))


@pytest.mark.parametrize(
    "spec",
    [
        alb(),  # no hosts
        {"hosts": ["a.example.com"]},  # no load balancer
        # An alb App with DNS off gets ingress-hostname-source: annotation-only instead
        # (tests/test_external_dns_faithful.py); an nlb App's Service needs nothing.
        nlb() | {"hosts": ["a.example.com"], "dns": {"enabled": False}},
    ],
)
def test_no_dns_annotations_when_nothing_is_published(spec: dict[str, Any]) -> None:
    built = app(spec)
    assert dns_annotations(built) == {}
    assert not any(key.startswith(DNS) for key in ingress_annotations(built))


# ---- every key is one eksgen declares ---------------------------------------------------------

EVERYTHING = {
    "hosts": ["a.example.com"],
    "dns": {"ttl": 30},
    "tls": {"certificateArns": [CERT]},
}
EXPOSURE = {
    "scheme": "internet-facing",
    "subnets": ["subnet-0a", "subnet-0b"],
    "sourceRanges": ["10.0.0.0/8"],
    "loadBalancerName": "lb",
    "attributes": {"loadBalancer": {"a": "1"}, "targetGroup": {"b": "2"}},
    "tags": {"c": "3"},
    "healthCheck": {
        "path": "/",
        "port": 80,
        "protocol": "HTTP",
        "intervalSeconds": 10,
        "timeoutSeconds": 5,
        "healthyThreshold": 2,
        "unhealthyThreshold": 2,
        "successCodes": "200",
    },
}


@pytest.mark.parametrize("prefix", [DNS, GA])
def test_every_generated_key_is_declared(prefix: str) -> None:
    declared = set(generated_key_fields())
    ingress = ingress_annotations(
        app(alb(**EXPOSURE, group={"name": "g", "order": 1}) | EVERYTHING), prefix
    )
    service = service_annotations(app(nlb(**EXPOSURE) | EVERYTHING), prefix)
    assert len(ingress) == 24 and len(service) == 21  # every field set: nothing left out
    assert set(ingress) - declared == set()
    assert set(service) - declared == set()
