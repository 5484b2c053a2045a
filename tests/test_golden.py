"""Every example renders to the committed golden files, byte for byte.

When output changes on purpose, run `pytest tests/test_golden.py --update-golden` and
review the diff of tests/golden/ by eye before committing it.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from conftest import GOLDEN, example_specs, gateway_ready
from eksgen.api import render, render_paths
from eksgen.render.layout import output_files, stream

GATEWAY_GOLDEN = GOLDEN / "_gateway"


def _compare_or_update(expected_files: dict[str, str], folder: Path, update: bool) -> None:
    if update:
        shutil.rmtree(folder, ignore_errors=True)
        for name, text in expected_files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return
    committed = {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    diffs = [
        "".join(
            difflib.unified_diff(
                committed.get(name, "").splitlines(keepends=True),
                expected_files.get(name, "").splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile=f"rendered/{name}",
            )
        )
        for name in sorted(set(committed) | set(expected_files))
        if committed.get(name) != expected_files.get(name)
    ]
    assert not diffs, "rendered output differs from tests/golden:\n" + "\n".join(diffs)


@pytest.mark.parametrize("spec", example_specs(), ids=lambda path: path.stem)
def test_example_matches_golden_tree(spec: Path, update_golden: bool) -> None:
    result = render_paths([str(spec)])
    _compare_or_update(
        output_files(result.manifests, result.clusters), GOLDEN / spec.stem, update_golden
    )


@pytest.mark.parametrize("spec", gateway_ready(example_specs()), ids=lambda path: path.stem)
def test_example_matches_gateway_golden_tree(spec: Path, update_golden: bool) -> None:
    """The same examples rendered with --api gateway, in tests/golden/_gateway/."""
    result = render([str(spec)], api="gateway")
    _compare_or_update(
        output_files(result.manifests, result.clusters), GATEWAY_GOLDEN / spec.stem, update_golden
    )


def test_all_examples_stream_matches_golden(update_golden: bool) -> None:
    result = render_paths([str(spec) for spec in example_specs()])
    _compare_or_update({"stream.yaml": stream(result.manifests)}, GOLDEN / "_stream", update_golden)


def test_every_example_has_a_golden_folder() -> None:
    folders = {path.name for path in GOLDEN.iterdir() if path.is_dir()} - {"_stream", "_gateway"}
    assert folders == {spec.stem for spec in example_specs()}
    gateway = {path.name for path in GATEWAY_GOLDEN.iterdir() if path.is_dir()}
    assert gateway == {spec.stem for spec in gateway_ready(example_specs())}
