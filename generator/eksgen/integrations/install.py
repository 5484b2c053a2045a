"""How a repository made by `eksgen init` installs eksgen: one pip requirement, checked.

The repository's requirements.txt holds it (make install, and so CI, reads that file) and its
pre-commit configuration installs the same eksgen. The default is where the running eksgen
came from, as pip recorded it in direct_url.json (PEP 610): a git URL at the installed
commit, the folder or archive it was built from, else its version from a package index.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit
from urllib.request import url2pathname

if TYPE_CHECKING:
    from importlib.metadata import Distribution

    from packaging.requirements import Requirement

NAME = "eksgen"
EXPECTED = (
    "a pip requirement (eksgen==0.2.0, 'eksgen @ git+https://HOST/ORG/eksgen@v0.2.0') or the "
    "path of an eksgen wheel or checkout"
)
# The version control systems pip installs from ('git+https://...'); pre-commit clones git only.
VCS = ("git", "hg", "svn", "bzr")
_ARCHIVES = (".whl", ".tar.gz", ".zip")
# A tag or branch name, safe to repeat in a YAML comment.
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}")


class BadRequirement(ValueError):
    """A value that cannot say how to install eksgen; str() completes "'VALUE' ..."."""


@dataclass(frozen=True)
class InstallSource:
    """One way to install eksgen, as the generated files spell it.

    requirement: the line pip reads (requirements.txt, pre-commit's additional_dependencies).
    git_url, git_rev: the git repository and revision the requirement names, for
    pre-commit's repo:/rev: form; empty when it names none (a release, a folder, a URL with a
    subdirectory). rev_label: the tag or branch that git_rev was resolved from, if known.
    local_path: the path on this machine a file: URL names; empty for any other source.
    """

    requirement: str
    git_url: str = ""
    git_rev: str = ""
    rev_label: str = ""
    local_path: str = ""

    def template_context(self) -> dict[str, str]:
        """The fields as the cookiecutter template reads them (cookiecutter._install)."""
        return {
            "requirement": self.requirement,
            "git_url": self.git_url,
            "git_rev": self.git_rev,
            "rev_label": self.rev_label,
            "local_path": self.local_path,
        }


@cache
def running_source() -> InstallSource:
    """Where the running eksgen was installed from (the default of `eksgen init`)."""
    from importlib.metadata import distributions

    from eksgen.version import __version__

    # A source tree on sys.path (the current folder, say) may hold a stale eksgen.egg-info
    # that would be found first: the installation pip made is the one with its record.
    found = list(distributions(name=NAME))
    recorded = [dist for dist in found if dist.read_text("direct_url.json") is not None]
    if recorded or found:
        return source_of_distribution((recorded or found)[0])
    return InstallSource(f"{NAME}=={__version__}")  # run from a source tree, never installed


def source_of_distribution(dist: Distribution) -> InstallSource:
    """The source an installed distribution of eksgen records in its direct_url.json."""
    text = dist.read_text("direct_url.json")
    try:
        record = json.loads(text) if text else None
    except ValueError:
        record = None
    return source_of_direct_url(record if isinstance(record, Mapping) else None, dist.version)


def source_of_direct_url(direct_url: Mapping[str, Any] | None, version: str) -> InstallSource:
    """The requirement that installs again what pip recorded (PEP 610).

    vcs_info gives the URL at the commit pip installed; dir_info (editable or not) and
    archive_info give the folder or archive URL. No record (an install from an index) or one
    this function cannot read gives version from the index.
    """
    pinned = InstallSource(f"{NAME}=={version}")
    url = direct_url.get("url") if direct_url else None
    if direct_url is None or not isinstance(url, str) or not url:
        return pinned
    subdirectory = direct_url.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) else ""
    vcs_info = direct_url.get("vcs_info")
    if vcs_info is None:
        text = f"{NAME} @ {_file_url(url)}{fragment}"
    elif isinstance(vcs_info, Mapping) and _is_vcs_record(vcs_info):
        # pip 23.2 (what Python 3.11's venv brings) refuses a VCS URL without a host in a
        # requirement ('git+file:///path') and takes 'git+file://localhost/path'.
        vcs_url = _file_url(url, host="localhost")
        text = f"{NAME} @ {vcs_info['vcs']}+{vcs_url}@{vcs_info['commit_id']}{fragment}"
    else:
        return pinned
    try:
        source = install_source(text)
    except BadRequirement:  # a URL no generated file could hold as it is
        return pinned
    requested = vcs_info.get("requested_revision") if vcs_info else None
    if source.git_rev and isinstance(requested, str) and requested != source.git_rev:
        source = replace(source, rev_label=requested if _REF.fullmatch(requested) else "")
    return source


def _is_vcs_record(info: Mapping[str, Any]) -> bool:
    commit = info.get("commit_id")
    return info.get("vcs") in VCS and isinstance(commit, str) and bool(commit)


def _file_url(url: str, *, host: str = "") -> str:
    """A file: URL with its path percent-encoded once; other URLs as they are.

    pip records some file: URLs decoded ('file:///my repo' for git+file) and others encoded;
    encoded, '@', '#' and spaces cannot end the URL or start a revision early.
    """
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    path = quote(unquote(parts.path), safe="/")
    return urlunsplit(parts._replace(netloc=parts.netloc or host, path=path))


def install_source(value: str) -> InstallSource:
    """The source a value names: a pip requirement for eksgen, or the path of a wheel or checkout.

    A value that reads as a requirement for eksgen is one (so 'eksgen' is the release on the
    index, './eksgen' a folder); otherwise it must be an existing path. Raises BadRequirement.
    """
    text = value.strip()
    if not text:
        raise BadRequirement("is empty")
    requirement, problem = _parse(text)
    if requirement is not None and _canonical(requirement.name) == NAME:
        source = _requirement_source(text, requirement)
    else:
        source = _path_source(text, requirement, problem)
    _check_line(source.requirement)
    return source


def _parse(text: str) -> tuple[Requirement | None, str]:
    """The text as a requirement, or None and packaging's reason why it is not one."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(text), ""
    except InvalidRequirement as error:
        return None, str(error).splitlines()[0] if str(error) else "invalid"


