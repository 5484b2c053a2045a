"""eksgen import of Gateway API objects: eksgen's own --api gateway output comes back as specs
with exposure.api: gateway that render it again byte for byte.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, example_specs, gateway_ready
from eksgen.api import render
from eksgen.importer import dump_specs, import_manifests
from eksgen.importer.gateway_leftovers import LB_CONFIG_FIELDS, TARGET_FIELDS
from eksgen.render.layout import output_files, stream

VALID_CASES = sorted((ROOT / "tests" / "cases" / "valid").glob("*.yaml"))
APP_SPECS = gateway_ready(
    [s for s in example_specs() + VALID_CASES if "kind: App" in s.read_text()]
)


def _write_tree(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")


def _round_trip(tmp_path: Path, paths: list[str]) -> tuple[str, str, list[str]]:
    first = render(paths, api="gateway")
    _write_tree(tmp_path / "out", output_files(first.manifests, first.clusters))
    result = import_manifests([str(tmp_path / "out")])
    assert result.errors == []
    specs = tmp_path / "specs.yaml"
    specs.write_text(dump_specs(result.specs), encoding="utf-8")
    second = render([str(specs)])  # no --api: the specs say gateway themselves
    kept = [m for m in first.manifests if m.namespace]  # a Cluster's objects are not Apps'
    messages = [problem.message for problem in result.warnings]
    return stream(second.manifests), stream(kept), messages


@pytest.mark.parametrize("spec", APP_SPECS, ids=lambda path: path.stem)
def test_gateway_output_imports_and_renders_again_byte_for_byte(spec: Path, tmp_path: Path) -> None:
    second, first, messages = _round_trip(tmp_path, [str(spec)])
    # An App's own annotations are kept, with the importer's usual word on them.
    assert set(messages) <= {
        "not modelled by eksgen: kept verbatim in metadata.annotations, which eksgen renders "
        "on every object of the app",
        "not modelled by eksgen: kept verbatim in metadata.annotations, for the routes",
    }
    assert second == first


def test_imported_specs_say_gateway(tmp_path: Path) -> None:
    first = render([str(ROOT / "examples" / "nlb-public.yaml")], api="gateway")
    _write_tree(tmp_path, output_files(first.manifests))
    (spec,) = import_manifests([str(tmp_path)]).specs
    assert spec["spec"]["exposure"] == {
        "type": "nlb",
        "api": "gateway",
        "scheme": "internet-facing",
        "subnets": ["subnet-aaa", "subnet-bbb"],
    }


GROUP_MEMBER = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  ports: [{{name: http, port: 8080}}]
  exposure:
    type: alb
    api: gateway
    group: {{name: shop}}
  hosts: [{name}.example.com]
  tls: {{certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/shop"]}}
  dns: {{ttl: 60}}
"""


def test_an_ingress_group_across_namespaces_round_trips(tmp_path: Path) -> None:
    paths = []
    for name, namespace in (("cart", "team-b"), ("web", "team-a")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(GROUP_MEMBER.format(name=name, namespace=namespace), encoding="utf-8")
        paths.append(str(path))
    second, first, messages = _round_trip(tmp_path, paths)
    assert messages == []
    assert second == first
    specs = list(yaml.safe_load_all((tmp_path / "specs.yaml").read_text()))
    assert [s["spec"]["exposure"]["group"] for s in specs] == [{"name": "shop"}] * 2
    assert [s["spec"]["dns"] for s in specs] == [{"ttl": 60}] * 2


def test_what_eksgen_cannot_render_is_reported_at_its_field(tmp_path: Path) -> None:
    first = render([str(ROOT / "examples" / "alb-shared.yaml")], api="gateway")
    _write_tree(tmp_path, output_files(first.manifests))
    folder = tmp_path / "web" / "my-app"
    config = yaml.safe_load((folder / "loadbalancerconfiguration.yaml").read_text())
    config["spec"]["enableICMP"] = True
    (folder / "loadbalancerconfiguration.yaml").write_text(yaml.safe_dump(config))
    route = yaml.safe_load((folder / "httproute.yaml").read_text())
    # A query parameter by regular expression: eksgen renders Exact ones only.
    query = {"type": "RegularExpression", "name": "q", "value": ".*"}
    route["spec"]["rules"][0]["matches"][0]["queryParams"] = [query]
    (folder / "httproute.yaml").write_text(yaml.safe_dump(route))
    result = import_manifests([str(tmp_path)])
    assert result.errors == []
    found = sorted((p.file.rsplit("/", 1)[-1], p.path, p.message) for p in result.warnings)
    assert found == [
        (
            "httproute.yaml",
            "spec.rules[0].matches[0].queryParams[0].type",
            "'RegularExpression': eksgen renders Exact only; match not imported",
        ),
        (
            "loadbalancerconfiguration.yaml",
            "spec.enableICMP",
            "not modelled by eksgen; not imported",
        ),
    ]
    assert len(result.specs) == 1


def test_what_a_rule_configuration_or_filter_holds_beyond_sign_in_is_reported(
    tmp_path: Path,
) -> None:
    first = render([str(ROOT / "tests" / "cases" / "valid" / "alb-sign-in.yaml")], api="gateway")
    _write_tree(tmp_path, output_files(first.manifests))
    folder = tmp_path / "shop" / "portal"
    config = yaml.safe_load((folder / "listenerruleconfiguration.yaml").read_text())
    # Source IPs for some of a rule's matches only: eksgen's apply to every match.
    config["spec"]["conditions"] = [
        {"field": "source-ip", "sourceIPConfig": {"values": ["10.0.0.0/8"]}, "matchIndexes": [0]}
    ]
    action = config["spec"]["actions"][0]["authenticateOIDCConfig"]
    action["authenticationRequestExtraParams"] = {"prompt": "login"}
    (folder / "listenerruleconfiguration.yaml").write_text(yaml.safe_dump(config))
    route = yaml.safe_load((folder / "httproute.yaml").read_text())
    header = {"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": []}}
    route["spec"]["rules"][1]["filters"].append(header)
    (folder / "httproute.yaml").write_text(yaml.safe_dump(route))
    result = import_manifests([str(tmp_path)])
    assert result.errors == []
    found = sorted((p.file.rsplit("/", 1)[-1], p.path) for p in result.warnings)
    assert found == [
        ("httproute.yaml", "spec.rules[1].filters[1]"),
        (
            "listenerruleconfiguration.yaml",
            "spec.actions[0].authenticateOIDCConfig.authenticationRequestExtraParams",
        ),
        ("listenerruleconfiguration.yaml", "spec.conditions[0].matchIndexes"),
    ]
    (spec,) = result.specs
    assert spec["spec"]["exposure"]["auth"]["oidc"]["secretName"] == "portal-oidc"


