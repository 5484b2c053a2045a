"""render --api gateway: the Gateway API objects of ALB and NLB Apps, valid and as intended.

Every object is checked against the upstream CRDs of its kind at its apiVersion (Gateway API
v1.6.1 standard channel, gateway.k8s.aws of controller v3.5.0), strict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, example_specs, gateway_ready
from eksgen.api import check_paths, render
from eksgen.errors import InvalidInput
from gateway_crds import GATEWAY_KINDS, crd_errors

VALID_CASES = sorted((ROOT / "tests" / "cases" / "valid").glob("*.yaml"))
APP_SPECS = gateway_ready(
    [s for s in example_specs() + VALID_CASES if "kind: App" in s.read_text()]
)


def _objects(paths: list[str], **options: Any) -> list[dict[str, Any]]:
    result = render(paths, **options)
    return [yaml.safe_load(manifest.text) for manifest in result.manifests]


def _by_kind(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [item for item in objects if item["kind"] == kind]


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("spec", APP_SPECS, ids=lambda path: path.stem)
def test_every_gateway_object_passes_the_upstream_crds(spec: Path) -> None:
    objects = _objects([str(spec)], api="gateway")
    checked = [item for item in objects if item["kind"] in GATEWAY_KINDS]
    for item in checked:
        assert crd_errors(item) == [], f"{item['kind']} {item['metadata']['name']}"
    exposed = any(f"type: {kind}" in spec.read_text() for kind in ("alb", "nlb"))
    assert bool(checked) == exposed


def test_the_seed_alb_app_becomes_a_gateway_a_route_and_a_redirect() -> None:
    objects = _objects([str(ROOT / "examples" / "alb-shared.yaml")], api="gateway")
    kinds = sorted(item["kind"] for item in objects)
    assert kinds == [
        "Gateway",
        "HTTPRoute",
        "HTTPRoute",
        "LoadBalancerConfiguration",
        "Service",
        "TargetGroupConfiguration",
    ]
    (gateway,) = _by_kind(objects, "Gateway")
    assert gateway["metadata"] == {
        "name": "shared-alb",
        "namespace": "web",
        "labels": {
            "app.kubernetes.io/managed-by": "eksgen",
            "app.kubernetes.io/name": "shared-alb",
        },
    }
    assert gateway["spec"]["gatewayClassName"] == "aws-alb"
    assert gateway["spec"]["infrastructure"]["parametersRef"] == {
        "group": "gateway.k8s.aws",
        "kind": "LoadBalancerConfiguration",
        "name": "shared-alb",
    }
    listeners = [
        (item["name"], item["protocol"], item["port"]) for item in gateway["spec"]["listeners"]
    ]
    assert listeners == [("http-80", "HTTP", 80), ("https-443", "HTTPS", 443)]
    assert all(
        item["allowedRoutes"] == {"namespaces": {"from": "Same"}}
        for item in gateway["spec"]["listeners"]
    )
    route, redirect = sorted(_by_kind(objects, "HTTPRoute"), key=lambda r: r["metadata"]["name"])
    assert route["spec"] == {
        "parentRefs": [{"name": "shared-alb", "sectionName": "https-443"}],
        "hostnames": ["app.example.com"],
        "rules": [
            {
                "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                "backendRefs": [{"name": "my-app", "port": 80}],
            }
        ],
    }
    assert redirect["metadata"]["name"] == "shared-alb-redirect"
    assert redirect["spec"] == {
        "parentRefs": [{"name": "shared-alb", "sectionName": "http-80"}],
        "rules": [
            {
                "filters": [
                    {
                        "type": "RequestRedirect",
                        "requestRedirect": {"scheme": "https", "port": 443, "statusCode": 301},
                    }
                ]
            }
        ],
    }


def test_the_load_balancer_configuration_holds_the_load_balancer_settings() -> None:
    objects = _objects([str(ROOT / "examples" / "internal-instance.yaml")], api="gateway")
    (config,) = _by_kind(objects, "LoadBalancerConfiguration")
    assert config["apiVersion"] == "gateway.k8s.aws/v1"
    assert config["spec"] == {
        "scheme": "internal",
        "sourceRanges": ["10.0.0.0/8"],
        "loadBalancerAttributes": [{"key": "idle_timeout.timeout_seconds", "value": "60"}],
        "tags": {"cost-center": "42"},
        "listenerConfigurations": [
            {
                "protocolPort": "HTTPS:443",
                "defaultCertificate": "arn:aws:acm:us-east-1:123456789012:certificate/def-456",
                "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            }
        ],
    }
    (target_groups,) = _by_kind(objects, "TargetGroupConfiguration")
    assert target_groups["spec"] == {
        "targetReference": {"name": "reports"},
        "defaultConfiguration": {
            "targetType": "instance",
            "healthCheckConfig": {
                "healthCheckPath": "/healthz",
                "healthCheckPort": "traffic-port",
                "healthCheckProtocol": "HTTP",
                "healthCheckInterval": 15,
                "healthCheckTimeout": 5,
                "healthyThresholdCount": 2,
                "unhealthyThresholdCount": 2,
                "matcher": {"httpCode": "200-399"},
            },
            "targetGroupAttributes": [
                {"key": "deregistration_delay.timeout_seconds", "value": "30"}
            ],
            "tags": {"cost-center": "42"},
        },
    }
    (service,) = _by_kind(objects, "Service")
    assert service["spec"]["type"] == "NodePort"  # instance targets, as with the Ingress
    (route,) = [r for r in _by_kind(objects, "HTTPRoute") if r["metadata"]["name"] == "reports"]
    # The App's tags reach its listener rules through its ListenerRuleConfiguration, as the
    # Ingress's tags annotation tags every rule of the Ingress.
    named = {
        "type": "ExtensionRef",
        "extensionRef": {
            "group": "gateway.k8s.aws",
            "kind": "ListenerRuleConfiguration",
            "name": "reports",
        },
    }
    assert route["spec"]["rules"] == [
        {
            "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
            "backendRefs": [{"name": "reports", "port": 80}],
            "filters": [named],
        },
        {
            "matches": [{"path": {"type": "PathPrefix", "value": "/admin"}}],
            "backendRefs": [{"name": "reports", "port": 9090}],
            "filters": [named],
        },
    ]
    (rules,) = _by_kind(objects, "ListenerRuleConfiguration")
    assert rules["spec"] == {"tags": {"cost-center": "42"}}


APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  ports: [{{port: 80}}]
  exposure: {{type: alb{exposure}}}
  hosts: [{name}.example.com]
  routes: [{{path: /exact, pathType: Exact}}, {{path: /, pathType: Prefix}}]
"""


