"""The secure defaults, each asserted on the smallest spec that relies on it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from eksgen.api import render_paths
from eksgen.render.layout import output_files

APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {{name: web}}
spec:
  ports: [{{port: 443}}]
  exposure: {{type: {exposure}}}
  tls: {{certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/abc"]}}
"""
CLUSTER = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata: {name: c1}
spec:
  region: us-east-1
  externalDns: {hostedZoneIds: [Z111]}
  loadBalancerController: {}
"""
WRITE_ACTIONS = (
    "Create",
    "Delete",
    "Modify",
    "Change",
    "Set",
    "Add",
    "Remove",
    "Register",
    "Deregister",
    "Authorize",
    "Revoke",
    "Associate",
    "Disassociate",
    "Put",
    "Tag",
)


def _annotations(tmp_path: Path, exposure: str) -> dict[str, str]:
    spec = tmp_path / f"{exposure}.yaml"
    spec.write_text(APP.format(exposure=exposure))
    kind = "Ingress" if exposure == "alb" else "Service"
    (doc,) = [yaml.safe_load(m.text) for m in render_paths([str(spec)]).manifests if m.kind == kind]
    annotations: dict[str, str] = doc["metadata"]["annotations"]
    return annotations


def test_load_balancers_are_internal_unless_asked(tmp_path: Path) -> None:
    assert _annotations(tmp_path, "alb")["alb.ingress.kubernetes.io/scheme"] == "internal"
    nlb = _annotations(tmp_path, "nlb")
    assert nlb["service.beta.kubernetes.io/aws-load-balancer-scheme"] == "internal"


def test_tls_policy_is_tls_1_3_with_1_2(tmp_path: Path) -> None:
    policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert _annotations(tmp_path, "alb")["alb.ingress.kubernetes.io/ssl-policy"] == policy
    nlb = _annotations(tmp_path, "nlb")
    assert nlb["service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy"] == policy


def test_http_redirects_to_https(tmp_path: Path) -> None:
    alb = _annotations(tmp_path, "alb")
    assert alb["alb.ingress.kubernetes.io/ssl-redirect"] == "443"
    assert json.loads(alb["alb.ingress.kubernetes.io/listen-ports"]) == [
        {"HTTP": 80},
        {"HTTPS": 443},
    ]


def _cluster_files(tmp_path: Path) -> dict[str, str]:
    spec = tmp_path / "cluster.yaml"
    spec.write_text(CLUSTER)
    result = render_paths([str(spec)])
    return output_files(result.manifests, result.clusters)


def test_external_dns_is_upsert_only(tmp_path: Path) -> None:
    values = yaml.safe_load(_cluster_files(tmp_path)["cluster/c1/external-dns.values.yaml"])
    assert values["policy"] == "upsert-only"


def test_iam_write_actions_are_scoped(tmp_path: Path) -> None:
    files = _cluster_files(tmp_path)
    dns = json.loads(files["cluster/c1/iam/external-dns.policy.json"])
    for statement in dns["Statement"]:
        if "route53:ChangeResourceRecordSets" in statement["Action"]:
            assert statement["Resource"] == ["arn:aws:route53:::hostedzone/Z111"]
    # The policy eksgen composes has no write action on "*"; the controller's policy is the
    # upstream one for its release (tests/test_cluster.py compares them).
    for statement in dns["Statement"]:
        writes = [a for a in statement["Action"] if a.split(":")[1].startswith(WRITE_ACTIONS)]
        assert not writes or "*" not in statement["Resource"]
