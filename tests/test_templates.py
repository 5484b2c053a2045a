"""render --templates DIR: user templates override bundled ones, sandboxed and checked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from eksgen.cli.app import run

SPEC = EXAMPLES / "nlb-public.yaml"
BUNDLED = ROOT / "templates" / "manifests" / "service.yaml.j2"


def user_service(tmp_path: Path, change: str) -> Path:
    folder = tmp_path / "templates"
    (folder / "manifests").mkdir(parents=True)
    text = BUNDLED.read_text().replace("spec:\n", f"spec:\n{change}", 1)
    (folder / "manifests" / "service.yaml.j2").write_text(text)
    return folder


def test_a_user_template_overrides_the_bundled_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_service(tmp_path, "  externalTrafficPolicy: {{ 'Cluster' | q }}\n")
    assert run(["render", str(SPEC), "--templates", str(folder)]) == 0
    (service,) = yaml.safe_load_all(capsys.readouterr().out)
    assert service["spec"]["externalTrafficPolicy"] == "Cluster"
    # The override ends with the command: a later render uses the bundled templates.
    assert run(["render", str(SPEC)]) == 0
    assert "externalTrafficPolicy" not in capsys.readouterr().out


def test_a_missing_value_names_the_template_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_service(tmp_path, "  # owner: {{ team | q }}\n")
    assert run(["render", str(SPEC), "--templates", str(folder), "-o", str(tmp_path / "out")]) == 1
    assert "template service.yaml.j2 line 5: 'team' is undefined" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_sandbox_refuses_unsafe_attributes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_service(tmp_path, "  # {{ name.__class__.__mro__ }}\n")
    assert run(["render", str(SPEC), "--templates", str(folder)]) == 1
    assert "is unsafe" in capsys.readouterr().err


def test_a_template_that_changes_what_the_spec_says_is_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "templates"
    (folder / "manifests").mkdir(parents=True)
    (folder / "manifests" / "service.yaml.j2").write_text(
        "apiVersion: v1\nkind: Service\nmetadata: {name: other}\n"
    )
    assert run(["render", str(SPEC), "--templates", str(folder)]) == 1
    assert "metadata.name reads back as 'other', expected 'my-app'" in capsys.readouterr().err


def test_a_missing_templates_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["render", str(SPEC), "--templates", str(tmp_path / "none")]) == 2
    assert "no such folder" in capsys.readouterr().err


def _render_with_cache(tmp_path: Path, cache: str | None) -> tuple[int, str]:
    import os
    import shutil
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "EKSGEN_CACHE_DIR")}
    env["HOME"] = str(tmp_path / "home")
    if cache is not None:
        env["EKSGEN_CACHE_DIR"] = cache
    exe = shutil.which("eksgen")
    assert exe
    done = subprocess.run(
        [exe, "render", str(SPEC)], env=env, capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout


def test_compiled_templates_are_kept_and_reused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _render_with_cache(tmp_path, str(cache))
    kept = sorted(path.name for path in (cache / "templates").iterdir())
    assert kept and first[0] == 0
    assert _render_with_cache(tmp_path, str(cache)) == first
    assert sorted(path.name for path in (cache / "templates").iterdir()) == kept
    for path in (cache / "templates").iterdir():  # damaged entries are compiled afresh
        path.write_bytes(b"not bytecode")
    assert _render_with_cache(tmp_path, str(cache)) == first


def test_the_cache_defaults_to_the_users_cache_folder(tmp_path: Path) -> None:
    assert _render_with_cache(tmp_path, None)[0] == 0
    assert list((tmp_path / "home" / ".cache" / "eksgen" / "templates").iterdir())


def test_an_empty_cache_variable_or_an_unwritable_folder_means_no_cache(tmp_path: Path) -> None:
    expected = _render_with_cache(tmp_path, "")
    assert expected[0] == 0
    assert not (tmp_path / "home").exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n")
    assert _render_with_cache(tmp_path, str(blocked)) == expected
