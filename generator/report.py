"""Text and JSON reports of problems."""

from __future__ import annotations

import json

from eksgen.errors import Problem


def text_report(problems: list[Problem]) -> str:
    """One line per problem, then a count."""
    lines = [str(problem) for problem in sorted(problems)]
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    lines.append(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    return "\n".join(lines) + "\n"


def json_report(problems: list[Problem], notes: list[str]) -> str:
    """A JSON object with every problem (camelCase keys) and the notes."""
    body = {
        "problems": [
            {
                "file": problem.file,
                "line": problem.line,
                "column": problem.column,
                "path": problem.path,
                "message": problem.message,
                "rule": problem.rule or None,
                "severity": problem.severity.value,
            }
            for problem in sorted(problems)
        ],
        "notes": notes,
        "errorCount": sum(problem.is_error for problem in problems),
        "warningCount": sum(not problem.is_error for problem in problems),
    }
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
