"""ExternalDNS as it really behaves: what eksgen writes for spec.dns, and what `plan` says.

The facts, from kubernetes-sigs/external-dns at v0.22.0:

- source/ingress.go (endpointsFromIngress): an Ingress's names are its rule hosts (and TLS
  hosts) plus the hostname annotation's; `<prefix>ingress-hostname-source: annotation-only`
  keeps only the annotation's, `defined-hosts-only` only the rules'; the value is compared
  lower-cased, and any other value yields no name. The annotation exists since v0.9.0.
- source/service.go (serviceSource.endpoints): a Service's names come from its hostname
  (and internal-hostname) annotations only; eksgen's values set neither --fqdn-template nor
  a compatibility mode, the only other ways to a name.
- source/annotations/annotations.go: every key is the prefix in force plus its name; the
  default prefix is external-dns.kubernetes.io/ from v0.22.0 (alpha before), and
  --annotation-prefix (v0.20.0) names another.

`published` below is those two sources written out in Python, applied to the objects eksgen
renders; the tests check that `plan` lists exactly the names it finds.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, upstream
from eksgen import api
from eksgen.api import check_paths, render_paths
from eksgen.cli.app import run
from eksgen.importer.main import import_manifests
from eksgen.model.controller import DNS_ALPHA_PREFIX, DNS_GA_PREFIX
from eksgen.plan.build import build_plan
from eksgen.plan.pricing import load_prices

SOURCE_KEY = "ingress-hostname-source"
ALPHA_SOURCE = DNS_ALPHA_PREFIX + SOURCE_KEY
NOTE = "no Cluster spec sets ExternalDNS's --annotation-prefix"


def app_text(name: str, exposure: str, extra: str = "") -> str:
    """An App spec with one port, the given exposure type and extra spec lines."""
    body = textwrap.indent(textwrap.dedent(extra), "  ")
    return (
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\n"
        f"metadata:\n  name: {name}\n  namespace: web\n"
        "spec:\n  ports:\n    - name: http\n      port: 80\n"
        f"  exposure:\n    type: {exposure}\n{body}"
    )


def cluster_text(external_dns: str = "") -> str:
    """A Cluster spec; external_dns: the lines of its externalDns section, if any."""
    text = "apiVersion: eksgen.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: prod\n"
    text += "spec:\n  region: us-east-1\n"
    if external_dns:
        text += "  externalDns:\n" + textwrap.indent(textwrap.dedent(external_dns), "    ")
    return text


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rendered_objects(*paths: Path) -> list[dict[str, Any]]:
    result = render_paths([str(path) for path in paths])
    return [yaml.safe_load(m.text) for m in result.manifests if m.kind in ("Service", "Ingress")]


def published(obj: dict[str, Any], prefix: str) -> set[str]:
    """The names ExternalDNS's ingress or service source takes from one object."""
    annotations = obj["metadata"].get("annotations", {})
    hostnames = {
        host.strip() for host in annotations.get(prefix + "hostname", "").split(",") if host
    }
    if obj["kind"] == "Service":
        return hostnames
    rules = {rule["host"] for rule in obj["spec"]["rules"] if rule.get("host")}
    if prefix + SOURCE_KEY not in annotations:
        return rules | hostnames
    value = annotations[prefix + SOURCE_KEY].lower()
    return {"defined-hosts-only": rules, "annotation-only": hostnames}.get(value, set())


def plan_names(paths: list[Path], external_dns_version: str | None = None) -> set[str]:
    built, _ = api.plan([str(path) for path in paths], external_dns_version=external_dns_version)
    return {record.hostname for record in built.dns_records}


