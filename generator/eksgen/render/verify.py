"""Read every rendered manifest back and check it says exactly what was meant.

This is the guard between templates and users: a quoting slip, a template typo or a
value that changes the YAML's structure is caught here, before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from eksgen.render.manifests import Manifest
from eksgen.spec.path import FieldPath, format_path

# Rendered objects are small; this only bounds the fast reader's walk.
_MAX_NODES = 1_000_000
# Custom resources checked against the project's own schemas in schemas/crds/.
CRD_SCHEMAS = {"SecurityGroupPolicy": "securitygrouppolicy", "ENIConfig": "eniconfig"}


class RenderCheckFailed(Exception):
    """A rendered manifest does not read back as intended: a bug in eksgen or a template."""


def verify(manifests: list[Manifest]) -> None:
    """Raise RenderCheckFailed when a manifest does not parse back to its intended values."""
    for manifest in manifests:
        document = parse_single(manifest.text, manifest.filename)
        for path, expected in manifest.expected.items():
            actual = _get(document, path)
            if actual != expected:
                raise RenderCheckFailed(
                    f"{manifest.kind} {manifest.namespace}/{manifest.name}: "
                    f"{format_path(path)} reads back as {actual!r}, expected {expected!r}"
                )
        _check_crd(manifest, document)


def parse_single(text: str, name: str) -> dict[str, Any]:
    """Parse text that must hold exactly one YAML mapping, read alike by YAML 1.2 and 1.1."""
    from eksgen.spec.quickyaml import Unsure, load_all

    try:
        documents = load_all(text, _MAX_NODES, yaml11_too=True)
    except Unsure:
        return _parse_single_carefully(text, name)
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise RenderCheckFailed(f"{name}: rendered text is not exactly one YAML mapping")
    document: dict[str, Any] = documents[0]
    return document


def _parse_single_carefully(text: str, name: str) -> dict[str, Any]:
    """parse_single for text the fast reader is unsure of: parse under both versions."""
    documents = _load_all(text, (1, 2))
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise RenderCheckFailed(f"{name}: rendered text is not exactly one YAML mapping")
    # kubectl reads YAML 1.1, where yes/on/no/off and sexagesimal numbers mean other things.
    if _load_all(text, (1, 1)) != documents:
        raise RenderCheckFailed(f"{name}: rendered text reads differently under YAML 1.1")
    document: dict[str, Any] = documents[0]
    return document


def _load_all(text: str, version: tuple[int, int]) -> list[Any]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    yaml.version = version
    return list(yaml.load_all(text))


def _get(document: Any, path: FieldPath) -> Any:
    """The value at a path of mapping keys, or None where the path does not exist."""
    for part in path:
        if not (isinstance(document, dict) and part in document):
            return None
        document = document[part]
    return document


def _check_crd(manifest: Manifest, document: dict[str, Any]) -> None:
    schema_name = CRD_SCHEMAS.get(manifest.kind)
    if schema_name is None or _quick_crd_check(schema_name)(document):
        return
    error = next(iter(_crd_validator(schema_name).iter_errors(document)), None)
    if error is not None:
        where = format_path(tuple(error.absolute_path))
        raise RenderCheckFailed(f"{manifest.kind} {manifest.name}: {where}: {error.message}")


@cache
def _quick_crd_check(name: str) -> Callable[[Any], bool]:
    """A fast valid-or-not answer; jsonschema runs only to word a failure."""
    from eksgen.resources import crd_schema
    from eksgen.spec.schemacheck import quick_check

    return quick_check(crd_schema(name), strict_integers=False)


@cache
def _crd_validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    from eksgen.resources import crd_schema

    return Draft202012Validator(crd_schema(name))
