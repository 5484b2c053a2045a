"""`eksgen plan`'s engine: load balancers merged as the controller merges them, group
conflicts with file:line, ExternalDNS records, cost, and the price table."""

from __future__ import annotations

import json
import re
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from eksgen.api import check_paths
from eksgen.errors import UsageError
from eksgen.plan.build import Plan, build_plan
from eksgen.plan.json_model import json_keys_doc, plan_dict
from eksgen.plan.pricing import HOURS_PER_MONTH, Price, load_prices
from eksgen.plan.report import json_report, text_report

APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: {name}
  namespace: {namespace}
spec:
  ports:
    - name: http
      port: 80
      targetPort: 8080
  exposure:
{exposure}
{extra}"""

CLUSTER = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata:
  name: prod
spec:
  region: {region}
"""

ALB_MONTH = Decimal("0.0225") * 730  # us-east-1, bundled table
GROUP_G = "type: alb\nscheme: internet-facing\ngroup:\n  name: g"


def write(
    folder: Path, file: str, name: str, exposure: str, extra: str = "", namespace: str = "web"
) -> Path:
    """An App spec; one host of its own unless extra gives hosts, so routes do not clash."""
    extra = textwrap.dedent(extra)
    if "hosts:" not in extra and "type: none" not in exposure:
        extra += f"hosts: [{name}.example.com]\n"
    text = APP.format(
        name=name,
        namespace=namespace,
        exposure=textwrap.indent(exposure, "    "),
        extra=textwrap.indent(extra, "  "),
    )
    path = folder / file
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def plan_of(*paths: Path, prices: Path | None = None) -> Plan:
    result = check_paths([str(path) for path in paths])
    # The plan's own subjects (group conflicts, shared hosts) and regions moved by the tests.
    errors = [p for p in result.errors if p.rule not in {"EKS116", "EKS201", "EKS203"}]
    assert not errors, [str(problem) for problem in errors]
    return build_plan(result.apps, result.clusters, load_prices(prices))


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    """Three Apps in IngressGroup 'shared', one Ingress alone, one NLB."""
    write(
        tmp_path,
        "store.yaml",
        "store",
        GROUP_G.replace("name: g", "name: shared\n  order: 10"),
        """\
        hosts: [store.example.com]
        tls:
          certificateArns: ["arn:aws:acm:us-east-1:111122223333:certificate/a"]
        """,
    )
    write(
        tmp_path,
        "api.yaml",
        "api",
        GROUP_G.replace("name: g", "name: shared\n  order: -5"),
        """\
        hosts: [api.example.com]
        routes:
          - path: /v1
        tls:
          certificateArns:
            - "arn:aws:acm:us-east-1:111122223333:certificate/b"
            - "arn:aws:acm:us-east-1:111122223333:certificate/a"
        """,
    )
    write(
        tmp_path,
        "status.yaml",
        "status",
        GROUP_G.replace("name: g", "name: shared"),
        """\
        hosts: [status.example.com]
        tls:
          certificateArns: ["arn:aws:acm:us-east-1:111122223333:certificate/c"]
        dns:
          ttl: 60
        """,
        namespace="ops",
    )
    write(
        tmp_path,
        "reports.yaml",
        "reports",
        "type: alb\nscheme: internal",
        "hosts: [reports.internal.example.com]\n",
        namespace="internal",
    )
    nlb = APP.format(
        name="edge",
        namespace="edge",
        exposure="    type: nlb\n    scheme: internet-facing\n    loadBalancerName: edge-nlb",
        extra="",
    ).replace(
        "    - name: http\n      port: 80\n      targetPort: 8080\n",
        "    - {name: https, port: 443, targetPort: 8443}\n"
        "    - {name: dns, port: 53, protocol: UDP}\n",
    )
    nlb += (
        "  hosts: [edge.example.com]\n"
        "  tls:\n"
        '    certificateArns: ["arn:aws:acm:us-east-1:111122223333:certificate/e"]\n'
    )
    (tmp_path / "edge.yaml").write_text(nlb, encoding="utf-8")
    return tmp_path


