"""The README stays true to the code: its rule table and its set-up commands."""

from __future__ import annotations

from conftest import ROOT
from eksgen.lint.rules import RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_rule_table_is_the_generated_one() -> None:
    from eksgen.lint.explain import markdown_table

    block = README.split("<!-- rules:start", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert block.split("-->\n", 1)[1] == markdown_table()
    assert len(RULES) >= 30


def test_readme_opens_with_the_two_setup_commands() -> None:
    block = README.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = block.strip().splitlines()
    assert len(commands) == 2
    assert "eksgen render examples/" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci


def test_readme_documents_every_plan_json_key() -> None:
    from eksgen.plan.json_model import json_keys_doc

    rows = [line for line in json_keys_doc().splitlines() if line.startswith("| `")]
    assert rows and all(row in README for row in rows)
