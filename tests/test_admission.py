"""What the Kubernetes API server refuses: the formats, the admission stage, the rules.

Upstream facts, as of Kubernetes v1.34.0 (read in the sources at those versions):
- apimachinery pkg/util/validation/validation.go (v0.34.0): IsDNS1123Label,
  IsDNS1123Subdomain, IsDNS1035Label, IsWildcardDNS1123Subdomain, IsQualifiedName,
  IsValidLabelValue, IsValidPortName (IANA_SVC_NAME), IsValidPortNum.
- apimachinery pkg/util/validation/ip.go (v0.34.0) and k8s.io/utils/net: legacy CIDR fields
  are read by ParseCIDRSloppy (IPv4 leading zeros allowed) while StrictIPCIDRValidation is
  off (alpha in v1.33 and v1.34, kubernetes pkg/features/kube_features.go).
- apimachinery pkg/api/validation/objectmeta.go (v0.34.0): ValidateObjectMetaAccessor;
  annotation keys lower-cased before the qualified-name check; 256 KiB of annotations.
- apiextensions-apiserver pkg/registry/customresource/validator.go (v0.34.0): custom
  resources' names are DNS-1123 subdomains.
- kubernetes pkg/apis/networking/validation/validation.go (v1.34): validateIngressRules
  ("must be a DNS name, not an IP address", wildcard hosts), validateHTTPIngressPath
  (invalidPathSequences '//', '/./', '/../', '%2f', '%2F'; invalidPathSuffixes '/..', '/.'),
  validateIngressBackend, ValidateIngressCreate (kubernetes.io/ingress.class).
- kubernetes pkg/apis/core/validation/validation.go (v1.34): ValidateService (name a DNS-1035
  label, port names DNS-1123 labels, unique, required with several ports; targetPort a
  number or an IANA name; loadBalancerSourceRanges only with LoadBalancer; the topology
  annotations agree) and pkg/apis/core/annotation_key_constants.go for their keys.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, ROOT
from eksgen.api import check_paths, render_paths
from eksgen.cli.app import run
from eksgen.model import apiserver
from eksgen.render.admission import refusal, refusals
from eksgen.render.objects import ingress_object
from eksgen.render.verify import RenderCheckFailed, parse_single, verify
from eksgen.resources import schema

TEMPLATES = ROOT / "templates"
CASES = Path(__file__).parent / "rules" / "cases"
IP_HOST = "must be a DNS name, not an IP address"
REFUSED_BY = "the Kubernetes API server refuses it"


# ---------------------------------------------------------------------------------------------
# 1. The formats (eksgen.model.apiserver), firing and not firing
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "refused"),
    [
        ("app.example.com", False),
        ("*.example.com", False),
        ("1.2.3.4.example.com", False),  # digits and dots, but five fields: no IPv4
        ("256.1.1.1", False),  # a field above 255: no IPv4 either
        ("10.0.0.1", True),
        ("010.000.000.001", True),  # ParseIPSloppy keeps accepting leading zeros
        ("::1", True),
        ("a.*.example.com", True),  # '*' only as the whole first label
        ("*", True),
        ("Example.com", True),
        ("a" * 250 + ".com", True),  # 254 characters
    ],
)
def test_ingress_hosts(host: str, refused: bool) -> None:
    # networking/validation/validation.go (v1.34) validateIngressRules
    assert bool(apiserver.ingress_host(host)) is refused
    assert (IP_HOST in apiserver.ingress_host(host)) is apiserver.is_ip_address(host)


@pytest.mark.parametrize(
    ("path", "path_type", "reason"),
    [
        ("/api//v1", "Prefix", "must not contain '//'"),
        ("/a/./b", "Exact", "must not contain '/./'"),
        ("/a/../b", "Prefix", "must not contain '/../'"),
        ("/a%2fb", "Prefix", "must not contain '%2f'"),
        ("/a%2Fb", "Exact", "must not contain '%2F'"),
        ("/a/..", "Prefix", "must not end with '/..'"),
        ("/a/.", "Exact", "must not end with '/.'"),
        ("a", "Prefix", "must start with '/'"),
        ("a", "ImplementationSpecific", "must start with '/'"),
        ("/a", "Regex", "pathType must be one of Exact, ImplementationSpecific, Prefix"),
    ],
)
def test_ingress_paths_refused(path: str, path_type: str, reason: str) -> None:
    # networking/validation/validation.go (v1.34) validateHTTPIngressPath
    assert reason in apiserver.ingress_path(path, path_type)


@pytest.mark.parametrize(
    ("path", "path_type"),
    [
        ("/", "Prefix"),
        ("/api/v1/", "Prefix"),
        ("/...", "Exact"),  # three dots are a name, not a dot segment
        ("/a.b/c..d", "Prefix"),
        ("/a%2e", "Prefix"),  # only an encoded '/' is refused
        ("/a//b/./c/..", "ImplementationSpecific"),  # only a leading '/' is checked
        ("", "ImplementationSpecific"),
    ],
)
def test_ingress_paths_accepted(path: str, path_type: str) -> None:
    assert apiserver.ingress_path(path, path_type) == ()


@pytest.mark.parametrize(
    ("path", "normal"),
    [("/a//b", "/a/b"), ("/a/./b/", "/a/b/"), ("/a/..", "/"), ("//a/../../b/.", "/b")],
)
def test_normal_path(path: str, normal: str) -> None:
    assert apiserver.normal_path(path) == normal
    assert apiserver.ingress_path(normal, "Prefix") == ()


@pytest.mark.parametrize(
    ("name", "service", "subdomain"),
    [
        ("web", True, True),
        ("1web", False, True),  # Service names start with a letter (DNS-1035)
        ("web.shop", False, True),
        ("Web", False, False),
        ("a" * 64, False, True),
    ],
)
def test_object_names(name: str, service: bool, subdomain: bool) -> None:
    # core/validation/validation.go (v1.34) ValidateServiceName = NameIsDNS1035Label;
    # networking ValidateIngressName and custom resources: NameIsDNSSubdomain.
    assert (apiserver.dns1035_label(name) == ()) is service
    assert (apiserver.dns1123_subdomain(name) == ()) is subdomain


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("http", False),
        ("h2c-8080", False),
        ("a" * 15, False),
        ("a" * 16, True),
        ("8080", True),
        ("http--alt", True),
        ("-http", True),
        ("http-", True),
        ("HTTP", True),
        ("http_alt", True),
    ],
)
def test_container_port_names(name: str, refused: bool) -> None:
    # apimachinery validation.go (v0.34.0) IsValidPortName
    assert bool(apiserver.port_name(name)) is refused


@pytest.mark.parametrize(
    ("key", "refused"),
    [
        ("team", False),
        ("app.kubernetes.io/name", False),
        ("example.com/My_Key.1", False),
        ("a/b/c", True),
        ("/name", True),
        ("Example.com/name", True),
        ("example.com/", True),
        ("-team", True),
        ("t" * 64, True),
        ("p" * 254 + "/name", True),
    ],
)
def test_qualified_names(key: str, refused: bool) -> None:
    # apimachinery validation.go (v0.34.0) IsQualifiedName
    assert bool(apiserver.qualified_name(key)) is refused


@pytest.mark.parametrize(
    ("value", "refused"),
    [("", False), ("v1.2_x-y", False), ("a" * 63, False), ("a" * 64, True), ("-v", True)],
)
def test_label_values(value: str, refused: bool) -> None:
    # apimachinery validation.go (v0.34.0) IsValidLabelValue
    assert bool(apiserver.label_value(value)) is refused


@pytest.mark.parametrize(
    ("cidr", "refused"),
    [
        ("10.0.0.0/8", False),
        ("10.1.2.3/8", False),  # host bits are the rules' concern (EKS015), not the server's
        ("010.0.0.0/8", False),  # sloppy: leading zeros
        ("2001:db8::/32", False),
        ("::ffff:10.0.0.0/104", False),
        ("10.0.0.0", True),
        ("10.0.0.0/33", True),
        ("1:2:3/64", True),
        (":::/64", True),
        ("fe80::1%eth0/64", True),
    ],
)
def test_cidrs(cidr: str, refused: bool) -> None:
    # apimachinery ip.go (v0.34.0) IsValidCIDRForLegacyField, strict validation off
    assert bool(apiserver.cidr(cidr)) is refused


# ---------------------------------------------------------------------------------------------
# 2. The schema already refuses what the API server does, but for what the rules catch
# ---------------------------------------------------------------------------------------------

DEFS = schema("app")["$defs"]
METADATA = schema("app")["properties"]["metadata"]["properties"]
QUIET = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


def _anchored(node: Any) -> Any:
    """As eksgen validates: a pattern's final '$' ends the string, as in ECMA-262."""
    if isinstance(node, dict):
        return {
            key: re.sub(r"(?<!\\)\$$", r"\\Z", value) if key == "pattern" else _anchored(value)
            for key, value in node.items()
        }
    return [_anchored(item) for item in node] if isinstance(node, list) else node