def test_without_tls_the_route_attaches_to_http_and_there_is_no_redirect(tmp_path: Path) -> None:
    spec = _write(tmp_path, "a.yaml", APP.format(name="plain", namespace="web", exposure=""))
    objects = _objects([spec], api="gateway")
    (gateway,) = _by_kind(objects, "Gateway")
    assert [item["name"] for item in gateway["spec"]["listeners"]] == ["http-80"]
    (route,) = _by_kind(objects, "HTTPRoute")
    assert route["spec"]["parentRefs"] == [{"name": "plain", "sectionName": "http-80"}]
    assert [rule["matches"] for rule in route["spec"]["rules"]] == [
        [{"path": {"type": "Exact", "value": "/exact"}}],
        [{"path": {"type": "PathPrefix", "value": "/"}}],
    ]
    (config,) = _by_kind(objects, "LoadBalancerConfiguration")
    assert config["spec"] == {"scheme": "internal"}  # internal unless asked


def test_the_app_field_wins_over_the_flag_and_the_flag_over_the_cluster(tmp_path: Path) -> None:
    ingress = APP.format(name="a", namespace="web", exposure=", api: ingress")
    unset = APP.format(name="b", namespace="web", exposure="")
    cluster = (
        "apiVersion: eksgen.dev/v1alpha1\nkind: Cluster\nmetadata: {name: c}\n"
        "spec: {region: us-east-1, gatewayApi: {default: gateway, albGatewayClassName: alb-gw}}\n"
    )
    paths = [_write(tmp_path, n, t) for n, t in (("a.yaml", ingress), ("b.yaml", unset))]
    with_cluster = [*paths, _write(tmp_path, "c.yaml", cluster)]
    kinds = {(o["kind"], o["metadata"].get("name")) for o in _objects(with_cluster)}
    assert ("Ingress", "a") in kinds and ("Gateway", "b") in kinds
    (gateway,) = _by_kind(_objects(with_cluster), "Gateway")
    assert gateway["spec"]["gatewayClassName"] == "alb-gw"
    kinds = {(o["kind"], o["metadata"].get("name")) for o in _objects(with_cluster, api="ingress")}
    assert ("Ingress", "b") in kinds and not _by_kind(
        _objects(with_cluster, api="ingress"), "Gateway"
    )
    assert not _by_kind(_objects(paths), "Gateway")  # no flag, no Cluster: ingress


