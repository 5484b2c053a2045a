"""The price table behind `eksgen plan`, and the plan of a region it has no price for.

Facts:

- The commercial AWS regions are those of the partition ``aws`` in botocore 1.43.11
  (botocore/data/endpoints.json): 34 regions, China (aws-cn), GovCloud (aws-us-gov), the
  ISO partitions and the European Sovereign Cloud (aws-eusc) being partitions of their own.
- The bundled figures come from AWS's ELB pricing data published 2025-06-05 (the table's
  ``source``); Asia Pacific (New Zealand), ap-southeast-6, opened after it and is not in it.
- us-east-1: ALB and NLB 0.0225 USD per hour, 0.008 USD per LCU-hour and 0.006 USD per
  NLCU-hour (aws.amazon.com/elasticloadbalancing/pricing/).
"""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from eksgen.cli.app import run
from eksgen.model.facts.vpc_cni import REGISTRIES
from eksgen.plan.pricing import HOURS_PER_MONTH, KINDS, Price, load_prices

COMMERCIAL_REGIONS = (
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
    "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
    "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
    "us-west-2",
)  # fmt: skip
# Regions the bundled table leaves out, and why: each is planned with its cost unknown.
KNOWN_GAPS = {
    "ap-southeast-6": "opened after the source was published (2025-06-05); no other source "
    "found gives its ELB prices",
}

APP = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: {name}
  namespace: web
spec:
  ports:
    - {{name: http, port: 80}}
  hosts: [{name}.example.com]
  exposure:
{exposure}
"""

CLUSTER = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata:
  name: prod
spec:
  region: {region}
  nodeGroups:
    - name: general
      instanceType: m6i.large
      desiredSize: 2
      maxSize: 4
      subnetCidrs: [10.0.1.0/24]
"""


def estate(folder: Path, region: str) -> Path:
    """Two Apps in one IngressGroup with the same order (a warning), an NLB, a Cluster."""
    folder.mkdir(exist_ok=True)
    group = "type: alb\nscheme: internet-facing\ngroup: {name: shared, order: 5}"
    for name, exposure in (("a", group), ("b", group), ("edge", "type: nlb")):
        text = APP.format(name=name, exposure=textwrap.indent(exposure, "    "))
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    (folder / "cluster.yaml").write_text(CLUSTER.format(region=region), encoding="utf-8")
    return folder


# ---- the bundled table -----------------------------------------------------------------


def test_every_commercial_region_has_both_kinds_with_usage_prices() -> None:
    table = load_prices()
    for region in COMMERCIAL_REGIONS:
        prices = [table.price(region, kind) for kind in KINDS]
        if region in KNOWN_GAPS:
            assert prices == [None, None], f"{region} is priced now: drop it from KNOWN_GAPS"
            continue
        for kind, price in zip(KINDS, prices, strict=True):
            assert price is not None, (region, kind)
            assert price.usage is not None, (region, kind)
    assert set(table.regions) == set(COMMERCIAL_REGIONS) - set(KNOWN_GAPS)


def test_commercial_regions_are_the_add_on_registry_regions_but_china_and_govcloud() -> None:
    # A second, independent list (the EKS user guide's add-on image registries) agrees.
    outside = {region for region in REGISTRIES if not region.startswith(("cn-", "us-gov-"))}
    assert outside == set(COMMERCIAL_REGIONS)
    assert len(COMMERCIAL_REGIONS) == 34


def test_the_anchors_of_us_east_1() -> None:
    table = load_prices()
    assert table.price("us-east-1", "alb") == Price(Decimal("0.0225"), Decimal("0.008"))
    assert table.price("us-east-1", "nlb") == Price(Decimal("0.0225"), Decimal("0.006"))


def test_figures_are_decimals_so_a_month_is_exact() -> None:
    table = load_prices()
    for _, _, price in table.prices:
        assert type(price.hourly) is Decimal and type(price.usage) is Decimal
    alb = table.price("us-east-1", "alb")
    assert alb is not None and HOURS_PER_MONTH == 730
    assert alb.monthly == Decimal("16.425")
    assert str(table.price("eu-west-2", "alb")) == "Price(hourly=Decimal('0.02646'), " + (
        "usage=Decimal('0.0084'))"
    )


# ---- a region without a price: the whole plan, the cost unknown, exit 0 -------------------