@pytest.fixture
def estate(tmp_path: Path) -> list[Path]:
    """Four Apps: alb and nlb, each with DNS on and off."""
    return [
        write(tmp_path, "on.yaml", app_text("on", "alb", "hosts: [on.example.com]\n")),
        write(
            tmp_path,
            "off.yaml",
            app_text("off", "alb", "hosts: [off.example.com]\ndns:\n  enabled: false\n"),
        ),
        write(tmp_path, "nlb-on.yaml", app_text("nlb-on", "nlb", "hosts: [n1.example.com]\n")),
        write(
            tmp_path,
            "nlb-off.yaml",
            app_text("nlb-off", "nlb", "hosts: [n2.example.com]\ndns:\n  enabled: false\n"),
        ),
    ]


# ---- 1. dns.enabled: false is true of what ExternalDNS publishes ---------------------------


def test_an_alb_app_with_dns_off_gets_annotation_only_and_no_hostname(estate: list[Path]) -> None:
    ingress = next(o for o in rendered_objects(estate[1]) if o["kind"] == "Ingress")
    annotations = ingress["metadata"]["annotations"]
    assert annotations[ALPHA_SOURCE] == "annotation-only"
    assert DNS_ALPHA_PREFIX + "hostname" not in annotations
    # The rule still names the host (the ALB routes it); ExternalDNS skips it.
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == ["off.example.com"]
    assert published(ingress, DNS_ALPHA_PREFIX) == set()


def test_an_alb_app_with_dns_on_publishes_its_hosts_without_the_annotation(
    estate: list[Path],
) -> None:
    ingress = next(o for o in rendered_objects(estate[0]) if o["kind"] == "Ingress")
    assert ALPHA_SOURCE not in ingress["metadata"]["annotations"]
    assert published(ingress, DNS_ALPHA_PREFIX) == {"on.example.com"}


def test_an_nlb_service_without_a_hostname_annotation_publishes_nothing(
    estate: list[Path],
) -> None:
    (service,) = rendered_objects(estate[3])
    annotations = service["metadata"]["annotations"]
    # source/service.go takes names from hostname annotations only: nothing else is needed.
    assert not any(key.startswith((DNS_ALPHA_PREFIX, DNS_GA_PREFIX)) for key in annotations)
    assert published(service, DNS_ALPHA_PREFIX) == set()


def test_eksgen_external_dns_values_set_no_other_way_to_a_service_name(tmp_path: Path) -> None:
    """No --fqdn-template or --compatibility: the hostname annotation is the only name."""
    cluster = write(
        tmp_path, "cluster.yaml", cluster_text("hostedZoneIds: [Z0123456789ABCDEFGHIJ]\n")
    )
    (output,) = render_paths([str(cluster)]).clusters
    values = yaml.safe_load(output.files["external-dns.values.yaml"])
    flags = set(values) | set(values.get("extraArgs", {}))
    assert not flags & {
        "fqdnTemplates",
        "fqdn-template",
        "compatibility",
        "extraArgs.compatibility",
    }


