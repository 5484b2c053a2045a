"""eksgen import: manifests in, App specs out, and the specs render the manifests back.

The acceptance tests: every example renders, imports and renders again byte for byte; the
seed article's manifests import into specs that render them (or, for the seed Ingress's
HTTPS-only listener with a redirect, the documented equivalent). The rest pins down the
grouping heuristics, the reversal of each annotation, and that odd input gives warnings,
never tracebacks or specs that `eksgen validate` refuses.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import EXAMPLES, example_specs, shared_file
from eksgen.api import check_paths, render_paths
from eksgen.errors import Severity
from eksgen.importer.main import ImportResult, dump_specs, import_manifests
from eksgen.model.controller import INGRESS_FIELDS, INGRESS_PREFIX, SERVICE_FIELDS, SERVICE_PREFIX
from eksgen.render.layout import output_files, stream
from eksgen.render.manifests import Manifest
from eksgen.resources import schema
from eksgen.spec.load import Document
from eksgen.spec.validate import validate_document

ARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
APP_EXAMPLES = [
    path for path in example_specs() if yaml.safe_load(path.read_text())["kind"] == "App"
]


# --- helpers --------------------------------------------------------------------------------


def _import(tmp_path: Path, text: str, name: str = "in.yaml") -> ImportResult:
    file = tmp_path / name
    file.write_text(text)
    return import_manifests([str(file)])


def _render_specs(tmp_path: Path, result: ImportResult, *more: Path) -> list[Manifest]:
    """Write the imported specs as eksgen import would, then render them (with more specs)."""
    spec_file = tmp_path / "imported-specs.yaml"
    spec_file.write_text(dump_specs(result.specs))
    return render_paths([str(spec_file), *map(str, more)]).manifests


def _objects(manifests: list[Manifest]) -> dict[tuple[str, str, str], Any]:
    return {(m.kind, m.namespace, m.name): yaml.safe_load(m.text) for m in manifests}


def _messages(result: ImportResult) -> list[str]:
    return [problem.message for problem in result.warnings]


def _service(name: str = "web", namespace: str = "shop", **extra: Any) -> dict[str, Any]:
    service: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"selector": {"app": name}, "ports": [{"name": "http", "port": 80}]},
    }
    for key, value in extra.items():
        section = service["metadata"] if key in ("annotations", "labels") else service["spec"]
        section[key] = value
    return service


def _ingress(
    name: str = "web", namespace: str = "shop", annotations: dict[str, str] | None = None
) -> dict[str, Any]:
    backend = {"service": {"name": name, "port": {"number": 80}}}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": name, "namespace": namespace, "annotations": annotations or {}},
        "spec": {
            "ingressClassName": "alb",
            "rules": [
                {
                    "host": "web.example.com",
                    "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": backend}]},
                }
            ],
        },
    }


def _policy(name: str, match_labels: dict[str, str], namespace: str = "shop") -> dict[str, Any]:
    return {
        "apiVersion": "vpcresources.k8s.aws/v1beta1",
        "kind": "SecurityGroupPolicy",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "podSelector": {"matchLabels": match_labels},
            "securityGroups": {"groupIds": ["sg-0123456789abcdef0"]},
        },
    }


def _stream(*documents: dict[str, Any]) -> str:
    return yaml.safe_dump_all(documents, sort_keys=False)


def _assert_valid(tmp_path: Path, result: ImportResult) -> None:
    """What eksgen import writes must pass eksgen validate (its schema above all)."""
    spec_file = tmp_path / "check-specs.yaml"
    spec_file.write_text(dump_specs(result.specs))
    assert check_paths([str(spec_file)]).errors == []


# --- the acceptance test: examples ------------------------------------------------------------


@pytest.mark.parametrize("example", APP_EXAMPLES, ids=lambda path: path.stem)
def test_example_renders_imports_and_renders_again_byte_for_byte(
    example: Path, tmp_path: Path
) -> None:
    first = render_paths([str(example)]).manifests
    manifests_dir = tmp_path / "manifests"
    manifests_dir.mkdir()
    for manifest in first:
        (manifests_dir / f"{manifest.name}.{manifest.filename}").write_text(manifest.text)
    result = import_manifests([str(manifests_dir)])
    assert result.errors == []
    assert result.warnings == []  # eksgen's own output imports without a word
    second = _render_specs(tmp_path, result)
    assert stream(second) == stream(first)


def test_the_examples_folder_round_trips_as_one_stream(tmp_path: Path) -> None:
    """A multi-document file; the Cluster's objects are skipped with a warning each.

    The App on the Cluster's IngressClass gets back what its Ingress left to the class's
    IngressClassParams (group name, certificates) from the params in the stream, so that
    rendered with the Cluster spec again it is the same.
    """
    first = render_paths([str(EXAMPLES)]).manifests
    (tmp_path / "all.yaml").write_text(stream(first))
    result = import_manifests([str(tmp_path / "all.yaml")])
    assert result.errors == []
    platform = (
        "is the platform's: eksgen import writes Apps only, so write it in the Cluster spec's "
        "spec.ingressClasses; skipped"
    )
    assert _messages(result) == [
        f"IngressClassParams {platform}",
        f"IngressClass {platform}",
        *[
            "'ENIConfig' (crd.k8s.amazonaws.com/v1alpha1) is not a Service, Ingress, "
            "SecurityGroupPolicy or TargetGroupBinding; skipped"
        ]
        * 2,
    ]
    assert stream(_render_specs(tmp_path, result, EXAMPLES / "cluster.yaml")) == stream(first)


def test_an_output_folder_round_trips(tmp_path: Path) -> None:
    """eksgen render -o DIR output: its kustomization files are passed over, in one note."""
    first = render_paths([str(path) for path in APP_EXAMPLES]).manifests
    written = output_files(first)
    for relative, text in written.items():
        (tmp_path / "out" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "out" / relative).write_text(text)
    result = import_manifests([str(tmp_path / "out")])
    assert _messages(result) == []
    kustomizations = [name for name in written if name.endswith("kustomization.yaml")]
    assert result.notes == [
        f"{len(kustomizations)} files written by eksgen skipped "
        "(kustomizations, Helm values or Cluster files: nothing to import)"
    ]
    assert stream(_render_specs(tmp_path, result)) == stream(first)


# --- the acceptance test: the seed article ------------------------------------------------------


def _seed_documents() -> list[dict[str, Any]]:
    seed = shared_file("reference", "seed-article.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", seed, flags=re.DOTALL)
    return [doc for block in blocks for doc in yaml.safe_load_all(block) if doc]


def _seed(kind: str) -> dict[str, Any]:
    return next(doc for doc in _seed_documents() if doc.get("kind") == kind)


def _seed_fragment(word: str) -> dict[str, str]:
    """An annotations-only block of the seed (NLB TLS, ExternalDNS)."""
    return next(
        doc["annotations"]
        for doc in _seed_documents()
        if "annotations" in doc and any(word in key for key in doc["annotations"])
    )


EKSGEN_LABELS = {"app.kubernetes.io/managed-by": "eksgen", "app.kubernetes.io/name": "my-app"}
# The Service the seed's Ingress needs, written as eksgen would render it for the app.
SEED_INGRESS_SERVICE = _service("my-app", "production", type="ClusterIP")
SEED_INGRESS_SERVICE["spec"]["ports"] = [
    {"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}
]


def _assert_same_object(ours: dict[str, Any], seed: dict[str, Any], name: str) -> None:
    """Equal on every field eksgen emits; eksgen adds its two labels."""
    assert ours["apiVersion"] == seed["apiVersion"]
    assert ours["metadata"]["name"] == name
    assert ours["metadata"]["namespace"] == seed["metadata"]["namespace"]
    assert ours["metadata"]["labels"] == seed["metadata"].get("labels", {}) | {
        "app.kubernetes.io/managed-by": "eksgen",
        "app.kubernetes.io/name": name,
    }
    assert ours["spec"] == seed["spec"]


def test_seed_nlb_service_round_trips(tmp_path: Path) -> None:
    seed = _seed("Service")
    result = _import(tmp_path, _stream(seed))
    assert result.warnings == []
    ours = _objects(_render_specs(tmp_path, result))[("Service", "production", "my-app")]
    _assert_same_object(ours, seed, "my-app")
    assert ours["metadata"]["annotations"] == seed["metadata"]["annotations"]


def test_seed_nlb_tls_annotations_round_trip_with_the_policy_made_explicit(
    tmp_path: Path,
) -> None:
    seed = _seed("Service")
    seed["metadata"]["annotations"] |= _seed_fragment("ssl-cert")
    result = _import(tmp_path, _stream(seed))
    (warning,) = result.warnings
    assert "no aws-load-balancer-ssl-negotiation-policy" in warning.message
    assert result.specs[0]["spec"]["tls"] == {"certificateArns": [ARN], "ports": [443]}
    ours = _objects(_render_specs(tmp_path, result))[("Service", "production", "my-app")]
    _assert_same_object(ours, seed, "my-app")
    policy = {
        SERVICE_PREFIX
        + "aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"
    }
    assert ours["metadata"]["annotations"] == seed["metadata"]["annotations"] | policy


def test_seed_alb_ingress_renders_its_documented_equivalent(tmp_path: Path) -> None:
    """Everything as the seed says, but the HTTP listener its redirect needs (README)."""
    seed = _seed("Ingress")
    seed["metadata"]["annotations"] |= _seed_fragment("external-dns")
    result = _import(tmp_path, _stream(seed, SEED_INGRESS_SERVICE))
    assert [warning.path for warning in result.warnings] == [
        f'metadata.annotations["{INGRESS_PREFIX}certificate-arn"]',  # no ssl-policy given
        f'metadata.annotations["{INGRESS_PREFIX}listen-ports"]',
    ]
    assert "adding the HTTP listener the redirect needs" in result.warnings[1].message
    objects = _objects(_render_specs(tmp_path, result))
    ours = objects[("Ingress", "production", "my-app")]
    _assert_same_object(ours, seed, "my-app")
    assert ours["metadata"]["annotations"] == seed["metadata"]["annotations"] | {
        INGRESS_PREFIX + "listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
        INGRESS_PREFIX + "ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
    }
    _assert_same_object(
        objects[("Service", "production", "my-app")], SEED_INGRESS_SERVICE, "my-app"
    )


def test_seed_security_group_policy_round_trips_with_the_service_named_like_it(
    tmp_path: Path,
) -> None:
    seed = _seed("SecurityGroupPolicy")
    service = _service("db-access", "production")
    result = _import(tmp_path, _stream(seed, service))
    assert result.warnings == []
    assert result.specs[0]["spec"]["dbAccess"] == {
        "securityGroupIds": ["sg-0123456789abcdef0"],
        "podSelector": {"db-access": "true"},
    }
    objects = _objects(_render_specs(tmp_path, result))
    _assert_same_object(
        objects[("SecurityGroupPolicy", "production", "db-access")], seed, "db-access"
    )
    assert objects[("Service", "production", "db-access")]["spec"]["selector"] == {
        "app": "db-access"
    }


def test_seed_security_group_policy_joins_the_service_whose_pods_it_selects(
    tmp_path: Path,
) -> None:
    seed = _seed("SecurityGroupPolicy")
    service = _service("orders-api", "production")
    service["spec"]["selector"] = {"app": "orders-api", "db-access": "true"}
    result = _import(tmp_path, _stream(seed, service))
    assert _messages(result) == [
        "attached to app orders-api, whose policy eksgen names orders-api: delete db-access "
        "once the rendered one is applied"
    ]
    ours = _objects(_render_specs(tmp_path, result))
    policy = ours[("SecurityGroupPolicy", "production", "orders-api")]
    assert policy["spec"] == seed["spec"]


# --- grouping -----------------------------------------------------------------------------------


def test_an_ingress_joins_the_service_its_backends_name(tmp_path: Path) -> None:
    ingress = _ingress("web-public")
    ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] = "web"
    result = _import(tmp_path, _stream(_service(), ingress))
    (spec,) = result.specs
    assert spec["metadata"]["name"] == "web"
    assert spec["spec"]["exposure"]["type"] == "alb"
    assert any("delete web-public once the rendered one" in m for m in _messages(result))


def test_an_ingress_alone_becomes_an_app_when_eksgen_can_render_it(tmp_path: Path) -> None:
    result = _import(tmp_path, _stream(_ingress()))
    (spec,) = result.specs
    assert spec["spec"]["ports"] == [{"port": 80}]
    assert any("no Service web in the input" in message for message in _messages(result))
    _assert_valid(tmp_path, result)


def test_an_ingress_to_another_missing_service_is_not_imported(tmp_path: Path) -> None:
    ingress = _ingress("front")
    ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] = "web"
    result = _import(tmp_path, _stream(ingress))
    assert result.specs == []
    assert "import the two together" in _messages(result)[-1]
    assert [error.message for error in result.errors] == [
        f"nothing to import in {tmp_path / 'in.yaml'}: no Service, Ingress or "
        "SecurityGroupPolicy that eksgen can render"
    ]


def test_a_second_ingress_for_one_service_is_not_imported(tmp_path: Path) -> None:
    other = _ingress("web-2")
    other["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] = "web"
    result = _import(tmp_path, _stream(other, _ingress(), _service()))
    assert len(result.specs) == 1
    assert "already has Ingress shop/web" in _messages(result)[0]


@pytest.mark.parametrize(
    ("selector", "match_labels", "attached"),
    [
        ({"app": "web"}, {"app": "web"}, True),  # the same pods
        ({"app": "web", "tier": "api"}, {"app": "web"}, True),  # the policy covers them all
        ({"app": "web"}, {"app": "web", "db": "yes"}, True),  # some of them
        ({"app": "web"}, {"app": "other"}, False),
        ({"app": "web"}, {}, False),  # an empty podSelector attaches by name only
    ],
)
def test_a_policy_joins_a_service_by_selector(
    tmp_path: Path, selector: dict[str, str], match_labels: dict[str, str], attached: bool
) -> None:
    service = _service(selector=selector)
    result = _import(tmp_path, _stream(service, _policy("database", match_labels)))
    specs = {spec["metadata"]["name"]: spec["spec"] for spec in result.specs}
    assert ("dbAccess" in specs["web"]) is attached
    # A policy that joins no Service is an App of its own, without ports.
    assert ("database" in specs) is not attached
    if not attached:
        assert "ports" not in specs["database"]
        assert specs["database"]["dbAccess"]["securityGroupIds"] == ["sg-0123456789abcdef0"]


def test_a_policy_named_like_a_service_joins_it_whatever_it_selects(tmp_path: Path) -> None:
    result = _import(tmp_path, _stream(_service(), _policy("web", {})))
    assert result.specs[0]["spec"]["dbAccess"]["podSelector"] == {}
    assert result.warnings == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"podSelector": {"matchExpressions": []}}, "matchLabels only"),
        ({"serviceAccountSelector": {}, "podSelector": {}}, "by labels only"),
        ({"podSelector": {"matchLabels": {"app": "web"}}}, "no securityGroups.groupIds"),
    ],
)
def test_a_policy_eksgen_cannot_render_is_skipped(
    tmp_path: Path, spec: dict[str, Any], message: str
) -> None:
    policy = _policy("web", {}) | {"spec": spec}
    result = _import(tmp_path, _stream(_service(), policy))
    assert "dbAccess" not in result.specs[0]["spec"]
    assert any(message in m for m in _messages(result))


# --- a policy alone: an App without ports -------------------------------------------------------


def _policy_spec(tmp_path: Path, *documents: dict[str, Any]) -> tuple[ImportResult, Any]:
    """Import the documents; the one spec, and the policy it renders back."""
    result = _import(tmp_path, _stream(*documents))
    assert result.errors == []
    assert len(result.specs) == 1
    manifests = _render_specs(tmp_path, result)
    assert [manifest.kind for manifest in manifests] == ["SecurityGroupPolicy"]
    return result, yaml.safe_load(manifests[0].text)


def test_the_seed_policy_alone_becomes_an_app_without_ports(tmp_path: Path) -> None:
    """Nothing beside it: its groups are dbAccess, the pods it selects the app's selector."""
    seed = _seed("SecurityGroupPolicy")
    result, policy = _policy_spec(tmp_path, seed)
    assert result.warnings == []
    assert result.specs[0]["spec"] == {
        "selector": {"db-access": "true"},
        "dbAccess": {"securityGroupIds": ["sg-0123456789abcdef0"]},
    }
    _assert_same_object(policy, seed, "db-access")


