"""Messages speak YAML: values as YAML writes them, and the fix for the usual slips.

The bad-input corpus (tests/cases/invalid/) holds one file per message; these tests cover
the pieces those messages are made of, including inputs no corpus file shows.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from eksgen.cli.app import run
from eksgen.spec.hints import closest_choice, syntax_message
from eksgen.spec.yamltext import describe, flow


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (80, "80"),
        (80.5, "80.5"),
        (float("nan"), ".nan"),
        ("nlb", "'nlb'"),
        ("it's", '"it\'s"'),
        ("web\n", '"web\\n"'),
        ("\u200b", '"\\u200b"'),
        ("\udcff", '"\\udcff"'),
        (datetime.date(2024, 1, 31), "2024-01-31"),
        ({"type": "alb", "ports": [80, "http"]}, "{type: alb, ports: [80, http]}"),
        (
            ["yes", "80", "", " a", "1:30", "a: b", "-x", "#c"],
            "['yes', '80', '', ' a', '1:30', 'a: b', -x, '#c']",
        ),
        ({"on": None}, "{'on': null}"),
        (list(range(500)), "a list of 500 items"),
    ],
)
def test_values_are_shown_as_yaml_writes_them(value: object, shown: str) -> None:
    assert describe(value) == shown


def test_a_string_named_on_its_own_is_quoted_and_in_a_collection_plain() -> None:
    assert (describe("alb"), flow("alb"), flow(["alb"])) == ("'alb'", "alb", "[alb]")


def test_a_long_value_is_shortened_with_its_length() -> None:
    shown = describe("a" * 300)
    assert shown == "'" + "a" * 80 + "...' (300 characters)"


def test_a_tagged_scalar_is_shown_with_its_tag() -> None:
    from ruamel.yaml import YAML

    data = YAML().load("a: !Ref name\nb: !Sub 80\n")
    assert (describe(data["a"]), flow([data["b"]])) == ("!Ref name", "[!Sub 80]")


@pytest.mark.parametrize(
    ("value", "choices", "meant"),
    [
        ("NLB", ["alb", "nlb", "none"], "nlb"),
        ("internel", ["internal", "internet-facing"], "internal"),
        ("prefix", ["Prefix", "Exact", "ImplementationSpecific"], "Prefix"),
        ("elb", ["alb", "nlb", "none"], None),  # as near alb as nlb: no guess
        ("public", ["internal", "internet-facing"], None),
        (1, ["internal"], None),
    ],
)
def test_the_closest_choice_is_found_only_when_it_is_clear(
    value: object, choices: list[object], meant: object
) -> None:
    assert closest_choice(value, choices) == meant


@pytest.mark.parametrize(
    ("text", "line", "column", "problem", "message"),
    [
        (
            "a:\n\tb: 1\n",
            2,
            1,
            "found character '\\t' that cannot start any token",
            "a tab in the indentation; YAML indents with spaces, not tabs",
        ),
        (
            "a:\n  - \tb: 1\n",
            2,
            5,
            "found character '\\t' that cannot start any token",
            "a tab in the indentation; YAML indents with spaces, not tabs",
        ),
        (
            "a: b\tc\n",
            1,
            5,
            "found character '\\t' that cannot start any token",
            "a tab between values; YAML separates them with spaces, not tabs",
        ),
        (
            "a:\n  port:80\n  name: x\n",
            3,
            7,
            "mapping values are not allowed here",
            "mapping values are not allowed here; line 2 reads port:80; put a space after the colon: port: 80",
        ),
        (
            "a:\n  arn:aws:acm:x\n  name: x\n",
            3,
            7,
            "mapping values are not allowed here",
            "mapping values are not allowed here",
        ),
        ("a: [b\n", 2, 1, "expected ',' or ']'", "expected ',' or ']'"),
    ],
)
def test_syntax_errors_get_a_hint_for_tabs_and_glued_colons(
    text: str, line: int, column: int, problem: str, message: str
) -> None:
    assert syntax_message(problem, text, line, column) == message


SPEC = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: web
spec:
  ports:
    - port: 80
"""


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            "  dbAccess: sg-0123456789abcdef0\n",
            "spec.dbAccess: 'sg-0123456789abcdef0' is not a mapping; did you mean dbAccess: {securityGroupIds: [sg-0123456789abcdef0]}?",
        ),
        ("  dbAccess: sg-x\n", "spec.dbAccess: 'sg-x' is not a mapping"),
        (
            "  exposure: Internet-Facing\n",
            "spec.exposure: 'Internet-Facing' is not a mapping; did you mean exposure: {scheme: internet-facing}?",
        ),
        (
            "  routes: /api\n",
            "spec.routes: '/api' is not a list; did you mean routes: [{path: /api}]?",
        ),
        (
            "  dns: {enabled: 1}\n",
            "spec.dns.enabled: 1 is not a boolean; booleans are true or false",
        ),
        (
            "  dns: {enabled: off}\n",
            "spec.dns.enabled: 'off' is not a boolean; booleans are true or false; did you mean false?",
        ),
        ("  dns: {ttl: true}\n", "spec.dns.ttl: true is not an integer"),
        (
            "  tls: {certificateArns: [x], policy: 7}\n",
            "spec.tls.certificateArns[0]: 'x' is not an ACM",
        ),
    ],
)
def test_schema_messages_suggest_the_fix(
    lines: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "web.yaml"
    path.write_text(SPEC + lines, encoding="utf-8")
    assert run(["validate", str(path)]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first.split(": ", 1)[1].startswith(message), first