def test_an_older_controller_gets_the_v1beta1_configurations() -> None:
    spec = str(ROOT / "examples" / "alb-shared.yaml")
    objects = _objects([spec], api="gateway", controller_version="3.4.0")
    versions = {o["apiVersion"] for o in objects if o["kind"].endswith("Configuration")}
    assert versions == {"gateway.k8s.aws/v1beta1"}
    assert all(crd_errors(o) == [] for o in objects if o["kind"] in GATEWAY_KINDS)


def test_an_unknown_api_in_the_spec_is_one_located_error(tmp_path: Path) -> None:
    spec = _write(tmp_path, "a.yaml", APP.format(name="a", namespace="web", exposure=", api: gw"))
    with pytest.raises(InvalidInput) as raised:
        render([spec])
    (problem,) = raised.value.problems
    assert problem.path == "spec.exposure.api" and problem.line == 6


GROUP_MEMBER = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  ports: [{{port: 8080}}]
  exposure:
    type: alb
    api: gateway
    scheme: internet-facing
    group: {{name: shop{order}}}
    tags: {{{tag}}}
  hosts: [{name}.example.com]
  tls: {{certificateArns: ["{arn}"]{redirect}}}
"""
ARN = "arn:aws:acm:us-east-1:123456789012:certificate/"


def _member(tmp_path: Path, name: str, namespace: str, **fields: str) -> str:
    values = {"order": "", "tag": f"owner-{name}: team", "arn": ARN + name, "redirect": ""} | fields
    return _write(
        tmp_path, f"{name}.yaml", GROUP_MEMBER.format(name=name, namespace=namespace, **values)
    )


def test_an_ingress_group_shares_one_gateway_in_its_first_members_namespace(
    tmp_path: Path,
) -> None:
    paths = [
        _member(tmp_path, "cart", "team-b", order=", order: 1"),
        _member(tmp_path, "web", "team-a", order=", order: 2", redirect=", redirectHttp: false"),
        _member(tmp_path, "api", "team-a", order=", order: 2"),
    ]
    objects = _objects(paths)
    (gateway,) = _by_kind(objects, "Gateway")
    assert (gateway["metadata"]["name"], gateway["metadata"]["namespace"]) == ("shop", "team-b")
    selector = {
        "from": "Selector",
        "selector": {
            "matchExpressions": [
                {
                    "key": "kubernetes.io/metadata.name",
                    "operator": "In",
                    "values": ["team-a", "team-b"],
                }
            ]
        },
    }
    assert [item["allowedRoutes"]["namespaces"] for item in gateway["spec"]["listeners"]] == [
        selector,
        selector,
    ]
    (config,) = _by_kind(objects, "LoadBalancerConfiguration")
    assert config["metadata"]["namespace"] == "team-b"
    assert config["spec"]["tags"] == {
        "owner-api": "team",
        "owner-cart": "team",
        "owner-web": "team",
    }
    (listener,) = config["spec"]["listenerConfigurations"]
    assert listener["defaultCertificate"] == ARN + "cart"
    assert listener["certificates"] == [ARN + "api", ARN + "web"]  # the members' union
    routes = {r["metadata"]["name"]: r for r in _by_kind(objects, "HTTPRoute")}
    assert sorted(routes) == ["api", "cart", "shop-redirect", "web"]
    # One member redirects: the whole Gateway does, and every route attaches to HTTPS.
    assert routes["web"]["metadata"]["namespace"] == "team-a"
    assert routes["web"]["spec"]["parentRefs"] == [
        {"name": "shop", "namespace": "team-b", "sectionName": "https-443"}
    ]
    assert routes["cart"]["spec"]["parentRefs"] == [{"name": "shop", "sectionName": "https-443"}]
    assert routes["shop-redirect"]["metadata"]["namespace"] == "team-b"
    assert len(_by_kind(objects, "TargetGroupConfiguration")) == 3
    for item in objects:
        if item["kind"] in GATEWAY_KINDS:
            assert crd_errors(item) == []


def test_a_group_in_one_namespace_admits_routes_from_it_alone(tmp_path: Path) -> None:
    paths = [_member(tmp_path, "a", "shop"), _member(tmp_path, "b", "shop")]
    (gateway,) = _by_kind(_objects(paths), "Gateway")
    namespaces = [item["allowedRoutes"]["namespaces"] for item in gateway["spec"]["listeners"]]
    assert namespaces == [{"from": "Same"}, {"from": "Same"}]


def test_a_shared_gateway_goes_into_its_first_members_folder(tmp_path: Path) -> None:
    # The controller's order: group.order, then namespace/name: other/b comes first.
    paths = [_member(tmp_path, "a", "shop"), _member(tmp_path, "b", "other")]
    files = render(paths).files
    assert sorted(name for name in files if name.startswith("other/")) == [
        "other/b/gateway.yaml",
        "other/b/httproute-redirect.yaml",
        "other/b/httproute.yaml",
        "other/b/kustomization.yaml",
        "other/b/listenerruleconfiguration.yaml",  # b's tags, for its listener rules
        "other/b/loadbalancerconfiguration.yaml",
        "other/b/service.yaml",
        "other/b/targetgroupconfiguration.yaml",
    ]
    assert sorted(name for name in files if name.startswith("shop/")) == [
        "shop/a/httproute.yaml",
        "shop/a/kustomization.yaml",
        "shop/a/listenerruleconfiguration.yaml",
        "shop/a/service.yaml",
        "shop/a/targetgroupconfiguration.yaml",
    ]


def test_the_seed_nlb_app_becomes_an_nlb_gateway_with_a_tls_listener() -> None:
    objects = _objects([str(ROOT / "examples" / "nlb-public.yaml")], api="gateway")
    (service,) = _by_kind(objects, "Service")
    assert service["spec"]["type"] == "ClusterIP"  # the Gateway makes the NLB, not the Service
    assert "annotations" not in service["metadata"]
    (gateway,) = _by_kind(objects, "Gateway")
    assert gateway["spec"]["gatewayClassName"] == "aws-nlb"
    assert gateway["spec"]["listeners"] == [
        {
            "name": "tls-443",
            "protocol": "TLS",
            "port": 443,
            "allowedRoutes": {"namespaces": {"from": "Same"}},
            "tls": {
                "mode": "Terminate",
                "options": {"eksgen.dev/certificates": "LoadBalancerConfiguration"},
            },
        }
    ]
    (config,) = _by_kind(objects, "LoadBalancerConfiguration")
    assert config["spec"] == {
        "scheme": "internet-facing",
        "loadBalancerSubnets": [{"identifier": "subnet-aaa"}, {"identifier": "subnet-bbb"}],
        "listenerConfigurations": [
            {
                "protocolPort": "TLS:443",
                "defaultCertificate": "arn:aws:acm:us-east-1:123456789012:certificate/abc-123",
                "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            }
        ],
    }
    (route,) = _by_kind(objects, "TCPRoute")
    assert route["metadata"]["name"] == "my-app"
    assert route["spec"] == {
        "parentRefs": [{"name": "my-app", "sectionName": "tls-443"}],
        "rules": [{"backendRefs": [{"name": "my-app", "port": 443}]}],
    }
    (target_groups,) = _by_kind(objects, "TargetGroupConfiguration")
    assert target_groups["spec"]["defaultConfiguration"] == {"targetType": "ip"}


def test_an_nlb_app_gets_a_route_per_port_and_its_hostname_once() -> None:
    spec = ROOT / "tests" / "cases" / "valid" / "nlb-udp-instance.yaml"
    objects = _objects([str(spec)], api="gateway")
    (gateway,) = _by_kind(objects, "Gateway")
    sections = [
        (item["name"], item["protocol"], item["port"]) for item in gateway["spec"]["listeners"]
    ]
    assert sections == [("udp-53", "UDP", 53), ("tcp-8080", "TCP", 8080), ("tls-853", "TLS", 853)]
    routes = {r["metadata"]["name"]: r for r in objects if r["kind"] in ("TCPRoute", "UDPRoute")}
    assert {name: r["kind"] for name, r in routes.items()} == {
        "dns-relay-udp-53": "UDPRoute",
        "dns-relay-tcp-8080": "TCPRoute",
        "dns-relay-tls-853": "TCPRoute",
    }
    hostname = "external-dns.alpha.kubernetes.io/hostname"
    annotated = [n for n, r in routes.items() if hostname in r["metadata"]["annotations"]]
    assert annotated == ["dns-relay-udp-53"]
    assert routes["dns-relay-udp-53"]["metadata"]["annotations"][hostname] == (
        "dns.internal.example.com"
    )
    assert all(
        r["metadata"]["annotations"]["external-dns.alpha.kubernetes.io/ttl"] == "60"
        for r in routes.values()
    )
    (service,) = _by_kind(objects, "Service")
    assert service["spec"]["type"] == "NodePort"
    assert "loadBalancerSourceRanges" not in service["spec"]
    (config,) = _by_kind(objects, "LoadBalancerConfiguration")
    assert config["spec"]["sourceRanges"] == ["10.0.0.0/8", "192.168.0.0/16"]
    assert config["spec"]["loadBalancerName"] == "dns-relay-internal"
    files = render([str(spec)], api="gateway").files
    assert "infra/dns-relay/udproute-udp-53.yaml" in files
    assert "infra/dns-relay/tcproute-tls-853.yaml" in files


CLUSTER = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata: {{name: c}}
spec:
  region: us-east-1
  loadBalancerController: {{version: "{version}"}}
  externalDns: {{}}
{gateway}"""


