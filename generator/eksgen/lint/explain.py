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
    text += f"\nKind: {kind_text(rule)}\n"
    fix, source = getattr(rule, "FIX", ""), getattr(rule, "SOURCE", "")
    if fix:
        text += f"\nFix: {fix}\n"
    if source:
        text += "\nSource:\n" + "".join(f"  {item}\n" for item in source.split(" ; "))
    return text


def kind(rule: ModuleType) -> str:
    """The kind of a rule: guard (never skipped) or advice (ignore and .eksgen.yaml may skip it)."""
    return "guard" if rule.GUARD else "advice"


def kind_text(rule: ModuleType) -> str:
    """The kind of a rule and what it means for ignoring it."""
    if rule.GUARD:
        return f"guard: it cannot be ignored, because {rule.GUARD_REASON}."
    return "advice: eksgen.dev/ignore (one spec) or .eksgen.yaml (the repository) can skip it."


def rule_list() -> str:
    """One line per rule: ID, severity, kind, name, summary."""
    return "".join(
        f"{rule.ID}  {rule.SEVERITY.value:<7}  {kind(rule):<6}  {rule.NAME:<48}  {summary(rule)}\n"
        for rule in RULES.values()
    )


def markdown_table() -> str:
    """The README's rule table, generated so that it cannot drift from the rules.

    kind: a guard cannot be ignored; advice can (eksgen.dev/ignore, .eksgen.yaml).
    """
    rows = ["| rule | name | severity | kind | what it catches |", "|---|---|---|---|---|"]
    rows += [
        f"| {rule.ID} | {rule.NAME} | {rule.SEVERITY.value} | {kind(rule)} "
        f"| {summary(rule).replace('|', '/')} |"
        for rule in RULES.values()
    ]
    return "\n".join(rows) + "\n"
