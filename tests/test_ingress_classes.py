"""IngressClasses with IngressClassParams: rendered objects, the App's effective values, import.

The rendered IngressClassParams are checked against the controller's CRD with unknown fields
refused, the IngressClass against the Kubernetes schema in strict mode. An App on a class
takes the class's settings everywhere after the checks: its Ingress, the plan and the
IngressGroup checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from test_kubernetes_schemas import KUBERNETES_VERSION, _closed

from conftest import EXAMPLES, upstream
from eksgen.api import check_paths, import_, render_paths
from eksgen.cli.app import run
from eksgen.model import IngressClassSettings, build_cluster
from eksgen.model.ingress_class import Requirement, build_ingress_class
from eksgen.render import bundled
from eksgen.render.ingress_classes import ingress_classes
from eksgen.spec.load import load_paths

CLUSTER_HEAD = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata:
  name: prod
spec:
  region: us-east-1
  ingressClasses:
"""
FULL_CLASSES = """\
    - name: public
      scheme: internet-facing
      ipAddressType: dualstack
      groupName: public-shared
      targetType: instance
      loadBalancerName: public-shared
      certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/abc-123"]
      sslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      subnets: [subnet-0aaa1111, subnet-0bbb2222]
      inboundCidrs: [203.0.113.0/24]
      waf: {aclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/a1b2c3d4"}
      loadBalancerAttributes: {idle_timeout.timeout_seconds: 120, deletion_protection.enabled: true}
      tags: {owner: platform}
      namespaceSelector:
        matchLabels: {team: web}
        matchExpressions:
          - {key: env, operator: NotIn, values: [dev]}
          - {key: kubernetes.io/metadata.name, operator: Exists}
    - name: named-waf
      waf: {aclName: web}
    - name: bare
"""


def _app(name: str, exposure: str, namespace: str = "web", extra: str = "") -> str:
    return (
        "---\napiVersion: eksgen.dev/v1alpha1\nkind: App\n"
        f"metadata: {{name: {name}, namespace: {namespace}}}\n"
        f"spec:\n  ports: [{{port: 80}}]\n  exposure: {exposure}\n{extra}"
    )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "specs.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _params_validator() -> Draft202012Validator:
    crd = yaml.safe_load(
        upstream("aws-load-balancer-controller", "crd-ingressclassparams.yaml").read_text()
    )
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1beta1"]
    schema = _closed(version["schema"]["openAPIV3Schema"])
    schema["properties"]["metadata"] = {"type": "object", "not": {"required": ["namespace"]}}
    return Draft202012Validator(schema)


def _cluster_objects(path: Path) -> list[dict[str, Any]]:
    manifests = render_paths([str(path)]).manifests
    return [yaml.safe_load(m.text) for m in manifests if m.kind.startswith("IngressClass")]


# --- the rendered objects ---------------------------------------------------------------------


@pytest.mark.parametrize("full", [True, False], ids=["every-field", "example"])
def test_rendered_objects_pass_the_crd_and_the_kubernetes_schema(
    full: bool, tmp_path: Path
) -> None:
    path = _write(tmp_path, CLUSTER_HEAD + FULL_CLASSES) if full else EXAMPLES / "cluster.yaml"
    objects = _cluster_objects(path)
    validator = _params_validator()
    kinds = [document["kind"] for document in objects]
    assert kinds == ["IngressClassParams", "IngressClass"] * (3 if full else 1)
    for document in objects:
        if document["kind"] == "IngressClassParams":
            assert [error.message for error in validator.iter_errors(document)] == []
        else:
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
            parameters = document["spec"]["parameters"]
            assert parameters["name"] == document["metadata"]["name"]
            assert document["spec"]["controller"] == "ingress.k8s.aws/alb"