def schema_accepts(definition: dict[str, Any]) -> Any:
    return Draft202012Validator(_anchored({**definition, "$defs": DEFS})).is_valid


def words(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet, max_size=max_size),
        st.text(alphabet + "\n\x00é", max_size=8),
        st.integers(0, 320).map(lambda size: ("ab-" * 110)[:size]),
    )


@QUIET
@given(value=words("ab09-._/Z", 20))
def test_schema_label_keys_and_values_are_what_the_server_accepts(value: str) -> None:
    if schema_accepts({"$ref": "#/$defs/labelKey"})(value):
        assert apiserver.qualified_name(value) == ()
        assert apiserver.qualified_name(value.lower()) == ()  # as an annotation key
    if schema_accepts({"$ref": "#/$defs/labelValue"})(value):
        assert apiserver.label_value(value) == ()


@QUIET
@given(value=words("az09-.", 20))
def test_schema_names_are_what_the_server_accepts(value: str) -> None:
    if schema_accepts(METADATA["name"])(value):
        assert apiserver.dns1035_label(value) == ()  # Service
        assert apiserver.dns1123_subdomain(value) == ()  # Ingress, custom resources
    if schema_accepts(METADATA["namespace"])(value):
        assert apiserver.dns1123_label(value) == ()
    if schema_accepts({"$ref": "#/$defs/portName"})(value):
        assert apiserver.dns1123_label(value) == ()  # a Service port's name
    if schema_accepts({"$ref": "#/$defs/containerPortName"})(value):
        assert apiserver.port_name(value) == ()  # a named targetPort


