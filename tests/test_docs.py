"""The README stays true to the code: its rule table and its set-up commands."""

from __future__ import annotations

import pytest

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


def _limits_table() -> str:
    return README.split("## Limits\n", 1)[1].split("\n## ", 1)[0]


def test_readme_limits_are_the_ones_the_code_enforces() -> None:
    from eksgen.importer.objects import MAX_DIGITS
    from eksgen.lint.rules._base import ANNOTATION_LIMIT, OBJECT_LIMIT
    from eksgen.plan import pricing
    from eksgen.render import templating
    from eksgen.spec.load import MAX_FILE_BYTES, MAX_NODES
    from eksgen.spec.quickyaml import MAX_DEPTH, MAX_INTEGER_DIGITS

    table = _limits_table()
    stated = [
        f"| {MAX_FILE_BYTES // 2**20} MiB |",
        f"| {MAX_NODES:,} |",
        f"| {MAX_DEPTH} levels |",
        f"| {pricing._MAX_DEPTH} levels |",
        f"| {MAX_INTEGER_DIGITS:,} digits |",
        f"| {MAX_DIGITS} digits |",
        f"| {ANNOTATION_LIMIT:,} bytes (EKS029) |",
        f"| {OBJECT_LIMIT // 1024} KiB, estimated",
        f"| {templating.MAX_TEMPLATE_BYTES // 2**20} MiB; {templating.MAX_SCRIPT // 1024} KiB |",
        f"| {templating.MAX_TEXT // 2**20} Mi characters (items); "
        f"{templating.MAX_TOTAL // 2**20} Mi |",
        f"| {templating.MAX_INT_BITS:,} bits; {templating.MAX_WIDTH:,} |",
        f"| {templating.MAX_NESTING}; {templating.TIME_LIMIT:g} s; "
        f"{templating.RUN_TIME_LIMIT:g} s |",
        "| 100 (EKS205) |",
    ]
    missing = [text for text in stated if text not in table]
    assert not missing, f"the README's limits table does not state: {missing}"


def test_every_limit_rule_is_in_the_limits_table() -> None:
    table = _limits_table()
    for rule_id in ("EKS029", "EKS030", "EKS205"):
        assert rule_id in RULES and rule_id in table


def _shown_output(command: str) -> list[str]:
    """The lines the README shows under `$ COMMAND` in a code block."""
    block = README.split(f"```\n$ {command}\n", 1)[1].split("```", 1)[0]
    return block.splitlines()


def _in_order(shown: list[str], real: list[str]) -> bool:
    """Whether shown is real with '...' standing for any run of left-out lines."""
    chunks: list[list[str]] = [[]]
    for line in shown:
        if line == "...":
            chunks.append([])
        else:
            chunks[-1].append(line)
    position = 0
    for lines in filter(None, chunks):
        while real[position : position + len(lines)] != lines:
            position += 1
            if position + len(lines) > len(real):
                return False
        position += len(lines)
    return True


@pytest.mark.parametrize(
    "command",
    [
        "eksgen plan examples/",
        "eksgen capacity --instance-type m6i.large",
        "eksgen capacity -t m6i.large --prefix-delegation --subnet 10.0.1.0/24 --desired 3 --max 3",
    ],
)
def test_readme_shows_real_output(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    from eksgen.cli.app import run

    arguments = command.split()[1:]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        assert run(arguments) == 0
    real = capsys.readouterr().out.splitlines()
    assert _in_order(_shown_output(command), real)