def test_an_alb_app_without_hosts_gets_no_annotation(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", app_text("a", "alb", "dns:\n  enabled: false\n"))
    ingress = next(o for o in rendered_objects(path) if o["kind"] == "Ingress")
    assert not any(key.startswith(DNS_ALPHA_PREFIX) for key in ingress["metadata"]["annotations"])


def test_the_annotation_takes_the_prefix_of_the_cluster(tmp_path: Path) -> None:
    app = write(
        tmp_path,
        "off.yaml",
        app_text("off", "alb", "hosts: [off.example.com]\ndns:\n  enabled: false\n"),
    )
    cluster = write(
        tmp_path,
        "cluster.yaml",
        cluster_text(
            "annotationPrefix: external-dns.kubernetes.io/\nversion: '0.22.0'\n"
            "hostedZoneIds: [Z0123456789ABCDEFGHIJ]\n"
        ),
    )
    ingress = next(o for o in rendered_objects(app, cluster) if o["kind"] == "Ingress")
    assert ingress["metadata"]["annotations"][DNS_GA_PREFIX + SOURCE_KEY] == "annotation-only"
    assert ALPHA_SOURCE not in ingress["metadata"]["annotations"]


def test_the_helm_values_carry_the_annotation_too(estate: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "values"
    assert run(["render", "--format", "helm-values", "-o", str(out), str(estate[1])]) == 0
    (values_file,) = out.rglob("values.yaml")
    values = yaml.safe_load(values_file.read_text())
    assert values["ingress"]["annotations"][ALPHA_SOURCE] == "annotation-only"


def test_the_upstream_docs_name_the_annotation_and_its_values() -> None:
    docs = upstream("external-dns", "docs", "sources_ingress.md").read_text()
    assert "external-dns.kubernetes.io/ingress-hostname-source: annotation-only" in docs
    reference = upstream("external-dns", "docs", "annotations_annotations.md").read_text()
    assert "## external-dns.kubernetes.io/ingress-hostname-source" in reference
    assert "`annotation-only`" in reference and "`defined-hosts-only`" in reference


# ---- the read-back and EKS013 know the annotation ---------------------------------------------


def test_a_template_that_drops_the_annotation_fails_the_render(
    estate: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "templates" / "manifests"
    templates.mkdir(parents=True)
    bundled = (ROOT / "templates" / "manifests" / "_metadata.yaml.j2").read_text()
    old = "{%- for key, value in annotations %}"
    assert bundled.count(old) == 1
    tampered = bundled.replace(old, old[:-3] + ' if "hostname-source" not in key %}')
    (templates / "_metadata.yaml.j2").write_text(tampered)
    out = tmp_path / "out"
    code = run(
        ["render", "--templates", str(tmp_path / "templates"), "-o", str(out), str(estate[1])]
    )
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Ingress web/off" in err and SOURCE_KEY in err
    assert not out.exists()


def test_setting_the_annotation_by_hand_is_eks013(tmp_path: Path) -> None:
    text = app_text("a", "alb", "hosts: [a.example.com]\n").replace(
        "  namespace: web\n",
        f"  namespace: web\n  annotations:\n    {ALPHA_SOURCE}: annotation-only\n",
    )
    problems = [p for p in check_paths([str(write(tmp_path, "a.yaml", text))]).problems]
    (problem,) = [p for p in problems if p.rule == "EKS013"]
    assert "set spec.dns.enabled instead" in problem.message
    assert problem.line == 7


# ---- plan agrees with ExternalDNS --------------------------------------------------------------


def test_plan_lists_exactly_what_the_sources_publish(estate: list[Path]) -> None:
    expected = set().union(*(published(o, DNS_ALPHA_PREFIX) for o in rendered_objects(*estate)))
    assert expected == {"on.example.com", "n1.example.com"}
    assert plan_names(estate) == expected


def test_plan_with_an_external_dns_that_ignores_the_prefix(estate: list[Path]) -> None:
    """ExternalDNS 0.22 without --annotation-prefix reads the GA prefix only."""
    objects = rendered_objects(*estate)
    expected = set().union(*(published(o, DNS_GA_PREFIX) for o in objects))
    # The rule hosts are published whatever spec.dns says; the nlb Apps get nothing.
    assert expected == {"on.example.com", "off.example.com"}
    assert plan_names(estate, external_dns_version="0.22.0") == expected
    built, _ = api.plan([str(p) for p in estate], external_dns_version="0.22.0")
    for record in built.dns_records:
        assert record.ttl is None
        assert any("does not read the prefix" in note for note in record.notes)


def test_plan_with_a_cluster_that_sets_the_prefix(estate: list[Path], tmp_path: Path) -> None:
    cluster = write(
        tmp_path,
        "cluster.yaml",
        cluster_text("version: '0.22.0'\nhostedZoneIds: [Z0123456789ABCDEFGHIJ]\n"),
    )
    names = plan_names([*estate, cluster])
    assert names == {"on.example.com", "n1.example.com"}


def test_build_plan_defaults_to_the_pinned_release(estate: list[Path]) -> None:
    checked = check_paths([str(path) for path in estate])
    built = build_plan(checked.apps, checked.clusters, load_prices(None))
    assert {record.hostname for record in built.dns_records} == {"on.example.com", "n1.example.com"}


# ---- import maps the annotation back ------------------------------------------------------------


def ingress_stream(annotations: dict[str, str], hosts: tuple[str, ...] = ("a.example.com",)) -> str:
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "a", "namespace": "web"},
        "spec": {"selector": {"app": "a"}, "ports": [{"name": "http", "port": 80}]},
    }
    paths = [
        {
            "path": "/",
            "pathType": "Prefix",
            "backend": {"service": {"name": "a", "port": {"number": 80}}},
        }
    ]
    ingress = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            "name": "a",
            "namespace": "web",
            "annotations": {"alb.ingress.kubernetes.io/target-type": "ip"} | annotations,
        },
        "spec": {
            "ingressClassName": "alb",
            "rules": [{"host": host, "http": {"paths": paths}} for host in hosts],
        },
    }
    return yaml.safe_dump_all([service, ingress], sort_keys=False)


