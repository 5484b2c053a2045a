"""eksgen.model.facts.lbc against the AWS Load Balancer Controller's own annotation reference.

The two references, docs/guide/ingress/annotations.md and docs/guide/service/annotations.md
of kubernetes-sigs/aws-load-balancer-controller v3.5.0, are copied under
shared/upstream/aws-load-balancer-controller/docs/. Every annotation they document must be
in the table with the kinds their Location column gives, the default their Default column
gives and the format their Type column gives. Where the table knowingly departs from the
docs, the code of v3.5.0 is the authority, and the departure is listed here with the Go file
that shows it.
"""

from __future__ import annotations

import re

import pytest

from conftest import upstream
from eksgen.model.facts import lbc
from eksgen.model.facts.lbc import ANNOTATIONS, FORMATS, INGRESS, SERVICE, lookup

INGRESS_KEY = re.compile(r"alb\.ingress\.kubernetes\.io/[A-Za-z0-9.${}_-]+")
SERVICE_KEY = re.compile(r"service\.beta\.kubernetes\.io/[A-Za-z0-9.${}_-]+")
TABLE_ROW = re.compile(r"^\|\s*\[(?P<key>[^\]]+)\]\(#[^)]*\)\s*\|(?P<rest>.*)$")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
ALTERNATIVE = re.compile(r"\s*\\\|\s*")
SOURCE = re.compile(r"^(docs|pkg|controllers)/\S+ \(v3\.5\.0\)$")
VERSION = re.compile(r"^(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)$")

# Keys whose default departs from the docs' Default column, and why (v3.5.0).
DEFAULT_DIFFERS = {
    # The column shows example prefix-list IDs; absent, no prefix list is used.
    "alb.ingress.kubernetes.io/security-group-prefix-lists": None,
    # The column repeats the success-codes row's 200; an EIP list has no default.
    "alb.ingress.kubernetes.io/frontend-nlb-eip-allocations": None,
    # The docs say 3; pkg/ingress/model_build_frontend_nlb.go starts from the task's
    # defaultHealthCheck(Un)HealthyThresholdCount, 2 (pkg/ingress/model_builder.go).
    "alb.ingress.kubernetes.io/frontend-nlb-healthcheck-healthy-threshold-count": "2",
    "alb.ingress.kubernetes.io/frontend-nlb-healthcheck-unhealthy-threshold-count": "2",
    # The column is blank; its Notes say "default instance" (--default-target-type).
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "instance",
    # The column is blank; the annotation's own section says tcp is the default.
    "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
}
# Keys whose format departs from the docs' Type column: the parse call in the code.
FORMAT_DIFFERS = {
    # ParseStringMapAnnotation, pkg/ingress/model_build_frontend_nlb.go
    "alb.ingress.kubernetes.io/frontend-nlb-attributes": "stringMap",
    # ParseJSONAnnotation, pkg/service/model_build_listener.go
    "service.beta.kubernetes.io/actions.": "json",
    # split on commas into ports, pkg/service/model_build_target_group.go
    "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol-per-target-group": "stringList",
}
# Keys whose kinds depart from the docs' Location column.
KINDS_DIFFER = {
    # read from the merged Service-and-Ingress map, pkg/ingress/model_build_target_group.go
    "alb.ingress.kubernetes.io/target-control-port.": {INGRESS, SERVICE},
}
# Real keys of v3.5.0 that the two references do not document, with where they are read.
SOURCE_ONLY = {
    # deprecated spelling of waf-acl-id: pkg/ingress/model_build_load_balancer_addons.go
    "alb.ingress.kubernetes.io/web-acl-id",
    # written by the controller under the IngressPlanAnnotation gate: controllers/ingress/dryrun.go
    "alb.ingress.kubernetes.io/dry-run-plan",
    # read on Pods: pkg/inject/quic/quic_server_id_injector.go
    "service.beta.kubernetes.io/aws-load-balancer-quic-enabled-containers",
}


def _doc(name: str) -> str:
    return upstream("aws-load-balancer-controller", "docs", name).read_text(encoding="utf-8")


def _key(documented: str) -> str:
    """A documented key as the table holds it: a ${placeholder} family ends at its dot."""
    documented = documented.strip()
    return documented[: documented.index("${")] if "${" in documented else documented


def _rows(text: str, prefix: str) -> dict[str, list[str]]:
    """The annotation table: key -> its other cells (Type, Default, Location/Notes, ...)."""
    rows = {}
    for line in text.splitlines():
        match = TABLE_ROW.match(line)
        if match and match["key"].strip().startswith(prefix):
            cells = [cell.strip() for cell in UNESCAPED_PIPE.split(match["rest"])]
            rows[_key(match["key"])] = cells
    return rows