@QUIET
@given(value=words("019.*a-", 24))
def test_schema_hosts_are_what_the_server_accepts_but_ip_addresses(value: str) -> None:
    if schema_accepts({"$ref": "#/$defs/hostname"})(value):
        expected = (IP_HOST,) if apiserver.is_ipv4_address(value) else ()
        assert apiserver.ingress_host(value) == expected  # EKS035 refuses the IP addresses


@QUIET
@given(value=words("0129af:./", 24))
def test_schema_cidrs_are_what_the_server_accepts_but_what_eks015_refuses(value: str) -> None:
    import ipaddress

    if schema_accepts({"$ref": "#/$defs/cidr"})(value):
        try:
            ipaddress.ip_network(value, strict=False)  # what EKS015 accepts
        except ValueError:
            return
        assert apiserver.cidr(value) == ()


# ---------------------------------------------------------------------------------------------
# 3. The admission stage on objects, firing and not firing
# ---------------------------------------------------------------------------------------------


def service(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "shop", "labels": {"team": "a"}},
        "spec": {"type": "ClusterIP", "selector": {"app": "web"}, "ports": [{"port": 80}]} | spec,
    }


def ingress(host: str | None = "web.example.com", **path: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {"host": host} if host is not None else {}
    item = {
        "path": "/",
        "pathType": "Prefix",
        "backend": {"service": {"name": "web", "port": {"number": 80}}},
    } | path
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"ingressClassName": "alb", "rules": [rule | {"http": {"paths": [item]}}]},
    }


