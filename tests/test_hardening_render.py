"""Bad input to render, its writer, user templates and the KRM function: one clear message.

Every case gets the right exit code (1 invalid input, 2 usage), a message naming what is
wrong, no traceback or "internal error", and nothing written. Found by the fuzzer
(tests/fuzz/); each case here is the smallest input of its class.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from eksgen.cli.app import run
from eksgen.integrations.krm import MAX_DEPTH, run_krm

SPEC = EXAMPLES / "nlb-public.yaml"
CLUSTER = EXAMPLES / "cluster.yaml"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def listing(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


def clean_error(captured: pytest.CaptureFixture[str]) -> str:
    err = captured.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return err


# ---------------------------------------------------------------------------------------------
# 1. -o DIR the system refuses, or that must not be replaced
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp / "a-file" / "out", "Not a directory"),
        (lambda tmp: tmp / "a-file" / "deeper" / "out", "Not a directory"),
        (lambda tmp: tmp / ("x" * 300), "File name too long"),
        (lambda tmp: tmp / "new" / ("x" * 300), "File name too long"),
        (lambda tmp: tmp / ("x" * 300) / "out", "File name too long"),
    ],
    ids=["file-as-parent", "file-as-grandparent", "name-max", "name-max-below-new", "long-parent"],
)
def test_an_output_folder_the_system_refuses_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, reason: str
) -> None:
    (tmp_path / "a-file").write_text("keep\n")
    before = listing(tmp_path)
    out = make(tmp_path)  # type: ignore[operator]
    assert run(["render", str(SPEC), "-o", str(out)]) == 2
    assert f"eksgen: error: {out}: {reason}" in clean_error(capsys)
    assert listing(tmp_path) == before
    assert run(["render", str(SPEC), "-o", str(out), "--check"]) == 2
    assert f"eksgen: error: {out}: {reason}" in clean_error(capsys)


@pytest.mark.parametrize(
    "out", ["/proc/eksgen-test-out", "/sys/eksgen-test-out"], ids=["proc", "sys"]
)
def test_an_output_folder_on_a_pseudo_file_system_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], out: str
) -> None:
    if not Path(out).parent.is_dir():
        pytest.skip(f"{Path(out).parent} is not mounted here")
    assert run(["render", str(SPEC), "-o", out]) == 2
    err = clean_error(capsys)
    assert f"eksgen: error: {out}: " in err
    assert f"(cannot create a folder in {Path(out).parent})" in err
    assert not os.path.lexists(out)


def test_a_read_only_parent_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if AS_ROOT:
        pytest.skip("root writes into a mode 0555 folder; /proc and /sys cover it above")
    parent = tmp_path / "read-only"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert run(["render", str(SPEC), "-o", str(parent / "out")]) == 2
        assert f"{parent / 'out'}: Permission denied" in clean_error(capsys)
        assert listing(parent) == []
    finally:
        parent.chmod(0o755)


def test_a_refused_staging_folder_leaves_no_parent_folders_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folders made for DIR's parent are removed again (EACCES emulated for root)."""

    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("eksgen.output.write.tempfile.mkdtemp", refused)
    out = tmp_path / "new" / "deeper" / "out"
    assert run(["render", str(SPEC), "-o", str(out)]) == 2
    err = clean_error(capsys)
    assert f"eksgen: error: {out}: Permission denied (cannot create a folder in" in err
    assert listing(tmp_path) == []


def test_the_root_folder_is_refused_without_walking_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_walk(root: Path) -> None:
        raise AssertionError(f"walked {root}")

    monkeypatch.setattr("eksgen.output.write._files_below", no_walk)
    for args in (["-o", "/"], ["-o", "//"], ["-o", "/", "--check"]):
        started = time.monotonic()
        assert run(["render", str(SPEC), *args]) == 2
        assert "is the root folder; refusing to replace it" in clean_error(capsys)
        assert time.monotonic() - started < 10