def test_every_field_reaches_the_params(tmp_path: Path) -> None:
    objects = _cluster_objects(_write(tmp_path, CLUSTER_HEAD + FULL_CLASSES))
    (params,) = [
        document["spec"]
        for document in objects
        if document["kind"] == "IngressClassParams" and document["metadata"]["name"] == "public"
    ]
    assert params["scheme"] == "internet-facing" and params["group"] == {"name": "public-shared"}
    assert params["subnets"] == {"ids": ["subnet-0aaa1111", "subnet-0bbb2222"]}
    assert params["inboundCIDRs"] == ["203.0.113.0/24"]
    assert params["wafv2AclArn"].endswith("/web/a1b2c3d4")
    assert params["loadBalancerAttributes"] == [
        {"key": "deletion_protection.enabled", "value": "true"},
        {"key": "idle_timeout.timeout_seconds", "value": "120"},
    ]
    assert params["namespaceSelector"]["matchExpressions"][1] == {
        "key": "kubernetes.io/metadata.name",
        "operator": "Exists",
    }


def test_a_class_without_settings_has_empty_params(tmp_path: Path) -> None:
    objects = _cluster_objects(_write(tmp_path, CLUSTER_HEAD + "    - name: bare\n"))
    assert objects[0]["spec"] == {}


def test_a_bad_class_is_one_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, CLUSTER_HEAD + "    - name: public\n      scheme: public\n")
    assert run(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:9:15: spec.ingressClasses[0].scheme: 'public' is not one of" in err
    assert "Traceback" not in err


def test_the_schema_command_shows_the_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema", "cluster"]) == 0
    cluster = json.loads(capsys.readouterr().out)
    items = cluster["properties"]["spec"]["properties"]["ingressClasses"]["items"]
    entry = cluster["$defs"][items["$ref"].rsplit("/", 1)[1]]
    assert {"name", "scheme", "groupName", "namespaceSelector", "waf"} <= set(entry["properties"])
    assert run(["schema", "app"]) == 0
    app = json.loads(capsys.readouterr().out)
    assert "ingressClass" in json.dumps(app)


# --- an App on the class ----------------------------------------------------------------------


def test_the_ingress_names_the_class_and_leaves_its_settings_out(tmp_path: Path) -> None:
    extra = "  tls: {certificateArns: ['arn:aws:acm:us-east-1:123456789012:certificate/abc-123']}\n"
    exposure = "{type: alb, ingressClass: public, tags: {app: web, owner: web}}"
    path = _write(tmp_path, CLUSTER_HEAD + FULL_CLASSES + _app("web", exposure, extra=extra))
    checked = check_paths([str(path)])
    # owner: the class's value wins (EKS075, a warning); nothing blocks the render.
    assert [p.rule for p in checked.problems if p.severity.name != "INFO"] == ["EKS075"]
    (ingress,) = [m for m in render_paths([str(path)]).manifests if m.kind == "Ingress"]
    document = yaml.safe_load(ingress.text)
    assert document["spec"]["ingressClassName"] == "public"
    keys = {
        key.removeprefix("alb.ingress.kubernetes.io/")
        for key in document["metadata"]["annotations"]
    }
    owned = {"scheme", "subnets", "inbound-cidrs", "group.name", "certificate-arn", "ssl-policy"}
    assert not keys & (owned | {"target-type", "ip-address-type", "wafv2-acl-arn"})
    assert document["metadata"]["annotations"]["alb.ingress.kubernetes.io/tags"] == "app=web"
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_the_plan_shows_the_class_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path, CLUSTER_HEAD + FULL_CLASSES + _app("web", "{type: alb, ingressClass: public}")
    )
    assert run(["plan", str(path), "--output", "json"]) == 0
    (balancer,) = json.loads(capsys.readouterr().out)["loadBalancers"]
    assert balancer["scheme"] == "internet-facing"
    assert balancer["name"] == "public-shared" and balancer["ipAddressType"] == "dualstack"
    assert balancer["loadBalancerName"] == "public-shared"


