"""render --templates DIR: a user template that changes what the spec says is caught.

Each case copies one bundled template, changes it with a single str.replace (asserted to
apply), renders an example through the real command line with -o OUT, and expects exit 1,
one message naming the object, the field, what was expected and what was found, and no
OUT. Controls: templates that only add fields render, and the bundled templates copied
into DIR render byte-identical to a render without --templates.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from eksgen.cli.app import run

TEMPLATES = ROOT / "templates"
FIXTURES = Path(__file__).resolve().parent / "read_back"

ALB = EXAMPLES / "alb-shared.yaml"  # Service and Ingress web/my-app: TLS, group, DNS
NLB = EXAMPLES / "nlb-public.yaml"  # Service production/my-app: NLB, TLS, subnets
DB = EXAMPLES / "db-access.yaml"  # SecurityGroupPolicy and Service production/orders-api
INTERNAL = EXAMPLES / "internal-instance.yaml"  # internal-tools/reports: two ports, two paths
CLUSTER = EXAMPLES / "cluster.yaml"  # my-cluster: add-on values files and two ENIConfigs
ALB_TTL = FIXTURES / "alb-ttl.yaml"  # ALB above with dns.ttl: 300
RANGES = FIXTURES / "nlb-ranges.yaml"  # Service edge/api: NLB, source ranges, TLS, DNS

SERVICE = "manifests/service.yaml.j2"
INGRESS = "manifests/ingress.yaml.j2"
METADATA = "manifests/_metadata.yaml.j2"
SGP = "manifests/securitygrouppolicy.yaml.j2"
CONTROLLER = "cluster/aws-load-balancer-controller.values.yaml.j2"
DNS = "cluster/external-dns.values.yaml.j2"
CNI = "cluster/aws-vpc-cni.values.yaml.j2"
ENI = "cluster/eniconfig.yaml.j2"
HELM = "helm-values/values.yaml.j2"

ALB_PREFIX = "alb.ingress.kubernetes.io/"
NLB_PREFIX = "service.beta.kubernetes.io/aws-load-balancer-"
DNS_HOSTNAME = "external-dns.alpha.kubernetes.io/hostname"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
LEGACY_POLICY = "ELBSecurityPolicy-2016-08"
OTHER_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/other"


@dataclass(frozen=True)
class Tamper:
    """One change to one bundled template: replace old (found exactly once) by new."""

    template: str
    old: str
    new: str


_NOTHING = object()


@dataclass(frozen=True)
class Reads:
    """What the error message says after the object's label."""

    path: str
    text: str
    expected: Any = _NOTHING
    found: Any = _NOTHING


def mismatch(path: str, found: Any, expected: Any) -> Reads:
    return Reads(path, f"{path} reads back as {found!r}, expected {expected!r}", expected, found)


def missing(path: str, expected: Any) -> Reads:
    return Reads(path, f"{path} is missing, expected {expected!r}", expected=expected)


def extra(path: str, found: Any) -> Reads:
    return Reads(path, f"{path} reads back as {found!r}, expected no such field", found=found)


def annotation(key: str) -> str:
    return f'metadata.annotations["{key}"]'


# The annotations loop of _metadata.yaml.j2 (labels have their own loop above it).
_ANNOTATIONS_LOOP = "{%- for key, value in annotations %}"
_ANNOTATION_LINE = _ANNOTATIONS_LOOP + "\n    {{ key | q }}: {{ value | q }}"
_ANNOTATIONS_END = "{%- endfor %}\n{%- endif %}"


def change_annotation(key: str, value: str) -> Tamper:
    new = (
        _ANNOTATIONS_LOOP
        + f"\n    {{{{ key | q }}}}: {{{{ ({value!r} if key == {key!r} else value) | q }}}}"
    )
    return Tamper(METADATA, _ANNOTATION_LINE, new)


def drop_annotation(key: str) -> Tamper:
    return Tamper(
        METADATA, _ANNOTATIONS_LOOP, f"{{%- for key, value in annotations if key != {key!r} %}}"
    )


def add_annotation(key: str, value: str) -> Tamper:
    line = f"\n    {{{{ {key!r} | q }}}}: {{{{ {value!r} | q }}}}"
    return Tamper(METADATA, _ANNOTATIONS_END, "{%- endfor %}" + line + "\n{%- endif %}")


def case(
    name: str,
    spec: Path,
    tamper: Tamper,
    label: str,
    reads: Reads,
    *args: str,
    marks: Any = (),
) -> Any:
    return pytest.param(spec, tamper, label, reads, args, id=name, marks=marks)


