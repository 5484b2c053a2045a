"""Emit user values into YAML text so that no value can change the document's structure.

A value is written plain only when it reads back as the same string under both YAML 1.1
(what kubectl's parser follows) and YAML 1.2; a value of printable characters is
single-quoted; anything else is double-quoted with every character outside the printable
set escaped.
"""

from __future__ import annotations

import re
from typing import Any

# Plain only for words made of letters, digits and a few separators, starting with a letter:
# such a scalar cannot be a number, a date, an indicator or a comment in either YAML version.
_SAFE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*")
# ...except the words YAML 1.1 resolves to booleans or null.
_RESERVED_WORDS = frozenset(
    word
    for base in ("y", "yes", "n", "no", "true", "false", "on", "off", "null")
    for word in (base, base.capitalize(), base.upper())
)
_SHORT_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
}


def yaml_string(value: Any) -> str:
    """A YAML scalar that reads back as exactly str(value)."""
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}: {value!r}")
    if _SAFE_PLAIN.fullmatch(value) and value not in _RESERVED_WORDS:
        return value
    if all(_printable(char) for char in value):
        # Single quotes need no escapes but the doubled quote: JSON and ARNs stay readable.
        return "'" + value.replace("'", "''") + "'"
    return '"' + "".join(_escape(char) for char in value) + '"'


def yaml_int(value: Any) -> str:
    """A YAML integer; refuses anything that is not an int (bool included)."""
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {type(value).__name__}: {value!r}")
    return str(value)


def yaml_bool(value: Any) -> str:
    """A YAML boolean; refuses anything that is not a bool."""
    if type(value) is not bool:
        raise TypeError(f"expected a boolean, got {type(value).__name__}: {value!r}")
    return "true" if value else "false"


def yaml_scalar(value: Any) -> str:
    """An int as a number, a string as a string (ports may be either)."""
    return yaml_int(value) if type(value) is int else yaml_string(value)


def _escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if _printable(char):
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _printable(char: str) -> bool:
    """YAML's printable set, less the characters some parsers treat as line breaks or BOMs."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )
