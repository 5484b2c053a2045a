"""--set [NAME:]path=value: change a field of one App spec, or of every one, before the checks.

NAME is an App's metadata.name, or namespace/name; without it the change applies to every
App (Cluster specs are never changed). The value is read as a YAML scalar (so 8080 is a
number and true a boolean; quote to keep a string). The changed spec goes through the same
schema and rules as a written one; the spec as written is kept, to tell later which
problems the change brought (eksgen.spec.override_causes).
"""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from eksgen.errors import UsageError
from eksgen.spec.load import Document
from eksgen.spec.path import FieldPath, format_path
from eksgen.spec.quickyaml import MAX_INTEGER_DIGITS
from eksgen.spec.scope import targets

# An index has at most 9 digits: a longer one names no item, and int() of thousands fails.
# The patterns are compiled on first use (re keeps them): only --set needs them.
_PART = r"([A-Za-z_][A-Za-z0-9_-]*)|\[(\d{1,9})\]|\[\"([^\"]+)\"\]"
# NAME: or namespace/NAME: before the path. A path has no ':' outside its brackets, and
# this cannot reach past the first '=', so a value with colons (an ARN) is never a scope.
_LABEL = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"
_SCOPE = rf"((?:{_LABEL}/)?{_LABEL}):"


@dataclass(frozen=True)
class Override:
    """One --set: the App it is scoped to ('' for every App), a field path and its new value."""

    text: str
    path: FieldPath
    value: Any
    scope: str = ""

    @property
    def flag(self) -> str:
        """The flag as a message names it: --set 'web:spec.exposure.scheme=internal'."""
        return f"--set {_shown(self.text)}"

    @property
    def assignment(self) -> str:
        """PATH=VALUE, without the scope."""
        return self.text[len(self.scope) + 1 :] if self.scope else self.text


def parse_override(text: str) -> Override:
    """Parse '[NAME:]spec.exposure.scheme=internal' (keys with dots in brackets: a["b.c"])."""
    from eksgen.spec.careful import surrogate_message

    if "=" not in text:
        raise UsageError(
            f"--set {_shown(text)}: expected [NAME:]PATH=VALUE, e.g. metadata.namespace=prod"
        )
    problem = surrogate_message(text)  # bytes that are not UTF-8 arrive as lone surrogates
    if problem:
        raise UsageError(f"--set {_shown(text)}: {problem}")
    scope = re.match(_SCOPE, text)
    rest = text[scope.end() :] if scope else text
    raw_path, raw_value = rest.split("=", 1)
    path = _parse_path(raw_path, text)
    return Override(text, path, _value(raw_value, text), scope.group(1) if scope else "")


_SCALARS = (str, int, float, bool, type(None), datetime.date)


