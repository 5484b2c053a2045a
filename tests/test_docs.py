"""The README stays true to the code: its rule table and its set-up commands."""

from __future__ import annotations

import re

from conftest import ROOT
from eksgen.rules import RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_rule_table_lists_every_rule_exactly() -> None:
    rows = re.findall(r"^\| (EKS\d{3}) \| ([a-z0-9-]+) \| (error|warning) \|", README, re.M)
    documented = {rule_id: (name, severity) for rule_id, name, severity in rows}
    actual = {rule.ID: (rule.NAME, rule.SEVERITY.value) for rule in RULES.values()}
    assert documented == actual


def test_readme_opens_with_the_two_setup_commands() -> None:
    block = README.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = block.strip().splitlines()
    assert len(commands) == 2
    assert "eksgen render examples/" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci


def test_readme_documents_every_plan_json_key() -> None:
    from eksgen.plan import json_keys_doc

    rows = [line for line in json_keys_doc().splitlines() if line.startswith("| `")]
    assert rows and all(row in README for row in rows)
