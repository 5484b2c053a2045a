"""The compiled schema check answers exactly as jsonschema does, on specs valid and broken.

eksgen.spec.schemacheck decides alone when a spec is valid, so any instance it accepts and
jsonschema rejects would let a bad spec through. These tests compare the two answers on
every spec of the repository and on hypothesis' mutations of valid specs and objects.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, GOLDEN, ROOT
from eksgen.resources import crd_schema, schema
from eksgen.spec.load import load_paths
from eksgen.spec.schemacheck import NotSupported, compile_schema
from eksgen.spec.validate import SCHEMA_OF_KIND, _python_anchors, _quick_check, _validator
from test_properties import CHEAP, PROPERTY, app_specs

SPEC_FILES = sorted(
    path
    for folder in (EXAMPLES, ROOT / "tests" / "cases", ROOT / "tests" / "rules" / "cases")
    for path in folder.rglob("*.yaml")
    if path.stat().st_size < 1_000_000
)


def spec_documents() -> list[dict[str, Any]]:
    loaded = load_paths([str(path) for path in SPEC_FILES if _readable(path)])
    return [doc.data for doc in loaded.documents if doc.kind in SCHEMA_OF_KIND]


def _readable(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


SPECS = spec_documents()
VALID = {kind: [s for s in SPECS if s["kind"] == kind and _validator(name).is_valid(s)]
         for kind, name in SCHEMA_OF_KIND.items()}  # fmt: skip


def agrees(data: Any, kind: str) -> None:
    name = SCHEMA_OF_KIND[kind]
    assert _quick_check(name)(data) == _validator(name).is_valid(data), data


def test_the_repository_has_valid_and_invalid_specs_of_each_kind() -> None:
    for kind, name in SCHEMA_OF_KIND.items():
        assert VALID[kind], kind
        assert any(s["kind"] == kind and not _validator(name).is_valid(s) for s in SPECS), kind


@pytest.mark.parametrize("index", range(len(SPECS)))
def test_every_spec_of_the_repository(index: int) -> None:
    agrees(SPECS[index], SPECS[index]["kind"])


def _schema_values(node: Any) -> Iterator[Any]:
    """Every enum and const value in a schema: values on the edge of validity."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum":
                yield from value
            elif key == "const":
                yield value
            else:
                yield from _schema_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _schema_values(item)


def _spec_values(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _spec_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _spec_values(item)
    else:
        yield node


EDGE_VALUES = sorted(
    {
        repr(value): value
        for source in (schema("app"), schema("cluster"), *SPECS)
        for value in (*_schema_values(source), *_spec_values(source))
    }.items()
)
scalars = st.one_of(
    st.sampled_from([value for _, value in EDGE_VALUES]),
    st.none(),
    st.booleans(),
    st.integers(-2, 70_000),
    st.sampled_from([0, 1, 65535, 65536, 80.0, 1.5, -1, 10**12, "", "x", "a\n", "A"]),
    st.text(max_size=12),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=4,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _paths(item, (*prefix, index))


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Any]) -> Any:
    """A document with one to three changes: a value replaced, removed, added or doubled."""
    document = copy.deepcopy(draw(base))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(document))[1:] or [()]))
        if not path:
            break
        *parents, last = path
        parent = document
        for part in parents:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "remove", "add", "double"]))
        if action == "replace":
            parent[last] = draw(json_values)
        elif action == "remove":
            del parent[last]
        elif action == "double" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif isinstance(parent[last], dict):
            key = draw(st.one_of(st.text(max_size=8), st.sampled_from(sorted(_keys(document)))))
            parent[last][key] = draw(json_values)
        else:
            parent[last] = draw(json_values)
    return document


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(_keys(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(item) for item in node))
    return set()


@given(mutated(st.one_of(app_specs(), st.sampled_from(VALID["App"]))))
@CHEAP
def test_mutated_apps(data: Any) -> None:
    agrees(data, "App")


@given(mutated(st.sampled_from(VALID["Cluster"])))
@CHEAP
def test_mutated_clusters(data: Any) -> None:
    agrees(data, "Cluster")


@given(app_specs())
@PROPERTY
def test_generated_apps(data: Any) -> None:
    agrees(data, "App")


@functools.cache
def _golden_objects(kind: str) -> list[Any]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    found = []
    for path in sorted(GOLDEN.rglob("*.yaml")):
        for document in yaml.load_all(path.read_text()):
            if isinstance(document, dict) and document.get("kind") == kind:
                found.append(document)
    return found


@pytest.mark.parametrize(
    ("kind", "name"), [("SecurityGroupPolicy", "securitygrouppolicy"), ("ENIConfig", "eniconfig")]
)
@given(data=st.data())
@CHEAP
def test_mutated_custom_resources(kind: str, name: str, data: st.DataObject) -> None:
    objects = _golden_objects(kind)
    assert objects, kind
    document = data.draw(mutated(st.sampled_from(objects)))
    quick, reference = _crd_checks(name)
    assert quick(document) == reference.is_valid(document), document


@functools.cache
def _crd_checks(name: str) -> tuple[Any, Any]:
    return compile_schema(crd_schema(name), strict_integers=False), Draft202012Validator(
        crd_schema(name)
    )


@pytest.mark.parametrize(
    "schema_text",
    [
        {"unevaluatedProperties": False},
        {"patternProperties": {"a": {}}, "additionalProperties": False},
        {"$ref": "https://example.com/other.json"},
        {"type": "float"},
    ],
)
def test_keywords_it_does_not_know_are_refused(schema_text: dict[str, Any]) -> None:
    with pytest.raises(NotSupported):
        compile_schema(schema_text)


def test_integers_are_strict_unless_asked() -> None:
    anchored = _python_anchors({"type": "integer"})
    assert not compile_schema(anchored)(80.0)
    assert compile_schema(anchored, strict_integers=False)(80.0)
    assert not compile_schema(anchored)(True)


def test_true_is_not_one() -> None:
    assert not compile_schema({"enum": [1]})(True)
    assert compile_schema({"const": 1})(1.0)
    assert not compile_schema({"uniqueItems": True})([1, 1.0])
    assert compile_schema({"uniqueItems": True})([1, True])