def _cluster_files(tmp_path: Path, version: str, gateway: str = "", **options: Any) -> Any:
    cluster = _write(tmp_path, "c.yaml", CLUSTER.format(version=version, gateway=gateway))
    app = _write(tmp_path, "a.yaml", APP.format(name="a", namespace="web", exposure=""))
    return render([cluster, app], **options)


def test_the_cluster_render_adds_classes_sources_and_notes_with_the_gateway_api(
    tmp_path: Path,
) -> None:
    result = _cluster_files(tmp_path, "3.5.0", api="gateway")
    classes = [yaml.safe_load(m.text) for m in result.manifests if m.kind == "GatewayClass"]
    assert [(c["metadata"]["name"], c["spec"]["controllerName"]) for c in classes] == [
        ("aws-alb", "gateway.k8s.aws/alb"),
        ("aws-nlb", "gateway.k8s.aws/nlb"),
    ]
    assert all(crd_errors(item) == [] for item in classes)
    assert "cluster/c/gatewayclasses.yaml" in result.files
    dns = yaml.safe_load(result.files["cluster/c/external-dns.values.yaml"])
    assert dns["sources"] == [
        "service",
        "ingress",
        "gateway-httproute",
        "gateway-grpcroute",
        "gateway-tlsroute",
        "gateway-tcproute",
        "gateway-udproute",
    ]
    controller = yaml.safe_load(result.files["cluster/c/aws-load-balancer-controller.values.yaml"])
    assert "controllerConfig" not in controller  # v3.2.0 and later: the gates are on
    (crds,) = [note for note in result.notes if "standard CRDs" in note]
    assert "v1.6.1/standard-install.yaml" in crds


