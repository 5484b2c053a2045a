"""Shared fixtures: paths to the repository's examples, golden files and upstream data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: "ci" by default, "deep" with --hypothesis-profile=deep. They are
# registered here because the plugin loads the chosen one before test modules are imported.
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=_SUPPRESS)
# "fuzz" (tests/fuzz/README.md): hours of fuzzing, a random seed per run, no example database.
settings.register_profile(
    "fuzz", max_examples=20_000, deadline=None, database=None, suppress_health_check=_SUPPRESS
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
# Upstream data files (CRDs, chart values) live beside the repository, never inside it.
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output (review the diff by eye).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def example_specs() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def gateway_ready(paths: list[Path]) -> list[Path]:
    """The specs without a setting that eksgen writes for the Ingress API only (EKS068)."""
    from eksgen.api import check_paths

    def ready(path: Path) -> bool:
        problems = check_paths([str(path)], api="gateway").problems
        return not any(problem.rule == "EKS068" for problem in problems)

    return [path for path in paths if ready(path)]


def shared_file(*parts: str) -> Path:
    """A file of ../shared; skipped locally when absent, a failure in CI (CI=true)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"shared data file {path} is not available"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def upstream(*parts: str) -> Path:
    return shared_file("upstream", *parts)


def write_file(tmp_path: Path, text: str, name: str = "app.yaml") -> Path:
    """A spec or manifest file of the test's own, in UTF-8."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def objects_by_kind(stream: str) -> dict[str, dict[str, Any]]:
    """A rendered stream's objects by kind (one object of each kind is expected)."""
    import yaml

    return {document["kind"]: document for document in yaml.safe_load_all(stream) if document}


def annotations_of(obj: dict[str, Any]) -> dict[str, str]:
    """An object's metadata.annotations, empty when it has none."""
    return dict(obj["metadata"].get("annotations", {}))
