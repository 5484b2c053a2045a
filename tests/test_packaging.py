"""The wheel carries the templates and schemas, and runs from an installed copy alone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

REQUIRED = [
    "eksgen/__init__.py",
    "eksgen/py.typed",
    "eksgen/lint/rules/__init__.py",
    "eksgen/model/defaults.py",
    "eksgen/render/objects.py",
    "eksgen/templates/manifests/service.yaml.j2",
    "eksgen/templates/manifests/ingress.yaml.j2",
    "eksgen/templates/manifests/securitygrouppolicy.yaml.j2",
    "eksgen/templates/manifests/kustomization.yaml.j2",
    "eksgen/templates/plan/plan.html.j2",
    "eksgen/templates/plan/plan.css.j2",
    "eksgen/schemas/app.schema.json",
    "eksgen/schemas/crds/securitygrouppolicy.schema.json",
    "eksgen/schemas/cluster.schema.json",
    "eksgen/data/instance-types.tsv",
    "eksgen/templates/cookiecutter/cookiecutter.json",
    "eksgen/templates/cookiecutter/{{cookiecutter.repo_name}}/.pre-commit-config.yaml",
    "eksgen/templates/cookiecutter/{{cookiecutter.repo_name}}/.github/workflows/eksgen.yml",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("eksgen-*.whl")
    return built


def test_wheel_contains_templates_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in REQUIRED if name not in names]
    assert missing == []
    assert not any(name.startswith(("tests/", "examples/")) for name in names)


def test_installed_wheel_renders_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = os.environ | {"PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import eksgen; print(eksgen.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert where.stdout.startswith(str(target))
    rendered = subprocess.run(
        [sys.executable, "-m", "eksgen", "render", str(EXAMPLES)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert "kind: Ingress" in rendered.stdout
    schema = subprocess.run(
        [sys.executable, "-m", "eksgen", "schema", "app"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert '"$schema"' in schema.stdout


def test_package_never_reads_the_shared_folder() -> None:
    for source in (ROOT / "generator").rglob("*.py"):
        assert "shared/" not in source.read_text(), source


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["--version"], ["typer", "jinja2", "ruamel", "jsonschema"]),
        (["render", "internal-instance.yaml"], ["jsonschema", "cookiecutter", "rich", "pydantic"]),
        (["render", "alb-shared.yaml"], ["jsonschema", "cookiecutter", "rich", "pydantic"]),
        (["validate", "db-access.yaml"], ["jsonschema", "cookiecutter", "rich", "jinja2"]),
    ],
)
def test_commands_import_only_what_they_use(argv: list[str], absent: list[str]) -> None:
    """Start-up stays lean: a clean spec never loads jsonschema (nor cookiecutter, rich)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "eksgen", *argv],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    for package in absent:
        assert not {name for name in imported if name.split(".")[0] == package}, package
