"""A yes-or-no check of data against a JSON schema, compiled once into Python closures.

jsonschema words every problem with its path and stays the reference, but it costs about a
tenth of a second to import and half a millisecond per spec. Most specs are valid, so this
check runs first: when it says valid, jsonschema would too, and is never imported; when it
says invalid, jsonschema runs to explain why. Only the Draft 2020-12 keywords the project's
schemas use are compiled. Any other keyword raises NotSupported when the check is built,
and the caller then always uses jsonschema. Formats are annotations here, as they are for a
jsonschema validator built without a format checker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Check = Callable[[Any], bool]

# Keywords that never fail an instance.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
)
_TYPES: dict[str, Check] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
}


class NotSupported(Exception):
    """The schema uses a keyword this module does not compile."""


def compile_schema(schema: Mapping[str, Any], strict_integers: bool = True) -> Check:
    """A function telling whether an instance is valid against schema.

    strict_integers: only Python ints are integers (eksgen's validator); otherwise a float
    with no fractional part counts too (jsonschema's default).
    """
    return _Compiler(schema, strict_integers).compile(schema)


def quick_check(schema: Mapping[str, Any], strict_integers: bool = True) -> Check:
    """compile_schema, or a check that always defers to jsonschema (says not valid).

    The second is for a schema using a keyword this module does not compile.
    """
    try:
        return compile_schema(schema, strict_integers)
    except NotSupported:
        return _invalid


class _Compiler:
    def __init__(self, root: Mapping[str, Any], strict_integers: bool) -> None:
        self.root = root
        self.strict_integers = strict_integers
        self.references: dict[str, list[Check]] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _valid
        if schema is False:
            return _invalid
        if not isinstance(schema, Mapping):
            raise NotSupported(f"schema {schema!r}")
        checks = [
            self.keyword(keyword, value, schema)
            for keyword, value in schema.items()
            if keyword not in _ANNOTATIONS and not keyword.startswith("x-")
        ]
        return _all([check for check in checks if check is not _valid])

    def keyword(self, keyword: str, value: Any, schema: Mapping[str, Any]) -> Check:
        if keyword == "format":
            return _valid
        method = getattr(self, "k_" + keyword.lstrip("$"), None)
        if method is None:
            raise NotSupported(f"keyword {keyword!r}")
        check: Check = method(value, schema)
        return check

    def k_ref(self, reference: str, _: Any) -> Check:
        if reference not in self.references:
            cell: list[Check] = []
            self.references[reference] = cell
            cell.append(self.compile(self.resolve(reference)))
        cell = self.references[reference]
        return lambda value: cell[0](value)

    def resolve(self, reference: str) -> Any:
        if not reference.startswith("#"):
            raise NotSupported(f"$ref {reference!r}")
        node: Any = self.root
        for part in filter(None, reference[1:].split("/")):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, Mapping) or part not in node:
                raise NotSupported(f"$ref {reference!r}")
            node = node[part]
        return node

    def k_type(self, names: str | list[str], _: Any) -> Check:
        checks = [self.type_check(name) for name in ([names] if isinstance(names, str) else names)]
        return lambda value: any(check(value) for check in checks)

    def type_check(self, name: str) -> Check:
        if name == "integer":
            if self.strict_integers:
                return lambda value: type(value) is int
            return lambda value: (
                (type(value) is int) or (type(value) is float and value.is_integer())
            )
        if name not in _TYPES:
            raise NotSupported(f"type {name!r}")
        return _TYPES[name]

    def k_properties(self, properties: Mapping[str, Any], _: Any) -> Check:
        checks = [(name, self.compile(schema)) for name, schema in properties.items()]

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            return all(check(value[name]) for name, check in checks if name in value)

        return check

    def k_additionalProperties(self, additional: Any, schema: Mapping[str, Any]) -> Check:
        if "patternProperties" in schema:
            raise NotSupported("patternProperties")
        known = frozenset(schema.get("properties", {}))
        if additional is False:
            return lambda value: not isinstance(value, dict) or known.issuperset(value)
        extra = self.compile(additional)
        return lambda value: (
            not isinstance(value, dict)
            or all(extra(item) for key, item in value.items() if key not in known)
        )

    def k_required(self, names: list[str], _: Any) -> Check:
        return lambda value: not isinstance(value, dict) or all(name in value for name in names)

    def k_dependentRequired(self, dependencies: Mapping[str, list[str]], _: Any) -> Check:
        pairs = [(name, tuple(needed)) for name, needed in dependencies.items()]

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            return all(all(n in value for n in needed) for name, needed in pairs if name in value)

        return check

    def k_propertyNames(self, schema: Any, _: Any) -> Check:
        names = self.compile(schema)
        return lambda value: not isinstance(value, dict) or all(names(key) for key in value)

    def k_minProperties(self, limit: int, _: Any) -> Check:
        return lambda value: not isinstance(value, dict) or len(value) >= limit

    def k_maxProperties(self, limit: int, _: Any) -> Check:
        return lambda value: not isinstance(value, dict) or len(value) <= limit

    def k_items(self, schema: Any, parent: Mapping[str, Any]) -> Check:
        if "prefixItems" in parent:
            raise NotSupported("prefixItems")
        item = self.compile(schema)
        return lambda value: not isinstance(value, list) or all(item(entry) for entry in value)

    def k_minItems(self, limit: int, _: Any) -> Check:
        return lambda value: not isinstance(value, list) or len(value) >= limit

    def k_maxItems(self, limit: int, _: Any) -> Check:
        return lambda value: not isinstance(value, list) or len(value) <= limit

    def k_uniqueItems(self, unique: bool, _: Any) -> Check:
        if not unique:
            return _valid
        return lambda value: not isinstance(value, list) or _all_distinct(value)

    def k_minLength(self, limit: int, _: Any) -> Check:
        return lambda value: not isinstance(value, str) or len(value) >= limit

    def k_maxLength(self, limit: int, _: Any) -> Check:
        return lambda value: not isinstance(value, str) or len(value) <= limit

    def k_pattern(self, pattern: str, _: Any) -> Check:
        compiled: list[re.Pattern[str]] = []  # on first use: a run meets few of them

        def check(value: Any) -> bool:
            if not isinstance(value, str):
                return True
            if not compiled:
                compiled.append(re.compile(pattern))
            return compiled[0].search(value) is not None

        return check

    def k_minimum(self, limit: float, _: Any) -> Check:
        return lambda value: not _is_number(value) or value >= limit

    def k_maximum(self, limit: float, _: Any) -> Check:
        return lambda value: not _is_number(value) or value <= limit

    def k_exclusiveMinimum(self, limit: float, _: Any) -> Check:
        return lambda value: not _is_number(value) or value > limit

    def k_exclusiveMaximum(self, limit: float, _: Any) -> Check:
        return lambda value: not _is_number(value) or value < limit

    def k_enum(self, options: list[Any], _: Any) -> Check:
        return lambda value: any(_equal(value, option) for option in options)

    def k_const(self, constant: Any, _: Any) -> Check:
        return lambda value: _equal(value, constant)

    def k_allOf(self, schemas: list[Any], _: Any) -> Check:
        return _all([self.compile(schema) for schema in schemas])

    def k_anyOf(self, schemas: list[Any], _: Any) -> Check:
        checks = [self.compile(schema) for schema in schemas]
        return lambda value: any(check(value) for check in checks)

    def k_oneOf(self, schemas: list[Any], _: Any) -> Check:
        checks = [self.compile(schema) for schema in schemas]
        return lambda value: sum(1 for check in checks if check(value)) == 1

    def k_not(self, schema: Any, _: Any) -> Check:
        check = self.compile(schema)
        return lambda value: not check(value)


def _valid(_: Any) -> bool:
    return True


def _invalid(_: Any) -> bool:
    return False


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _valid
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equal(one: Any, two: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0, and collections compare item by item."""
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[key], two[key]) for key in one)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(map(_equal, one, two))
    if isinstance(one, dict | Sequence) or isinstance(two, dict | Sequence):
        return False
    return bool(one == two)


def _all_distinct(items: list[Any]) -> bool:
    return not any(
        _equal(first, second) for index, first in enumerate(items) for second in items[index + 1 :]
    )
