"""Start-up stays lean: one App rendered in a fresh process imports only what it uses.

The Argo CD plugin and pre-commit run eksgen once per App, so start-up is paid per App.
These tests guard the structure that keeps it small, not the timings (benchmarks/run.py
measures those): what rendering one App imports, that the Cluster rules and the
IngressGroup machinery wait for a spec that needs them, that data files are found without
importlib.resources, and that the console script, which skips the interpreter's teardown,
still writes everything and exits with the same codes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

# Runs one command in a fresh interpreter through the same entry as the console script's
# (run(), which returns instead of ending the process) and prints the modules it imported.
_IMPORTED = """
import contextlib, io, json, sys
from eksgen.cli.app import run
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = run(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# Never needed to render an App alone to stdout: other commands' packages, the Cluster
# model and add-ons, the IngressGroup conflict machinery, the careful YAML reader (the fast
# one reads the example), the VPC CNI's facts, and the packages of other commands.
NOT_FOR_ONE_APP = [
    "eksgen.capacity",
    "eksgen.importer",
    "eksgen.integrations",
    "eksgen.lint.explain",
    "eksgen.lint.rules._conflicts",
    "eksgen.model.cluster",
    "eksgen.model.facts.gateway",  # the Gateway API: only when an App asks for it
    "eksgen.model.facts.vpc_cni",
    "eksgen.model.gateways",
    "eksgen.model.group_settings",
    "eksgen.model.group_values",
    "eksgen.model.groups",
    "eksgen.output",
    "eksgen.plan",
    "eksgen.render.addons",
    "eksgen.render.gateway",
    "eksgen.render.gateway_cluster",
    "eksgen.render.gateway_objects",
    "eksgen.render.helm_values",
    "eksgen.render.iam",
    "eksgen.spec.careful",
    "eksgen.spec.hints",  # the wording of problems: only when there are some
    "eksgen.spec.overrides",  # --set, when given
    "eksgen.spec.schemaview",
    "eksgen.spec.wording",
    "cookiecutter",
    "importlib.resources",
    "jsonschema",
    "pydantic",
    "rich",
    "typer",  # a command line of paths alone is run without the typer application
]


def imported(*argv: str) -> set[str]:
    """The modules a fresh interpreter has imported after `eksgen <argv>` (exit code 0)."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["code"] == 0, done.stderr
    return set(result["modules"])


def under(modules: set[str], package: str) -> set[str]:
    return {name for name in modules if name == package or name.startswith(package + ".")}


def cluster_rule_modules() -> set[str]:
    from eksgen.lint.rules import RULES, scopes

    return {RULES[rule_id].__name__ for rule_id, scope in scopes() if scope == "cluster"}


@pytest.mark.parametrize("example", ["nlb-public.yaml", "internal-instance.yaml"])
def test_rendering_one_app_imports_only_what_it_uses(example: str) -> None:
    modules = imported("render", str(EXAMPLES / example))

    assert "eksgen.lint.rules.udp_requires_nlb" in modules  # the App rules ran
    assert "jinja2" in modules  # and the manifests were rendered
    assert [package for package in NOT_FOR_ONE_APP if under(modules, package)] == []
    assert modules & cluster_rule_modules() == set()


def test_a_cluster_spec_brings_the_cluster_rules_and_model() -> None:
    modules = imported("validate", str(EXAMPLES))

    assert "eksgen.model.cluster" in modules
    assert cluster_rule_modules() <= modules


def test_an_ingress_group_brings_the_conflict_machinery() -> None:
    grouped = [path for path in sorted(EXAMPLES.glob("*.yaml")) if "group:" in path.read_text()]
    assert grouped, "no example puts an App in an IngressGroup"

    modules = imported("validate", str(grouped[0]))

    assert {"eksgen.lint.rules._conflicts", "eksgen.model.groups"} <= modules


def test_data_packages_are_the_folders_importlib_resources_names() -> None:
    from importlib.resources import files

    from eksgen.resources import package_files

    for package in ("eksgen.schemas", "eksgen.schemas.crds", "eksgen.templates", "eksgen.data"):
        assert package_files(package) == files(package)
        assert isinstance(package_files(package), Path)


def test_a_data_package_in_a_zip_file_goes_through_importlib_resources(tmp_path: Path) -> None:
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped_data/__init__.py", "")
        zipped.writestr("zipped_data/table.txt", "from the zip\n")
    code = (
        f"import sys; sys.path.insert(0, {str(archive)!r})\n"
        "from pathlib import Path\n"
        "from eksgen.resources import package_files\n"
        "folder = package_files('zipped_data')\n"
        "print(isinstance(folder, Path), folder.joinpath('table.txt').read_text(), end='')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False from the zip\n"


def _console(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "eksgen", *argv], cwd=cwd, capture_output=True, env=env, check=False
    )


def _in_process(*argv: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from eksgen.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "examples"],
        ["render", "examples/nlb-public.yaml", "--format", "helm-values"],
        ["render", "tests/rules/cases/EKS001/fail.yaml"],
        ["render", "no-such-file.yaml"],
    ],
)
def test_the_console_script_writes_all_and_exits_as_run_returns(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Skipping the teardown loses nothing: same bytes, same exit code as run() in process."""
    monkeypatch.chdir(ROOT)
    code, out, err = _in_process(*argv)
    done = _console(*argv)

    assert done.returncode == code
    assert done.stdout.decode() == out
    assert done.stderr.decode() == err


def test_the_console_script_skips_the_teardown() -> None:
    """Nothing in a render registers work for the exit, so the teardown (~30 ms) is skipped."""
    code = (
        "import sys\n"
        "class Loud:\n"
        "    def __del__(self):\n"
        "        print('torn down', flush=True)\n"
        "kept = Loud()\n"
        f"sys.argv = ['eksgen', 'render', {str(EXAMPLES / 'nlb-public.yaml')!r}]\n"
        "from eksgen.cli.app import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    assert "kind: Service" in done.stdout
    assert "torn down" not in done.stdout


def test_the_console_script_exits_as_usual_when_something_waits_for_the_exit() -> None:
    """A function registered with atexit still runs: then the ordinary exit is taken."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('at exit', flush=True))\n"
        f"sys.argv = ['eksgen', 'render', {str(EXAMPLES / 'nlb-public.yaml')!r}]\n"
        "from eksgen.cli.app import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("at exit\n")
    assert "kind: Service" in done.stdout


# Command lines of paths alone, which run() calls the command with directly: valid and
# invalid specs, folders, several paths, a path that does not exist, a Cluster spec.
_PATHS_ONLY_LINES = [
    ["render", "examples/nlb-public.yaml"],
    ["render", "examples"],
    ["render", "examples/alb-shared.yaml", "examples/db-access.yaml"],
    ["render", "tests/rules/cases/EKS001/fail.yaml"],
    ["render", "tests/cases/invalid"],
    ["render", "no-such-file.yaml"],
    ["validate", "examples"],
    ["validate", "examples/cluster.yaml"],
    ["validate", "tests/cases/invalid/bad-app-name.yaml", "examples/nlb-public.yaml"],
    ["validate", "no-such-file.yaml"],
]


def _through_the_application(*argv: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from eksgen.cli.app import run_application

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_application(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", _PATHS_ONLY_LINES, ids=" ".join)
def test_paths_alone_run_as_the_application_runs_them(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The direct call gives the same stdout, stderr and exit code as typer's parsing."""
    from eksgen.cli.app import paths_only

    monkeypatch.chdir(ROOT)
    assert paths_only(argv)

    assert _in_process(*argv) == _through_the_application(*argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["render"],
        ["render", "examples", "-o", "out"],
        ["render", "-"],
        ["render", "--", "examples"],
        ["validate", "examples", "--strict"],
        ["validate", "-h"],
        ["plan", "examples"],
        ["examples"],
        [],
    ],
    ids=lambda argv: " ".join(argv) or "nothing",
)
def test_any_option_or_other_command_goes_through_the_application(argv: list[str]) -> None:
    from eksgen.cli.app import paths_only

    assert not paths_only(argv)


def test_an_option_brings_typer_back() -> None:
    modules = imported("render", str(EXAMPLES / "nlb-public.yaml"), "--format", "manifests")

    assert "typer" in modules
