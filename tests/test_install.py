"""How the repository `eksgen init` creates installs eksgen, and where the default comes from.

The default is read from what pip recorded about the running eksgen (direct_url.json, PEP 610);
--install-from takes a pip requirement or a path. requirements.txt holds the one requirement
(make install, and so CI, reads it) and .pre-commit-config.yaml installs the same eksgen. The
tests marked `install` run pip for real: a fresh virtualenv runs the generated repository's
own install step against this checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from importlib.metadata import Distribution
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest
import yaml

from conftest import ROOT
from eksgen.cli.app import run
from eksgen.integrations.install import (
    BadRequirement,
    InstallSource,
    install_source,
    running_source,
    source_of_direct_url,
    source_of_distribution,
)
from eksgen.integrations.scaffold import scaffold, with_install_from
from eksgen.version import __version__

COMMIT = "f80ccc4f7c2778a856cbd3af03113c91d1a73905"
GIT_URL = "https://git.example.com/platform/eksgen.git"
CHECKOUT_REQUIREMENT = f"eksgen @ {ROOT.as_uri()}"


def generate(parent: Path, install_from: str | None = None) -> Path:
    answers = {} if install_from is None else with_install_from({}, install_from)
    return scaffold(parent, answers, no_input=True).path


def requirement_line(repo: Path) -> str:
    """The one line of requirements.txt that is not a comment."""
    text = (repo / "requirements.txt").read_text(encoding="utf-8")
    (line,) = [line for line in text.splitlines() if line and not line.startswith("#")]
    return line


def pre_commit(repo: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    )
    return loaded


def workflow_runs(repo: Path) -> list[str]:
    text = (repo / ".github/workflows/eksgen.yml").read_text(encoding="utf-8")
    return [step["run"] for step in yaml.safe_load(text)["jobs"]["check"]["steps"] if "run" in step]


def make_recipe(repo: Path, target: str) -> list[str]:
    """The recipe lines of a target of the generated Makefile."""
    lines = (repo / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line[1:])
    return recipe


# -- the default: what pip recorded about the running eksgen ---------------------------------


def test_running_eksgen_is_this_checkout() -> None:
    # The suite runs on an editable install of the checkout (README, .ci/run): pip recorded
    # {"dir_info": {"editable": true}, "url": "file:///<checkout>"}.
    assert running_source() == InstallSource(CHECKOUT_REQUIREMENT, local_path=str(ROOT))


def test_a_stale_egg_info_on_sys_path_does_not_hide_the_installation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A source tree as the current folder: its old build metadata comes first on sys.path.
    stale = tmp_path / "eksgen.egg-info"
    stale.mkdir()
    (stale / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: eksgen\nVersion: 0.0.1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    running_source.cache_clear()
    try:
        assert running_source() == InstallSource(CHECKOUT_REQUIREMENT, local_path=str(ROOT))
    finally:
        running_source.cache_clear()


def test_vcs_record_gives_the_url_at_the_installed_commit() -> None:
    # What pip 23.2 wrote for `pip install "eksgen @ git+https://...@v0.2.0"`.
    record = {
        "url": GIT_URL,
        "vcs_info": {"commit_id": COMMIT, "requested_revision": "v0.2.0", "vcs": "git"},
    }
    assert source_of_direct_url(record, "0.2.0") == InstallSource(
        f"eksgen @ git+{GIT_URL}@{COMMIT}", git_url=GIT_URL, git_rev=COMMIT, rev_label="v0.2.0"
    )
    # Asked for by commit: no label; a revision that is not a plain name is not repeated.
    record["vcs_info"]["requested_revision"] = COMMIT
    assert source_of_direct_url(record, "0.2.0").rev_label == ""
    record["vcs_info"]["requested_revision"] = "v1\n  # injected"
    assert source_of_direct_url(record, "0.2.0").rev_label == ""


def test_vcs_record_of_a_local_repository(tmp_path: Path) -> None:
    # pip 23.2 wrote this for `pip install git+file:///<repo>@<commit>`; the same pip refuses
    # 'eksgen @ git+file:///...' in a requirement, but not with the host localhost.
    record = {"url": tmp_path.as_uri(), "vcs_info": {"commit_id": COMMIT, "vcs": "git"}}
    source = source_of_direct_url(record, "0.2.0")
    assert source.requirement == f"eksgen @ git+file://localhost{tmp_path}@{COMMIT}"
    assert (source.git_url, source.git_rev) == (f"file://localhost{tmp_path}", COMMIT)
    assert source.local_path == str(tmp_path)


def test_file_urls_are_encoded_once(tmp_path: Path) -> None:
    folder = tmp_path / "eksgen repo #1 @home"
    folder.mkdir()
    encoded = folder.as_uri()
    assert "%20" in encoded and "%23" in encoded and "%40" in encoded
    # pip recorded a git+file URL decoded: {"url": "file://localhost/.../eksgen repo"}.
    repository = tmp_path / "eksgen repo @home"
    repository.mkdir()
    vcs_info = {"commit_id": COMMIT, "vcs": "git"}
    decoded = {"url": f"file://localhost{repository}", "vcs_info": vcs_info}
    url = f"file://localhost{repository.as_uri().removeprefix('file://')}"
    assert url.endswith("/eksgen%20repo%20%40home")
    assert source_of_direct_url(decoded, "0.2.0").requirement == f"eksgen @ git+{url}@{COMMIT}"
    # ...and a folder's URL encoded, as Path.as_uri() writes it.
    assert source_of_direct_url({"url": encoded, "dir_info": {}}, "0.2.0") == InstallSource(
        f"eksgen @ {encoded}", local_path=str(folder)
    )


def test_vcs_record_with_a_subdirectory_or_another_vcs_has_no_pre_commit_repo() -> None:
    record = {
        "url": GIT_URL,
        "subdirectory": "python",
        "vcs_info": {"commit_id": COMMIT, "vcs": "git"},
    }
    source = source_of_direct_url(record, "0.2.0")
    assert source == InstallSource(f"eksgen @ git+{GIT_URL}@{COMMIT}#subdirectory=python")
    hg = {"url": "https://hg.example.com/eksgen", "vcs_info": {"commit_id": "7f1c", "vcs": "hg"}}
    assert source_of_direct_url(hg, "0.2.0") == InstallSource(
        "eksgen @ hg+https://hg.example.com/eksgen@7f1c"
    )


@pytest.mark.parametrize("editable", [True, False])
def test_dir_record_gives_the_folder(tmp_path: Path, editable: bool) -> None:
    record = {"dir_info": {"editable": True} if editable else {}, "url": tmp_path.as_uri()}
    assert source_of_direct_url(record, "0.2.0") == InstallSource(
        f"eksgen @ {tmp_path.as_uri()}", local_path=str(tmp_path)
    )


def test_archive_record_gives_the_archive_url(tmp_path: Path) -> None:
    wheel = tmp_path / "eksgen-0.2.0-py3-none-any.whl"
    wheel.touch()
    digest = "81846b74defa395178d4c0077b456728633f4283c46482511d4a35ab8f628bb9"
    info = {"hash": f"sha256={digest}", "hashes": {"sha256": digest}}
    local = {"archive_info": info, "url": wheel.as_uri()}
    assert source_of_direct_url(local, "0.2.0") == InstallSource(
        f"eksgen @ {wheel.as_uri()}", local_path=str(wheel)
    )
    remote = {"archive_info": info, "url": "https://files.example.com/eksgen-0.2.0.tar.gz"}
    assert source_of_direct_url(remote, "0.2.0") == InstallSource(
        "eksgen @ https://files.example.com/eksgen-0.2.0.tar.gz"
    )


@pytest.mark.parametrize(
    "record",
    [
        None,  # installed from an index: pip writes no direct_url.json
        {"url": 3},
        {"url": GIT_URL, "vcs_info": {"vcs": "git"}},  # no commit
        {"url": GIT_URL, "vcs_info": {"vcs": "cvs", "commit_id": COMMIT}},
        {"url": "file:///nowhere/eksgen", "dir_info": {}},  # the folder is gone
        # PEP 610 keeps ${VAR} credentials; pip would expand them in requirements.txt.
        {
            "url": "https://${TOKEN}@git.example.com/e.git",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT},
        },
    ],
    ids=["index", "url-not-text", "no-commit", "unknown-vcs", "folder-gone", "env-credentials"],
)
def test_no_usable_record_gives_the_version(record: dict[str, Any] | None) -> None:
    assert source_of_direct_url(record, "0.2.0") == InstallSource("eksgen==0.2.0")


def dist_info(site: Path, direct_url: str | None) -> Distribution:
    """A real eksgen-0.2.0.dist-info in site, found the way importlib.metadata finds one."""
    folder = site / "eksgen-0.2.0.dist-info"
    folder.mkdir(parents=True)
    metadata = "Metadata-Version: 2.1\nName: eksgen\nVersion: 0.2.0\n"
    (folder / "METADATA").write_text(metadata, encoding="utf-8")
    (folder / "INSTALLER").write_text("pip\n", encoding="utf-8")
    if direct_url is not None:
        (folder / "direct_url.json").write_text(direct_url, encoding="utf-8")
    (found,) = Distribution.discover(name="eksgen", path=[str(site)])
    return found


def test_installed_distributions(tmp_path: Path) -> None:
    assert source_of_distribution(dist_info(tmp_path / "index", None)) == InstallSource(
        "eksgen==0.2.0"
    )
    record = json.dumps({"url": GIT_URL, "vcs_info": {"commit_id": COMMIT, "vcs": "git"}})
    git = source_of_distribution(dist_info(tmp_path / "git", record))
    assert git.requirement == f"eksgen @ git+{GIT_URL}@{COMMIT}"
    broken = source_of_distribution(dist_info(tmp_path / "broken", "{not json"))
    assert broken == InstallSource("eksgen==0.2.0")


# -- --install-from: what it takes and what it refuses ----------------------------------------


def test_requirements_are_kept_as_written() -> None:
    for text in (
        "eksgen",
        "eksgen==0.2.0",
        "eksgen[kubernetes-validate]>=0.2,<0.3",
        "EKSGEN ~= 0.2",
        "eksgen @ https://files.example.com/eksgen-0.2.0-py3-none-any.whl#sha256=81846b74",
    ):
        assert install_source(f"  {text} ") == InstallSource(text)


def test_git_requirements_give_pre_commit_a_repository_and_revision() -> None:
    ssh = install_source("eksgen @ git+ssh://git@git.example.com/platform/eksgen.git@v0.2.0")
    assert (ssh.git_url, ssh.git_rev) == ("ssh://git@git.example.com/platform/eksgen.git", "v0.2.0")
    egg = install_source(f"eksgen @ git+{GIT_URL}@{COMMIT}#egg=eksgen")
    assert (egg.git_url, egg.git_rev) == (GIT_URL, COMMIT)
    # Without a revision, or below a subdirectory, pre-commit has no repo:/rev: form for it.
    assert install_source(f"eksgen @ git+{GIT_URL}").git_url == ""
    assert install_source(f"eksgen @ git+{GIT_URL}@v1#subdirectory=py").git_url == ""


def test_paths_become_file_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "a b #1 @home {x} 'q'"
    folder.mkdir()
    wheel = folder / "eksgen-0.2.0-py3-none-any.whl"
    wheel.touch()
    checkout = folder / "eksgen"
    checkout.mkdir()
    (checkout / "pyproject.toml").write_text('[project]\nname = "eksgen"\n', encoding="utf-8")
    monkeypatch.chdir(folder)
    for given, path in [("./eksgen-0.2.0-py3-none-any.whl", wheel), ("eksgen/", checkout)]:
        source = install_source(given)
        assert source == InstallSource(f"eksgen @ {path.as_uri()}", local_path=str(path))
        url = source.requirement.removeprefix("eksgen @ ")
        assert " " not in url and "#" not in url and "{" not in url
        assert url2pathname(urlsplit(url).path) == str(path)
    # 'eksgen' alone is the release on the index, even beside a folder of that name.
    assert install_source("eksgen") == InstallSource("eksgen")


BAD = [
    ("", "is empty"),
    ("requests==2.0", "is a requirement for requests, not for eksgen"),
    ("eksgen==", "is neither a pip requirement ("),
    ("eksgen @ git+https://host/my repo.git", "is neither a pip requirement ("),
    ("./no-such-folder/eksgen-0.2.0-py3-none-any.whl", "names no existing file or folder"),
    ("dist/eksgen-0.2.0-py3-none-any.whl", "names no existing file or folder"),
    ('eksgen; python_version < "3"', "has an environment marker"),
    ("eksgen @ ftp://files.example.com/eksgen.whl", "has the URL scheme ftp:, where pip installs"),
    ("eksgen @ file:///nowhere/eksgen", "names /nowhere/eksgen, which does not exist"),
    ("eksgen @ file://files.example.com/eksgen", "names the host 'files.example.com'"),
    ("eksgen @ https://files.example.com/${TOKEN}/eksgen.whl", "holds '{' or '}'"),
    ("eksgen @ https://files.example.com/e\\x.whl", "holds a backslash"),
]


@pytest.mark.parametrize(("value", "reason"), BAD, ids=[reason for _, reason in BAD])
def test_bad_values(value: str, reason: str) -> None:
    with pytest.raises(BadRequirement) as raised:
        install_source(value)
    assert str(raised.value).startswith(reason)
    assert "\n" not in str(raised.value)


def test_bad_paths(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "orders"\n', encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "orders-1.0-py3-none-any.whl").touch()
    (tmp_path / "notes.txt").touch()
    expected = {
        other: "is a checkout of orders, not of eksgen",
        tmp_path / "empty": "is a folder without pyproject.toml or setup.py: no eksgen checkout",
        tmp_path / "orders-1.0-py3-none-any.whl": "is not an eksgen wheel or source archive",
        tmp_path / "notes.txt": "is not an eksgen wheel or source archive",
    }
    for path, reason in expected.items():
        with pytest.raises(BadRequirement, match=f"^{reason}"):
            install_source(str(path))


def test_cli_refuses_a_bad_value_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = run(["init", "-o", str(out), "--no-input", "--install-from", "requests==2.0"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "eksgen: error: --install-from 'requests==2.0' is a requirement for requests, not for "
        "eksgen; expected a pip requirement (eksgen==0.2.0, "
        "'eksgen @ git+https://HOST/ORG/eksgen@v0.2.0') or the path of an eksgen wheel or "
        "checkout\n"
    )
    both = ["--install-from", "eksgen", "--set", "install_from=eksgen"]
    assert run(["init", "-o", str(out), "--no-input", *both]) == 2
    assert "answer one question: give one" in capsys.readouterr().err
    assert not out.exists()


def test_bad_answer_exits_1_like_any_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(["init", "-o", str(out), "--no-input", "--set", "install_from=eksgen=="]) == 1
    err = capsys.readouterr().err
    assert err.startswith("install_from: 'eksgen==' is neither a pip requirement (")
    assert "Traceback" not in err
    assert not out.exists()


def test_interactive_answer_is_checked_and_asked_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["requests", "eksgen==0.2.0"])

    def ask(key: str, default: str, choices: Any) -> str:
        return next(answers) if key == "install_from" else default

    made = scaffold(tmp_path, {}, no_input=False, ask=ask)
    assert requirement_line(made.path) == "eksgen==0.2.0"
    assert capsys.readouterr().err.startswith(
        "install_from: 'requests' is a requirement for requests, not for eksgen"
    )


# -- the generated files, for each kind of source ----------------------------------------------


def test_default_is_the_running_eksgen_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["init", "-o", str(tmp_path), "--no-input"]) == 0
    repo = tmp_path / "my-app"
    assert requirement_line(repo) == CHECKOUT_REQUIREMENT
    (hooks,) = pre_commit(repo)["repos"]
    assert hooks["repo"] == "local"
    assert {hook["language"] for hook in hooks["hooks"]} == {"python"}
    assert [hook["additional_dependencies"] for hook in hooks["hooks"]] == [
        [CHECKOUT_REQUIREMENT]
    ] * 2
    assert "# A file: URL names a path on the machine that ran eksgen init" in (
        repo / "requirements.txt"
    ).read_text(encoding="utf-8")
    workflow = (repo / ".github/workflows/eksgen.yml").read_text(encoding="utf-8")
    assert "names a path on the machine that ran eksgen init: this step fails" in workflow
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"note: requirements.txt installs eksgen from {ROOT}, a path on this machine: CI and "
        "other machines cannot install it; pass --install-from a release (eksgen==X.Y.Z) or a "
        "git URL ('eksgen @ git+https://HOST/ORG/eksgen@vX.Y.Z')"
    )
    assert err[1:] == [f"eksgen: created {repo}; next: cd {repo} && git init && make check"]


def test_release_from_an_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["init", "-o", str(tmp_path), "--no-input", "--install-from", "eksgen==0.2.0"]
    assert run(argv) == 0
    repo = tmp_path / "my-app"
    assert requirement_line(repo) == "eksgen==0.2.0"
    (hooks,) = pre_commit(repo)["repos"]
    assert hooks["repo"] == "local"
    assert [hook["additional_dependencies"] for hook in hooks["hooks"]] == [["eksgen==0.2.0"]] * 2
    text = (repo / "requirements.txt").read_text(encoding="utf-8")
    assert "path on the machine" not in text
    workflow = (repo / ".github/workflows/eksgen.yml").read_text(encoding="utf-8")
    assert "path on the machine" not in workflow
    assert capsys.readouterr().err.splitlines()[0] == (
        f"note: rendered/ holds the output of this eksgen ({__version__}); if eksgen==0.2.0 "
        "renders differently, make check says so: then run make install && make render and "
        "commit"
    )


def test_git_url_uses_pre_commit_repo_and_rev(tmp_path: Path) -> None:
    repo = generate(tmp_path, f"eksgen @ git+{GIT_URL}@v0.2.0")
    assert requirement_line(repo) == f"eksgen @ git+{GIT_URL}@v0.2.0"
    assert pre_commit(repo)["repos"] == [
        {
            "repo": GIT_URL,
            "rev": "v0.2.0",
            "hooks": [
                {"id": "eksgen-validate", "args": ["apps/"], "files": "^apps/"},
                {
                    "id": "eksgen-render-check",
                    "args": ["apps/", "-o", "rendered/"],
                    "files": "^(apps|rendered)/",
                },
            ],
        }
    ]
    # A revision YAML would read as a number stays text.
    numeric = generate(tmp_path / "numeric", f"eksgen @ git+{GIT_URL}@1e100")
    assert pre_commit(numeric)["repos"][0]["rev"] == "1e100"
    # The hook ids are the ones eksgen's own .pre-commit-hooks.yaml offers.
    offered = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in offered} == {"eksgen-validate", "eksgen-render-check"}


@pytest.mark.parametrize(
    "requirement",
    [
        # '#' and '@' in a URL, and a value YAML would read as a mapping unless quoted.
        f"eksgen @ git+{GIT_URL}@v0.2.0#subdirectory=python",
        "eksgen @ https://files.example.com/a:b/eksgen-0.2.0.tar.gz#sha256=81846b74",
        "eksgen[kubernetes-validate] >= 0.2, != 0.2.1",
    ],
)
def test_values_read_back_from_every_generated_file(tmp_path: Path, requirement: str) -> None:
    repo = generate(tmp_path, requirement)
    assert requirement_line(repo) == requirement
    (hooks,) = pre_commit(repo)["repos"]
    assert [hook["additional_dependencies"] for hook in hooks["hooks"]] == [[requirement]] * 2
    assert "make install" in workflow_runs(repo)
    assert make_recipe(repo, "install") == ["$(PYTHON) -m pip install -r requirements.txt"]


def test_local_paths_with_spaces_and_hashes(tmp_path: Path) -> None:
    folder = tmp_path / "my wheels #2 @work"
    folder.mkdir()
    wheel = folder / "eksgen-0.2.0-py3-none-any.whl"
    wheel.touch()
    repo = generate(tmp_path / "out", str(wheel))
    assert requirement_line(repo) == f"eksgen @ {wheel.as_uri()}"
    (hooks,) = pre_commit(repo)["repos"]
    assert hooks["hooks"][0]["additional_dependencies"] == [f"eksgen @ {wheel.as_uri()}"]
    config = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "# A file: URL names a path on the machine that ran eksgen init" in config


# -- pip for real -------------------------------------------------------------------------------


def program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not on PATH: the generated repository's install step needs it")
    return path


def clean_environment(venv: Path) -> dict[str, str]:
    """This environment (pip's configuration, its indexes) with the fresh venv first on PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.mark.install
def test_generated_install_step_installs_eksgen_in_a_fresh_venv(tmp_path: Path) -> None:
    started = time.monotonic()
    repo = generate(tmp_path)
    assert requirement_line(repo) == CHECKOUT_REQUIREMENT  # the default, this checkout
    assert "make install" in workflow_runs(repo)  # CI's install step is the Makefile's
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    env = clean_environment(venv)
    python = venv / "bin" / "python"
    make = program("make")
    installed = subprocess.run(
        [make, "install", f"PYTHON={python}"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    eksgen = venv / "bin" / "eksgen"
    version = subprocess.run(
        [str(eksgen), "--version"], env=env, capture_output=True, text=True, check=False
    )
    assert version.stdout == f"eksgen {__version__}\n", version.stderr
    checked = subprocess.run(
        [make, "check", f"EKSGEN={eksgen}"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    sys.stderr.write(f"fresh venv install and check: {time.monotonic() - started:.1f} s\n")


def pip_install(requirement_args: list[str], target: Path, cwd: Path) -> Path:
    """pip install --no-deps --target: eksgen alone, beside the dependencies of this venv."""
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target)]
    installed = subprocess.run(
        [*pip, *requirement_args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    (record,) = target.glob("eksgen-*.dist-info/direct_url.json")
    return record


def init_with(site: Path, parent: Path) -> Path:
    """`eksgen init` run by the eksgen installed in site (the first on sys.path)."""
    env = os.environ | {"PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-m", "eksgen", "init", "-o", str(parent), "--no-input"],
        cwd=parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return parent / "my-app"


@pytest.mark.install
def test_eksgen_installed_from_a_wheel_names_the_wheel(tmp_path: Path) -> None:
    folder = tmp_path / "wheels #2 @ home"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(folder),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = folder.glob("eksgen-*.whl")
    pip_install([str(wheel)], tmp_path / "site", tmp_path)
    repo = init_with(tmp_path / "site", tmp_path / "out")
    # pip recorded {"archive_info": {...}, "url": "file:///.../wheels%20%232%20%40%20home/..."}.
    assert requirement_line(repo) == f"eksgen @ {wheel.as_uri()}"
    # ...and that line is what pip reads back from the generated requirements.txt.
    record = pip_install(["-r", "requirements.txt"], tmp_path / "again", repo)
    assert json.loads(record.read_text(encoding="utf-8"))["url"] == wheel.as_uri()


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [program("git"), *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def git_repository(folder: Path, tag: str) -> str:
    """A git repository of the checkout's files as they are now, tagged; its commit."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    git("init", "-q", cwd=folder)
    git("add", "-A", cwd=folder)
    identity = ["-c", "user.name=eksgen tests", "-c", "user.email=tests@eksgen.invalid"]
    identity += ["-c", "commit.gpgsign=false"]
    git(*identity, "commit", "-q", "-m", "eksgen", cwd=folder)
    git("tag", tag, cwd=folder)
    return git("rev-parse", "HEAD", cwd=folder).strip()


@pytest.mark.install
def test_eksgen_installed_from_git_names_the_commit(tmp_path: Path) -> None:
    origin = tmp_path / "eksgen repo"
    commit = git_repository(origin, "v9.9.9")
    url = f"file://localhost{origin.as_uri().removeprefix('file://')}"
    pip_install([f"eksgen @ git+{url}@v9.9.9"], tmp_path / "site", tmp_path)
    repo = init_with(tmp_path / "site", tmp_path / "out")
    # pip recorded {"url": "file://localhost/...", "vcs_info": {"commit_id": ...,
    # "requested_revision": "v9.9.9", "vcs": "git"}}.
    assert requirement_line(repo) == f"eksgen @ git+{url}@{commit}"
    (remote,) = pre_commit(repo)["repos"]
    assert (remote["repo"], remote["rev"]) == (url, commit)
    config = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    # A commit can look like a number (1e100...): quoted then, and the tag follows it.
    (rev_line,) = [line for line in config.splitlines() if line.startswith("    rev: ")]
    assert rev_line.endswith(f"{commit}  # frozen: v9.9.9") or rev_line.endswith(
        f"'{commit}'  # frozen: v9.9.9"
    )
    record = pip_install(["-r", "requirements.txt"], tmp_path / "again", repo)
    assert json.loads(record.read_text(encoding="utf-8"))["vcs_info"]["commit_id"] == commit