def _value(raw: str, text: str) -> Any:
    """The value of a --set, read as one YAML scalar (a string when it is not YAML)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from eksgen.spec.careful import (
        decimal_digits,
        integer_message,
        integer_too_large,
        nested_too_deeply,
        surrogate_message,
        version_message,
    )

    if not raw:
        return ""
    if version_message(raw):  # '%YAML 1.3', which makes ruamel assert
        raise UsageError(f"--set {_shown(text)}: {version_message(raw)}")
    if nested_too_deeply(raw):  # [[[[...]]]]: a collection, which ruamel would take long to read
        raise UsageError(f"--set {_shown(text)}: {_NOT_A_SCALAR}")
    if re.fullmatch(_INTEGER, raw.strip()) and decimal_digits(raw.strip()) > MAX_INTEGER_DIGITS:
        raise UsageError(f"--set {_shown(text)}: {integer_message()}")
    try:
        value = YAML(typ="safe", pure=True).load(raw)
    except YAMLError:
        value = raw
    except RecursionError:  # [[[[...]]]]: a list however deep
        raise UsageError(f"--set {_shown(text)}: {_NOT_A_SCALAR}") from None
    except (ValueError, OverflowError):  # a plain scalar that is no date after all: text
        value = raw
    if not isinstance(value, _SCALARS):  # a mapping, a list, a !!set, !!binary data
        raise UsageError(f"--set {_shown(text)}: {_NOT_A_SCALAR}")
    if isinstance(value, int) and not isinstance(value, bool) and integer_too_large(value):
        raise UsageError(f"--set {_shown(text)}: {integer_message()}")
    if isinstance(value, str) and surrogate_message(value):
        raise UsageError(f"--set {_shown(text)}: {surrogate_message(value)}")
    return value


def _shown(text: str) -> str:
    """A --set (or part of one) quoted for a message, cut short when it is long."""
    return repr(text[:_SHOWN]) + ("..." if len(text) > _SHOWN else "")


_SHOWN = 80
_SCOPE_HINT = (
    " (a path holds no ':'; NAME: before it is an App's name or namespace/name, in "
    "lower-case letters, digits and '-')"
)
_NOT_A_SCALAR = "the value must be a single scalar (a string, number, boolean or null)"
_INTEGER = r"[-+]?[0-9][0-9_]*"


def _parse_path(raw: str, text: str) -> FieldPath:
    parts: list[str | int] = []
    position = 0
    while position < len(raw):
        if raw[position] == "." and parts:
            position += 1
        match = re.compile(_PART).match(raw, position)
        if match is None:
            rest = _shown(raw[position:])
            hint = _SCOPE_HINT if ":" in raw else ""
            raise UsageError(f"--set {_shown(text)}: cannot read the path at {rest}{hint}")
        name, index, quoted = match.groups()
        parts.append(int(index) if index is not None else (name or quoted))
        position = match.end()
    if len(parts) < 2 or parts[0] not in ("metadata", "spec"):
        raise UsageError(f"--set {_shown(text)}: the path must start with metadata. or spec.")
    return tuple(parts)


@dataclass(frozen=True)
class Change:
    """One App changed by --set: the spec as written, as changed, and the overrides applied.

    The changed document holds a copy of the data, so the written one stays as it was; it
    keeps the positions of the file (a field an override added is located at its parent).
    """

    written: Document
    document: Document
    overrides: list[Override]


@dataclass
class Applied:
    """The documents as written, with the overrides applied, and what changed."""

    written: list[Document]
    documents: list[Document] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def apply_overrides(documents: list[Document], overrides: list[Override]) -> Applied:
    """Every override applied to the Apps it names (all of them when it is not scoped).

    Raises UsageError for a NAME that names no App, or a bare name that two namespaces use.
    """
    if not overrides:
        return Applied(list(documents), list(documents))
    chosen: dict[int, list[Override]] = {index: [] for index in range(len(documents))}
    for override in overrides:
        for index in targets(documents, override.scope, override.flag, override.assignment):
            chosen[index].append(override)
    applied = Applied(list(documents))
    for index, document in enumerate(documents):
        if not chosen[index]:
            applied.documents.append(document)
            continue
        data = copy.deepcopy(document.data)
        for override in chosen[index]:
            try:
                _assign(data, override)
            except UsageError as error:  # the list or mapping in the way is this file's
                raise UsageError(f"{error} (in the App of {document.file})") from None
        changed = Document(document.file, document.index, data, document.origin)
        applied.documents.append(changed)
        applied.changes.append(Change(document, changed, chosen[index]))
    return applied


def _assign(root: Any, override: Override) -> None:
    """Set the value at the path, creating what is absent on the way, as a written spec would.

    An absent mapping key becomes a mapping (or a list when an index follows), and so does a
    scalar in the way; a list index may name an item or the one after the last (a new item).
    """
    path = override.path
    node = root
    for depth, part in enumerate(path[:-1]):
        node = _child(node, part, path[depth + 1], override, path[:depth])
    _set(node, path[-1], override, path[:-1])


def _child(
    node: Any, part: str | int, following: str | int, override: Override, where: FieldPath
) -> Any:
    fresh: Any = [] if isinstance(following, int) else {}
    if isinstance(node, dict):
        _expect_key(part, override, where)
        if part not in node or not isinstance(node[part], dict | list):
            node[part] = fresh
        return node[part]
    index = _expect_index(node, part, override, where)
    if index == len(node):
        node.append(fresh)
    elif not isinstance(node[index], dict | list):
        node[index] = fresh
    return node[index]


def _set(node: Any, part: str | int, override: Override, where: FieldPath) -> None:
    if isinstance(node, dict):
        _expect_key(part, override, where)
        node[part] = override.value
        return
    index = _expect_index(node, part, override, where)
    if index == len(node):
        node.append(override.value)
    else:
        node[index] = override.value


def _expect_key(part: str | int, override: Override, where: FieldPath) -> None:
    if isinstance(part, int):
        raise UsageError(
            f"--set {_shown(override.text)}: {format_path(where)} is a mapping, not a list; "
            f"expected a field name after it, not [{part}]"
        )


def _expect_index(node: list[Any], part: str | int, override: Override, where: FieldPath) -> int:
    shown = format_path(where)
    if not isinstance(part, int):
        raise UsageError(
            f"--set {_shown(override.text)}: {shown} is a list; expected an item index such as "
            f"{shown}[0], not .{part}"
        )
    if part > len(node):
        held = f"has {len(node)} item(s)" if node else "is absent or empty"
        raise UsageError(
            f"--set {_shown(override.text)}: the list {shown} {held}: no item [{part}] to change "
            f"([{len(node)}] adds an item)"
        )
    return part
