"""Inputs a fuzzer found that crashed the reading of specs, or read them wrongly.

Each must end in one clear message (FILE:LINE:COL: field.path: what was expected), exit 1
(exit 2 for a bad --set or --prices), no traceback, no "internal error", no Python words
(True, None, TaggedScalar(...), ordereddict(...)) and nothing written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eksgen.cli.app import run
from eksgen.spec import MAX_DEPTH, MAX_INTEGER_DIGITS, load_all, load_paths
from eksgen.spec.quickyaml import Unsure

HEAD = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: web
  namespace: prod
"""
TAIL = """\
spec:
  selector: {app: web}
  ports:
    - port: 80
"""
APP = HEAD + TAIL
CLUSTER = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata:
  name: my-cluster
spec:
  region: us-east-1
  accountId: "123456789012"
  vpcId: vpc-0abc1234
  loadBalancerController:
    defaultTags: {TAGS}
"""
PYTHON_WORDS = re.compile(r"\b(True|False|None)\b|TaggedScalar|ordereddict|odict_keys|Decimal\(")
BIG = "9" * (MAX_INTEGER_DIGITS + 700)


def spec(tmp_path: Path, text: str, name: str = "web.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def with_metadata(line: str) -> str:
    """The App with one more line under metadata (two spaces of indent)."""
    return HEAD + f"  {line}\n" + TAIL


def refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    code: int = 1,
    output: bool = True,
) -> str:
    """Run a command (render with -o when output), check how it failed; return stderr."""
    out = tmp_path / "out"
    assert run([*argv, "-o", str(out)] if output else argv) == code
    captured = capsys.readouterr()
    err = captured.err
    assert "Traceback" not in err
    assert "internal error" not in err
    assert not PYTHON_WORDS.search(err), err
    assert not out.exists()
    if output:
        assert captured.out == ""
    return err


def refused_spec(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, path: Path, *extra: str
) -> str:
    """A spec refused by render -o and by validate alike, with exit 1; the first line."""
    err = refused(capsys, tmp_path, ["render", str(path), *extra])
    assert refused(capsys, tmp_path, ["validate", str(path)], output=False) == err
    return err.splitlines()[0]


def located(line: str, path: Path, position: str, field: str) -> str:
    """The message after FILE:LINE:COL: field:, checking both."""
    prefix = f"{path}:{position}: {field}: " if field else f"{path}:{position}: "
    assert line.startswith(prefix), line
    return line[len(prefix) :]


# 1. Lone surrogates --------------------------------------------------------------------


@pytest.mark.parametrize("escape", ["\\ud800", "\\ud83d", "\\udfff", "x\\uDC00y"])
def test_lone_surrogate_in_a_value_is_refused_at_load(
    escape: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, with_metadata(f'annotations: {{note: "{escape}"}}'))
    message = located(
        refused_spec(capsys, tmp_path, path), path, "6:23", "metadata.annotations.note"
    )
    assert message.startswith("a lone surrogate (\\u")
    assert "is not a character" in message


def test_lone_surrogate_in_a_key_is_refused_at_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, with_metadata('annotations: {"k\\ud83d": v}'))
    message = located(refused_spec(capsys, tmp_path, path), path, "6:17", "metadata.annotations")
    assert "a lone surrogate (\\ud83d) is not a character" in message


def test_an_escaped_surrogate_pair_is_refused_with_the_escape_to_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, with_metadata('annotations: {note: "\\ud83d\\ude00"}'))
    message = located(
        refused_spec(capsys, tmp_path, path), path, "6:23", "metadata.annotations.note"
    )
    assert "\\U0001F600" in message


def test_a_surrogate_in_a_json_spec_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        '{"apiVersion": "eksgen.dev/v1alpha1", "kind": "App", "metadata": {"name": "web", '
        '"namespace": "prod", "annotations": {"a": "\\ud800"}}, "spec": {"ports": [{"port": 80}]}}'
    )
    path = spec(tmp_path, text, "web.json.yaml")
    line = refused_spec(capsys, tmp_path, path)
    column = text.index('"\\ud800"') + 1
    assert located(line, path, f"1:{column}", "metadata.annotations.a").startswith("a lone")


@pytest.mark.parametrize(
    "value",
    [
        'metadata.annotations.a="\\ud800"',
        "metadata.annotations.a=\udcff",
        'metadata.annotations["\udcff"]=x',
    ],
)
def test_a_surrogate_in_a_set_is_a_usage_error(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    err = refused(capsys, tmp_path, ["render", str(path), "--set", value], code=2)
    assert err.startswith("eksgen: error: --set ")
    assert "a lone surrogate (\\ud" in err


# 2. Integers past Python's conversion limit ----------------------------------------------


@pytest.mark.parametrize(
    "port",
    [BIG, "-" + BIG, "0x" + "f" * (MAX_INTEGER_DIGITS + 10), "0o" + "7" * (MAX_INTEGER_DIGITS * 2)],
    ids=["decimal", "negative", "hex", "octal"],
)
@pytest.mark.parametrize("careful", [False, True], ids=["fast-path", "round-trip"])
def test_a_huge_integer_is_refused_where_it_stands(
    port: str, careful: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An anchor sends the file to the round-trip loader; without one libyaml reads it first.
    selector = "{app: &a web}" if careful else "{app: web}"
    text = APP.replace("{app: web}", selector).replace("port: 80", f"port: {port}")
    path = spec(tmp_path, text)
    message = located(refused_spec(capsys, tmp_path, path), path, "9:13", "spec.ports[0].port")
    assert message.startswith(f"an integer of more than {MAX_INTEGER_DIGITS:,} digits")


def test_a_huge_integer_key_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = spec(tmp_path, with_metadata(f"labels:\n    ? {BIG}\n    : x"))
    message = located(refused_spec(capsys, tmp_path, path), path, "7:7", "metadata.labels")
    assert message.startswith("key 9999") and "not a string; quote it" in message
    assert len(message) < 300


def test_an_integer_at_the_limit_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = spec(tmp_path, APP.replace("port: 80", "port: " + "9" * MAX_INTEGER_DIGITS))
    line = refused_spec(capsys, tmp_path, path)
    assert "is greater than the maximum of 65535" in located(
        line, path, "9:13", "spec.ports[0].port"
    )


def test_the_fast_reader_leaves_huge_integers_to_the_careful_one() -> None:
    with pytest.raises(Unsure):
        load_all(f"a: {BIG}\n", 1000)
    assert load_all("a: 12\n", 1000) == [{"a": 12}]


@pytest.mark.parametrize("value", [BIG, "0x" + "f" * (MAX_INTEGER_DIGITS + 10), "-" + BIG])
def test_a_huge_integer_in_a_set_is_a_usage_error(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    err = refused(
        capsys, tmp_path, ["render", str(path), "--set", f"spec.ports[0].port={value}"], 2
    )
    assert f"an integer of more than {MAX_INTEGER_DIGITS:,} digits" in err
    assert len(err) < 400


def test_a_huge_list_index_in_a_set_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    err = refused(capsys, tmp_path, ["render", str(path), "--set", f"spec.ports[{BIG}].port=1"], 2)
    assert "cannot read the path" in err


# 3. YAML versions ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.3", "2.0", "1.2.1"])
def test_an_unknown_yaml_version_is_refused_where_it_is_written(
    version: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, f"%YAML {version}\n---\n{APP}")
    message = located(refused_spec(capsys, tmp_path, path), path, "1:7", "")
    assert f"version {version}" in message
    assert "1.1 and 1.2" in message


def test_yaml_1_2_and_1_1_directives_still_read(tmp_path: Path) -> None:
    for version in ("1.1", "1.2"):
        path = spec(tmp_path, f"%YAML {version}\n---\n{APP}")
        assert run(["validate", str(path)]) == 0


def test_an_unknown_yaml_version_in_the_config_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    config = spec(tmp_path, "%YAML 1.3\n---\nignore: []\n", ".eksgen.yaml")
    err = refused(capsys, tmp_path, ["render", str(path), "--config", str(config)])
    assert err.startswith(f"{config}:1:7: invalid YAML: %YAML directive with version 1.3")


# 4. Merge keys and deep nesting elsewhere: .eksgen.yaml, --set, --prices, specs ---------------


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {ignore: [EKS023]}\n<<: *b\n",
        "base: &b {ignore: EKS023}\n<<: *b\n",
        "<<: {ignore: []}\n",
    ],
)
def test_a_merge_key_in_the_config_is_refused(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    config = spec(tmp_path, text, ".eksgen.yaml")
    err = refused(capsys, tmp_path, ["render", str(path), "--config", str(config)])
    line = next(line for line in err.splitlines() if "merge key" in line)
    assert line.startswith(f"{config}:")
    assert "a merge key (<<) is not read here" in line


@pytest.mark.parametrize("depth", [MAX_DEPTH + 5, 5_000])
def test_deep_nesting_in_the_config_is_refused(
    depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    config = spec(tmp_path, "ignore: " + "[" * depth + "]" * depth + "\n", ".eksgen.yaml")
    err = refused(capsys, tmp_path, ["render", str(path), "--config", str(config)])
    assert err.startswith(f"{config}:1:{8 + MAX_DEPTH}: ignore[0][0]")
    assert f"nested more than {MAX_DEPTH} levels deep" in err


def test_a_config_with_two_documents_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    config = spec(tmp_path, "ignore: []\n---\nignore: []\n", ".eksgen.yaml")
    err = refused(capsys, tmp_path, ["render", str(path), "--config", str(config)])
    assert err.startswith(f"{config}:3:1: expected one YAML document, found 2")


@pytest.mark.parametrize(
    "value", ["[" * 5_000 + "]" * 5_000, "[" * 5_000, "{a: " * 3_000 + "}" * 3_000]
)
def test_deep_nesting_in_a_set_is_a_usage_error(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    err = refused(capsys, tmp_path, ["render", str(path), "--set", f"metadata.labels.a={value}"], 2)
    assert err.startswith("eksgen: error: --set 'metadata.labels.a=")
    assert "the value must be a single scalar" in err
    assert len(err) < 400


@pytest.mark.parametrize("depth", [30, 5_000])
def test_deep_nesting_in_a_price_file_is_a_usage_error(
    depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    prices = spec(tmp_path, '{"source": ' + "[" * depth + "]" * depth + "}", "prices.json")
    err = refused(capsys, tmp_path, ["plan", str(path), "--prices", str(prices)], 2, output=False)
    assert err.startswith(f"eksgen: error: {prices}: ")
    assert "nested more than 20 levels deep" in err


def test_a_price_file_with_a_lone_surrogate_or_python_values_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    head = '{"source": "s", "retrieved": "r", '
    cases = {
        '"regions": {"us-east-1\\ud800": {"alb": 1}}}': "regions: a lone surrogate",
        '"currency": true, "regions": {"us-east-1": {"alb": 1}}}': "got true",
        '"regions": {"us-east-1": {"alb": null}}}': "got null",
        '"regions": {"us-east-1": {"alb": [1]}}}': "got a list",
    }
    for body, expected in cases.items():
        prices = spec(tmp_path, head + body, "prices.json")
        err = refused(
            capsys, tmp_path, ["plan", str(path), "--prices", str(prices)], 2, output=False
        )
        assert expected in err, err


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 20, 1_500])  # beyond what ruamel can compose
def test_deep_nesting_in_a_spec_is_refused_where_it_starts(
    flow: bool, depth: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if flow:
        text = with_metadata("labels: {a: " + "[" * depth + "]" * depth + "}")
        position = f"6:{14 + MAX_DEPTH - 2}"
        field = "metadata.labels.a[0][0][0][0][0][0][0][0][0]"
    else:
        nested = "".join(f"\n{'  ' * (level + 2)}k{level}:" for level in range(depth)) + " x"
        text = with_metadata("labels:" + nested)
        position = f"{7 + MAX_DEPTH - 2}:{2 * MAX_DEPTH + 1}"  # k98: its value is level 101
        field = "metadata.labels.k0.k1.k2.k3.k4.k5.k6.k7.k8.k9"
    path = spec(tmp_path, text)
    message = located(refused_spec(capsys, tmp_path, path), path, position, field)
    assert message.startswith(f"nested more than {MAX_DEPTH} levels deep")


def test_nesting_at_the_limit_reads(tmp_path: Path) -> None:
    depth = MAX_DEPTH - 3  # metadata, labels and the document itself are three levels
    path = spec(tmp_path, with_metadata("labels: {a: " + "[" * depth + "]" * depth + "}"))
    loaded = load_paths([str(path)])
    assert not loaded.problems and len(loaded.documents) == 1


# 5. Keys that are not strings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "column", "written", "kind"),
    [
        ("{true: x}", 12, "true", "a boolean"),
        ("{~: x}", 12, "~", "null"),
        ("{null: x}", 12, "null", "null"),
        ("{0x1F: x}", 12, "0x1F", "a number"),
        ("{1: a, '1': b}", 12, "1", "a number"),
        ("{1.5: x}", 12, "1.5", "a number"),
        ("{2024-01-31: x}", 12, "2024-01-31", "a date"),
    ],
)
def test_a_key_that_is_not_a_string_is_refused(
    labels: str,
    column: int,
    written: str,
    kind: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = spec(tmp_path, with_metadata(f"labels: {labels}"))
    message = located(refused_spec(capsys, tmp_path, path), path, f"6:{column}", "metadata.labels")
    assert (
        message
        == f'key {written} is {kind}, not a string; quote it ("{written}") to use it as a key'
    )


@pytest.mark.parametrize(
    ("labels", "shape"), [("{? [a]: x}", "a list"), ("{? {a: 1}: x}", "a mapping")]
)
def test_a_collection_as_a_key_is_refused(
    labels: str, shape: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, with_metadata(f"labels: {labels}"))
    message = located(refused_spec(capsys, tmp_path, path), path, "6:14", "metadata.labels")
    assert message == f"a key must be a string, not {shape}"


def test_a_top_level_key_that_is_not_a_string_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP + "1: x\n")
    message = located(refused_spec(capsys, tmp_path, path), path, "10:1", "")
    assert message.startswith("key 1 is a number, not a string")


def test_a_key_tagged_as_a_string_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = spec(tmp_path, with_metadata("labels: {!!str 1: a, b: !!str 2}"))
    assert run(["render", str(path)]) == 0
    assert "'1': a" in capsys.readouterr().out or '"1": a' in capsys.readouterr().out


# 6. A mistyped apiVersion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "api_version", ["eksgen.io/v1alpha1", "eksgen.dev/v1alpha2", "eksgn.dev/v1alpha1", "v1alpha1"]
)
@pytest.mark.parametrize("kind", ["App", "Cluster"])
def test_an_eksgen_kind_with_a_mistyped_api_version_in_a_folder_is_an_error(
    api_version: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "specs"
    spec(folder, APP, "good.yaml")
    bad = spec(
        folder,
        APP.replace("eksgen.dev/v1alpha1", api_version).replace("kind: App", f"kind: {kind}"),
        "typo.yaml",
    )
    err = refused(capsys, tmp_path, ["render", str(folder)])
    message = located(err.splitlines()[0], bad, "1:13", "apiVersion")
    assert message == f"'{api_version}' is not 'eksgen.dev/v1alpha1'"


def test_documents_of_other_apis_in_a_folder_are_still_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "specs"
    spec(folder, APP, "good.yaml")
    capi = APP.replace("eksgen.dev/v1alpha1", "cluster.x-k8s.io/v1beta1").replace("App", "Cluster")
    spec(folder, capi, "capi.yaml")
    spec(folder, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "cm.yaml")
    assert run(["render", str(folder)]) == 0
    err = capsys.readouterr().err
    assert "capi.yaml: document 1 is not an eksgen spec; skipped" in err
    assert "cm.yaml: document 1 is not an eksgen spec; skipped" in err


# 7. Upper-case suffixes ---------------------------------------------------------------------------


def test_yaml_files_with_upper_or_mixed_case_suffixes_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eksgen.spec import yaml_files

    folder = tmp_path / "specs"
    for index, name in enumerate(["a.yaml", "b.YAML", "c.Yml", "d.yMl"]):
        spec(folder, APP.replace("name: web", f"name: web{index}"), name)
    spec(folder, "not: yaml\n", "e.txt")
    assert [path.name for path in yaml_files(folder)] == ["a.yaml", "b.YAML", "c.Yml", "d.yMl"]
    assert run(["render", str(folder)]) == 0
    out = capsys.readouterr().out
    assert all(f"name: web{index}\n" in out for index in range(4))


def test_a_broken_upper_case_file_in_a_folder_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "specs"
    spec(folder, APP, "a.yaml")
    bad = spec(folder, APP.replace("port: 80", "port: http"), "B.YML")
    err = refused(capsys, tmp_path, ["render", str(folder)])
    assert err.startswith(f"{bad}:9:13: spec.ports[0].port: ")


# 8. Whitespace around tags and attributes ------------------------------------------------------------


EXPOSURE = "  exposure:\n    type: alb\n"


@pytest.mark.parametrize(
    ("lines", "position", "field", "shown"),
    [
        ('    tags: {" team": a}', "12:12", 'spec.exposure.tags[" team"]', "key ' team'"),
        ('    tags: {"team\\t": a}', "12:12", 'spec.exposure.tags["team\\t"]', 'key "team\\t"'),
        ('    tags: {team: "a "}', "12:18", "spec.exposure.tags.team", "'a '"),
        ('    tags: {team: "\\na"}', "12:18", "spec.exposure.tags.team", '"\\na"'),
        (
            '    attributes:\n      loadBalancer: {idle_timeout.timeout_seconds: " 60"}',
            "13:52",
            'spec.exposure.attributes.loadBalancer["idle_timeout.timeout_seconds"]',
            "' 60'",
        ),
        (
            '    attributes:\n      targetGroup: {deregistration_delay.timeout_seconds: "30 "}',
            "13:59",
            'spec.exposure.attributes.targetGroup["deregistration_delay.timeout_seconds"]',
            "'30 '",
        ),
    ],
)
def test_tags_and_attributes_with_surrounding_whitespace_are_refused(
    lines: str,
    position: str,
    field: str,
    shown: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = spec(tmp_path, APP + EXPOSURE + lines + "\n")
    message = located(refused_spec(capsys, tmp_path, path), path, position, field)
    assert message.startswith(f"{shown} is not trimmed: no leading or trailing spaces")


def test_tags_and_attributes_with_inner_spaces_still_read(tmp_path: Path) -> None:
    lines = (
        '    tags: {"cost center": "team a", empty: "", n: 3}\n'
        '    attributes:\n      loadBalancer: {idle_timeout.timeout_seconds: "60"}\n'
    )
    path = spec(tmp_path, APP + EXPOSURE + lines)
    assert run(["validate", str(path)]) == 0


@pytest.mark.parametrize(
    ("tags", "field", "shown"),
    [
        ('{" team": a}', 'spec.loadBalancerController.defaultTags[" team"]', "key ' team'"),
        ('{team: "a "}', "spec.loadBalancerController.defaultTags.team", "'a '"),
    ],
)
def test_cluster_default_tags_with_surrounding_whitespace_are_refused(
    tags: str, field: str, shown: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, CLUSTER.replace("{TAGS}", tags), "cluster.yaml")
    line = refused_spec(capsys, tmp_path, path)
    assert line.startswith(f"{path}:10:")
    assert f": {field}: {shown} is not trimmed" in line


# 9. Messages in YAML's words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "position", "field", "expected"),
    [
        ("labels: {a: true}", "6:15", "metadata.labels.a", "true is not a string; expected"),
        ("labels: ~", "6:11", "metadata.labels", "null is not a mapping"),
        ("labels: [a]", "6:11", "metadata.labels", "[a] is not a mapping"),
        ("labels: {a: [true, null]}", "6:15", "metadata.labels.a", "[true, null] is not a string"),
        ("labels: {a: {b: false}}", "6:15", "metadata.labels.a", "{b: false} is not a string"),
        ("labels: {a: 2024-01-31}", "6:15", "metadata.labels.a", "2024-01-31 is not a string"),
        ("labels: {a: .inf}", "6:15", "metadata.labels.a", ".inf is not a string"),
        ("labels: {a: !!str 12}", "", "", ""),
    ],
)
def test_values_are_worded_as_yaml_writes_them(
    line: str,
    position: str,
    field: str,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = spec(tmp_path, with_metadata(line))
    if not expected:
        assert run(["validate", str(path)]) == 0
        return
    message = located(refused_spec(capsys, tmp_path, path), path, position, field)
    assert message.startswith(expected)


@pytest.mark.parametrize(
    ("line", "position", "field", "expected"),
    [
        ("labels: {a: !foo x}", "6:15", "metadata.labels.a", "the YAML tag !foo is not read"),
        ("labels: !!set {a, b}", "6:11", "metadata.labels", "the YAML tag !!set is not read"),
        ("labels: !!omap [a: b]", "6:11", "metadata.labels", "the YAML tag !!omap is not read"),
        ("labels: {a: !!binary aGk=}", "6:15", "metadata.labels.a", "the YAML tag !!binary"),
        (
            "labels: {a: 2024-13-45}",
            "6:15",
            "metadata.labels.a",
            "2024-13-45 cannot be read as a date",
        ),
    ],
)
def test_tags_and_unreadable_scalars_are_refused_where_they_stand(
    line: str,
    position: str,
    field: str,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = spec(tmp_path, with_metadata(line))
    message = located(refused_spec(capsys, tmp_path, path), path, position, field)
    assert message.startswith(expected)


@pytest.mark.parametrize(
    "text",
    [
        HEAD.replace("metadata:", "metadata: &m") + "  labels: *m\n" + TAIL,
        HEAD
        + TAIL.replace("spec:", "spec: &s").replace("    - port: 80", "    - port: 80\n  x: [*s]"),
    ],
    ids=["mapping", "list"],
)
def test_an_alias_inside_its_own_anchor_is_refused(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, text)
    line = refused_spec(capsys, tmp_path, path)
    assert "an alias inside its own anchor (a cycle) cannot be read" in line
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: (metadata|spec)", line)


def test_a_set_into_an_absent_list_creates_it(tmp_path: Path) -> None:
    path = spec(tmp_path, APP + EXPOSURE)
    argv = ["render", str(path), "--set", "spec.routes[0].path=/x"]
    assert run(argv) == 0


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("spec.routes[3].path=/x", "the list spec.routes is absent or empty: no item [3]"),
        (
            "spec.ports[5].port=81",
            "the list spec.ports has 1 item(s): no item [5] to change ([1] adds",
        ),
        (
            "spec.ports.port=81",
            "spec.ports holds a list, not a mapping: it has no field port; expected an item "
            "index such as spec.ports[0]",
        ),
        ("spec.selector[0]=x", "spec.selector holds a mapping, not a list"),
        ("metadata.labels.a=!!set {a}", "the value must be a single scalar"),
    ],
)
def test_a_set_that_cannot_apply_says_why(
    setting: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    err = refused(capsys, tmp_path, ["render", str(path), "--set", setting], code=2)
    assert expected in err
    assert "no list item" not in err


def test_a_set_date_that_is_no_date_is_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spec(tmp_path, APP)
    assert run(["render", str(path), "--set", "metadata.annotations.a=2024-13-45"]) == 0
    assert "2024-13-45" in capsys.readouterr().out


def test_describe_words_values_as_yaml() -> None:
    from eksgen.spec import describe

    assert describe(True) == "true"
    assert describe(None) == "null"
    assert describe("x") == "'x'"
    assert describe(float("-inf")) == "-.inf"
    assert describe({"a": [1, None]}) == "{a: [1, null]}"
    assert describe(list(range(500))) == "a list of 500 items"
    assert describe({str(key): key for key in range(500)}) == "a mapping of 500 keys"


# ---------------------------------------------------------------------------------------------
# Large documents: refused (or read) without composing them in the slow reader
# ---------------------------------------------------------------------------------------------


def _flow_hosts(count: int, directive: str = "") -> str:
    hosts = ",".join(["a"] * count)
    return (
        f"{directive}apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata: {{name: a}}\n"
        f"spec:\n  ports: [{{port: 80}}]\n  hosts: [{hosts}]\n"
    )


def _no_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    def composed(*args: object, **kwargs: object) -> None:
        raise AssertionError("the document was composed by ruamel's round-trip loader")

    monkeypatch.setattr("ruamel.yaml.composer.Composer.compose_document", composed)


@pytest.mark.parametrize("count", [150_000, 1_000_000])
def test_a_document_of_too_many_values_is_refused_before_it_is_composed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """A 300 KB list of 150,000 hosts took 18 s (2 MB of a million: 250 s and 1.1 GB)."""
    path = spec(tmp_path, _flow_hosts(count))
    _no_round_trip(monkeypatch)
    (problem,) = load_paths([str(path)]).problems
    # 18 values come before the hosts, so host number 100,001 - 18 is the first one past.
    first_past = 100_001 - 18
    assert (problem.line, problem.column) == (6, 10 + 2 * (first_past - 1) + 1)
    assert problem.message == "a document of more than 100,000 values; eksgen reads at most 100,000"


def test_the_careful_reader_counts_values_before_composing_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A %YAML directive sends the text to the careful reader, which counts first as well."""
    path = spec(tmp_path, _flow_hosts(200_000, "%YAML 1.2\n---\n"))
    _no_round_trip(monkeypatch)
    (problem,) = load_paths([str(path)]).problems
    assert problem.line == 8 and "more than 100,000 values" in problem.message


def test_a_large_flow_style_spec_is_read_by_the_fast_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON has a nesting character per value; only real depth sends it to the slow reader."""
    ports = ",".join(f'{{"name":"p{i}","port":{i + 1}}}' for i in range(5_000))
    text = (
        '{"apiVersion":"eksgen.dev/v1alpha1","kind":"App","metadata":{"name":"a"},'
        f'"spec":{{"ports":[{ports}]}}}}'
    )
    path = spec(tmp_path, text, "big.json.yaml")
    _no_round_trip(monkeypatch)
    result = load_paths([str(path)])
    assert result.problems == [] and len(result.documents[0].data["spec"]["ports"]) == 5_000
