"""TargetGroupBindings (spec.targetGroupBindings) and pod readiness gates, end to end.

Render, schema errors, the Gateway API, import round trips, plan, and the readiness gate
Component built by the real Kustomize (kubectl kustomize).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from conftest import write_file as _write
from eksgen.api import check_paths, render, render_paths
from eksgen.cli.app import run
from eksgen.importer import dump_specs, import_manifests
from eksgen.model.controller import READINESS_GATE_LABEL
from gateway_crds import crd_errors

EXAMPLE = EXAMPLES / "external-target-group.yaml"
INSTANCE_CASE = ROOT / "tests" / "cases" / "valid" / "target-group-bindings.yaml"
ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef"
KUBECTL = shutil.which("kubectl")


def _app(bindings: str, extra: str = "", namespace: str = "shop") -> str:
    return (
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\n"
        f"metadata:\n  name: web\n  namespace: {namespace}\n"
        "spec:\n  ports:\n    - {name: http, port: 80, targetPort: 8080}\n"
        "    - {name: admin, port: 9090}\n"
        f"{extra}  targetGroupBindings:\n{bindings}"
    )


def _documents(path: Path, **options: Any) -> list[dict[str, Any]]:
    return [yaml.safe_load(m.text) for m in render([str(path)], **options).manifests]


# --- render ------------------------------------------------------------------------------


def test_the_example_renders_a_service_without_load_balancer_and_its_binding() -> None:
    service, binding = _documents(EXAMPLE)
    assert service["kind"] == "Service" and service["spec"]["type"] == "ClusterIP"
    assert "annotations" not in service["metadata"]
    assert binding["apiVersion"] == "elbv2.k8s.aws/v1beta1"
    assert binding["metadata"]["name"] == "checkout-checkout-tg"
    assert binding["metadata"]["labels"] == service["metadata"]["labels"]
    assert binding["spec"]["serviceRef"] == {"name": "checkout", "port": 80}
    assert binding["spec"]["targetType"] == "ip"
    rule = binding["spec"]["networking"]["ingress"][0]
    assert rule == {
        "from": [{"securityGroup": {"groupID": "sg-0a1b2c3d4e5f60718"}}],
        "ports": [{"port": 8080, "protocol": "TCP"}],
    }
    assert crd_errors(binding) == []


def test_instance_targets_make_a_node_port_service_and_every_binding_its_object() -> None:
    documents = _documents(INSTANCE_CASE)
    service = next(d for d in documents if d["kind"] == "Service")
    assert service["spec"]["type"] == "NodePort"
    bindings = [d for d in documents if d["kind"] == "TargetGroupBinding"]
    # Object names are lower-case: target group names need not be.
    assert [b["metadata"]["name"] for b in bindings] == [
        "legacy-legacy-metrics",
        "legacy-legacy-web",
    ]
    metrics, web = (b["spec"] for b in bindings)
    assert (metrics["serviceRef"]["port"], web["serviceRef"]["port"]) == (9100, 80)
    assert web["networking"]["ingress"] == [
        {"from": [{"securityGroup": {"groupID": "sg-0123456789abcdef0"}}], "ports": []}
    ]
    peers = metrics["networking"]["ingress"][0]["from"]
    assert peers[0] == {"securityGroup": {"groupID": "sg-0123456789abcdef0"}}
    assert [p["ipBlock"]["cidr"] for p in peers[1:]] == ["10.0.0.0/16", "2001:db8::/56"]
    assert all(crd_errors(binding) == [] for binding in bindings)


def test_each_binding_is_a_file_of_the_app_folder_that_its_kustomization_lists(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert run(["render", str(INSTANCE_CASE), "-o", str(out)]) == 0
    folder = out / "ops" / "legacy"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "kustomization.yaml",
        "legacy-legacy-metrics.targetgroupbinding.yaml",
        "legacy-legacy-web.targetgroupbinding.yaml",
        "service.yaml",
    ]
    listed = yaml.safe_load((folder / "kustomization.yaml").read_text())["resources"]
    assert sorted(listed) == sorted(n for n in names if n != "kustomization.yaml")


def test_the_gateway_api_renders_the_same_objects() -> None:
    """Such an App asks for no load balancer: --api gateway has nothing else to write."""
    ingress = [m.text for m in render([str(EXAMPLE)]).manifests]
    assert [m.text for m in render([str(EXAMPLE)], api="gateway").manifests] == ingress


def test_exposure_api_on_such_an_app_is_a_located_error(tmp_path: Path) -> None:
    """exposure.api picks how a load balancer is asked for; with bindings none is asked."""
    binding = f"    - {{targetGroupArn: {ARN}, targetType: ip}}\n"
    path = _write(tmp_path, _app(binding, "  exposure: {type: none, api: gateway}\n"))
    (problem,) = check_paths([str(path)]).errors
    assert (problem.rule, problem.line, problem.path) == ("EKS011", 10, "spec.exposure.api")


# --- schema and rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arn", "fragment"),
    [
        (
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/0123",
            "targetgroup",
        ),
        (
            "arn:aws:elasticloadbalancing:us-east-1:12345:targetgroup/web/0123456789abcdef",
            "account",
        ),
        (
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/-web/0123456789abcdef",
            "name",
        ),
        ("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/xyz", "hexadecimal"),
    ],
)
def test_a_bad_arn_is_one_located_error(
    tmp_path: Path, arn: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _app(f"    - targetGroupArn: {arn}\n      targetType: ip\n"))
    assert run(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if ": error:" in line or "targetGroupArn" in line]
    assert len([e for e in errors if e.startswith(f"{path}:")]) == 1, err
    assert f"{path}:11:23: " in err
    assert "spec.targetGroupBindings[0].targetGroupArn" in err
    assert "a target group ARN" in err and fragment in err.split("targetGroupArn", 1)[1]
    assert "Traceback" not in err


def test_other_partitions_are_accepted(tmp_path: Path) -> None:
    for partition, region in (("aws-us-gov", "us-gov-west-1"), ("aws-cn", "cn-north-1")):
        arn = ARN.replace("arn:aws:", f"arn:{partition}:").replace("us-east-1", region)
        binding = f"    - {{targetGroupArn: {arn}, targetType: ip}}\n"
        result = check_paths([str(_write(tmp_path, _app(binding)))])
        assert result.errors == [], [str(p) for p in result.errors]


def test_target_type_is_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _app(f"    - targetGroupArn: {ARN}\n"))
    assert run(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:11:7: " in err and "targetType" in err


def test_an_unknown_binding_port_is_refused_before_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _app(f"    - {{targetGroupArn: {ARN}, targetType: ip, port: web}}\n"))
    assert run(["render", str(path)]) == 1
    err = capsys.readouterr().err
    assert "spec.targetGroupBindings[0].port: 'web' is not a port of spec.ports" in err
    assert "(EKS004)" in err and "Traceback" not in err


def test_one_target_group_bound_by_two_apps_is_refused(tmp_path: Path) -> None:
    binding = f"    - targetGroupArn: {ARN}\n      targetType: ip\n"
    first = _write(tmp_path, _app(binding), "a.yaml")
    second = _write(tmp_path, _app(binding, namespace="other"), "b.yaml")
    result = check_paths([str(first), str(second)])
    (problem,) = result.errors
    assert (problem.rule, problem.file, problem.line) == ("EKS210", str(second), 11)
    assert f"{first}:11" in problem.message


# --- import ----------------------------------------------------------------------------------


def _round_trip(tmp_path: Path, spec: Path) -> None:
    rendered = render_paths([str(spec)]).manifests
    stream = tmp_path / "rendered.yaml"
    stream.write_text("".join(f"---\n{m.text}" for m in rendered))
    result = import_manifests([str(stream)])
    assert result.errors == []
    again = _write(tmp_path, dump_specs(result.specs), "imported.yaml")
    assert [m.text for m in render_paths([str(again)]).manifests] == [m.text for m in rendered]


@pytest.mark.parametrize("spec", [EXAMPLE, INSTANCE_CASE], ids=lambda path: path.stem)
def test_bindings_round_trip_through_import(tmp_path: Path, spec: Path) -> None:
    _round_trip(tmp_path, spec)


def test_import_of_the_example_gives_its_bindings_back() -> None:
    result = import_manifests([str(ROOT / "tests" / "golden" / "external-target-group")])
    (spec,) = result.specs
    expected = yaml.safe_load(EXAMPLE.read_text())["spec"]["targetGroupBindings"]
    # The first Service port is the default: the import leaves it out.
    assert spec["spec"]["targetGroupBindings"] == [
        {key: value for key, value in expected[0].items() if key != "port"}
    ]


def _binding_text(**spec: Any) -> str:
    document = {
        "apiVersion": "elbv2.k8s.aws/v1beta1",
        "kind": "TargetGroupBinding",
        "metadata": {"name": "mine", "namespace": "shop"},
        "spec": {"serviceRef": {"name": "web", "port": 80}, "targetGroupARN": ARN} | spec,
    }
    return yaml.safe_dump(document)


SERVICE = (
    "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
    "spec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n"
)


def test_import_reports_what_it_cannot_carry(tmp_path: Path) -> None:
    text = SERVICE + "---\n" + _binding_text(targetType="ip", nodeSelector={}, vpcID="vpc-1")
    path = _write(tmp_path, text, "in.yaml")
    result = import_manifests([str(path)])
    (spec,) = result.specs
    assert spec["spec"]["targetGroupBindings"] == [{"targetGroupArn": ARN, "targetType": "ip"}]
    messages = sorted((p.path, p.message) for p in result.warnings)
    assert (
        "metadata.name",
        "eksgen names this binding 'web-web-tg': applying the import makes a new one",
    ) in messages
    assert {path for path, _ in messages} >= {"spec.nodeSelector", "spec.vpcID"}


def test_import_skips_a_binding_without_target_type_or_service(tmp_path: Path) -> None:
    untyped = _binding_text()
    orphan = _binding_text(targetType="ip").replace("name: web", "name: gone")
    path = _write(tmp_path, SERVICE + "---\n" + untyped + "---\n" + orphan, "in.yaml")
    result = import_manifests([str(path)])
    (spec,) = result.specs
    assert "targetGroupBindings" not in spec["spec"]
    messages = " | ".join(p.message for p in result.warnings)
    assert "no targetType ip or instance" in messages
    assert "no Service gone in the input" in messages


def test_a_labelled_namespace_does_not_break_the_import(tmp_path: Path) -> None:
    key, value = READINESS_GATE_LABEL
    namespace = (
        f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {{{key}: {value}}}\n"
    )
    path = _write(tmp_path, namespace + "---\n" + SERVICE, "in.yaml")
    result = import_manifests([str(path)])
    assert len(result.specs) == 1 and result.errors == []
    (warning,) = result.warnings
    assert "podReadinessGate: true" in warning.message and warning.line == 5


# --- plan --------------------------------------------------------------------------------------


def test_plan_lists_the_target_groups_apart_and_prices_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["plan", str(EXAMPLE)]) == 0
    text = capsys.readouterr().out
    assert "Load balancers in us-east-1 (default (no Cluster spec)): 0" in text
    assert "Target groups of load balancers made outside Kubernetes (not priced): 1" in text
    assert "Target group checkout-tg (us-east-1, account 123456789012)" in text
    assert "payments/checkout (Service port 80)" in text
    assert "Monthly base cost: $0.00 for 0 load balancer(s)" in text
    assert run(["plan", str(EXAMPLE), "--output", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (group,) = data["externalTargetGroups"]
    assert group["name"] == "checkout-tg" and group["targetType"] == "ip"
    assert data["loadBalancers"] == []


def test_plans_without_bindings_keep_their_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["plan", str(EXAMPLES / "nlb-public.yaml"), "--output", "json"]) == 0
    assert "externalTargetGroups" not in json.loads(capsys.readouterr().out)


# --- pod readiness gates -------------------------------------------------------------------------

CLUSTER = (
    "apiVersion: eksgen.dev/v1alpha1\nkind: Cluster\nmetadata: {name: prod}\n"
    "spec:\n  region: us-east-1\n  loadBalancerController:\n    podReadinessGate: {gate}\n"
)


def _gate_specs(tmp_path: Path, gate: str) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    for example in ("external-target-group", "internal-instance", "nlb-public", "alb-shared"):
        shutil.copy(EXAMPLES / f"{example}.yaml", folder)
    (folder / "cluster.yaml").write_text(CLUSTER.replace("{gate}", gate))
    return folder


def test_the_component_labels_the_namespaces_of_ip_targets_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["render", str(_gate_specs(tmp_path, "true")), "-o", str(out)]) == 0
    folder = out / "cluster" / "prod" / "pod-readiness-gate"
    component = yaml.safe_load((folder / "kustomization.yaml").read_text())
    assert component["kind"] == "Component"
    targets = [patch["target"]["name"] for patch in component["patches"]]
    # internal-tools has instance targets only: no gate is injected there, no label.
    namespaces = {
        yaml.safe_load(p.read_text())["metadata"]["namespace"] for p in out.glob("*/*/service.yaml")
    }
    assert "internal-tools" in namespaces and "internal-tools" not in targets
    assert targets == sorted(namespaces - {"internal-tools"})
    for patch in component["patches"]:
        namespace = yaml.safe_load((folder / patch["path"]).read_text())
        assert namespace["metadata"]["labels"] == dict([READINESS_GATE_LABEL])


@pytest.mark.parametrize("gate", ["false", "true"])
def test_warning_only_when_the_cluster_leaves_it_unsaid(tmp_path: Path, gate: str) -> None:
    folder = _gate_specs(tmp_path, gate)
    assert not [p for p in check_paths([str(folder)]).problems if p.rule == "EKS123"]
    (folder / "cluster.yaml").write_text(
        CLUSTER.replace("    podReadinessGate: {gate}\n", "    replicas: 2\n")
    )
    flagged = sorted(
        Path(p.file).stem for p in check_paths([str(folder)]).problems if p.rule == "EKS123"
    )
    assert flagged == ["alb-shared", "external-target-group", "nlb-public"]


def test_false_writes_no_component(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["render", str(_gate_specs(tmp_path, "false")), "-o", str(out)]) == 0
    assert not (out / "cluster" / "prod" / "pod-readiness-gate").exists()


@pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")
def test_the_component_works_with_the_real_kustomize(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["render", str(_gate_specs(tmp_path, "true")), "-o", str(out)]) == 0
    platform = tmp_path / "platform"
    platform.mkdir()
    (platform / "namespaces.yaml").write_text(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments, labels: {team: pay}}\n"
        "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: internal-tools}\n"
    )
    (platform / "kustomization.yaml").write_text(
        "resources: [namespaces.yaml, ../out]\n"
        "components: [../out/cluster/prod/pod-readiness-gate]\n"
    )
    assert KUBECTL is not None
    built = subprocess.run(
        [KUBECTL, "kustomize", str(platform)], capture_output=True, text=True, check=True
    ).stdout
    namespaces = {
        doc["metadata"]["name"]: doc["metadata"].get("labels", {})
        for doc in yaml.safe_load_all(built)
        if doc and doc["kind"] == "Namespace"
    }
    key, value = READINESS_GATE_LABEL
    # Patched where the Namespace is (its own labels kept); a namespace without ip targets not.
    assert namespaces == {"payments": {"team": "pay", key: value}, "internal-tools": {}}
    kinds = {doc["kind"] for doc in yaml.safe_load_all(built) if doc}
    assert "TargetGroupBinding" in kinds


def test_import_says_when_instance_targets_change_the_service_type(tmp_path: Path) -> None:
    path = _write(tmp_path, SERVICE + "---\n" + _binding_text(targetType="instance"), "in.yaml")
    result = import_manifests([str(path)])
    assert result.specs[0]["spec"]["targetGroupBindings"][0]["targetType"] == "instance"
    assert any(
        p.path == "spec.type" and "renders a NodePort Service" in p.message for p in result.warnings
    )


def test_a_networking_port_without_a_number_opens_every_port_of_its_protocol(
    tmp_path: Path,
) -> None:
    """The CRD's port is optional: without it the rule covers every port of the protocol."""
    networking = {
        "ingress": [
            {"from": [{"securityGroup": {"groupID": "sg-0123456789abcdef0"}}],
             "ports": [{"protocol": "UDP"}]}
        ]
    }  # fmt: skip
    text = SERVICE + "---\n" + _binding_text(targetType="ip", networking=networking)
    result = import_manifests([str(_write(tmp_path, text, "in.yaml"))])
    assert result.warnings == [] or all("names this binding" in p.message for p in result.warnings)
    (spec,) = result.specs
    (binding,) = spec["spec"]["targetGroupBindings"]
    assert binding["networking"] == [
        {"securityGroupIds": ["sg-0123456789abcdef0"], "ports": [{"protocol": "UDP"}]}
    ]
    again = _write(tmp_path, dump_specs(result.specs), "imported.yaml")
    documents = [yaml.safe_load(m.text) for m in render_paths([str(again)]).manifests]
    (rendered,) = [d for d in documents if d["kind"] == "TargetGroupBinding"]
    assert rendered["spec"]["networking"] == networking
