"""The HTML form of a Plan, for ``eksgen plan --output html``: one self-contained page.

The page is drawn from plan_dict (the JSON model) and the rule findings in the lint JSON
report's form: page.py arranges them, diagram.py places them, and the bundled template
plan/plan.html.j2 writes them with Jinja's autoescape on, so every value from a spec is
escaped. The page has inline SVG and CSS only: no script, and nothing to fetch (its
Content-Security-Policy forbids any request). Jinja is imported only when a page is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from eksgen.lint import rules
from eksgen.lint.report import problem_dict
from eksgen.model.albs import member_id
from eksgen.plan.diagram import COLUMNS, GLYPHS, draw_lane, subnet_bar
from eksgen.plan.json_model import plan_dict
from eksgen.plan.lanes import usd
from eksgen.plan.page import OPEN_FINDINGS, build_page

if TYPE_CHECKING:
    from eksgen.errors import Problem
    from eksgen.model.app import App
    from eksgen.model.cluster import Cluster
    from eksgen.plan.build import Plan

TEMPLATE = "plan/plan.html.j2"
# Findings of these rules are the plan's own conflicts, listed from plan_dict already.
COVERED_BY_CONFLICTS = frozenset(
    {rules.ingress_group_conflict.ID, rules.ingress_group_order_tie.ID}
)

# The standard settings of capacity.variants, as the node-group panels name them.
VARIANT_LABELS = {
    "secondaryIp": "secondary IPs",
    "prefixDelegation": "prefix delegation",
    "customNetworking": "custom networking",
    "customNetworkingPrefixDelegation": "custom networking + prefix delegation",
}

# Colours by role. Text colours meet WCAG AA (4.5:1) on every fill they are written on, and
# nothing is told by colour alone: findings carry a glyph and a word, outlines differ in
# width and dash, subnet bars in pattern (tests/test_plan_html.py checks the ratios).
PALETTE = {
    "ink": "#1b1b1b",
    "muted": "#4a4a4a",
    "paper": "#ffffff",
    "line": "#5c5c5c",
    "alb": "#dfe9f8",
    "nlb": "#e2f2e6",
    "dns": "#efe5fb",
    "listener": "#fbefd6",
    "rule": "#eceff3",
    "app": "#ffffff",
    "error": "#a50e0e",
    "error-fill": "#fde8e8",
    "warning": "#6b4300",
    "warning-fill": "#fff1c7",
    "info": "#0b4f8a",
    "info-fill": "#e5f0fb",
    "used": "#1f4e79",
    "surge": "#6f97c6",
    "free": "#ffffff",
    "short": "#a50e0e",
}
# (text, fill) pairs the page writes: each must reach 4.5:1.
TEXT_ON_FILL = (
    *(("ink", fill) for fill in ("paper", "alb", "nlb", "dns", "listener", "rule", "app")),
    *(("muted", fill) for fill in ("paper", "alb", "nlb", "dns", "listener", "rule", "app")),
    ("error", "paper"),
    ("error", "error-fill"),
    ("warning", "paper"),
    ("warning", "warning-fill"),
    ("info", "paper"),
    ("info", "info-fill"),
    ("paper", "error"),
    ("ink", "warning-fill"),
)


def html_report(
    plan: Plan,
    apps: Sequence[App] = (),
    problems: Sequence[Problem] = (),
    clusters: Sequence[Cluster] = (),
) -> str:
    """The plan as one HTML page (see the module docstring).

    apps: the Apps planned, to mark a rule finding on the app whose file it is in.
    problems: the checks' findings; the group conflicts among them are left to the plan.
    clusters: the Cluster specs planned; the findings about the node groups of the first
    (the one the plan reads) are marked on their panels.
    """
    from eksgen.render import render_html

    findings = [
        problem_dict(problem)
        for problem in sorted(problems)
        if problem.rule not in COVERED_BY_CONFLICTS
    ]
    sources = {member_id(app): app.file for app in apps}
    cluster_file = clusters[0].file if clusters else None
    page = build_page(plan_dict(plan), findings, sources, cluster_file)
    return render_html(
        TEMPLATE,
        page=page,
        drawings={lane.anchor: draw_lane(lane) for lane in page.lanes},
        bars={
            group["name"]: [subnet_bar(subnet) for subnet in group["subnets"]]
            for group in page.node_groups
        },
        palette=PALETTE,
        columns=COLUMNS,
        glyphs=GLYPHS,
        open_findings=OPEN_FINDINGS,
        variant_labels=VARIANT_LABELS,
        usd=usd,
    )