@pytest.mark.parametrize("which", ["cwd", "home"])
def test_the_current_and_home_folders_are_refused_without_walking_them(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    which: str,
) -> None:
    folder = tmp_path / which
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "notes.txt").write_text("mine\n")
    before = listing(folder)

    def no_walk(root: Path) -> None:
        raise AssertionError(f"walked {root}")

    monkeypatch.setattr("eksgen.output.write._files_below", no_walk)
    monkeypatch.setenv("HOME", str(folder))
    if which == "cwd":
        monkeypatch.chdir(folder)
        out = "."
    else:
        monkeypatch.chdir(tmp_path)
        out = str(folder)
    assert run(["render", str(SPEC), "-o", out]) == 2
    assert f"eksgen: error: {out}: exists and was not written by eksgen" in clean_error(capsys)
    assert listing(folder) == before


def test_a_folder_holding_the_current_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert run(["render", str(SPEC), "-o", ".."]) == 2
    assert "eksgen: error: ..: holds the current folder" in clean_error(capsys)
    assert listing(tmp_path) == ["a", "a/b"]


def test_a_folder_holding_an_input_spec_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(SPEC, specs / "app.yaml")
    for out in (specs, tmp_path):
        assert run(["render", str(specs / "app.yaml"), "-o", str(out)]) == 2
        assert f"eksgen: error: {out}: holds {specs / 'app.yaml'}" in clean_error(capsys)
    assert listing(tmp_path) == ["specs", "specs/app.yaml"]


def test_a_kustomization_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "kustomization.yaml").write_bytes(b"\xff\xfe not text\n")
    assert run(["render", str(SPEC), "-o", str(out)]) == 2
    expected = f"eksgen: error: {out}: exists and holds kustomization.yaml, which eksgen did not"
    assert expected in clean_error(capsys)
    assert (out / "kustomization.yaml").read_bytes() == b"\xff\xfe not text\n"
    assert listing(tmp_path) == ["out", "out/kustomization.yaml"]


def test_a_helm_values_tree_with_a_foreign_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(["render", str(SPEC), "--format", "helm-values", "-o", str(out)]) == 0
    assert run(["render", str(SPEC), "--format", "helm-values", "-o", str(out)]) == 0
    (out / "zz-binary.yaml").write_bytes(b"\xff\xfe")
    capsys.readouterr()
    assert run(["render", str(SPEC), "--format", "helm-values", "-o", str(out)]) == 2
    assert "holds zz-binary.yaml, which eksgen did not write" in clean_error(capsys)
    assert (out / "zz-binary.yaml").exists()


@pytest.mark.parametrize(
    "foreign", ["README.md", "src/main.py", "notes.yaml", "cluster/x/notes.txt", "link"]
)
def test_a_folder_with_a_copied_kustomization_and_files_of_its_own_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], foreign: str
) -> None:
    """eksgen's kustomization.yaml copied into a repository does not make the repository its."""
    first = tmp_path / "first"
    assert run(["render", str(SPEC), "-o", str(first)]) == 0
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(first / "kustomization.yaml", repo / "kustomization.yaml")
    mine = repo / foreign
    mine.parent.mkdir(parents=True, exist_ok=True)
    if foreign == "link":
        mine.symlink_to(first / "kustomization.yaml")
    else:
        mine.write_text("mine\n")
    before = listing(repo)
    capsys.readouterr()
    assert run(["render", str(SPEC), "-o", str(repo)]) == 2
    assert f"eksgen: error: {repo}: exists and holds {foreign}, which eksgen did not write" in (
        clean_error(capsys)
    )
    assert listing(repo) == before
    assert run(["render", str(SPEC), "-o", str(repo), "--check"]) == 1  # drift, not refused


def test_a_name_near_name_max_is_written(tmp_path: Path) -> None:
    """The staging folder beside DIR gets a short name when DIR's own name is long."""
    out = tmp_path / ("y" * 250)
    assert run(["render", str(SPEC), "-o", str(out)]) == 0
    assert (out / "kustomization.yaml").is_file()
    assert listing(tmp_path)[0] == out.name


