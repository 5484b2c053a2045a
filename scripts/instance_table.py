#!/usr/bin/env python3
"""Regenerate eksgen's instance-type table (generator/eksgen/data/instance-types.tsv).

Two sources:

  # from EC2 itself (new instance types): keeps trunk/branch figures already in the table,
  # which EC2 does not publish (they come from the VPC resource controller's limits)
  aws ec2 describe-instance-types --output json > types.json   # per region; merge several
  python scripts/instance_table.py --describe types.json [--describe more.json]

  # from a CSV with the columns of the network-limits table (instance_type, max_enis,
  # ipv4_per_eni, hypervisor, bare_metal, trunk_compatible, branch_interfaces, vcpus)
  python scripts/instance_table.py --csv ec2-network-limits.csv

ENIs are those of the default network card (what the VPC CNI and the max-pods formula use).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

TABLE = (
    Path(__file__).resolve().parent.parent / "generator" / "eksgen" / "data" / "instance-types.tsv"
)
COLUMNS = ("type", "enis", "ipv4_per_eni", "hypervisor", "bare_metal", "vcpus", "trunk", "branch")


def from_csv(path: Path) -> dict[str, dict[str, str]]:
    rows = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["instance_type"]] = {
                "type": row["instance_type"],
                "enis": row["max_enis"],
                "ipv4_per_eni": row["ipv4_per_eni"],
                "hypervisor": row["hypervisor"] or "-",
                "bare_metal": "yes" if row["bare_metal"] == "true" else "no",
                "vcpus": row["vcpus"] or "-",
                "trunk": {"true": "yes", "false": "no"}.get(row["trunk_compatible"], "-"),
                "branch": row["branch_interfaces"] or "-",
            }
    return rows


def from_describe(
    paths: list[Path], current: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    rows = dict(current)
    for path in paths:
        for item in json.loads(path.read_text())["InstanceTypes"]:
            network = item["NetworkInfo"]
            default_card = network.get("DefaultNetworkCardIndex", 0)
            cards = {card["NetworkCardIndex"]: card for card in network.get("NetworkCards", [])}
            enis = cards.get(default_card, {}).get(
                "MaximumNetworkInterfaces", network["MaximumNetworkInterfaces"]
            )
            known = current.get(item["InstanceType"], {})
            rows[item["InstanceType"]] = {
                "type": item["InstanceType"],
                "enis": str(enis),
                "ipv4_per_eni": str(network["Ipv4AddressesPerInterface"]),
                "hypervisor": item.get("Hypervisor") or "-",
                "bare_metal": "yes" if item.get("BareMetal") else "no",
                "vcpus": str(item.get("VCpuInfo", {}).get("DefaultVCpus", "-")),
                "trunk": known.get("trunk", "-"),
                "branch": known.get("branch", "-"),
            }
    return rows


def read_table(table: Path) -> dict[str, dict[str, str]]:
    if not table.exists():
        return {}
    lines = [line for line in table.read_text().splitlines() if not line.startswith("#")]
    header, *body = lines
    rows = (line.split("\t") for line in body)
    return {row[0]: dict(zip(header.split("\t"), row, strict=True)) for row in rows}


def write_table(rows: dict[str, dict[str, str]], source: str, table: Path) -> None:
    header = [
        "# EC2 network limits per instance type, for eksgen's pod-IP capacity planner.",
        "# Public AWS figures (facts). Regenerate with scripts/instance_table.py.",
        f"# Source: {source}; written {date.today().isoformat()}.",
        "# enis: ENIs on the default network card; ipv4_per_eni includes each ENI's primary",
        "# address; hypervisor nitro|xen|- (unknown, e.g. bare metal); trunk/branch: security",
        "# groups for pods (VPC resource controller limits), - when unknown.",
        "\t".join(COLUMNS),
    ]
    body = ["\t".join(rows[name][column] for column in COLUMNS) for name in sorted(rows)]
    table.write_text("\n".join(header + body) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--csv", type=Path, help="a network-limits CSV")
    group.add_argument(
        "--describe", type=Path, action="append", help="describe-instance-types JSON"
    )
    parser.add_argument("--source", help="provenance text for the header")
    parser.add_argument("--table", type=Path, default=TABLE, help="the table file to write")
    args = parser.parse_args()
    if args.csv:
        rows = from_csv(args.csv)
        source = args.source or f"network-limits CSV {args.csv.name}"
    else:
        rows = from_describe(args.describe, read_table(args.table))
        source = args.source or "aws ec2 describe-instance-types"
    write_table(rows, source, args.table)
    print(f"wrote {len(rows)} instance types to {args.table}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