# ---- load balancers --------------------------------------------------------------------


def test_one_alb_per_group_one_per_lone_ingress_one_per_nlb(estate: Path) -> None:
    plan = plan_of(estate)
    assert [(lb.kind, lb.name, lb.group) for lb in plan.load_balancers] == [
        ("alb", "internal/reports", None),
        ("alb", "shared", "shared"),
        ("nlb", "edge/edge", None),
    ]
    assert plan.region == "us-east-1"
    assert plan.region_source == "default (no Cluster spec)"
    assert plan.conflicts == ()


def test_group_members_follow_group_order_then_namespace_and_name(estate: Path) -> None:
    shared = next(lb for lb in plan_of(estate).load_balancers if lb.name == "shared")
    assert shared.members == ("web/api", "ops/status", "web/store")


def test_order_ties_break_on_the_namespace_slash_name_text(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "x", GROUP_G, "hosts: [a.example.com]\n", namespace="team")
    write(tmp_path, "b.yaml", "x", GROUP_G, "hosts: [b.example.com]\n", namespace="team-a")
    (shared,) = plan_of(tmp_path).load_balancers
    assert shared.members == ("team-a/x", "team/x")  # '-' sorts before '/'


def test_group_merges_listeners_hostnames_and_certificates(estate: Path) -> None:
    shared = next(lb for lb in plan_of(estate).load_balancers if lb.name == "shared")
    listeners = [(li.protocol, li.port, li.ssl_policy, li.redirect_to) for li in shared.listeners]
    assert listeners == [
        ("HTTP", 80, None, 443),
        ("HTTPS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06", None),
    ]
    assert shared.hostnames == ("api.example.com", "status.example.com", "store.example.com")
    arn = "arn:aws:acm:us-east-1:111122223333:certificate/"
    # Member order (api, status, store), each member's own order, repeats dropped:
    # the first certificate of the first member is the ALB's default certificate.
    assert shared.certificates == (arn + "b", arn + "a", arn + "c")
    assert shared.scheme == "internet-facing"


def test_lone_ingress_and_nlb_listeners(estate: Path) -> None:
    balancers = {lb.name: lb for lb in plan_of(estate).load_balancers}
    assert [(li.protocol, li.port) for li in balancers["internal/reports"].listeners] == [
        ("HTTP", 80)
    ]
    assert balancers["internal/reports"].scheme == "internal"
    edge = balancers["edge/edge"]
    assert [(li.protocol, li.port, li.ssl_policy) for li in edge.listeners] == [
        ("UDP", 53, None),
        ("TLS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06"),
    ]
    assert edge.load_balancer_name == "edge-nlb"
    assert edge.certificates == ("arn:aws:acm:us-east-1:111122223333:certificate/e",)


# ---- cost ------------------------------------------------------------------------------


def test_cost_is_hourly_price_times_730_and_grouping_saves(estate: Path) -> None:
    cost = plan_of(estate).cost
    assert HOURS_PER_MONTH == 730
    assert Decimal("16.425") == ALB_MONTH
    assert cost.load_balancer_count == 3
    assert cost.monthly_usd == 3 * ALB_MONTH  # the NLB costs the same as an ALB in us-east-1
    # Without IngressGroups: 4 alb Apps, 4 ALBs, plus the NLB.
    assert cost.ungrouped_count == 5
    assert cost.ungrouped_monthly_usd == 5 * ALB_MONTH
    assert cost.saving_monthly_usd == 2 * ALB_MONTH == Decimal("32.85")


def test_region_comes_from_the_cluster(estate: Path) -> None:
    (estate / "cluster.yaml").write_text(CLUSTER.format(region="eu-west-2"), encoding="utf-8")
    plan = plan_of(estate)
    assert plan.region == "eu-west-2"
    assert plan.region_source == "cluster prod"
    assert {lb.region for lb in plan.load_balancers} == {"eu-west-2"}
    assert plan.cost.monthly_usd == 3 * Decimal("0.02646") * 730


