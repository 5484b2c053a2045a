"""The one way eksgen writes: build beside the target, then publish it in one atomic step.

Everything is rendered and checked in memory first. A tree (render -o DIR) is written to a
staging folder beside DIR, a file (import -o FILE) to a temporary file beside it, a scaffold
(init) is generated into a staging folder; publish() then puts each in place with one
rename, so an error or a kill leaves the target either wholly old or wholly new.
"""

from __future__ import annotations

import difflib
import glob
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from eksgen.errors import OutputError
from eksgen.output.oldtree import FILE_MODE, OldTree, holds_exactly
from eksgen.render.layout import HEADER, KUSTOMIZATION


@dataclass(frozen=True)
class Outcome:
    """What sync did: wrote the files, or (check) compared them; the diff when they differ."""

    written: bool
    difference: str
    count: int

    @property
    def up_to_date(self) -> bool:
        """Whether DIR already held exactly the files."""
        return not self.difference


def sync(files: dict[str, str], out_dir: Path, *, check: bool = False) -> Outcome:
    """Write the files to DIR atomically; with check, write nothing and diff DIR instead."""
    if check:
        return Outcome(False, diff_tree(files, out_dir), len(files))
    write_tree(files, out_dir)
    return Outcome(True, "", len(files))


def diff_tree(files: dict[str, str], out_dir: Path) -> str:
    """A unified diff from what DIR holds to what would be written; empty when equal."""
    current = _read_tree(out_dir) if out_dir.is_dir() else {}
    chunks: list[str] = []
    for name in sorted(set(current) | set(files)):
        old, new = current.get(name), files.get(name)
        if old == new:
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"a/{name}" if old is not None else "/dev/null",
                tofile=f"b/{name}" if new is not None else "/dev/null",
            )
        )
    return "".join(chunks)


def write_tree(files: dict[str, str], out_dir: Path) -> None:
    """Replace DIR with exactly these files, atomically."""
    _refuse_foreign(out_dir)
    for name in files:
        _check_name(name)
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out_dir)
    if holds_exactly(out_dir, files):
        return  # already wholly new: a render that changes nothing touches nothing
    staging = Path(
        tempfile.mkdtemp(prefix=_staging_prefix(out_dir) + f"{os.getpid()}-", dir=parent)
    )
    old = OldTree(out_dir)
    try:
        made: set[str] = set()
        for name, text in files.items():
            folder = name.rpartition("/")[0]
            if folder not in made:
                (staging / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            if not old.link_if_unchanged(name, text, staging / name):
                _write_file(staging, name, text)
        staging.chmod(0o755)
        publish(staging, out_dir)
    finally:
        old.close()
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _check_name(name: str) -> None:
    """Only plain relative paths: the staging folder is new, so no link can redirect them."""
    parts = name.split("/")
    if name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise OutputError(f"{name}: refusing to write outside the output folder")


def _write_file(root: Path, name: str, text: str) -> None:
    """Create one new file (never through an existing one) with mode 0644."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(root / name, flags, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)  # whatever the umask
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(descriptor, data) :]
    finally:
        os.close(descriptor)


def _staging_prefix(out_dir: Path) -> str:
    """Staging folders are named .DIR.eksgen-PID-random, beside DIR."""
    return f".{out_dir.name}.eksgen-"


def _remove_stale_staging(out_dir: Path) -> None:
    """Remove staging folders beside DIR left by a killed render (its process is gone)."""
    prefix = _staging_prefix(out_dir)
    for path in out_dir.parent.glob(glob.escape(prefix) + "*"):
        pid_text = path.name[len(prefix) :].split("-", 1)[0]
        if pid_text.isdigit() and not path.is_symlink() and not _process_alive(int(pid_text)):
            shutil.rmtree(path, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def publish(built: Path, target: Path, *, replace: bool = True) -> None:
    """Put built (a file or a folder) in target's place in one atomic step.

    replace False: target must not exist (a new repository is never put over anything).
    Replacing a folder swaps the two, so afterwards built holds the old folder; the caller
    removes it.
    """
    if built.is_dir() and target.is_symlink():
        raise OutputError(f"{target}: is a symbolic link; give the real folder")
    if not replace:
        if not _rename_new(built, target):
            raise OutputError(f"{target}: already exists")
        return
    if built.is_file() or not target.exists():
        built.replace(target)
        return
    if _exchange(built, target):
        return
    # No atomic exchange on this system: two renames, with a window of a missing target.
    old = built.with_name(built.name + ".old")
    target.rename(old)
    built.rename(target)
    old.rename(built)


def replace_file(path: Path, text: str) -> None:
    """Write one file atomically (mode 0644): a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(text)
    staged = Path(handle.name)
    try:
        staged.chmod(FILE_MODE)
        publish(staged, path)
    finally:
        staged.unlink(missing_ok=True)


def _rename_new(built: Path, target: Path) -> bool:
    """Rename built to target unless target exists (renameat2 RENAME_NOREPLACE where offered)."""
    if _renameat2(built, target, flags=1):
        return True
    # Refused (the target exists) or not offered by this file system: check, then rename.
    if target.exists():
        return False
    built.rename(target)
    return True


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE), where Linux offers it."""
    return bool(_renameat2(first, second, flags=2))


def _renameat2(source: Path, target: Path, flags: int) -> bool | None:
    """renameat2 with flags: True when done, False when refused, None where unavailable."""
    import ctypes

    at_fdcwd = -100
    try:
        # The C library Python itself is linked with; ctypes.util.find_library would run
        # ldconfig in a subprocess to find it.
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return None
    result = renameat2(at_fdcwd, os.fsencode(source), at_fdcwd, os.fsencode(target), flags)
    return bool(result == 0)


def _refuse_foreign(out_dir: Path) -> None:
    """Never replace a folder eksgen did not write: -o . would otherwise wipe a repository."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder")
    if not any(out_dir.iterdir()):
        return
    if not _written_by_eksgen(out_dir):
        raise OutputError(
            f"{out_dir}: exists and was not written by eksgen (no generated {KUSTOMIZATION}); "
            "refusing to replace it. Choose an empty or new folder."
        )


def _written_by_eksgen(out_dir: Path) -> bool:
    """A manifests tree has eksgen's kustomization.yaml; a helm-values tree only headed files."""
    marker = out_dir / KUSTOMIZATION
    if marker.is_file():
        return marker.read_text(encoding="utf-8").startswith(HEADER)
    files = [path for path in out_dir.rglob("*") if path.is_file()]
    return bool(files) and all(
        path.suffix == ".yaml" and path.read_text(encoding="utf-8").startswith(HEADER)
        for path in files
    )


def _read_tree(root: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            name = path.relative_to(root).as_posix()
            files[name] = path.read_text(encoding="utf-8", errors="replace")
    return files
