"""IngressGroup conflicts mapped back to the specs and fields they come from (EKS201, EKS202).

Imported by _groups.group_findings when an App is in an IngressGroup (of no more listener
rules than an ALB takes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eksgen.errors import Severity
from eksgen.model.albs import member_id
from eksgen.model.app import App
from eksgen.model.groups import Conflict, ConflictMember, group_conflicts
from eksgen.spec.locate import locate
from eksgen.spec.path import FieldPath, format_path

_PART = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


@dataclass(frozen=True)
class Side:
    """One member's side of a conflict: the App and the field its value comes from."""

    app: App
    path: FieldPath
    value: str


@dataclass(frozen=True)
class GroupFinding:
    """A conflict to report at `this` (a later member), naming `first` (the earlier one)."""

    conflict: Conflict
    first: Side
    this: Side


def conflict_findings(
    groups: Sequence[tuple[str, list[App]]], severity: Severity
) -> Iterator[GroupFinding]:
    """Every conflict of the severity in the IngressGroups given (name, members in order).

    The conflict is reported at the first member (in the controller's order) whose value
    differs from the first member's (or, when all values read the same, the next member).
    """
    for name, members in groups:
        for conflict in group_conflicts(name, members):
            if conflict.severity is not severity:
                continue
            sides = [_side(member, members) for member in conflict.members]
            first, *others = sides
            others = [side for side in others if side.app is not first.app]
            if not others:
                continue
            differing = [side for side in others if side.value != first.value]
            yield GroupFinding(conflict, first, (differing or others)[0])


def _side(member: ConflictMember, apps: list[App]) -> Side:
    path = parse_path(member.field)
    for app in apps:
        if (member_id(app), app.file) == (member.app, member.file) and locate(
            app.document, path
        ) == (member.line, member.column):
            return Side(app, path, member.value)
    raise LookupError(f"no member {member.app} at {member.file}:{member.line}")


def parse_path(text: str) -> FieldPath:
    """The field path that format_path printed as text (spec.hosts[0], a["b.c"])."""
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        match = _PART.match(text, position)
        if match is None or match.end() == position:
            raise ValueError(f"not a field path: {text!r}")
        key, index, quoted = match.groups()
        if index is not None:
            parts.append(int(index))
        else:
            parts.append(key if key is not None else json.loads(quoted))
        position = match.end()
    path = tuple(parts)
    if format_path(path) != text:
        raise ValueError(f"not a field path: {text!r}")
    return path
