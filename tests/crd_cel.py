"""The CEL rules of a CRD schema (x-kubernetes-validations), evaluated as the API server does.

jsonschema checks types, patterns and enums, but a CRD says much of what it refuses in CEL
rules instead ("RequestRedirect filter must not be used together with backendRefs", the path
characters of an HTTPRoute match, unique listener names): without them a test passes objects
that `kubectl apply` refuses. The API server evaluates each rule on the value its schema node
applies to, after defaulting, with `self` bound to that value and property names escaped
(`namespace` is `__namespace__`); so does `cel_errors` here, with cel-rust through PyPI's
common-expression-language (import name `cel`). Kubernetes' CEL library adds functions to
standard CEL; those the upstream CRDs call are in KUBERNETES_FUNCTIONS, and a rule that calls
any other function is refused when compiled, so no rule can pass only because it never ran.

Transition rules (those reading `oldSelf`, or marked optionalOldSelf) are skipped: the API
server runs them on updates only, and a rendered object has no old version.

Known difference: cel-rust's size() of a string counts UTF-8 bytes, where CEL counts code points.
The one rule here that sizes a string (a label key's prefix, `< 253`) reads ASCII DNS names.
"""

from __future__ import annotations

import copy
import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import cel

# CEL's operators and standard functions as cel-rust names them: a compiled rule may call these.
STANDARD_FUNCTIONS = frozenset(
    {
        "!_",
        "-_",
        "_&&_",
        "_||_",
        "_?_:_",
        "_==_",
        "_!=_",
        "_<_",
        "_<=_",
        "_>_",
        "_>=_",
        "_+_",
        "_-_",
        "_*_",
        "_/_",
        "_%_",
        "_[_]",
        "@in",
        "@not_strictly_false",  # the loop condition of all() and exists()
        "size",
        "contains",
        "startsWith",
        "endsWith",
        "matches",
        "duration",
        "timestamp",
        "int",
        "uint",
        "double",
        "string",
        "bool",
        "bytes",
        "type",
    }
)

# CEL reserved words: Kubernetes makes a property of such a name `__name__` (apiserver/pkg/cel).
RESERVED = frozenset(
    {
        *("true", "false", "null", "in", "as", "break", "const", "continue", "else", "for"),
        *("function", "if", "import", "let", "loop", "package", "namespace", "return", "var"),
        *("void", "while"),
    }
)
ESCAPES = {"__": "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__"}


class CelRuleError(Exception):
    """A rule that cannot be compiled, or calls a function that neither CEL nor we provide."""


def is_ip(text: str) -> bool:
    """Kubernetes' isIP(): an IPv4 or IPv6 address, no zone, not IPv4-mapped IPv6.

    Go's netip.ParseAddr, which Kubernetes uses, refuses IPv4 octets with leading zeros, as
    Python's ipaddress does.
    """
    if "%" in text:
        return False
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return not (isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None)


def split(text: str, separator: str, limit: int = -1) -> list[str]:
    """Kubernetes' (cel-go's ext.Strings) split(): Go's strings.SplitN, limit < 0 meaning all.

    Unlike str.split, an empty separator splits between characters and limit 0 gives [].
    """
    if limit == 0:
        return []
    if separator == "":
        characters = list(text)
        if 0 < limit < len(characters):
            return [*characters[: limit - 1], "".join(characters[limit - 1 :])]
        return characters
    return text.split(separator, limit - 1 if limit > 0 else -1)


def substring(text: str, start: int, end: int | None = None) -> str:
    """Kubernetes' (cel-go's ext.Strings) substring(): code point indices, errors out of range."""
    stop = len(text) if end is None else end
    if not 0 <= start <= stop <= len(text):
        raise ValueError(f"substring({start}, {end}) out of range for a string of {len(text)}")
    return text[start:stop]


KUBERNETES_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "isIP": is_ip,
    "split": split,
    "substring": substring,
}


@dataclass(frozen=True)
class Rule:
    """One x-kubernetes-validations entry, and where in the schema it sits."""

    path: str  # JSON pointer-like path in the schema, for reports
    rule: str
    message: str
    transition: bool  # reads oldSelf: only the API server's updates run it


def is_transition_rule(validation: dict[str, Any]) -> bool:
    """Whether the rule compares with the old object, which a rendered object does not have."""
    return bool(validation.get("optionalOldSelf")) or reads_old_self(validation["rule"])


@cache
def reads_old_self(rule: str) -> bool:
    """Whether the rule names oldSelf (cached: asked for every rule at every node)."""
    return "oldSelf" in program_of(rule, allow_old_self=True).variables()