def with_metadata(document: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["metadata"] |= metadata
    return changed


def eni_config(**metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "crd.k8s.amazonaws.com/v1alpha1",
        "kind": "ENIConfig",
        "metadata": {"name": "us-east-1a"} | metadata,
        "spec": {"subnet": "subnet-0123456789abcdef0"},
    }


def policy(**metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "vpcresources.k8s.aws/v1beta1",
        "kind": "SecurityGroupPolicy",
        "metadata": {"name": "web", "namespace": "shop"} | metadata,
        "spec": {"podSelector": {"matchLabels": {}}, "securityGroups": {"groupIds": ["sg-1"]}},
    }


ANNOTATIONS = "metadata.annotations"

ADMITTED = [
    pytest.param(service(), id="service"),
    pytest.param(ingress(), id="ingress"),
    pytest.param(ingress(None), id="ingress-without-host"),
    pytest.param(ingress("*.example.com"), id="ingress-wildcard-host"),
    pytest.param(ingress(path="/a//b", pathType="ImplementationSpecific"), id="impl-specific"),
    pytest.param(with_metadata(service(), name="a" * 63), id="service-name-63"),
    pytest.param(with_metadata(ingress(), name="1web.shop"), id="ingress-name-subdomain"),
    pytest.param(policy(name="1web.shop"), id="policy-name-subdomain"),
    pytest.param(eni_config(), id="eniconfig"),
    pytest.param(eni_config(namespace="Not A Namespace"), id="eniconfig-namespace-ignored"),
    pytest.param(
        with_metadata(service(), annotations={"Example.COM/Key": "x"}), id="annotation-case"
    ),
    pytest.param(
        service(
            ports=[
                {"name": "http", "port": 80, "targetPort": "http-web", "protocol": "TCP"},
                {"name": "dns", "port": 80, "protocol": "UDP"},
            ]
        ),
        id="ports-same-number-other-protocol",
    ),
    pytest.param(
        service(type="LoadBalancer", loadBalancerSourceRanges=[" 10.0.0.0/8", "2001:db8::/32"]),
        id="source-ranges",
    ),
    pytest.param(
        with_metadata(
            service(),
            annotations={apiserver.TOPOLOGY_MODE: "Auto", apiserver.TOPOLOGY_HINTS: "Auto"},
        ),
        id="topology-agree",
    ),
    pytest.param(
        with_metadata(ingress(), annotations={"kubernetes.io/ingress.class": "alb"}),
        id="ingress-class-agrees",
    ),
]


@pytest.mark.parametrize("document", ADMITTED)
def test_the_api_server_accepts(document: dict[str, Any]) -> None:
    assert list(refusals(document)) == []
    assert refusal(document) is None


REFUSED = [
    # metadata: apimachinery objectmeta.go (v0.34.0), names per kind
    (with_metadata(service(), name="1web"), "metadata.name: '1web' must be lower-case"),
    (with_metadata(service(), name="web.shop"), "metadata.name: 'web.shop' must be"),
    (with_metadata(ingress(), name="Web"), "metadata.name: 'Web' must be"),
    (policy(name="web_1"), "metadata.name: 'web_1' must be"),
    (eni_config(name="US-EAST-1A"), "metadata.name: 'US-EAST-1A' must be"),
    (with_metadata(service(), namespace="shop.eu"), "metadata.namespace: 'shop.eu' must be"),
    (with_metadata(service(), namespace=""), "metadata.namespace: is required"),
    (policy(namespace="a" * 64), "must be at most 63 characters"),
    (
        with_metadata(service(), labels={"team": "front end"}),
        "metadata.labels.team: 'front end' must be empty, or letters",
    ),
    (with_metadata(service(), labels={"-team": "a"}), "metadata.labels[\"-team\"]: '-team'"),
    (eni_config(labels={"zone": "a" * 64}), "must be at most 63 characters"),
    (with_metadata(ingress(), labels={"team": 42}), "metadata.labels.team: 42 must be a string"),
    (
        with_metadata(service(), annotations={"a/b/c": "x"}),
        "must hold at most one '/'",
    ),
    (
        with_metadata(service(), annotations={"note": "x" * (256 * 1024)}),
        "metadata.annotations: 262,148 bytes in all, more than the 262,144 allowed",
    ),
    # Service: core/validation/validation.go (v1.34)
    (service(type="Headless"), "spec.type: 'Headless' must be one of"),
    (service(ports=[]), "spec.ports: a Service needs at least one port"),
    (service(ports=[{"name": "HTTP", "port": 80}]), "spec.ports[0].name: 'HTTP' must be"),
    (
        service(ports=[{"name": "http", "port": 80}, {"port": 81}]),
        "spec.ports[1].name: is required when a Service has more than one port",
    ),
    (
        service(ports=[{"name": "http", "port": 80}, {"name": "http", "port": 81}]),
        "spec.ports[1].name: 'http' is the name of another port too",
    ),
    (
        service(ports=[{"name": "a", "port": 80}, {"name": "b", "port": 80}]),
        "spec.ports[1]: port 80/TCP is listed twice",
    ),
    (service(ports=[{"port": 0}]), "spec.ports[0].port: 0 must be between 1 and 65535"),
    (service(ports=[{"port": "80"}]), "spec.ports[0].port: '80' must be a port number"),
    (service(ports=[{"port": 80, "protocol": "HTTP"}]), "spec.ports[0].protocol: 'HTTP'"),
    (
        service(ports=[{"port": 80, "targetPort": "web-http-servers"}]),
        "spec.ports[0].targetPort: 'web-http-servers' must be at most 15 characters",
    ),
    (
        service(ports=[{"port": 80, "targetPort": "8080"}]),
        "spec.ports[0].targetPort: '8080' must contain at least one letter",
    ),
    (service(ports=[{"port": 80, "targetPort": 70000}]), "must be between 1 and 65535"),
    (service(ports=[{"port": 80, "nodePort": 30080}]), "spec.ports[0].nodePort: is not allowed"),
    (
        service(ports=[{"port": 80, "appProtocol": "a/b/c"}]),
        "spec.ports[0].appProtocol: 'a/b/c' must hold",
    ),
    (service(selector={"app": "a b"}), "spec.selector.app: 'a b' must be empty"),
    (
        service(loadBalancerSourceRanges=["10.0.0.0/8"]),
        "spec.loadBalancerSourceRanges: is allowed only with type LoadBalancer",
    ),
    (
        service(type="LoadBalancer", loadBalancerSourceRanges=["1:2:3/64"]),
        "spec.loadBalancerSourceRanges[0]: '1:2:3/64' must be a CIDR block",
    ),
    (
        with_metadata(
            service(),
            annotations={"service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8"},
        ),
        'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]: is allowed only with type LoadBalancer',
    ),
    (
        with_metadata(
            service(type="LoadBalancer"),
            annotations={"service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8, x"},
        ),
        "' x' must be a CIDR block",
    ),
    (
        with_metadata(
            service(),
            annotations={apiserver.TOPOLOGY_MODE: "Auto", apiserver.TOPOLOGY_HINTS: "auto"},
        ),
        f"{ANNOTATIONS}[\"{apiserver.TOPOLOGY_MODE}\"]: {apiserver.TOPOLOGY_MODE} 'Auto' and",
    ),
    # Ingress: networking/validation/validation.go (v1.34)
    (ingress("10.0.0.1"), "spec.rules[0].host: '10.0.0.1' must be a DNS name, not an IP address"),
    (ingress("a.*.example.com"), "may hold '*' only as its whole first label"),
    (ingress("Web.example.com"), "spec.rules[0].host: 'Web.example.com' must be lower-case"),
    (ingress(path="/a//b"), "spec.rules[0].http.paths[0].path: '/a//b' must not contain '//'"),
    (ingress(path="/a/..", pathType="Exact"), "'/a/..' must not end with '/..'"),
    (ingress(pathType=None), "spec.rules[0].http.paths[0].pathType: is required"),
    (ingress(pathType="Regex"), "paths[0].pathType: 'Regex' must be one of Exact, Implem"),
    (
        ingress(backend={"service": {"name": "1web", "port": {"number": 80}}}),
        "backend.service.name: '1web' must be",
    ),
    (
        ingress(backend={"service": {"name": "web", "port": {"name": "web-http-servers"}}}),
        "backend.service.port.name: 'web-http-servers' must be at most 15 characters",
    ),
    (
        ingress(backend={"service": {"name": "web", "port": {"name": "http", "number": 80}}}),
        "backend.service.port: may not have both a name and a number",
    ),
    (
        ingress(backend={"service": {"name": "web", "port": {}}}),
        "backend.service.port: needs a name or a number",
    ),
    (ingress(backend=None), "paths[0].backend: needs a service or a resource"),
    (
        with_metadata(ingress(), annotations={"kubernetes.io/ingress.class": "nginx"}),
        "'nginx' must match spec.ingressClassName 'alb'",
    ),
]


@pytest.mark.parametrize(
    ("document", "expected"), [pytest.param(*case, id=case[1][:60]) for case in REFUSED]
)
def test_the_api_server_refuses(document: dict[str, Any], expected: str) -> None:
    found = list(refusals(document))
    assert any(expected in item for item in found), found
    first = refusal(document)
    assert first is not None and first.endswith(f"({REFUSED_BY})")


def test_an_ingress_needs_rules_or_a_default_backend() -> None:
    document = ingress()
    document["spec"]["rules"] = []
    assert list(refusals(document)) == ["spec: an Ingress needs rules or a defaultBackend"]
    document["spec"]["defaultBackend"] = {"service": {"name": "web", "port": {"number": 80}}}
    assert list(refusals(document)) == []


def test_ingress_tls_hosts_and_secrets() -> None:
    document = ingress()
    document["spec"]["tls"] = [{"hosts": ["*.example.com", "10.0.0.1"], "secretName": "tls"}]
    assert list(refusals(document)) == []  # an IP address is refused only as a rule host
    document["spec"]["tls"] = [{"hosts": ["a.*.com"], "secretName": "Bad_Secret"}]
    found = list(refusals(document))
    assert found[0].startswith("spec.tls[0].hosts[0]: 'a.*.com' may hold '*' only")
    assert found[1].startswith("spec.tls[0].secretName: 'Bad_Secret' must be")


# ---------------------------------------------------------------------------------------------
# 4. The stage in the render: every object eksgen writes passes; verify() raises on a refusal
# ---------------------------------------------------------------------------------------------


def test_every_object_of_the_examples_and_the_rule_cases_is_admitted() -> None:
    specs = sorted(str(path) for path in EXAMPLES.glob("*.yaml"))
    specs += sorted(str(path) for path in CASES.glob("*/pass.yaml"))
    checked = 0
    for spec in specs:
        if check_paths([spec]).errors:
            continue  # a pass case that needs another spec beside it
        for manifest in render_paths([spec]).manifests:
            document = parse_single(manifest.text, manifest.filename)
            assert list(refusals(document)) == [], (spec, manifest.label)
            checked += 1
    assert checked > 100


class Object:
    """A rendered object as verify() takes it, without an intent."""

    def __init__(self, text: str) -> None:
        self.kind, self.name, self.filename, self.label = "Ingress", "web", "ingress.yaml", "L"
        self.text, self.intent = text, None


def test_verify_raises_the_read_back_error_naming_object_field_and_reason() -> None:
    import yaml

    with pytest.raises(RenderCheckFailed) as raised:
        verify([Object(yaml.safe_dump(ingress("10.0.0.1")))])
    assert str(raised.value) == (
        "L: spec.rules[0].host: '10.0.0.1' must be a DNS name, not an IP address "
        "(the Kubernetes API server refuses it)"
    )
    verify([Object(yaml.safe_dump(ingress("web.example.com")))])  # and no error without


# ---------------------------------------------------------------------------------------------
# 5. A template that the read-back lets through (it only adds fields) but the server refuses
# ---------------------------------------------------------------------------------------------

ALB = EXAMPLES / "alb-shared.yaml"


def user_templates(tmp_path: Path, template: str, old: str, new: str) -> Path:
    """A templates folder with one bundled template changed (as tests/test_read_back.py)."""
    bundled = (TEMPLATES / template).read_text(encoding="utf-8")
    assert bundled.count(old) == 1, f"{old!r} is not once in {template}"
    folder = tmp_path / "templates"
    (folder / template).parent.mkdir(parents=True)
    (folder / template).write_text(bundled.replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("spec", "template", "old", "new", "expected"),
    [
        pytest.param(
            ALB,
            "manifests/_metadata.yaml.j2",
            "{%- endfor %}\n{%- if annotations %}",
            "{%- endfor %}\n    tier: front end\n{%- if annotations %}",
            "Service web/my-app: metadata.labels.tier: 'front end' must be empty, or letters",
            id="label-value",
        ),
        pytest.param(
            ALB,
            "manifests/ingress.yaml.j2",
            "spec:\n  ingressClassName:",
            "spec:\n  tls:\n    - hosts: ['a.*.example.com']\n  ingressClassName:",
            "Ingress web/my-app: spec.tls[0].hosts[0]: 'a.*.example.com' may hold '*' only",
            id="ingress-tls-host",
        ),
        pytest.param(
            ALB,
            "manifests/ingress.yaml.j2",
            "spec:\n  ingressClassName:",
            "spec:\n  defaultBackend: {service: {name: my-app, port: {name: http-web-frontend}}}"
            "\n  ingressClassName:",
            "Ingress web/my-app: spec.defaultBackend.service.port.name: 'http-web-frontend' "
            "must be at most 15 characters",
            id="ingress-default-backend",
        ),
        pytest.param(
            ALB,
            "manifests/service.yaml.j2",
            "      protocol: {{ port.protocol | q }}",
            "      protocol: {{ port.protocol | q }}\n      appProtocol: 'kubernetes.io/h2c/x'",
            "Service web/my-app: spec.ports[0].appProtocol: 'kubernetes.io/h2c/x' must hold",
            id="service-app-protocol",
        ),
        pytest.param(
            ALB,
            "manifests/service.yaml.j2",
            "{%- if source_ranges %}",
            "  loadBalancerSourceRanges: [10.0.0.0/8]\n{%- if source_ranges %}",
            "Service web/my-app: spec.loadBalancerSourceRanges: is allowed only with type "
            "LoadBalancer",
            id="source-ranges-on-cluster-ip",
        ),
    ],
)
def test_a_template_that_only_adds_a_refused_field_fails_the_render(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    spec: Path,
    template: str,
    old: str,
    new: str,
    expected: str,
) -> None:
    folder = user_templates(tmp_path, template, old, new)
    out = tmp_path / "out"
    assert run(["render", str(spec), "--templates", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    # One line: the object, the field, the value and the reason, then where it came from.
    assert err.startswith(f"eksgen: error: {expected}"), err
    assert err.endswith(f" ({REFUSED_BY}) (from a template in {folder})\n"), err
    assert err.count("\n") == 1, err
    assert not out.exists()


def test_the_same_template_change_with_a_valid_value_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_templates(
        tmp_path,
        "manifests/_metadata.yaml.j2",
        "{%- endfor %}\n{%- if annotations %}",
        "{%- endfor %}\n    tier: front-end\n{%- if annotations %}",
    )
    out = tmp_path / "out"
    assert run(["render", str(ALB), "--templates", str(folder), "-o", str(out)]) == 0, (
        capsys.readouterr().err
    )
    assert "    tier: front-end\n" in (out / "web" / "my-app" / "service.yaml").read_text()


# ---------------------------------------------------------------------------------------------
# 6. The rules and the stage agree: a spec the rules accept renders objects the stage admits
# ---------------------------------------------------------------------------------------------

RULES_HERE = {"EKS035", "EKS036"}


def alb_spec(hosts: list[str], paths: list[tuple[str, str]]) -> str:
    lines = [
        "apiVersion: eksgen.dev/v1alpha1",
        "kind: App",
        "metadata: {name: web, namespace: shop}",
        "spec:",
        "  ports: [{name: http, port: 80}]",
        "  exposure: {type: alb}",
        "  dns: {enabled: false}",
    ]
    if hosts:
        lines.append(f"  hosts: [{', '.join(repr(host) for host in hosts)}]")
    routes = ", ".join(f"{{path: {path!r}, pathType: {kind}}}" for path, kind in paths)
    lines.append(f"  routes: [{routes}]")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hosts=st.lists(
        st.one_of(
            st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,4}){2,4}", fullmatch=True),
            st.sampled_from(["web.example.com", "*.example.com", "010.0.0.1"]),
        ),
        max_size=2,
        unique=True,
    ),
    paths=st.lists(
        st.tuples(
            st.text("/.a%2fF", min_size=1, max_size=8).map(lambda text: "/" + text),
            st.sampled_from(["Prefix", "Exact", "ImplementationSpecific"]),
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_the_rules_refuse_exactly_what_the_stage_would(
    tmp_path_factory: pytest.TempPathFactory, hosts: list[str], paths: list[tuple[str, str]]
) -> None:
    spec = tmp_path_factory.mktemp("spec") / "app.yaml"
    spec.write_text(alb_spec(hosts, paths), encoding="utf-8")
    checked = check_paths([str(spec)])
    rules = {problem.rule for problem in checked.errors}
    assert rules <= RULES_HERE, [str(problem) for problem in checked.errors]
    (app,) = checked.apps
    refused = list(refusals(ingress_object(app, "external-dns.alpha.kubernetes.io/")))
    assert bool(rules) is bool(refused), (rules, refused)
    if not rules:
        render_paths([str(spec)])  # verify() admits every object
