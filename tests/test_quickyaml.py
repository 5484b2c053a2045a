"""The fast reader agrees with ruamel's round-trip loader, or steps aside (Unsure).

The round-trip loader is the reference: whenever eksgen.spec.quickyaml returns data, it must be
exactly what the round-trip loader reads, and the round-trip loader must accept the text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import EXAMPLES, ROOT
from eksgen.api import check_paths
from eksgen.spec.load import MAX_NODES, SourceNodes, to_plain
from eksgen.spec.quickyaml import Unsure, load_all, load_positioned
from test_properties import CHEAP

# Scalars that YAML 1.2 or 1.1 read as something other than a string, and their neighbours.
TRICKY = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False", "TRUE", "null", "Null",
    "~", "", "0", "-0", "+1", "007", "010", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30",
    "1.5", ".5", "1e3", "1E-3", ".inf", "-.Inf", ".nan", "2024-01-01", "2024-01-01 10:00:00",
    "<<", "=", "-", "--", "---", "...", "#", "a #b", "a: b", "- a", "[a]", "{a}", "&a", "*a",
    "!x", "%x", "@x", "`x", "'", '"', "a'b", 'a"b', "a\\b", "\t", " lead", "trail ", "a\nb",
    "\u2028", "\x85", "é", "😀", "app.example.com", "*.example.com", "sg-0123456789abcdef0",
    "arn:aws:acm:us-east-1:123456789012:certificate/x", "80", "65535", "-12", "12345678901234567890",
]  # fmt: skip


def careful(text: str, version: tuple[int, int] | None = None) -> list[Any]:
    """What the round-trip loader (or, for a version, the pure safe loader) reads."""
    yaml = YAML(typ="rt") if version is None else YAML(typ="safe", pure=True)
    if version is not None:
        yaml.version = version
    return [to_plain(document, [0]) for document in yaml.load_all(text)]


def positions(node: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Where every collection, key, value and item of a tree with .lc starts."""
    found: dict[tuple[Any, ...], tuple[int, int]] = {}
    lc = getattr(node, "lc", None)
    if isinstance(node, dict):
        found[path] = (lc.line, lc.col)
        for key, value in node.items():
            found[(*path, str(key), "key")] = tuple(lc.key(key))
            found[(*path, str(key), "value")] = tuple(lc.value(key))
            found.update(positions(value, (*path, str(key))))
    elif isinstance(node, list):
        found[path] = (lc.line, lc.col)
        for index, item in enumerate(node):
            found[(*path, index, "item")] = tuple(lc.item(index))
            found.update(positions(item, (*path, index)))
    return found


def positions_agree(text: str) -> None:
    """Where the fast reader gives positions, they are the round-trip loader's."""
    try:
        fast = load_positioned(text, MAX_NODES)
    except Unsure:
        return
    careful_nodes = list(YAML(typ="rt").load_all(text))
    assert [to_plain(node, [0]) for node in fast] == careful(text), text
    assert [positions(node) for node in fast] == [positions(n) for n in careful_nodes], text


def agrees(text: str, yaml11_too: bool = False) -> bool:
    """Assert the fast reader's answer is the reference's; False when it stepped aside."""
    try:
        fast = load_all(text, MAX_NODES, yaml11_too=yaml11_too)
    except Unsure:
        return False
    assert fast == careful(text), text
    if yaml11_too:
        assert fast == careful(text, (1, 1)), text
    return True


scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=12),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
keys = st.one_of(st.sampled_from(TRICKY), st.text(max_size=8), st.integers(-5, 5), st.booleans())
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def dumped(draw: st.DrawFn) -> str:
    """Documents written by ruamel in a drawn style: block or flow, plain or quoted."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = draw(st.sampled_from([False, True, None]))
    yaml.default_style = draw(st.sampled_from([None, '"', "'"]))
    yaml.explicit_start = draw(st.booleans())
    yaml.width = draw(st.sampled_from([20, 80, 4096]))
    from io import StringIO

    stream = StringIO()
    yaml.dump_all(draw(st.lists(documents, min_size=1, max_size=3)), stream)
    return stream.getvalue()


TOKENS = [
    "a", "b", "key", "- ", "-", ": ", ":", "? ", "[", "]", "{", "}", ", ", "&x ", "*x", "!!str ",
    "!t ", "'q'", '"q"', "'", '"', "|", ">", "|-", "#c", "---", "...", "%YAML 1.1", "\t", "  ",
    "\n", "\n  ", "\n- ", "<<: ", "yes", "010", "1.5", "~", "null", "true", "0x1F", "\\", "\x85",
    "\r", "\r\n", " #", "0", "''", '"\\x41"', '"\\u2028"', "\ufeff", ":\n", "!", "|2", ">-", " ",
    "\u2028", "é", "...\n", "--- ", "?", "@", "`", "&", "*", "%", ",", "- - ", "a: b", "[]", "{}",
]  # fmt: skip


@given(dumped())
@CHEAP
def test_dumped_documents_read_alike(text: str) -> None:
    agrees(text)
    agrees(text, yaml11_too=True)
    positions_agree(text)


@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
@CHEAP
def test_token_soup_reads_alike_or_steps_aside(text: str) -> None:
    agrees(text)
    agrees(text, yaml11_too=True)
    positions_agree(text)


def _utf8_texts() -> list[tuple[str, str]]:
    """(name, text) of every UTF-8 YAML file of the repository (the bad-input corpus too)."""
    texts = []
    for path in sorted([*EXAMPLES.rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")]):
        try:
            texts.append((str(path.relative_to(ROOT)), path.read_bytes().decode("utf-8-sig")))
        except UnicodeDecodeError:
            continue  # the non-UTF-8 case of the corpus never reaches a YAML reader
    return texts


@pytest.mark.parametrize(("name", "text"), _utf8_texts(), ids=lambda value: value[:60])
def test_every_yaml_file_of_the_repository_reads_alike(name: str, text: str) -> None:
    try:
        careful(text)
    except Exception:
        with pytest.raises(Unsure):
            load_all(text, MAX_NODES)
        return
    agrees(text)
    positions_agree(text)


def test_a_plain_spec_is_read_fast() -> None:
    assert agrees((EXAMPLES / "alb-shared.yaml").read_text())


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: 1}\nc: *x\n",  # an alias: the round-trip loader bounds alias expansion
        "a: !!str 80\n",  # an explicit tag
        "a: !custom x\n",
        "a: 1\na: 2\n",  # duplicate keys are an error there
        "1: a\n'1': b\n",  # keys equal only as text
        "true: a\n1: b\n",  # True == 1 in Python
        "{a: 1}: b\n",  # a mapping as a key
        "a: 1.5\n",
        "a: 0x1F\n",
        "a: 012\n",
        "a: 2024-01-01\n",
        "<<: {a: 1}\n",
        "%YAML 1.1\n---\na: yes\n",
        "a: [1\n",  # a syntax error: the round-trip loader words it
        "a:\tb\n\x00",
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",  # nested too deep for libyaml's stack
    ],
)
def test_steps_aside_for_what_it_does_not_read(text: str) -> None:
    with pytest.raises(Unsure):
        load_all(text, MAX_NODES)


@pytest.mark.parametrize("scalar", ["yes", "on", "off", "no", "y", "1:30", "010", "="])
def test_scalars_that_yaml11_reads_otherwise_step_aside_when_asked(scalar: str) -> None:
    text = f"a: {scalar}\n"
    with pytest.raises(Unsure):
        load_all(text, MAX_NODES, yaml11_too=True)


def test_yaml12_reading_of_yes_is_a_string() -> None:
    assert load_all("a: yes\nb: 010x\nc: ~\nd: 42\ne: -7\nf: True\n", MAX_NODES) == [
        {"a": "yes", "b": "010x", "c": None, "d": 42, "e": -7, "f": True}
    ]


def test_size_bound_steps_aside() -> None:
    text = "a: [" + ", ".join("x" for _ in range(50)) + "]\n"
    with pytest.raises(Unsure):
        load_all(text, 20)
    assert load_all(text, 100) == [{"a": ["x"] * 50}]


def test_deep_nesting_never_reaches_the_c_parser() -> None:
    """100,000 nested brackets would overflow libyaml's recursion and kill the process."""
    code = (
        "from eksgen.spec.quickyaml import Unsure, load_all, load_positioned\n"
        "try:\n    load_all('a: ' + '[' * 100000 + ']' * 100000, 10**9)\n"
        "except Unsure:\n    print('unsure')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "unsure\n")


def test_valid_specs_are_not_parsed_twice(tmp_path: Path) -> None:
    """Positions are only needed for problems: a clean spec never meets the slow loader."""
    spec = tmp_path / "app.yaml"
    spec.write_text((EXAMPLES / "internal-instance.yaml").read_text())
    checked = check_paths([str(spec)])
    assert checked.problems == [] and len(checked.apps) == 1
    origin = checked.apps[0].document.origin
    assert isinstance(origin, SourceNodes)
    assert origin._nodes is None


def test_a_problem_in_a_fast_read_spec_is_located(tmp_path: Path) -> None:
    spec = tmp_path / "app.yaml"
    text = (EXAMPLES / "alb-shared.yaml").read_text()
    spec.write_text(text.replace("port: 80", "port: 99999", 1))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "port: 80" in row)
    problems = check_paths([str(spec)]).errors
    assert problems and problems[0].line == line
    assert problems[0].path.endswith(".port")