def tampered(tmp_path: Path, tamper: Tamper) -> Path:
    """A templates folder holding the bundled template with the one change applied."""
    bundled = (TEMPLATES / tamper.template).read_text(encoding="utf-8")
    assert bundled.count(tamper.old) == 1, f"{tamper.old!r} is not once in {tamper.template}"
    text = bundled.replace(tamper.old, tamper.new)
    assert text != bundled
    folder = tmp_path / "templates"
    target = folder / tamper.template
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    return folder


def render(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = run(["render", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


SERVICE_CASES = [
    case(
        "service-type",
        ALB,
        Tamper(SERVICE, "type: {{ service_type }}", "type: NodePort"),
        "Service web/my-app",
        mismatch("spec.type", "NodePort", "ClusterIP"),
    ),
    case(
        "service-type-nlb",
        NLB,
        Tamper(SERVICE, "type: {{ service_type }}", "type: ClusterIP"),
        "Service production/my-app",
        mismatch("spec.type", "ClusterIP", "LoadBalancer"),
    ),
    case(
        "service-selector-value",
        NLB,
        Tamper(
            SERVICE,
            "    {{ key | q }}: {{ value | q }}",
            "    {{ key | q }}: {{ (value ~ '-canary') | q }}",
        ),
        "Service production/my-app",
        mismatch("spec.selector.app", "my-app-canary", "my-app"),
    ),
    case(
        "service-selector-added-key",
        NLB,
        Tamper(SERVICE, "{%- endfor %}\n  ports:", "{%- endfor %}\n    tier: web\n  ports:"),
        "Service production/my-app",
        extra("spec.selector.tier", "web"),
    ),
    case(
        "service-selector-dropped",
        NLB,
        Tamper(
            SERVICE,
            "{%- for key, value in selector %}",
            "{%- for key, value in selector if false %}",
        ),
        "Service production/my-app",
        mismatch("spec.selector", None, {"app": "my-app"}),
    ),
    case(
        "service-port",
        ALB,
        Tamper(SERVICE, "port: {{ port.port | num }}", "port: {{ (port.port + 1) | num }}"),
        "Service web/my-app",
        mismatch("spec.ports[0].port", 81, 80),
    ),
    case(
        "service-targetPort",
        ALB,
        Tamper(SERVICE, "targetPort: {{ port.target | scalar }}", "targetPort: 9090"),
        "Service web/my-app",
        mismatch("spec.ports[0].targetPort", 9090, 8080),
    ),
    case(
        "service-targetPort-quoted",
        NLB,
        Tamper(
            SERVICE, "targetPort: {{ port.target | scalar }}", "targetPort: '{{ port.target }}'"
        ),
        "Service production/my-app",
        mismatch("spec.ports[0].targetPort", "8080", 8080),
    ),
    case(
        "service-protocol",
        ALB,
        Tamper(SERVICE, "protocol: {{ port.protocol | q }}", "protocol: UDP"),
        "Service web/my-app",
        mismatch("spec.ports[0].protocol", "UDP", "TCP"),
    ),
    case(
        "service-port-name",
        ALB,
        Tamper(SERVICE, "name: {{ port.name | q }}", "name: web"),
        "Service web/my-app",
        mismatch("spec.ports[0].name", "web", "http"),
    ),
    case(
        "service-port-name-dropped",
        ALB,
        Tamper(SERVICE, "{% if port.name %}", "{% if false %}"),
        "Service web/my-app",
        missing("spec.ports[0].name", "http"),
    ),
    case(
        "service-second-port",
        INTERNAL,
        Tamper(
            SERVICE, "targetPort: {{ port.target | scalar }}", "targetPort: {{ 8080 | scalar }}"
        ),
        "Service internal-tools/reports",
        mismatch("spec.ports[1].targetPort", 8080, 9090),
    ),
    case(
        "service-port-dropped",
        INTERNAL,
        Tamper(SERVICE, "{%- for port in ports %}", "{%- for port in ports[:1] %}"),
        "Service internal-tools/reports",
        mismatch(
            "spec.ports",
            [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}],
            [
                {"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"},
                {"name": "admin", "port": 9090, "targetPort": 9090, "protocol": "TCP"},
            ],
        ),
    ),
    case(
        "service-sourceRanges-changed",
        RANGES,
        Tamper(SERVICE, "    - {{ cidr | q }}", "    - '0.0.0.0/0'"),
        "Service edge/api",
        mismatch("spec.loadBalancerSourceRanges[0]", "0.0.0.0/0", "203.0.113.0/24"),
    ),
    case(
        "service-sourceRanges-dropped",
        RANGES,
        Tamper(SERVICE, "{%- if source_ranges %}", "{%- if false %}"),
        "Service edge/api",
        missing("spec.loadBalancerSourceRanges", ["203.0.113.0/24", "198.51.100.0/24"]),
    ),
    case(
        "service-sourceRange-dropped-one",
        RANGES,
        Tamper(SERVICE, "for cidr in source_ranges %}", "for cidr in source_ranges[:1] %}"),
        "Service edge/api",
        mismatch(
            "spec.loadBalancerSourceRanges",
            ["203.0.113.0/24"],
            ["203.0.113.0/24", "198.51.100.0/24"],
        ),
    ),
]

_ROUTE = "spec.rules[0].http.paths[0]"
INGRESS_CASES = [
    case(
        "ingress-className",
        ALB,
        Tamper(INGRESS, "ingressClassName: {{ ingress_class | q }}", "ingressClassName: nginx"),
        "Ingress web/my-app",
        mismatch("spec.ingressClassName", "nginx", "alb"),
    ),
    case(
        "ingress-host",
        ALB,
        Tamper(INGRESS, "host: {{ rule.host | q }}", "host: {{ ('www.' ~ rule.host) | q }}"),
        "Ingress web/my-app",
        mismatch("spec.rules[0].host", "www.app.example.com", "app.example.com"),
    ),
    case(
        "ingress-host-dropped",
        ALB,
        Tamper(INGRESS, "{% if rule.host %}", "{% if false %}"),
        "Ingress web/my-app",
        missing("spec.rules[0].host", "app.example.com"),
    ),
    case(
        "ingress-path",
        ALB,
        Tamper(INGRESS, "path: {{ path.path | q }}", "path: {{ (path.path ~ 'shop') | q }}"),
        "Ingress web/my-app",
        mismatch(f"{_ROUTE}.path", "/shop", "/"),
    ),
    case(
        "ingress-pathType",
        ALB,
        Tamper(INGRESS, "pathType: {{ path.path_type | q }}", "pathType: Exact"),
        "Ingress web/my-app",
        mismatch(f"{_ROUTE}.pathType", "Exact", "Prefix"),
    ),
    case(
        "ingress-backend-name",
        ALB,
        Tamper(INGRESS, "name: {{ path.backend | q }}", "name: other-app"),
        "Ingress web/my-app",
        mismatch(f"{_ROUTE}.backend.service.name", "other-app", "my-app"),
    ),
    case(
        "ingress-backend-port",
        INTERNAL,
        Tamper(INGRESS, "number: {{ path.port | num }}", "number: 80"),
        "Ingress internal-tools/reports",
        mismatch("spec.rules[0].http.paths[1].backend.service.port.number", 80, 9090),
    ),
    case(
        "ingress-backend-port-quoted",
        ALB,
        Tamper(INGRESS, "number: {{ path.port | num }}", "number: '{{ path.port }}'"),
        "Ingress web/my-app",
        mismatch(f"{_ROUTE}.backend.service.port.number", "80", 80),
    ),
    case(
        "ingress-path-dropped",
        INTERNAL,
        Tamper(INGRESS, "{%- for path in rule.paths %}", "{%- for path in rule.paths[:1] %}"),
        "Ingress internal-tools/reports",
        mismatch(
            "spec.rules[0].http.paths",
            [
                {
                    "path": "/",
                    "pathType": "Prefix",
                    "backend": {"service": {"name": "reports", "port": {"number": 80}}},
                }
            ],
            [
                {
                    "path": "/",
                    "pathType": "Prefix",
                    "backend": {"service": {"name": "reports", "port": {"number": 80}}},
                },
                {
                    "path": "/admin",
                    "pathType": "Prefix",
                    "backend": {"service": {"name": "reports", "port": {"number": 9090}}},
                },
            ],
        ),
    ),
]


def _ingress_changed(name: str, key: str, value: str, expected: str, spec: Path = ALB) -> Any:
    label = "Ingress web/my-app" if spec in (ALB, ALB_TTL) else "Ingress internal-tools/reports"
    return case(
        f"ingress-annotation-changed-{name}",
        spec,
        change_annotation(key, value),
        label,
        mismatch(annotation(key), value, expected),
    )


def _ingress_dropped(name: str, key: str, expected: str) -> Any:
    return case(
        f"ingress-annotation-removed-{name}",
        ALB,
        drop_annotation(key),
        "Ingress web/my-app",
        missing(annotation(key), expected),
    )


def _nlb_changed(name: str, key: str, value: str, expected: str, spec: Path = NLB) -> Any:
    label = "Service production/my-app" if spec == NLB else "Service edge/api"
    return case(
        f"nlb-annotation-changed-{name}",
        spec,
        change_annotation(key, value),
        label,
        mismatch(annotation(key), value, expected),
    )


def _nlb_dropped(name: str, key: str, expected: str, spec: Path = NLB) -> Any:
    label = "Service production/my-app" if spec == NLB else "Service edge/api"
    return case(
        f"nlb-annotation-removed-{name}",
        spec,
        drop_annotation(key),
        label,
        missing(annotation(key), expected),
    )


ANNOTATION_CASES = [
    _ingress_changed(
        "certificate-arn", ALB_PREFIX + "certificate-arn", OTHER_CERTIFICATE, CERTIFICATE
    ),
    _ingress_changed("ssl-policy", ALB_PREFIX + "ssl-policy", LEGACY_POLICY, TLS_POLICY),
    _ingress_changed(
        "listen-ports", ALB_PREFIX + "listen-ports", '[{"HTTP":80}]', '[{"HTTP":80},{"HTTPS":443}]'
    ),
    _ingress_changed("ssl-redirect", ALB_PREFIX + "ssl-redirect", "8443", "443"),
    _ingress_changed("group.name", ALB_PREFIX + "group.name", "other-alb", "shared-alb"),
    _ingress_changed("scheme", ALB_PREFIX + "scheme", "internal", "internet-facing"),
    _ingress_changed("target-type", ALB_PREFIX + "target-type", "instance", "ip"),
    _ingress_changed("healthcheck-path", ALB_PREFIX + "healthcheck-path", "/", "/healthz"),
    _ingress_changed(
        "inbound-cidrs", ALB_PREFIX + "inbound-cidrs", "0.0.0.0/0", "10.0.0.0/8", INTERNAL
    ),
    _ingress_changed("dns-hostname", DNS_HOSTNAME, "www.example.com", "app.example.com"),
    _ingress_changed("dns-ttl", "external-dns.alpha.kubernetes.io/ttl", "60", "300", ALB_TTL),
    _ingress_dropped("certificate-arn", ALB_PREFIX + "certificate-arn", CERTIFICATE),
    _ingress_dropped("ssl-policy", ALB_PREFIX + "ssl-policy", TLS_POLICY),
    _ingress_dropped("listen-ports", ALB_PREFIX + "listen-ports", '[{"HTTP":80},{"HTTPS":443}]'),
    _ingress_dropped("ssl-redirect", ALB_PREFIX + "ssl-redirect", "443"),
    _ingress_dropped("group.name", ALB_PREFIX + "group.name", "shared-alb"),
    _ingress_dropped("dns-hostname", DNS_HOSTNAME, "app.example.com"),
    case(
        "ingress-annotation-added",
        ALB,
        add_annotation(ALB_PREFIX + "wafv2-acl-arn", "arn:aws:wafv2:x"),
        "Ingress web/my-app",
        extra(annotation(ALB_PREFIX + "wafv2-acl-arn"), "arn:aws:wafv2:x"),
    ),
    case(
        "ingress-annotation-added-inbound-cidrs",
        ALB,
        add_annotation(ALB_PREFIX + "inbound-cidrs", "10.0.0.0/8"),
        "Ingress web/my-app",
        extra(annotation(ALB_PREFIX + "inbound-cidrs"), "10.0.0.0/8"),
    ),
    _nlb_changed("ssl-cert", NLB_PREFIX + "ssl-cert", OTHER_CERTIFICATE, CERTIFICATE),
    _nlb_changed("ssl-ports", NLB_PREFIX + "ssl-ports", "443,8443", "443"),
    _nlb_changed(
        "ssl-negotiation-policy", NLB_PREFIX + "ssl-negotiation-policy", LEGACY_POLICY, TLS_POLICY
    ),
    _nlb_changed("type", NLB_PREFIX + "type", "nlb", "external"),
    _nlb_changed("nlb-target-type", NLB_PREFIX + "nlb-target-type", "instance", "ip"),
    _nlb_changed("scheme", NLB_PREFIX + "scheme", "internal", "internet-facing"),
    _nlb_changed("subnets", NLB_PREFIX + "subnets", "subnet-aaa", "subnet-aaa,subnet-bbb"),
    _nlb_changed("dns-hostname", DNS_HOSTNAME, "www.example.com", "api.example.com", RANGES),
    _nlb_dropped("ssl-cert", NLB_PREFIX + "ssl-cert", CERTIFICATE),
    _nlb_dropped("ssl-ports", NLB_PREFIX + "ssl-ports", "443"),
    _nlb_dropped("type", NLB_PREFIX + "type", "external"),
    _nlb_dropped("dns-hostname", DNS_HOSTNAME, "api.example.com", RANGES),
    case(
        "nlb-annotation-added",
        NLB,
        add_annotation(NLB_PREFIX + "proxy-protocol", "*"),
        "Service production/my-app",
        extra(annotation(NLB_PREFIX + "proxy-protocol"), "*"),
    ),
    case(
        "nlb-annotation-added-dns-hostname",
        NLB,
        add_annotation(DNS_HOSTNAME, "www.example.com"),
        "Service production/my-app",
        extra(annotation(DNS_HOSTNAME), "www.example.com"),
    ),
    case(
        "nlb-annotation-added-source-ranges",
        RANGES,
        add_annotation(NLB_PREFIX + "source-ranges", "0.0.0.0/0"),
        "Service edge/api",
        extra(annotation(NLB_PREFIX + "source-ranges"), "0.0.0.0/0"),
    ),
]

_LABEL_LINE = "{%- for key, value in labels %}\n    {{ key | q }}: {{ value | q }}"
METADATA_CASES = [
    case(
        "metadata-name",
        ALB,
        Tamper(METADATA, "name: {{ name | q }}", "name: {{ (name ~ '-v2') | q }}"),
        "Service web/my-app",
        mismatch("metadata.name", "my-app-v2", "my-app"),
    ),
    case(
        "metadata-name-securitygrouppolicy",
        DB,
        Tamper(METADATA, "name: {{ name | q }}", "name: {{ (name ~ '-v2') | q }}"),
        "SecurityGroupPolicy production/orders-api",
        mismatch("metadata.name", "orders-api-v2", "orders-api"),
    ),
    case(
        "metadata-namespace",
        ALB,
        Tamper(METADATA, "namespace: {{ namespace | q }}", "namespace: default"),
        "Service web/my-app",
        mismatch("metadata.namespace", "default", "web"),
    ),
    case(
        "metadata-label-value",
        ALB,
        Tamper(
            METADATA,
            _LABEL_LINE,
            "{%- for key, value in labels %}\n    {{ key | q }}: {{ ('checkout' if key == 'team' else value) | q }}",
        ),
        "Service web/my-app",
        mismatch("metadata.labels.team", "checkout", "storefront"),
    ),
    case(
        "metadata-label-dropped",
        ALB,
        Tamper(
            METADATA,
            "{%- for key, value in labels %}",
            "{%- for key, value in labels if key != 'app.kubernetes.io/managed-by' %}",
        ),
        "Service web/my-app",
        missing('metadata.labels["app.kubernetes.io/managed-by"]', "eksgen"),
    ),
]

SECURITY_GROUP_POLICY_CASES = [
    case(
        "sgp-matchLabels-value",
        DB,
        Tamper(
            SGP, "      {{ key | q }}: {{ value | q }}", "      {{ key | q }}: {{ 'false' | q }}"
        ),
        "SecurityGroupPolicy production/orders-api",
        mismatch("spec.podSelector.matchLabels.db-access", "false", "true"),
    ),
    case(
        "sgp-matchLabels-added-key",
        DB,
        Tamper(SGP, "{%- endfor %}\n{%- else %}", "{%- endfor %}\n      tier: api\n{%- else %}"),
        "SecurityGroupPolicy production/orders-api",
        extra("spec.podSelector.matchLabels.tier", "api"),
    ),
    case(
        "sgp-matchLabels-emptied",
        DB,
        Tamper(SGP, "{%- if pod_selector %}", "{%- if false %}"),
        "SecurityGroupPolicy production/orders-api",
        missing("spec.podSelector.matchLabels.db-access", "true"),
    ),
    case(
        "sgp-groupIds",
        DB,
        Tamper(SGP, "      - {{ group_id | q }}", "      - sg-0fffffffffffffff0"),
        "SecurityGroupPolicy production/orders-api",
        mismatch("spec.securityGroups.groupIds[0]", "sg-0fffffffffffffff0", "sg-0123456789abcdef0"),
    ),
    case(
        "sgp-groupIds-added",
        DB,
        Tamper(
            SGP,
            "      - {{ group_id | q }}",
            "      - {{ group_id | q }}\n      - sg-0fffffffffffffff0",
        ),
        "SecurityGroupPolicy production/orders-api",
        mismatch(
            "spec.securityGroups.groupIds",
            ["sg-0123456789abcdef0", "sg-0fffffffffffffff0"],
            ["sg-0123456789abcdef0"],
        ),
    ),
]

_FILES = "cluster/my-cluster/"
_ROLE = 'serviceAccount.annotations["eks.amazonaws.com/role-arn"]'
_CNI_LINE = "env:\n{%- for key, value in env %}\n  {{ key | q }}: {{ value | q }}"
CLUSTER_CASES = [
    case(
        "controller-values-changed",
        CLUSTER,
        Tamper(CONTROLLER, "replicaCount: {{ controller.replicas | num }}", "replicaCount: 1"),
        _FILES + "aws-load-balancer-controller.values.yaml",
        mismatch("replicaCount", 1, 2),
    ),
    case(
        "controller-values-ssl-policy",
        CLUSTER,
        Tamper(
            CONTROLLER,
            "defaultSSLPolicy: {{ controller.default_ssl_policy | q }}",
            f"defaultSSLPolicy: {LEGACY_POLICY}",
        ),
        _FILES + "aws-load-balancer-controller.values.yaml",
        mismatch("defaultSSLPolicy", LEGACY_POLICY, TLS_POLICY),
    ),
    case(
        "controller-values-role-arn",
        CLUSTER,
        Tamper(
            CONTROLLER,
            "role-arn: {{ controller.role_arn | q }}",
            "role-arn: 'arn:aws:iam::123456789012:role/admin'",
        ),
        _FILES + "aws-load-balancer-controller.values.yaml",
        mismatch(
            _ROLE,
            "arn:aws:iam::123456789012:role/admin",
            "arn:aws:iam::123456789012:role/aws-lbc-role",
        ),
    ),
    case(
        "controller-values-added-key",
        CLUSTER,
        Tamper(
            CONTROLLER,
            "createIngressClassResource: true\n",
            "createIngressClassResource: true\nenableShield: false\n",
        ),
        _FILES + "aws-load-balancer-controller.values.yaml",
        extra("enableShield", False),
    ),
    case(
        "external-dns-values-changed",
        CLUSTER,
        Tamper(DNS, "policy: {{ dns.policy | q }}", "policy: sync"),
        _FILES + "external-dns.values.yaml",
        mismatch("policy", "sync", "upsert-only"),
    ),
    case(
        "external-dns-values-zone-id",
        CLUSTER,
        Tamper(DNS, "    - {{ zone | q }}", "    - Z9999999999"),
        _FILES + "external-dns.values.yaml",
        mismatch("extraArgs.zone-id-filter[0]", "Z9999999999", "Z0123456789ABCDEFGHIJ"),
    ),
    case(
        "external-dns-values-added-key",
        CLUSTER,
        Tamper(DNS, "registry: txt\n", "registry: txt\ntxtPrefix: eksgen-\n"),
        _FILES + "external-dns.values.yaml",
        extra("txtPrefix", "eksgen-"),
    ),
    case(
        "vpc-cni-values-changed",
        CLUSTER,
        Tamper(
            CNI,
            _CNI_LINE,
            "env:\n{%- for key, value in env %}\n  {{ key | q }}: {{ ('2' if key == 'WARM_PREFIX_TARGET' else value) | q }}",
        ),
        _FILES + "aws-vpc-cni.values.yaml",
        mismatch("env.WARM_PREFIX_TARGET", "2", "1"),
    ),
    case(
        "vpc-cni-values-unquoted",
        CLUSTER,
        Tamper(CNI, _CNI_LINE, "env:\n{%- for key, value in env %}\n  {{ key | q }}: {{ value }}"),
        _FILES + "aws-vpc-cni.values.yaml",
        mismatch("env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", True, "true"),
    ),
    case(
        "vpc-cni-values-added-key",
        CLUSTER,
        Tamper(
            CNI,
            "{%- endfor %}\n{%- if registry %}",
            "{%- endfor %}\n  WARM_IP_TARGET: '5'\n{%- if registry %}",
        ),
        _FILES + "aws-vpc-cni.values.yaml",
        extra("env.WARM_IP_TARGET", "5"),
    ),
    case(
        "vpc-cni-values-init-dropped",
        CLUSTER,
        Tamper(CNI, "{%- if init_env %}\n  env:", "{%- if false %}\n  env:"),
        _FILES + "aws-vpc-cni.values.yaml",
        missing("init.env", {"DISABLE_TCP_EARLY_DEMUX": "true"}),
    ),
    case(
        "eniconfig-subnet",
        CLUSTER,
        Tamper(ENI, "subnet: {{ subnet | q }}", "subnet: subnet-0ccc"),
        "ENIConfig us-east-1a",
        mismatch("spec.subnet", "subnet-0ccc", "subnet-0aaa"),
    ),
    case(
        "eniconfig-label",
        CLUSTER,
        Tamper(ENI, "    {{ key | q }}: {{ value | q }}", "    {{ key | q }}: helm"),
        "ENIConfig us-east-1a",
        mismatch('metadata.labels["app.kubernetes.io/managed-by"]', "helm", "eksgen"),
    ),
    case(
        "eniconfig-name",
        CLUSTER,
        Tamper(ENI, "name: {{ name | q }}", "name: {{ (name ~ '-x') | q }}"),
        "ENIConfig us-east-1a",
        mismatch("metadata.name", "us-east-1a-x", "us-east-1a"),
    ),
    case(
        "eniconfig-annotation-added",
        CLUSTER,
        Tamper(ENI, "spec:\n", "  annotations:\n    owner: platform\nspec:\n"),
        "ENIConfig us-east-1a",
        extra("metadata.annotations.owner", "platform"),
    ),
    case(
        "eniconfig-securityGroups",
        CLUSTER,
        Tamper(ENI, "    - {{ group_id | q }}", "    - sg-0fffffffffffffff0"),
        "ENIConfig us-east-1a",
        mismatch("spec.securityGroups[0]", "sg-0fffffffffffffff0", "sg-0123456789abcdef0"),
    ),
]

_HELM = ("--format", "helm-values")
HELM_CASES = [
    case(
        "helm-values-changed",
        NLB,
        Tamper(HELM, "port: {{ values.service.port | num }}", "port: 8443"),
        "production/my-app/values.yaml",
        mismatch("service.port", 8443, 443),
        *_HELM,
    ),
    case(
        "helm-values-targetPort",
        NLB,
        Tamper(HELM, "targetPort: {{ port.targetPort | scalar }}", "targetPort: 9090"),
        "production/my-app/values.yaml",
        mismatch("service.ports[0].targetPort", 9090, 8080),
        *_HELM,
    ),
    case(
        "helm-values-annotation-removed",
        NLB,
        Tamper(
            HELM,
            "{%- for key, value in values.service.annotations.items() %}",
            "{%- for key, value in values.service.annotations.items() if 'ssl-cert' not in key %}",
        ),
        "production/my-app/values.yaml",
        missing(f'service.annotations["{NLB_PREFIX}ssl-cert"]', CERTIFICATE),
        *_HELM,
    ),
    case(
        "helm-values-className",
        ALB,
        Tamper(HELM, "className: {{ values.ingress.className | q }}", "className: nginx"),
        "web/my-app/values.yaml",
        mismatch("ingress.className", "nginx", "alb"),
        *_HELM,
    ),
    case(
        "helm-values-groupIds",
        DB,
        Tamper(HELM, "    - {{ group_id | q }}", "    - sg-0fffffffffffffff0"),
        "production/orders-api/values.yaml",
        mismatch("securityGroupPolicy.groupIds[0]", "sg-0fffffffffffffff0", "sg-0123456789abcdef0"),
        *_HELM,
    ),
    case(
        "helm-values-added-key",
        NLB,
        Tamper(
            HELM,
            "fullnameOverride: {{ values.fullnameOverride | q }}\n",
            "fullnameOverride: {{ values.fullnameOverride | q }}\nreplicaCount: 2\n",
        ),
        "production/my-app/values.yaml",
        extra("replicaCount", 2),
        *_HELM,
    ),
    case(
        "helm-values-added-nested-key",
        NLB,
        Tamper(
            HELM,
            "  type: {{ values.service.type | q }}",
            "  type: {{ values.service.type | q }}\n  nodePort: 30080",
        ),
        "production/my-app/values.yaml",
        extra("service.nodePort", 30080),
        *_HELM,
    ),
]


@pytest.mark.parametrize(
    ("spec", "tamper", "label", "reads", "args"),
    [
        *SERVICE_CASES,
        *INGRESS_CASES,
        *ANNOTATION_CASES,
        *METADATA_CASES,
        *SECURITY_GROUP_POLICY_CASES,
        *CLUSTER_CASES,
        *HELM_CASES,
    ],
)
def test_a_template_that_changes_a_field_fails_the_render(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    spec: Path,
    tamper: Tamper,
    label: str,
    reads: Reads,
    args: tuple[str, ...],
) -> None:
    folder = tampered(tmp_path, tamper)
    out = tmp_path / "out"
    code, stdout, err = render(capsys, spec, "--templates", folder, "-o", out, *args)
    assert code == 1, err
    assert f"eksgen: error: {label}: " in err
    assert reads.path in err
    if reads.expected is not _NOTHING:
        assert f"expected {reads.expected!r}" in err
    if reads.found is not _NOTHING:
        assert repr(reads.found) in err
    assert err == f"eksgen: error: {label}: {reads.text} (from a template in {folder})\n"
    assert stdout == ""
    assert not out.exists()
    assert [path.name for path in tmp_path.iterdir()] == ["templates"]  # no staging left


@pytest.mark.parametrize(
    ("spec", "tamper", "written", "shows"),
    [
        pytest.param(
            NLB,
            Tamper(SERVICE, "spec:\n  type:", "spec:\n  externalTrafficPolicy: Cluster\n  type:"),
            "production/my-app/service.yaml",
            "\n  externalTrafficPolicy: Cluster\n",
            id="service-externalTrafficPolicy",
        ),
        pytest.param(
            ALB,
            Tamper(
                METADATA,
                "{%- endfor %}\n{%- if annotations %}",
                "{%- endfor %}\n    tier: frontend\n{%- if annotations %}",
            ),
            "web/my-app/ingress.yaml",
            "\n    tier: frontend\n",
            id="added-label",
        ),
        pytest.param(
            CLUSTER,
            Tamper(ENI, "{%- endfor %}\nspec:", "{%- endfor %}\n    topology: zonal\nspec:"),
            "cluster/my-cluster/eniconfigs.yaml",
            "\n    topology: zonal\n",
            id="eniconfig-added-label",
        ),
    ],
)
def test_a_template_that_only_adds_fields_renders(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    spec: Path,
    tamper: Tamper,
    written: str,
    shows: str,
) -> None:
    folder = tampered(tmp_path, tamper)
    out = tmp_path / "out"
    code, _, err = render(capsys, spec, "--templates", folder, "-o", out)
    assert code == 0, err
    assert shows in (out / written).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args", [pytest.param((), id="manifests"), pytest.param(_HELM, id="helm-values")]
)
def test_the_bundled_templates_copied_render_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    specs = [ALB, NLB, DB, INTERNAL, CLUSTER, RANGES]
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder, ignore=shutil.ignore_patterns("__pycache__"))
    code, _, err = render(capsys, *specs, "-o", tmp_path / "bundled", *args)
    assert code == 0, err
    code, _, err = render(capsys, *specs, "--templates", folder, "-o", tmp_path / "copied", *args)
    assert code == 0, err
    bundled = tree(tmp_path / "bundled")
    assert bundled  # something was rendered
    assert tree(tmp_path / "copied") == bundled


