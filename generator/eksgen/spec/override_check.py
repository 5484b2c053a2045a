"""What the App schema says of a --set before any spec is read: a field it has, a value it takes.

A path the schema has no field for is a mistake in the command (a usage error, exit 2); a
value the schema refuses wherever it goes is refused once, pointing at the flag (exit 1),
instead of once per App at a place in a file that does not hold it.
"""

from __future__ import annotations

from typing import Any

from eksgen.errors import Problem, UsageError
from eksgen.spec.overrides import Override
from eksgen.spec.path import FieldPath, format_path
from eksgen.spec.schemaview import OPEN, UNKNOWN, SchemaView, type_words


def check_overrides(overrides: list[Override]) -> list[Problem]:
    """The values the App schema refuses; raises UsageError for a path it has no field for."""
    if not overrides:
        return []
    from eksgen.spec.validate import schema_view

    view = schema_view("app")
    return [problem for override in overrides for problem in _check(view, override)]


def _check(view: SchemaView, override: Override) -> list[Problem]:
    """Walk the schema along the path; check each key met and the value at its end."""
    schema: Any = view.root
    problems: list[Problem] = []
    for depth, part in enumerate(override.path):
        where = override.path[:depth]
        if view.is_open(schema):
            return problems  # a choice of shapes: the schema check of each App words it
        if isinstance(part, int):
            schema = _item(view, schema, override, where, part)
        else:
            problems += _key_problems(view, schema, override, (*where, part))
            schema = _field(view, schema, override, where, part)
        if schema is OPEN:
            return problems
    return problems + _value_problems(view, schema, override)


def _item(view: SchemaView, schema: Any, override: Override, where: FieldPath, part: int) -> Any:
    wanted = view.types(schema)
    if wanted and "array" not in wanted:
        raise UsageError(
            f"{override.flag}: {format_path(where)} holds {type_words(wanted)}, not a list; "
            f"expected a field name after it, not [{part}]"
        )
    return view.items(schema)


def _field(view: SchemaView, schema: Any, override: Override, where: FieldPath, part: str) -> Any:
    from eksgen.spec.wording import unknown_field_message

    wanted = view.types(schema)
    if wanted and "object" not in wanted:
        shown = format_path(where)
        hint = f"expected an item index such as {shown}[0]" if "array" in wanted else ""
        raise UsageError(
            f"{override.flag}: {shown} holds {type_words(wanted)}, not a mapping: it has no "
            f"field {part}" + (f"; {hint}" if hint else "")
        )
    found = view.property(schema, part)
    if found is UNKNOWN:
        message = unknown_field_message(part, list(view.properties(schema)))
        raise UsageError(f"{override.flag}: {format_path((*where, part))}: {message}")
    return found


def _key_problems(
    view: SchemaView, schema: Any, override: Override, path: FieldPath
) -> list[Problem]:
    """A key of a free-form mapping (a label, a tag) that its propertyNames refuses."""
    from eksgen.spec.wording import schema_message

    key = path[-1]
    key_schema = view.key_schema(schema)
    if key_schema is None or key in view.properties(schema):
        return []
    return [
        _problem(override, path, f"key {schema_message(error, view, key)}")
        for error in view.errors(key, key_schema)[:1]
    ]


def _value_problems(view: SchemaView, schema: Any, override: Override) -> list[Problem]:
    """The first thing the schema refuses in the value (a scalar: there is only one).

    A scalar where a mapping or a list goes gets the --set that reaches inside it.
    """
    from eksgen.spec.wording import schema_message, suggested_form
    from eksgen.spec.yamltext import describe

    problems = []
    for error in view.errors(override.value, schema)[:1]:
        message = schema_message(error, view, override.path[-1])
        wanted = view.types(schema)
        if error.validator == "type" and ("object" in wanted or "array" in wanted):
            hint = _as_flag(override, suggested_form(view, override.value, schema))
            message = f"{describe(override.value)} is not {type_words(wanted)}{hint}"
        problems.append(_problem(override, override.path, message))
    return problems


def _as_flag(override: Override, suggestion: Any) -> str:
    """'; did you mean --set 'spec.exposure.type=alb'?' for a suggested mapping or list."""
    from eksgen.spec.scope import suggested_flag

    path: list[str | int] = list(override.path)
    while isinstance(suggestion, dict | list) and len(suggestion) == 1:
        key = next(iter(suggestion)) if isinstance(suggestion, dict) else 0
        path.append(key)
        suggestion = suggestion[key]
    if suggestion is None or isinstance(suggestion, dict | list) or len(path) == len(override.path):
        return ""
    value = override.assignment.split("=", 1)[1]
    scope = f"{override.scope}:" if override.scope else ""
    return f"; did you mean {suggested_flag(f'{scope}{format_path(tuple(path))}={value}')}?"


def _problem(override: Override, path: FieldPath, message: str) -> Problem:
    return Problem("", 0, 0, format_path(path), f"{override.flag}: {format_path(path)}: {message}")
