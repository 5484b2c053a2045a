"""eksgen import never writes a spec that would replace, delete or create a load balancer.

Facts, AWS Load Balancer Controller v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4):

- pkg/service/service_utils.go IsServiceSupported: the controller takes a Service with its
  loadBalancerClass (service.k8s.aws/nlb) or, without a class, aws-load-balancer-type
  nlb-ip, or external with aws-load-balancer-nlb-target-type exactly ip or instance.
  Every other LoadBalancer Service (type nlb, no annotation) is the Kubernetes AWS cloud
  provider's; eksgen renders the controller's NLB, so a spec of it replaces the load
  balancer, and exposure none (a ClusterIP Service) deletes it.
- pkg/service/model_build_target_group.go buildTargetType: type nlb-ip means ip whatever
  nlb-target-type says; otherwise anything but ip is instance, and without the annotation
  the controller's --default-target-type applies (instance in the chart, but ip in an
  eksgen Cluster: eksgen.model.defaults.TARGET_TYPE), which a manifest does not say.
- webhooks/core/service_mutator.go: the controller's webhook gives new LoadBalancer
  Services its class, so a manifest without one does not say who made the load balancer.
- pkg/ingress/model_build_target_group.go buildTargetGroupTargetType: an Ingress without
  target-type (on it or its Service) gets the --default-target-type; with a NodePort
  Service either type works, with a ClusterIP Service only ip does.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from eksgen.cli.app import run
from eksgen.importer.main import ImportResult, import_manifests
from eksgen.model.controller import SERVICE_PREFIX

TYPE = SERVICE_PREFIX + "aws-load-balancer-type"
TARGET = SERVICE_PREFIX + "aws-load-balancer-nlb-target-type"
NLB_CLASS = "service.k8s.aws/nlb"


def service(
    annotations: dict[str, str] | None = None,
    load_balancer_class: str | None = None,
    service_type: str = "LoadBalancer",
    name: str = "web",
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "type": service_type,
        "selector": {"app": name},
        "ports": [{"name": "http", "port": 80}],
    }
    if load_balancer_class is not None:
        spec["loadBalancerClass"] = load_balancer_class
    metadata: dict[str, Any] = {"name": name, "namespace": "shop"}
    if annotations is not None:
        metadata["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec}


def ingress(name: str = "web", annotations: dict[str, str] | None = None) -> dict[str, Any]:
    backend = {"service": {"name": name, "port": {"number": 80}}}
    path = {"path": "/", "pathType": "Prefix", "backend": backend}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": name, "namespace": "shop", "annotations": annotations or {}},
        "spec": {"ingressClassName": "alb", "rules": [{"http": {"paths": [path]}}]},
    }


def imported(*documents: dict[str, Any]) -> ImportResult:
    text = yaml.safe_dump_all(documents, sort_keys=False)
    return import_manifests(["-"], stdin=io.StringIO(text))


# ---- refused: eksgen would change the load balancer ----------------------------------------


@pytest.mark.parametrize(
    ("annotations", "load_balancer_class", "path", "says"),
    [
        # The in-tree NLB: the cloud provider's, not the controller's.
        ({TYPE: "nlb"}, None, f'metadata.annotations["{TYPE}"]', "aws-load-balancer-type 'nlb'"),
        # No annotation at all: a Classic Load Balancer (or the webhook's class, unseen).
        (None, None, "spec.type", "Classic Load Balancer"),
        # external without a target type: no controller takes it.
        ({TYPE: "external"}, None, f'metadata.annotations["{TYPE}"]', "does not take"),
        (
            {TYPE: "external", TARGET: "IP"},
            None,
            f'metadata.annotations["{TYPE}"]',
            "does not take",
        ),
        # The controller's class, the target type left to the controller's default.
        ({}, NLB_CLASS, "spec.loadBalancerClass", "--default-target-type"),
        # Another controller's class.
        (
            {TYPE: "external", TARGET: "ip"},
            "example.com/lb",
            "spec.loadBalancerClass",
            "another controller",
        ),
    ],
)
def test_a_load_balancer_eksgen_would_render_differently_is_an_error(
    annotations: dict[str, str] | None, load_balancer_class: str | None, path: str, says: str
) -> None:
    result = imported(service(annotations, load_balancer_class))
    (error,) = result.errors
    assert error.is_error and error.path == path and error.line > 1
    assert says in error.message and "Not imported" in error.message
    assert result.specs == []


def test_the_in_tree_nlb_import_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "svc.yaml"
    manifest.write_text(yaml.safe_dump(service({TYPE: "nlb"})), encoding="utf-8")
    output = tmp_path / "apps.yaml"
    assert run(["import", str(manifest), "-o", str(output)]) == 1
    assert not output.exists()
    err = capsys.readouterr().err
    assert f"{manifest}:" in err and "aws-load-balancer-type 'nlb'" in err


def test_one_refused_service_fails_the_whole_import() -> None:
    result = imported(service({TYPE: "nlb"}), service(service_type="ClusterIP", name="api"))
    assert len(result.errors) == 1  # the CLI writes nothing when there are errors


def test_a_load_balancer_service_behind_an_alb_ingress_is_an_error() -> None:
    # eksgen renders the ALB's Service as NodePort or ClusterIP: its own NLB would go.
    result = imported(service({TYPE: "external", TARGET: "ip"}), ingress())
    (error,) = result.errors
    assert error.path == "spec.type" and "deletes the Service's load balancer" in error.message
    assert result.specs == []


def test_an_alb_target_type_left_to_the_default_with_a_node_port_is_an_error() -> None:
    result = imported(service(service_type="NodePort"), ingress())
    (error,) = result.errors
    assert error.path == "metadata.annotations" and "--default-target-type" in error.message
    assert result.specs == []


@pytest.mark.parametrize(
    ("service_type", "annotations", "target"),
    [
        ("NodePort", {"alb.ingress.kubernetes.io/target-type": "instance"}, "instance"),
        ("NodePort", {"alb.ingress.kubernetes.io/target-type": "ip"}, "ip"),
        ("ClusterIP", {}, "ip"),  # only ip works with a ClusterIP Service
    ],
)
def test_alb_target_types_the_manifests_determine_import(
    service_type: str, annotations: dict[str, str], target: str
) -> None:
    result = imported(service(service_type=service_type), ingress(annotations=annotations))
    assert result.errors == []
    assert result.specs[0]["spec"]["exposure"]["targetType"] == target


# ---- exact: imported ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annotations", "load_balancer_class", "target"),
    [
        ({TYPE: "external", TARGET: "ip"}, None, "ip"),
        ({TYPE: "external", TARGET: "instance"}, None, "instance"),
        ({TARGET: "instance"}, NLB_CLASS, "instance"),
        ({TYPE: "nlb", TARGET: "ip"}, NLB_CLASS, "ip"),  # the class decides who makes it
        ({TYPE: "nlb-ip"}, None, "ip"),
        ({TYPE: "nlb-ip", TARGET: "instance"}, None, "ip"),  # nlb-ip wins over the target type
        ({TARGET: "IP"}, NLB_CLASS, "instance"),  # with the class, anything but ip is instance
    ],
)
def test_what_the_controller_makes_imports_with_its_real_target_type(
    annotations: dict[str, str], load_balancer_class: str | None, target: str
) -> None:
    result = imported(service(annotations, load_balancer_class))
    assert result.errors == []
    (spec,) = result.specs
    assert spec["spec"]["exposure"]["type"] == "nlb"
    assert spec["spec"]["exposure"]["targetType"] == target


def test_nlb_ip_with_a_contradicting_target_type_says_which_one_counts() -> None:
    result = imported(service({TYPE: "nlb-ip", TARGET: "instance"}))
    messages = [w.message for w in result.warnings]
    assert any("type nlb-ip means ip targets" in m for m in messages), messages


def test_services_without_a_load_balancer_still_import() -> None:
    result = imported(service(service_type="ClusterIP"))
    assert result.errors == [] and len(result.specs) == 1
