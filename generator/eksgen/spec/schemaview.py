"""A spec's JSON schema seen from one place in it: which fields a mapping has, what a list holds.

The messages that suggest a fix (exposure: {type: alb}) and the check of a --set path read
the schema by hand; JSON Schema's own validator still decides what is valid. Only what the
eksgen schemas use is followed: local $refs, allOf, properties, additionalProperties and
items. anyOf and oneOf leave the shape open: nothing is guessed below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}
UNKNOWN = "unknown"  # a mapping that takes no field of that name
OPEN = "open"  # a shape the view does not follow (anyOf, oneOf, no declared structure)


@dataclass(frozen=True)
class SchemaView:
    """The root schema (to follow $refs) and the validator made from it."""

    root: dict[str, Any]
    validator: Any

    def parts(self, schema: Any) -> list[dict[str, Any]]:
        """The schema and every schema it includes by $ref or allOf, each as a mapping."""
        found: list[dict[str, Any]] = []
        pending = [schema]
        while pending and len(found) < 32:
            current = pending.pop()
            if not isinstance(current, dict):
                continue
            found.append(current)
            if isinstance(current.get("$ref"), str):
                pending.append(self._referenced(current["$ref"]))
            pending.extend(reversed(current.get("allOf", [])))
        return found

    def types(self, schema: Any) -> list[str]:
        """The JSON types a schema declares (empty when it declares none)."""
        names: list[str] = []
        for part in self.parts(schema):
            declared = part.get("type")
            for name in declared if isinstance(declared, list) else [declared]:
                if isinstance(name, str) and name not in names:
                    names.append(name)
        return names

    def property(self, schema: Any, key: str) -> Any:
        """The schema of a mapping's field, UNKNOWN when it takes no such field, else OPEN."""
        parts = self.parts(schema)
        for part in parts:
            properties = part.get("properties", {})
            if key in properties:
                return properties[key]
        for part in parts:
            extra = part.get("additionalProperties")
            if isinstance(extra, dict):
                return extra
            if extra is False:
                return UNKNOWN
        return OPEN

    def properties(self, schema: Any) -> dict[str, Any]:
        """Every named field of a mapping schema."""
        named: dict[str, Any] = {}
        for part in self.parts(schema):
            named.update(part.get("properties", {}))
        return named

    def required(self, schema: Any) -> list[str]:
        """The fields a mapping schema requires."""
        return [name for part in self.parts(schema) for name in part.get("required", [])]

    def key_schema(self, schema: Any) -> Any:
        """The propertyNames schema of a mapping (what its keys must be), or None."""
        return next((p["propertyNames"] for p in self.parts(schema) if "propertyNames" in p), None)

    def items(self, schema: Any) -> Any:
        """The schema of a list's items, or OPEN."""
        return next((part["items"] for part in self.parts(schema) if "items" in part), OPEN)

    def choices(self, schema: Any) -> list[Any]:
        """The values an enum schema allows (empty when it is no enum)."""
        return next((list(part["enum"]) for part in self.parts(schema) if "enum" in part), [])

    def is_open(self, schema: Any) -> bool:
        """Whether the schema's shape is a choice of shapes (anyOf, oneOf) the view leaves.

        A choice between sets of required keys ({anyOf: [{required: [ports]}, ...]}) asks
        which fields are present, not what shape they have: the view still walks it.
        """
        return any(
            _shapes_differ(part.get("anyOf")) or _shapes_differ(part.get("oneOf"))
            for part in self.parts(schema)
        )

    def is_valid(self, value: Any, schema: Any) -> bool:
        """Whether value is valid against a schema that lives somewhere inside the root."""
        return bool(self.validator.evolve(schema=schema).is_valid(value))

    def errors(self, value: Any, schema: Any) -> list[Any]:
        """The validator's errors for value against a schema inside the root, in a stable order."""
        found = self.validator.evolve(schema=schema).iter_errors(value)
        return sorted(found, key=lambda error: (list(error.absolute_path), str(error.message)))

    def _referenced(self, reference: str) -> Any:
        node: Any = self.root
        if not reference.startswith("#/"):
            return None
        for name in reference[2:].split("/"):
            node = node.get(name) if isinstance(node, dict) else None
        return node


def _shapes_differ(choices: Any) -> bool:
    """Whether a list of anyOf/oneOf branches holds more than required keys."""
    if choices is None:
        return False
    if not isinstance(choices, list):
        return True
    return any(not isinstance(choice, dict) or set(choice) - {"required"} for choice in choices)


def type_words(names: list[str]) -> str:
    """'a string', 'an integer or a string': JSON types in a message's words."""
    return " or ".join(TYPE_WORDS.get(name, name) for name in names)
