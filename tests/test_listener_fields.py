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

from conftest import annotations_of as _annotations
from conftest import objects_by_kind as _objects
from conftest import write_file as _write
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


# ---- exposure.attributes.listeners -----------------------------------------------------------

CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
SERVER_OFF = {"routing.http.response.server.enabled": False}
IDLE = {"tcp.idle_timeout.seconds": 400}


def _with(text: str, ports: list[dict[str, Any]] | None = None, tls: bool = False) -> str:
    data = yaml.safe_load(text)
    if ports is not None:
        data["spec"]["ports"] = ports
    if tls:
        data["spec"]["tls"] = {"certificateArns": [CERTIFICATE]}
    return yaml.safe_dump(data, sort_keys=False)


def _listeners(kind: str, attributes: dict[str, Any]) -> dict[str, Any]:
    return {"type": kind, "attributes": {"listeners": attributes}}


@pytest.mark.parametrize(
    ("kind", "listeners", "tls", "carrier", "key"),
    [
        ("alb", {"HTTPS-443": SERVER_OFF}, True, "Ingress",
         "alb.ingress.kubernetes.io/listener-attributes.HTTPS-443"),
        ("alb", {"HTTP-80": SERVER_OFF}, False, "Ingress",
         "alb.ingress.kubernetes.io/listener-attributes.HTTP-80"),
        ("nlb", {"TLS-80": IDLE}, True, "Service",
         "service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TLS-80"),
        ("nlb", {"TCP-80": IDLE}, False, "Service",
         "service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-80"),
    ],
)  # fmt: skip
def test_listener_attributes_land_under_the_listeners_key(
    tmp_path: Path, kind: str, listeners: dict[str, Any], tls: bool, carrier: str, key: str
) -> None:
    text = _with(_app(_listeners(kind, listeners)), tls=tls)
    path = _write(tmp_path, text)
    assert [p for p in check_paths([str(path)]).problems if p.is_error] == []
    objects = _objects(render_paths([str(path)]).stream)
    (values,) = listeners.values()
    expected = ",".join(f"{k}={str(v).lower()}" for k, v in values.items())
    assert _annotations(objects[carrier])[key] == expected
    others = [obj for kind_, obj in objects.items() if kind_ != carrier]
    assert not any("listener-attributes" in k for obj in others for k in _annotations(obj))


def test_tcp_and_udp_on_one_port_make_one_tcp_udp_listener_to_key(tmp_path: Path) -> None:
    ports = [
        {"name": "dns-udp", "port": 53, "protocol": "UDP"},
        {"name": "dns-tcp", "port": 53, "protocol": "TCP"},
    ]
    merged = _with(_app(_listeners("nlb", {"TCP_UDP-53": IDLE}) | {"tcpUdpListener": True}), ports)
    assert not any(rule == "EKS078" for rule, _ in _rules(tmp_path, merged))
    first_only = _with(_app(_listeners("nlb", {"TCP-53": IDLE})), ports)
    found = [p for p in check_paths([str(_write(tmp_path, first_only))]).problems]
    (problem,) = [p for p in found if p.rule == "EKS078"]
    assert problem.path == "spec.exposure.attributes.listeners.TCP-53"
    assert "UDP-53" in problem.message  # the first port of the number makes the listener


@pytest.mark.parametrize("key", ["HTTPS:443", "https-443", "QUIC-443", "HTTP-0", "HTTP-65536"])
def test_a_bad_listener_key_is_refused_at_its_line(tmp_path: Path, key: str) -> None:
    path = _write(tmp_path, _app(_listeners("alb", {key: SERVER_OFF})))
    errors = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert errors and all(p.line > 0 for p in errors)
    assert all(p.path.startswith("spec.exposure.attributes.listeners") for p in errors)


def test_a_listener_the_app_does_not_have_is_named_with_those_it_has(tmp_path: Path) -> None:
    text = _with(_app(_listeners("alb", {"HTTP-80": SERVER_OFF})), tls=True)
    assert not any(rule == "EKS078" for rule, _ in _rules(tmp_path, text))  # HTTP redirects
    redirect_off = yaml.safe_load(text)
    redirect_off["spec"]["tls"]["redirectHttp"] = False  # HTTPS 443 alone
    problems = check_paths([str(_write(tmp_path, yaml.safe_dump(redirect_off)))]).problems
    (problem,) = [p for p in problems if p.rule == "EKS078"]
    assert problem.is_error
    assert problem.path == "spec.exposure.attributes.listeners.HTTP-80" and problem.line > 0
    assert "for HTTPS-443 only" in problem.message


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("alb", "alb.ingress.kubernetes.io/listener-attributes.HTTP-80"),
        ("nlb", "service.beta.kubernetes.io/aws-load-balancer-listener-attributes.TCP-80"),
    ],
)
def test_the_listener_annotation_by_hand_names_the_field(
    tmp_path: Path, kind: str, key: str
) -> None:
    text = _app({"type": kind}, annotations={key: "tcp.idle_timeout.seconds=400"})
    errors = [p for p in check_paths([str(_write(tmp_path, text))]).problems if p.is_error]
    assert [p.rule for p in errors] == ["EKS013"]
    assert "set spec.exposure.attributes.listeners instead" in errors[0].message