def _mentioned(text: str, pattern: re.Pattern[str]) -> set[str]:
    """Every key the text names, table or prose, trailing punctuation dropped."""
    return {
        _key(found.rstrip(".")) if "${" not in found else _key(found)
        for found in pattern.findall(text)
    }


def _alternatives(cell: str) -> list[str]:
    """A Default cell's values: N/A or blank is none; '200' | '12' is two."""
    quoted = re.match(r'^"([^"]*)"\s', cell)  # "/" for HTTP(S) protocols
    if quoted:
        return [quoted[1]]
    values = []
    for part in ALTERNATIVE.split(cell):
        for value in part.split(", "):
            value = value.strip().strip("'`").strip()
            if value and value != "N/A":
                values.append(value)
    return values


INGRESS_DOC = "guide_ingress_annotations.md"
SERVICE_DOC = "guide_service_annotations.md"


@pytest.fixture(scope="module")
def ingress_rows() -> dict[str, list[str]]:
    return _rows(_doc(INGRESS_DOC), lbc.INGRESS_PREFIX)


@pytest.fixture(scope="module")
def service_rows() -> dict[str, list[str]]:
    return _rows(_doc(SERVICE_DOC), lbc.SERVICE_PREFIX)


def test_the_tables_were_read(
    ingress_rows: dict[str, list[str]], service_rows: dict[str, list[str]]
) -> None:
    # v3.5.0's tables: 67 Ingress rows and 48 Service rows.
    assert len(ingress_rows) == 67
    assert len(service_rows) == 48


def test_every_documented_annotation_is_known_with_its_kinds(
    ingress_rows: dict[str, list[str]], service_rows: dict[str, list[str]]
) -> None:
    for key, cells in ingress_rows.items():
        fact = ANNOTATIONS.get(key)
        assert fact is not None, key
        assert fact.family == key.endswith("."), key
        documented = {kind.strip() for kind in cells[2].split(",")}
        assert documented <= {INGRESS, SERVICE}, (key, cells)
        assert set(fact.kinds) == KINDS_DIFFER.get(key, documented), key
    for key in service_rows:
        fact = ANNOTATIONS.get(key)
        assert fact is not None, key
        assert fact.family == key.endswith("."), key
        assert fact.kinds == {SERVICE}, key


def test_every_key_the_prose_names_is_known() -> None:
    """Keys named only in the text (wafv2-acl-name, create-acm-cert) and family members."""
    for text, pattern in ((_doc(INGRESS_DOC), INGRESS_KEY), (_doc(SERVICE_DOC), SERVICE_KEY)):
        for key in _mentioned(text, pattern):
            assert lookup(key) is not None, key
    assert "alb.ingress.kubernetes.io/wafv2-acl-name" in ANNOTATIONS
    assert lookup("alb.ingress.kubernetes.io/actions.response-503") is not None
    per_port = lookup("service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.3306")
    assert per_port is not None and per_port.family


def test_no_key_is_invented() -> None:
    """Each fact is documented by the reference it cites, or is a source-only key."""
    documented = _mentioned(_doc(INGRESS_DOC), INGRESS_KEY) | _mentioned(
        _doc(SERVICE_DOC), SERVICE_KEY
    )
    for key, fact in ANNOTATIONS.items():
        if key in SOURCE_ONLY:
            assert fact.source.endswith(".go (v3.5.0)"), key
            continue
        # A family is documented by its ${placeholder} form or by an example member.
        examples = fact.family and any(other.startswith(key) for other in documented)
        assert key in documented or examples, key


def test_documented_defaults_match(
    ingress_rows: dict[str, list[str]], service_rows: dict[str, list[str]]
) -> None:
    for key, cells in (ingress_rows | service_rows).items():
        fact = ANNOTATIONS[key]
        if key in DEFAULT_DIFFERS:
            assert fact.default == DEFAULT_DIFFERS[key], key
            continue
        documented = _alternatives(cells[1])
        if documented:
            assert fact.default in documented, (key, documented)
        else:
            assert fact.default is None, (key, fact.default)


def test_documented_formats_and_allowed_values_match(
    ingress_rows: dict[str, list[str]], service_rows: dict[str, list[str]]
) -> None:
    for key, cells in (ingress_rows | service_rows).items():
        fact, documented = ANNOTATIONS[key], cells[0]
        if key in FORMAT_DIFFERS:
            assert fact.format == FORMAT_DIFFERS[key], key
        elif documented in FORMATS:
            assert fact.format == documented, key
        else:  # an enumeration such as internal | internet-facing, or port forms
            values = ALTERNATIVE.split(documented)
            assert fact.format == "string", key
            if "integer" not in values:
                assert set(fact.allowed) == set(values), (key, values)