@pytest.mark.parametrize(
    "match_labels",
    [
        {"app": "worker"},  # eksgen's default selector: left out of the spec
        {"app.kubernetes.io/name": "worker", "tier": "jobs"},
        {},  # every pod of the namespace: only dbAccess.podSelector {} says that
    ],
    ids=["default", "labels", "empty"],
)
def test_any_pod_selector_of_a_policy_alone_renders_back(
    tmp_path: Path, match_labels: dict[str, str]
) -> None:
    source = _policy("worker", match_labels) | {
        "metadata": {"name": "worker", "namespace": "shop", "labels": {"team": "jobs"}}
    }
    result, policy = _policy_spec(tmp_path, source)
    spec = result.specs[0]
    assert "ports" not in spec["spec"] and "exposure" not in spec["spec"]
    assert spec["metadata"]["labels"] == {"team": "jobs"}
    assert (match_labels == {}) is ("podSelector" in spec["spec"]["dbAccess"])
    _assert_same_object(policy, source, "worker")


def test_a_policy_alone_keeps_its_annotations_and_reports_what_it_cannot_carry(
    tmp_path: Path,
) -> None:
    source = _policy("worker", {"app": "worker"})
    source["metadata"]["annotations"] = {"example.com/owner": "payments"}
    source["spec"]["securityGroups"] = {
        "groupIds": ["sg-0123456789abcdef0", "sg-nothex"],
        "extra": True,
    }
    result, policy = _policy_spec(tmp_path, source)
    assert result.specs[0]["metadata"]["annotations"] == {"example.com/owner": "payments"}
    assert policy["spec"]["securityGroups"] == {"groupIds": ["sg-0123456789abcdef0"]}
    warned = {problem.path: problem.message for problem in result.warnings}
    assert set(warned) == {
        'metadata.annotations["example.com/owner"]',
        "spec.securityGroups.groupIds[1]",
        "spec.securityGroups.extra",
    }
    assert warned["spec.securityGroups.groupIds[1]"].endswith("; not imported")
    assert warned["spec.securityGroups.extra"] == "not modelled by eksgen; not imported"