def _canonical(name: str) -> str:
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))


def _requirement_source(text: str, requirement: Requirement) -> InstallSource:
    if requirement.marker is not None:
        raise BadRequirement(
            "has an environment marker (;...), which could leave eksgen uninstalled"
        )
    if not requirement.url:
        return InstallSource(text)
    scheme = urlsplit(requirement.url).scheme
    if not scheme:
        raise BadRequirement("names a URL without a scheme (https:, file:, git+https:)")
    vcs, plus, transport = scheme.partition("+")
    if not (plus and vcs in VCS and transport) and scheme not in ("http", "https", "file"):
        raise BadRequirement(
            f"has the URL scheme {scheme}:, where pip installs from https:, file: and VCS URLs "
            "such as git+https:"
        )
    local_path = _existing_local_path(requirement.url) if scheme.endswith("file") else ""
    git_url, git_rev = _git_revision(requirement.url) if vcs == "git" and plus else ("", "")
    return InstallSource(text, git_url=git_url, git_rev=git_rev, local_path=local_path)


def _existing_local_path(url: str) -> str:
    """The path a file: URL (or git+file:) names; it must exist on this machine."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise BadRequirement(f"names the host {parts.netloc!r} in a file: URL")
    path = parts.path
    if "+" in parts.scheme and "@" in path:
        path = path.rpartition("@")[0]  # git+file:///repo@ref: the ref is not part of the path
    local = url2pathname(path)
    if not _exists(Path(local)):
        raise BadRequirement(f"names {local}, which does not exist")
    return local


def _git_revision(url: str) -> tuple[str, str]:
    """(repository URL, revision) of 'git+URL@REV', for pre-commit; empty without a revision.

    pip's rule: the revision follows the last '@' of the URL's path. A subdirectory has no
    pre-commit form (pre-commit reads .pre-commit-hooks.yaml at the repository's top).
    """
    parts = urlsplit(url.removeprefix("git+"))
    if "subdirectory=" in parts.fragment or "@" not in parts.path:
        return "", ""
    path, _, revision = parts.path.rpartition("@")
    return urlunsplit(parts._replace(path=path, fragment="")), revision


def _path_source(text: str, requirement: Requirement | None, problem: str) -> InstallSource:
    path = Path(text).expanduser()
    if not _exists(path):
        if requirement is not None:
            raise BadRequirement(f"is a requirement for {requirement.name}, not for {NAME}")
        if _looks_like_path(text):
            raise BadRequirement("names no existing file or folder")
        raise BadRequirement(
            f"is neither a pip requirement ({problem}) nor an existing file or folder"
        )
    resolved = path.resolve()
    if resolved.is_dir():
        _check_checkout(resolved)
    else:
        _check_archive(resolved)
    # as_uri() percent-encodes spaces, '#', '@' and the like: the URL is one safe word.
    return InstallSource(f"{NAME} @ {resolved.as_uri()}", local_path=str(resolved))


def _looks_like_path(text: str) -> bool:
    """A path by its form: relative, absolute or home, an archive, or folders without a URL."""
    if text.startswith((".", "/", "~")) or text.endswith(_ARCHIVES):
        return True
    return "/" in text and "@" not in text


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as error:  # a name too long, a file where a folder should be
        raise BadRequirement(f"is a path the system refuses: {error.strerror}") from None


def _check_checkout(folder: Path) -> None:
    """A folder pip can build eksgen from: its pyproject.toml (or setup.py) names eksgen."""
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        if (folder / "setup.py").is_file():
            return
        raise BadRequirement("is a folder without pyproject.toml or setup.py: no eksgen checkout")
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BadRequirement(f"has a pyproject.toml that cannot be read: {error}") from None
    name = project.get("name") if isinstance(project, dict) else None
    if isinstance(name, str) and _canonical(name) != NAME:
        raise BadRequirement(f"is a checkout of {name}, not of {NAME}")


def _check_archive(file: Path) -> None:
    """A wheel or source archive of eksgen, as its file name says (pip checks the name)."""
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    try:
        if file.name.endswith(".whl"):
            name = str(parse_wheel_filename(file.name)[0])
        else:
            name = str(parse_sdist_filename(file.name)[0])
    except (InvalidWheelFilename, InvalidSdistFilename):
        name = ""
    if name != NAME:
        raise BadRequirement(
            f"is not an {NAME} wheel or source archive "
            f"({NAME}-X.Y.Z-py3-none-any.whl, {NAME}-X.Y.Z.tar.gz)"
        )


def _check_line(requirement: str) -> None:
    """The requirement reads back whole from requirements.txt and from the templates."""
    if any(ord(char) < 32 or ord(char) == 127 for char in requirement):
        raise BadRequirement("holds a control character")
    if "{" in requirement or "}" in requirement:
        # pip expands ${NAME} in requirements files; the generated files are Jinja templates.
        raise BadRequirement("holds '{' or '}'")
    if "\\" in requirement:
        raise BadRequirement("holds a backslash, which continues a line in requirements.txt")
    if re.search(r"\s#", requirement):
        raise BadRequirement("holds ' #', where requirements.txt starts a comment")


def notes(source: InstallSource) -> list[str]:
    """What the user of `eksgen init` should know about the chosen source."""
    from eksgen.version import __version__

    found = []
    if source.local_path:
        found.append(
            f"requirements.txt installs eksgen from {source.local_path}, a path on this "
            "machine: CI and other machines cannot install it; pass --install-from a release "
            "(eksgen==X.Y.Z) or a git URL ('eksgen @ git+https://HOST/ORG/eksgen@vX.Y.Z')"
        )
    if source.requirement != running_source().requirement:
        found.append(
            f"rendered/ holds the output of this eksgen ({__version__}); if "
            f"{source.requirement} renders differently, make check says so: then run "
            "make install && make render and commit"
        )
    return found
