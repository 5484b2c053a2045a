"""metadata.annotations: each key on the objects that read it, and nowhere else.

The AWS Load Balancer Controller reads alb.ingress.kubernetes.io/* on Ingresses (a few keys
on backend Services too) and service.beta.kubernetes.io/* on Services; Kubernetes reads
service.kubernetes.io/* on Services; ExternalDNS reads its keys on the object it publishes.
These tests render real specs (stream, -o tree and Helm values) and read the objects back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from eksgen.api import check_paths, render_paths
from eksgen.cli.app import run

WAF = "alb.ingress.kubernetes.io/waf-acl-id"  # WAF Classic, which no spec field models
WAF_ARN = "499e8b99-6671-4614-a86d-adb1810b7fbe"
ALPN = "service.beta.kubernetes.io/aws-load-balancer-inbound-sg-rules-on-private-link-traffic"
TOPOLOGY = "service.kubernetes.io/topology-mode"
WEIGHT = "external-dns.alpha.kubernetes.io/aws-weight"
OWNER = "team.example.com/owner"
BACKEND = "alb.ingress.kubernetes.io/multi-cluster-target-group"  # on Ingresses and Services
IGNORE = "eksgen.dev/ignore"

ANNOTATIONS = {
    WAF: WAF_ARN,
    ALPN: "off",
    TOPOLOGY: "Auto",
    WEIGHT: "10",
    OWNER: "payments",
    BACKEND: "true",
    IGNORE: "EKS023,EKS025",
}


def _spec(exposure: str | None, ports: bool = True, db_access: bool = True) -> str:
    lines = [
        "apiVersion: eksgen.dev/v1alpha1",
        "kind: App",
        "metadata:",
        "  name: web",
        "  namespace: shop",
        "  annotations:",
        *[f"    {key}: {value!r}" for key, value in ANNOTATIONS.items()],
        "spec:",
        "  selector: {app: web}",
    ]
    if ports:
        lines += ["  ports:", "    - {name: http, port: 80, targetPort: 8080}"]
    if exposure:
        lines += [f"  exposure: {{type: {exposure}}}"]
    if db_access:
        lines += ["  dbAccess: {securityGroupIds: [sg-0123456789abcdef0]}"]
    return "\n".join(lines) + "\n"


def _rendered(tmp_path: Path, text: str) -> dict[str, dict[str, str]]:
    """Kind -> the annotations of the rendered object (the App's own keys only)."""
    spec = tmp_path / "app.yaml"
    spec.write_text(text, encoding="utf-8")
    result = render_paths([str(spec)])
    own: dict[str, dict[str, str]] = {}
    for document in yaml.safe_load_all(result.stream):
        annotations = document["metadata"].get("annotations", {})
        own[document["kind"]] = {k: v for k, v in annotations.items() if k in ANNOTATIONS}
    return own


def test_an_alb_app_puts_each_key_on_its_reader(tmp_path: Path) -> None:
    placed = _rendered(tmp_path, _spec("alb"))

    assert placed["Ingress"] == {WAF: WAF_ARN, WEIGHT: "10", OWNER: "payments", BACKEND: "true"}
    assert placed["Service"] == {ALPN: "off", TOPOLOGY: "Auto", OWNER: "payments"}
    assert placed["SecurityGroupPolicy"] == {OWNER: "payments"}


def test_an_nlb_app_carries_the_service_keys_and_leaves_the_ingress_only_ones_out(
    tmp_path: Path,
) -> None:
    placed = _rendered(tmp_path, _spec("nlb"))

    # multi-cluster-target-group is read on a backend Service too, so the Service carries it here.
    assert placed["Service"] == {
        ALPN: "off",
        TOPOLOGY: "Auto",
        WEIGHT: "10",
        OWNER: "payments",
        BACKEND: "true",
    }
    assert placed["SecurityGroupPolicy"] == {OWNER: "payments"}
    assert "Ingress" not in placed


def test_the_rules_say_what_is_left_out(tmp_path: Path) -> None:
    nlb = tmp_path / "nlb.yaml"
    nlb.write_text(_spec("nlb"), encoding="utf-8")
    worker = tmp_path / "worker.yaml"
    worker.write_text(_spec(None, ports=False), encoding="utf-8")

    problems = check_paths([str(nlb), str(worker)]).problems
    found = {
        (Path(p.file).name, p.rule, p.path) for p in problems if p.rule in {"EKS027", "EKS048"}
    }

    assert found == {
        ("nlb.yaml", "EKS027", f'metadata.annotations["{WAF}"]'),
        ("worker.yaml", "EKS027", f'metadata.annotations["{WAF}"]'),
        ("worker.yaml", "EKS027", f'metadata.annotations["{BACKEND}"]'),
        ("worker.yaml", "EKS027", f'metadata.annotations["{ALPN}"]'),
        ("worker.yaml", "EKS027", f'metadata.annotations["{WEIGHT}"]'),
        ("worker.yaml", "EKS048", f'metadata.annotations["{TOPOLOGY}"]'),
    }
    assert all("leaves it out" in p.message for p in problems if p.rule in {"EKS027", "EKS048"})


def test_an_app_without_ports_carries_only_keys_any_object_may_carry(tmp_path: Path) -> None:
    placed = _rendered(tmp_path, _spec(None, ports=False))

    assert placed == {"SecurityGroupPolicy": {OWNER: "payments"}}


@pytest.mark.parametrize("exposure", ["alb", "nlb", "none"])
def test_the_tree_and_the_helm_values_place_them_alike(
    tmp_path: Path, exposure: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "specs" / "app.yaml"
    spec.parent.mkdir()
    spec.write_text(_spec(exposure), encoding="utf-8")
    stream = _rendered(tmp_path, _spec(exposure))
    assert run(["render", str(spec), "-o", str(tmp_path / "out")]) == 0
    assert run(["render", str(spec), "--format", "helm-values", "-o", str(tmp_path / "hv")]) == 0
    capsys.readouterr()

    tree = {
        document["kind"]: _own(document["metadata"].get("annotations", {}))
        for path in (tmp_path / "out" / "shop" / "web").glob("*.yaml")
        if path.name != "kustomization.yaml"
        for document in [yaml.safe_load(path.read_text(encoding="utf-8"))]
    }
    values = yaml.safe_load((tmp_path / "hv" / "shop" / "web" / "values.yaml").read_text())

    assert tree == stream
    assert _own(values["service"]["annotations"]) == stream["Service"]
    assert _own(values["ingress"]["annotations"]) == stream.get("Ingress", {})


def _own(annotations: dict[str, Any]) -> dict[str, str]:
    return {key: value for key, value in annotations.items() if key in ANNOTATIONS}
