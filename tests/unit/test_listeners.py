"""eksgen.model.listeners: the listeners an App asks for."""

from __future__ import annotations

from typing import Any

import pytest

from eksgen.model.app import App, build_app
from eksgen.model.listeners import (
    alb_listeners,
    alb_listeners_for,
    nlb_tls_ports,
    ssl_redirect_port,
)
from eksgen.spec.load import Document
from eksgen.spec.validate import validate_document

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000"
PORTS = [
    {"port": 80, "name": "http"},
    {"port": 443, "name": "https"},
    {"port": 53, "name": "dns", "protocol": "UDP"},
    {"port": 8443, "name": "admin", "protocol": "TCP"},
]


def app(spec: dict[str, Any]) -> App:
    data = {"apiVersion": "eksgen.dev/v1alpha1", "kind": "App", "metadata": {"name": "web"}}
    document = Document("web.yaml", 0, data | {"spec": spec}, None)
    assert validate_document(document) == [], "the test's spec must pass the schema"
    return build_app(document)


def alb_app(tls: dict[str, Any] | None) -> App:
    spec: dict[str, Any] = {"ports": [{"port": 8080}], "exposure": {"type": "alb"}}
    if tls is not None:
        spec["tls"] = {"certificateArns": [CERT], **tls}
    return app(spec)


def nlb_app(tls: dict[str, Any] | None) -> App:
    spec: dict[str, Any] = {"ports": PORTS, "exposure": {"type": "nlb"}}
    if tls is not None:
        spec["tls"] = {"certificateArns": [CERT], **tls}
    return app(spec)


@pytest.mark.parametrize(
    ("tls", "redirect", "expected"),
    [
        (False, False, [("HTTP", 80)]),
        (False, True, [("HTTP", 80)]),
        (True, False, [("HTTPS", 443)]),
        (True, True, [("HTTP", 80), ("HTTPS", 443)]),
    ],
)
def test_alb_listeners_for(tls: bool, redirect: bool, expected: list[tuple[str, int]]) -> None:
    assert alb_listeners_for(tls, redirect) == expected


@pytest.mark.parametrize(
    ("tls", "listeners", "redirect_port"),
    [
        (None, [("HTTP", 80)], None),
        ({}, [("HTTP", 80), ("HTTPS", 443)], 443),  # redirectHttp defaults to true
        ({"redirectHttp": True}, [("HTTP", 80), ("HTTPS", 443)], 443),
        ({"redirectHttp": False}, [("HTTPS", 443)], None),
    ],
)
def test_alb_listeners_and_ssl_redirect_port(
    tls: dict[str, Any] | None, listeners: list[tuple[str, int]], redirect_port: int | None
) -> None:
    built = alb_app(tls)
    assert alb_listeners(built) == listeners
    assert ssl_redirect_port(built) == redirect_port


def test_nlb_tls_ports_without_tls_is_empty() -> None:
    assert nlb_tls_ports(nlb_app(None)) == []


def test_nlb_tls_ports_default_to_every_tcp_port() -> None:
    assert nlb_tls_ports(nlb_app({})) == [80, 443, 8443]  # not the UDP port 53


def test_nlb_tls_ports_by_name() -> None:
    assert nlb_tls_ports(nlb_app({"ports": ["admin", "https"]})) == [8443, 443]


def test_nlb_tls_ports_by_number() -> None:
    assert nlb_tls_ports(nlb_app({"ports": [443]})) == [443]


def test_nlb_tls_ports_mixed_names_and_numbers() -> None:
    assert nlb_tls_ports(nlb_app({"ports": [8443, "https"]})) == [8443, 443]


def test_nlb_tls_ports_drops_unknown_references() -> None:
    # EKS004 reports these; the derivation itself skips what it cannot find.
    assert nlb_tls_ports(nlb_app({"ports": ["nope", 9999, "https"]})) == [443]


def test_nlb_tls_ports_keeps_a_named_udp_port() -> None:
    # Only the default leaves UDP out; naming one is EKS018's to report.
    assert nlb_tls_ports(nlb_app({"ports": ["dns"]})) == [53]