def test_every_fact_is_well_formed() -> None:
    for key, fact in ANNOTATIONS.items():
        assert key == fact.key
        assert key.startswith((lbc.INGRESS_PREFIX, lbc.SERVICE_PREFIX)), key
        assert SOURCE.match(fact.source), (key, fact.source)
        assert fact.format in FORMATS, key
        assert fact.kinds, key
        version = VERSION.match(fact.since)
        assert version, (key, fact.since)
        assert (2, 0, 0) <= tuple(int(part) for part in version.groups()) <= (3, 5, 0), key
        if fact.allowed and fact.default is not None:
            assert fact.default in fact.allowed, key
        if fact.minimum is not None or fact.maximum is not None:
            assert fact.format == "integer", key
        if fact.format == "integer" and fact.default is not None:
            value = int(fact.default)
            assert fact.minimum is None or value >= fact.minimum, key
            assert fact.maximum is None or value <= fact.maximum, key


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [
        # pkg/ingress/model_builder.go (v3.5.0): the ALB target group's health check.
        ("healthcheck-interval-seconds", "15"),
        ("healthcheck-timeout-seconds", "5"),
        ("healthy-threshold-count", "2"),  # not AWS's own 5: the controller always sets it
        ("unhealthy-threshold-count", "2"),
        ("healthcheck-path", "/"),
        ("healthcheck-port", "traffic-port"),
        ("healthcheck-protocol", "HTTP"),
        ("success-codes", "200"),
        ("scheme", "internal"),
        ("target-type", "instance"),
        ("ssl-policy", "ELBSecurityPolicy-2016-08"),
    ],
)
def test_alb_defaults_read_in_the_code(suffix: str, expected: str) -> None:
    assert lbc.default(lbc.INGRESS_PREFIX + suffix) == expected


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [
        # pkg/service/model_builder.go (v3.5.0), externalTrafficPolicy Cluster.
        ("aws-load-balancer-healthcheck-interval", "10"),
        ("aws-load-balancer-healthcheck-timeout", "10"),
        ("aws-load-balancer-healthcheck-healthy-threshold", "3"),
        ("aws-load-balancer-healthcheck-unhealthy-threshold", "3"),
        ("aws-load-balancer-healthcheck-protocol", "TCP"),
        ("aws-load-balancer-healthcheck-path", "/"),
        ("aws-load-balancer-healthcheck-port", "traffic-port"),
        ("aws-load-balancer-healthcheck-success-codes", "200-399"),
        ("aws-load-balancer-scheme", "internal"),
    ],
)
def test_nlb_defaults_read_in_the_code(suffix: str, expected: str) -> None:
    assert lbc.default(lbc.SERVICE_PREFIX + suffix) == expected


def test_a_key_without_a_default_says_so() -> None:
    with pytest.raises(KeyError, match="has no default"):
        lbc.default("alb.ingress.kubernetes.io/group.name")


@pytest.mark.parametrize(
    ("key", "since"),
    [
        # First tag whose pkg/annotations/constants.go holds the key (git history).
        ("alb.ingress.kubernetes.io/group.name", "2.0.0"),
        ("alb.ingress.kubernetes.io/ssl-redirect", "2.2.0"),
        ("alb.ingress.kubernetes.io/wafv2-acl-name", "2.14.0"),
        ("alb.ingress.kubernetes.io/dry-run-plan", "3.4.0"),
        ("service.beta.kubernetes.io/aws-load-balancer-healthcheck-success-codes", "2.4.6"),
        ("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type", "2.2.0"),
    ],
)
def test_since_is_the_release_that_added_the_key(key: str, since: str) -> None:
    assert ANNOTATIONS[key].since == since


def test_dry_run_plan_is_a_real_annotation() -> None:
    """controllers/ingress/dryrun.go (v3.5.0) writes it; EKS027 must not call it unknown."""
    fact = lookup("alb.ingress.kubernetes.io/dry-run-plan")
    assert fact is not None and fact.kinds == {INGRESS}


def test_lookup_matches_families_and_nothing_else() -> None:
    assert lookup("alb.ingress.kubernetes.io/listener-attributes.HTTPS-443") is not None
    assert lookup("service.beta.kubernetes.io/actions.TCP-80") is not None
    assert lookup("alb.ingress.kubernetes.io/group-name") is None
    assert lookup("alb.ingress.kubernetes.io/actions.") is not None  # the family itself
    assert lookup("alb.ingress.kubernetes.io/healthcheck-path-extra") is None
