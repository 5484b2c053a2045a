"""What every command does alike: -h, shell completion, -q/-v, usage lines, help, exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from eksgen.cli.app import COMMANDS, build_app, run

SPEC = str(EXAMPLES / "nlb-public.yaml")
CLUSTER = str(EXAMPLES / "cluster.yaml")
BAD_APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {name: web}
spec:
  ports: [{port: 80}]
  exposure: {type: elb}
"""
WARNED_APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {name: web}
spec:
  ports: [{port: 80}]
  exposure: {type: nlb, scheme: internet-facing}
  tls:
    certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"]
    policy: ELBSecurityPolicy-2016-08
"""


def eksgen(*argv: str, env: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """The console script in a fresh process, as a shell runs it."""
    exe = shutil.which("eksgen")
    assert exe, "the eksgen console script is not installed"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("_EKSGEN")}
    return subprocess.run(
        [exe, *argv],
        capture_output=True,
        text=True,
        env=environment | (env or {}),
        check=False,
        **kwargs,
    )


def click_app() -> Any:
    """The whole application as click sees it (the group and every command)."""
    import typer

    return typer.main.get_command(build_app())


# -- 1. -h ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)], ids=str)
def test_h_is_help_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*command, "--help"]) == 0
    long = capsys.readouterr().out
    assert run([*command, "-h"]) == 0
    assert capsys.readouterr().out == long
    assert "-h, --help" in long


# -- 2. shell completion ----------------------------------------------------------------------

SHELL_MARKS = {
    "bash": "complete -o default -F _eksgen_completion eksgen",
    "zsh": "compdef _eksgen_completion eksgen",
    "fish": "complete --command eksgen",
}


@pytest.mark.parametrize("shell", sorted(SHELL_MARKS))
def test_show_completion_prints_the_script_of_each_shell(shell: str) -> None:
    for argv in (["--show-completion", shell], [f"--show-completion={shell}"]):
        shown = eksgen(*argv)
        assert shown.returncode == 0, shown.stderr
        assert SHELL_MARKS[shell] in shown.stdout
        assert "_EKSGEN_COMPLETE=complete_" in shown.stdout


@pytest.mark.parametrize(
    ("shell", "installed", "rc_file"),
    [
        ("bash", ".bash_completions/eksgen.sh", ".bashrc"),
        ("zsh", ".zfunc/_eksgen", ".zshrc"),
        ("fish", ".config/fish/completions/eksgen.fish", None),
    ],
)
def test_install_completion_writes_the_script_where_the_shell_reads_it(
    tmp_path: Path, shell: str, installed: str, rc_file: str | None
) -> None:
    done = eksgen("--install-completion", shell, env={"HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert f"eksgen: {shell} completion installed in {tmp_path / installed}" in done.stderr
    assert SHELL_MARKS[shell] in (tmp_path / installed).read_text()
    if rc_file:
        assert (tmp_path / rc_file).is_file()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--show-completion", "tcsh"], "not a shell eksgen completes in; give bash|zsh|fish"),
        (["--install-completion", "bash", "zsh"], "takes one shell"),
    ],
)
def test_a_wrong_shell_is_a_usage_error(argv: list[str], message: str) -> None:
    done = eksgen(*argv)
    assert done.returncode == 2 and message in done.stderr and done.stdout == ""


@pytest.mark.parametrize(("detected", "code"), [("zsh", 0), ("sh", 2), (None, 2)])
def test_without_a_shell_named_the_shell_eksgen_runs_in_is_used(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    detected: str | None,
    code: int,
) -> None:
    import typer._completion_shared

    monkeypatch.setattr(typer._completion_shared, "_get_shell_name", lambda: detected)
    assert run(["--show-completion"]) == code
    captured = capsys.readouterr()
    if code == 0:
        assert SHELL_MARKS["zsh"] in captured.out
    else:
        assert "cannot tell which shell this is; name it" in captured.err


def _bash(line: str) -> list[str]:
    words = line.split(" ")
    env = {
        "_EKSGEN_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": f"{len(words) - 1}",
    }
    done = eksgen(env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _zsh(line: str) -> str:
    done = eksgen(env={"_EKSGEN_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
    assert done.returncode == 0, done.stderr
    return str(done.stdout)


def _fish(line: str) -> list[str]:
    env = {
        "_EKSGEN_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": line,
    }
    done = eksgen(env=env)
    assert done.returncode == 0, done.stderr
    return [candidate.split("\t")[0] for candidate in done.stdout.splitlines()]


def test_completion_answers_commands_options_and_choices() -> None:
    """The three shells' scripts call eksgen with these variables; the answers follow."""
    assert _bash("eksgen ren") == ["render"]
    assert _bash("eksgen capacity --inst") == ["--instance-type"]
    assert _bash("eksgen schema ") == ["app", "cluster"]
    assert {"-q", "--quiet", "-v", "--verbose", "-h"} <= set(_bash("eksgen render -"))
    assert _bash("eksgen --show") == ["--show-completion"]
    assert '"render"' in _zsh("eksgen ren") and "_arguments" in _zsh("eksgen ren")
    assert '"--instance-type"' in _zsh("eksgen capacity --inst")
    assert _fish("eksgen ren") == ["render"]
    assert _fish("eksgen capacity --inst") == ["--instance-type"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_with_the_script_eksgen_shows() -> None:
    """A real bash: source the script, then ask its function, as <TAB> does."""
    script = eksgen("--show-completion", "bash").stdout
    ask = (
        'eval "$SCRIPT"; COMP_WORDS=(eksgen ren); COMP_CWORD=1; _eksgen_completion eksgen; '
        'echo "${COMPREPLY[*]}"; COMP_WORDS=(eksgen validate --st); COMP_CWORD=2; '
        '_eksgen_completion eksgen; echo "${COMPREPLY[*]}"'
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("_EKSGEN")}
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", ask],
        capture_output=True,
        text=True,
        env=environment | {"SCRIPT": script},
        check=True,
    )
    assert done.stdout.splitlines() == ["render", "--strict"]


