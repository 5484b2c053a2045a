"""Check each spec against its JSON schema and turn every violation into a Problem."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from eksgen.errors import Problem
from eksgen.spec.load import KINDS, Document
from eksgen.spec.locate import locate
from eksgen.spec.path import FieldPath, format_path
from eksgen.spec.yamltext import describe

if TYPE_CHECKING:
    from eksgen.spec.schemaview import SchemaView

SCHEMA_OF_KIND = {"App": "app", "Cluster": "cluster"}


def validate_document(document: Document) -> list[Problem]:
    """Schema problems of one document, in file order."""
    kind = document.kind
    if kind not in SCHEMA_OF_KIND:
        return [_unknown_kind(document)]
    if _quick_check(SCHEMA_OF_KIND[kind])(document.data):
        return []
    view = schema_view(SCHEMA_OF_KIND[kind])
    problems = {
        _problem(document, path, at_key, message)
        for error in view.validator.iter_errors(document.data)
        for path, at_key, message in findings(error, view)
    }
    return sorted(problems)


def _unknown_kind(document: Document) -> Problem:
    from eksgen.spec.hints import did_you_mean

    kind = document.data.get("kind")
    expected = ", ".join(KINDS)
    message = (
        f"missing field 'kind' (expected one of: {expected})"
        if kind is None
        else f"{describe(kind)} is not a kind eksgen knows (expected one of: {expected})"
    )
    hint = did_you_mean(kind, list(KINDS))
    message += f"; {hint}" if hint else ""
    line, column = locate(document, ("kind",))
    return Problem(document.file, line, column, "kind", message)


@cache
def _quick_check(name: str) -> Callable[[Any], bool]:
    """A fast valid-or-not answer; jsonschema runs only to explain a spec that is not."""
    from eksgen.resources import schema
    from eksgen.spec.schemacheck import quick_check

    return quick_check(_python_anchors(schema(name)))


@cache
def schema_view(name: str) -> SchemaView:
    """The schema of a kind ('app', 'cluster') and its validator, to check and to explain."""
    from eksgen.resources import schema
    from eksgen.spec.schemaview import SchemaView

    return SchemaView(_python_anchors(schema(name)), _validator(name))


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator, validators

    from eksgen.resources import schema

    # JSON Schema counts 80.0 as an integer; a port or a count written as a float is a slip.
    type_checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: type(value) is int
    )
    strict = validators.extend(Draft202012Validator, type_checker=type_checker)
    return strict(_python_anchors(schema(name)))


def _python_anchors(node: Any) -> Any:
    r"""The schema with each pattern's final '$' made '\Z'.

    Schemas follow ECMA-262, where '$' ends the string; in Python '$' also matches before a
    final newline, which would let 'web\n' (with a real newline) pass as a name.
    """
    if isinstance(node, dict):
        return {
            key: _anchor(value) if key == "pattern" else _python_anchors(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_python_anchors(item) for item in node]
    return node


def _anchor(pattern: Any) -> Any:
    if isinstance(pattern, str) and pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


def findings(error: Any, view: SchemaView) -> list[tuple[FieldPath, bool, str]]:
    """(path, point-at-key, message) for one schema error; some errors name several fields."""
    from eksgen.spec.wording import schema_message, unknown_field_message

    path: FieldPath = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        names = list(error.schema.get("properties", {}))
        return [
            ((*path, key), True, unknown_field_message(key, names))
            for key in _unexpected_keys(error)
        ]
    if error.validator == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        missing = [key for key in error.validator_value if key not in present]
        return [((*path, key), False, "required field is missing") for key in missing]
    if error.validator == "dependentRequired":
        return _dependencies_missing(path, error.instance, error.schema)
    if error.validator == "anyOf" and _alternatives(error.validator_value):
        return _no_alternative(path, error.instance, error.schema)
    if "propertyNames" in error.relative_schema_path:
        key = str(error.instance)
        return [((*path, key), True, f"key {schema_message(error, view, key)}")]
    return [(path, False, schema_message(error, view, path[-1] if path else None))]


def _dependencies_missing(
    path: FieldPath, instance: Any, schema: dict[str, Any]
) -> list[tuple[FieldPath, bool, str]]:
    """Each field that needs a field the mapping lacks: 'exposure needs spec.ports (why)'.

    Pointed at the field that needs it, since that is the one to remove when the other is
    left out on purpose. The reason comes from the schema's x-needs, keyed by the field needed.
    """
    reasons = schema.get("x-needs", {})
    findings = []
    for key, other in _unmet_dependencies(instance, schema):
        reason = f" ({reasons[other]})" if other in reasons else ""
        findings.append(((*path, key), True, f"{key} needs {format_path((*path, other))}{reason}"))
    return findings


def _unmet_dependencies(instance: Any, schema: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, the field it needs) for each dependentRequired pair the instance breaks."""
    if not isinstance(instance, dict):
        return []
    return [
        (key, other)
        for key, needed in schema.get("dependentRequired", {}).items()
        if key in instance
        for other in needed
        if other not in instance
    ]


def _alternatives(branches: Any) -> list[str]:
    """The fields of an anyOf whose every branch only requires fields; else nothing."""
    if not all(isinstance(branch, dict) and set(branch) == {"required"} for branch in branches):
        return []
    return [name for branch in branches for name in branch["required"]]


def _no_alternative(
    path: FieldPath, instance: Any, schema: dict[str, Any]
) -> list[tuple[FieldPath, bool, str]]:
    """A mapping with none of the fields it needs one of: 'needs spec.ports or spec.dbAccess'.

    Left to the dependentRequired finding when a field present needs one of them: that one
    names both the field to add and the field to remove, so a second message would repeat it.
    """
    names = _alternatives(schema["anyOf"])
    if any(other in names for _, other in _unmet_dependencies(instance, schema)):
        return []
    expected = schema.get("x-expected")
    message = "needs " + " or ".join(format_path((*path, name)) for name in names)
    return [(path, True, f"{message}: {expected}" if expected else message)]


def _problem(document: Document, path: FieldPath, at_key: bool, message: str) -> Problem:
    line, column = locate(document, path, key=at_key)
    return Problem(document.file, line, column, format_path(path), message)


def _unexpected_keys(error: Any) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return sorted(str(key) for key in error.instance if key not in allowed)