def test_a_policy_alone_with_a_label_the_schema_refuses_is_not_imported(tmp_path: Path) -> None:
    """Dropping the label would make the rendered policy select more pods: no app at all."""
    result = _import(tmp_path, _stream(_policy("worker", {"app": "not a label value"})))
    assert result.specs == []
    (warning,) = result.warnings
    assert warning.path == "metadata.name"
    assert warning.message.startswith(
        "cannot be imported: the App spec would be invalid at spec.selector.app:"
    )


def test_a_policy_named_like_a_skipped_service_is_not_an_app_of_its_own(tmp_path: Path) -> None:
    service = _service(type="ExternalName")
    result = _import(tmp_path, _stream(service, _policy("web", {"app": "web"})))
    assert result.specs == []
    assert _messages(result)[-1] == (
        "its Service web is not imported (see the warning on it); skipped"
    )


def test_a_second_policy_of_the_same_name_is_skipped(tmp_path: Path) -> None:
    first, second = _policy("worker", {"app": "worker"}), _policy("worker", {"app": "other"})
    result = _import(tmp_path, _stream(first, second))
    (spec,) = result.specs
    assert "selector" not in spec["spec"]  # the first one's pods: eksgen's default
    assert _messages(result) == [
        "app worker already has SecurityGroupPolicy shop/worker: eksgen renders one "
        "SecurityGroupPolicy per app; skipped"
    ]


