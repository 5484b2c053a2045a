"""What the HTML plan shows, read from the plan's JSON model (plan_dict) alone.

The page is a view of the same data as ``eksgen plan --output json``: the load balancers,
listeners, DNS records, conflicts, costs and node groups are taken from plan_dict as they
are, never worked out again. This module gathers the page: the summary strip's totals, one
lane per load balancer (lanes.py), the findings with FILE:LINE and their marks
(findings.py), the node groups. diagram.py places the lanes in SVG; the template draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eksgen.plan.findings import Finding, Mark, findings_of, marks_of, node_group_marks
from eksgen.plan.lanes import OPEN_LANES, SECTIONS, Lane, lane_of, usd

OPEN_FINDINGS = 25  # infos listed open up to this many; more fold into their count
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Page:
    """Everything the template needs, drawn from one plan_dict."""

    region: str
    region_source: str
    totals: tuple[tuple[str, str, str], ...]  # (figure, label, css class)
    lanes: tuple[Lane, ...]
    findings: tuple[Finding, ...]
    node_groups: tuple[dict[str, Any], ...]
    notes: tuple[str, ...]
    prices: dict[str, Any]
    # node group index -> its marks; (node group index, subnet index) -> the subnet's
    group_marks: dict[int, tuple[Mark, ...]] = field(default_factory=dict)
    subnet_marks: dict[tuple[int, int], tuple[Mark, ...]] = field(default_factory=dict)

    @property
    def sections(self) -> list[tuple[str, list[Lane]]]:
        """The lanes by section (IngressGroups, ALBs alone, NLBs), in that order."""
        found: dict[str, list[Lane]] = {name: [] for name in SECTIONS}
        for lane in self.lanes:
            found[lane.section].append(lane)
        return [(name, lanes) for name, lanes in found.items() if lanes]


def build_page(
    plan: dict[str, Any],
    problems: Sequence[dict[str, Any]],
    sources: dict[str, str],
    cluster_file: str | None = None,
) -> Page:
    """The page of a plan.

    plan: plan_dict's output. problems: rule findings as the lint JSON report gives them.
    sources: app (namespace/name) -> the spec file it came from, to mark rule findings on
    the apps they are about. cluster_file: the Cluster spec's file, whose findings about a
    node group (spec.nodeGroups[N]...) are marked on its panel.
    """
    findings = findings_of(plan["conflicts"], problems)
    marks = marks_of(plan["conflicts"], problems, findings, sources)
    cluster = [
        (problem, finding)
        for problem, finding in zip(problems, findings[len(plan["conflicts"]) :], strict=True)
        if cluster_file is not None and problem["file"] == cluster_file
    ]
    many = len(plan["loadBalancers"]) > OPEN_LANES
    lanes = tuple(
        lane_of(index, lb, plan, marks, many) for index, lb in enumerate(plan["loadBalancers"])
    )
    return Page(
        region=plan["region"],
        region_source=plan["regionSource"],
        totals=_totals(plan, problems),
        lanes=lanes,
        findings=findings,
        node_groups=tuple(plan["nodeGroups"]),
        notes=tuple(plan["notes"]),
        prices=plan["cost"]["prices"],
        group_marks=node_group_marks(cluster, subnets=False),
        subnet_marks=node_group_marks(cluster, subnets=True),
    )


# ---- the summary strip -----------------------------------------------------------------


def _totals(plan: dict[str, Any], problems: Sequence[dict[str, Any]]) -> tuple[Any, ...]:
    cost = plan["cost"]
    counted = {level: sum(p["severity"] == level for p in problems) for level in SEVERITIES}
    errors = plan["errorCount"] + counted["error"]
    warnings = plan["warningCount"] + counted["warning"]
    saving = cost["savingMonthlyUsd"]
    return (
        (
            str(cost["loadBalancerCount"]),
            _noun(cost["loadBalancerCount"], "load balancer"),
            "total",
        ),
        (usd(cost["monthlyUsd"]), "a month, base charges", "total"),
        (usd(saving), "a month saved by IngressGroups", "total"),
        (str(len(plan["dnsRecords"])), _noun(len(plan["dnsRecords"]), "DNS name"), "total"),
        (str(errors), _noun(errors, "error"), "total error" if errors else "total"),
        (str(warnings), _noun(warnings, "warning"), "total warning" if warnings else "total"),
        (str(counted["info"]), _noun(counted["info"], "info"), "total"),
    )


def _noun(number: int, noun: str) -> str:
    return noun if number == 1 else noun + "s"
