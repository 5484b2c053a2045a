"""The command line as users run it: exit codes, stdout/stderr, files written or not."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, example_specs
from eksgen.cli import run

APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: {name}
  namespace: {namespace}
spec:
  ports:
    - port: 80
  exposure:
    type: {exposure}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def app(name: str = "web", namespace: str = "default", exposure: str = "nlb") -> str:
    return APP.format(name=name, namespace=namespace, exposure=exposure)


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_render_to_stdout_is_a_kubectl_ready_stream(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["render", str(EXAMPLES)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\n")
    documents = list(yaml.safe_load_all(out))
    kinds = [document["kind"] for document in documents]
    # Policies first (pods need them at start), then Services, then Ingresses.
    assert kinds == sorted(kinds, key=["SecurityGroupPolicy", "Service", "Ingress"].index)
    assert all(
        document["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "eksgen"
        for document in documents
    )


def test_render_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(app("piped").encode())))
    assert run(["render", "-"]) == 0
    (service,) = list(yaml.safe_load_all(capsys.readouterr().out))
    assert service["metadata"]["name"] == "piped"


def test_stdin_errors_are_named_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = app().replace("type: nlb", "type: elb")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad.encode())))
    assert run(["render", "-"]) == 1
    captured = capsys.readouterr()
    assert "<stdin>:10:11: spec.exposure.type: 'elb' is not one of" in captured.err
    assert captured.out == ""


def test_multi_document_files_and_folders_with_other_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "apps" / "two.yaml", app("one") + "---\n" + app("two"))
    write(tmp_path / "apps" / "nested" / "three.yml", app("three"))
    write(tmp_path / "apps" / "configmap.yaml", "apiVersion: v1\nkind: ConfigMap\n")
    write(tmp_path / "apps" / "chart" / "deployment.yaml", "{{ .Values.x }}: [\n")
    write(tmp_path / "apps" / "README.md", "not yaml")
    assert run(["render", str(tmp_path / "apps")]) == 0
    captured = capsys.readouterr()
    names = sorted(doc["metadata"]["name"] for doc in yaml.safe_load_all(captured.out))
    assert names == ["one", "three", "two"]
    assert "configmap.yaml: document 1 is not an eksgen spec; skipped" in captured.err
    assert "deployment.yaml: not valid YAML and not an eksgen spec; skipped" in captured.err


def test_output_dir_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert run(["render", str(EXAMPLES), "-o", str(out)]) == 0
    files = tree(out)
    assert "kustomization.yaml" in files
    assert "web/my-app/ingress.yaml" in files
    assert "production/orders-api/securitygrouppolicy.yaml" in files
    top = yaml.safe_load(files["kustomization.yaml"])
    assert top["resources"] == sorted(
        {name.rsplit("/", 1)[0] for name in files if name.count("/") == 2}
    )
    for name, text in files.items():
        assert text.endswith("\n") and "\r" not in text
        assert (out / name).stat().st_mode & 0o777 == 0o644
    assert capsys.readouterr().out == ""


def test_rerender_is_byte_identical(tmp_path: Path) -> None:
    assert run(["render", str(EXAMPLES), "-o", str(tmp_path / "a")]) == 0
    assert run(["render", str(EXAMPLES), "-o", str(tmp_path / "b")]) == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    before = tree(tmp_path / "a")
    assert run(["render", str(EXAMPLES), "-o", str(tmp_path / "a")]) == 0
    assert tree(tmp_path / "a") == before


def test_check_reports_drift_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(["render", str(EXAMPLES), "-o", str(out)]) == 0
    assert run(["render", str(EXAMPLES), "-o", str(out), "--check"]) == 0
    service = out / "production" / "my-app" / "service.yaml"
    service.write_text(service.read_text().replace("internet-facing", "internal"))
    (out / "stray.yaml").write_text("x: 1\n")
    before = tree(out)
    capsys.readouterr()
    assert run(["render", str(EXAMPLES), "-o", str(out), "--check"]) == 1
    captured = capsys.readouterr()
    assert "-    service.beta.kubernetes.io/aws-load-balancer-scheme: internal" in captured.out
    assert (
        "+    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing" in captured.out
    )
    assert "--- a/stray.yaml" in captured.out
    assert tree(out) == before


def test_check_against_missing_dir_is_drift(tmp_path: Path) -> None:
    assert run(["render", str(EXAMPLES), "-o", str(tmp_path / "none"), "--check"]) == 1
    assert not (tmp_path / "none").exists()


def test_invalid_input_writes_nothing_and_keeps_old_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = tmp_path / "specs"
    write(specs / "good.yaml", app("good"))
    out = tmp_path / "out"
    assert run(["render", str(specs), "-o", str(out)]) == 0
    before = tree(out)
    write(specs / "bad.yaml", app("bad").replace("port: 80", "port: 0"))
    assert run(["render", str(specs), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert f"{specs / 'bad.yaml'}:8:13: spec.ports[0].port: 0 is less than the minimum" in (
        captured.err
    )
    assert "Traceback" not in captured.err
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "specs"]


def test_invalid_input_creates_no_output_folder(tmp_path: Path) -> None:
    spec = write(tmp_path / "bad.yaml", app(exposure="public"))
    assert run(["render", str(spec), "-o", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()


def test_refuses_to_replace_a_folder_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = write(tmp_path / "repo" / "main.py", "print('keep me')\n")
    assert run(["render", str(EXAMPLES), "-o", str(tmp_path / "repo")]) == 2
    assert "was not written by eksgen" in capsys.readouterr().err
    assert precious.read_text() == "print('keep me')\n"


def test_all_errors_of_a_run_are_reported_sorted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "b.yaml", app("b", exposure="elb"))
    write(tmp_path / "a.yaml", app("a").replace("port: 80", "port: 80\n      protocl: TCP"))
    assert run(["validate", str(tmp_path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'a.yaml'}:9:7: spec.ports[0].protocl: unknown field")
    assert "did you mean 'protocol'" in lines[0]
    assert lines[1].startswith(f"{tmp_path / 'b.yaml'}:10:11: spec.exposure.type:")
    assert lines[2] == "2 errors, 0 warnings"


def test_validate_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(
        tmp_path / "a.yaml",
        app(exposure="alb").replace("port: 80", "port: 80\n      protocol: UDP"),
    )
    assert run(["validate", str(spec), "--output", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errorCount"] == 1
    (problem,) = report["problems"]
    assert problem["rule"] == "EKS001"
    assert problem["path"] == "spec.ports[0].protocol"
    assert (problem["line"], problem["column"]) == (9, 17)


def test_validate_accepts_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", str(EXAMPLES)]) == 0
    assert f"{len(example_specs())} spec(s) valid" in capsys.readouterr().err


def test_schema_command_prints_a_valid_draft_2020_12_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["schema", "app"]) == 0
    schema = json.loads(capsys.readouterr().out)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render"], "Missing argument"),
        (["render", "--bogus", "x"], "No such option"),
        (["render", "does-not-exist.yaml"], "does-not-exist.yaml: no such file or folder"),
        (["render", "examples", "--check"], "--check needs -o DIR"),
        (["schema", "nope"], "Invalid value"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 2
    assert message in capsys.readouterr().err


def test_no_specs_found_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "cm.yaml", "apiVersion: v1\nkind: ConfigMap\n")
    assert run(["render", str(tmp_path)]) == 1
    assert "no eksgen specs found" in capsys.readouterr().err


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    exe = shutil.which("eksgen")
    assert exe, "the eksgen console script is not installed"
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("eksgen ")
    spec = write(tmp_path / "a.yaml", app())
    rendered = subprocess.run(
        [exe, "render", "-"], input=spec.read_text(), capture_output=True, text=True, check=True
    )
    assert yaml.safe_load(rendered.stdout)["spec"]["type"] == "LoadBalancer"
    bad = subprocess.run(
        [exe, "render", str(tmp_path / "missing.yaml")], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