def test_the_import_command_takes_a_policy_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eksgen.cli.app import run

    (tmp_path / "policy.yaml").write_text(_stream(_policy("worker", {"role": "worker"})))
    specs = tmp_path / "apps.yaml"
    assert run(["import", str(tmp_path / "policy.yaml"), "-o", str(specs)]) == 0
    out = tmp_path / "out"
    assert run(["render", str(specs), "-o", str(out)]) == 0
    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    assert written == [
        "kustomization.yaml",
        "shop/worker/kustomization.yaml",
        "shop/worker/securitygrouppolicy.yaml",
    ]
    capsys.readouterr()


# --- reversing the annotations ------------------------------------------------------------------


def test_unknown_annotations_are_kept_with_one_warning_per_key(tmp_path: Path) -> None:
    shared = {"example.com/owner": "team-a", "alb.ingress.kubernetes.io/waf-acl-id": "acl-1"}
    service = _service(annotations={"example.com/owner": "team-a"})
    result = _import(tmp_path, _stream(service, _ingress(annotations=shared)))
    assert result.specs[0]["metadata"]["annotations"] == shared
    kept = [w for w in result.warnings if "kept verbatim" in w.message]
    assert [w.path for w in kept] == [
        'metadata.annotations["example.com/owner"]',
        'metadata.annotations["alb.ingress.kubernetes.io/waf-acl-id"]',
    ]
    assert all(w.severity is Severity.WARNING and w.line > 0 for w in kept)
    assert [w.message.rsplit(" renders on ", 1)[1] for w in kept] == [
        "every object of the app",
        "the Ingress alone",
    ]
    rendered = _objects(_render_specs(tmp_path, result))
    # Each key goes back to the objects that read it: the WAF Classic ACL to the Ingress alone.
    assert rendered[("Service", "shop", "web")]["metadata"]["annotations"] == {
        "example.com/owner": "team-a"
    }
    ingress_annotations = rendered[("Ingress", "shop", "web")]["metadata"]["annotations"]
    assert shared.items() <= ingress_annotations.items()


