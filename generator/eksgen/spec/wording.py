"""Schema errors in the words of YAML, with the fix when it can be told.

jsonschema words its errors in Python ('True is not of type 'string'', "['alb', 'nlb']");
these messages show values as YAML writes them (eksgen.spec.yamltext), name the type a
spec writer knows (a mapping, a list), and add a hint: the choice a near miss was meant to
be, the mapping form of a scalar written where a mapping goes (exposure: {type: alb}),
true or false for yes and on, the space a 'port:80' lacks.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from eksgen.spec.hints import boolean_hint, closest_choice, colon_hint, did_you_mean, glued_colon
from eksgen.spec.schemaview import SchemaView, type_words
from eksgen.spec.yamltext import describe, flow

# Validators whose error is best told by the schema's x-expected words, when it has them.
_BY_EXPECTED = frozenset({"pattern", "anyOf", "oneOf", "maxLength", "minLength", "format"})
_DECIMAL_TEXT = re.compile(r"[-+]?[0-9]+")
_MAX_SUGGESTION_DEPTH = 3

Field = str | int | None


def schema_message(error: Any, view: SchemaView, field: Field) -> str:
    """The message for one jsonschema error at a field (its key or index; None at the root)."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = schema.get("x-expected")
    if error.validator == "type":
        return type_message(error.instance, view.types(schema), expected, view, schema, field)
    if expected and error.validator in _BY_EXPECTED:
        return f"{describe(error.instance)} is not {expected}"
    if error.validator == "enum":
        return enum_message(error.instance, list(error.validator_value))
    if error.validator == "const":
        return _const_message(error.instance, error.validator_value)
    return _worded(error)


def enum_message(value: Any, choices: list[Any]) -> str:
    """'NLB' is not one of [alb, nlb, none]; did you mean 'nlb'?"""
    message = f"{describe(value)} is not one of {flow(choices)}"
    hint = did_you_mean(value, choices)
    return f"{message}; {hint}" if hint else message


def _const_message(value: Any, constant: Any) -> str:
    message = f"{describe(value)} is not {describe(constant)}"
    same = closest_choice(value, [constant])
    same_letters = isinstance(value, str) and same is not None and value.lower() == same.lower()
    return f"{message}; did you mean {describe(same)}?" if same_letters else message


def type_message(
    value: Any,
    wanted: list[str],
    expected: str | None,
    view: SchemaView,
    schema: Any,
    field: Field,
) -> str:
    """'alb' is not a mapping; did you mean exposure: {type: alb}?"""
    words = type_words(wanted)
    if expected and expected.startswith(words):
        message = f"{describe(value)} is not {expected}"
    elif expected:
        message = f"{describe(value)} is not {words}; expected {expected}"
    else:
        message = f"{describe(value)} is not {words}"
    hint = _type_hint(value, wanted, bool(expected), view, schema, field)
    return f"{message}; {hint}" if hint else message


def _type_hint(
    value: Any, wanted: list[str], explained: bool, view: SchemaView, schema: Any, field: Field
) -> str:
    if "boolean" in wanted:
        return boolean_hint(value)
    if "object" in wanted and isinstance(value, str) and glued_colon(value):
        return colon_hint(value)
    if "object" in wanted or "array" in wanted:
        suggestion = suggested_form(view, value, schema)
        if suggestion is None:
            return ""
        shown = f"{field}: {flow(suggestion)}" if isinstance(field, str) else flow(suggestion)
        return f"did you mean {shown}?"
    if "integer" in wanted:
        return _integer_hint(value)
    if "string" in wanted and not explained and _is_scalar(value) and value is not None:
        return f"quote it to keep it as text: {describe(flow(value))}"
    return ""


def _integer_hint(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"write it without a decimal point: {int(value)}"
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value.strip()):
        return f"write it without quotes: {value.strip()}"
    return ""


def suggested_form(view: SchemaView, value: Any, schema: Any, depth: int = 0) -> Any | None:
    """The mapping or list a scalar was meant to sit in, as the schema shapes it, or None.

    A mapping with one required field takes the scalar there ({name: shared-alb}); else
    the one field whose choices hold it ({type: alb}). A list takes it as its item. The
    suggestion is made only when it is valid where the scalar stands.
    """
    if not _is_scalar(value) or depth > _MAX_SUGGESTION_DEPTH or view.is_open(schema):
        return None
    wanted = view.types(schema)
    candidate: Any = None
    if "object" in wanted:
        candidate = _mapping_form(view, value, schema, depth)
    elif "array" in wanted:
        items = view.items(schema)
        inner = (
            value if view.is_valid(value, items) else suggested_form(view, value, items, depth + 1)
        )
        candidate = None if inner is None else [inner]
    if candidate is None or not view.is_valid(candidate, schema):
        return None
    return candidate


def _mapping_form(view: SchemaView, value: Any, schema: Any, depth: int) -> Any | None:
    properties = view.properties(schema)
    holding = [name for name, field in properties.items() if value in view.choices(field)]
    if len(holding) == 1:
        return {holding[0]: value}
    near = {
        name: choice
        for name, field in properties.items()
        if (choice := closest_choice(value, view.choices(field))) is not None
        and str(choice).lower() == str(value).lower()
    }
    if len(near) == 1:
        return dict(near)
    required = view.required(schema)
    if not required:
        return _only_list_taking(view, value, properties)
    if len(required) != 1 or required[0] not in properties:
        return None
    field = properties[required[0]]
    if view.is_valid(value, field):
        return {required[0]: value}
    inner = suggested_form(view, value, field, depth + 1)
    return None if inner is None else {required[0]: inner}


def _only_list_taking(view: SchemaView, value: Any, properties: dict[str, Any]) -> Any | None:
    """{name: [value]} when one list field of a mapping without required fields takes it.

    tls: 'arn:...' means tls: {certificateArns: ['arn:...']}, now that the ARNs may be left
    out for certificate discovery.
    """
    taking = [
        name
        for name, field in properties.items()
        if "array" in view.types(field) and view.is_valid(value, view.items(field))
    ]
    return {taking[0]: [value]} if len(taking) == 1 else None


def unknown_field_message(field: str, names: list[str]) -> str:
    """Unknown field; did you mean 'scheme'? (or the space a 'type:alb' key lacks)."""
    glued = glued_colon(field)
    if glued is not None and glued[0] in names:
        return f"unknown field; {colon_hint(field)}"
    close = difflib.get_close_matches(field, sorted(names), n=1)
    if close:
        return f"unknown field; did you mean {describe(close[0])}?"
    return f"unknown field (expected one of: {', '.join(sorted(names))})"


def _worded(error: Any) -> str:
    """The validator's message, with the value it starts with written as YAML would write it.

    Its messages start with Python's repr of the value: True, None, {'a': 1}.
    """
    message = str(error.message)
    prefix = repr(error.instance)
    if message.startswith(prefix):
        return describe(error.instance) + message[len(prefix) :]
    return message


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)
