"""Generated App and Cluster specs, valid and broken, through the real command line.

Specs come from the repository's valid ones and from the App generator of
test_properties, changed in one to three places (a value replaced, removed, added or
doubled). A spec the schema rejects must give `FILE:LINE:COL:` errors, exit 1 and write
nothing; a spec it accepts must render (or be refused by a rule, exit 1) without an
internal error, byte for byte the same twice. Never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from eksgen.cli.app import run
from eksgen.spec.validate import SCHEMA_OF_KIND, _validator
from test_properties import PROPERTY, app_specs
from test_schemacheck import VALID, mutated


def _yaml_text(spec: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(spec, stream)
    return stream.getvalue()


def _run(argv: list[str]) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = run(argv)
    return code, stderr.getvalue()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def check_spec(spec: Any) -> None:
    kind = spec.get("kind") if isinstance(spec, dict) else None
    known = isinstance(kind, str) and kind in SCHEMA_OF_KIND
    valid = known and _validator(SCHEMA_OF_KIND[kind]).is_valid(spec)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "spec.yaml")
        path.write_text(_yaml_text(spec), encoding="utf-8")
        first, second = Path(folder, "first"), Path(folder, "second")
        code, err = _run(["render", str(path), "-o", str(first)])
        assert "Traceback" not in err and "internal error" not in err, err
        if not valid:
            assert code == 1, err
            problems = err.splitlines()[:-1]  # the last line counts them
            assert problems, err
            located = re.compile(rf"{re.escape(str(path))}:[1-9][0-9]*:[1-9][0-9]*: ")
            assert all(located.match(line) for line in problems), err
            assert not first.exists()
            return
        assert code in (0, 1), err
        if code == 0:
            assert _run(["render", str(path), "-o", str(second)])[0] == 0
            assert _tree(first) == _tree(second)
        else:
            assert not first.exists()


@given(mutated(st.one_of(app_specs(), st.sampled_from(VALID["App"]))))
@PROPERTY
def test_changed_apps_render_or_are_refused_with_positions(spec: Any) -> None:
    check_spec(spec)


@given(mutated(st.sampled_from(VALID["Cluster"])))
@PROPERTY
def test_changed_clusters_render_or_are_refused_with_positions(spec: Any) -> None:
    check_spec(spec)


@given(st.sampled_from(VALID["Cluster"]))
@PROPERTY
def test_valid_clusters_render_the_same_twice(spec: Any) -> None:
    check_spec(spec)


def test_keys_with_odd_characters_keep_a_message_on_one_line() -> None:
    from eksgen.lint.rules._conflicts import parse_path
    from eksgen.spec.path import format_path

    for key, shown in [("A\n", '["A\\n"]'), (" \x85", '[" \\u0085"]'), ('a"b', '["a\\"b"]')]:
        text = format_path(("metadata", key))
        assert text == f"metadata{shown}"
        assert len(text.splitlines()) == 1 and parse_path(text) == ("metadata", key)