@pytest.mark.parametrize(
    ("kind", "listeners", "tls"),
    [
        ("alb", {"HTTP-80": SERVER_OFF, "HTTPS-443": SERVER_OFF}, True),
        ("nlb", {"TCP-80": IDLE}, False),
        ("nlb", {"TLS-80": IDLE}, True),
    ],
)
def test_listener_attributes_import_and_render_back(
    tmp_path: Path, kind: str, listeners: dict[str, Any], tls: bool
) -> None:
    text = _with(_app(_listeners(kind, listeners)), tls=tls)
    rendered = render_paths([str(_write(tmp_path, text))]).stream
    imported = import_([str(_write(tmp_path, rendered, "manifests.yaml"))])
    (app,) = imported.specs
    expected = {
        listener: {key: str(value).lower() for key, value in values.items()}
        for listener, values in listeners.items()
    }
    assert app["spec"]["exposure"]["attributes"]["listeners"] == expected
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render_paths([str(back)]).stream == rendered


@pytest.mark.parametrize(
    ("kind", "listeners", "tls", "protocol_port"),
    [
        ("alb", {"HTTP-80": SERVER_OFF}, False, "HTTP:80"),
        ("alb", {"HTTPS-443": SERVER_OFF}, True, "HTTPS:443"),
        ("nlb", {"TCP-80": IDLE}, False, "TCP:80"),
    ],
)
def test_gateway_listener_configurations_carry_the_attributes_and_import_back(
    tmp_path: Path, kind: str, listeners: dict[str, Any], tls: bool, protocol_port: str
) -> None:
    from eksgen.render.layout import output_files
    from gateway_crds import crd_errors

    exposure = _listeners(kind, listeners) | {"api": "gateway"}
    first = render([str(_write(tmp_path, _with(_app(exposure), tls=tls)))])
    objects = [yaml.safe_load(manifest.text) for manifest in first.manifests]
    (config,) = [o for o in objects if o["kind"] == "LoadBalancerConfiguration"]
    assert crd_errors(config) == []
    entries = {e["protocolPort"]: e for e in config["spec"]["listenerConfigurations"]}
    (values,) = listeners.values()
    assert entries[protocol_port]["listenerAttributes"] == [
        {"key": key, "value": str(value).lower()} for key, value in values.items()
    ]
    for relative, text in output_files(first.manifests).items():
        (tmp_path / "out" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / relative).write_text(text, encoding="utf-8")
    imported = import_([str(tmp_path / "out")])
    assert imported.errors == []
    back = imported.specs[0]["spec"]["exposure"]["attributes"]["listeners"]
    assert list(back) == list(listeners)
    again = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render([str(again)]).stream == first.stream


def test_members_on_one_listener_must_agree_on_each_attribute(tmp_path: Path) -> None:
    from eksgen.model.groups import group_conflicts

    def member(name: str, enabled: bool) -> Path:
        exposure = _listeners("alb", {"HTTP-80": {"routing.http.response.server.enabled": enabled}})
        exposure["group"] = {"name": "shared"}
        return _write(tmp_path, _app(exposure, name), f"{name}.yaml")

    apps = check_paths([str(member("a", True)), str(member("b", False))]).apps
    (conflict,) = group_conflicts("shared", apps)
    assert conflict.setting == "listener-attributes.HTTP-80 routing.http.response.server.enabled"
    field = 'spec.exposure.attributes.listeners.HTTP-80["routing.http.response.server.enabled"]'
    assert [m.field for m in conflict.members] == [field] * 2
    agreeing = check_paths([str(member("a", True)), str(member("b", True))]).apps
    assert group_conflicts("shared", agreeing) == []


# ---- TCP and UDP on one port number: one TCP_UDP listener ----------------------------------

DNS_PORTS = [
    {"name": "dns-udp", "port": 53, "protocol": "UDP", "targetPort": 5353},
    {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 5353},
]


def test_a_tcp_udp_pair_plans_one_listener_and_imports_back(tmp_path: Path) -> None:
    from eksgen.api import plan

    text = _with(_app({"type": "nlb", "tcpUdpListener": True}), DNS_PORTS)
    path = _write(tmp_path, text)
    assert [(p.rule, p.path) for p in check_paths([str(path)]).problems] == []
    (balancer,) = plan([str(path)])[0].load_balancers
    assert [(item.protocol, item.port) for item in balancer.listeners] == [("TCP_UDP", 53)]
    rendered = render_paths([str(path)]).stream
    service = _objects(rendered)["Service"]
    assert [(p["port"], p["protocol"]) for p in service["spec"]["ports"]] == [
        (53, "UDP"),
        (53, "TCP"),
    ]
    imported = import_([str(_write(tmp_path, rendered, "manifests.yaml"))])
    (app,) = imported.specs
    assert app["spec"]["exposure"]["tcpUdpListener"] is True
    assert [(p["port"], p.get("protocol", "TCP")) for p in app["spec"]["ports"]] == [
        (53, "UDP"),
        (53, "TCP"),
    ]
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render_paths([str(back)]).stream == rendered