def test_import_to_a_path_the_system_refuses_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = ROOT / "tests" / "golden" / "_stream" / "stream.yaml"
    (tmp_path / "a-file").write_text("keep\n")
    for out, reason in (
        (tmp_path / "a-file" / "apps.yaml", "Not a directory"),
        (tmp_path / ("z" * 300), "File name too long"),
        (tmp_path, "is a folder"),
    ):
        assert run(["import", str(stream), "-o", str(out)]) == 2
        assert f"eksgen: error: {out}: {reason}" in clean_error(capsys)
    assert listing(tmp_path) == ["a-file"]


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "{bad}"],
        ["validate", "{bad}"],
        ["render", "--templates", "{bad}", str(SPEC)],
        ["validate", "--config", "{bad}", str(SPEC)],
        ["plan", "--prices", "{bad}", str(SPEC)],
        ["capacity", "{bad}"],
        ["import", "{bad}"],
        ["init", "--no-input", "-o", "{bad}"],
        ["init", "--no-input", "--install-from", "{bad}"],
    ],
    ids=[
        "render",
        "validate",
        "templates",
        "config",
        "prices",
        "capacity",
        "import",
        "init",
        "install-from",
    ],
)
@pytest.mark.parametrize(
    "name", ["x" * 300, "a-file/below", "nul\0byte"], ids=["name-max", "file-as-parent", "nul"]
)
def test_every_path_option_the_system_refuses_is_an_error_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], name: str
) -> None:
    (tmp_path / "a-file").write_text("keep\n")
    bad = str(tmp_path / name)
    code = run([part.replace("{bad}", bad) for part in argv])
    err = clean_error(capsys)
    assert code in (1, 2) and (bad in err or repr(bad) in err)
    assert listing(tmp_path) == ["a-file"]


# ---------------------------------------------------------------------------------------------
# 2. --templates: errors, limits of size, nesting and time, and includes kept in the folder
# ---------------------------------------------------------------------------------------------


def user_templates(tmp_path: Path, text: str, **others: str) -> Path:
    folder = tmp_path / "templates"
    (folder / "manifests").mkdir(parents=True)
    (folder / "manifests" / "service.yaml.j2").write_text(text)
    for name, other in others.items():
        (folder / name).write_text(other)
    return folder


