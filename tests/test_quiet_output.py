"""Quiet where nothing is wrong: eksgen's own output is passed over, and -o says what it did.

A spec folder often holds the folder eksgen renders into. Later runs over the spec folder
meet those files; they are counted in one note, never reported one by one. Writing says
whether anything changed, names each file it removes, and does not swap one --format's
output for the other's without --force.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from eksgen.cli.app import run
from eksgen.output.write import tree_format

NOT_A_SPEC = "is not an eksgen spec"


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    """The bundled examples in a folder of their own, rendered into its out/ folder."""
    folder = tmp_path / "specs"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("argocd"))
    assert run(["render", str(folder), "-o", str(folder / "out")]) == 0
    return folder


def notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("note:")]


@pytest.mark.parametrize("command", ["render", "validate", "plan"])
def test_eksgen_output_in_a_spec_folder_is_one_note(
    specs: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run([command, str(specs)]) == 0
    stderr = capsys.readouterr().err
    assert NOT_A_SPEC not in stderr
    generated = [line for line in notes(stderr) if "written by eksgen" in line]
    yaml_files = [p for p in (specs / "out").rglob("*.yaml")]
    assert generated == [
        f"note: {len(yaml_files)} files written by eksgen skipped (eksgen's output, not specs)"
    ]


def test_a_foreign_document_in_the_folder_still_gets_its_note(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (specs / "configmap.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    capsys.readouterr()
    assert run(["validate", str(specs)]) == 0
    stderr = capsys.readouterr().err
    assert stderr.count(NOT_A_SPEC) == 1
    assert "configmap.yaml: document 1 is not an eksgen spec" in stderr


def test_naming_a_file_eksgen_wrote_is_an_error_that_says_so(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = specs / "out" / "web" / "my-app" / "ingress.yaml"
    capsys.readouterr()
    assert run(["validate", str(written)]) == 1
    stderr = capsys.readouterr().err
    assert f"{written}:1:1: this file is eksgen's output" in stderr
    assert "give the spec it was rendered from" in stderr


def test_importing_eksgen_output_warns_about_nothing_of_its_own(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run(["import", str(specs / "out")]) == 0
    captured = capsys.readouterr()
    assert "warning" not in captured.err
    assert "Kustomization" not in captured.err
    kinds = {"Service", "Ingress", "SecurityGroupPolicy", "TargetGroupBinding"}
    nothing_to_import = [
        path
        for path in (specs / "out").rglob("*.yaml")
        if not any(
            isinstance(doc, dict) and doc.get("kind") in kinds
            for doc in yaml.safe_load_all(path.read_text())
        )
    ]
    assert notes(captured.err) == [
        f"note: {len(nothing_to_import)} files written by eksgen skipped "
        "(kustomizations, Helm values or Cluster files: nothing to import)"
    ]
    imported = {doc["metadata"]["name"] for doc in yaml.safe_load_all(captured.out)}
    apps = {
        doc["metadata"]["name"]
        for path in specs.glob("*.yaml")
        for doc in yaml.safe_load_all(path.read_text())
        if doc["kind"] == "App"
    }
    assert imported == apps


def test_a_user_kustomization_is_still_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "manifests"
    assert run(["render", str(EXAMPLES / "nlb-public.yaml"), "-o", str(folder)]) == 0
    # The same text without eksgen's header is the user's own: it is reported as before.
    top = folder / "kustomization.yaml"
    top.write_text(top.read_text().split("\n", 1)[1])
    capsys.readouterr()
    assert run(["import", str(folder)]) == 0
    stderr = capsys.readouterr().err
    assert "kustomization.yaml:" in stderr
    assert "'Kustomization' (kustomize.config.k8s.io/v1beta1) is not a Service" in stderr


def test_a_render_that_changes_nothing_says_unchanged(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = specs / "out"
    before = tree(out)
    capsys.readouterr()
    assert run(["render", str(specs), "-o", str(out)]) == 0
    assert (
        capsys.readouterr().err.splitlines()[-1] == f"eksgen: {out} unchanged ({len(before)} files)"
    )
    assert tree(out) == before


def test_a_render_names_each_file_it_removes(
    specs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = specs / "out"
    count = len(tree(out))
    (specs / "db-access.yaml").unlink()
    gone = [
        f"{out}/production/orders-api/{name}"
        for name in ("kustomization.yaml", "securitygrouppolicy.yaml", "service.yaml")
    ]

    capsys.readouterr()
    assert run(["render", str(specs), "-o", str(out), "--check"]) == 1
    stderr = capsys.readouterr().err.splitlines()
    assert [line for line in stderr if "would remove" in line] == [
        f"eksgen: would remove {name}" for name in gone
    ]
    assert (out / "production" / "orders-api").is_dir()  # --check writes nothing

    assert run(["render", str(specs), "-o", str(out)]) == 0
    stderr = capsys.readouterr().err.splitlines()
    assert [line for line in stderr if line.startswith("eksgen: removed")] == [
        f"eksgen: removed {name}" for name in gone
    ]
    assert stderr[-1] == f"eksgen: wrote {count - 3} files to {out}, removed 3"
    assert not (out / "production" / "orders-api").exists()


@pytest.mark.parametrize(
    ("first", "second"), [("manifests", "helm-values"), ("helm-values", "manifests")]
)
def test_the_other_format_is_not_swapped_in_without_force(
    tmp_path: Path, first: str, second: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(["render", str(EXAMPLES), "-o", str(out), "--format", first]) == 0
    assert tree_format(out) == first
    before = tree(out)
    capsys.readouterr()

    assert run(["render", str(EXAMPLES), "-o", str(out), "--format", second]) == 2
    stderr = capsys.readouterr().err
    assert f"{out}: holds eksgen's {first} output; --format {second} would replace it" in stderr
    assert "--force" in stderr
    assert tree(out) == before

    assert run(["render", str(EXAMPLES), "-o", str(out), "--format", second, "--force"]) == 0
    assert tree_format(out) == second


def test_tree_format_knows_neither_an_empty_nor_a_foreign_folder(tmp_path: Path) -> None:
    assert tree_format(tmp_path / "absent") is None
    assert tree_format(tmp_path) is None
    (tmp_path / "kustomization.yaml").write_text("resources: []\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "values.yaml").write_text("replicaCount: 1\n")
    assert tree_format(tmp_path) is None