def test_without_a_cluster_the_app_keeps_its_own_values(tmp_path: Path) -> None:
    path = _write(tmp_path, _app("web", "{type: alb, ingressClass: public, scheme: internal}"))
    (ingress,) = [m for m in render_paths([str(path)]).manifests if m.kind == "Ingress"]
    document = yaml.safe_load(ingress.text)
    assert document["spec"]["ingressClassName"] == "public"
    assert document["metadata"]["annotations"]["alb.ingress.kubernetes.io/scheme"] == "internal"


def test_group_conflicts_use_the_class_values(tmp_path: Path) -> None:
    """A member of the class's group on the default class asks internal: a conflict."""
    classed = _app("a", "{type: alb, ingressClass: public}", namespace="web")
    plain = _app("b", "{type: alb, group: {name: public-shared}}", namespace="web")
    path = _write(tmp_path, CLUSTER_HEAD + FULL_CLASSES + classed + plain)
    problems = [p for p in check_paths([str(path)]).problems if p.rule == "EKS201"]
    assert any("scheme" in problem.message for problem in problems), problems


def test_the_gateway_api_refuses_another_class(tmp_path: Path) -> None:
    exposure = "{type: alb, api: gateway, ingressClass: public}"
    path = _write(tmp_path, CLUSTER_HEAD + FULL_CLASSES + _app("web", exposure))
    problems = [p for p in check_paths([str(path)]).problems if p.rule == "EKS068"]
    assert [problem.path for problem in problems] == ["spec.exposure.ingressClass"]


def test_the_gateway_api_takes_the_default_class(tmp_path: Path) -> None:
    path = _write(tmp_path, _app("web", "{type: alb, api: gateway, ingressClass: alb}"))
    assert [p for p in check_paths([str(path)]).problems if p.rule == "EKS068"] == []


# --- namespaceSelector ------------------------------------------------------------------------


def _selecting(*requirements: Requirement, **labels: str) -> IngressClassSettings:
    return IngressClassSettings(
        "c",
        match_labels=tuple(sorted(labels.items())),
        match_expressions=requirements,
        has_selector=True,
    )


NAME = "kubernetes.io/metadata.name"


@pytest.mark.parametrize(
    ("requirement", "namespace", "expected"),
    [
        (Requirement(NAME, "In", ("a", "b")), "a", True),
        (Requirement(NAME, "In", ("a", "b")), "c", False),
        (Requirement(NAME, "NotIn", ("a",)), "a", False),
        (Requirement(NAME, "NotIn", ("a",)), "b", True),
        (Requirement(NAME, "Exists"), "a", True),
        (Requirement(NAME, "DoesNotExist"), "a", False),
        (Requirement("team", "Exists"), "a", None),
    ],
)
def test_selectors_on_the_name_label(
    requirement: Requirement, namespace: str, expected: bool | None
) -> None:
    assert _selecting(requirement).selects(namespace) is expected


def test_match_labels_and_no_selector() -> None:
    assert _selecting(**{NAME: "a"}).selects("a") is True
    assert _selecting(**{NAME: "a"}).selects("b") is False
    assert _selecting(team="web").selects("a") is None
    assert IngressClassSettings("c").selects("anything") is True


# --- import -----------------------------------------------------------------------------------


def _ingress(ingress_class: str, annotations: dict[str, str]) -> dict[str, Any]:
    backend = {"service": {"name": "web", "port": {"number": 80}}}
    path = {"path": "/", "pathType": "Prefix", "backend": backend}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "web", "namespace": "shop", "annotations": annotations},
        "spec": {"ingressClassName": ingress_class, "rules": [{"http": {"paths": [path]}}]},
    }


SERVICE = {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "web", "namespace": "shop"},
    "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]},
}


def _import(tmp_path: Path, *documents: dict[str, Any]) -> Any:
    path = tmp_path / "in.yaml"
    path.write_text(yaml.safe_dump_all(documents), encoding="utf-8")
    return import_([str(path)])


def test_import_keeps_another_alb_class(tmp_path: Path) -> None:
    ingress_class = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": {"name": "shared"},
        "spec": {"controller": "ingress.k8s.aws/alb"},
    }
    result = _import(tmp_path, ingress_class, SERVICE, _ingress("shared", {}))
    (spec,) = result.specs
    assert spec["spec"]["exposure"]["ingressClass"] == "shared"
    messages = [problem.message for problem in result.warnings]
    assert any(message.startswith("IngressClass is the platform's") for message in messages)