def test_an_empty_completion_variable_is_a_normal_run() -> None:
    done = eksgen("schema", "app", env={"_EKSGEN_COMPLETE": ""})
    assert done.returncode == 0 and json.loads(done.stdout)["title"]


def test_a_normal_run_loads_no_completion_module() -> None:
    probe = (
        "import sys\n"
        "from eksgen.cli.app import run\n"
        f"code = run(['render', {SPEC!r}])\n"
        "assert code == 0, code\n"
        "print(sorted(name for name in sys.modules if name.startswith('eksgen.cli.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "'eksgen.cli.completion'" not in done.stdout
    assert "'eksgen.cli.render'" in done.stdout


# -- 3. -q and -v -------------------------------------------------------------------------------


def _runs(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, tuple[int, str, str]]:
    """(exit code, stdout, stderr) of argv as it is, with -q and with -v."""
    found = {}
    for level, extra in (("normal", []), ("quiet", ["-q"]), ("verbose", ["-v"])):
        code = run([*argv, *extra])
        captured = capsys.readouterr()
        found[level] = (code, captured.out, captured.err)
    return found


QUIET_COMMANDS = {
    "render": ["render", SPEC, CLUSTER],
    "validate": ["validate", SPEC],
    "validate-json": ["validate", SPEC, "--output", "json"],
    "plan": ["plan", SPEC],
    "capacity": ["capacity", str(EXAMPLES)],
    "explain": ["explain", "--effective", SPEC],
}


@pytest.mark.parametrize("argv", QUIET_COMMANDS.values(), ids=QUIET_COMMANDS)
def test_quiet_and_verbose_change_stderr_only(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    found = _runs(argv, capsys)
    normal, quiet, verbose = found["normal"], found["quiet"], found["verbose"]
    assert normal[0] == quiet[0] == verbose[0] == 0
    assert normal[1] == quiet[1] == verbose[1]  # stdout: the same bytes
    assert quiet[2] == ""
    assert _same_lines(normal[2], verbose[2]) and " took " in verbose[2]


def _same_lines(normal: str, verbose: str) -> bool:
    """Every line of the normal run is in the verbose one (which adds 'eksgen: ...' lines)."""
    return set(normal.splitlines()) <= set(verbose.splitlines())


def test_quiet_keeps_the_errors_and_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_APP)
    (tmp_path / "other.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n")
    error = f"{bad}:6:20: spec.exposure.type: 'elb' is not one of [alb, nlb, none]"
    for command in ("render", "validate", "plan", "explain --effective"):
        found = _runs([*command.split(), str(tmp_path), SPEC], capsys)
        assert found["normal"][0] == found["quiet"][0] == found["verbose"][0] == 1
        assert found["normal"][2].endswith("1 error, 0 warnings\n") or (
            "1 error, 0 warnings, 1 info\n" in found["normal"][2]
        )
        assert found["quiet"][2].splitlines() == [error], command
    validated = _runs(["validate", str(tmp_path), SPEC], capsys)["normal"][2]
    assert "note: " in validated and " info: " in validated


def test_quiet_with_strict_keeps_the_warnings_that_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "warned.yaml"
    spec.write_text(WARNED_APP)
    found = _runs(["validate", str(spec), "--strict"], capsys)
    assert found["quiet"][0] == found["normal"][0] == 1
    assert " warning: " in found["quiet"][2] and " info: " not in found["quiet"][2]
    assert " info: " in found["normal"][2]


def test_quiet_leaves_out_what_was_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    found = _runs(["render", SPEC, "-o", str(out)], capsys)
    assert "eksgen: wrote" in found["normal"][2] and found["quiet"][2] == ""
    # The runs write the same files in turn: the first writes them, the others find them.
    assert re.search(
        rf"^eksgen: {re.escape(str(out))} unchanged \(\d+ files\)$", found["verbose"][2], re.M
    )
    service = out / "production" / "my-app" / "service.yaml"
    service.write_text(service.read_text().replace("internet-facing", "internal"))
    assert run(["render", SPEC, "-o", str(out), "--check", "-q"]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"eksgen: {out} is out of date; run eksgen render without --check\n"
    assert (
        "+    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing" in captured.out
    )


def test_verbose_names_the_settings_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".eksgen.yaml").write_text("ignore: [EKS023]\n")
    monkeypatch.chdir(tmp_path)
    assert run(["validate", SPEC, "-v", "--controller-version", "2.13.0"]) == 0
    err = capsys.readouterr().err
    assert "eksgen: 1 App and 0 Cluster spec(s) checked" in err
    assert "AWS Load Balancer Controller 2.13.0 (--controller-version)" in err
    assert f"eksgen: settings: {tmp_path / '.eksgen.yaml'}" in err
    assert "eksgen: EKS023 switched off for the repository" in err
    assert re.search(r"eksgen: validate took \d+\.\d{3} s", err)


@pytest.mark.parametrize("command", ["render", "validate", "plan", "capacity", "explain", "import"])
def test_quiet_and_verbose_together_are_a_usage_error(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([command, SPEC, "-q", "-v"]) == 2
    assert "-q/--quiet and -v/--verbose exclude each other" in capsys.readouterr().err


def test_commands_without_quiet_say_so_in_their_help(capsys: pytest.CaptureFixture[str]) -> None:
    """schema writes only to stdout, init talks with the user: neither has -q/-v."""
    for command in ("schema", "init"):
        assert run([command, "-h"]) == 0
        assert "--quiet" not in capsys.readouterr().out


# -- 4. usage lines and help ------------------------------------------------------------------


def test_usage_lines_name_arguments_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    expected = {
        "render": "PATH...",
        "validate": "PATH...",
        "schema": "KIND",
        "capacity": "[PATH...]",
        "plan": "PATH...",
        "explain": "[RULE|PATH...]",
        "init": "",
        "import": "MANIFEST...",
    }
    for command, arguments in expected.items():
        assert run([command, "-h"]) == 0
        usage = capsys.readouterr().out.splitlines()[0]
        assert usage == f"Usage: eksgen {command} [OPTIONS] {arguments}".rstrip()


def test_every_option_and_argument_has_help() -> None:
    group = click_app()
    params = [("eksgen", param) for param in group.params]
    for name, command in group.commands.items():
        params += [(name, param) for param in command.params]
    assert len(params) > 40
    undocumented = [f"{name} {param.name}" for name, param in params if not param.help]
    assert undocumented == []


# -- 5, 6. exit codes ----------------------------------------------------------------------------


def _exit_code_cases(tmp: Path) -> dict[str, dict[int, list[str]]]:
    """Per command: success (0), refused input (1), a usage error (2)."""
    bad = tmp / "bad.yaml"
    bad.write_text(BAD_APP)
    empty = tmp / "empty.yaml"
    empty.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    rendered = tmp / "rendered"
    assert run(["render", SPEC, "-o", str(rendered)]) == 0
    return {
        "render": {0: [SPEC], 1: [str(bad)], 2: [SPEC, "--bogus"]},
        "validate": {0: [SPEC], 1: [str(bad)], 2: [str(tmp / "missing.yaml")]},
        "schema": {0: ["app"], 2: ["nope"]},  # it reads no input that could be refused
        "capacity": {0: ["-t", "m6i.large"], 1: [SPEC], 2: ["-t", "m5.lrage"]},
        "plan": {0: [SPEC], 1: [str(bad)], 2: [SPEC, "--output", "yaml"]},
        "explain": {0: ["EKS101"], 1: ["--effective", str(bad)], 2: ["EKS999"]},
        "init": {
            0: ["--no-input", "-o", str(tmp / "new")],
            1: ["--no-input", "-o", str(tmp / "new-bad"), "--set", "app_name=Bad_Name"],
            2: ["--no-input", "--set", "colour=blue"],
        },
        "import": {0: [str(rendered)], 1: [str(empty)], 2: [str(tmp / "missing.yaml")]},
    }


def test_every_command_follows_the_exit_code_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = _exit_code_cases(tmp_path)
    assert set(cases) == set(COMMANDS)
    wrong = []
    for command, by_code in cases.items():
        for code, argv in by_code.items():
            got = run([command, *argv])
            capsys.readouterr()
            if got != code:
                wrong.append(f"eksgen {command} {' '.join(argv)}: {got}, not {code}")
    assert wrong == []


def test_readme_documents_the_exit_codes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Exit codes\n", 1)[1].split("\n#", 1)[0]
    for code, meaning in (
        ("0", "success"),
        ("1", "refused input"),
        ("2", "usage"),
        ("3", "internal error"),
    ):
        assert re.search(rf"^\| `{code}` \|[^\n]*{meaning}", section, re.MULTILINE | re.I), code


def test_an_internal_error_is_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from eksgen import api

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("bug")

    monkeypatch.delenv("EKSGEN_DEBUG", raising=False)
    monkeypatch.setattr(api, "check_paths", broken)
    assert run(["validate", SPEC, "-q"]) == 3
    assert "eksgen: internal error: KeyError" in capsys.readouterr().err


def test_json_reports_stay_json_with_quiet_and_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    for extra in ([], ["-q"], ["-v"]):
        assert run(["capacity", "-t", "m6i.large", "--output", "json", *extra]) == 0
        assert json.loads(capsys.readouterr().out)["instanceTypes"][0]["maxPods"] == 29
