"""One file per way of getting a spec wrong, each with the exact message users must see.

tests/cases/invalid/<name>.yaml holds the input; <name>.expected the first line of the
report, with {file} standing for the file's path. Every case must exit 1, print no
traceback and write nothing. --update-golden rewrites the .expected files from the current
messages (review the diff by eye).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from eksgen.cli.app import run

CASES = sorted((ROOT / "tests" / "cases" / "invalid").glob("*.yaml"))


def test_corpus_is_complete() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        assert case.with_suffix(".expected").is_file(), f"{case.name} has no .expected file"


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_bad_input_is_reported_precisely(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    out = tmp_path / "out"
    assert run(["render", str(case), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    first_line = captured.err.splitlines()[0]
    if update_golden:
        text = first_line.replace(str(case), "{file}") + "\n"
        case.with_suffix(".expected").write_text(text, encoding="utf-8")
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").strip()
    assert first_line == expected.replace("{file}", str(case))
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_validate_agrees_with_render(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", str(case)]) == 1
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").strip()
    assert capsys.readouterr().err.splitlines()[0] == expected.replace("{file}", str(case))


def test_corpus_has_sixty_cases() -> None:
    assert len(CASES) >= 60


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eksgen.spec.load import MAX_FILE_BYTES

    big = tmp_path / "big.yaml"
    spec = "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n"
    big.write_text(spec + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    assert big.stat().st_size > 10 * 1024 * 1024 // 2
    assert run(["render", str(big), "-o", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith(f"{big}:1:1: file is larger than 5 MiB; not read")
    assert not (tmp_path / "out").exists()
