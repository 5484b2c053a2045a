"""Controller version awareness: which releases a run checks against, and the rules on them.

Precedence (eksgen.lint.versions): a Cluster spec's loadBalancerController.version and
externalDns.version win; --controller-version and --external-dns-version name the release
where no Cluster spec does; else eksgen's pins (eksgen.model.facts.versions).

Upstream facts used here:
- AWS Load Balancer Controller: the `since` of each annotation in
  eksgen.model.facts.lbc.ANNOTATIONS (pkg/annotations/constants.go, walked over the tags);
  e.g. load-balancer-name since v2.2.0.
- ExternalDNS (kubernetes-sigs/external-dns): ingress-hostname-source since v0.9.0
  (source/ingress.go); aws-hosted-zone-id since v0.22.0 (provider/aws/aws.go);
  --annotation-prefix since v0.20.0 (pkg/apis/externaldns/types.go); --policy=create-only
  since v0.5.17 (same file); a flag the release does not know stops it at start
  (controller/execute.go, v0.19.0: log.Fatalf on a flag parsing error).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import upstream
from eksgen.api import check_paths
from eksgen.cli.app import run
from eksgen.errors import UsageError
from eksgen.lint.rules import RULES, unknown_controller_annotation
from eksgen.lint.versions import CONTROLLER_FLAG, PINNED, Release, in_force, pinned, resolve
from eksgen.model import facts
from eksgen.model.controller import DNS_ALPHA_PREFIX, DNS_GA_PREFIX, INGRESS_PREFIX
from eksgen.model.facts.external_dns import reads_prefix
from eksgen.render.addons import external_dns_values

ZONE = "Z0123456789ABCDEFGHIJ"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def app(folder: Path, extra: str = "", exposure: str = "alb", annotations: str = "") -> Path:
    meta = f"  annotations:\n{textwrap.indent(annotations, '    ')}" if annotations else ""
    text = (
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata:\n  name: web\n  namespace: shop\n"
        f"{meta}spec:\n  ports:\n    - name: http\n      port: 80\n"
        f"  exposure:\n    type: {exposure}\n{textwrap.indent(extra, '    ')}"
        "  hosts: [web.example.com]\n"
    )
    return write(folder, "app.yaml", text)


def cluster(folder: Path, lbc: str = "", external_dns: str = "") -> Path:
    text = "apiVersion: eksgen.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: prod\n"
    text += "spec:\n  region: us-east-1\n"
    if lbc:
        text += f"  loadBalancerController:\n{textwrap.indent(lbc, '    ')}"
    if external_dns:
        text += f"  externalDns:\n{textwrap.indent(external_dns, '    ')}"
    return write(folder, "cluster.yaml", text)


def found(paths: list[Path], rule: str, **versions: str) -> list[str]:
    problems = check_paths([str(path) for path in paths], **versions).problems
    return [f"{p.path}: {p.message}" for p in problems if p.rule == rule]


# ---- which release is in force -------------------------------------------------------------


def test_the_pins_without_cluster_or_flag() -> None:
    versions, notes = resolve([])
    assert versions == pinned()
    assert versions.lbc == Release(facts.versions.LBC_VERSION, PINNED)
    assert versions.external_dns.version == facts.versions.EXTERNAL_DNS_VERSION
    assert notes == []
    assert in_force() == pinned()  # outside a check


def test_a_flag_names_what_no_cluster_names(tmp_path: Path) -> None:
    checked = check_paths(
        [str(cluster(tmp_path, lbc="replicas: 2\n"))],
        controller_version="2.4.0",
        external_dns_version="0.20.0",
    )
    versions, notes = resolve(checked.clusters, "2.4.0", "0.20.0")
    assert versions.lbc == Release("2.4.0", CONTROLLER_FLAG)
    assert str(versions.external_dns) == "0.20.0 (--external-dns-version)"
    assert notes == []


def test_a_cluster_spec_wins_over_a_flag_with_a_note(tmp_path: Path) -> None:
    path = cluster(tmp_path, lbc="version: '2.14.0'\n", external_dns=f"hostedZoneIds: [{ZONE}]\n")
    checked = check_paths([str(path)], controller_version="2.1.0")
    versions, notes = resolve(checked.clusters, "2.1.0")
    assert versions.lbc.version == "2.14.0"
    assert versions.lbc.named_by == f"loadBalancerController.version at {path}:8"
    assert versions.external_dns.named_by == PINNED
    assert notes == [
        f"--controller-version 2.1.0 is not used: loadBalancerController.version at {path}:8 "
        "names 2.14.0"
    ]
    assert notes[0] in checked.notes


def test_a_bad_flag_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match=r"expected a release such as 2\.13\.0"):
        resolve([], controller_version="latest")
    assert run(["validate", "--external-dns-version", "0.x", str(app(tmp_path))]) == 2
    assert "--external-dns-version '0.x'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["render", "validate", "plan"])
def test_every_checking_command_takes_both_flags(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([command, "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--controller-version" in text and "--external-dns-version" in text
    assert "loadBalancerController.version wins" in text
    assert "externalDns.version wins" in text
    assert f"Default: {facts.versions.LBC_VERSION}, the release eksgen pins" in text


# ---- EKS040: LBC annotations and fields ----------------------------------------------------


def test_eks040_fires_below_the_release_that_added_the_annotation(tmp_path: Path) -> None:
    since = facts.lbc.lookup(INGRESS_PREFIX + "load-balancer-name")
    assert since is not None and since.since == "2.2.0"
    path = app(tmp_path, "loadBalancerName: web\n")
    (message,) = found([path], "EKS040", controller_version="2.1.0")
    assert message.startswith("spec.exposure.loadBalancerName: becomes ")
    assert "reads since 2.2.0; 2.1.0 (--controller-version) ignores it" in message
    assert found([path], "EKS040", controller_version="2.2.0") == []
    assert found([path], "EKS040") == []  # the pin, 3.5.0


def test_eks040_counts_hand_written_annotations(tmp_path: Path) -> None:
    fact = facts.lbc.lookup(INGRESS_PREFIX + "wafv2-acl-name")
    assert fact is not None
    path = app(tmp_path, annotations=f"{INGRESS_PREFIX}wafv2-acl-name: web-acl\n")
    (message,) = found([path], "EKS040", controller_version="2.13.0")
    assert message.startswith(f'metadata.annotations["{INGRESS_PREFIX}wafv2-acl-name"]: ')
    assert f"since {fact.since}" in message
    assert found([path], "EKS040", controller_version=fact.since) == []


def test_eks040_reports_the_defaults_of_an_nlb_once(tmp_path: Path) -> None:
    """nlb-target-type and scheme (both 2.2.0) are written whatever the spec says."""
    path = app(tmp_path, exposure="nlb")
    (message,) = found([path], "EKS040", controller_version="2.1.0")
    assert message.startswith("spec.exposure.type: becomes ")
    assert "aws-load-balancer-nlb-target-type and " in message and "ignores them" in message


def test_eks040_the_cluster_spec_wins(tmp_path: Path) -> None:
    paths = [app(tmp_path, "loadBalancerName: web\n"), cluster(tmp_path, lbc="version: '2.2.0'\n")]
    assert found(paths, "EKS040", controller_version="2.1.0") == []


def test_eks040_never_fires_on_the_pinned_release(tmp_path: Path) -> None:
    pin = facts.versions.LBC_VERSION
    assert all(facts.versions.at_least(pin, f.since) for f in facts.lbc.ANNOTATIONS.values())


# ---- EKS041: ExternalDNS annotations --------------------------------------------------------


def test_eks041_annotation_only_needs_0_9(tmp_path: Path) -> None:
    path = app(tmp_path)
    path.write_text(path.read_text() + "  dns:\n    enabled: false\n")
    (message,) = found([path], "EKS041", external_dns_version="0.8.0")
    assert message.startswith("spec.dns.enabled: becomes the ingress-hostname-source annotation")
    assert "since 0.9.0" in message and "publishes the Ingress rule hosts" in message
    assert found([path], "EKS041", external_dns_version="0.9.0") == []


def test_eks041_counts_hand_written_annotations_under_either_prefix(tmp_path: Path) -> None:
    for prefix in (DNS_ALPHA_PREFIX, DNS_GA_PREFIX):
        path = app(tmp_path, annotations=f"{prefix}aws-hosted-zone-id: {ZONE}\n")
        (message,) = found([path], "EKS041", external_dns_version="0.21.0")
        assert "since 0.22.0" in message
        assert found([path], "EKS041", external_dns_version="0.22.0") == []


def test_eks041_knows_every_key_eks027_knows() -> None:
    assert set(facts.external_dns.ANNOTATIONS) == set(unknown_controller_annotation.DNS_KEYS)


def test_every_annotation_of_the_upstream_reference_has_a_fact() -> None:
    reference = upstream("external-dns", "docs", "annotations_annotations.md").read_text()
    documented = set(re.findall(r"^#+ external-dns\.kubernetes\.io/([a-z-]+)$", reference, re.M))
    assert documented and documented <= set(facts.external_dns.ANNOTATIONS)


# ---- EKS121: the flags eksgen's values pass --------------------------------------------------


def test_eks121_fires_on_a_release_without_annotation_prefix(tmp_path: Path) -> None:
    path = cluster(tmp_path, external_dns=f"version: '0.19.0'\nhostedZoneIds: [{ZONE}]\n")
    (message,) = found([path], "EKS121")
    assert message.startswith("spec.externalDns.version: eksgen's values pass ")
    assert "--annotation-prefix (since 0.20.0)" in message
    path = cluster(tmp_path, external_dns=f"version: '0.20.0'\nhostedZoneIds: [{ZONE}]\n")
    assert found([path], "EKS121") == []


def test_eks121_reports_a_later_value_at_its_field(tmp_path: Path) -> None:
    path = cluster(
        tmp_path,
        external_dns=f"policy: create-only\ndomainFilters: [example.com]\nhostedZoneIds: [{ZONE}]\n",
    )
    messages = found([path], "EKS121", external_dns_version="0.5.16")
    assert any(
        m.startswith("spec.externalDns.policy: ") and "--policy=create-only (since 0.5.17)" in m
        for m in messages
    )
    # --annotation-prefix, always passed, is reported at the section (no version field).
    assert any(m.startswith("spec.externalDns: ") for m in messages)
    assert not any(m.startswith("spec.externalDns.domainFilters") for m in messages)
    older = found([path], "EKS121", external_dns_version="0.2.0")
    assert any(m.startswith("spec.externalDns.domainFilters: ") for m in older)


def test_every_flag_of_the_values_has_a_fact(tmp_path: Path) -> None:
    path = cluster(
        tmp_path,
        external_dns=f"domainFilters: [example.com]\nzoneType: public\nhostedZoneIds: [{ZONE}]\n",
    )
    (built,) = check_paths([str(path)]).clusters
    assert built.external_dns is not None
    values = external_dns_values(built, built.external_dns)
    passed = {key for key in values if key not in ("env", "serviceAccount", "extraArgs")}
    passed |= {f"extraArgs.{key}" for key in values.get("extraArgs", {})}
    passed = {"provider.name" if key == "provider" else key for key in passed}
    assert passed == {fact.value for fact in facts.external_dns.FLAGS.values()}


def test_the_chart_passes_each_value_as_its_flag() -> None:
    """chart-values-1.21.1.yaml holds every value eksgen writes (extraArgs: a free map)."""
    chart = yaml.safe_load(upstream("external-dns", "chart-values-1.21.1.yaml").read_text())
    for fact in facts.external_dns.FLAGS.values():
        assert fact.value.split(".")[0] in chart, fact.value


# ---- the prefix ExternalDNS reads ------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "prefix", "flag", "reads"),
    [
        ("0.19.0", DNS_ALPHA_PREFIX, DNS_ALPHA_PREFIX, True),
        ("0.19.0", DNS_GA_PREFIX, DNS_GA_PREFIX, False),
        ("0.20.0", DNS_GA_PREFIX, DNS_GA_PREFIX, True),
        ("0.21.0", DNS_ALPHA_PREFIX, None, True),
        ("0.22.0", DNS_ALPHA_PREFIX, None, False),
        ("0.22.0", DNS_ALPHA_PREFIX, DNS_ALPHA_PREFIX, True),
        ("v0.22", DNS_GA_PREFIX, None, True),
    ],
)
def test_reads_prefix(version: str, prefix: str, flag: str | None, reads: bool) -> None:
    assert reads_prefix(version, prefix, flag) is reads


def test_the_new_rules_are_errors_and_advice() -> None:
    for rule_id in ("EKS040", "EKS041", "EKS121"):
        assert RULES[rule_id].SEVERITY.value == "error"
        assert RULES[rule_id].GUARD is False