def render_with(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str], limit: float = 30
) -> str:
    """Render with the templates into -o out: exit 1, a template error, nothing written."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    out = tmp_path / "out"
    assert run(["render", str(SPEC), "--templates", str(folder), "-o", str(out)]) == 1
    assert time.monotonic() - started < limit
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
    assert grown_kib < 400 * 1024, f"the render took {grown_kib} KiB more memory"
    assert not out.exists()
    err = clean_error(capsys)
    assert "eksgen: error: template " in err
    return err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{% include "missing.j2" %}', "line 1: no template 'missing.j2' in "),
        ('{% import "missing.j2" as m %}', "line 1: no template 'missing.j2' in "),
        ('{% extends "nope/base.j2" %}', "line 1: no template 'nope/base.j2' in "),
        ("{{ 1 / 0 }}", "line 1: ZeroDivisionError: division by zero"),
        ('{{ 1 + "a" }}', "line 1: TypeError: "),
        ("{{ range(10**9) | list }}", "line 1: OverflowError: Range too big"),
        ("x\n{{ ((((((((((((1)))))))))))) }}\n{% if %}", "line 3: Expected an expression"),
    ],
    ids=["include", "import", "extends", "zero-division", "type", "range", "syntax"],
)
def test_a_template_mistake_is_a_template_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    err = render_with(tmp_path, user_templates(tmp_path, text), capsys)
    # A syntax error names the template as Jinja loaded it (manifests/service.yaml.j2).
    assert f"service.yaml.j2 {expected}" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{{ "a" * 10**9 }}', "'*' would make 1,000,000,000 characters"),
        ("{{ [1] * 10**9 }}", "'*' would make"),
        ("{{ 10 ** (10 ** 10) }}", "'**' would make a number of about"),
        ('{{ "%0999999999d" % 1 }}', "'%' would make 999,999,999 characters"),
        ('{{ "{:>999999999}".format(1) }}', "str.format would make 999,999,999"),
        ('{{ "a" | center(10**9) }}', "filter 'center' takes numbers up to 100,000"),
        ('{{ "ab".ljust(10**9) }}', "ljust() would make 1,000,000,000"),
        ("{{ lipsum(10**9) }}", "lipsum() would make"),
        (
            '{% set d = {"s": "ab"} %}{% for i in range(64) %}'
            '{{ d.update(s=d.s ~ d.s) or "" }}{% endfor %}',
            "'~' would make 4,194,304 characters",
        ),
        (
            '{% set l = ["ab"] %}{% for i in range(64) %}{{ l.extend(l) or "" }}{% endfor %}',
            "extend() would make",
        ),
        (
            '{% set x = "a" * 2000000 %}{{ ([x] * 1000) | join }}',
            "'*' would make 2,000,001,000",
        ),
        (
            '{% set x = "a" * 1000 %}{% set y = [x,x,x,x,x,x,x,x,x,x] %}'
            "{% set z = [y,y,y,y,y,y,y,y,y,y] %}{% set w = [z,z,z,z,z,z,z,z,z,z] %}"
            "{% set v = [w,w,w,w,w,w,w,w,w,w] %}{{ v }}",
            "writing the value would make",
        ),
        (
            '{{ range(100000) | map("center", 100000) | join }}',
            "characters in all (a loop that builds too much?)",
        ),
        ('{{ ("a" * 2000000) | replace("a", "bb") }}', "filter 'replace' would make"),
        (
            '{% for i in range(100000) %}{{ "a" * 1000000 }}{% endfor %}',
            "the output would make",
        ),
    ],
    ids=[
        "str-times",
        "list-times",
        "power",
        "percent-width",
        "format-width",
        "center",
        "ljust",
        "lipsum",
        "doubling-concat",
        "doubling-extend",
        "join",
        "nested-literals",
        "pipeline",
        "replace",
        "output",
    ],
)
def test_a_template_is_held_within_size_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    err = render_with(tmp_path, user_templates(tmp_path, text), capsys)
    assert expected in err, err
    assert "template service.yaml.j2" in err or "template manifests/service.yaml.j2" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
            "line 1: macro calls nested deeper than 64",
        ),
        (
            "{% macro f(n) %}{{ g(n) }}{% endmacro %}{% macro g(n) %}{{ f(n) }}{% endmacro %}"
            "{{ f(1) }}",
            "line 1: macro calls nested deeper than 64",
        ),
        ('{% include "manifests/service.yaml.j2" %}', "line 1: nested too deeply"),
    ],
    ids=["self-recursive-macro", "mutual-recursion", "self-include"],
)
def test_a_template_that_calls_itself_is_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    err = render_with(tmp_path, user_templates(tmp_path, text), capsys)
    assert f"template service.yaml.j2 {expected}" in err


def test_a_template_that_runs_too_long_is_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("eksgen.render.templating.TIME_LIMIT", 0.5)
    loops = (
        "{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}"
        "{{ f(0) }}",
    )
    for index, text in enumerate(loops):
        folder = user_templates(tmp_path / str(index), text)
        err = render_with(tmp_path / str(index), folder, capsys, limit=10)
        assert "template service.yaml.j2 line " in err
        assert "took longer than 0.5 s" in err


def test_the_templates_of_one_render_share_one_time_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each template under its own limit, but many of them: the run's budget stops them."""
    monkeypatch.setattr("eksgen.render.templating.TIME_LIMIT", 5.0)
    monkeypatch.setattr("eksgen.render.templating.RUN_TIME_LIMIT", 0.6)
    pause = "{% for i in range(400) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"
    bundled = ROOT / "templates" / "manifests" / "service.yaml.j2"
    folder = user_templates(tmp_path, pause + bundled.read_text(encoding="utf-8"))
    specs = tmp_path / "specs"
    specs.mkdir()
    for index in range(40):
        text = SPEC.read_text(encoding="utf-8").replace("name: my-app", f"name: app-{index}")
        (specs / f"app-{index}.yaml").write_text(text)
    started = time.monotonic()
    assert run(["render", str(specs), "--templates", str(folder), "-o", str(tmp_path / "o")]) == 1
    assert time.monotonic() - started < 10
    assert "the templates of this render took longer than 0.6 s in all" in clean_error(capsys)
    assert not (tmp_path / "o").exists()