def test_a_release_with_the_gates_off_gets_them_switched_on(tmp_path: Path) -> None:
    result = _cluster_files(tmp_path, "3.1.0", api="gateway")
    controller = yaml.safe_load(result.files["cluster/c/aws-load-balancer-controller.values.yaml"])
    assert controller["controllerConfig"] == {
        "featureGates": {"ALBGatewayAPI": True, "NLBGatewayAPI": True}
    }
    assert any("feature gates off by default" in note for note in result.notes)
    configs = [m for m in result.manifests if m.kind == "LoadBalancerConfiguration"]
    assert {m.api_version for m in configs} == {"gateway.k8s.aws/v1beta1"}


def test_without_the_gateway_api_the_cluster_render_is_unchanged(tmp_path: Path) -> None:
    result = _cluster_files(tmp_path, "3.1.0")
    assert "cluster/c/gatewayclasses.yaml" not in result.files
    dns = yaml.safe_load(result.files["cluster/c/external-dns.values.yaml"])
    assert dns["sources"] == ["service", "ingress"]
    assert not any("standard CRDs" in note for note in result.notes)


def test_class_names_come_from_the_cluster_spec(tmp_path: Path) -> None:
    names = "  gatewayApi: {albGatewayClassName: public-alb, nlbGatewayClassName: public-nlb}\n"
    result = _cluster_files(tmp_path, "3.5.0", names, api="gateway")
    classes = sorted(m.name for m in result.manifests if m.kind == "GatewayClass")
    assert classes == ["public-alb", "public-nlb"]
    (gateway,) = [yaml.safe_load(m.text) for m in result.manifests if m.kind == "Gateway"]
    assert gateway["spec"]["gatewayClassName"] == "public-alb"


