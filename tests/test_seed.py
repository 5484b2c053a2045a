"""The bundled examples reproduce the manifests of the seed article.

The seed's YAML blocks are read from ../shared/reference/seed-article.md; every annotation
value they show must come out of `eksgen render examples/`. The one deliberate difference:
the seed's ALB listens on HTTPS only while asking for an HTTP redirect, which cannot happen
without an HTTP listener, so eksgen adds HTTP 80 (see the README).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from conftest import EXAMPLES, shared_file
from eksgen.api import render_paths


def _seed_documents() -> list[dict[str, Any]]:
    seed = shared_file("reference", "seed-article.md")
    blocks = re.findall(r"```yaml\n(.*?)```", seed.read_text(), flags=re.DOTALL)
    return [doc for block in blocks for doc in yaml.safe_load_all(block) if doc]


def _seed(kind: str) -> dict[str, Any]:
    return next(doc for doc in _seed_documents() if doc.get("kind") == kind)


def _seed_dns_annotations() -> dict[str, str]:
    annotations = next(doc["annotations"] for doc in _seed_documents() if "annotations" in doc)
    return {k: v for k, v in annotations.items() if k.startswith("external-dns")}


def _rendered(kind: str, namespace: str, name: str) -> dict[str, Any]:
    manifests = render_paths([str(EXAMPLES)]).manifests
    (found,) = [
        yaml.safe_load(m.text)
        for m in manifests
        if (m.kind, m.namespace, m.name) == (kind, namespace, name)
    ]
    return found


def test_nlb_service_reproduces_the_seed() -> None:
    seed, ours = _seed("Service"), _rendered("Service", "production", "my-app")
    assert ours["metadata"]["namespace"] == seed["metadata"]["namespace"]
    for key, value in seed["metadata"]["annotations"].items():
        assert ours["metadata"]["annotations"][key] == value, key
    assert ours["spec"]["type"] == seed["spec"]["type"] == "LoadBalancer"
    assert ours["spec"]["selector"] == seed["spec"]["selector"]
    assert ours["spec"]["ports"] == seed["spec"]["ports"]


def test_nlb_tls_annotations_reproduce_the_seed() -> None:
    tls_block = next(
        doc["annotations"]
        for doc in _seed_documents()
        if "annotations" in doc and any("ssl-cert" in key for key in doc["annotations"])
    )
    ours = _rendered("Service", "production", "my-app")["metadata"]["annotations"]
    for key, value in tls_block.items():
        assert ours[key] == value, key


def test_alb_ingress_reproduces_the_seed() -> None:
    seed, ours = _seed("Ingress"), _rendered("Ingress", "web", "my-app")
    ours_annotations = ours["metadata"]["annotations"]
    for key, value in seed["metadata"]["annotations"].items():
        if key.endswith("/listen-ports"):
            seed_ports = json.loads(value)
            ours_ports = json.loads(ours_annotations[key])
            assert all(port in ours_ports for port in seed_ports)
            assert {"HTTP": 80} in ours_ports  # the listener the redirect needs
            continue
        assert ours_annotations[key] == str(value), key
    assert ours["spec"]["ingressClassName"] == seed["spec"]["ingressClassName"]
    assert ours["spec"]["rules"] == seed["spec"]["rules"]


def test_external_dns_annotations_reproduce_the_seed(tmp_path: Path) -> None:
    # The seed also sets a TTL of 300. The example leaves it out: ExternalDNS publishes an
    # ALB's name as Route 53 ALIAS records, which have no TTL of their own (EKS026 says so).
    # A spec that asks for it gets the seed's annotation all the same, flagged as an info.
    spec = (EXAMPLES / "alb-shared.yaml").read_text() + "  dns:\n    ttl: 300\n"
    (tmp_path / "app.yaml").write_text(spec)
    result = render_paths([str(tmp_path)])
    (ingress,) = [yaml.safe_load(m.text) for m in result.manifests if m.kind == "Ingress"]
    for key, value in _seed_dns_annotations().items():
        assert ingress["metadata"]["annotations"][key] == value, key
    assert [problem.rule for problem in result.warnings if "ttl" in problem.path] == ["EKS026"]
    example = _rendered("Ingress", "web", "my-app")["metadata"]["annotations"]
    assert "external-dns.alpha.kubernetes.io/ttl" not in example


def test_security_group_policy_reproduces_the_seed() -> None:
    seed = _seed("SecurityGroupPolicy")
    ours = _rendered("SecurityGroupPolicy", "production", "orders-api")
    assert ours["apiVersion"] == seed["apiVersion"]
    assert ours["metadata"]["namespace"] == seed["metadata"]["namespace"]
    assert ours["spec"] == seed["spec"]
