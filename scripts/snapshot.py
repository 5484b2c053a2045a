"""Render every spec in the repository through the installed CLI into one folder.

A refactor must not change what eksgen writes. Run this at two commits and diff the folders:

    python scripts/snapshot.py /tmp/before      # at the old commit
    python scripts/snapshot.py /tmp/after       # at the new commit
    diff -r /tmp/before /tmp/after

Each spec is rendered on its own to stdout, to `-o DIR` and as helm values, and is validated
and planned as JSON; every rule-case folder and the examples are also rendered as a whole.
Exit codes and stderr are kept beside the output, so a changed error message shows up too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC_FOLDERS = ("examples", "tests/cases", "tests/rules/cases", "tests/golden")


def spec_files() -> list[Path]:
    """Every YAML file in the spec folders that names an eksgen kind."""
    found = []
    for folder in SPEC_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.y*ml")):
            text = path.read_bytes()
            if b"eksgen.dev/" in text:
                found.append(path.relative_to(ROOT))
    return found


def spec_folders() -> list[Path]:
    """Folders rendered as a whole: the examples and each rule case."""
    cases = sorted(p for p in (ROOT / "tests/rules/cases").iterdir() if p.is_dir())
    return [Path("examples"), *(p.relative_to(ROOT) for p in cases)]


def commands(spec: Path) -> dict[str, list[str]]:
    """The calls made for one spec or folder, by the name their results are stored under."""
    target = str(spec)
    return {
        "stdout": ["render", target],
        "tree": ["render", target, "-o", "{out}"],
        "helm": ["render", target, "--format", "helm-values", "-o", "{out}"],
        "validate": ["validate", target, "--output", "json"],
        "plan": ["plan", target, "--output", "json"],
    }


def run_one(dest: Path, spec: Path, name: str, argv: list[str]) -> None:
    """Run one call and store stdout, stderr, exit code and any written tree under dest."""
    where = dest / str(spec).replace("/", "__") / name
    where.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        args = [a.replace("{out}", str(out)) for a in argv]
        env = {**os.environ, "NO_COLOR": "1", "EKSGEN_CACHE_DIR": ""}
        done = subprocess.run(
            ["eksgen", *args], cwd=ROOT, capture_output=True, env=env, check=False
        )
        (where / "stdout").write_bytes(done.stdout)
        (where / "stderr").write_bytes(done.stderr.replace(str(out).encode(), b"{out}"))
        (where / "exit").write_text(f"{done.returncode}\n")
        if out.exists():
            shutil.copytree(out, where / "tree", symlinks=True)


def main() -> int:
    """Write the snapshot into the folder named by the first argument."""
    dest = Path(sys.argv[1]).resolve()
    if dest.exists():
        shutil.rmtree(dest)
    jobs = [
        (spec, name, argv)
        for spec in [*spec_files(), *spec_folders()]
        for name, argv in commands(spec).items()
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for _ in pool.map(lambda job: run_one(dest, *job), jobs):
            pass
    print(f"{len(jobs)} calls recorded in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