def test_a_user_template_that_changes_a_gateway_object_is_caught(tmp_path: Path) -> None:
    from eksgen.render.templating import TemplateError

    folder = tmp_path / "templates" / "manifests"
    folder.mkdir(parents=True)
    bundled = (ROOT / "templates" / "manifests" / "_tree.yaml.j2").read_text(encoding="utf-8")
    tampered = bundled.replace("{{ value | num }}", "{{ (value + 1) | num }}")
    assert tampered != bundled
    (folder / "_tree.yaml.j2").write_text(tampered, encoding="utf-8")
    spec = str(ROOT / "examples" / "alb-shared.yaml")
    with pytest.raises(TemplateError, match="port"):
        render([spec], api="gateway", templates=tmp_path / "templates")


def test_the_bundled_gateway_templates_as_user_templates_render_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "manifests"
    folder.mkdir(parents=True)
    for name in ("_tree", "gateway", "httproute", "tcproute", "loadbalancerconfiguration"):
        source = ROOT / "templates" / "manifests" / f"{name}.yaml.j2"
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    specs = [str(ROOT / "examples" / "alb-shared.yaml"), str(ROOT / "examples" / "nlb-public.yaml")]
    own = render(specs, api="gateway", templates=tmp_path / "templates")
    assert own.stream == render(specs, api="gateway").stream


def test_helm_values_refuse_an_app_on_the_gateway_api(tmp_path: Path) -> None:
    from eksgen.api import RenderFormat

    spec = str(ROOT / "examples" / "alb-shared.yaml")
    with pytest.raises(InvalidInput) as raised:
        render([spec], api="gateway", format=RenderFormat.HELM_VALUES)
    (problem,) = raised.value.problems
    assert (problem.path, problem.line) == ("spec.exposure.type", 15)
    assert "--format manifests" in problem.message


def test_seventeen_routes_are_refused(tmp_path: Path) -> None:
    routes = ", ".join(f"{{path: /p{number}}}" for number in range(17))
    text = APP.format(name="many", namespace="web", exposure=", api: gateway").replace(
        "routes: [{path: /exact, pathType: Exact}, {path: /, pathType: Prefix}]",
        f"routes: [{routes}]",
    )
    with pytest.raises(InvalidInput) as raised:
        render([_write(tmp_path, "a.yaml", text)])
    (problem,) = raised.value.problems
    assert (problem.rule, problem.path) == ("EKS065", "spec.routes[16]")


