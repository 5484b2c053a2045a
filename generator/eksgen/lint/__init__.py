"""Semantic checks: the rule engine, its reports (text, JSON, SARIF), explain, .eksgen.yaml.

Rules live one per module in rules/; the engine runs them on checked models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.lint import explain, rules
    from eksgen.lint.config import Config, find_config, load_config
    from eksgen.lint.engine import Skipped, check_specs
    from eksgen.lint.explain import markdown_table, rule_list
    from eksgen.lint.report import (
        json_report,
        problem_dict,
        sarif_report,
        text_report,
        use_colour,
    )

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "Config": "eksgen.lint.config",
    "find_config": "eksgen.lint.config",
    "load_config": "eksgen.lint.config",
    "check_specs": "eksgen.lint.engine",
    "Skipped": "eksgen.lint.engine",
    "explain": "eksgen.lint.explain",
    "markdown_table": "eksgen.lint.explain",
    "rule_list": "eksgen.lint.explain",
    "json_report": "eksgen.lint.report",
    "problem_dict": "eksgen.lint.report",
    "sarif_report": "eksgen.lint.report",
    "text_report": "eksgen.lint.report",
    "use_colour": "eksgen.lint.report",
    "rules": "eksgen.lint.rules",
}
__all__ = [
    "Config",
    "Skipped",
    "check_specs",
    "explain",
    "find_config",
    "json_report",
    "load_config",
    "markdown_table",
    "problem_dict",
    "rule_list",
    "rules",
    "sarif_report",
    "text_report",
    "use_colour",
]
__getattr__ = lazy(__name__, _EXPORTS)
