"""Listener-level load balancer fields: managed prefix lists.

exposure.securityGroupPrefixLists: rendered on the one object that reads it (the Ingress of
an alb App, the Service of an nlb App, the LoadBalancerConfiguration on the Gateway API),
imported back into the field with the same objects rendered again, merged per listen port
in an IngressGroup, and checked by EKS076, EKS077 and EKS023.

Facts: AWS Load Balancer Controller v3.5.0, docs/guide/ingress/annotations.md
(security-group-prefix-lists, merged per listen port), docs/guide/service/annotations.md
(aws-load-balancer-security-group-prefix-lists), pkg/ingress/model_builder.go and
pkg/service/model_build_managed_sg.go (no 0.0.0.0/0 default beside prefix lists),
pkg/gateway/model/model_build_security_group.go (the Gateway API keeps that default).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from eksgen.api import check_paths, import_, render, render_paths
from eksgen.importer import dump_specs

ALB_KEY = "alb.ingress.kubernetes.io/security-group-prefix-lists"
NLB_KEY = "service.beta.kubernetes.io/aws-load-balancer-security-group-prefix-lists"
LISTS = ["pl-0123456789abcdef0", "pl-3b927c52"]


def _app(exposure: dict[str, Any], name: str = "web", **metadata: Any) -> str:
    spec = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": name, "namespace": "shop", **metadata},
        "spec": {"ports": [{"name": "http", "port": 80}], "hosts": [f"{name}.example.com"],
                 "exposure": exposure},
    }  # fmt: skip
    return yaml.safe_dump(spec, sort_keys=False)


def _write(tmp_path: Path, text: str, name: str = "app.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _objects(stream: str) -> dict[str, dict[str, Any]]:
    return {document["kind"]: document for document in yaml.safe_load_all(stream)}


def _annotations(obj: dict[str, Any]) -> dict[str, str]:
    return dict(obj["metadata"].get("annotations", {}))


def _rules(tmp_path: Path, *texts: str) -> list[tuple[str, str]]:
    paths = [str(_write(tmp_path, text, f"app{index}.yaml")) for index, text in enumerate(texts)]
    return [(p.rule, p.path) for p in check_paths(paths).problems]


@pytest.mark.parametrize(
    ("kind", "key", "carrier", "other"),
    [("alb", ALB_KEY, "Ingress", "Service"), ("nlb", NLB_KEY, "Service", None)],
)
def test_prefix_lists_land_on_the_load_balancers_object_alone(
    tmp_path: Path, kind: str, key: str, carrier: str, other: str | None
) -> None:
    path = _write(tmp_path, _app({"type": kind, "securityGroupPrefixLists": LISTS}))
    objects = _objects(render_paths([str(path)]).stream)
    assert _annotations(objects[carrier])[key] == ",".join(LISTS)
    if other is not None:
        assert not any("prefix-lists" in k for k in _annotations(objects[other]))


@pytest.mark.parametrize("value", [["sg-0123456789abcdef0"], ["pl-123"], ["PL-3B927C52"], []])
def test_a_bad_prefix_list_is_refused_at_its_line(tmp_path: Path, value: list[str]) -> None:
    path = _write(tmp_path, _app({"type": "alb", "securityGroupPrefixLists": value}))
    errors = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert errors
    assert all(p.path.startswith("spec.exposure.securityGroupPrefixLists") for p in errors)
    assert all(p.line > 0 for p in errors)


@pytest.mark.parametrize(("kind", "key"), [("alb", ALB_KEY), ("nlb", NLB_KEY)])
def test_the_annotation_by_hand_names_the_field(tmp_path: Path, kind: str, key: str) -> None:
    text = _app({"type": kind}, annotations={key: LISTS[0]})
    errors = [p for p in check_paths([str(_write(tmp_path, text))]).problems if p.is_error]
    assert [p.rule for p in errors] == ["EKS013"]
    assert "spec.exposure.securityGroupPrefixLists" in errors[0].message


@pytest.mark.parametrize("kind", ["alb", "nlb"])
def test_prefix_lists_import_and_render_back(tmp_path: Path, kind: str) -> None:
    exposure = {"type": kind, "securityGroupPrefixLists": LISTS, "sourceRanges": ["10.0.0.0/16"]}
    rendered = render_paths([str(_write(tmp_path, _app(exposure)))]).stream
    imported = import_([str(_write(tmp_path, rendered, "manifests.yaml"))])
    (app,) = imported.specs
    assert app["spec"]["exposure"]["securityGroupPrefixLists"] == LISTS
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render_paths([str(back)]).stream == rendered


def test_gateway_load_balancer_configuration_takes_the_lists_and_imports_back(
    tmp_path: Path,
) -> None:
    from eksgen.render.layout import output_files
    from gateway_crds import crd_errors

    exposure = {
        "type": "alb",
        "api": "gateway",
        "securityGroupPrefixLists": LISTS,
        "sourceRanges": ["10.0.0.0/16"],
    }
    first = render([str(_write(tmp_path, _app(exposure)))])
    objects = [yaml.safe_load(manifest.text) for manifest in first.manifests]
    (config,) = [o for o in objects if o["kind"] == "LoadBalancerConfiguration"]
    assert crd_errors(config) == []
    assert config["spec"]["securityGroupPrefixes"] == LISTS
    for relative, text in output_files(first.manifests).items():
        (tmp_path / "out" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / relative).write_text(text, encoding="utf-8")
    imported = import_([str(tmp_path / "out")])
    assert imported.errors == []
    assert imported.specs[0]["spec"]["exposure"]["securityGroupPrefixLists"] == LISTS
    again = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render([str(again)]).stream == first.stream


def test_members_on_one_port_must_give_the_same_lists(tmp_path: Path) -> None:
    from eksgen.model.groups import group_conflicts

    def member(name: str, lists: list[str]) -> Path:
        exposure = {"type": "alb", "group": {"name": "shared"}, "securityGroupPrefixLists": lists}
        return _write(tmp_path, _app(exposure, name), f"{name}.yaml")

    apps = check_paths([str(member("a", LISTS)), str(member("b", LISTS[:1]))]).apps
    (conflict,) = group_conflicts("shared", apps)
    assert conflict.setting == "security-group-prefix-lists HTTP:80"
    assert [m.field for m in conflict.members] == ["spec.exposure.securityGroupPrefixLists"] * 2
    same = check_paths([str(member("a", LISTS)), str(member("b", LISTS[::-1]))]).apps
    assert group_conflicts("shared", same) == []  # compared as a set, as the controller does


@pytest.mark.parametrize("kind", ["alb", "nlb"])
def test_prefix_lists_beside_security_groups_are_flagged(tmp_path: Path, kind: str) -> None:
    exposure = {
        "type": kind,
        "securityGroups": ["sg-0123456789abcdef0"],
        "securityGroupPrefixLists": LISTS,
    }
    assert ("EKS076", "spec.exposure.securityGroupPrefixLists") in _rules(tmp_path, _app(exposure))


@pytest.mark.parametrize(
    ("api", "open_by_default", "gateway_warning"),
    [("ingress", False, False), ("gateway", True, True)],
)
def test_prefix_lists_alone_close_the_default_on_the_ingress_api_only(
    tmp_path: Path, api: str, open_by_default: bool, gateway_warning: bool
) -> None:
    exposure = {
        "type": "alb",
        "api": api,
        "scheme": "internet-facing",
        "securityGroupPrefixLists": LISTS,
    }
    found = _rules(tmp_path, _app(exposure))
    assert (("EKS023", "spec.exposure.scheme") in found) is open_by_default
    assert (("EKS077", "spec.exposure.securityGroupPrefixLists") in found) is gateway_warning
    with_ranges = _rules(tmp_path, _app(exposure | {"sourceRanges": ["10.0.0.0/16"]}))
    assert not any(rule in ("EKS023", "EKS077") for rule, _ in with_ranges)