def test_a_service_without_eksgen_labels_imports_with_its_own(tmp_path: Path) -> None:
    service = _service(labels={"team": "shop"})
    result = _import(tmp_path, _stream(service))
    assert result.warnings == []
    assert result.specs == [
        {
            "apiVersion": "eksgen.dev/v1alpha1",
            "kind": "App",
            "metadata": {"name": "web", "namespace": "shop", "labels": {"team": "shop"}},
            "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]},
        }
    ]
    labels = _objects(_render_specs(tmp_path, result))[("Service", "shop", "web")]["metadata"][
        "labels"
    ]
    assert labels == {
        "team": "shop",
        "app.kubernetes.io/managed-by": "eksgen",
        "app.kubernetes.io/name": "web",
    }


def test_foreign_managed_by_labels_are_dropped_with_a_warning(tmp_path: Path) -> None:
    labels = {"app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/name": "web"}
    result = _import(tmp_path, _stream(_service(labels=labels)))
    assert "labels" not in result.specs[0]["metadata"]
    assert _messages(result) == ["eksgen sets this label to 'eksgen' on every object of the app"]


def test_the_legacy_ingress_class_annotation_is_dropped(tmp_path: Path) -> None:
    ingress = _ingress(annotations={"kubernetes.io/ingress.class": "alb"})
    del ingress["spec"]["ingressClassName"]
    result = _import(tmp_path, _stream(ingress, _service()))
    assert result.specs[0]["spec"]["exposure"]["type"] == "alb"
    assert "annotations" not in result.specs[0]["metadata"]
    assert any("deprecated: eksgen writes spec.ingressClassName" in m for m in _messages(result))
    _assert_valid(tmp_path, result)


def test_an_ingress_of_another_class_is_skipped(tmp_path: Path) -> None:
    ingress = _ingress() | {"spec": {"ingressClassName": "nginx"}}
    result = _import(tmp_path, _stream(ingress, _service()))
    assert "exposure" not in result.specs[0]["spec"]
    assert "class 'nginx'" in _messages(result)[0]


def test_an_unknown_scheme_is_dropped_and_the_spec_stays_valid(tmp_path: Path) -> None:
    annotations = {INGRESS_PREFIX + "scheme": "public", INGRESS_PREFIX + "target-type": "ip"}
    result = _import(tmp_path, _stream(_ingress(annotations=annotations), _service()))
    assert "scheme" not in result.specs[0]["spec"]["exposure"]
    (warning,) = [w for w in result.warnings if "public" in w.message]
    assert warning.message.startswith("'public' is not one of [internal, internet-facing]")
    assert warning.path == f'metadata.annotations["{INGRESS_PREFIX}scheme"]'
    assert warning.line == 7  # the annotation's line in the file
    _assert_valid(tmp_path, result)


def test_alb_annotations_map_to_their_fields(tmp_path: Path) -> None:
    annotations = {
        INGRESS_PREFIX + "scheme": "internet-facing",
        INGRESS_PREFIX + "target-type": "ip",
        INGRESS_PREFIX + "subnets": "subnet-0aaa, subnet-0bbb",
        INGRESS_PREFIX + "inbound-cidrs": "203.0.113.7/24",
        INGRESS_PREFIX + "load-balancer-name": "web-public",
        INGRESS_PREFIX + "group.name": "shared",
        INGRESS_PREFIX + "group.order": "10",
        INGRESS_PREFIX + "tags": "team=shop,env=prod",
        INGRESS_PREFIX + "load-balancer-attributes": "idle_timeout.timeout_seconds=60",
        "external-dns.alpha.kubernetes.io/hostname": "web.example.com",
        "external-dns.alpha.kubernetes.io/ttl": "1m",
    }
    result = _import(tmp_path, _stream(_ingress(annotations=annotations), _service()))
    spec = result.specs[0]["spec"]
    assert spec["exposure"] == {
        "type": "alb",
        "scheme": "internet-facing",
        "targetType": "ip",
        "subnets": ["subnet-0aaa", "subnet-0bbb"],
        "sourceRanges": ["203.0.113.0/24"],
        "loadBalancerName": "web-public",
        "group": {"name": "shared", "order": 10},
        "tags": {"env": "prod", "team": "shop"},
        "attributes": {"loadBalancer": {"idle_timeout.timeout_seconds": "60"}},
    }
    assert spec["dns"] == {"ttl": 60}
    assert _messages(result) == ["203.0.113.7/24 imported as 203.0.113.0/24"]
    _assert_valid(tmp_path, result)