# Outputs beside the objects and values files: kustomizations, the VPC CNI script, and text
# that is no longer YAML at all (a duplicate key).
@pytest.mark.parametrize(
    ("spec", "tamper", "mention"),
    [
        pytest.param(
            ALB,
            Tamper(
                "manifests/kustomization.yaml.j2",
                "{%- for resource in resources %}",
                "{%- for resource in resources if resource != 'ingress.yaml' %}",
            ),
            "kustomization.yaml",
            id="kustomization-resource-dropped",
        ),
        pytest.param(
            CLUSTER,
            Tamper(
                "cluster/aws-vpc-cni.set-env.sh.j2",
                "{{ key }}={{ value | sh }}{% if not loop.last %} \\{% endif %}\n{%- endfor %}\n{%- if init_env %}",
                "{{ key }}={{ ('2' if key == 'WARM_PREFIX_TARGET' else value) | sh }}{% if not loop.last %} \\{% endif %}\n{%- endfor %}\n{%- if init_env %}",
            ),
            "WARM_PREFIX_TARGET",
            id="vpc-cni-set-env-changed",
        ),
        pytest.param(
            ALB,
            add_annotation(ALB_PREFIX + "scheme", "internal"),
            ALB_PREFIX + "scheme",
            id="ingress-annotation-duplicated",
        ),
        pytest.param(
            CLUSTER,
            Tamper(
                CNI,
                "{%- endfor %}\n{%- if registry %}",
                "{%- endfor %}\n  ENABLE_POD_ENI: 'false'\n{%- if registry %}",
            ),
            "ENABLE_POD_ENI",
            id="vpc-cni-values-duplicated",
        ),
    ],
)
def test_a_tampered_file_beside_the_objects_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: Path, tamper: Tamper, mention: str
) -> None:
    folder = tampered(tmp_path, tamper)
    out = tmp_path / "out"
    code, _, err = render(capsys, spec, "--templates", folder, "-o", out)
    assert code == 1, err
    assert err.startswith("eksgen: error: ")
    assert mention in err
    assert f"(from a template in {folder})" in err
    assert not out.exists()
