"""spec.exposure.listenPorts: an ALB's HTTP and HTTPS listeners on ports other than 80/443.

The one listener derivation (eksgen.model.listeners) gives the Ingress's listen-ports and
ssl-redirect, the mutual-authentication entry, the Gateway's listeners and redirect route,
and the plan; import reads the ports back from either API.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import write_file as _write
from eksgen.api import check_paths, import_, render_paths
from eksgen.importer import dump_specs
from gateway_crds import crd_errors

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
STORE = "arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/ts/0123456789abcdef"


def _spec(listen: dict[str, int], tls: bool = True, api: str = "ingress") -> str:
    spec: dict[str, Any] = {
        "ports": [{"name": "http", "port": 80}],
        "exposure": {"type": "alb", "api": api, "listenPorts": listen},
        "hosts": ["shop.example.com"],
    }
    if tls:
        spec["tls"] = {
            "certificateArns": [CERT],
            "mutualAuthentication": {"mode": "verify", "trustStore": STORE},
        }
    document = {"apiVersion": "eksgen.dev/v1alpha1", "kind": "App",
                "metadata": {"name": "web", "namespace": "shop"}, "spec": spec}  # fmt: skip
    return yaml.safe_dump(document, sort_keys=False)


def _objects(stream: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(stream) if doc]


def _kind(stream: str, kind: str) -> list[dict[str, Any]]:
    return [doc for doc in _objects(stream) if doc["kind"] == kind]


def test_the_ingress_listens_redirects_and_verifies_on_the_given_ports(tmp_path: Path) -> None:
    stream = render_paths([str(_write(tmp_path, _spec({"http": 8080, "https": 8443})))]).stream
    (ingress,) = _kind(stream, "Ingress")
    notes = ingress["metadata"]["annotations"]
    assert json.loads(notes["alb.ingress.kubernetes.io/listen-ports"]) == [
        {"HTTP": 8080},
        {"HTTPS": 8443},
    ]
    assert notes["alb.ingress.kubernetes.io/ssl-redirect"] == "8443"
    (entry,) = json.loads(notes["alb.ingress.kubernetes.io/mutual-authentication"])
    assert entry["port"] == 8443


def test_without_tls_the_http_port_alone(tmp_path: Path) -> None:
    stream = render_paths([str(_write(tmp_path, _spec({"http": 8080}, tls=False)))]).stream
    (ingress,) = _kind(stream, "Ingress")
    notes = ingress["metadata"]["annotations"]
    assert notes["alb.ingress.kubernetes.io/listen-ports"] == '[{"HTTP":8080}]'
    assert "alb.ingress.kubernetes.io/ssl-redirect" not in notes


def test_the_gateway_listens_on_the_given_ports_and_redirects_there(tmp_path: Path) -> None:
    text = _spec({"http": 8080, "https": 8443}, api="gateway")
    stream = render_paths([str(_write(tmp_path, text))]).stream
    (gateway,) = _kind(stream, "Gateway")
    assert sorted((item["protocol"], item["port"]) for item in gateway["spec"]["listeners"]) == [
        ("HTTP", 8080),
        ("HTTPS", 8443),
    ]
    redirect = next(
        r for r in _kind(stream, "HTTPRoute") if r["metadata"]["name"].endswith("-redirect")
    )
    (rule,) = redirect["spec"]["rules"]
    assert rule["filters"][0]["requestRedirect"]["port"] == 8443
    assert [ref["sectionName"] for ref in redirect["spec"]["parentRefs"]] == ["http-8080"]
    gateway_kinds = [doc for doc in _objects(stream) if doc["kind"] not in ("Service",)]
    assert [error for doc in gateway_kinds for error in crd_errors(doc)] == []


@pytest.mark.parametrize("api", ["ingress", "gateway"])
@pytest.mark.parametrize("listen", [{"http": 8080, "https": 8443}, {"https": 8443}, {"http": 81}])
def test_import_reads_the_ports_back(tmp_path: Path, api: str, listen: dict[str, int]) -> None:
    stream = render_paths([str(_write(tmp_path, _spec(listen, api=api)))]).stream
    imported = import_([str(_write(tmp_path, stream, "manifests.yaml"))])
    (spec,) = imported.specs
    assert spec["spec"]["exposure"]["listenPorts"] == listen
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render_paths([str(back)]).stream == stream


def test_listen_ports_on_an_nlb_are_refused(tmp_path: Path) -> None:
    text = _spec({"https": 8443}).replace("type: alb", "type: nlb")
    problems = check_paths([str(_write(tmp_path, text))]).problems
    assert "spec.exposure.listenPorts" in [str(p.path) for p in problems if p.rule == "EKS002"]


def test_the_plan_lists_the_given_listeners(tmp_path: Path) -> None:
    from eksgen.cli.app import run

    path = _write(tmp_path, _spec({"http": 8080, "https": 8443}))
    out = tmp_path / "plan.json"
    assert run(["plan", str(path), "--output", "json", "-o", str(out)]) == 0
    (lb,) = json.loads(out.read_text())["loadBalancers"]
    assert [(item["protocol"], item["port"]) for item in lb["listeners"]] == [
        ("HTTP", 8080),
        ("HTTPS", 8443),
    ]
    assert lb["listeners"][0]["redirectToPort"] == 8443
