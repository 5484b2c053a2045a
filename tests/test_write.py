"""The writer replaces DIR all at once or not at all, and never writes outside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eksgen.errors import OutputError
from eksgen.output import write
from eksgen.output.write import diff_tree, write_tree
from eksgen.render.layout import HEADER

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


def test_unchanged_files_are_reused_and_changed_ones_written_anew(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    before = {name: (out / name).stat().st_ino for name in OLD}
    changed = dict(OLD, **{"kustomization.yaml": HEADER + "changed: 1\n"})
    write_tree(changed, out)
    assert tree(out) == changed
    assert (out / "ns/app/service.yaml").stat().st_ino == before["ns/app/service.yaml"]
    assert (out / "kustomization.yaml").stat().st_ino != before["kustomization.yaml"]
    assert (out / "ns/app/service.yaml").stat().st_nlink == 1  # the old tree is gone


def test_a_render_that_changes_nothing_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    before = out.stat().st_ino, (out / "ns/app/service.yaml").stat().st_mtime_ns
    write_tree(OLD, out)
    assert (out.stat().st_ino, (out / "ns/app/service.yaml").stat().st_mtime_ns) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_empty_folder_left_in_dir_goes_with_the_old_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    (out / "ns/other").mkdir()
    inode = out.stat().st_ino
    write_tree(OLD, out)
    assert tree(out) == OLD and not (out / "ns/other").exists()
    assert out.stat().st_ino != inode


@pytest.mark.parametrize("extra", ["ns/app/notes.txt", "ns/app/link"])
def test_a_file_eksgen_did_not_write_keeps_dir_as_it_is(tmp_path: Path, extra: str) -> None:
    """DIR is replaced as a whole, so a file of someone else's would be lost: refused."""
    out = tmp_path / "out"
    write_tree(OLD, out)
    if extra.endswith("link"):
        (out / extra).symlink_to(out / "ns/app/service.yaml")
    else:
        (out / extra).write_text("mine\n")
    inode = out.stat().st_ino
    with pytest.raises(OutputError, match=f"holds {extra}, which eksgen did not write"):
        write_tree(OLD, out)
    assert out.stat().st_ino == inode and os.path.lexists(out / extra)


def test_a_file_with_another_mode_is_written_anew_with_0644(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(OLD, out)
    (out / "ns/app/service.yaml").chmod(0o600)
    write_tree(OLD, out)
    assert (out / "ns/app/service.yaml").stat().st_mode & 0o777 == 0o644


def test_nothing_is_reused_through_a_symbolic_link_inside_dir(tmp_path: Path) -> None:
    """A link in DIR to a folder outside: refused, and eksgen never touches files there."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write_tree(OLD, out)
    (elsewhere / "app").mkdir(parents=True)
    (elsewhere / "app/service.yaml").write_text(OLD["ns/app/service.yaml"])
    for path in sorted((out / "ns").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (out / "ns").rmdir()
    (out / "ns").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="holds ns, which eksgen did not write"):
        write_tree(OLD, out)
    assert (out / "ns").is_symlink()
    assert (elsewhere / "app/service.yaml").stat().st_nlink == 1


def test_staging_folders_of_killed_renders_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = _dead_pid()
    stale = tmp_path / f".out.eksgen-{dead}-abc123"
    (stale / "ns").mkdir(parents=True)
    live = tmp_path / f".out.eksgen-{os.getpid()}-def456"  # a render still running
    live.mkdir()
    other = tmp_path / f".other.eksgen-{dead}-abc123"  # beside another DIR
    other.mkdir()
    write_tree(OLD, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", live.name, other.name])


def _dead_pid() -> int:
    """The PID of a process that has exited (and been reaped)."""
    import subprocess

    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_render_killed_at_any_moment_leaves_the_old_or_the_new_tree(tmp_path: Path) -> None:
    """SIGKILL a real render at spread-out moments: DIR is always wholly old or wholly new."""
    import random
    import shutil
    import signal
    import subprocess
    import time

    specs = tmp_path / "specs"
    specs.mkdir()
    for index in range(40):
        (specs / f"app{index}.yaml").write_text(
            "apiVersion: eksgen.dev/v1alpha1\nkind: App\n"
            f"metadata: {{name: app{index}, namespace: ns{index % 4}}}\n"
            "spec:\n  ports: [{port: 80}]\n  exposure: {type: alb}\n"
        )
    out = tmp_path / "out"
    exe = shutil.which("eksgen")
    assert exe
    subprocess.run([exe, "render", str(specs), "-o", str(out)], check=True, capture_output=True)
    old = tree(out)
    (specs / "app0.yaml").write_text((specs / "app0.yaml").read_text().replace("alb", "nlb"))
    subprocess.run(
        [exe, "render", str(specs), "-o", str(tmp_path / "new")], check=True, capture_output=True
    )
    new = tree(tmp_path / "new")
    assert old != new
    start = time.perf_counter()
    subprocess.run(
        [exe, "render", str(specs), "-o", str(tmp_path / "timing")], check=True, capture_output=True
    )
    duration = time.perf_counter() - start
    chooser = random.Random(20261126)
    outcomes = set()
    for _ in range(50):
        process = subprocess.Popen(
            [exe, "render", str(specs), "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chooser.uniform(0, duration * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        current = tree(out)
        assert current in (old, new)
        outcomes.add("new" if current == new else "old")
        if current == new:  # start again from the old tree
            shutil.rmtree(out)
            (specs / "app0.yaml").write_text(
                (specs / "app0.yaml").read_text().replace("nlb", "alb")
            )
            subprocess.run(
                [exe, "render", str(specs), "-o", str(out)], check=True, capture_output=True
            )
            (specs / "app0.yaml").write_text(
                (specs / "app0.yaml").read_text().replace("alb", "nlb")
            )
    assert "old" in outcomes
