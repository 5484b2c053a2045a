"""Replay every saved input of tests/fuzz/corpus/ through the fuzz invariants.

Each file is one minimal input that once crashed eksgen, or that exercises a known class of
crash (see README.md for the format). Every case must keep every invariant: above all, no
input may reach exit 3 (an internal error), print a traceback, run over the time limit or
write anything when it fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_harness import corpus_files, load_corpus_case, run_case

CASES = corpus_files()


def test_corpus_is_not_empty() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.name)
def test_corpus_case_keeps_the_invariants(path: Path) -> None:
    run_case(load_corpus_case(path))
