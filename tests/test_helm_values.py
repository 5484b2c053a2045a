"""helm-values: eksgen's values.yaml through the real Helm engine (helm_python, offline).

A chart scaffolded by Helm's own `helm create` renders every example with eksgen's values;
its objects must carry what eksgen decides, as far as the stock templates go, and the tests
below say where they stop. A copy of that chart with the usual extra templates (Service
annotations and ports, per-path ports, a SecurityGroupPolicy) must reproduce eksgen's own
manifests. Values reach Helm through Helm's own values parser, as `helm -f` reads them.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python
import kubernetes_validate
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, ROOT
from eksgen.api import RenderFormat, RenderResult, check_paths, render, render_paths
from eksgen.errors import InvalidInput
from eksgen.model.app import App
from eksgen.model.defaults import DNS_ANNOTATION_PREFIX as DEFAULT_DNS_PREFIX
from eksgen.render.helm_values import helm_values, helm_values_files
from eksgen.render.layout import HEADER
from eksgen.render.templating import Templates
from eksgen.render.verify import RenderCheckFailed, verify_text
from eksgen.resources import crd_schema
from eksgen.spec.overrides import parse_override

CHART = "app"
KUBERNETES_VERSION = kubernetes_validate.latest_version()
APP_EXAMPLES = [
    EXAMPLES / f"{name}.yaml"
    for name in ("alb-shared", "internal-instance", "nlb-public", "db-access")
]
# Values a YAML writer or a template engine could mangle: quotes, colons, comments, line
# breaks, YAML 1.1 words and numbers, Helm template syntax, flow and node indicators.
NASTY = {
    "example.com/quotes": "it's \"quoted\" 'twice'",
    "example.com/colon": "key: value # not a comment",
    "example.com/trailing-colon": "value:",
    "example.com/newlines": "line one\nline two\n  indented: x\n",
    "example.com/crlf": "a\r\nb",
    "example.com/yaml11-bool": "yes",
    "example.com/yaml11-octal": "0755",
    "example.com/hex": "0x1F",
    "example.com/float": "1e3",
    "example.com/sexagesimal": "1:30",
    "example.com/null": "~",
    "example.com/empty": "",
    "example.com/template": "{{ .Values.secret }}",
    "example.com/flow": "[a, {b: c}]",
    "example.com/indicators": "*alias &anchor !tag %percent @at `tick` | > -",
    "example.com/spaces": "  leading and trailing  ",
    "example.com/unicode": "caf\u00e9 \u2028 tab\tend \U0001f600",
    "example.com/backslash": "C:\\path\\n",
}

# The extra templates the stock chart lacks, as most application charts have them.
SERVICE_TEMPLATE = """\
{{- if .Values.service.enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
  {{- with .Values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .Values.service.type }}
  ports:
    {{- toYaml .Values.service.ports | nindent 4 }}
  {{- with .Values.service.loadBalancerSourceRanges }}
  loadBalancerSourceRanges:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    {{- include "app.selectorLabels" . | nindent 4 }}
{{- end }}
"""
SECURITY_GROUP_POLICY_TEMPLATE = """\
{{- if .Values.securityGroupPolicy.enabled }}
apiVersion: vpcresources.k8s.aws/v1beta1
kind: SecurityGroupPolicy
metadata:
  name: {{ include "app.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  podSelector:
    {{- toYaml .Values.securityGroupPolicy.podSelector | nindent 4 }}
  securityGroups:
    groupIds:
      {{- toYaml .Values.securityGroupPolicy.groupIds | nindent 6 }}
{{- end }}
"""
# Edits to the stock deployment.yaml: no container port without a Service (an App without
# ports), as charts that switch their Service off do.
DEPLOYMENT_EDITS = {
    "          ports:\n": "          {{- if .Values.service.enabled }}\n          ports:\n",
    "              protocol: TCP\n": "              protocol: TCP\n          {{- end }}\n",
}
# Edits to the stock ingress.yaml: quote the path, route each path to its own port.
INGRESS_EDITS = {
    "- path: {{ .path }}": "- path: {{ .path | quote }}",
    "number: {{ $.Values.service.port }}": "number: {{ .port | default $.Values.service.port }}",
}


# --- fixtures and helpers ---------------------------------------------------------------


@pytest.fixture(scope="module")
def stock_chart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[helm_python.Chart]:
    """The chart `helm create` scaffolds, untouched."""
    with helm_python.Chart.create(CHART, tmp_path_factory.mktemp("stock")) as chart:
        yield chart


@pytest.fixture(scope="module")
def extended_chart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[helm_python.Chart]:
    """The scaffold plus Service annotations/ports, per-path ports and a SecurityGroupPolicy."""
    root = tmp_path_factory.mktemp("extended")
    helm_python.Chart.create(CHART, root).close()
    templates = root / CHART / "templates"
    (templates / "service.yaml").write_text(SERVICE_TEMPLATE, encoding="utf-8")
    (templates / "securitygrouppolicy.yaml").write_text(
        SECURITY_GROUP_POLICY_TEMPLATE, encoding="utf-8"
    )
    for name, edits in (("ingress.yaml", INGRESS_EDITS), ("deployment.yaml", DEPLOYMENT_EDITS)):
        text = (templates / name).read_text(encoding="utf-8")
        for old, new in edits.items():
            assert text.count(old) == 1, f"the scaffold's {name} changed: no one {old!r}"
            text = text.replace(old, new)
        (templates / name).write_text(text, encoding="utf-8")
    with helm_python.Chart.load(root / CHART) as chart:
        yield chart


class GoYamlLoader(yaml.SafeLoader):
    """PyYAML reading as go-yaml (which Helm and kubectl use) does: YAML 1.1 resolution, but
    a plain '=' is a string (go-yaml has no 'value' tag, and writes '=' plain)."""


GoYamlLoader.add_constructor("tag:yaml.org,2002:value", yaml.SafeLoader.construct_yaml_str)


def _app(spec: Path) -> App:
    (app,) = check_paths([str(spec)]).apps
    return app


def _app_from_text(text: str) -> App:
    checked = check_paths(["-"], stdin=io.BytesIO(text.encode("utf-8")))
    assert not checked.errors, [str(problem) for problem in checked.errors]
    (app,) = checked.apps
    return app


def _values_files(
    apps: list[App], dns_prefix: str = DEFAULT_DNS_PREFIX, templates: Templates | None = None
) -> dict[str, str]:
    """The values files of apps, each read back against its intent as a render does."""
    files, intents = helm_values_files(apps, dns_prefix, HEADER, templates)
    assert set(intents) == set(files)
    for name, intent in intents.items():
        verify_text(files[name], name, intent)
    return files


def _values_text(app: App, dns_prefix: str = DEFAULT_DNS_PREFIX) -> str:
    return _values_files([app], dns_prefix)[f"{app.namespace}/{app.name}/values.yaml"]


def render_helm_values(paths: list[str], overrides: list[Any] | None = None) -> RenderResult:
    return render(paths, format=RenderFormat.HELM_VALUES, overrides=overrides or [])


def _chart_objects(
    chart: helm_python.Chart, app: App, validate: bool = True
) -> dict[str, dict[str, Any]]:
    """Render the chart as `helm template -f values.yaml` would; every object validated."""
    values = helm_python.values_from_yaml(_values_text(app))
    rendered = chart.render(values, name=app.name, namespace=app.namespace)
    objects: dict[str, dict[str, Any]] = {}
    for name, text in sorted(rendered.items()):
        if not name.endswith(".yaml"):
            continue  # NOTES.txt
        for document in yaml.load_all(text, Loader=GoYamlLoader):
            if document is None:
                continue  # a template switched off (hpa.yaml, httproute.yaml...)
            assert document["kind"] not in objects, f"two {document['kind']} objects"
            if validate:
                _validate(document)
            objects[document["kind"]] = document
    return objects


def _validate(document: dict[str, Any]) -> None:
    if document["kind"] == "SecurityGroupPolicy":
        validator = Draft202012Validator(crd_schema("securitygrouppolicy"))
        assert [error.message for error in validator.iter_errors(document)] == []
    else:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def _eksgen_objects(spec: Path) -> dict[str, dict[str, Any]]:
    return {m.kind: yaml.safe_load(m.text) for m in render_paths([str(spec)]).manifests}


def _routes(ingress: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (rule.get("host", ""), [(path["path"], path["pathType"]) for path in rule["http"]["paths"]])
        for rule in ingress["spec"]["rules"]
    ]


def _backend_ports(ingress: dict[str, Any]) -> list[int]:
    return [
        path["backend"]["service"]["port"]["number"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]


def _nasty_spec(exposure: str, routes: list[dict[str, Any]] | None = None) -> str:
    spec: dict[str, Any] = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "nasty", "namespace": "web", "annotations": NASTY},
        "spec": {
            "ports": [{"port": 443, "targetPort": 8443}],
            "exposure": {
                "type": exposure,
                "tags": {"team: a # b": "x: 'y' \"z\"", "yes": "no"},
            },
        },
    }
    if routes is not None:
        spec["spec"]["routes"] = routes
    return _spec_text(spec)


def _spec_text(spec: dict[str, Any]) -> str:
    """A spec as JSON (a subset of YAML 1.2) with every character outside printable ASCII
    escaped the YAML way, so that any string reads back as itself."""
    text = json.dumps(spec, ensure_ascii=False, indent=1)
    return re.sub(r"[^\x20-\x7e\n]", lambda match: f"\\U{ord(match.group()):08x}", text)


# --- the stock chart --------------------------------------------------------------------


@pytest.mark.parametrize("spec", APP_EXAMPLES, ids=lambda path: path.stem)
def test_stock_chart_renders_eksgen_service_and_ingress(
    spec: Path, stock_chart: helm_python.Chart
) -> None:
    app, eksgen = _app(spec), _eksgen_objects(spec)
    objects = _chart_objects(stock_chart, app)
    assert {objects[kind]["metadata"]["name"] for kind in objects if kind != "Pod"} == {app.name}
    service = objects["Service"]
    assert service["spec"]["type"] == eksgen["Service"]["spec"]["type"]
    assert [port["port"] for port in service["spec"]["ports"]] == [app.ports[0].port]
    # The scaffold labels the pods with podLabels: eksgen's selector (and dbAccess labels).
    pod_labels = objects["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert eksgen["Service"]["spec"]["selector"].items() <= pod_labels.items()
    if "SecurityGroupPolicy" in eksgen:
        selector = eksgen["SecurityGroupPolicy"]["spec"]["podSelector"]["matchLabels"]
        assert selector.items() <= pod_labels.items()
    if "Ingress" not in eksgen:
        assert "Ingress" not in objects
        return
    ingress, expected = objects["Ingress"], eksgen["Ingress"]
    assert ingress["spec"]["ingressClassName"] == "alb"
    assert ingress["metadata"]["annotations"] == expected["metadata"]["annotations"]
    assert _routes(ingress) == _routes(expected)
    assert "tls" not in ingress["spec"]  # TLS is the certificate-arn annotation's
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert path["backend"]["service"]["name"] == app.name


def test_stock_chart_drops_the_service_annotations(stock_chart: helm_python.Chart) -> None:
    """The scaffold's service.yaml templates no annotations: an NLB loses all of its own."""
    spec = EXAMPLES / "nlb-public.yaml"
    assert _eksgen_objects(spec)["Service"]["metadata"]["annotations"]
    service = _chart_objects(stock_chart, _app(spec))["Service"]
    assert "annotations" not in service["metadata"]


def test_stock_chart_routes_every_path_to_the_first_port(stock_chart: helm_python.Chart) -> None:
    """internal-instance routes /admin to port 9090; the scaffold sends it to service.port."""
    spec = EXAMPLES / "internal-instance.yaml"
    assert _backend_ports(_eksgen_objects(spec)["Ingress"]) == [80, 9090]
    assert _backend_ports(_chart_objects(stock_chart, _app(spec))["Ingress"]) == [80, 80]


def test_stock_chart_cannot_take_a_path_ending_in_a_colon(stock_chart: helm_python.Chart) -> None:
    """The scaffold writes `path: {{ .path }}` unquoted: '/v1:' breaks its YAML."""
    app = _app_from_text(_nasty_spec("alb", routes=[{"path": "/v1:"}]))
    values = helm_python.values_from_yaml(_values_text(app))
    assert values["ingress"]["hosts"][0]["paths"][0]["path"] == "/v1:"
    rendered = stock_chart.render(values, name=app.name, namespace=app.namespace)
    with pytest.raises(yaml.YAMLError):
        yaml.load(rendered[f"{CHART}/templates/ingress.yaml"], Loader=GoYamlLoader)


@pytest.mark.parametrize("char", ["\x7f", "\x96", "\ufffe"], ids=lambda char: f"U+{ord(char):04X}")
def test_stock_chart_drops_every_annotation_when_go_yaml_cannot_write_one(
    char: str, stock_chart: helm_python.Chart
) -> None:
    """toYaml fails on these characters and Helm renders its error as nothing: the Ingress
    loses every annotation, silently. The values file itself reads back right."""
    spec = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "control", "annotations": {"example.com/value": f"a{char}b"}},
        "spec": {"ports": [{"port": 80}], "exposure": {"type": "alb"}},
    }
    app = _app_from_text(_spec_text(spec))
    values = helm_python.values_from_yaml(_values_text(app))
    assert values["ingress"]["annotations"]["example.com/value"] == f"a{char}b"
    rendered = stock_chart.render(values, name=app.name, namespace=app.namespace)
    ingress = yaml.load(rendered[f"{CHART}/templates/ingress.yaml"], Loader=GoYamlLoader)
    assert ingress["metadata"]["annotations"] is None


def test_stock_chart_turns_nel_into_a_space(stock_chart: helm_python.Chart) -> None:
    spec = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "nel", "annotations": {"example.com/value": "a\x85b"}},
        "spec": {"ports": [{"port": 80}], "exposure": {"type": "alb"}},
    }
    app = _app_from_text(_spec_text(spec))
    ingress = _chart_objects(stock_chart, app)["Ingress"]
    assert ingress["metadata"]["annotations"]["example.com/value"] == "a b"