def _admitted(listener: dict[str, Any], namespace: str, gateway_namespace: str) -> bool:
    """Whether a listener's allowedRoutes admit a route from this namespace."""
    namespaces = listener["allowedRoutes"]["namespaces"]
    if namespaces["from"] == "Same":
        return namespace == gateway_namespace
    assert namespaces["from"] == "Selector"  # never All
    (expression,) = namespaces["selector"]["matchExpressions"]
    assert expression["key"] == "kubernetes.io/metadata.name"
    return namespace in expression["values"]


def test_every_route_is_admitted_by_the_listeners_it_names(tmp_path: Path) -> None:
    paths = [
        _member(tmp_path, "cart", "team-b", order=", order: 1"),
        _member(tmp_path, "web", "team-a", order=", order: 2"),
        *(str(spec) for spec in APP_SPECS),
    ]
    objects = _objects(paths, api="gateway")
    gateways = {
        (g["metadata"]["namespace"], g["metadata"]["name"]): g for g in _by_kind(objects, "Gateway")
    }
    routes = [o for o in objects if o["kind"] in ("HTTPRoute", "TCPRoute", "UDPRoute")]
    assert len(routes) >= 8
    for route in routes:
        namespace = route["metadata"]["namespace"]
        for parent in route["spec"]["parentRefs"]:
            gateway = gateways[(parent.get("namespace", namespace), parent["name"])]
            (listener,) = [
                item
                for item in gateway["spec"]["listeners"]
                if item["name"] == parent["sectionName"]
            ]
            assert _admitted(listener, namespace, gateway["metadata"]["namespace"])


def test_dns_off_keeps_the_httproute_hostnames_from_external_dns(tmp_path: Path) -> None:
    text = APP.format(name="quiet", namespace="web", exposure=", api: gateway")
    spec = _write(tmp_path, "a.yaml", text + "  dns: {enabled: false}\n")
    (route,) = _by_kind(_objects([spec]), "HTTPRoute")
    assert route["metadata"]["annotations"] == {
        "external-dns.alpha.kubernetes.io/gateway-hostname-source": "annotation-only"
    }
    assert route["spec"]["hostnames"] == ["quiet.example.com"]  # the ALB still routes them
    with pytest.raises(InvalidInput) as raised:
        render([spec], external_dns_version="0.20.0")
    (problem,) = raised.value.problems
    assert problem.rule == "EKS041" and "gateway-hostname-source" in problem.message


def test_group_namespace_places_the_shared_gateway(tmp_path: Path) -> None:
    paths = [
        _member(tmp_path, "cart", "team-b", order=", order: 1, namespace: edge"),
        _member(tmp_path, "web", "team-a", order=", order: 2"),
    ]
    result = render(paths)
    objects = [yaml.safe_load(m.text) for m in result.manifests]
    (gateway,) = _by_kind(objects, "Gateway")
    assert (gateway["metadata"]["namespace"], gateway["metadata"]["name"]) == ("edge", "shop")
    (listener, _) = gateway["spec"]["listeners"]
    expression = listener["allowedRoutes"]["namespaces"]["selector"]["matchExpressions"][0]
    assert expression["values"] == ["team-a", "team-b"]  # the members', not edge
    routes = {r["metadata"]["name"]: r for r in _by_kind(objects, "HTTPRoute")}
    assert routes["cart"]["spec"]["parentRefs"][0]["namespace"] == "edge"
    assert routes["shop-redirect"]["metadata"]["namespace"] == "edge"
    assert sorted(name for name in result.files if name.startswith("edge/")) == [
        "edge/shop/gateway.yaml",
        "edge/shop/httproute-redirect.yaml",
        "edge/shop/kustomization.yaml",
        "edge/shop/loadbalancerconfiguration.yaml",
    ]


