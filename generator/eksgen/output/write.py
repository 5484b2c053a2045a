"""The one way eksgen writes: build beside the target, then publish it in one atomic step.

Everything is rendered and checked in memory first. A tree (render -o DIR) is written to a
staging folder beside DIR, a file (import -o FILE) to a temporary file beside it, a scaffold
(init) is generated into a staging folder; publish() then puts each in place with one
rename, so an error or a kill leaves the target either wholly old or wholly new.
"""

from __future__ import annotations

import difflib
import errno
import glob
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eksgen.errors import OutputError
from eksgen.generated import HEADER_BYTES, SCRIPT_HEAD_BYTES
from eksgen.output.oldtree import FILE_MODE, OldTree, holds_exactly
from eksgen.render.layout import CLUSTER_FOLDER, KUSTOMIZATION


@dataclass(frozen=True)
class Outcome:
    """What sync did: wrote the files, or (check) compared them; the diff when they differ.

    changed: whether the write changed DIR (False: DIR already held exactly the files).
    removed: the files DIR held that the new tree leaves out (with check: would leave out).
    """

    written: bool
    difference: str
    count: int
    changed: bool = True
    removed: tuple[str, ...] = ()

    @property
    def up_to_date(self) -> bool:
        """Whether DIR already held exactly the files."""
        return not self.difference


def sync(files: dict[str, str], out_dir: Path, *, check: bool = False) -> Outcome:
    """Write the files to DIR atomically; with check, write nothing and diff DIR instead.

    A DIR the system refuses (a file as its parent, a name too long, a read-only or
    pseudo file system) is an OutputError naming DIR and the system's reason.
    """
    try:
        if check:
            _check_target(out_dir, writing=False)
            removed = _left_out(files, out_dir)
            return Outcome(False, diff_tree(files, out_dir), len(files), False, removed)
        changed, removed = _write_tree(files, out_dir)
    except OSError as error:
        raise OutputError(f"{out_dir}: {_reason(error)}") from None
    return Outcome(True, "", len(files), changed, removed)


def _left_out(files: dict[str, str], out_dir: Path) -> tuple[str, ...]:
    """The files below DIR (links included) that are not among the new files, sorted."""
    if out_dir.is_symlink() or not out_dir.is_dir():
        return ()
    present = (Path(entry.path).relative_to(out_dir).as_posix() for entry in _files_below(out_dir))
    return tuple(sorted(name for name in present if name not in files))


def tree_format(out_dir: Path) -> str | None:
    """Which render output DIR holds: 'manifests', 'helm-values', or None (neither, or empty).

    A manifests tree has eksgen's kustomization.yaml at its top; a helm-values tree has
    none, and a values.yaml of eksgen's in each <namespace>/<app>/ folder.
    """
    if out_dir.is_symlink() or not out_dir.is_dir():
        return None
    if _marked(out_dir / KUSTOMIZATION):
        return "manifests"
    for values in sorted(out_dir.glob("*/*/values.yaml")):
        if _marked(values):
            return "helm-values"
    return None


def _reason(error: OSError) -> str:
    """The system's reason in words ('Not a directory'), without the path it names."""
    return error.strerror or str(error)


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


def write_tree(files: dict[str, str], out_dir: Path) -> bool:
    """Replace DIR with exactly these files, atomically; False if DIR already held them.

    Nothing is written when DIR cannot be: the folders made for its parent are removed again.
    """
    return _write_tree(files, out_dir)[0]


def _write_tree(files: dict[str, str], out_dir: Path) -> tuple[bool, tuple[str, ...]]:
    """write_tree, and the files of the old DIR the new one leaves out (none if unchanged)."""
    for name in files:
        _check_name(name)
    _check_target(out_dir)  # before any walk: the root folder is refused unread
    removed = _left_out(files, out_dir)
    parent = out_dir.parent
    made = _make_folders(out_dir, parent)
    try:
        changed = _replace_tree(files, out_dir, parent)
    except BaseException:
        _remove_folders(made)
        raise
    return changed, removed if changed else ()


def _replace_tree(files: dict[str, str], out_dir: Path, parent: Path) -> bool:
    _remove_stale_staging(out_dir)
    if holds_exactly(out_dir, files):
        return False  # already wholly new: a render that changes nothing touches nothing
    try:
        staging = Path(
            tempfile.mkdtemp(prefix=_staging_prefix(out_dir) + f"{os.getpid()}-", dir=parent)
        )
    except OSError as error:
        raise OutputError(
            f"{out_dir}: {_reason(error)} (cannot create a folder in {parent})"
        ) from None
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
    return True


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
    """Staging folders are named .DIR.eksgen-PID-random, beside DIR.

    A DIR whose name is near the longest a file system allows gets a digest of it instead,
    so that the staging name stays short enough.
    """
    return f".{_short_name(out_dir.name)}.eksgen-"


def _short_name(name: str) -> str:
    if len(os.fsencode(name)) <= _LONG_NAME:
        return name
    import hashlib

    return hashlib.sha256(os.fsencode(name)).hexdigest()[:32]


# Names longer than this (in bytes) get a digest in staging names: NAME_MAX is 255 on the
# usual file systems, and ".NAME.eksgen-PID-random.old" adds up to about 35 bytes.
_LONG_NAME = 200


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
    """Write one file atomically (mode 0644): a reader never sees half a file.

    A path the system refuses is an OutputError naming it and the system's reason.
    """
    try:
        existing = _status(path)
        if existing is not None and stat.S_ISDIR(existing.st_mode):
            raise OutputError(f"{path}: is a folder; give a file name")
        made = _make_folders(path, path.parent)
        try:
            _replace_file(path, text)
        except BaseException:
            _remove_folders(made)
            raise
    except OSError as error:
        raise OutputError(f"{path}: {_reason(error)}") from None


def _replace_file(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile(
        "w",
        encoding="utf-8",
        dir=path.parent,
        prefix=f".{_short_name(path.name)}.",
        delete=False,
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


def _check_target(out_dir: Path, *, writing: bool = True) -> None:
    """Refuse a DIR that cannot or must not be replaced, before anything is read or written.

    That is one the system refuses, the root folder, a folder holding the current one, any
    folder eksgen did not write (-o . would otherwise wipe a repository) and, when writing,
    one that holds a file eksgen would not write (it would be lost with the old tree). A
    check (writing False) reports such files as drift instead.
    """
    status = _status(out_dir)
    if status is None:
        _check_new_names(out_dir)
        return
    if stat.S_ISLNK(status.st_mode):
        raise OutputError(f"{out_dir}: is a symbolic link; give the real folder")
    if not stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{out_dir}: exists and is not a folder")
    real = _safe_path(lambda: out_dir) or out_dir.absolute()
    if real == Path(real.anchor):
        raise OutputError(f"{out_dir}: is the root folder; refusing to replace it")
    here = _safe_path(Path.cwd)
    if here is not None and here != real and here.is_relative_to(real):
        raise OutputError(
            f"{out_dir}: holds the current folder; refusing to replace it. "
            "Choose an empty or new folder."
        )
    with os.scandir(out_dir) as entries:
        empty = next(entries, None) is None
    if empty:
        return
    # The current folder and the home folder are walked only below eksgen's own marker.
    marked = _marked(out_dir / KUSTOMIZATION)
    special = real in (here, _safe_path(Path.home))
    foreign = None if special and not marked else _first_foreign_file(out_dir)
    if (special and not marked) or (foreign is not None and not marked and not writing):
        raise OutputError(
            f"{out_dir}: exists and was not written by eksgen (no generated {KUSTOMIZATION}); "
            "refusing to replace it. Choose an empty or new folder."
        )
    if foreign is not None and writing:
        raise OutputError(
            f"{out_dir}: exists and holds {foreign}, which eksgen did not write; refusing "
            "to replace it (it would be lost). Move it away, or choose an empty or new folder."
        )


def _status(path: Path) -> os.stat_result | None:
    """The path's own status (os.lstat); None if it does not exist; OutputError if refused."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"{path}: {_reason(error)}") from None
    except ValueError as error:  # an embedded NUL character
        raise OutputError(f"{path!r}: {error}") from None


def _safe_path(where: Any) -> Path | None:
    try:
        found: Path = where().resolve()
    except (OSError, RuntimeError, KeyError):  # no current folder, no home
        return None
    return found


def _check_new_names(path: Path) -> None:
    """The names a new path would create must fit the file system (checked before mkdir)."""
    missing: list[str] = []
    existing = path
    while _status(existing) is None and existing != existing.parent:
        missing.append(existing.name)
        existing = existing.parent
    try:
        longest = os.pathconf(existing, "PC_NAME_MAX")
    except (OSError, ValueError):
        longest = 255
    for name in missing:
        if len(os.fsencode(name)) > longest:
            raise OutputError(f"{path}: {os.strerror(errno.ENAMETOOLONG)}")


def _make_folders(target: Path, parent: Path) -> list[Path]:
    """Make parent and the folders above it that are missing; the ones made, deepest last."""
    missing: list[Path] = []
    folder = parent
    while _status(folder) is None and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    try:
        for folder in reversed(missing):
            folder.mkdir()
            made.append(folder)
    except OSError as error:
        _remove_folders(made)
        raise OutputError(f"{target}: {_reason(error)} (cannot create {folder})") from None
    return made


def _remove_folders(made: list[Path]) -> None:
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            break


def _first_foreign_file(out_dir: Path) -> str | None:
    """The first file below out_dir that eksgen would not have written; None if there is none.

    eksgen writes YAML that starts with its header (kustomization.yaml and manifests, helm
    values), and under cluster/ JSON (IAM policies, add-on configuration) and a shell script
    whose second line is the header. Anything else (a README, source code, a kustomization
    copied from another tree beside files of one's own) means DIR is someone's folder: its
    whole content would be lost. The walk stops at the first such file and follows no
    symbolic link, so a large folder that is not eksgen's is refused at once.
    """
    for entry in _files_below(out_dir):
        relative = Path(entry.path).relative_to(out_dir).as_posix()
        if not _eksgen_file(Path(entry.path), relative):
            return relative
    return None


def _eksgen_file(path: Path, relative: str) -> bool:
    if relative.endswith(".yaml"):
        return _marked(path)
    if relative.startswith(CLUSTER_FOLDER + "/") and relative.endswith(".json"):
        return _head(path, 1) == b"{"
    if relative.startswith(CLUSTER_FOLDER + "/") and relative.endswith(".sh"):
        return _head(path, len(SCRIPT_HEAD_BYTES)) == SCRIPT_HEAD_BYTES
    return False


def _marked(path: Path) -> bool:
    """Whether a regular file starts with eksgen's generated-file header."""
    return _head(path, len(HEADER_BYTES)) == HEADER_BYTES


def _head(path: Path, size: int) -> bytes | None:
    """The first size bytes of a regular file; None if it is not one."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return os.read(descriptor, size)
    finally:
        os.close(descriptor)


def _files_below(root: Path) -> Iterator[os.DirEntry[str]]:
    """Every entry below root that is not a folder, lazily.

    Folders are not followed through symbolic links: a link is yielded as an entry.
    """
    pending = [str(root)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                else:
                    yield entry


def _read_tree(root: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            name = path.relative_to(root).as_posix()
            files[name] = path.read_text(encoding="utf-8", errors="replace")
    return files