@cache
def program_of(rule: str, allow_old_self: bool = False) -> cel.Program:
    """The rule compiled once, refused if it calls a function nobody provides.

    cel-rust compiles a call of an unknown function and fails only when it is reached, which
    might be never in a test; checking the names here makes every such rule fail at once.
    """
    try:
        program = cel.compile(rule)
    except ValueError as error:
        raise CelRuleError(f"rule {rule!r} does not compile: {error}") from error
    unknown = set(program.functions()) - STANDARD_FUNCTIONS - set(KUBERNETES_FUNCTIONS)
    if unknown:
        raise CelRuleError(f"rule {rule!r} calls functions not provided: {sorted(unknown)}")
    if not allow_old_self and "oldSelf" in program.variables():
        raise CelRuleError(f"rule {rule!r} is a transition rule: it needs oldSelf")
    return program


def rules_of(schema: Any, path: str = "") -> Iterator[Rule]:
    """Every rule in the schema, in document order, wherever it sits."""
    if isinstance(schema, dict):
        for validation in schema.get("x-kubernetes-validations") or []:
            yield Rule(
                path or "/",
                validation["rule"],
                validation.get("message", ""),
                is_transition_rule(validation),
            )
        for key, value in schema.items():
            if key != "x-kubernetes-validations":
                yield from rules_of(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from rules_of(item, f"{path}/{index}")


def escape(name: str) -> str | None:
    """The property name as a CEL rule spells it, None where Kubernetes hides the property."""
    if not name or name[0].isdigit():
        return None
    if name in RESERVED:
        return f"__{name}__"
    escaped = []
    index = 0
    while index < len(name):
        pair = name[index : index + 2]
        if pair == "__":
            escaped.append(ESCAPES[pair])
            index += 2
            continue
        char = name[index]
        if char in ESCAPES:
            escaped.append(ESCAPES[char])
        elif char.isascii() and (char.isalnum() or char == "_"):
            escaped.append(char)
        else:
            return None
        index += 1
    return "".join(escaped)


def defaulted(schema: dict[str, Any], value: Any) -> Any:
    """A copy of the value with the schema's defaults filled in, as the API server does first.

    The rules rely on them: an HTTPRoute path match without `type` is a PathPrefix match, and
    the rule `self.type in ['Exact','PathPrefix']` would fail on the missing field otherwise.
    """
    if isinstance(value, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            result = dict(value)
            for key, sub in properties.items():
                if key not in result and isinstance(sub, dict) and "default" in sub:
                    result[key] = copy.deepcopy(sub["default"])
            return {
                key: defaulted(properties[key], item) if key in properties else item
                for key, item in result.items()
            }
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            return {key: defaulted(extra, item) for key, item in value.items()}
        return value
    items = schema.get("items")
    if isinstance(value, list) and isinstance(items, dict):
        return [defaulted(items, item) for item in value]
    return value


def cel_errors(schema: dict[str, Any], value: Any) -> list[str]:
    """What the schema's CEL rules refuse in the (already defaulted) value, as `path: message`."""
    errors: list[str] = []
    _walk(schema, value, (), errors)
    return errors


def _walk(
    schema: dict[str, Any], value: Any, path: tuple[str | int, ...], errors: list[str]
) -> Any:
    """The value as CEL sees it, its children's rules checked first and then its own.

    Building the escaped value bottom-up lets each node's rules reuse its children's result.
    """
    seen = _children(schema, value, path, errors)
    validations = schema.get("x-kubernetes-validations")
    if validations:
        errors.extend(_rule_errors(validations, seen, ".".join(map(str, path))))
    return seen


def _children(
    schema: dict[str, Any], value: Any, path: tuple[str | int, ...], errors: list[str]
) -> Any:
    """The value with each child walked: an object's fields escaped, a map's keys kept."""
    if isinstance(value, dict):
        properties = schema.get("properties")
        if isinstance(properties, dict):
            fields = {}
            for key, item in value.items():
                sub = properties.get(key)
                seen = _walk(sub, item, (*path, key), errors) if isinstance(sub, dict) else item
                name = escape(key)
                if name is not None:
                    fields[name] = seen
            return fields
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            return {key: _walk(extra, item, (*path, key), errors) for key, item in value.items()}
        return value
    items = schema.get("items")
    if isinstance(value, list) and isinstance(items, dict):
        return [_walk(items, item, (*path, index), errors) for index, item in enumerate(value)]
    return value


def _rule_errors(validations: list[dict[str, Any]], value: Any, where: str) -> list[str]:
    """The messages of the rules at one node that the value breaks, evaluation errors included.

    A rule that cannot be evaluated is an error too, as on the API server: it never passes.
    """
    context = cel.Context({"self": value}, functions=KUBERNETES_FUNCTIONS)
    errors = []
    for validation in validations:
        if is_transition_rule(validation):
            continue
        rule = validation["rule"]
        message = validation.get("message") or f"failed rule: {rule}"
        try:
            result = program_of(rule).execute(context)
        except Exception as error:  # cel raises KeyError, IndexError, RuntimeError, ...
            errors.append(f"{where}: {message} (could not be evaluated: {error!r}; rule: {rule})")
            continue
        if result is not True:
            if result is not False:
                message = f"rule {rule!r} gave {result!r}, not a bool"
            errors.append(f"{where}: {message}")
    return errors