# --- a chart that templates every key ---------------------------------------------------


@pytest.mark.parametrize("spec", APP_EXAMPLES, ids=lambda path: path.stem)
def test_extended_chart_reproduces_eksgen_manifests(
    spec: Path, extended_chart: helm_python.Chart
) -> None:
    """With the usual extra templates, the chart's objects say what eksgen's manifests say."""
    eksgen = _eksgen_objects(spec)
    objects = _chart_objects(extended_chart, _app(spec))
    assert set(eksgen) <= set(objects)
    for kind, expected in eksgen.items():
        actual = objects[kind]
        assert actual["metadata"].get("annotations") == expected["metadata"].get("annotations")
        if kind == "Service":  # the chart selects its own pod labels (see podLabels)
            actual, expected = (
                actual["spec"] | {"selector": {}},
                expected["spec"] | {"selector": {}},
            )
        else:
            actual, expected = actual["spec"], expected["spec"]
        assert actual == expected, kind


def test_nasty_annotation_values_survive_the_chart(
    stock_chart: helm_python.Chart, extended_chart: helm_python.Chart
) -> None:
    alb, nlb = _app_from_text(_nasty_spec("alb")), _app_from_text(_nasty_spec("nlb"))
    ingress = _chart_objects(stock_chart, alb)["Ingress"]
    assert NASTY.items() <= ingress["metadata"]["annotations"].items()
    assert (
        ingress["metadata"]["annotations"]
        == helm_values(alb, DEFAULT_DNS_PREFIX)["ingress"]["annotations"]
    )
    assert ingress["metadata"]["annotations"]["alb.ingress.kubernetes.io/tags"] == (
        "team: a # b=x: 'y' \"z\",yes=no"
    )
    # No hosts: one rule without a host, as in eksgen's own Ingress.
    assert [rule.get("host") for rule in ingress["spec"]["rules"]] == [""]
    service = _chart_objects(extended_chart, nlb)["Service"]
    assert NASTY.items() <= service["metadata"]["annotations"].items()
    assert (
        service["metadata"]["annotations"]
        == helm_values(nlb, DEFAULT_DNS_PREFIX)["service"]["annotations"]
    )


