"""Field paths: the address of a value inside a spec, printed as spec.ports[0].name."""

from __future__ import annotations

import json
import re

FieldPath = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def format_path(path: FieldPath) -> str:
    """Render a field path the way users write it: dots for keys, brackets for items.

    Keys that are not plain words (label keys such as app.kubernetes.io/name) are
    bracketed and quoted so that the dot inside them is not mistaken for nesting; quotes,
    backslashes and unprintable characters in them are escaped as in JSON, so that a
    message stays on one line.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{_quoted(part)}]"
    return text


def _quoted(key: str) -> str:
    """A key in double quotes, JSON-escaped, unprintable characters too (as JSON does)."""
    quoted = json.dumps(key, ensure_ascii=False)
    return "".join(c if c.isprintable() else json.dumps(c)[1:-1] for c in quoted)
