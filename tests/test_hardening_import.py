"""Hardening of eksgen import, from inputs a fuzzer found: a located warning or error, never a
traceback, and time that grows with the input, not with its square.

- Numbers in annotations are ASCII decimals only: '²'.isdigit() is True but int('²') fails,
  and int('٣') is 3; a number of thousands of digits is not passed to int() at all.
- An integer of thousands of digits in the YAML itself is a YAML error at its line.
- listen-ports nested 100,000 deep is a warning, as any unreadable listen-ports.
- A Service of hundreds of port names the schema refuses is repaired in one pass.
- An annotation whose value is a mapping or a list is reported, never written as repr.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from eksgen.api import check_paths
from eksgen.cli.app import run
from eksgen.importer.main import ImportResult, dump_specs, import_manifests

NLB = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
}
ARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"


def _service_yaml(annotations: str = "", ports: str = "  - {name: http, port: 80}\n") -> str:
    lines = "".join(f"    {key}: {value}\n" for key, value in NLB.items()) + annotations
    return (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n"
        f"  annotations:\n{lines}spec:\n  type: LoadBalancer\n  selector: {{app: web}}\n"
        f"  ports:\n{ports}"
    )


def _import(tmp_path: Path, text: str) -> tuple[ImportResult, Path]:
    path = tmp_path / "in.yaml"
    path.write_text(text, encoding="utf-8")
    return import_manifests([str(path)]), path


def _warnings(result: ImportResult) -> list[str]:
    return [str(problem) for problem in result.warnings]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    (number,) = [index for index, line in enumerate(lines, start=1) if text in line]
    return number


def _cli(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(["import", str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    return code, captured.out, captured.err


def _specs_are_valid(tmp_path: Path, result: ImportResult) -> None:
    out = tmp_path / "specs.yaml"
    out.write_text(dump_specs(result.specs), encoding="utf-8")
    assert [p for p in check_paths([str(out)]).problems if p.is_error] == []


# --- Unicode digits ------------------------------------------------------------------------


@pytest.mark.parametrize("digits", ["²", "٣", "\uff11\uff12", "8²", "³⁰"])
@pytest.mark.parametrize(
    "key",
    [
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port",
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval",
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-timeout",
        "external-dns.alpha.kubernetes.io/ttl",
    ],
)
def test_unicode_digits_in_an_annotation_are_not_numbers(
    key: str, digits: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = f'    {key}: "{digits}"\n'
    if key.endswith("/ttl"):
        extra += "    external-dns.alpha.kubernetes.io/hostname: web.example.com\n"
    result, path = _import(tmp_path, _service_yaml(extra))
    assert result.errors == []
    line = _line_of(path, key)
    located = [w for w in result.warnings if w.line == line and key in w.path]
    assert located, _warnings(result)
    assert "not imported" in located[0].message or "ignored" in located[0].message
    # Never read as the number int() would make of it ('٣' is 3 to int()).
    spec = result.specs[0]["spec"]
    assert spec.get("dns", {}).get("ttl") is None
    assert "intervalSeconds" not in spec["exposure"].get("healthCheck", {})
    _specs_are_valid(tmp_path, result)
    code, out, _ = _cli(path, capsys)
    assert code == 0 and "kind: App" in out


@pytest.mark.parametrize("digits", ["²", "٣", "8²"])
def test_unicode_digits_in_ssl_ports_are_names_of_no_port(digits: str, tmp_path: Path) -> None:
    extra = (
        f"    service.beta.kubernetes.io/aws-load-balancer-ssl-cert: {ARN}\n"
        f'    service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "{digits}"\n'
    )
    result, path = _import(tmp_path, _service_yaml(extra))
    line = _line_of(path, "ssl-ports")
    assert any(
        w.line == line and "is not a port of the Service; ignored" in w.message
        for w in result.warnings
    ), _warnings(result)
    _specs_are_valid(tmp_path, result)


def test_a_go_duration_takes_ascii_digits_only(tmp_path: Path) -> None:
    extra = (
        "    external-dns.alpha.kubernetes.io/hostname: web.example.com\n"
        '    external-dns.alpha.kubernetes.io/ttl: "1m٣s"\n'
    )
    result, _ = _import(tmp_path, _service_yaml(extra))
    assert "ttl" not in result.specs[0]["spec"].get("dns", {})
    extra = extra.replace("1m٣s", "1m30s")
    result, _ = _import(tmp_path, _service_yaml(extra))
    assert result.specs[0]["spec"]["dns"]["ttl"] == 90


# --- numbers of thousands of digits --------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval",
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port",
        "external-dns.alpha.kubernetes.io/ttl",
    ],
)
def test_a_quoted_number_of_5000_digits_is_a_warning(
    key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = f'    {key}: "{"9" * 5000}"\n'
    extra += "    external-dns.alpha.kubernetes.io/hostname: web.example.com\n"
    result, path = _import(tmp_path, _service_yaml(extra))
    line = _line_of(path, key)
    (warning,) = [w for w in result.warnings if w.line == line]
    assert "has more than 18 digits; not imported" in warning.message
    assert len(warning.message) < 200  # the value is cut short in the message
    _specs_are_valid(tmp_path, result)
    assert _cli(path, capsys)[0] == 0


@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 4000, "0o" + "7" * 5000])
def test_an_integer_of_thousands_of_digits_in_the_yaml_is_a_located_error(
    number: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = f"    example.com/big: {number}\n"
    result, path = _import(tmp_path, _service_yaml(extra))
    (error,) = result.errors
    assert error.line == _line_of(path, "example.com/big")
    assert "integer of more than 4,300 digits cannot be read" in error.message
    code, out, err = _cli(path, capsys)
    assert code == 1 and out == "" and f"{path}:{error.line}:" in err


def test_an_ordinary_integer_annotation_still_imports(tmp_path: Path) -> None:
    result, _ = _import(tmp_path, _service_yaml("    example.com/count: 0x1f\n"))
    assert result.errors == []
    assert result.specs[0]["metadata"]["annotations"]["example.com/count"] == "31"


# --- listen-ports nested 100,000 deep --------------------------------------------------------


def _alb_yaml(listen_ports: str) -> str:
    return (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n"
        "spec:\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80}\n"
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n"
        "  namespace: shop\n  annotations:\n"
        f"    alb.ingress.kubernetes.io/certificate-arn: {ARN}\n"
        f"    alb.ingress.kubernetes.io/listen-ports: '{listen_ports}'\n"
        "spec:\n  ingressClassName: alb\n  rules:\n  - http:\n      paths:\n"
        "      - path: /\n        pathType: Prefix\n"
        "        backend: {service: {name: web, port: {number: 80}}}\n"
    )


@pytest.mark.parametrize("value", ["[" * 100_000, "[" * 100_000 + "]" * 100_000, '{"a":' * 50_000])
def test_listen_ports_nested_100000_deep_is_a_warning(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    result, path = _import(tmp_path, _alb_yaml(value))
    assert time.perf_counter() - started < 20
    line = _line_of(path, "listen-ports")
    assert any(
        w.line == line and "not a JSON list such as" in w.message for w in result.warnings
    ), _warnings(result)
    _specs_are_valid(tmp_path, result)
    assert _cli(path, capsys)[0] == 0


# --- hundreds of bad port names ----------------------------------------------------------------


def test_400_port_names_against_the_schema_are_repaired_in_linear_time(tmp_path: Path) -> None:
    def ports(count: int) -> str:
        return "".join(f"  - {{name: Bad_Name{i}, port: {1000 + i}}}\n" for i in range(count))

    timings = []
    for count in (100, 400):
        started = time.perf_counter()
        result, _ = _import(tmp_path, _service_yaml(ports=ports(count)))
        timings.append(time.perf_counter() - started)
        named = [w for w in result.warnings if "is not a port name" in w.message]
        assert len(named) == count
        assert {w.line for w in named} == {13 + i for i in range(count)}
        assert all("name" not in port for port in result.specs[0]["spec"]["ports"])
    assert timings[1] < 10, timings  # 16 s and more, one schema check per bad name, before
    assert timings[1] < 4 * timings[0] + 2, timings  # linear, not quadratic


def test_the_batch_repair_keeps_the_good_values_at_their_places(tmp_path: Path) -> None:
    ports = (
        "  - {name: Bad, port: 80}\n  - {name: ok, port: 81}\n"
        "  - {name: Also_Bad, port: 82}\n  - {name: fine, port: 83}\n"
    )
    labels = "  labels: {good: yes-it-is, Bad Key: x}\n"
    text = _service_yaml(ports=ports).replace("  namespace: shop\n", "  namespace: shop\n" + labels)
    result, _ = _import(tmp_path, text)
    spec = result.specs[0]
    assert [port.get("name") for port in spec["spec"]["ports"]] == [None, "ok", None, "fine"]
    assert spec["metadata"]["labels"] == {"good": "yes-it-is"}
    messages = [w.message for w in result.warnings]
    assert sum("is not a port name" in message for message in messages) == 2


# --- annotation values that are not strings ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "what"),
    [("{a: 1, b: [2]}", "a mapping"), ("[x, y]", "a list"), ("{}", "a mapping")],
)
@pytest.mark.parametrize(
    "key", ["example.com/settings", "service.beta.kubernetes.io/aws-load-balancer-scheme"]
)
def test_a_mapping_valued_annotation_is_refused_where_it_is(
    key: str, value: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result, path = _import(tmp_path, _service_yaml(f"    {key}: {value}\n"))
    line = _line_of(path, key)
    (warning,) = [w for w in result.warnings if w.line == line]
    assert warning.message == f"{what}, not a string: annotation values are strings; not imported"
    assert warning.path == f'metadata.annotations["{key}"]'
    dumped = dump_specs(result.specs)
    assert "{'" not in dumped and "['" not in dumped
    spec: dict[str, Any] = yaml.safe_load(dumped)
    assert key not in spec["metadata"].get("annotations", {})
    _specs_are_valid(tmp_path, result)
    assert _cli(path, capsys)[0] == 0


def test_import_never_overwrites_a_manifest_it_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o FILE naming an input (or a file in an input folder) would lose the manifests."""
    manifest = tmp_path / "in.yaml"
    manifest.write_text(_service_yaml(""))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "svc.yaml").write_text(_service_yaml(""))
    for argv, shown in (
        ([str(manifest), "-o", str(manifest)], f"is {manifest}, an input"),
        ([str(folder), "-o", str(folder / "svc.yaml")], f"is in {folder}, an input"),
    ):
        assert run(["import", *argv]) == 2
        assert shown in capsys.readouterr().err
    assert manifest.read_text() == _service_yaml("")
    assert (folder / "svc.yaml").read_text() == _service_yaml("")
    assert run(["import", str(folder), "-o", str(folder / "apps.yaml")]) == 0
    assert "kind: App" in (folder / "apps.yaml").read_text()


def test_import_messages_show_values_as_yaml_writes_them(tmp_path: Path) -> None:
    """A date or null where a kind belongs is shown as YAML, never as Python's repr."""
    path = tmp_path / "odd.yaml"
    path.write_text("kind: 2024-01-01\n---\napiVersion: v1\nmetadata: {name: x}\n")
    result = import_manifests([str(path)])
    messages = [warning.message for warning in result.warnings]
    assert messages == [
        "2024-01-01 (null) is not a Service, Ingress, SecurityGroupPolicy or TargetGroupBinding; skipped",
        "null (v1) is not a Service, Ingress, SecurityGroupPolicy or TargetGroupBinding; skipped",
    ]