def test_price_file_overrides_the_bundled_table(
    estate: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    prices = tmp_path_factory.mktemp("prices") / "prices.json"
    table = {
        "source": "negotiated rates",
        "retrieved": "2026-01-01",
        "regions": {"us-east-1": {"alb": 0.03, "nlb": 0.05}},
    }
    prices.write_text(json.dumps(table), encoding="utf-8")
    plan = plan_of(estate, prices=prices)
    assert plan.cost.monthly_usd == 2 * Decimal("0.03") * 730 + Decimal("0.05") * 730
    assert plan.cost.ungrouped_monthly_usd == 4 * Decimal("0.03") * 730 + Decimal("0.05") * 730
    assert plan.cost.prices.origin == str(prices)
    assert plan_dict(plan)["cost"]["prices"]["source"] == "negotiated rates"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"retrieved": "x", "regions": {"us-east-1": {"alb": 0.02}}}', "source: required"),
        ('{"source": "s", "retrieved": "x", "regions": {}}', "regions: expected an object"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"alb": -1}}}',
         "regions.us-east-1.alb: -1 is not a plausible hourly price"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"alb": "0.02"}}}',
         "regions.us-east-1.alb: expected a number"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"alb": true}}}',
         "regions.us-east-1.alb: expected a number"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"elb": 0.02}}}',
         "regions.us-east-1.elb: unknown key"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {}}}',
         "regions.us-east-1: needs an 'alb' or 'nlb' price"),
        ('{"source": "s", "retrieved": "x", "regions": {"Virginia": {"alb": 0.02}}}',
         "regions.Virginia: not an AWS region name"),
        ('{"source": "s", "retrieved": "x", "currency": "EUR", "regions": {"us-east-1": {"alb": 1}}}',
         "currency: only USD"),
        ('{"source": "s", "retrieved": "x", "region": {}}', "region: unknown key"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"alb_lcu": 0.008}}}',
         "regions.us-east-1: needs an 'alb' or 'nlb' price"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"nlb": 0.02, "alb_lcu": 0.008}}}',
         "regions.us-east-1.alb_lcu: a usage price needs the hourly 'alb' price beside it"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"alb": 0.02, "alb_lcu": 0}}}',
         "regions.us-east-1.alb_lcu: 0 is not a plausible LCU-hour price"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"nlb": 0.02, "nlb_nlcu": "x"}}}',
         "regions.us-east-1.nlb_nlcu: expected a number of USD per NLCU-hour"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"nlb": 0.02, "nlb_lcu": 0.006}}}',
         "regions.us-east-1.nlb_lcu: unknown key; expected one of alb, alb_lcu, evidence, nlb, nlb_nlcu"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"alb": 0.02, "evidence": {"nlb": "bill"}}}}',
         "regions.us-east-1.evidence.nlb: evidence for a price the region does not give"),
        ('{"source": "s", "retrieved": "x", "regions": {"us-east-1": {"alb": 0.02, "evidence": {"lcu": "bill"}}}}',
         "regions.us-east-1.evidence.lcu: unknown key"),
        ('{"source": "s", "retrieved": "x", "coverage": 34, "regions": {"us-east-1": {"alb": 0.02}}}',
         "coverage: expected a text, got 34"),
    ],
)  # fmt: skip
def test_bad_price_file_fails_clearly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "prices.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        load_prices(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_missing_price_file_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read the price file"):
        load_prices(tmp_path / "absent.json")