def test_import_of_an_unknown_class_with_alb_annotations_warns(tmp_path: Path) -> None:
    annotations = {
        "alb.ingress.kubernetes.io/scheme": "internal",
        "alb.ingress.kubernetes.io/target-type": "ip",
    }
    result = _import(tmp_path, SERVICE, _ingress("shared", annotations))
    (spec,) = result.specs
    assert spec["spec"]["exposure"]["ingressClass"] == "shared"
    (warning,) = result.warnings
    assert warning.path == "spec.ingressClassName" and "not among" in warning.message


def test_import_skips_another_controllers_class(tmp_path: Path) -> None:
    result = _import(tmp_path, SERVICE, _ingress("nginx", {}))
    (spec,) = result.specs
    assert spec["spec"].get("exposure", {}).get("type") != "alb"
    assert any("skipped" in problem.message for problem in result.warnings)


# --- properties -------------------------------------------------------------------------------

_NAMES = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True)
_CLASSES = st.fixed_dictionaries(
    {"name": _NAMES},
    optional={
        "scheme": st.sampled_from(["internal", "internet-facing"]),
        "ipAddressType": st.sampled_from(["ipv4", "dualstack", "dualstack-without-public-ipv4"]),
        "groupName": _NAMES,
        "targetType": st.sampled_from(["ip", "instance"]),
        "subnets": st.lists(
            st.from_regex(r"subnet-[0-9a-f]{8}", fullmatch=True), min_size=1, unique=True
        ),
        "inboundCidrs": st.just(["10.0.0.0/8"]),
        "tags": st.dictionaries(_NAMES, _NAMES, min_size=1, max_size=3),
        "namespaceSelector": st.just({"matchLabels": {NAME: "web"}}),
    },
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_CLASSES, min_size=1, max_size=3, unique_by=lambda item: item["name"]))
def test_any_classes_render_valid_params_twice_the_same(classes: list[dict[str, Any]]) -> None:
    from eksgen.spec.load import Document

    data = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "Cluster",
        "metadata": {"name": "prod"},
        "spec": {"region": "us-east-1", "ingressClasses": classes},
    }
    cluster = build_cluster(Document("c.yaml", 0, data))
    first = [m.text for m in ingress_classes(cluster, bundled())]
    assert first == [m.text for m in ingress_classes(cluster, bundled())]
    validator = _params_validator()
    for text in first[::2]:
        assert [e.message for e in validator.iter_errors(yaml.safe_load(text))] == []
    assert [build_ingress_class(item).name for item in classes] == [
        c.name for c in cluster.ingress_classes
    ]


def test_loaded_cluster_example_has_its_class() -> None:
    (document,) = load_paths([str(EXAMPLES / "cluster.yaml")]).documents
    (found,) = build_cluster(document).ingress_classes
    assert found.name == "internal-shared" and found.scheme == "internal"


def test_an_output_folder_with_the_cluster_round_trips(tmp_path: Path) -> None:
    """eksgen's own ingressclasses.yaml is passed over quietly, yet gives back the params."""
    from eksgen.importer.dump import dump_specs
    from eksgen.render.layout import output_files, stream

    paths = [str(EXAMPLES / "cluster.yaml"), str(EXAMPLES / "alb-class.yaml")]
    first = render_paths(paths)
    for relative, text in output_files(first.manifests, first.clusters).items():
        (tmp_path / "out" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / relative).write_text(text, encoding="utf-8")
    result = import_([str(tmp_path / "out")])
    assert result.errors == [] and result.warnings == []
    imported = tmp_path / "imported.yaml"
    imported.write_text(dump_specs(result.specs), encoding="utf-8")
    second = render_paths([str(imported), paths[0]]).manifests
    assert stream(second) == stream(first.manifests)
