"""Rule documentation from the rules themselves: `eksgen explain` and the README table.

Also `eksgen explain --effective`: the value the load balancer controller will use for each
setting of an App, and where it comes from (eksgen.model.effective).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from eksgen.errors import UsageError
from eksgen.lint.rules import RULES
from eksgen.model import App, effective


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


def effective_text(apps: Iterable[App]) -> str:
    """Per App, each load-balancer setting: its value, and the spec, eksgen or the controller."""
    blocks = []
    for app in apps:
        values = effective.settings(app)
        head = f"{app.file}: {app.namespace}/{app.name}"
        if values is None:
            why = f"exposure {app.exposure.type}" if app.has_service else "no ports, no Service"
            blocks.append(f"{head}: no load balancer ({why})\n")
            continue
        rows = [(_short(item.field), _text(item.value), _origin(item)) for item in values.items]
        name_width = max(len(row[0]) for row in rows)
        value_width = max(len(row[1]) for row in rows)
        lines = [f"{head}: {values.load_balancer}"]
        lines += [f"  {a:<{name_width}}  {b:<{value_width}}  {c}" for a, b, c in rows]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def effective_json(apps: Iterable[App]) -> str:
    """The same as JSON: {"apps": [{file, namespace, name, loadBalancer, settings}]}."""
    return json.dumps({"apps": [_app_dict(app) for app in apps]}, indent=2, sort_keys=True) + "\n"


def _app_dict(app: App) -> dict[str, Any]:
    values = effective.settings(app)
    items = values.items if values is not None else ()
    return {
        "file": app.file,
        "namespace": app.namespace,
        "name": app.name,
        "loadBalancer": values.load_balancer if values is not None else None,
        "settings": [
            {
                "field": item.field,
                "value": item.value,
                "origin": item.origin,
                "annotation": item.annotation,
                "note": item.note,
            }
            for item in items
        ],
    }


def _short(field: str) -> str:
    """spec.exposure.healthCheck.path -> healthCheck.path; spec.tls.policy -> tls.policy."""
    return field.removeprefix("spec.").removeprefix("exposure.")


def _text(value: effective.Value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _origin(item: effective.Setting) -> str:
    text = item.origin
    if item.origin == effective.CONTROLLER_DEFAULT:
        text += f" ({item.annotation})"
    return text + (f"; {item.note}" if item.note else "")