def test_a_template_cannot_change_what_its_output_is_checked_against(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The helm values a template gets are its own copy: changing them changes only its text."""
    bundled = ROOT / "templates" / "helm-values" / "values.yaml.j2"
    folder = tmp_path / "templates"
    (folder / "helm-values").mkdir(parents=True)
    tamper = (
        "{%- set _ = values.service.update({'port': 9999, 'type': 'LoadBalancer'}) %}"
        "{%- set _ = values.podLabels.update({'app': 'evil'}) %}\n"
    )
    (folder / "helm-values" / "values.yaml.j2").write_text(
        tamper + bundled.read_text(encoding="utf-8")
    )
    out = tmp_path / "out"
    argv = ["render", str(SPEC), "--format", "helm-values", "--templates", str(folder)]
    assert run([*argv, "-o", str(out)]) == 1
    err = clean_error(capsys)
    assert "values.yaml: podLabels.app reads back as 'evil', expected 'my-app'" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "include",
    [
        "../secret.txt",
        "../../../../../../../../etc/passwd",
        "/etc/passwd",
        "manifests/../../secret.txt",
        "./manifests/part.j2",
        "manifests//part.j2",
    ],
)
@pytest.mark.parametrize("statement", ["include", "import", "extends"])
def test_a_template_cannot_include_a_file_outside_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], include: str, statement: str
) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET\n")
    text = f'{{% {statement} "{include}"{" as x" if statement == "import" else ""} %}}'
    folder = user_templates(tmp_path, text)
    (folder / "manifests" / "part.j2").write_text("part\n")
    err = render_with(tmp_path, folder, capsys)
    assert f"template service.yaml.j2 line 1: template {include!r} is not a plain" in err
    assert "TOP-SECRET" not in err and "root:" not in err


def test_a_symbolic_link_out_of_the_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "part.j2").write_text("TOP-SECRET\n")
    for name, link, target in (
        ("file", "manifests/link.j2", tmp_path / "secret.txt"),
        ("folder", "linked", tmp_path / "elsewhere"),
    ):
        include = "manifests/link.j2" if name == "file" else "linked/part.j2"
        folder = user_templates(tmp_path / name, f'{{% include "{include}" %}}')
        (folder / link).symlink_to(target)
        err = render_with(tmp_path / name, folder, capsys)
        assert f"template {include!r} leads outside {folder}" in err
        assert "TOP-SECRET" not in err


def test_a_template_may_include_its_own_and_the_bundled_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = (ROOT / "templates" / "manifests" / "service.yaml.j2").read_text()
    folder = user_templates(
        tmp_path,
        '{% include "manifests/part.j2" %}{% include "manifests/link.j2" %}',
        **{"manifests/part.j2": bundled, "manifests/inner.j2": ""},
    )
    (folder / "manifests" / "link.j2").symlink_to("inner.j2")  # stays inside: allowed
    assert run(["render", str(SPEC), "--templates", str(folder)]) == 0
    (service,) = yaml.safe_load_all(capsys.readouterr().out)
    assert service["kind"] == "Service"


def test_an_included_template_that_is_not_utf8_is_a_template_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_templates(tmp_path, '{% include "manifests/part.j2" %}')
    (folder / "manifests" / "part.j2").write_bytes(b"\xff\xfe")
    err = render_with(tmp_path, folder, capsys)
    assert "line 1: manifests/part.j2: not UTF-8 text" in err


# ---------------------------------------------------------------------------------------------
# 3. eksgen-krm: a ResourceList of the wrong shape gets error results, exit 1
# ---------------------------------------------------------------------------------------------

APP = {
    "apiVersion": "eksgen.dev/v1alpha1",
    "kind": "App",
    "metadata": {"name": "web", "namespace": "shop"},
    "spec": {"ports": [{"name": "http", "port": 80, "targetPort": 8080}]},
}


def resource_list(items: object = (), function_config: object = APP) -> str:
    import json

    body = {
        "apiVersion": "config.kubernetes.io/v1",
        "kind": "ResourceList",
        "items": list(items) if isinstance(items, tuple) else items,
        "functionConfig": function_config,
    }
    return json.dumps(body)


def nested(levels: int) -> list[object]:
    value: list[object] = []
    for _ in range(levels - 1):
        value = [value]
    return value


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def krm_error(text: str | bytes) -> tuple[list[object], dict[str, object]]:
    output, code = run_krm(text)
    assert code == 1
    response = yaml.safe_load(output)
    assert (response["apiVersion"], response["kind"]) == ("config.kubernetes.io/v1", "ResourceList")
    (result,) = [r for r in response["results"] if r["severity"] == "error"]
    return response["items"], result


CONFIG_MAP = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "keep"}}


@pytest.mark.parametrize(
    ("text", "message", "path"),
    [
        (resource_list("abc"), "items must be a list of objects, not a string", "items"),
        (resource_list({"a": 1}), "items must be a list of objects, not a mapping", "items"),
        (resource_list(5), "items must be a list of objects, not a number", "items"),
        (
            resource_list([CONFIG_MAP, "x"]),
            "items[1] must be an object (a mapping), not a string",
            "items[1]",
        ),
        (
            resource_list([None]),
            "items[0] must be an object (a mapping), not null",
            "items[0]",
        ),
        (
            resource_list([dict(CONFIG_MAP, data={"k": "\ud800"})]),
            "a lone surrogate (\\ud800) is not a character",
            "items[0].data.k",
        ),
        (
            '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", '
            f'"items": [{{"a": {deep(MAX_DEPTH + 5)}}}], "functionConfig": {{}}}}',
            f"nested more than {MAX_DEPTH} levels deep; eksgen reads at most {MAX_DEPTH}",
            None,
        ),
        (deep(5000), f"nested more than {MAX_DEPTH} levels deep", None),
        (b"apiVersion: \xed\xa0\x80\n", "the ResourceList is not UTF-8 text", None),
        ("%YAML 1.3\n---\na: 1\n", "%YAML directive with version 1.3; eksgen reads", None),
    ],
    ids=[
        "items-string",
        "items-mapping",
        "items-number",
        "item-string",
        "item-null",
        "item-surrogate",
        "items-deep",
        "all-deep",
        "encoded-surrogate",
        "yaml-1.3",
    ],
)
def test_a_malformed_resource_list_gets_an_error_result(
    text: str | bytes, message: str, path: str | None
) -> None:
    items, result = krm_error(text)
    assert items == []
    assert message in str(result["message"])
    if path is not None:
        assert result["field"] == {"path": path}


@pytest.mark.parametrize(
    ("config", "message", "path"),
    [
        ([APP], "functionConfig must be an App", "functionConfig"),
        ("abc", "functionConfig must be an App", "functionConfig"),
        (None, "functionConfig must be an App", "functionConfig"),
        (
            {"apiVersion": "v1", "kind": "List", "items": "abc"},
            "functionConfig.items must be a list of Apps, not a string",
            "functionConfig.items",
        ),
        (
            {"apiVersion": "v1", "kind": "List", "items": {"a": APP}},
            "functionConfig.items must be a list of Apps, not a mapping",
            "functionConfig.items",
        ),
        (
            {"apiVersion": "v1", "kind": "List", "items": [APP, 7]},
            "functionConfig.items[1] must be an App (a mapping), not a number",
            "functionConfig.items[1]",
        ),
        (
            dict(APP, metadata={"name": "\udc80", "namespace": "shop"}),
            "a lone surrogate (\\udc80) is not a character",
            "functionConfig.metadata.name",
        ),
    ],
    ids=[
        "list",
        "string",
        "null",
        "list-items-string",
        "list-items-mapping",
        "list-item-number",
        "surrogate",
    ],
)
def test_a_malformed_function_config_keeps_the_items(
    config: object, message: str, path: str | None
) -> None:
    items, result = krm_error(resource_list([CONFIG_MAP], config))
    assert items == [CONFIG_MAP]
    assert message in str(result["message"])
    if path is not None:
        assert result["field"] == {"path": path}


def test_a_function_config_nested_too_deeply_refuses_the_list() -> None:
    """Nesting is found while reading, before there is a list whose items could be kept."""
    items, result = krm_error(resource_list([CONFIG_MAP], {"a": nested(MAX_DEPTH + 5)}))
    assert items == []
    assert f"nested more than {MAX_DEPTH} levels deep" in str(result["message"])
    assert str(result["field"]["path"]).startswith("functionConfig.a")  # type: ignore[index]


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ("{null: x}", "key null is null, not a string"),
        ("{true: y}", "key true is a boolean, not a string"),
        ("{1e400: z}", "key 1e400 is a number, not a string"),
        ("{0o17: w}", "key 0o17 is a number, not a string"),
        ("{? [a, b] : c}", "a key must be a string, not a list"),
        ("{a: !foo x}", "tag"),
        ("{a: 0x" + "f" * 3600 + "}", "an integer of more than 4,300 digits cannot be read"),
        ("{a: 2001-13-45}", "cannot be read as a date"),
    ],
    ids=["null", "bool", "float", "octal", "collection", "tag", "huge-hex", "bad-date"],
)
def test_a_function_config_is_read_as_carefully_as_a_spec_file(labels: str, message: str) -> None:
    """Keys that are not strings, tags and unreadable scalars: refused, never Python's text."""
    text = (
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n"
        "items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: keep}}]\n"
        "functionConfig:\n  apiVersion: eksgen.dev/v1alpha1\n  kind: App\n"
        f"  metadata: {{name: a, labels: {labels}}}\n  spec: {{ports: [{{port: 80}}]}}\n"
    )
    output, code = run_krm(text)
    response = yaml.safe_load(output)
    assert code == 1 and response["items"] == [CONFIG_MAP]
    (result,) = response["results"]
    assert message in result["message"] and "line 7, column " in result["message"]
    assert result["field"]["path"].startswith("functionConfig.metadata.labels")
    for internal in ("ordereddict", "TaggedScalar", "None", "True", "CommentedSeq"):
        assert internal not in result["message"]


def test_a_function_config_alias_bomb_is_refused() -> None:
    levels = "".join(f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 8))
    text = (
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"
        f"functionConfig:\n  l0: &l0 [x, x, x, x, x, x, x, x, x]\n{levels}"
    )
    _, result = krm_error(text)
    assert "expands to too many values" in str(result["message"])


def test_the_krm_executable_answers_bad_bytes_with_a_resource_list() -> None:
    exe = shutil.which("eksgen-krm")
    assert exe, "the eksgen-krm console script is not installed"
    for data in (b"items: \xff\xfe\n", resource_list("abc").encode(), deep(3000).encode()):
        done = subprocess.run([exe], input=data, capture_output=True, timeout=60)
        assert done.returncode == 1
        assert b"Traceback" not in done.stderr
        response = yaml.safe_load(done.stdout)
        assert response["kind"] == "ResourceList"
        assert response["results"][0]["severity"] == "error"


# ---------------------------------------------------------------------------------------------
# 4. --format helm-values without an App
# ---------------------------------------------------------------------------------------------


def test_helm_values_of_a_cluster_alone_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "values"
    for extra in ([], ["--check"]):
        assert run(["render", str(CLUSTER), "--format", "helm-values", "-o", str(out), *extra]) == 1
        err = clean_error(capsys)
        assert (
            "--format helm-values makes one values.yaml per App, and no App spec was given" in err
        )
        assert "--format manifests -o DIR" in err
    assert listing(tmp_path) == []