def test_a_target_group_annotation_on_the_backend_service_wins(tmp_path: Path) -> None:
    service = _service(annotations={INGRESS_PREFIX + "healthcheck-path": "/ready"})
    ingress = _ingress(annotations={INGRESS_PREFIX + "healthcheck-path": "/healthz"})
    result = _import(tmp_path, _stream(service, ingress))
    assert result.specs[0]["spec"]["exposure"]["healthCheck"] == {"path": "/ready"}
    assert any("read from the backend Service" in m for m in _messages(result))
    assert any("differs from the Service's '/ready'" in m for m in _messages(result))


@pytest.mark.parametrize(
    ("listen_ports", "ssl_redirect", "redirect_http", "warned"),
    [
        ('[{"HTTP":80},{"HTTPS":443}]', "443", True, False),  # what eksgen writes
        ('[{"HTTPS":443}]', None, False, False),  # eksgen's redirectHttp: false
        (None, None, False, False),  # the controller's default with a certificate
        ('[{"HTTPS":443}]', "443", True, True),  # the seed: the HTTP listener is added
        ('[{"HTTP":80},{"HTTPS":443}]', None, True, True),  # HTTP served: now redirected
        ('[{"HTTPS":8443}]', None, False, False),  # spec.exposure.listenPorts.https
        ("not json", None, False, False),  # unreadable: a warning of its own
    ],
)
def test_listeners_and_redirect_map_to_tls(
    tmp_path: Path,
    listen_ports: str | None,
    ssl_redirect: str | None,
    redirect_http: bool,
    warned: bool,
) -> None:
    annotations = {
        INGRESS_PREFIX + "certificate-arn": ARN,
        INGRESS_PREFIX + "ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
    }
    if listen_ports is not None:
        annotations[INGRESS_PREFIX + "listen-ports"] = listen_ports
    if ssl_redirect is not None:
        annotations[INGRESS_PREFIX + "ssl-redirect"] = ssl_redirect
    result = _import(tmp_path, _stream(_ingress(annotations=annotations), _service()))
    tls = result.specs[0]["spec"]["tls"]
    assert tls.get("redirectHttp", True) is redirect_http
    listener_warnings = [m for m in _messages(result) if "eksgen renders [" in m]
    assert bool(listener_warnings) is warned
    _assert_valid(tmp_path, result)


@pytest.mark.parametrize(
    ("annotations", "load_balancer_class", "exposure"),
    [
        (
            {"aws-load-balancer-type": "external", "aws-load-balancer-nlb-target-type": "ip"},
            None,
            {"type": "nlb", "scheme": "internal", "targetType": "ip"},
        ),
        (
            {"aws-load-balancer-type": "nlb-ip"},
            None,
            {"type": "nlb", "scheme": "internal", "targetType": "ip"},
        ),
        (
            {
                "aws-load-balancer-scheme": "internet-facing",
                "aws-load-balancer-nlb-target-type": "instance",
            },
            "service.k8s.aws/nlb",
            {"type": "nlb", "scheme": "internet-facing", "targetType": "instance"},
        ),
        # The target type is the controller's --default-target-type, which no manifest says.
        ({"aws-load-balancer-scheme": "internet-facing"}, "service.k8s.aws/nlb", None),
        ({"aws-load-balancer-type": "nlb"}, None, None),  # the legacy in-tree provider
        ({}, None, None),  # a Classic Load Balancer
    ],
)
def test_load_balancer_services(
    tmp_path: Path,
    annotations: dict[str, str],
    load_balancer_class: str | None,
    exposure: dict[str, str] | None,
) -> None:
    service = _service(
        type="LoadBalancer",
        annotations={SERVICE_PREFIX + key: value for key, value in annotations.items()},
    )
    if load_balancer_class:
        service["spec"]["loadBalancerClass"] = load_balancer_class
    result = _import(tmp_path, _stream(service))
    if exposure is None:
        # Rendered back, a spec would replace (or delete) the load balancer that exists:
        # refused with the reason, nothing imported.
        (error,) = result.errors
        assert "Not imported" in error.message and result.specs == []
        return
    assert result.specs[0]["spec"].get("exposure") == exposure
    assert "annotations" not in result.specs[0]["metadata"]  # eksgen's keys are never kept
    _assert_valid(tmp_path, result)