def imported(tmp_path: Path, annotations: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    path = write(tmp_path, "in.yaml", ingress_stream(annotations))
    result = import_manifests([str(path)])
    (spec,) = result.specs
    return spec["spec"], [problem.message for problem in result.warnings]


@pytest.mark.parametrize("prefix", [DNS_ALPHA_PREFIX, DNS_GA_PREFIX])
def test_import_maps_annotation_only_back_to_dns_off(tmp_path: Path, prefix: str) -> None:
    spec, _ = imported(tmp_path, {prefix + SOURCE_KEY: "annotation-only"})
    assert spec["hosts"] == ["a.example.com"]
    assert spec["dns"] == {"enabled": False}


def test_import_of_rule_hosts_alone_keeps_dns_on(tmp_path: Path) -> None:
    """Without any ExternalDNS annotation the ingress source publishes the rule hosts."""
    spec, _ = imported(tmp_path, {})
    assert spec["hosts"] == ["a.example.com"]
    assert "dns" not in spec


def test_import_of_an_unknown_value_is_dns_off_with_a_warning(tmp_path: Path) -> None:
    spec, warnings = imported(tmp_path, {ALPHA_SOURCE: "Annotation-Only-Please"})
    assert spec["dns"] == {"enabled": False}
    assert any("publishes no name of this Ingress" in message for message in warnings)


def test_import_compares_the_value_lower_cased(tmp_path: Path) -> None:
    spec, warnings = imported(tmp_path, {ALPHA_SOURCE: "Annotation-Only"})
    assert spec["dns"] == {"enabled": False}
    assert warnings == []


def test_import_of_defined_hosts_only_keeps_dns_on(tmp_path: Path) -> None:
    spec, _ = imported(
        tmp_path,
        {ALPHA_SOURCE: "defined-hosts-only", DNS_ALPHA_PREFIX + "hostname": "a.example.com"},
    )
    assert "dns" not in spec


def test_import_then_render_gives_the_annotation_back(tmp_path: Path) -> None:
    source = write(tmp_path, "in.yaml", ingress_stream({ALPHA_SOURCE: "annotation-only"}))
    result = import_manifests([str(source)])
    from eksgen.importer.main import dump_specs

    spec_file = write(tmp_path, "spec.yaml", dump_specs(result.specs))
    ingress = next(o for o in rendered_objects(spec_file) if o["kind"] == "Ingress")
    assert ingress["metadata"]["annotations"][ALPHA_SOURCE] == "annotation-only"
    assert published(ingress, DNS_ALPHA_PREFIX) == set()


# ---- 3. the alpha prefix without a Cluster spec: one note per render ---------------------------


def render_notes(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert run(["render", *args]) == 0
    return [line for line in capsys.readouterr().err.splitlines() if NOTE in line]


def test_one_note_per_render_when_apps_publish(
    estate: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (note,) = render_notes(capsys, *map(str, estate))
    assert note.startswith("note: ")
    assert "external-dns.alpha.kubernetes.io/" in note
    assert "0.22.0 and later ignore" in note
    assert "this run assumes ExternalDNS 0.21.0 (eksgen's pin)" in note


def test_the_note_says_when_the_named_release_ignores_the_prefix(
    estate: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (note,) = render_notes(capsys, "--external-dns-version", "0.22.0", str(estate[0]))
    assert "ExternalDNS 0.22.0 (--external-dns-version) is one of them" in note


def test_no_note_without_dns_or_with_a_cluster_that_sets_the_prefix(
    tmp_path: Path, estate: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    quiet = write(tmp_path, "quiet.yaml", app_text("quiet", "nlb", "dns:\n  enabled: false\n"))
    assert render_notes(capsys, str(quiet)) == []
    cluster = write(
        tmp_path, "cluster.yaml", cluster_text("hostedZoneIds: [Z0123456789ABCDEFGHIJ]\n")
    )
    assert render_notes(capsys, str(estate[0]), str(cluster)) == []


def test_a_cluster_without_external_dns_still_gets_the_note(
    tmp_path: Path, estate: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cluster = write(tmp_path, "cluster.yaml", cluster_text())
    assert len(render_notes(capsys, str(estate[0]), str(cluster))) == 1


# ---- 2. EKS109: the GA prefix works from 0.20 on ------------------------------------------------


@pytest.mark.parametrize(
    ("version", "fires"), [("0.19.0", True), ("0.20.0", False), ("0.21.0", False)]
)
def test_eks109_threshold_is_the_annotation_prefix_flag(
    tmp_path: Path, version: str, fires: bool
) -> None:
    """--annotation-prefix: pkg/apis/externaldns/types.go from v0.20.0 (chart 1.20.0)."""
    cluster = write(
        tmp_path,
        "cluster.yaml",
        cluster_text(
            f"annotationPrefix: external-dns.kubernetes.io/\nversion: '{version}'\n"
            "hostedZoneIds: [Z0123456789ABCDEFGHIJ]\n"
        ),
    )
    rules = {p.rule for p in check_paths([str(cluster)]).problems}
    assert ("EKS109" in rules) is fires
    assert "EKS121" not in rules  # the flag on an old release is EKS109's to report here


def test_eks109_reads_the_release_from_the_flag(tmp_path: Path) -> None:
    cluster = write(
        tmp_path,
        "cluster.yaml",
        cluster_text(
            "annotationPrefix: external-dns.kubernetes.io/\nhostedZoneIds: [Z0123456789ABCDEFGHIJ]\n"
        ),
    )
    assert [p.rule for p in check_paths([str(cluster)]).problems] == []
    problems = check_paths([str(cluster)], external_dns_version="0.19.0").problems
    (problem,) = [p for p in problems if p.rule == "EKS109"]
    assert "0.19.0 (--external-dns-version)" in problem.message
    assert problem.path == "spec.externalDns.annotationPrefix"


def test_the_chart_passes_the_flag_from_1_20() -> None:
    """charts/external-dns/templates/deployment.yaml renders --annotation-prefix."""
    values = yaml.safe_load(upstream("external-dns", "chart-values-1.21.1.yaml").read_text())
    assert "annotationPrefix" in values


def test_import_drops_the_annotation_from_a_service(tmp_path: Path) -> None:
    """The service source never reads ingress-hostname-source (source/service.go)."""
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": "edge",
            "namespace": "web",
            "annotations": {
                "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
                DNS_ALPHA_PREFIX + "hostname": "edge.example.com",
                ALPHA_SOURCE: "annotation-only",
            },
        },
        "spec": {
            "type": "LoadBalancer",
            "selector": {"app": "edge"},
            "ports": [{"name": "tcp", "port": 443}],
        },
    }
    path = write(tmp_path, "in.yaml", yaml.safe_dump(service))
    result = import_manifests([str(path)])
    (spec,) = result.specs
    assert spec["spec"]["hosts"] == ["edge.example.com"]
    assert "dns" not in spec["spec"]
    assert any("reads it on Ingresses only" in p.message for p in result.warnings)
    assert ALPHA_SOURCE not in spec["metadata"].get("annotations", {})
