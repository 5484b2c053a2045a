"""Every rendered object is valid for Kubernetes: core kinds against the Kubernetes OpenAPI
schemas in strict mode (kubernetes-validate), SecurityGroupPolicy against the upstream CRD
with unknown fields refused, as kubectl's strict field validation would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT, example_specs, gateway_ready, upstream
from eksgen.api import render_paths
from eksgen.render.manifests import Manifest
from eksgen.resources import crd_schema

VALID_CASES = sorted((ROOT / "tests" / "cases" / "valid").glob("*.yaml"))
KUBERNETES_VERSION = kubernetes_validate.latest_version()


def _rendered(spec: Path) -> list[tuple[Manifest, dict[str, Any]]]:
    return [(m, yaml.safe_load(m.text)) for m in render_paths([str(spec)]).manifests]


def _closed(schema: Any) -> Any:
    """Close every object that lists its properties, so unknown fields are errors."""
    if isinstance(schema, dict):
        closed = {key: _closed(value) for key, value in schema.items()}
        if "properties" in closed and "additionalProperties" not in closed:
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


def _upstream_sgp_validator() -> Draft202012Validator:
    crd = yaml.safe_load(
        upstream("amazon-vpc-resource-controller-k8s", "securitygrouppolicy-crd.yaml").read_text()
    )
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1beta1"]
    schema = _closed(version["schema"]["openAPIV3Schema"])
    schema["properties"]["metadata"] = {"type": "object"}
    return Draft202012Validator(schema)


SPECS = [spec for spec in example_specs() + VALID_CASES if "kind: App" in spec.read_text()]
CLUSTER_SPECS = [spec for spec in example_specs() if "kind: Cluster" in spec.read_text()]


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_core_objects_pass_kubernetes_strict_schema(spec: Path) -> None:
    rendered = _rendered(spec)
    checked = 0
    for manifest, document in rendered:
        if manifest.kind in ("Service", "Ingress"):
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
            checked += 1
    # An App without ports renders its SecurityGroupPolicy alone (checked below).
    assert checked >= 1 or {manifest.kind for manifest, _ in rendered} == {"SecurityGroupPolicy"}


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_security_group_policies_pass_the_upstream_crd(spec: Path) -> None:
    validator = _upstream_sgp_validator()
    checked = 0
    for manifest, document in _rendered(spec):
        if manifest.kind == "SecurityGroupPolicy":
            errors = [error.message for error in validator.iter_errors(document)]
            assert errors == []
            checked += 1
    assert checked == ("dbAccess:" in spec.read_text())


def test_an_app_without_ports_is_among_the_specs_checked() -> None:
    """The worker example renders a SecurityGroupPolicy and nothing else, checked above."""
    worker = next(spec for spec in SPECS if spec.stem == "worker-db-access")
    assert [manifest.kind for manifest, _ in _rendered(worker)] == ["SecurityGroupPolicy"]


def test_some_spec_renders_a_security_group_policy() -> None:
    kinds = {manifest.kind for spec in SPECS for manifest, _ in _rendered(spec)}
    assert kinds == {"Service", "Ingress", "SecurityGroupPolicy", "TargetGroupBinding"}


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_target_group_bindings_pass_the_upstream_crd(spec: Path) -> None:
    """Strict: at its apiVersion (one the CRD serves), unknown fields refused."""
    from gateway_crds import crd_errors

    for manifest, document in _rendered(spec):
        if manifest.kind == "TargetGroupBinding":
            assert crd_errors(document) == [], manifest.label


def test_the_target_group_binding_crd_check_is_strict() -> None:
    from gateway_crds import crd_errors

    documents = [
        document
        for spec in SPECS
        for manifest, document in _rendered(spec)
        if manifest.kind == "TargetGroupBinding"
    ]
    assert len(documents) >= 3  # the example's, and both kinds of target of a test case
    assert {document["spec"]["targetType"] for document in documents} == {"ip", "instance"}
    document = documents[0]
    assert crd_errors(document) == []
    wrong = document | {"spec": document["spec"] | {"targetGroupArn": "x"}}
    assert any("targetGroupArn" in error for error in crd_errors(wrong))
    unserved = document | {"apiVersion": "elbv2.k8s.aws/v1"}
    assert crd_errors(unserved) != []


def _upstream_eniconfig_validator() -> Draft202012Validator:
    crd = yaml.safe_load(upstream("amazon-vpc-cni-k8s", "eniconfig-crd.yaml").read_text())
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1alpha1"]
    schema = _closed(version["schema"]["openAPIV3Schema"])
    schema["properties"]["metadata"] = {"type": "object", "not": {"required": ["namespace"]}}
    return Draft202012Validator(schema)


@pytest.mark.parametrize("spec", CLUSTER_SPECS, ids=lambda path: path.stem)
def test_eniconfigs_pass_the_upstream_crd(spec: Path) -> None:
    validator = _upstream_eniconfig_validator()
    eniconfigs = [doc for m, doc in _rendered(spec) if m.kind == "ENIConfig"]
    assert eniconfigs
    for document in eniconfigs:
        assert [error.message for error in validator.iter_errors(document)] == []
        assert document["metadata"]["name"] == document["metadata"]["name"].lower()


def test_eniconfig_validator_refuses_a_missing_subnet() -> None:
    bad = {
        "apiVersion": "crd.k8s.amazonaws.com/v1alpha1",
        "kind": "ENIConfig",
        "metadata": {"name": "us-east-1a"},
        "spec": {"securityGroups": ["sg-12345678"]},
    }
    assert list(_upstream_eniconfig_validator().iter_errors(bad))


def test_strict_validation_would_catch_an_unknown_field() -> None:
    """Guard for the guard: the validators above really refuse unknown fields."""
    _, document = next((m, d) for spec in SPECS for m, d in _rendered(spec) if m.kind == "Service")
    document["spec"]["loadBalancerClas"] = "typo"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    sgp = {
        "apiVersion": "vpcresources.k8s.aws/v1beta1",
        "kind": "SecurityGroupPolicy",
        "metadata": {"name": "x"},
        "spec": {"podSelector": {"matchLabels": {}}, "securityGroups": {"groupIDs": ["sg-1"]}},
    }
    assert list(_upstream_sgp_validator().iter_errors(sgp))


def test_own_sgp_schema_accepts_the_upstream_samples() -> None:
    """The project's SecurityGroupPolicy schema agrees with the upstream samples' shape."""
    samples = list(
        yaml.safe_load_all(
            upstream(
                "amazon-vpc-resource-controller-k8s", "securitygrouppolicy-samples.yaml"
            ).read_text()
        )
    )
    validator = Draft202012Validator(crd_schema("securitygrouppolicy"))
    for sample in samples:
        sample["metadata"]["namespace"] = "default"
        messages = [error.message for error in validator.iter_errors(sample)]
        # The upstream samples use placeholder IDs that are not real sg- IDs.
        assert all("does not match" in message for message in messages), messages


@pytest.mark.parametrize("spec", gateway_ready(SPECS), ids=lambda path: path.stem)
def test_gateway_api_renders_pass_the_schemas_of_every_kind(spec: Path) -> None:
    """--api gateway: the Services against Kubernetes, the rest against the upstream CRDs."""
    from eksgen.api import render
    from gateway_crds import GATEWAY_KINDS, crd_errors

    manifests = render([str(spec)], api="gateway").manifests
    for manifest in manifests:
        document = yaml.safe_load(manifest.text)
        if manifest.kind == "Service":
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        elif manifest.kind in GATEWAY_KINDS or manifest.kind == "TargetGroupBinding":
            assert crd_errors(document) == [], manifest.label
        else:
            assert manifest.kind == "SecurityGroupPolicy"
            assert [e.message for e in _upstream_sgp_validator().iter_errors(document)] == []
