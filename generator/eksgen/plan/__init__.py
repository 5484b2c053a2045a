"""What the specs create in AWS: load balancers, listeners, cost, DNS records, headroom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.plan.build import REPORTED_BY_PLAN, Plan, build_plan
    from eksgen.plan.html_report import html_report
    from eksgen.plan.pricing import load_prices
    from eksgen.plan.report import json_report, text_report

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "build_plan": "eksgen.plan.build",
    "Plan": "eksgen.plan.build",
    "REPORTED_BY_PLAN": "eksgen.plan.build",
    "html_report": "eksgen.plan.html_report",
    "load_prices": "eksgen.plan.pricing",
    "json_report": "eksgen.plan.report",
    "text_report": "eksgen.plan.report",
}
__all__ = [
    "REPORTED_BY_PLAN",
    "Plan",
    "build_plan",
    "html_report",
    "json_report",
    "load_prices",
    "text_report",
]
__getattr__ = lazy(__name__, _EXPORTS)
