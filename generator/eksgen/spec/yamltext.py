"""Values written as YAML writes them, for messages: true, null, 'text', [a, b], {key: value}.

A message that quotes a value shows it the way the user would type it into a spec, not the
way Python prints it (True, None, {'a': 1}). A value named on its own is a string in quotes,
so that it stands apart from the words around it; inside a list or a mapping a string is
plain where YAML leaves it plain. Long values are shortened: a spec value may be megabytes.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from typing import Any

_MAX_TEXT = 80  # characters of a string shown before it is cut
_MAX_FLOW = 200  # characters of a list or mapping shown before it is only counted
# What may start a plain scalar, and what may not appear in one in flow style (a ':' may in
# YAML 1.2 when no space follows, but YAML 1.1 readers take it for a key).
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_NOT_IN_FLOW = re.compile(r"[,\[\]{}:]| #")
_STR_TAG = "tag:yaml.org,2002:str"


def describe(value: Any) -> str:
    """A value as a message names it: a string in quotes, anything else in flow style."""
    if isinstance(value, str):
        return quoted(str(value))
    return flow(value)


def flow(value: Any) -> str:
    """A value in YAML's flow style: [a, b], {key: value}, true, null, 'yes', .inf."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float(float(value))
    if isinstance(value, str):
        text = str(value)
        return text if is_plain(text) else quoted(text)
    if isinstance(value, dict | list):
        return _collection(value)
    if isinstance(value, datetime.date):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else str(value)
    return _other(value)


def quoted(text: str) -> str:
    """A string in quotes, as YAML reads it back: single quotes, or double with escapes.

    Single quotes take no escapes, so text with a quote or a character that is not
    printable (a line break, a lone surrogate) is written in double quotes, escaped.
    """
    cut = text[:_MAX_TEXT]
    shown = f"'{cut}'" if cut.isprintable() and "'" not in cut else _double_quoted(cut)
    if len(text) > _MAX_TEXT:
        shown = f"{shown[:-1]}...{shown[-1]} ({len(text):,} characters)"
    return shown


def is_plain(text: str) -> bool:
    """Whether YAML writes text without quotes in flow style and reads it back as text.

    Text that YAML 1.1 reads otherwise (yes, on, 1:30) is quoted too: kubectl and many
    other tools still read YAML 1.1.
    """
    from eksgen.spec.quickyaml import _resolve

    if not _plain_syntax(text):
        return False
    return _resolve(text, (1, 2)) == _STR_TAG and _resolve(text, (1, 1)) == _STR_TAG


def _plain_syntax(text: str) -> bool:
    """Whether text can be written without quotes in flow style, whatever it then means."""
    if not text or text != text.strip() or not text.isprintable() or len(text) > _MAX_TEXT:
        return False
    if text[0] in _INDICATORS and not (text[0] == "-" and text[1:2] not in ("", " ")):
        return False
    return not _NOT_IN_FLOW.search(text)


def _double_quoted(text: str) -> str:
    escaped = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else _escape(c) for c in escaped)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


def _collection(value: dict[Any, Any] | list[Any]) -> str:
    parts: list[str] = []
    length = 0
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        part = flow(item) if isinstance(value, list) else f"{flow(key)}: {flow(item)}"
        length += len(part) + 2
        if length > _MAX_FLOW:
            count = len(value)
            return (
                f"a mapping of {count} keys"
                if isinstance(value, dict)
                else f"a list of {count} items"
            )
        parts.append(part)
    inner = ", ".join(parts)
    return "{" + inner + "}" if isinstance(value, dict) else "[" + inner + "]"


def _other(value: Any) -> str:
    """A tagged scalar as written (!Ref name); anything else named by its kind."""
    tag, inner = getattr(value, "tag", None), getattr(value, "value", None)
    if tag is not None and isinstance(inner, str | int | float | bool):
        name = str(getattr(tag, "value", tag) or "!")
        # The tag decides what the text means: '!Sub 80' is written so, whatever 80 is.
        written = isinstance(inner, str) and _plain_syntax(inner)
        return f"{name} {inner if written else flow(inner)}"
    return f"a value of type {type(value).__name__}"
