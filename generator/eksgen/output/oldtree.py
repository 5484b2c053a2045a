"""The DIR a render replaces: is it already what would be written, and which files can stay?

Creating a file costs far more than linking or reading one on most file systems, and a
render usually changes few files or none. The old files are never modified, so DIR stays
wholly old until the writer swaps the new tree in. Nothing is followed through a symbolic
link: folders are opened one component at a time with O_NOFOLLOW, and only regular files
with mode 0644 count.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o644
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC


def holds_exactly(root: Path, files: dict[str, str]) -> bool:
    """Whether root holds these files, byte for byte with mode 0644, and nothing else."""
    if root.is_symlink() or not root.is_dir():
        return False
    found = _walk(root)
    if found is None:
        return False
    names, folders = found
    if names != set(files) or folders != _folders_of(files):
        return False
    tree = OldTree(root)
    try:
        return all(tree.same(name, text.encode("utf-8")) for name, text in files.items())
    finally:
        tree.close()


def _walk(root: Path) -> tuple[set[str], set[str]] | None:
    """(files, folders) below root, relative; None if anything else is there (a link)."""
    names: set[str] = set()
    folders: set[str] = set()
    pending = [("", str(root))]
    while pending:
        relative, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(name)
                    pending.append((name, entry.path))
                elif entry.is_file(follow_symlinks=False):
                    names.add(name)
                else:
                    return None
    return names, folders


def _folders_of(files: dict[str, str]) -> set[str]:
    folders: set[str] = set()
    for name in files:
        parts = name.split("/")[:-1]
        folders.update("/".join(parts[: depth + 1]) for depth in range(len(parts)))
    return folders


class OldTree:
    """Open folders of the old DIR, to compare its files and hard-link the unchanged ones."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: dict[str, int | None] = {}

    def link_if_unchanged(self, name: str, text: str, target: Path) -> bool:
        """Hard-link the old file to target if it already holds text; False otherwise."""
        folder, _, filename = name.rpartition("/")
        descriptor = self._folder(folder)
        if descriptor is None:
            return False
        try:
            if not self._same_in(descriptor, filename, text.encode("utf-8")):
                return False
            os.link(filename, target, src_dir_fd=descriptor, follow_symlinks=False)
        except OSError:
            return False
        return True

    def same(self, name: str, data: bytes) -> bool:
        """Whether the old file holds exactly data, as a regular file with mode 0644."""
        folder, _, filename = name.rpartition("/")
        descriptor = self._folder(folder)
        try:
            return descriptor is not None and self._same_in(descriptor, filename, data)
        except OSError:
            return False

    def close(self) -> None:
        """Close the folders opened so far."""
        for descriptor in self.folders.values():
            if descriptor is not None:
                os.close(descriptor)
        self.folders.clear()

    def _folder(self, folder: str) -> int | None:
        if folder in self.folders:
            return self.folders[folder]
        parent_name, _, last = folder.rpartition("/")
        descriptor: int | None = None
        try:
            if not folder:
                descriptor = os.open(self.root, _DIRECTORY)
            else:
                parent = self._folder(parent_name)
                if parent is not None:
                    descriptor = os.open(last, _DIRECTORY, dir_fd=parent)
        except OSError:
            descriptor = None
        self.folders[folder] = descriptor
        return descriptor

    @staticmethod
    def _same_in(folder: int, filename: str, data: bytes) -> bool:
        descriptor = os.open(filename, _FILE, dir_fd=folder)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode) or stat.S_IMODE(status.st_mode) != FILE_MODE:
                return False
            return status.st_size == len(data) and os.read(descriptor, len(data) + 1) == data
        finally:
            os.close(descriptor)
