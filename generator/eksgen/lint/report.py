"""Reports of problems: text (one line each, grouped and coloured on a terminal), JSON, SARIF."""

from __future__ import annotations

import json
import os
from itertools import groupby
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote_from_bytes

from eksgen.errors import Problem, Severity
from eksgen.lint.engine import Skipped

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA_RULE = "schema"


def use_colour(stream: Any) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return hasattr(stream, "isatty") and stream.isatty() and "NO_COLOR" not in os.environ


def text_report(problems: list[Problem], colour: bool = False, with_summary: bool = True) -> str:
    """One FILE:LINE:COL line per problem; on a terminal, a header per file and colours.

    with_summary: end with the '2 errors, 1 warning' line (a quiet run leaves it out).
    """
    ordered = sorted(problems)
    lines: list[str] = []
    for file, group in groupby(ordered, key=lambda problem: problem.file):
        if colour and file:
            lines.append(f"{_BOLD}{display_name(file)}{_RESET}")
        lines += [_coloured(problem) if colour else problem_line(problem) for problem in group]
    if with_summary:
        lines.append(summary(problems))
    return "\n".join(lines) + "\n"


def display_name(file: str) -> str:
    """A file name as a text report shows it: as it is, or JSON-quoted when it must be.

    A name with a character that is not printable (a line break, an escape sequence, an
    undecodable byte that os.fsdecode kept as a lone surrogate) would break the one-line
    report or drive the terminal: it is shown in double quotes, escaped as JSON escapes it.
    """
    if file.isprintable():
        return file
    return '"' + _escaped(file.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def problem_line(problem: Problem) -> str:
    """The FILE:LINE:COL line of a problem, every part of it on that one line."""
    if problem.file.isprintable() and problem.path.isprintable() and problem.message.isprintable():
        return str(problem)  # the common case, unchanged
    shown = Problem(
        display_name(problem.file),
        problem.line,
        problem.column,
        _escaped(problem.path),
        _escaped(problem.message),
        problem.rule,
        problem.severity,
    )
    return str(shown)


def _escaped(text: str) -> str:
    """Unprintable characters as JSON escapes them (a line break, ESC, U+DCFF); the rest as is."""
    return "".join(char if char.isprintable() else json.dumps(char)[1:-1] for char in text)


def summary(problems: list[Problem]) -> str:
    """'2 errors, 1 warning' (and infos when there are any)."""
    counts = {severity: 0 for severity in Severity}
    for problem in problems:
        counts[problem.severity] += 1
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    text = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if counts[Severity.INFO]:
        text += f", {_count(counts[Severity.INFO], 'info')}"
    return text


def _coloured(problem: Problem) -> str:
    colour = _COLOURS[problem.severity]
    text = problem_line(problem)
    head, sep, tail = text.partition(": ")
    return f"{head}{sep}{colour}{tail}{_RESET}" if sep else f"{colour}{text}{_RESET}"


def json_report(
    problems: list[Problem], notes: list[str], skipped: list[Skipped] | None = None
) -> str:
    """A JSON object with every problem (camelCase keys), the skipped rules and the notes."""
    body = {
        "problems": [problem_dict(problem) for problem in sorted(problems)],
        "skipped": [
            {"rule": item.rule, "scope": item.scope, "file": item.file} for item in skipped or []
        ],
        "notes": notes,
        "errorCount": sum(problem.severity is Severity.ERROR for problem in problems),
        "warningCount": sum(problem.severity is Severity.WARNING for problem in problems),
        "infoCount": sum(problem.severity is Severity.INFO for problem in problems),
    }
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def problem_dict(problem: Problem) -> dict[str, Any]:
    """One problem as the JSON report writes it (camelCase keys; rule null when none)."""
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "path": problem.path,
        "message": problem.message,
        "rule": problem.rule or None,
        "severity": problem.severity.value,
    }


def sarif_report(problems: list[Problem], skipped: list[Skipped], version: str) -> str:
    """SARIF 2.1.0, so code-scanning UIs show each finding on its spec line."""
    from eksgen.lint.rules import RULES

    rules = [_schema_descriptor(), *(_rule_descriptor(module) for module in RULES.values())]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "eksgen",
                "version": version,
                "informationUri": "https://eksgen.dev",
                "rules": rules,
            }
        },
        "results": [_result(problem, index) for problem in sorted(problems)],
        "invocations": [
            {
                "executionSuccessful": True,
                "ruleConfigurationOverrides": [
                    {
                        "descriptor": {"id": item.rule, "index": index[item.rule]},
                        "configuration": {"enabled": False},
                    }
                    for item in skipped
                    if item.scope == "repository"
                ],
            }
        ],
    }
    body = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def _schema_descriptor() -> dict[str, Any]:
    return {
        "id": SCHEMA_RULE,
        "name": "spec-schema",
        "shortDescription": {"text": "The spec is not valid YAML or does not match its schema."},
        "help": {
            "text": "Fix the field as the message says; `eksgen schema app` shows the schema."
        },
        "defaultConfiguration": {"level": "error"},
    }


def _rule_descriptor(module: Any) -> dict[str, Any]:
    doc = (module.__doc__ or "").strip()
    summary_line = doc.splitlines()[0].split(": ", 1)[-1] if doc else module.NAME
    descriptor: dict[str, Any] = {
        "id": module.ID,
        "name": module.NAME,
        "shortDescription": {"text": summary_line},
        "fullDescription": {"text": doc},
        "defaultConfiguration": {"level": SARIF_LEVELS[module.SEVERITY]},
    }
    fix = getattr(module, "FIX", "")
    if fix:
        descriptor["help"] = {"text": fix}
    source = getattr(module, "SOURCE", "").split(" ; ")[0]
    if source.startswith("https://"):
        descriptor["helpUri"] = source
    return descriptor


def _result(problem: Problem, index: dict[str, int]) -> dict[str, Any]:
    rule = problem.rule or SCHEMA_RULE
    text = f"{problem.path}: {problem.message}" if problem.path else problem.message
    result: dict[str, Any] = {
        "ruleId": rule,
        "ruleIndex": index[rule],
        "level": SARIF_LEVELS[problem.severity],
        "message": {"text": text},
    }
    if problem.file:
        region = {"startLine": max(problem.line, 1), "startColumn": max(problem.column, 1)}
        location = {"artifactLocation": {"uri": _uri(problem.file)}, "region": region}
        result["locations"] = [{"physicalLocation": location}]
    return result


def _uri(file: str) -> str:
    """A file name as an RFC 3986 URI reference: file:// when absolute, else relative.

    Every byte outside the unreserved characters and '/' is percent-encoded, from the
    name's bytes on disk: os.fsdecode keeps an undecodable byte as a lone surrogate, which
    goes back to that byte here and never into the SARIF text.
    """
    text = quote_from_bytes(_file_bytes(file), safe="/")
    return "file://" + text if PurePosixPath(file).is_absolute() else text


def _file_bytes(file: str) -> bytes:
    try:
        return os.fsencode(file)
    except UnicodeEncodeError:  # a surrogate that os.fsdecode does not make
        return file.encode("utf-8", "surrogatepass")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