def test_nlb_source_ranges_tls_ports_and_dns(tmp_path: Path) -> None:
    annotations = {
        "aws-load-balancer-type": "external",
        "aws-load-balancer-nlb-target-type": "ip",
        "aws-load-balancer-ssl-cert": ARN,
        "aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "aws-load-balancer-ssl-ports": "https, 8443, nope",
    }
    service = _service(
        type="LoadBalancer",
        loadBalancerSourceRanges=["10.0.0.0/8"],
        annotations={SERVICE_PREFIX + key: value for key, value in annotations.items()}
        | {"external-dns.kubernetes.io/hostname": "Web.Example.com."},
    )
    service["spec"]["ports"] = [{"name": "https", "port": 443}, {"name": "alt", "port": 8443}]
    result = _import(tmp_path, _stream(service))
    spec = result.specs[0]["spec"]
    assert spec["exposure"]["sourceRanges"] == ["10.0.0.0/8"]
    assert spec["tls"] == {"certificateArns": [ARN], "ports": ["https", 8443]}
    assert spec["hosts"] == ["web.example.com"]
    assert sorted(_messages(result)) == [
        "'nope' is not a port of the Service; ignored",
        "eksgen writes the prefix external-dns.alpha.kubernetes.io/, or the one a Cluster "
        "spec sets in externalDns.annotationPrefix",
    ]
    _assert_valid(tmp_path, result)


def test_kubectl_get_output_imports_without_server_noise(tmp_path: Path) -> None:
    service = _service(
        clusterIP="10.100.0.7",
        clusterIPs=["10.100.0.7"],
        ipFamilies=["IPv4"],
        ipFamilyPolicy="SingleStack",
        sessionAffinity="None",
        internalTrafficPolicy="Cluster",
        type="ClusterIP",
        annotations={"kubectl.kubernetes.io/last-applied-configuration": "{}"},
    )
    service["metadata"] |= {"uid": "1", "resourceVersion": "2", "creationTimestamp": "x"}
    service["status"] = {"loadBalancer": {}}
    listing = {"apiVersion": "v1", "kind": "List", "items": [service], "metadata": {}}
    result = _import(tmp_path, _stream(listing))
    assert _messages(result) == ["belongs to a tool, not to the object; not imported"]
    assert result.specs[0]["spec"] == {
        "selector": {"app": "web"},
        "ports": [{"name": "http", "port": 80}],
    }


# --- input that is not what it should be ------------------------------------------------------


def test_documents_that_are_not_imported_are_skipped_with_their_line(tmp_path: Path) -> None:
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n" + _stream(
        _service()
    )
    result = _import(tmp_path, text)
    assert len(result.specs) == 1
    (warning,) = result.warnings
    assert (warning.line, warning.path) == (2, "kind")
    assert (
        warning.message
        == "'Deployment' (apps/v1) is not a Service, Ingress, SecurityGroupPolicy or "
        "TargetGroupBinding; skipped"
    )


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (b"kind: Service\nmetadata: [unclosed\n", 3, "invalid YAML"),
        (b"a: 1\na: 2\n", 2, "invalid YAML"),
        (b"a: 2001-13-45\n", 1, "a: 2001-13-45 cannot be read as a date"),
        (b"kind: Service\n\xff\n", 2, "not UTF-8 text (byte 0xff)"),
    ],
)
def test_unreadable_input_is_an_error_not_a_traceback(
    tmp_path: Path, raw: bytes, line: int, message: str
) -> None:
    (tmp_path / "bad.yaml").write_bytes(raw)
    result = import_manifests([str(tmp_path / "bad.yaml")])
    (error,) = result.errors
    assert error.is_error and error.line == line and error.message.startswith(message)
    assert result.specs == []


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    result = import_manifests([str(tmp_path / "absent.yaml")])
    assert result.errors[0].message == "cannot be read: No such file or directory"


def test_stdin_is_read(tmp_path: Path) -> None:
    class Stdin:
        def read(self) -> str:
            return _stream(_service())

    assert import_manifests(["-"], stdin=Stdin()).specs[0]["metadata"]["name"] == "web"


MESSY = """\
kind: Service
apiVersion: v1
metadata:
  name: odd
  namespace: x
  labels: {version: 2, app.kubernetes.io/managed-by: Helm}
  annotations:
    n: 5
    e:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance
    service.beta.kubernetes.io/aws-load-balancer-scheme: public
    service.beta.kubernetes.io/aws-load-balancer-subnets: "subnet-zzz, subnet-abc"
    service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval: ten
    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: "arn:aws:iam::123:server-certificate/x"
    service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags: "aws:x=1,good=yes,bare"
spec:
  type: LoadBalancer
  selector: {app: odd}
  externalTrafficPolicy: Local
  loadBalancerSourceRanges: [10.0.0.1/8, bogus]
  ports:
    - {name: https, port: 443, targetPort: 8443, nodePort: 30443}
    - {name: sctp, port: 9, protocol: SCTP}
---
kind: Ingress
apiVersion: networking.k8s.io/v1
metadata:
  name: ing
  namespace: x
  annotations:
    alb.ingress.kubernetes.io/group.order: "5000"
    alb.ingress.kubernetes.io/target-type: instance
spec:
  tls: [{hosts: [x.example.com]}]
  rules:
    - host: X.example.com
      http: {paths: [{path: /a, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}},
                     {path: /b, backend: {service: {name: other, port: {name: http}}}}]}
    - http: {paths: [{path: /, pathType: Exact, backend: {service: {name: web, port: {number: 81}}}}]}
---
kind: Service
apiVersion: v1
metadata: {name: web, namespace: x}
spec: {selector: {app: web}, ports: [{port: 80, name: http}], type: NodePort}
---
kind: Service
apiVersion: v1
metadata: {name: "9bad", namespace: x}
spec: {selector: {app: x}, ports: [{port: "80"}]}
---
- a list
---
kind: Service
apiVersion: v1
metadata: {name: [weird]}
"""


def test_messy_input_gives_warnings_and_valid_specs(tmp_path: Path) -> None:
    result = _import(tmp_path, MESSY)
    assert result.errors == []
    assert [spec["metadata"]["name"] for spec in result.specs] == ["odd", "web"]
    odd = result.specs[0]
    assert odd["metadata"]["annotations"] == {"e": "", "n": "5"}
    assert odd["spec"]["exposure"] == {
        "type": "nlb",
        "targetType": "instance",
        "subnets": ["subnet-abc"],
        "sourceRanges": ["10.0.0.0/8"],
        "tags": {"good": "yes"},
    }
    assert "tls" not in odd["spec"]
    assert len(result.warnings) >= 20 and all(w.line > 0 for w in result.warnings)
    _assert_valid(tmp_path, result)


annotation_values = st.text(max_size=30) | st.sampled_from(
    ["", "ip", "80", "-1", "subnet-0aaa,subnet-0bbb", "a=b,c", '[{"HTTP":80}]', ARN, "10.0.0.1/8"]
)


@given(
    ingress_values=st.dictionaries(st.sampled_from(sorted(INGRESS_FIELDS)), annotation_values),
    service_values=st.dictionaries(st.sampled_from(sorted(SERVICE_FIELDS)), annotation_values),
)
def test_any_annotation_values_give_schema_valid_specs(
    ingress_values: dict[str, str], service_values: dict[str, str]
) -> None:
    ingress = _ingress(annotations={INGRESS_PREFIX + k: v for k, v in ingress_values.items()})
    service = _service(annotations={SERVICE_PREFIX + k: v for k, v in service_values.items()})
    nlb = _service("edge", type="LoadBalancer", annotations=service["metadata"]["annotations"])
    result = import_manifests(["-"], stdin=io.StringIO(_stream(ingress, service, nlb)))
    # The edge Service imports only when its annotations say the controller makes its NLB
    # and with which target type; otherwise it is an error and the others still import.
    assert len(result.specs) == 2 or (result.errors and len(result.specs) == 1)
    for spec in result.specs:
        assert validate_document(Document("<spec>", 0, spec, None)) == []
    reread = list(yaml.safe_load_all(dump_specs(result.specs)))
    assert reread == result.specs


# --- output -------------------------------------------------------------------------------------


def test_dump_is_deterministic_and_independent_of_input_order(tmp_path: Path) -> None:
    documents = [_service(), _ingress(), _policy("web", {"db": "yes"}), _service("api", "shop")]
    first = dump_specs(_import(tmp_path, _stream(*documents)).specs)
    again = dump_specs(_import(tmp_path, _stream(*documents)).specs)
    reversed_order = dump_specs(_import(tmp_path, _stream(*reversed(documents))).specs)
    assert first == again == reversed_order
    assert first.startswith("---\napiVersion: eksgen.dev/v1alpha1\nkind: App\n")


def _schema_order(node: dict[str, Any]) -> list[str]:
    return list(node.get("properties", {}))


def test_dumped_keys_follow_the_schema_and_strings_are_quoted_only_when_needed(
    tmp_path: Path,
) -> None:
    service = _service(labels={"flag": "true", "team": "shop"})
    result = _import(
        tmp_path, _stream(service, _ingress(annotations={INGRESS_PREFIX + "tags": "cost=42"}))
    )
    text = dump_specs(result.specs)
    assert "    flag: 'true'\n    team: shop\n" in text
    assert "      cost: '42'\n" in text
    app = schema("app")
    spec = result.specs[0]
    assert list(spec) == [key for key in _schema_order(app) if key in spec]
    assert list(spec["spec"]) == [
        key for key in _schema_order(app["properties"]["spec"]) if key in spec["spec"]
    ]
    exposure = _schema_order(app["$defs"]["exposure"])
    assert list(spec["spec"]["exposure"]) == [
        key for key in exposure if key in spec["spec"]["exposure"]
    ]
    for version in ((1, 1), (1, 2)):  # kubectl reads YAML 1.1, eksgen 1.2
        reader = YAML(typ="safe", pure=True)
        reader.version = version
        assert list(reader.load_all(text)) == result.specs
    assert json.loads(json.dumps(spec)) == spec  # plain data only


def test_import_command_writes_specs_that_render_back(tmp_path: Path) -> None:
    from conftest import EXAMPLES
    from eksgen.cli.app import run

    out = tmp_path / "out"
    assert run(["render", str(EXAMPLES / "nlb-public.yaml"), "-o", str(out)]) == 0
    specs = tmp_path / "imported" / "apps.yaml"
    assert run(["import", str(out), "-o", str(specs)]) == 0
    again = tmp_path / "again"
    assert run(["render", str(specs), "-o", str(again)]) == 0
    first = (out / "production" / "my-app" / "service.yaml").read_text()
    assert (again / "production" / "my-app" / "service.yaml").read_text() == first
    assert run(["import", str(tmp_path / "missing.yaml")]) == 2  # as for every command
