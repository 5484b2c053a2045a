"""Hints for the slips YAML invites: a near-miss choice, yes for true, a tab, port:80.

Each function answers with the words of a hint, or nothing when the slip is not recognised;
the caller appends the hint to the message that names the problem.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from eksgen.spec.yamltext import describe

# YAML 1.1 booleans that YAML 1.2 (which eksgen reads) leaves as text.
_YAML11_TRUE = frozenset({"y", "yes", "on"})
_YAML11_FALSE = frozenset({"n", "no", "off"})
# 'port:80': a key, a colon and a value without the space that makes it a mapping. A value
# with another colon (an ARN, a time, a URL) is more likely text than a slip.
_GLUED = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):([^\s:/'\"#][^:]*?)")
_GLUED_LINE = re.compile(r"^[ ]*(?:-[ ]+)*" + _GLUED.pattern + r"[ ]*(?:#.*)?$")
_CLOSE_ENOUGH = 0.6


def closest_choice(value: Any, choices: list[Any]) -> Any | None:
    """The choice a string value was most likely meant to be: same letters, or a near miss.

    Two choices as near as each other ('elb' for alb and nlb) make no suggestion.
    """
    if not isinstance(value, str) or not value:
        return None
    texts = [choice for choice in choices if isinstance(choice, str)]
    same = [choice for choice in texts if choice.lower() == value.lower()]
    if same:
        return same[0]
    scores = sorted(
        (
            (difflib.SequenceMatcher(None, value.lower(), text.lower()).ratio(), text)
            for text in texts
        ),
        key=lambda scored: -scored[0],
    )
    if not scores or scores[0][0] < _CLOSE_ENOUGH:
        return None
    if len(scores) > 1 and scores[1][0] == scores[0][0]:
        return None
    return scores[0][1]


def did_you_mean(value: Any, choices: list[Any]) -> str:
    """'did you mean 'nlb'?' for a near-miss of one of the choices, or ''."""
    choice = closest_choice(value, choices)
    return f"did you mean {describe(choice)}?" if choice is not None else ""


def boolean_hint(value: Any) -> str:
    """Why a value is no boolean: YAML 1.1's yes and on, a quoted 'true', a 1."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YAML11_TRUE or word in _YAML11_FALSE:
            meant = "true" if word in _YAML11_TRUE else "false"
            return (
                f"booleans are true or false; did you mean {meant}? (eksgen reads YAML 1.2, "
                "where yes, no, on and off are text)"
            )
        if word in ("true", "false"):
            return f"booleans are true or false, without quotes: {word}"
    return "booleans are true or false"


def glued_colon(text: str) -> tuple[str, str] | None:
    """(key, value) when text is 'key:value', a mapping written without the space."""
    match = _GLUED.fullmatch(text)
    return (match.group(1), match.group(2)) if match else None


def colon_hint(text: str) -> str:
    """The fix for 'port:80' read as one string where a mapping was expected, or ''."""
    glued = glued_colon(text)
    if glued is None:
        return ""
    key, value = glued
    return f"put a space after the colon: {key}: {value}"


def syntax_message(problem: str, source: str, line: int, column: int) -> str:
    """A YAML syntax error at a 1-based line and column of source, with a hint where one helps.

    A tab where YAML expects spaces is named as such (the parser only says that it cannot
    start a token); a 'key:value' just before an error about a mapping value or a missing
    ':' gets the space it lacks (the line was read as one plain string).
    """
    lines = source.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "'\\t'" in problem or text[column - 1 : column] == "\t":
        return _tab_message(text, column)
    if "mapping values are not allowed" in problem or "could not find expected ':'" in problem:
        hint = _glued_line_hint(lines, line)
        return f"{problem}; {hint}" if hint else problem
    return problem


def _tab_message(text: str, column: int) -> str:
    if not text[: column - 1].strip(" \t-"):
        return "a tab in the indentation; YAML indents with spaces, not tabs"
    return "a tab between values; YAML separates them with spaces, not tabs"


def _glued_line_hint(lines: list[str], line: int) -> str:
    """The hint for the nearest line at or above the error that reads 'key:value'."""
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        match = _GLUED_LINE.match(lines[number - 1])
        if match:
            key, value = match.group(1), match.group(2).strip()
            return f"line {number} reads {key}:{value}; put a space after the colon: {key}: {value}"
    return ""