# Helm's toYaml (go-yaml) cannot write DEL, the C1 controls or U+FFFE/U+FFFF, and writes
# NEL (U+0085) as a space: the stock chart's limits, tested below.
GO_YAML_UNWRITABLE = "\x7f" + "".join(map(chr, range(0x80, 0xA0))) + "\ufffe\uffff"
# Any other string as an annotation value (surrogates aside, which UTF-8 cannot carry).
annotation_values = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters=GO_YAML_UNWRITABLE)
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=annotation_values)
@example(value="=")  # PyYAML's 1.1 'value' tag; go-yaml writes it plain
@example(value="?0")  # a flow-context indicator
@example(value="\u2028\u2029\ufeff\U0001f600")
def test_any_annotation_value_survives_the_chart(value: str) -> None:
    spec = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": "any", "annotations": {"example.com/value": value}},
        "spec": {"ports": [{"port": 80}], "exposure": {"type": "alb"}},
    }
    app = _app_from_text(_spec_text(spec))
    ingress = _chart_objects(_in_memory_stock_chart(), app, validate=False)["Ingress"]
    assert ingress["metadata"]["annotations"]["example.com/value"] == value


@functools.cache
def _in_memory_stock_chart() -> helm_python.Chart:
    """A stock chart for @given tests, which cannot take function-scoped fixtures."""
    with tempfile.TemporaryDirectory() as folder:
        return helm_python.Chart.create(CHART, folder)  # loaded: the files can go


# --- the values file itself -------------------------------------------------------------


@pytest.mark.parametrize("spec", APP_EXAMPLES, ids=lambda path: path.stem)
def test_helm_reads_the_values_as_intended(spec: Path) -> None:
    """Helm's own values parser (what `-f` uses) reads exactly the intended values."""
    app = _app(spec)
    assert helm_python.values_from_yaml(_values_text(app)) == helm_values(app, DEFAULT_DNS_PREFIX)


def test_nasty_values_read_back_in_helm_as_intended() -> None:
    for exposure in ("alb", "nlb"):
        app = _app_from_text(_nasty_spec(exposure))
        assert helm_python.values_from_yaml(_values_text(app)) == helm_values(
            app, DEFAULT_DNS_PREFIX
        )


def test_values_files_layout() -> None:
    result = render_helm_values([str(path) for path in [*APP_EXAMPLES, EXAMPLES / "cluster.yaml"]])
    assert list(result.files) == [
        "internal-tools/reports/values.yaml",
        "production/my-app/values.yaml",
        "production/orders-api/values.yaml",
        "web/my-app/values.yaml",
    ]
    for text in result.files.values():
        assert text.startswith(HEADER)
        assert text.endswith("\n") and not text.endswith("\n\n")
    values = helm_python.values_from_yaml(result.files["web/my-app/values.yaml"])
    assert values["nameOverride"] == values["fullnameOverride"] == "my-app"
    assert values["ingress"] | {"annotations": {}, "hosts": []} == {
        "enabled": True,
        "className": "alb",
        "annotations": {},
        "hosts": [],
        "tls": [],
    }
    assert values["securityGroupPolicy"] == {"enabled": False, "podSelector": {}, "groupIds": []}


