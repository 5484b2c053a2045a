"""The findings of the HTML plan, and the marks that point at them from the drawing.

The IngressGroup conflicts of the plan's JSON model come first, as the plan sorts them;
then the rule findings of the checks, in the lint JSON report's form. Each gets an anchor
in the page's list; a Mark carries it to the box a finding concerns: a conflict to its
group's load balancer and its members, a finding to the Apps of its file, and a Cluster
spec's finding about spec.nodeGroups[N] to that node group's panel or subnet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Mark:
    """A finding shown on a node: its severity and the entry of the findings list."""

    severity: str
    anchor: str
    text: str


@dataclass(frozen=True)
class Finding:
    """One entry of the findings list: where (FILE:LINE), what, and what it concerns."""

    anchor: str
    severity: str
    places: tuple[str, ...]
    message: str
    subject: str


def findings_of(
    conflicts: Sequence[dict[str, Any]], problems: Sequence[dict[str, Any]]
) -> tuple[Finding, ...]:
    """Conflicts first (as the plan sorts them), then the rule findings by file and line."""
    found = [
        Finding(
            anchor=f"finding-{index + 1}",
            severity=conflict["severity"],
            places=tuple(
                f"{m['file']}:{m['line']}:{m['column']}: {m['app']}: {m['field']}: {m['value']}"
                for m in conflict["members"]
            ),
            message=conflict["message"],
            subject=f"IngressGroup {conflict['group']}: {conflict['setting']}",
        )
        for index, conflict in enumerate(conflicts)
    ]
    for problem in problems:
        rule = f" ({problem['rule']})" if problem["rule"] else ""
        found.append(
            Finding(
                anchor=f"finding-{len(found) + 1}",
                severity=problem["severity"],
                places=(f"{problem['file']}:{problem['line']}:{problem['column']}",),
                message=problem["message"] + rule,
                subject=problem["path"],
            )
        )
    return tuple(found)


def marks_of(
    conflicts: Sequence[dict[str, Any]],
    problems: Sequence[dict[str, Any]],
    findings: Sequence[Finding],
    sources: dict[str, str],
) -> dict[str, list[Mark]]:
    """Node key -> its marks: a conflict on its group and its apps, a finding on its app."""
    marks: dict[str, list[Mark]] = {}
    for conflict, finding in zip(conflicts, findings, strict=False):
        mark = Mark(finding.severity, finding.anchor, f"{finding.subject}: {finding.message}")
        marks.setdefault(f"group:{conflict['group']}", []).append(mark)
        for member in unique(m["app"] for m in conflict["members"]):
            marks.setdefault(f"app:{member}", []).append(mark)
    by_file: dict[str, list[str]] = {}
    for app, file in sources.items():
        by_file.setdefault(file, []).append(app)
    for problem, finding in zip(problems, findings[len(conflicts) :], strict=True):
        mark = Mark(finding.severity, finding.anchor, f"{finding.subject}: {finding.message}")
        for app in by_file.get(problem["file"], ()):
            marks.setdefault(f"app:{app}", []).append(mark)
    return marks


_NODE_GROUP_PATH = re.compile(r"spec\.nodeGroups\[(\d+)\](?:\.subnetCidrs\[(\d+)\])?")


def node_group_marks(
    cluster: Sequence[tuple[dict[str, Any], Finding]], subnets: bool
) -> dict[Any, tuple[Mark, ...]]:
    """Marks of the Cluster spec's findings about a node group, or about one of its subnets.

    The plan lists the node groups of the Cluster spec in its order, so index N of the
    finding's path spec.nodeGroups[N] is the panel's.
    """
    found: dict[Any, list[Mark]] = {}
    for problem, finding in cluster:
        matched = _NODE_GROUP_PATH.match(problem["path"])
        if matched is None:
            continue
        group, subnet = matched.groups()
        mark = Mark(finding.severity, finding.anchor, f"{finding.subject}: {finding.message}")
        if subnets and subnet is not None:
            found.setdefault((int(group), int(subnet)), []).append(mark)
        elif not subnets:
            found.setdefault(int(group), []).append(mark)
    return {key: tuple(marks) for key, marks in found.items()}


def unique(values: Iterable[str]) -> list[str]:
    """The values in order, without repeats."""
    return list(dict.fromkeys(values))


def unique_marks(marks: Iterable[Mark]) -> list[Mark]:
    """Marks in order, one per finding."""
    seen: dict[str, Mark] = {}
    for mark in marks:
        seen.setdefault(mark.anchor, mark)
    return list(seen.values())
