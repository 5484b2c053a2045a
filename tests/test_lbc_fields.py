"""Load balancer settings as typed spec fields: each rendered on the one object that reads it.

For every field: the schema refuses a bad value at its line; the annotation lands on the
Ingress (alb) or the Service (nlb) and nowhere else; the annotation given by hand is refused
with the field's name; `eksgen import` reads the annotation back into the field, and the
import renders back to the same objects.

Facts: AWS Load Balancer Controller v3.5.0, docs/guide/ingress/annotations.md and
docs/guide/service/annotations.md (ip-address-type: ALB ipv4 | dualstack |
dualstack-without-public-ipv4; NLB ipv4 | dualstack; default ipv4).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import annotations_of as _annotations
from conftest import objects_by_kind as _objects
from conftest import write_file as _write
from eksgen.api import check_paths, import_, render_paths
from eksgen.importer import dump_specs

ALB_KEY = "alb.ingress.kubernetes.io/ip-address-type"
NLB_KEY = "service.beta.kubernetes.io/aws-load-balancer-ip-address-type"


def _app(exposure: dict[str, Any], annotations: dict[str, str] | None = None) -> str:
    metadata: dict[str, Any] = {"name": "web", "namespace": "shop"}
    if annotations:
        metadata["annotations"] = annotations
    spec = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": metadata,
        "spec": {"ports": [{"name": "http", "port": 80}], "hosts": ["web.example.com"],
                 "exposure": exposure},
    }  # fmt: skip
    return yaml.safe_dump(spec, sort_keys=False)


def _gateway_imported_back(tmp_path: Path, first: Any, **options: Any) -> Any:
    """eksgen import of a Gateway API render's -o tree, checked to render the same stream
    (with the render options the first render had)."""
    from eksgen.api import render
    from eksgen.render.layout import output_files

    for relative, text in output_files(first.manifests).items():
        (tmp_path / "out" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / relative).write_text(text, encoding="utf-8")
    imported = import_([str(tmp_path / "out")])
    assert imported.errors == []
    again = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render([str(again)], **options).stream == first.stream
    return imported


def _imported_back(tmp_path: Path, text: str) -> dict[str, Any]:
    """The App that eksgen import makes of the spec's rendered stream, checked to render the
    same objects again."""
    spec = _write(tmp_path, text)
    rendered = render_paths([str(spec)]).stream
    imported = import_([str(_write(tmp_path, rendered, "manifests.yaml"))])
    (app,) = imported.specs
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert _objects(render_paths([str(back)]).stream) == _objects(rendered)
    app_spec: dict[str, Any] = app
    return app_spec


@pytest.mark.parametrize(
    ("kind", "address_type", "key", "carrier"),
    [
        ("alb", "dualstack", ALB_KEY, "Ingress"),
        ("alb", "dualstack-without-public-ipv4", ALB_KEY, "Ingress"),
        ("alb", "ipv4", ALB_KEY, "Ingress"),
        ("nlb", "dualstack", NLB_KEY, "Service"),
    ],
)
def test_the_address_type_lands_on_its_reader_alone(
    tmp_path: Path, kind: str, address_type: str, key: str, carrier: str
) -> None:
    path = _write(tmp_path, _app({"type": kind, "ipAddressType": address_type}))

    objects = _objects(render_paths([str(path)]).stream)

    assert _annotations(objects[carrier])[key] == address_type
    for other, obj in objects.items():
        if other != carrier:
            assert not any(k.endswith("ip-address-type") for k in _annotations(obj)), other


def test_without_the_field_no_address_type_is_written(tmp_path: Path) -> None:
    path = _write(tmp_path, _app({"type": "alb"}))
    objects = _objects(render_paths([str(path)]).stream)
    assert ALB_KEY not in _annotations(objects["Ingress"])  # the controller's default, ipv4


def test_a_bad_value_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _app({"type": "alb", "ipAddressType": "IPv6"}))
    problems = [p for p in check_paths([str(path)]).problems if p.is_error]

    (problem,) = problems
    assert (problem.path, problem.line) == ("spec.exposure.ipAddressType", 14)
    assert "dualstack-without-public-ipv4" in problem.message  # what was expected


def test_the_albs_own_type_is_refused_on_an_nlb(tmp_path: Path) -> None:
    path = _write(tmp_path, _app({"type": "nlb", "ipAddressType": "dualstack-without-public-ipv4"}))
    errors = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert [(p.rule, p.path) for p in errors] == [("EKS002", "spec.exposure.ipAddressType")]


@pytest.mark.parametrize(("kind", "key"), [("alb", ALB_KEY), ("nlb", NLB_KEY)])
def test_the_annotation_by_hand_names_the_field(tmp_path: Path, kind: str, key: str) -> None:
    path = _write(tmp_path, _app({"type": kind}, {key: "dualstack"}))
    errors = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert [p.rule for p in errors] == ["EKS013"]
    assert "set spec.exposure.ipAddressType instead" in errors[0].message


@pytest.mark.parametrize(
    ("kind", "address_type"),
    [("alb", "dualstack"), ("alb", "dualstack-without-public-ipv4"), ("nlb", "dualstack")],
)
def test_import_reads_the_field_back_and_renders_the_same_objects(
    tmp_path: Path, kind: str, address_type: str
) -> None:
    spec = _write(tmp_path, _app({"type": kind, "ipAddressType": address_type}))
    rendered = render_paths([str(spec)]).stream
    manifests = _write(tmp_path, rendered, "manifests.yaml")

    imported = import_([str(manifests)])
    (app,) = imported.specs
    assert app["spec"]["exposure"]["ipAddressType"] == address_type
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")

    assert _objects(render_paths([str(back)]).stream) == _objects(rendered)


# ---- ALB_PREFIX and Shield Advanced (ALB only) ------------------------------------------------------

ARN = (
    "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
)
ALB_PREFIX = "alb.ingress.kubernetes.io/"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"waf": {"aclArn": ARN}}, {ALB_PREFIX + "wafv2-acl-arn": ARN}),
        ({"waf": {"aclName": "web"}}, {ALB_PREFIX + "wafv2-acl-name": "web"}),
        ({"waf": {"enabled": False}}, {ALB_PREFIX + "wafv2-acl-arn": "none"}),
        ({"shieldAdvanced": True}, {ALB_PREFIX + "shield-advanced-protection": "true"}),
        ({"shieldAdvanced": False}, {ALB_PREFIX + "shield-advanced-protection": "false"}),
    ],
)
def test_waf_and_shield_land_on_the_ingress_alone(
    tmp_path: Path, fields: dict[str, Any], expected: dict[str, str]
) -> None:
    exposure = {"type": "alb", "scheme": "internet-facing", "sourceRanges": ["203.0.113.0/24"]}
    path = _write(tmp_path, _app(exposure | fields))

    objects = _objects(render_paths([str(path)]).stream)

    ingress = _annotations(objects["Ingress"])
    assert expected.items() <= ingress.items()
    assert not any("waf" in key or "shield" in key for key in _annotations(objects["Service"]))


@pytest.mark.parametrize(
    "waf",
    [
        {"aclArn": ARN.replace(":regional/", ":global/")},  # CloudFront's, not an ALB's
        {"aclArn": ARN, "aclName": "web"},  # one way only
        {},
        {"enabled": True},
        {"aclName": "web acl"},
    ],
)
def test_a_bad_waf_is_refused_at_its_line(tmp_path: Path, waf: dict[str, Any]) -> None:
    path = _write(tmp_path, _app({"type": "alb", "waf": waf}))
    errors = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert errors and all(p.path.startswith("spec.exposure.waf") and p.line > 0 for p in errors)


def test_waf_and_shield_are_refused_on_an_nlb(tmp_path: Path) -> None:
    path = _write(
        tmp_path, _app({"type": "nlb", "waf": {"aclName": "web"}, "shieldAdvanced": True})
    )
    errors = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert [(p.rule, p.path) for p in errors] == [
        ("EKS002", "spec.exposure.waf"),
        ("EKS002", "spec.exposure.shieldAdvanced"),
    ]


def test_shield_on_an_internal_alb_is_noted(tmp_path: Path) -> None:
    path = _write(tmp_path, _app({"type": "alb", "shieldAdvanced": True}))
    notes = [p for p in check_paths([str(path)]).problems if p.rule == "EKS049"]
    assert [(p.path, p.severity.value) for p in notes] == [("spec.exposure.shieldAdvanced", "info")]


@pytest.mark.parametrize(
    "fields",
    [
        {"waf": {"aclArn": ARN}, "shieldAdvanced": True},
        {"waf": {"aclName": "web"}, "shieldAdvanced": False},
        {"waf": {"enabled": False}},
    ],
)
def test_waf_and_shield_import_and_render_back(tmp_path: Path, fields: dict[str, Any]) -> None:
    exposure = {"type": "alb", "scheme": "internet-facing", "sourceRanges": ["203.0.113.0/24"]}
    app = _imported_back(tmp_path, _app(exposure | fields))
    assert {key: app["spec"]["exposure"][key] for key in fields} == fields


def test_import_keeps_the_name_when_an_ingress_gives_both(tmp_path: Path) -> None:
    ingress = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            "name": "web",
            "namespace": "shop",
            "annotations": {ALB_PREFIX + "wafv2-acl-arn": ARN, ALB_PREFIX + "wafv2-acl-name": "web"},
        },
        "spec": {
            "ingressClassName": "alb",
            "rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {
                "service": {"name": "web", "port": {"number": 80}}}}]}}],
        },
    }  # fmt: skip
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]},
    }
    path = _write(tmp_path, yaml.safe_dump_all([service, ingress]), "manifests.yaml")

    imported = import_([str(path)])

    assert imported.specs[0]["spec"]["exposure"]["waf"] == {"aclName": "web"}
    (warning,) = [w for w in imported.warnings if "wafv2-acl-arn" in w.path]
    assert "uses wafv2-acl-name when both are given" in warning.message


# ---- plan shows them ------------------------------------------------------------------------


def test_plan_shows_the_settings_in_json_and_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eksgen.cli.app import run

    exposure = {
        "type": "alb",
        "scheme": "internet-facing",
        "sourceRanges": ["203.0.113.0/24"],
        "ipAddressType": "dualstack",
        "waf": {"aclArn": ARN},
        "shieldAdvanced": True,
    }
    path = _write(tmp_path, _app(exposure))
    plain = _write(tmp_path, _app({"type": "nlb"}).replace("name: web", "name: plain"), "nlb.yaml")

    assert run(["plan", str(path), str(plain), "--output", "json"]) == 0
    balancers = {lb["kind"]: lb for lb in json.loads(capsys.readouterr().out)["loadBalancers"]}
    assert run(["plan", str(path)]) == 0
    text = capsys.readouterr().out

    alb, nlb = balancers["alb"], balancers["nlb"]
    assert (alb["ipAddressType"], alb["waf"], alb["shieldAdvanced"]) == (
        "dualstack",
        {"aclArn": ARN},
        True,
    )
    assert (nlb["ipAddressType"], nlb["waf"], nlb["shieldAdvanced"]) == ("ipv4", None, None)
    assert "IP addresses" in text and "dualstack" in text
    assert ARN in text and "Shield Advanced" in text


# ---- NLB: proxy protocol and static addresses -------------------------------------------------

NLB = "service.beta.kubernetes.io/aws-load-balancer-"
SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"]
EIPS = ["eipalloc-0123456789abcdef0", "eipalloc-0123456789abcdef1"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"proxyProtocol": True}, {NLB + "proxy-protocol": "*"}),
        (
            {
                "scheme": "internet-facing",
                "sourceRanges": ["203.0.113.0/24"],
                "eipAllocations": EIPS,
            },
            {NLB + "eip-allocations": ",".join(EIPS)},
        ),
        (
            {"privateIpv4Addresses": ["10.0.1.15", "10.0.2.15"]},
            {NLB + "private-ipv4-addresses": "10.0.1.15,10.0.2.15"},
        ),
    ],
)
def test_nlb_fields_land_on_the_service(
    tmp_path: Path, fields: dict[str, Any], expected: dict[str, str]
) -> None:
    path = _write(tmp_path, _app({"type": "nlb", "subnets": SUBNETS} | fields))

    service = _objects(render_paths([str(path)]).stream)["Service"]

    assert expected.items() <= _annotations(service).items()


def test_proxy_protocol_off_writes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, _app({"type": "nlb", "proxyProtocol": False}))
    service = _objects(render_paths([str(path)]).stream)["Service"]
    assert NLB + "proxy-protocol" not in _annotations(service)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"eipAllocations": ["eipalloc-xyz"]}, "spec.exposure.eipAllocations[0]"),
        ({"privateIpv4Addresses": ["10.0.1.256"]}, "spec.exposure.privateIpv4Addresses[0]"),
        ({"privateIpv4Addresses": ["2001:db8::1"]}, "spec.exposure.privateIpv4Addresses[0]"),
        ({"proxyProtocol": "*"}, "spec.exposure.proxyProtocol"),
    ],
)
def test_bad_nlb_values_are_refused_at_their_line(
    tmp_path: Path, fields: dict[str, Any], path: str
) -> None:
    spec = _write(tmp_path, _app({"type": "nlb", "subnets": SUBNETS[:1]} | fields))
    errors = [p for p in check_paths([str(spec)]).problems if p.is_error]
    assert [p.path for p in errors] == [path]
    assert errors[0].line > 0


@pytest.mark.parametrize(
    "fields",
    [
        {"proxyProtocol": True},
        {"scheme": "internet-facing", "sourceRanges": ["203.0.113.0/24"], "eipAllocations": EIPS},
        {"privateIpv4Addresses": ["10.0.1.15", "10.0.2.15"]},
    ],
)
def test_nlb_fields_import_and_render_back(tmp_path: Path, fields: dict[str, Any]) -> None:
    app = _imported_back(tmp_path, _app({"type": "nlb", "subnets": SUBNETS} | fields))
    assert {key: app["spec"]["exposure"][key] for key in fields} == fields


def test_a_proxy_protocol_value_the_controller_refuses_is_not_imported(tmp_path: Path) -> None:
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": "web",
            "namespace": "shop",
            "annotations": {
                NLB + "type": "external",
                NLB + "nlb-target-type": "ip",
                NLB + "proxy-protocol": "enabled",
            },
        },
        "spec": {"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 80}]},
    }
    path = _write(tmp_path, yaml.safe_dump(service), "manifests.yaml")

    imported = import_([str(path)])

    assert "proxyProtocol" not in imported.specs[0]["spec"]["exposure"]
    assert any("takes only '*'" in w.message for w in imported.warnings)


# ---- ALB backend protocol and version ----------------------------------------------------------

CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"


def _grpc_app(exposure: dict[str, Any]) -> str:
    text = _app({"type": "alb"} | exposure)
    return text + f"  tls:\n    certificateArns:\n    - {CERTIFICATE}\n"


def test_backend_protocol_fields_land_on_the_ingress_alone(tmp_path: Path) -> None:
    path = _write(
        tmp_path, _grpc_app({"backendProtocol": "HTTPS", "backendProtocolVersion": "GRPC"})
    )

    objects = _objects(render_paths([str(path)]).stream)

    ingress = _annotations(objects["Ingress"])
    assert ingress[ALB_PREFIX + "backend-protocol"] == "HTTPS"
    assert ingress[ALB_PREFIX + "backend-protocol-version"] == "GRPC"
    assert not any("backend-protocol" in key for key in _annotations(objects["Service"]))


def test_grpc_without_tls_and_on_an_nlb_are_refused(tmp_path: Path) -> None:
    no_tls = _write(tmp_path, _app({"type": "alb", "backendProtocolVersion": "GRPC"}), "a.yaml")
    other = _app({"type": "nlb", "backendProtocol": "HTTPS"})
    nlb = _write(
        tmp_path, other.replace("name: web", "name: api").replace("web.", "api."), "b.yaml"
    )
    errors = [p for p in check_paths([str(no_tls), str(nlb)]).problems if p.is_error]
    assert [(Path(p.file).name, p.rule, p.path) for p in errors] == [
        ("a.yaml", "EKS053", "spec.exposure.backendProtocolVersion"),
        ("b.yaml", "EKS002", "spec.exposure.backendProtocol"),
    ]


def test_grpc_sets_the_check_defaults_the_plan_and_rules_use(tmp_path: Path) -> None:
    from eksgen.model import effective

    path = _write(tmp_path, _grpc_app({"backendProtocolVersion": "GRPC"}))
    (app,) = check_paths([str(path)]).apps
    settings = effective.settings(app)
    assert settings is not None
    assert settings.get(effective.CHECK_PATH).value == "/AWS.ALB/healthcheck"
    assert settings.get(effective.SUCCESS_CODES).value == "12"


@pytest.mark.parametrize("on_service", [False, True])
def test_backend_protocol_imports_from_the_ingress_or_the_backend_service(
    tmp_path: Path, on_service: bool
) -> None:
    spec = _write(
        tmp_path, _grpc_app({"backendProtocol": "HTTPS", "backendProtocolVersion": "GRPC"})
    )
    documents = list(yaml.safe_load_all(render_paths([str(spec)]).stream))
    if on_service:  # the controller reads these keys on a backend Service too
        ingress = next(d for d in documents if d["kind"] == "Ingress")
        service = next(d for d in documents if d["kind"] == "Service")
        for key in (ALB_PREFIX + "backend-protocol", ALB_PREFIX + "backend-protocol-version"):
            service["metadata"].setdefault("annotations", {})[key] = ingress["metadata"][
                "annotations"
            ].pop(key)
    manifests = _write(tmp_path, yaml.safe_dump_all(documents), "manifests.yaml")

    imported = import_([str(manifests)])

    exposure = imported.specs[0]["spec"]["exposure"]
    assert (exposure["backendProtocol"], exposure["backendProtocolVersion"]) == ("HTTPS", "GRPC")
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert _objects(render_paths([str(back)]).stream) == _objects(render_paths([str(spec)]).stream)


# ---- security groups (ALB and NLB) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "prefix", "carrier"),
    [("alb", ALB_PREFIX, "Ingress"), ("nlb", NLB, "Service")],
)
def test_security_groups_land_on_the_load_balancers_object(
    tmp_path: Path, kind: str, prefix: str, carrier: str
) -> None:
    fields = {
        "securityGroups": ["sg-0123456789abcdef0", "web-lb"],
        "manageBackendSecurityGroupRules": True,
    }
    path = _write(tmp_path, _app({"type": kind} | fields))

    objects = _objects(render_paths([str(path)]).stream)

    annotations = _annotations(objects[carrier])
    assert annotations[prefix + "security-groups"] == "sg-0123456789abcdef0,web-lb"
    assert annotations[prefix + "manage-backend-security-group-rules"] == "true"
    for other, obj in objects.items():
        if other != carrier:
            assert not any("security-group" in key for key in _annotations(obj)), other


@pytest.mark.parametrize("kind", ["alb", "nlb"])
def test_security_groups_import_and_render_back(tmp_path: Path, kind: str) -> None:
    fields = {"securityGroups": ["sg-0123456789abcdef0"], "manageBackendSecurityGroupRules": False}
    app = _imported_back(tmp_path, _app({"type": kind} | fields))
    assert {key: app["spec"]["exposure"][key] for key in fields} == fields


def test_a_security_group_with_a_comma_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _app({"type": "alb", "securityGroups": ["sg-1,sg-2"]}))
    errors = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert [p.path for p in errors] == ["spec.exposure.securityGroups[0]"]


# ---- NLB TLS listener settings and target node labels --------------------------------------------


def _tls_app(exposure: dict[str, Any], tls: dict[str, Any]) -> str:
    text = _app(exposure)
    lines = [f"    {key}: {json.dumps(value)}" for key, value in tls.items()]
    return text + "  tls:\n    certificateArns: [" + CERTIFICATE + "]\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("tls", "expected"),
    [
        ({"alpnPolicy": "HTTP2Preferred"}, {NLB + "alpn-policy": "HTTP2Preferred"}),
        ({"backendTls": True}, {NLB + "backend-protocol": "ssl"}),
    ],
)
def test_nlb_tls_settings_land_on_the_service_and_import_back(
    tmp_path: Path, tls: dict[str, Any], expected: dict[str, str]
) -> None:
    spec = _write(tmp_path, _tls_app({"type": "nlb"}, tls))
    rendered = render_paths([str(spec)]).stream
    assert expected.items() <= _annotations(_objects(rendered)["Service"]).items()
    manifests = _write(tmp_path, rendered, "manifests.yaml")

    imported = import_([str(manifests)])

    (app,) = imported.specs
    assert {key: app["spec"]["tls"][key] for key in tls} == tls
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert _objects(render_paths([str(back)]).stream) == _objects(rendered)


def test_backend_tls_off_writes_nothing(tmp_path: Path) -> None:
    spec = _write(tmp_path, _tls_app({"type": "nlb"}, {"backendTls": False}))
    service = _objects(render_paths([str(spec)]).stream)["Service"]
    assert NLB + "backend-protocol" not in _annotations(service)


@pytest.mark.parametrize(
    ("kind", "prefix", "carrier"),
    [("alb", ALB_PREFIX, "Ingress"), ("nlb", NLB, "Service")],
)
def test_target_node_labels_land_on_the_load_balancers_object_and_import_back(
    tmp_path: Path, kind: str, prefix: str, carrier: str
) -> None:
    fields = {"targetType": "instance", "targetNodeLabels": {"role": "ingress", "zone": "a"}}
    spec = _write(tmp_path, _app({"type": kind} | fields))
    rendered = render_paths([str(spec)]).stream
    assert _annotations(_objects(rendered)[carrier])[prefix + "target-node-labels"] == (
        "role=ingress,zone=a"
    )
    manifests = _write(tmp_path, rendered, "manifests.yaml")

    imported = import_([str(manifests)])

    assert imported.specs[0]["spec"]["exposure"]["targetNodeLabels"] == fields["targetNodeLabels"]
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert _objects(render_paths([str(back)]).stream) == _objects(rendered)


# ---- ALB sign-in (auth) ----------------------------------------------------------------------

OIDC = {
    "issuer": "https://login.example.com",
    "authorizationEndpoint": "https://login.example.com/authorize",
    "tokenEndpoint": "https://login.example.com/token",
    "userInfoEndpoint": "https://login.example.com/userinfo",
    "secretName": "web-oidc",
}
COGNITO = {
    "userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEfGhI",
    "userPoolClientId": "1example23456789",
    "userPoolDomain": "my-shop",
}


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        (
            {"type": "oidc", "oidc": OIDC, "scope": "openid email", "sessionTimeoutSeconds": 3600},
            {
                "auth-type": "oidc",
                "auth-idp-oidc": json.dumps(OIDC, separators=(",", ":")),
                "auth-scope": "openid email",
                "auth-session-timeout": "3600",
            },
        ),
        (
            {"type": "cognito", "cognito": COGNITO, "onUnauthenticatedRequest": "deny"},
            {
                "auth-type": "cognito",
                "auth-idp-cognito": json.dumps(
                    {
                        "userPoolARN": COGNITO["userPoolArn"],
                        "userPoolClientID": COGNITO["userPoolClientId"],
                        "userPoolDomain": COGNITO["userPoolDomain"],
                    },
                    separators=(",", ":"),
                ),
                "auth-on-unauthenticated-request": "deny",
            },
        ),
    ],
)
def test_auth_renders_the_controllers_annotations_and_imports_back(
    tmp_path: Path, auth: dict[str, Any], expected: dict[str, str]
) -> None:
    spec = _write(tmp_path, _grpc_app({"auth": auth}))
    rendered = render_paths([str(spec)]).stream
    objects = _objects(rendered)
    ingress = _annotations(objects["Ingress"])
    assert {ALB_PREFIX + key: value for key, value in expected.items()}.items() <= ingress.items()
    assert json.loads(ingress[ALB_PREFIX + ("auth-idp-" + auth["type"])])  # valid JSON
    assert not any("auth-" in key for key in _annotations(objects["Service"]))
    manifests = _write(tmp_path, rendered, "manifests.yaml")

    imported = import_([str(manifests)])

    assert imported.specs[0]["spec"]["exposure"]["auth"] == auth
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert _objects(render_paths([str(back)]).stream) == objects


@pytest.mark.parametrize(
    ("auth", "path"),
    [
        ({"type": "oidc", "oidc": OIDC | {"issuer": "http://login.example.com"}}, "issuer"),
        ({"type": "oidc", "oidc": OIDC | {"clientSecret": "s3cr3t"}}, "oidc"),
        (
            {"type": "cognito", "cognito": COGNITO | {"userPoolDomain": "https://x.auth"}},
            "userPoolDomain",
        ),
        ({"type": "oidc", "oidc": OIDC, "sessionTimeoutSeconds": 604801}, "sessionTimeoutSeconds"),
        ({"type": "saml"}, "type"),
    ],
)
def test_bad_auth_is_refused_at_its_field(tmp_path: Path, auth: dict[str, Any], path: str) -> None:
    spec = _write(tmp_path, _grpc_app({"auth": auth}))
    errors = [p for p in check_paths([str(spec)]).problems if p.is_error]
    assert errors and all("spec.exposure.auth" in p.path and p.line > 0 for p in errors)
    assert any(path in p.path for p in errors), [str(p) for p in errors]


def test_auth_without_https_serves_everyone_and_is_refused(tmp_path: Path) -> None:
    spec = _write(tmp_path, _app({"type": "alb", "auth": {"type": "oidc", "oidc": OIDC}}))
    errors = [p for p in check_paths([str(spec)]).problems if p.is_error]
    assert [(p.rule, p.path) for p in errors] == [("EKS059", "spec.exposure.auth")]


def test_plan_shows_which_rules_ask_for_sign_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eksgen.cli.app import run

    spec = _write(tmp_path, _grpc_app({"auth": {"type": "oidc", "oidc": OIDC}}))

    assert run(["plan", str(spec), "--output", "json"]) == 0
    (lb,) = json.loads(capsys.readouterr().out)["loadBalancers"]
    assert run(["plan", str(spec)]) == 0
    text = capsys.readouterr().out

    assert [rule["auth"] for rule in lb["rules"]] == ["oidc"]
    assert "sign-in" in text and "shop/web (oidc)" in text


# ---- ALB mutual TLS ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutual", "expected"),
    [
        (
            {"mode": "verify", "trustStore": "partners-ca", "ignoreClientCertificateExpiry": True},
            [
                {
                    "port": 443,
                    "mode": "verify",
                    "trustStore": "partners-ca",
                    "ignoreClientCertificateExpiry": True,
                }
            ],
        ),
        ({"mode": "passthrough"}, [{"port": 443, "mode": "passthrough"}]),
        (
            {"mode": "verify", "trustStore": "partners-ca", "advertiseTrustStoreCaNames": True},
            [
                {
                    "port": 443,
                    "mode": "verify",
                    "trustStore": "partners-ca",
                    "advertiseTrustStoreCaNames": "on",
                }
            ],
        ),
    ],
)
def test_mutual_tls_renders_the_https_listeners_entry_and_imports_back(
    tmp_path: Path, mutual: dict[str, Any], expected: list[dict[str, Any]]
) -> None:
    text = _grpc_app({}).replace(
        "  tls:\n", "  tls:\n    mutualAuthentication: " + json.dumps(mutual) + "\n"
    )
    spec = _write(tmp_path, text)
    rendered = render_paths([str(spec)]).stream
    objects = _objects(rendered)
    assert (
        json.loads(_annotations(objects["Ingress"])[ALB_PREFIX + "mutual-authentication"])
        == expected
    )
    manifests = _write(tmp_path, rendered, "manifests.yaml")

    imported = import_([str(manifests)])

    assert imported.specs[0]["spec"]["tls"]["mutualAuthentication"] == mutual
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert _objects(render_paths([str(back)]).stream) == objects


def test_mutual_tls_of_members_on_one_port_must_agree(tmp_path: Path) -> None:
    from eksgen.model.groups import group_conflicts

    def member(name: str, mode: str) -> str:
        exposure = {"type": "alb", "group": {"name": "shared"}}
        text = _grpc_app(exposure).replace("name: web", f"name: {name}").replace("web.", name + ".")
        extra = {"mode": mode, "trustStore": "ca"} if mode == "verify" else {"mode": mode}
        return text.replace(
            "  tls:\n", "  tls:\n    mutualAuthentication: " + json.dumps(extra) + "\n"
        )

    a = _write(tmp_path, member("a", "verify"), "a.yaml")
    b = _write(tmp_path, member("b", "passthrough"), "b.yaml")
    apps = check_paths([str(a), str(b)]).apps
    (conflict,) = group_conflicts("shared", apps)
    assert [m.field for m in conflict.members] == ["spec.tls.mutualAuthentication"] * 2


# ---- the Gateway API: the settings the LoadBalancerConfiguration takes ---------------------------


def test_gateway_load_balancer_configuration_carries_the_settings_and_imports_back(
    tmp_path: Path,
) -> None:
    from eksgen.api import render
    from gateway_crds import crd_errors

    exposure = {
        "type": "alb",
        "api": "gateway",
        "ipAddressType": "dualstack",
        "securityGroups": ["sg-0123456789abcdef0"],
        "manageBackendSecurityGroupRules": False,
        "waf": {"aclArn": ARN},
        "shieldAdvanced": True,
    }
    spec = _write(tmp_path, _grpc_app(exposure))
    first = render([str(spec)])
    objects = [yaml.safe_load(manifest.text) for manifest in first.manifests]
    (config,) = [o for o in objects if o["kind"] == "LoadBalancerConfiguration"]
    assert crd_errors(config) == []
    assert {key: config["spec"][key] for key in ("ipAddressType", "securityGroups")} == {
        "ipAddressType": "dualstack",
        "securityGroups": ["sg-0123456789abcdef0"],
    }
    assert config["spec"]["manageBackendSecurityGroupRules"] is False
    assert config["spec"]["wafV2"] == {"webACL": ARN}
    assert config["spec"]["shieldConfiguration"] == {"enabled": True}
    imported = _gateway_imported_back(tmp_path, first)

    back = imported.specs[0]["spec"]["exposure"]
    assert {key: back[key] for key in exposure} == exposure


@pytest.mark.parametrize(
    ("exposure", "tls", "path", "reason"),
    [
        ({"waf": {"aclName": "web"}}, {}, "spec.exposure.waf", "by ARN only"),
        ({"waf": {"enabled": False}}, {}, "spec.exposure.waf", "no setting that detaches"),
    ],
)
def test_settings_the_gateway_api_cannot_carry_are_refused_with_the_reason(
    tmp_path: Path, exposure: dict[str, Any], tls: dict[str, Any], path: str, reason: str
) -> None:
    spec = _write(tmp_path, _tls_app({"type": "alb", "api": "gateway"} | exposure, tls))
    errors = [p for p in check_paths([str(spec)]).problems if p.is_error]
    assert [(p.rule, p.path) for p in errors] == [("EKS068", path)]
    assert reason in errors[0].message


@pytest.mark.parametrize(
    ("ports", "routes"),
    [
        ([{"name": "tls", "port": 443}], None),  # every port TLS: the default says it
        (
            [{"name": "tls", "port": 443}, {"name": "plain", "port": 8080}],
            [{"kind": "TCPRoute", "namespace": "shop", "name": "web-tls-443"}],
        ),
    ],
)
def test_backend_tls_on_the_gateway_api_is_the_target_groups_protocol(
    tmp_path: Path, ports: list[dict[str, Any]], routes: list[dict[str, str]] | None
) -> None:
    from gateway_crds import crd_errors

    text = _tls_app({"type": "nlb", "api": "gateway"}, {"backendTls": True, "ports": ["tls"]})
    document = yaml.safe_load(text)
    document["spec"]["ports"] = ports
    first = render_paths([str(_write(tmp_path, yaml.safe_dump(document, sort_keys=False)))])
    objects = _objects_of(first)
    (config,) = [o for o in objects if o["kind"] == "TargetGroupConfiguration"]
    assert crd_errors(config) == []
    if routes is None:
        assert config["spec"]["defaultConfiguration"]["protocol"] == "TLS"
        assert "routeConfigurations" not in config["spec"]
    else:
        assert "protocol" not in config["spec"]["defaultConfiguration"]
        assert config["spec"]["routeConfigurations"] == [
            {"routeIdentifier": route, "targetGroupProps": {"protocol": "TLS"}} for route in routes
        ]
        names = {(o["kind"], o["metadata"]["name"]) for o in objects}
        assert {(route["kind"], route["name"]) for route in routes} <= names
    imported = _gateway_imported_back(tmp_path, first)
    assert imported.specs[0]["spec"]["tls"]["backendTls"] is True


def _objects_of(first: Any) -> list[dict[str, Any]]:
    return [yaml.safe_load(manifest.text) for manifest in first.manifests]


@pytest.mark.parametrize(
    ("auth", "action"),
    [
        (
            {"type": "oidc", "oidc": OIDC, "scope": "openid email", "sessionTimeoutSeconds": 3600},
            {
                "type": "authenticate-oidc",
                "authenticateOIDCConfig": {
                    "issuer": OIDC["issuer"],
                    "authorizationEndpoint": OIDC["authorizationEndpoint"],
                    "tokenEndpoint": OIDC["tokenEndpoint"],
                    "userInfoEndpoint": OIDC["userInfoEndpoint"],
                    "secret": {"name": OIDC["secretName"]},
                    "scope": "openid email",
                    "sessionTimeout": 3600,
                },
            },
        ),
        (
            {
                "type": "cognito",
                "cognito": COGNITO,
                "sessionCookie": "shop",
                "onUnauthenticatedRequest": "deny",
            },
            {
                "type": "authenticate-cognito",
                "authenticateCognitoConfig": COGNITO
                | {"sessionCookieName": "shop", "onUnauthenticatedRequest": "deny"},
            },
        ),
    ],
)
@pytest.mark.parametrize("version", ["3.5.0", "3.4.0"])
def test_gateway_sign_in_is_a_listener_rule_configuration_on_every_rule_and_imports_back(
    tmp_path: Path, auth: dict[str, Any], action: dict[str, Any], version: str
) -> None:
    from eksgen.api import render
    from gateway_crds import crd_errors

    text = _grpc_app({"api": "gateway", "auth": auth})
    text = text.replace("  exposure:", "  routes:\n  - path: /\n  - path: /cart\n  exposure:")
    spec = _write(tmp_path, text)
    first = render([str(spec)], controller_version=version)
    objects = _objects_of(first)
    assert all(crd_errors(o) == [] for o in objects if o["kind"] != "Service")
    (config,) = [o for o in objects if o["kind"] == "ListenerRuleConfiguration"]
    assert config["apiVersion"] == ("gateway.k8s.aws/v1" if version == "3.5.0" else
                                    "gateway.k8s.aws/v1beta1")  # fmt: skip
    assert (config["metadata"]["namespace"], config["spec"]) == ("shop", {"actions": [action]})
    reference = {"group": "gateway.k8s.aws", "kind": "ListenerRuleConfiguration", "name": "web"}
    routes = {o["metadata"]["name"]: o for o in objects if o["kind"] == "HTTPRoute"}
    # Every rule of the App's route asks for sign-in; the redirect route answers first.
    assert [rule["filters"] for rule in routes["web"]["spec"]["rules"]] == [
        [{"type": "ExtensionRef", "extensionRef": reference}]
    ] * 2
    assert routes["web-redirect"]["spec"]["rules"][0]["filters"][0]["type"] == "RequestRedirect"
    imported = _gateway_imported_back(tmp_path, first, controller_version=version)

    assert imported.specs[0]["spec"]["exposure"]["auth"] == auth


def test_gateway_auth_none_writes_no_rule_configuration(tmp_path: Path) -> None:
    from eksgen.api import render

    spec = _write(tmp_path, _grpc_app({"api": "gateway", "auth": {"type": "none"}}))
    objects = _objects_of(render([str(spec)]))
    assert "ListenerRuleConfiguration" not in [o["kind"] for o in objects]
    assert not any("filters" in rule for o in objects if o["metadata"]["name"] == "web"
                   and o["kind"] == "HTTPRoute" for rule in o["spec"]["rules"])  # fmt: skip


def test_a_grpc_backend_gets_a_grpc_route_with_method_matches_and_imports_back(
    tmp_path: Path,
) -> None:
    from eksgen.api import render
    from gateway_crds import crd_errors

    exposure = {
        "api": "gateway",
        "backendProtocolVersion": "GRPC",
        "healthCheck": {"successCodes": "0-12"},
    }
    routes = (
        "  routes:\n  - path: /\n  - path: /shop.Cart\n"
        "  - path: /shop.Cart/Checkout\n    pathType: Exact\n  exposure:"
    )
    spec = _write(tmp_path, _grpc_app(exposure).replace("  exposure:", routes))
    first = render([str(spec)])
    objects = _objects_of(first)
    assert all(crd_errors(o) == [] for o in objects if o["kind"] != "Service")
    kinds = [o["kind"] for o in objects]
    assert "GRPCRoute" in kinds and kinds.count("HTTPRoute") == 1  # the redirect alone
    (route,) = [o for o in objects if o["kind"] == "GRPCRoute"]
    assert [rule.get("matches") for rule in route["spec"]["rules"]] == [
        None,
        [{"method": {"service": "shop.Cart"}}],
        [{"method": {"service": "shop.Cart", "method": "Checkout"}}],
    ]
    (targets,) = [o for o in objects if o["kind"] == "TargetGroupConfiguration"]
    settings = targets["spec"]["defaultConfiguration"]
    # The controller reads gRPC codes from grpcCode when the protocol version is GRPC.
    assert settings["protocolVersion"] == "GRPC"
    assert settings["healthCheckConfig"] == {"matcher": {"grpcCode": "0-12"}}
    imported = _gateway_imported_back(tmp_path, first)

    back = imported.specs[0]["spec"]
    assert back["exposure"]["backendProtocolVersion"] == "GRPC"
    assert back["routes"][1:] == [
        {"path": "/shop.Cart"},
        {"path": "/shop.Cart/Checkout", "pathType": "Exact"},
    ]


@pytest.mark.parametrize(
    ("path", "path_type"),
    [("/api/v1", "Prefix"), ("/shop.Cart/", "Prefix"), ("/shop.Cart/*", "ImplementationSpecific")],
)
def test_a_grpc_path_no_method_match_says_is_refused_at_its_line(
    tmp_path: Path, path: str, path_type: str
) -> None:
    routes = f"  routes:\n  - path: {path}\n    pathType: {path_type}\n  exposure:"
    text = _grpc_app({"api": "gateway", "backendProtocolVersion": "GRPC"})
    spec = _write(tmp_path, text.replace("  exposure:", routes))
    line = spec.read_text(encoding="utf-8").splitlines().index(f"  - path: {path}") + 1
    errors = [p for p in check_paths([str(spec)]).problems if p.is_error]
    assert [(p.rule, p.path, p.line) for p in errors] == [("EKS068", "spec.routes[0].path", line)]
    assert "/service/method" in errors[0].message


@pytest.mark.parametrize(
    ("kind", "tls", "listener", "expected"),
    [
        (
            "alb",
            {"mutualAuthentication": {"mode": "verify", "trustStore": "partners-ca"}},
            "HTTPS:443",
            {"mutualAuthentication": {"mode": "verify", "trustStore": "partners-ca"}},
        ),
        ("nlb", {"alpnPolicy": "HTTP2Preferred"}, "TLS:80", {"alpnPolicy": "HTTP2Preferred"}),
    ],
)
def test_gateway_listener_configurations_carry_mtls_and_alpn_and_import_back(
    tmp_path: Path, kind: str, tls: dict[str, Any], listener: str, expected: dict[str, Any]
) -> None:
    from eksgen.api import render
    from gateway_crds import crd_errors

    spec = _write(tmp_path, _tls_app({"type": kind, "api": "gateway"}, tls))
    first = render([str(spec)])
    objects = [yaml.safe_load(manifest.text) for manifest in first.manifests]
    (config,) = [o for o in objects if o["kind"] == "LoadBalancerConfiguration"]
    assert crd_errors(config) == []
    (entry,) = [
        e for e in config["spec"]["listenerConfigurations"] if e["protocolPort"] == listener
    ]
    assert expected.items() <= entry.items()
    imported = _gateway_imported_back(tmp_path, first)

    assert {key: imported.specs[0]["spec"]["tls"][key] for key in tls} == tls


@pytest.mark.parametrize(
    ("exposure", "kind", "expected"),
    [
        (
            {
                "type": "nlb",
                "scheme": "internet-facing",
                "sourceRanges": ["203.0.113.0/24"],
                "subnets": SUBNETS,
                "eipAllocations": EIPS,
            },
            "LoadBalancerConfiguration",
            {
                "loadBalancerSubnets": [
                    {"identifier": SUBNETS[0], "eipAllocation": EIPS[0]},
                    {"identifier": SUBNETS[1], "eipAllocation": EIPS[1]},
                ]
            },
        ),
        (
            {"type": "nlb", "subnets": SUBNETS[:1], "privateIpv4Addresses": ["10.0.1.15"]},
            "LoadBalancerConfiguration",
            {
                "loadBalancerSubnets": [
                    {"identifier": SUBNETS[0], "privateIPv4Allocation": "10.0.1.15"}
                ]
            },
        ),
        (
            {"type": "alb", "backendProtocolVersion": "HTTP2"},
            "TargetGroupConfiguration",
            {"defaultConfiguration": {"targetType": "ip", "protocolVersion": "HTTP2"}},
        ),
        (
            {"type": "nlb", "proxyProtocol": True},
            "TargetGroupConfiguration",
            {
                "defaultConfiguration": {
                    "targetType": "ip",
                    "targetGroupAttributes": [
                        {"key": "proxy_protocol_v2.enabled", "value": "true"}
                    ],
                }
            },
        ),
        (
            {
                "type": "alb",
                "targetType": "instance",
                "backendProtocol": "HTTPS",
                "targetNodeLabels": {"role": "ingress"},
            },
            "TargetGroupConfiguration",
            {
                "defaultConfiguration": {
                    "targetType": "instance",
                    "protocol": "HTTPS",
                    "nodeSelector": {"matchLabels": {"role": "ingress"}},
                }
            },
        ),
    ],
)
def test_gateway_configurations_carry_static_addresses_and_target_settings(
    tmp_path: Path, exposure: dict[str, Any], kind: str, expected: dict[str, Any]
) -> None:
    from eksgen.api import render
    from gateway_crds import crd_errors

    # HTTP2 needs the HTTPS listener (EKS053), which _grpc_app's TLS gives.
    build = _grpc_app if "backendProtocolVersion" in exposure else _app
    spec = _write(tmp_path, build({"api": "gateway"} | exposure))
    first = render([str(spec)])
    objects = [yaml.safe_load(manifest.text) for manifest in first.manifests]
    (config,) = [o for o in objects if o["kind"] == kind]
    assert crd_errors(config) == []
    assert expected.items() <= config["spec"].items()
    imported = _gateway_imported_back(tmp_path, first)

    back = imported.specs[0]["spec"]["exposure"]
    assert {key: back[key] for key in exposure if key != "type"} == {
        key: value for key, value in exposure.items() if key != "type"
    }