def test_a_name_too_long_for_a_release_is_pointed_out() -> None:
    name = "a" * 60  # a valid app (Service) name, too long for a Helm release
    spec = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "App",
        "metadata": {"name": name},
        "spec": {"ports": [{"port": 80}]},
    }
    text = _values_text(_app_from_text(_spec_text(spec)))
    assert "# (A release name has at most 53 characters: choose a shorter one.)\n" in text
    with pytest.raises(helm_python.HelmInvalidArgError):
        helm_python.validate_release_name(name)
    assert "A release name" not in _values_text(_app(EXAMPLES / "alb-shared.yaml"))


def test_values_follow_the_dns_prefix() -> None:
    app = _app(EXAMPLES / "alb-shared.yaml")
    annotations = helm_values(app, "external-dns.kubernetes.io/")["ingress"]["annotations"]
    assert annotations["external-dns.kubernetes.io/hostname"] == "app.example.com"
    assert not any(key.startswith(DEFAULT_DNS_PREFIX) for key in annotations)


def test_values_are_byte_identical_across_renders() -> None:
    paths = [str(path) for path in APP_EXAMPLES]
    apps = check_paths(paths).apps
    first = _values_files(apps)
    assert _values_files(apps) == first
    script = (
        "import json, sys\n"
        "from eksgen.api import RenderFormat, render\n"
        "json.dump(render(sys.argv[1:], format=RenderFormat.HELM_VALUES).files, sys.stdout)\n"
    )
    for seed in ("0", "4242"):
        env = os.environ | {"PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", script, *paths],
            capture_output=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        assert json.loads(run.stdout) == first


def test_chart_render_is_deterministic(stock_chart: helm_python.Chart) -> None:
    app = _app(EXAMPLES / "internal-instance.yaml")
    values = helm_python.values_from_yaml(_values_text(app))
    first = stock_chart.render(values, name=app.name, namespace=app.namespace)
    assert stock_chart.render(values, name=app.name, namespace=app.namespace) == first