def test_group_namespace_with_the_ingress_api_is_a_warning(tmp_path: Path) -> None:
    text = GROUP_MEMBER.format(
        name="api",
        namespace="shop",
        order=", namespace: edge",
        tag="a: b",
        arn=ARN + "a",
        redirect="",
    ).replace("    api: gateway\n", "")
    result = check_paths([_write(tmp_path, "a.yaml", text)])
    (problem,) = [p for p in result.problems if p.rule == "EKS209"]
    assert problem.path == "spec.exposure.group.namespace"
    assert "does nothing" in problem.message


def test_a_shared_gateway_whose_members_disagree_on_the_scheme_is_refused(tmp_path: Path) -> None:
    """The IngressGroup conflicts (EKS201) hold for a shared Gateway as for shared Ingresses."""
    public = _member(tmp_path, "cart", "shop")
    internal = _member(tmp_path, "web", "shop")
    text = Path(internal).read_text().replace("scheme: internet-facing", "scheme: internal")
    Path(internal).write_text(text)
    with pytest.raises(InvalidInput) as raised:
        render([public, internal])
    rules = {(p.rule, p.path) for p in raised.value.problems}
    assert ("EKS201", "spec.exposure.scheme") in rules
    (problem,) = [p for p in raised.value.problems if p.rule == "EKS201"]
    # Worded for the Gateway: one LoadBalancerConfiguration holds the scheme, not Ingresses.
    assert problem.message.startswith("shared Gateway 'shop' (group.name), scheme:")
    assert "one LoadBalancerConfiguration" in problem.message
    assert "IngressGroup" not in problem.message
    for path in (public, internal):
        Path(path).write_text(Path(path).read_text().replace("api: gateway", "api: ingress"))
    (problem,) = [p for p in check_paths([public, internal]).problems if p.rule == "EKS201"]
    assert problem.message.startswith("IngressGroup 'shop', scheme:")


def test_group_order_and_route_conflicts_on_a_shared_gateway_name_its_precedence(
    tmp_path: Path,
) -> None:
    paths = [_member(tmp_path, name, "shop", order=", order: 1") for name in ("cart", "web")]
    for path in paths:  # one host: both route / on it
        text = Path(path).read_text().replace("cart.example", "shop.example")
        Path(path).write_text(text.replace("web.example", "shop.example"))
    found = {p.rule: p.message for p in check_paths(paths).problems if p.rule.startswith("EKS20")}
    assert "the Gateway API has no group.order" in found["EKS202"]
    assert "to the oldest route" in found["EKS201"]


def test_the_command_line_takes_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eksgen.cli.app import run

    spec = str(ROOT / "examples" / "alb-shared.yaml")
    assert run(["render", "--api", "gateway", spec, "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "web" / "my-app" / "gateway.yaml").is_file()
    assert run(["validate", "--api", "gateway", spec]) == 0
    assert run(["plan", "--api", "gateway", spec]) == 0
    capsys.readouterr()
    assert run(["render", "--api", "gatewy", spec]) == 2
    assert "'gatewy' is not one of 'ingress', 'gateway'" in capsys.readouterr().err


@pytest.mark.parametrize("spec", APP_SPECS, ids=lambda path: path.stem)
def test_the_rule_count_is_each_routes_matches_times_its_hostnames(spec: Path) -> None:
    """EKS205's count on the Gateway API is what the rendered HTTPRoutes give the controller.

    The controller makes an ALB rule of each match for each hostname of the route (one for
    a route without hostnames); the Gateway's redirect route is the HTTP listener's.
    """
    from eksgen.model.gateways import gateway_rule_count

    checked = check_paths([str(spec)], api="gateway")
    objects = _objects([str(spec)], api="gateway")
    for app in checked.apps:
        if app.exposure.type != "alb":
            continue
        routes = [
            route
            for route in _by_kind(objects, "HTTPRoute") + _by_kind(objects, "GRPCRoute")
            if route["metadata"]["namespace"] == app.namespace
            and route["metadata"]["labels"].get("app.kubernetes.io/name") == app.name
            and not route["metadata"]["name"].endswith("-redirect")
        ]
        made = sum(
            len(rule.get("matches") or [{}]) * max(len(route["spec"].get("hostnames", [])), 1)
            for route in routes
            for rule in route["spec"]["rules"]
        )
        assert gateway_rule_count(app) == made, app.name