def test_a_tcp_udp_pair_with_two_target_ports_is_refused(tmp_path: Path) -> None:
    ports = [DNS_PORTS[0], DNS_PORTS[1] | {"targetPort": 53}]
    text = _with(_app({"type": "nlb", "tcpUdpListener": True}), ports)
    errors = [p for p in check_paths([str(_write(tmp_path, text))]).problems if p.is_error]
    assert [(p.rule, p.path) for p in errors] == [("EKS079", "spec.ports[1]")]
    assert "TCP traffic goes to 5353" in errors[0].message
    without = _with(_app({"type": "nlb"}), ports)  # no TCP_UDP listener: EKS047 speaks
    assert [rule for rule, _ in _rules(tmp_path, without)] == ["EKS047"]


# ---- certificate discovery: spec.tls without certificateArns ---------------------------------


def _discovering(kind: str, api: str = "ingress", hosts: bool = True) -> str:
    data = yaml.safe_load(_app({"type": kind, "api": api}))
    data["spec"]["tls"] = {}
    if not hosts:
        del data["spec"]["hosts"]
    return yaml.safe_dump(data, sort_keys=False)


def test_an_alb_without_certificates_listens_on_https_and_discovers_by_host(
    tmp_path: Path,
) -> None:
    from eksgen.api import plan
    from eksgen.plan.report import text_report

    path = _write(tmp_path, _discovering("alb"))
    assert [p for p in check_paths([str(path)]).problems if p.is_error] == []
    ingress = _objects(render_paths([str(path)]).stream)["Ingress"]
    notes = _annotations(ingress)
    assert notes["alb.ingress.kubernetes.io/listen-ports"] == '[{"HTTP":80},{"HTTPS":443}]'
    assert "alb.ingress.kubernetes.io/certificate-arn" not in notes
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == ["web.example.com"]
    (balancer,) = plan([str(path)])[0].load_balancers
    assert (balancer.certificates, balancer.discovered_for) == ((), ("web.example.com",))
    assert "discovered in ACM for web.example.com" in text_report(plan([str(path)])[0])


def test_a_discovering_alb_imports_back_without_certificates(tmp_path: Path) -> None:
    rendered = render_paths([str(_write(tmp_path, _discovering("alb")))]).stream
    imported = import_([str(_write(tmp_path, rendered, "manifests.yaml"))])
    (app,) = imported.specs
    assert app["spec"]["tls"] == {}
    back = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render_paths([str(back)]).stream == rendered


def test_a_discovering_gateway_has_no_default_certificate_and_imports_back(
    tmp_path: Path,
) -> None:
    from eksgen.render.layout import output_files
    from gateway_crds import crd_errors

    first = render([str(_write(tmp_path, _discovering("alb", "gateway")))])
    objects = [yaml.safe_load(manifest.text) for manifest in first.manifests]
    (config,) = [o for o in objects if o["kind"] == "LoadBalancerConfiguration"]
    assert crd_errors(config) == []
    (entry,) = config["spec"]["listenerConfigurations"]
    assert entry["protocolPort"] == "HTTPS:443" and "defaultCertificate" not in entry
    routes = [o for o in objects if o["kind"] == "HTTPRoute"]
    # The hostnames are what the controller looks certificates up by.
    assert any(r["spec"].get("hostnames") == ["web.example.com"] for r in routes)
    for relative, text in output_files(first.manifests).items():
        (tmp_path / "out" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / relative).write_text(text, encoding="utf-8")
    imported = import_([str(tmp_path / "out")])
    assert imported.errors == []
    assert imported.specs[0]["spec"]["tls"] == {}
    again = _write(tmp_path, dump_specs(imported.specs), "imported.yaml")
    assert render([str(again)]).stream == first.stream


@pytest.mark.parametrize(
    ("kind", "api", "hosts", "words"),
    [
        ("alb", "ingress", False, "no spec.hosts"),
        ("alb", "gateway", False, "no spec.hosts"),
        ("nlb", "ingress", True, "NLB of a Service discovers none"),
        ("nlb", "gateway", True, "NLB on the Gateway API discovers none"),
    ],
)
def test_tls_without_certificates_is_refused_where_nothing_is_discovered(
    tmp_path: Path, kind: str, api: str, hosts: bool, words: str
) -> None:
    path = _write(tmp_path, _discovering(kind, api, hosts))
    errors = [p for p in check_paths([str(path)]).problems if p.is_error]
    assert [(p.rule, p.path) for p in errors] == [("EKS080", "spec.tls")]
    assert words in errors[0].message