def test_render_helm_values_refuses_invalid_specs(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata: {name: x}\n"
        "spec: {ports: [{port: 80}], exposure: {type: alb, scheme: public}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput):
        render_helm_values([str(spec)])


def test_read_back_catches_a_template_slip() -> None:
    """Guard for the guard: text that reads back differently is refused."""
    alb, nasty = _app(EXAMPLES / "alb-shared.yaml"), _app_from_text(_nasty_spec("alb"))
    slips = [
        (alb, "  port: 80\n", "  port: '80'\n"),  # a number turned string
        (alb, "  app: my-app\n", "  app: my-app\n  extra: x\n"),  # an extra key
        (alb, "host: app.example.com", "host: other.example.com"),  # a changed value
        (nasty, "yaml11-bool: 'yes'", "yaml11-bool: yes"),  # a boolean under YAML 1.1 only
    ]
    for app, old, new in slips:

        class Slipped(Templates):
            def render(
                self, template: str, /, old: str = old, new: str = new, **context: Any
            ) -> str:
                text = super().render(template, **context)
                assert old in text
                return text.replace(old, new, 1)

        with pytest.raises(RenderCheckFailed):
            _values_files([app], templates=Slipped())


def test_render_helm_values_applies_overrides() -> None:
    overrides = [parse_override("metadata.namespace=staging")]
    result = render_helm_values([str(EXAMPLES / "alb-shared.yaml")], overrides=overrides)
    assert list(result.files) == ["staging/my-app/values.yaml"]


def test_render_format_helm_values_writes_and_checks(tmp_path: Path) -> None:
    from eksgen.cli.app import run

    out = tmp_path / "values"
    argv = ["render", str(EXAMPLES), "--format", "helm-values", "-o", str(out)]
    assert run(argv) == 0
    assert run(argv) == 0  # its own output folder may be replaced
    assert run([*argv, "--check"]) == 0
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == [
        "edge/partner-api/values.yaml",
        "edge/partner-orders/values.yaml",
        "infra/resolver/values.yaml",
        "internal-tools/portal/values.yaml",
        "internal-tools/reports/values.yaml",
        "payments/checkout/values.yaml",
        "production/my-app/values.yaml",
        "production/orders-api/values.yaml",
        "production/orders-worker/values.yaml",
        "reports/reports/values.yaml",
        "shop/checkout/values.yaml",
        "shop/inventory/values.yaml",
        "shop/storefront/values.yaml",
        "web/my-app/values.yaml",
    ]
    assert run(["render", str(EXAMPLES), "--format", "helm-values"]) == 2


# --- an App without ports -----------------------------------------------------------------


WORKER = EXAMPLES / "worker-db-access.yaml"


def test_an_app_without_ports_has_a_service_switched_off_and_no_port() -> None:
    """service.port null, not a made-up port: Helm drops the chart's default for it."""
    app = _app(WORKER)
    values = helm_python.values_from_yaml(_values_text(app))
    assert values == helm_values(app, DEFAULT_DNS_PREFIX)
    assert values["service"] == {
        "enabled": False,
        "type": "ClusterIP",
        "port": None,
        "annotations": {},
        "ports": [],
        "loadBalancerSourceRanges": [],
    }
    assert values["ingress"]["enabled"] is False
    assert values["securityGroupPolicy"] == {
        "enabled": True,
        "podSelector": {"matchLabels": {"app": "orders-worker"}},
        "groupIds": ["sg-0123456789abcdef0"],
    }
    # Every App with ports has its Service switched on.
    for spec in APP_EXAMPLES:
        assert helm_values(_app(spec), DEFAULT_DNS_PREFIX)["service"]["enabled"] is True


def test_the_stock_chart_makes_up_no_port_for_an_app_without_ports(
    stock_chart: helm_python.Chart,
) -> None:
    """It has no switch for its Service: what it writes has no port, which Kubernetes refuses."""
    objects = _chart_objects(stock_chart, _app(WORKER), validate=False)
    service, deployment = objects["Service"], objects["Deployment"]
    assert [port["port"] for port in service["spec"]["ports"]] == [None]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert [port["containerPort"] for port in container["ports"]] == [None]
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(service, KUBERNETES_VERSION, strict=True)


def test_a_chart_that_switches_its_service_off_renders_eksgen_policy(
    extended_chart: helm_python.Chart,
) -> None:
    objects = _chart_objects(extended_chart, _app(WORKER))
    assert "Service" not in objects and "Ingress" not in objects
    (policy,) = [m for m in render_paths([str(WORKER)]).manifests]
    expected = yaml.safe_load(policy.text)
    assert objects["SecurityGroupPolicy"]["spec"] == expected["spec"]
    # The pods carry the labels the policy selects.
    pod_labels = objects["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert expected["spec"]["podSelector"]["matchLabels"].items() <= pod_labels.items()