def test_plan_of_a_region_without_prices_is_complete_with_the_cost_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = estate(tmp_path, "ap-southeast-6")
    assert run(["plan", str(specs)]) == 0
    text = capsys.readouterr().out
    assert "Load balancers in ap-southeast-6 (cluster prod): 2" in text
    assert "ALB shared (IngressGroup): cost unknown (no alb price for ap-southeast-6)" in text
    assert "NLB web/edge (one Service): cost unknown (no nlb price for ap-southeast-6)" in text
    assert "listeners     HTTP:80" in text
    assert "IngressGroup conflicts: 0 error(s), 1 warning(s)" in text
    assert "a.example.com: ALIAS A + AAAA -> ALB shared" in text
    assert "edge.example.com: ALIAS A + AAAA -> NLB web/edge" in text
    assert "Monthly base cost: unknown for 2 load balancer(s)" in text
    assert "IngressGroups save $0.00 a month" not in text  # one ALB spared, price unknown
    assert (
        "Without IngressGroups: unknown for 3 load balancer(s); IngressGroups save an amount "
        "unknown without an ALB price"
    ) in text
    assert "Usage on top, by traffic: ALB price unknown; NLB price unknown" in text
    assert "note: no Application Load Balancer (alb) and Network Load Balancer (nlb) price" in text
    assert "give --prices FILE" in " ".join(text.split())
    assert "Pod IP headroom" in text and "node group general" in text


def test_json_plan_of_a_region_without_prices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = estate(tmp_path, "ap-southeast-6")
    assert run(["plan", str(specs), "--output", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [lb["name"] for lb in report["loadBalancers"]] == ["shared", "web/edge"]
    for lb in report["loadBalancers"]:
        assert (lb["hourlyUsd"], lb["monthlyUsd"], lb["usageUsd"]) == (None, None, None)
    assert [lb["usageUnit"] for lb in report["loadBalancers"]] == ["LCU-hour", "NLCU-hour"]
    cost = report["cost"]
    assert cost["monthlyUsd"] is None and cost["withoutGroups"]["monthlyUsd"] is None
    assert cost["savingMonthlyUsd"] is None
    assert cost["unpriced"] == ["alb", "nlb"]
    assert report["notes"][0].startswith("no Application Load Balancer (alb) and Network")
    assert '"ap-southeast-6": {"alb": <USD per hour>' in report["notes"][0]
    assert report["warningCount"] == 1 and len(report["conflicts"]) == 1
    assert [record["hostname"] for record in report["dnsRecords"]] == [
        "a.example.com",
        "b.example.com",
        "edge.example.com",
    ]
    assert report["nodeGroups"][0]["name"] == "general"


def test_a_price_file_without_the_region_plans_it_with_the_cost_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = estate(tmp_path / "specs", "eu-west-1")
    prices = tmp_path / "prices.json"
    table = {"source": "s", "retrieved": "r", "regions": {"us-east-1": {"alb": 0.03}}}
    prices.write_text(json.dumps(table), encoding="utf-8")
    assert run(["plan", str(specs), "--prices", str(prices), "--output", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["cost"]["unpriced"] == ["alb", "nlb"]
    assert report["cost"]["prices"]["origin"] == str(prices)
    assert (
        f"for region eu-west-1 in {prices}, so the cost is shown as unknown" in (report["notes"][0])
    )


def test_a_priced_region_shows_base_and_usage_prices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = estate(tmp_path, "sa-east-1")
    assert run(["plan", str(specs)]) == 0
    text = capsys.readouterr().out
    assert "ALB shared (IngressGroup): $24.82 a month + $0.011 per LCU-hour of usage" in text
    assert "NLB web/edge (one Service): $24.82 a month + $0.00825 per NLCU-hour of usage" in text
    assert "Monthly base cost: $49.64 for 2 load balancer(s)" in text
    assert "IngressGroups save $24.82 a month" in text
    assert "note: no " not in text


# ---- a bad price file: one located message, exit 2 ----------------------------------------


def test_a_bad_usage_price_in_a_price_file_is_a_located_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = estate(tmp_path / "specs", "us-east-1")
    prices = tmp_path / "prices.json"
    entry = {"alb": 0.0225, "alb_lcu": "0.008"}
    table = {"source": "s", "retrieved": "r", "regions": {"us-east-1": entry}}
    prices.write_text(json.dumps(table), encoding="utf-8")
    assert run(["plan", str(specs), "--prices", str(prices)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"eksgen: error: {prices}: regions.us-east-1.alb_lcu: expected a number of USD per "
        'LCU-hour, got "0.008"\n'
    )