def test_a_grpc_route_without_a_target_group_configuration_still_says_grpc(
    tmp_path: Path,
) -> None:
    """The controller makes a GRPCRoute's target groups speak gRPC on an HTTPS listener."""
    first = render([str(ROOT / "tests" / "cases" / "valid" / "alb-grpc.yaml")], api="gateway")
    files = output_files(first.manifests)
    _write_tree(tmp_path, {k: v for k, v in files.items() if "targetgroupconfiguration" not in k})
    result = import_manifests([str(tmp_path)])
    (spec,) = result.specs
    assert spec["spec"]["exposure"]["backendProtocolVersion"] == "GRPC"
    assert [route["path"] for route in spec["spec"]["routes"]] == [
        "/shop.Cart",
        "/shop.Admin/Reset",
    ]


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 70000) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=60)
@given(
    config=st.dictionaries(st.sampled_from([*sorted(LB_CONFIG_FIELDS), "other"]), VALUES),
    target=st.dictionaries(st.sampled_from([*sorted(TARGET_FIELDS), "other"]), VALUES),
    rules=VALUES,
    parents=VALUES,
    actions=VALUES
    | st.lists(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["authenticate-oidc", "authenticate-cognito", "forward"])},
            optional={
                "authenticateOIDCConfig": st.dictionaries(
                    st.sampled_from(["issuer", "secret", "scope", "sessionTimeout", "x"]), VALUES
                ),
                "authenticateCognitoConfig": VALUES,
            },
        ),
        max_size=2,
    ),
    grpc=st.booleans(),
)
def test_any_gateway_field_values_import_without_a_crash(
    config: dict[str, Any],
    target: dict[str, Any],
    rules: Any,
    parents: Any,
    actions: Any,
    grpc: bool,
) -> None:
    reference = {
        "type": "ExtensionRef",
        "extensionRef": {"kind": "ListenerRuleConfiguration", "name": "a"},
    }
    objects = [
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {"selector": {"app": "a"}, "ports": [{"port": 80}]},
        },
        {
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "Gateway",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {"infrastructure": {"parametersRef": {"name": "a"}}, "listeners": parents},
        },
        {
            "apiVersion": "gateway.k8s.aws/v1",
            "kind": "LoadBalancerConfiguration",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": config,
        },
        {
            "apiVersion": "gateway.k8s.aws/v1",
            "kind": "TargetGroupConfiguration",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {"targetReference": {"name": "a"}, "defaultConfiguration": target},
        },
        {
            "apiVersion": "gateway.k8s.aws/v1",
            "kind": "ListenerRuleConfiguration",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {"actions": actions},
        },
        {
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "GRPCRoute" if grpc else "HTTPRoute",
            "metadata": {"name": "a", "namespace": "n"},
            "spec": {
                "parentRefs": [{"name": "a"}],
                "rules": [
                    {
                        "backendRefs": [{"name": "a", "port": 80}],
                        "filters": [reference],
                        "matches": rules,
                    }
                ],
                "hostnames": rules,
            },
        },
        {
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": "b", "namespace": "n"},
            "spec": {"parentRefs": parents, "rules": rules},
        },
    ]
    text = yaml.safe_dump_all(objects)
    result = import_manifests(["-"], stdin=io.StringIO(text))
    for spec in result.specs:
        dump_specs([spec])  # every spec returned is schema-valid data


def test_a_group_gateway_in_a_namespace_of_its_own_round_trips(tmp_path: Path) -> None:
    paths = []
    for name in ("cart", "web"):
        text = GROUP_MEMBER.format(name=name, namespace="shop").replace(
            "group: {name: shop}", "group: {name: shop, namespace: edge}"
        )
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    second, first, messages = _round_trip(tmp_path, paths)
    assert messages == []
    assert second == first
    specs = list(yaml.safe_load_all((tmp_path / "specs.yaml").read_text()))
    assert [s["spec"]["exposure"]["group"] for s in specs] == [
        {"name": "shop", "namespace": "edge"}
    ] * 2