def test_region_without_prices_keeps_the_plan_and_leaves_the_cost_unknown(
    estate: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    prices = tmp_path_factory.mktemp("prices") / "prices.json"
    table = {"source": "s", "retrieved": "r", "regions": {"us-east-1": {"alb": 0.0225}}}
    prices.write_text(json.dumps(table), encoding="utf-8")
    (estate / "cluster.yaml").write_text(CLUSTER.format(region="eu-north-1"), encoding="utf-8")
    plan = plan_of(estate, prices=prices)
    assert [lb.name for lb in plan.load_balancers] == ["internal/reports", "shared", "edge/edge"]
    assert {lb.monthly_usd for lb in plan.load_balancers} == {None}
    cost = plan.cost
    assert (cost.monthly_usd, cost.ungrouped_monthly_usd, cost.saving_monthly_usd) == (None,) * 3
    assert cost.unpriced == ("alb", "nlb")
    assert plan.notes[0].startswith(
        "no Application Load Balancer (alb) and Network Load Balancer (nlb) price for region "
        f"eu-north-1 in {prices}, so the cost is shown as unknown. To add prices, give --prices FILE"
    )
    assert '"eu-north-1": {"alb": <USD per hour>, "alb_lcu": <USD per LCU-hour>' in plan.notes[0]


def test_a_kind_without_a_price_leaves_only_its_own_cost_unknown(
    estate: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    prices = tmp_path_factory.mktemp("prices") / "prices.json"
    table = {"source": "s", "retrieved": "r", "regions": {"us-east-1": {"alb": 0.0225}}}
    prices.write_text(json.dumps(table), encoding="utf-8")
    plan = plan_of(estate, prices=prices)
    by_kind = {lb.kind: lb for lb in plan.load_balancers}
    assert by_kind["alb"].monthly_usd == ALB_MONTH and by_kind["alb"].usage_usd is None
    assert by_kind["nlb"].monthly_usd is None and by_kind["nlb"].hourly_usd is None
    assert plan.cost.monthly_usd is None and plan.cost.ungrouped_monthly_usd is None
    # The NLB is there with or without groups: the two spared ALBs are the saving.
    assert plan.cost.saving_monthly_usd == 2 * ALB_MONTH
    assert plan.cost.unpriced == ("nlb",)
    assert "no Network Load Balancer (nlb) price for region us-east-1" in plan.notes[0]
    text = text_report(plan)
    assert "NLB edge/edge (one Service): cost unknown (no nlb price for us-east-1)" in text
    assert "Monthly base cost: unknown for 3 load balancer(s)" in text
    assert "IngressGroups save $32.85 a month" in text
    assert "Usage on top, by traffic: ALB price unknown; NLB price unknown" in text


def test_no_load_balancers_needs_no_price(tmp_path: Path) -> None:
    write(tmp_path, "internal.yaml", "internal", "type: none")
    (tmp_path / "cluster.yaml").write_text(CLUSTER.format(region="eu-north-1"), encoding="utf-8")
    plan = plan_of(tmp_path)
    assert plan.load_balancers == ()
    assert plan.cost.monthly_usd == plan.cost.saving_monthly_usd == 0


def test_bundled_table_has_provenance_and_plausible_prices() -> None:
    data = json.loads(
        Path(__file__).parents[1].joinpath("generator/eksgen/data/lb-prices.json").read_text()
    )
    assert data["source"] and data["retrieved"]
    assert "LCU" in data["description"]
    table = load_prices()
    alb, nlb = table.price("us-east-1", "alb"), table.price("us-east-1", "nlb")
    assert alb == Price(Decimal("0.0225"), Decimal("0.008"))
    assert nlb == Price(Decimal("0.0225"), Decimal("0.006"))
    for region, entry in data["regions"].items():
        for key in ("alb", "alb_lcu", "nlb", "nlb_nlcu"):
            if key in entry:
                assert "rate code" in entry["evidence"][key], (region, key)
        for kind in ("alb", "nlb"):
            price = table.price(region, kind)
            if price is not None:
                assert Decimal("0.02") <= price.hourly <= Decimal("0.04"), (region, kind)
                assert price.usage is not None
                assert Decimal("0.005") <= price.usage <= Decimal("0.012"), (region, kind)


# ---- DNS -------------------------------------------------------------------------------


def test_dns_records_for_published_hosts(estate: Path) -> None:
    write(
        estate,
        "quiet.yaml",
        "quiet",
        "type: alb",
        "hosts: [quiet.example.com]\ndns:\n  enabled: false\n",
    )
    records = {record.hostname: record for record in plan_of(estate).dns_records}
    assert sorted(records) == [
        "api.example.com",
        "edge.example.com",
        "reports.internal.example.com",
        "status.example.com",
        "store.example.com",
    ]
    status = records["status.example.com"]
    assert status.record_types == ("A", "AAAA")
    assert (status.load_balancer, status.load_balancer_kind) == ("shared", "alb")
    assert status.apps == ("ops/status",)
    assert status.txt_records == ("a-status.example.com", "aaaa-status.example.com")
    assert status.ttl == 60
    edge = records["edge.example.com"]
    assert (edge.load_balancer, edge.load_balancer_kind) == ("edge/edge", "nlb")
    assert any("Service status" in note for note in edge.notes)
    as_json = next(
        r for r in plan_dict(plan_of(estate))["dnsRecords"] if r["hostname"] == "status.example.com"
    )
    assert as_json["alias"] is True
    assert "ignored" in as_json["ttlNote"]


def test_one_host_on_two_load_balancers_is_noted(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "a", "type: alb", "hosts: [same.example.com]\n")
    write(tmp_path, "b.yaml", "b", "type: alb", "hosts: [same.example.com]\n")
    records = plan_of(tmp_path).dns_records
    assert [record.load_balancer for record in records] == ["web/a", "web/b"]
    assert all("one name can alias only one target" in record.notes[0] for record in records)


# ---- conflicts -------------------------------------------------------------------------


def only_conflict(plan: Plan, setting: str) -> Any:
    found = [conflict for conflict in plan.conflicts if conflict.setting == setting]
    assert len(found) == 1, [c.setting for c in plan.conflicts]
    return found[0]


def assert_sides(conflict: Any, expected: list[tuple[str, Path, int]]) -> None:
    """Each member named with its file and the line of the value."""
    assert [(side.app, side.file, side.line) for side in conflict.members] == [
        (app, str(path), line) for app, path, line in expected
    ]
    text = text_report_of_conflict(conflict)
    for _, path, line in expected:
        assert f"{path}:{line}:" in text


def text_report_of_conflict(conflict: Any) -> str:
    return "\n".join(
        f"{side.file}:{side.line}:{side.column}: {side.app}" for side in conflict.members
    )


def test_different_schemes(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "a", GROUP_G)
    b = write(tmp_path, "b.yaml", "b", GROUP_G.replace("internet-facing", "internal"))
    conflict = only_conflict(plan_of(tmp_path), "scheme")
    assert conflict.severity.value == "error"
    assert conflict.group == "g"
    assert "conflicting scheme" in conflict.message
    assert_sides(
        conflict, [("web/a", a, line_of(a, "scheme:")), ("web/b", b, line_of(b, "scheme:"))]
    )
    assert [side.value for side in conflict.members] == ["internet-facing", "internal"]


def test_different_subnets_but_not_a_different_order(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "a", GROUP_G + "\nsubnets: [subnet-1, subnet-2]")
    write(tmp_path, "b.yaml", "b", GROUP_G + "\nsubnets: [subnet-2, subnet-1]")
    write(tmp_path, "c.yaml", "c", GROUP_G)  # no subnets: takes the group's
    assert plan_of(tmp_path).conflicts == ()
    d = write(tmp_path, "d.yaml", "d", GROUP_G + "\nsubnets: [subnet-3, subnet-4]")
    conflict = only_conflict(plan_of(tmp_path), "subnets")
    assert [side.app for side in conflict.members] == ["web/a", "web/b", "web/d"]
    assert conflict.members[0].line == line_of(a, "subnets:")
    assert conflict.members[2].file == str(d)
    assert conflict.members[2].value == "subnet-3,subnet-4"


def test_redirect_on_one_member_drops_an_http_only_member(tmp_path: Path) -> None:
    tls = 'tls:\n  certificateArns: ["arn:aws:acm:us-east-1:111122223333:certificate/a"]\n'
    a = write(tmp_path, "a.yaml", "a", GROUP_G, tls)
    b = write(tmp_path, "b.yaml", "b", GROUP_G)
    conflict = only_conflict(plan_of(tmp_path), "ssl-redirect")
    assert conflict.severity.value == "error"
    assert "web/b" in conflict.message and "never served" in conflict.message
    assert_sides(
        conflict, [("web/a", a, line_of(a, "tls:")), ("web/b", b, line_of(b, "type: alb"))]
    )


def test_redirect_with_an_https_only_member_is_fine(tmp_path: Path) -> None:
    tls = 'tls:\n  certificateArns: ["arn:aws:acm:us-east-1:111122223333:certificate/a"]\n'
    write(tmp_path, "a.yaml", "a", GROUP_G, tls)
    write(tmp_path, "b.yaml", "b", GROUP_G, tls + "  redirectHttp: false\n")
    assert plan_of(tmp_path).conflicts == ()


def test_different_ssl_policies_on_the_same_https_port(tmp_path: Path) -> None:
    tls = 'tls:\n  certificateArns: ["arn:aws:acm:us-east-1:111122223333:certificate/a"]\n'
    a = write(tmp_path, "a.yaml", "a", GROUP_G, tls)
    b = write(
        tmp_path, "b.yaml", "b", GROUP_G, tls + "  policy: ELBSecurityPolicy-TLS13-1-3-2021-06\n"
    )
    conflict = only_conflict(plan_of(tmp_path), "ssl-policy HTTPS:443")
    assert "conflicting sslPolicy" in conflict.message
    # a leaves the policy to eksgen's default: pointed at its tls block.
    assert_sides(conflict, [("web/a", a, line_of(a, "tls:")), ("web/b", b, line_of(b, "policy:"))])


def test_different_load_balancer_names(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "a", GROUP_G + "\nloadBalancerName: shop-a")
    b = write(tmp_path, "b.yaml", "b", GROUP_G + "\nloadBalancerName: shop-b")
    conflict = only_conflict(plan_of(tmp_path), "load-balancer-name")
    assert_sides(conflict, [("web/a", a, line_of(a, "shop-a")), ("web/b", b, line_of(b, "shop-b"))])


def test_conflicting_attribute_values_for_the_same_key(tmp_path: Path) -> None:
    attributes = '\nattributes:\n  loadBalancer:\n    idle_timeout.timeout_seconds: "{}"'
    a = write(tmp_path, "a.yaml", "a", GROUP_G + attributes.format(60))
    b = write(tmp_path, "b.yaml", "b", GROUP_G + attributes.format(120))
    write(
        tmp_path,
        "c.yaml",
        "c",
        GROUP_G + '\nattributes:\n  loadBalancer:\n    deletion_protection.enabled: "true"',
    )
    conflict = only_conflict(
        plan_of(tmp_path), "load-balancer-attributes idle_timeout.timeout_seconds"
    )
    assert_sides(
        conflict,
        [("web/a", a, line_of(a, "idle_timeout")), ("web/b", b, line_of(b, "idle_timeout"))],
    )
    assert len(plan_of(tmp_path).conflicts) == 1  # different keys do not conflict


def test_different_source_ranges_on_the_same_listen_port(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "a", GROUP_G + "\nsourceRanges: [10.0.0.0/8]")
    b = write(tmp_path, "b.yaml", "b", GROUP_G + "\nsourceRanges: [192.168.0.0/16]")
    conflict = only_conflict(plan_of(tmp_path), "inbound-cidrs HTTP:80")
    assert conflict.severity.value == "error"
    assert "conflicting inbound-cidrs" in conflict.message
    assert_sides(
        conflict,
        [("web/a", a, line_of(a, "sourceRanges")), ("web/b", b, line_of(b, "sourceRanges"))],
    )


def test_source_ranges_on_one_member_restrict_the_others(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "a", GROUP_G + "\nsourceRanges: [10.0.0.0/8]")
    b = write(tmp_path, "b.yaml", "b", GROUP_G)
    conflict = only_conflict(plan_of(tmp_path), "inbound-cidrs HTTP:80")
    assert conflict.severity.value == "warning"
    assert "web/b also become reachable only from them" in conflict.message
    assert_sides(
        conflict, [("web/a", a, line_of(a, "sourceRanges")), ("web/b", b, line_of(b, "exposure:"))]
    )


def test_source_ranges_on_different_ports_do_not_conflict(tmp_path: Path) -> None:
    tls = 'tls:\n  certificateArns: ["arn:aws:acm:us-east-1:111122223333:certificate/a"]\n  redirectHttp: false\n'
    write(tmp_path, "a.yaml", "a", GROUP_G + "\nsourceRanges: [10.0.0.0/8]")  # HTTP:80
    write(tmp_path, "b.yaml", "b", GROUP_G + "\nsourceRanges: [192.168.0.0/16]", tls)  # HTTPS:443
    assert plan_of(tmp_path).conflicts == ()


def test_duplicate_group_order_is_a_warning(tmp_path: Path) -> None:
    order = GROUP_G + "\n  order: 7"
    b = write(tmp_path, "b.yaml", "b", order, "hosts: [b.example.com]\n")
    a = write(tmp_path, "a.yaml", "a", order, "hosts: [a.example.com]\n")
    plan = plan_of(tmp_path)
    conflict = only_conflict(plan, "group.order")
    assert conflict.severity.value == "warning"
    assert plan.errors == () and plan.warnings == (conflict,)
    assert "web/a's rules are evaluated first" in conflict.message
    assert_sides(conflict, [("web/a", a, line_of(a, "order:")), ("web/b", b, line_of(b, "order:"))])


def test_same_host_and_path_routed_by_two_members(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "a", GROUP_G + "\n  order: 1", "hosts: [shop.example.com]\n")
    b = write(
        tmp_path,
        "b.yaml",
        "b",
        GROUP_G,
        "hosts: [shop.example.com]\nroutes:\n  - path: /\n  - path: /b\n",
    )
    conflict = only_conflict(plan_of(tmp_path), "route shop.example.com/")
    assert conflict.severity.value == "error"
    # b has no group.order (0), a has 1: b's rules come first and take the traffic.
    assert "web/b receives this traffic and web/a never do" in conflict.message
    assert_sides(
        conflict,
        [("web/b", b, line_of(b, "- path: /")), ("web/a", a, line_of(a, "hosts:"))],
    )


def test_hostless_members_routing_the_same_path(tmp_path: Path) -> None:
    for name, order in (("a", 1), ("b", 2)):
        exposure = textwrap.indent(f"{GROUP_G}\n  order: {order}", "    ")
        text = APP.format(name=name, namespace="web", exposure=exposure, extra="")
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    conflict = only_conflict(plan_of(tmp_path), "route / (any host)")
    assert "web/a receives this traffic and web/b never do" in conflict.message
    assert [side.field for side in conflict.members] == ["spec.exposure.type"] * 2


def test_lone_ingresses_never_conflict(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "a", "type: alb\nscheme: internet-facing", "hosts: [x.example.com]\n")
    write(tmp_path, "b.yaml", "b", "type: alb\nscheme: internal", "hosts: [x.example.com]\n")
    plan = plan_of(tmp_path)
    assert plan.conflicts == ()
    assert len(plan.load_balancers) == 2


def test_conflicts_in_text_and_json_reports(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "a", GROUP_G)
    b = write(tmp_path, "b.yaml", "b", GROUP_G.replace("internet-facing", "internal"))
    plan = plan_of(tmp_path)
    text = text_report(plan)
    assert "error: group g: scheme: members ask for different schemes" in text
    assert f"{a}:{line_of(a, 'scheme:')}:" in text
    assert f"{b}:{line_of(b, 'scheme:')}:" in text
    data = json.loads(json_report(plan))
    assert data["errorCount"] == 1
    assert data["conflicts"][0]["members"][1] == {
        "app": "web/b",
        "file": str(b),
        "line": line_of(b, "scheme:"),
        "column": 13,
        "field": "spec.exposure.scheme",
        "value": "internal",
    }


# ---- reports ---------------------------------------------------------------------------


def keys_of(data: Any, prefix: str = "") -> set[str]:
    """Every key path in the JSON, lists written as []."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else key
            found |= {path} | keys_of(value, path)
    elif isinstance(data, list):
        for item in data:
            found |= keys_of(item, prefix + "[]")
    return found


def test_json_keys_are_camel_case_parseable_and_documented(estate: Path) -> None:
    write(
        estate,
        "x.yaml",
        "x",
        "type: alb\nscheme: internet-facing\ngroup:\n  name: shared\n  order: 10",
    )
    report = json_report(plan_of(estate))
    assert report.endswith("}\n")
    data = json.loads(report)
    keys = keys_of(data)
    leaves = {key.rsplit(".", 1)[-1].removesuffix("[]") for key in keys}
    assert all(re.fullmatch(r"[a-z][a-zA-Z0-9]*", leaf) for leaf in leaves), leaves
    documented = set(re.findall(r"^\| `([^`]+)` \|", json_keys_doc(), re.MULTILINE))
    # Every key path in the output is documented (list containers may be documented as x[]).
    assert {key.removesuffix("[]") for key in keys} <= {
        key.removesuffix("[]") for key in documented
    }
    assert data["cost"]["monthlyUsd"] == pytest.approx(3 * 16.425)
    assert data["cost"]["savingMonthlyUsd"] == pytest.approx(3 * 16.425)
    assert data["loadBalancers"][1]["defaultCertificate"].endswith("certificate/b")


def test_reports_are_deterministic(estate: Path) -> None:
    result = check_paths([str(estate)])
    prices = load_prices()
    forward = build_plan(result.apps, result.clusters, prices)
    backward = build_plan(list(reversed(result.apps)), result.clusters, prices)
    assert text_report(forward) == text_report(backward) == text_report(plan_of(estate))
    assert json_report(forward) == json_report(backward)


def test_text_report_shows_everything_at_120_columns(estate: Path) -> None:
    text = text_report(plan_of(estate))
    assert all(len(line) <= 120 for line in text.splitlines())
    assert "\x1b" not in text
    assert "ALB shared (IngressGroup): $16.43 a month" in text
    assert "HTTP:80 -> redirect to HTTPS:443" in text
    assert "arn:aws:acm:us-east-1:111122223333:certificate/b (default)" in text
    assert "status.example.com: ALIAS A + AAAA -> ALB shared" in text
    assert "aaaa-status.example.com" in text
    assert "Monthly base cost: $49.28 for 3 load balancer(s)" in text
    assert "Without IngressGroups: $82.13 for 5 load balancer(s); IngressGroups save $32.85" in text
    assert "ALB shared (IngressGroup): $16.43 a month + $0.008 per LCU-hour of usage" in text
    assert "NLB edge/edge (one Service): $16.43 a month + $0.006 per NLCU-hour of usage" in text
    assert "Usage on top, by traffic: ALB $0.008 per LCU-hour; NLB $0.006 per NLCU-hour" in text
    assert "Usage is charged on top per LCU-hour (ALB) or NLCU-hour" in text


def test_plan_command_on_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import EXAMPLES
    from eksgen.cli.app import run

    assert run(["plan", str(EXAMPLES), "--output", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["region"] == "us-east-1"
    assert [lb["name"] for lb in report["loadBalancers"]] == [
        "edge/partner-orders",
        "internal-shared",
        "internal-tools/portal",
        "internal-tools/reports",
        "shared-alb",
        "shop/checkout",
        "shop/inventory",
        "shop/storefront",
        "edge/partner-api",
        "infra/resolver",
        "production/my-app",
    ]
    (group,) = report["nodeGroups"]
    assert group["name"] == "general" and group["capacity"]["maxPods"] == 110
    assert run(["plan", str(EXAMPLES)]) == 0
    text = capsys.readouterr().out
    assert "Monthly base cost: $180.68 for 11 load balancer(s)" in text
    assert "node group general: 3 nodes desired, 10 max" in text


def test_plan_command_fails_on_a_broken_group(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eksgen.cli.app import run

    for name, scheme in (("a", "internal"), ("b", "internet-facing")):
        (tmp_path / f"{name}.yaml").write_text(
            "apiVersion: eksgen.dev/v1alpha1\nkind: App\n"
            f"metadata: {{name: {name}}}\nspec:\n  ports: [{{port: 80}}]\n"
            f"  exposure: {{type: alb, scheme: {scheme}, group: {{name: shared}}}}\n"
        )
    assert run(["plan", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "a.yaml:6" in out and "b.yaml:6" in out
