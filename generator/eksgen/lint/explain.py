"""Rule documentation from the rules themselves: `eksgen explain` and the README table."""

from __future__ import annotations

from types import ModuleType

from eksgen.errors import UsageError
from eksgen.lint.rules import RULES


def summary(rule: ModuleType) -> str:
    """The first docstring line after 'ID name: '."""
    first = (rule.__doc__ or "").strip().splitlines()[0]
    return first.split(": ", 1)[-1]


def explain(rule_id: str) -> str:
    """The rationale, the fix and the upstream source of one rule."""
    rule = RULES.get(rule_id.upper())
    if rule is None:
        raise UsageError(f"unknown rule {rule_id!r}; eksgen explain --list shows them all")
    body = (rule.__doc__ or "").strip().split("\n", 1)
    text = f"{rule.ID} {rule.NAME} ({rule.SEVERITY.value})\n\n{body[0].split(': ', 1)[-1]}\n"
    if len(body) > 1:
        text += f"\n{body[1].strip()}\n"
    fix, source = getattr(rule, "FIX", ""), getattr(rule, "SOURCE", "")
    if fix:
        text += f"\nFix: {fix}\n"
    if source:
        text += "\nSource:\n" + "".join(f"  {item}\n" for item in source.split(" ; "))
    return text


def rule_list() -> str:
    """One line per rule: ID, severity, name, summary."""
    return "".join(
        f"{rule.ID}  {rule.SEVERITY.value:<7}  {rule.NAME:<45}  {summary(rule)}\n"
        for rule in RULES.values()
    )


def markdown_table() -> str:
    """The README's rule table, generated so that it cannot drift from the rules."""
    rows = ["| rule | name | severity | what it catches |", "|---|---|---|---|"]
    rows += [
        f"| {rule.ID} | {rule.NAME} | {rule.SEVERITY.value} | {summary(rule).replace('|', '/')} |"
        for rule in RULES.values()
    ]
    return "\n".join(rows) + "\n"
