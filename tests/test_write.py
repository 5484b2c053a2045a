"""The writer replaces DIR all at once or not at all, and never writes outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from eksgen import write
from eksgen.errors import OutputError
from eksgen.write import HEADER, diff_tree, write_tree

OLD = {"kustomization.yaml": HEADER + "old: 1\n", "ns/app/service.yaml": HEADER + "old\n"}
NEW = {"kustomization.yaml": HEADER + "new: 1\n", "ns/app/ingress.yaml": HEADER + "new\n"}


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*") if p.is_file()}


def test_replaces_the_whole_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    write_tree(NEW, out)
    assert tree(out) == NEW
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("atomic_exchange", [True, False])
def test_a_failure_midway_leaves_the_old_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic_exchange: bool
) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    if not atomic_exchange:
        monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    calls = []

    def failing_write(root: Path, name: str, text: str) -> None:
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)

    monkeypatch.setattr(write, "_write_file", failing_write)
    with pytest.raises(OSError, match="disk full"):
        write_tree(NEW, out)
    assert tree(out) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_fallback_swap_without_rename_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    out = tmp_path / "out"
    write_tree(OLD, out)
    write_tree(NEW, out)
    assert tree(out) == NEW
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_never_writes_outside_the_output_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="outside the output folder"):
        write_tree({"../escape.yaml": "x\n"}, tmp_path / "out")
    assert not (tmp_path / "escape.yaml").exists()
    assert not (tmp_path / "out").exists()


def test_refuses_a_symlinked_output_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write_tree(OLD, real)
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(OutputError, match="symbolic link"):
        write_tree(NEW, tmp_path / "link")
    assert tree(real) == OLD


def test_diff_of_identical_trees_is_empty(tmp_path: Path) -> None:
    write_tree(OLD, tmp_path / "out")
    assert diff_tree(OLD, tmp_path / "out") == ""
    assert "+new: 1" in diff_tree(NEW, tmp_path / "out")
