"""Pod capacity per instance type and subnet planning per node group."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, shared_file
from eksgen.capacity.instances import lookup, table
from eksgen.capacity.maxpods import Settings, capacity
from eksgen.capacity.subnets import WarmPool, plan_node_group
from eksgen.cli.app import run
from eksgen.model.cluster import NodeGroup

PD = Settings(prefix_delegation=True)
CN = Settings(custom_networking=True)
CN_PD = Settings(prefix_delegation=True, custom_networking=True)


def _csv_rows() -> list[dict[str, str]]:
    with shared_file("data", "ec2-network-limits.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_formula_equals_the_published_max_pods_for_every_type() -> None:
    rows = [row for row in _csv_rows() if row["eni_max_pods"]]
    assert len(rows) > 1300
    wrong = {
        row["instance_type"]: (
            capacity(lookup(row["instance_type"])).max_pods_uncapped,
            row["eni_max_pods"],
        )
        for row in rows
        if capacity(lookup(row["instance_type"])).max_pods_uncapped != int(row["eni_max_pods"])
    }
    assert wrong == {}


def test_package_table_carries_every_csv_fact() -> None:
    rows = _csv_rows()
    assert len(table()) == len(rows)
    for row in rows:
        instance = lookup(row["instance_type"])
        assert instance is not None, row["instance_type"]
        assert instance.enis == int(row["max_enis"])
        assert instance.ipv4_per_eni == int(row["ipv4_per_eni"])
        assert instance.hypervisor == (row["hypervisor"] or None)
        assert instance.bare_metal == (row["bare_metal"] == "true")
        assert instance.vcpus == (int(row["vcpus"]) if row["vcpus"] else None)
        assert instance.trunk_compatible == {"true": True, "false": False}.get(
            row["trunk_compatible"]
        )
        assert instance.branch_interfaces == (
            int(row["branch_interfaces"]) if row["branch_interfaces"] else None
        )


# The reference's worked examples: (type, secondary, PD, custom networking, custom + PD),
# each as (uncapped, recommended).
WORKED = [
    ("m6i.large", (29, 29), (434, 110), (20, 20), (290, 110)),
    ("t3.medium", (17, 17), (242, 110), (12, 12), (162, 110)),
    ("t3.small", (11, 11), (146, 110), (8, 8), (98, 98)),
    ("c5.4xlarge", (234, 110), (3714, 110), (205, 110), (3250, 110)),
    ("m5.24xlarge", (737, 250), (11762, 250), (688, 250), (10978, 250)),
    ("p5.48xlarge", (100, 100), (1570, 250), (51, 51), (786, 250)),
    ("t2.micro", (4, 4), (4, 4), (3, 3), (3, 3)),
]


@pytest.mark.parametrize(("name", "secondary", "pd", "cn", "cn_pd"), WORKED)
def test_worked_examples(
    name: str,
    secondary: tuple[int, int],
    pd: tuple[int, int],
    cn: tuple[int, int],
    cn_pd: tuple[int, int],
) -> None:
    instance = lookup(name)
    assert instance is not None
    for settings, expected in ((Settings(), secondary), (PD, pd), (CN, cn), (CN_PD, cn_pd)):
        result = capacity(instance, settings)
        assert (result.max_pods_uncapped, result.max_pods) == expected, settings


def test_prefix_delegation_on_xen_has_no_effect_and_says_so() -> None:
    result = capacity(lookup("m4.large"), PD)
    assert not result.prefix_delegation_effective
    assert result.max_pods_uncapped == capacity(lookup("m4.large")).max_pods_uncapped
    assert any("no effect" in note for note in result.notes)


def test_bare_metal_supports_prefix_delegation() -> None:
    metal = next(i for i in table().values() if i.bare_metal and i.hypervisor is None)
    assert capacity(metal, PD).prefix_delegation_effective


def test_max_enis_caps_the_formula() -> None:
    assert capacity(lookup("m6i.large"), Settings(max_enis=2)).max_pods_uncapped == 2 * 9 + 2


def test_pod_security_groups_report_branch_enis_and_the_trunk_slot() -> None:
    sgp = capacity(lookup("m6i.large"), Settings(pod_security_groups=True))
    assert sgp.branch_interfaces == 9
    assert sgp.max_pods_uncapped == 2 * 9 + 2  # non-branch pods lose the trunk's ENI
    no_trunk = capacity(lookup("t3.large"), Settings(pod_security_groups=True))
    assert no_trunk.branch_interfaces == 0
    assert any("does not support security groups for pods" in note for note in no_trunk.notes)


def _plan(
    name: str,
    settings: Settings,
    pool: WarmPool,
    desired: int,
    maximum: int,
    cidrs: tuple[str, ...],
):  # type: ignore[no-untyped-def]
    group = NodeGroup("g", name, desired_size=desired, max_size=maximum, subnet_cidrs=cidrs)
    instance = lookup(name)
    assert instance is not None
    return plan_node_group(group, instance, settings, pool)


def test_secondary_ip_subnet_plan_by_hand() -> None:
    # m6i.large, WARM_ENI_TARGET=1: idle 1 ENI x 10 addresses; 27 pods fill 3 ENIs = 30.
    plan = _plan("m6i.large", Settings(), WarmPool(), 7, 7, ("10.0.1.0/24",))
    assert (plan.addresses_idle, plan.addresses_full) == (10, 30)
    (subnet,) = plan.subnets
    assert subnet.usable == 256 - 5
    assert subnet.nodes_until_full == 8  # 8 x 30 = 240 <= 251 < 270
    assert subnet.headroom_at_desired == 251 - 7 * 30
    assert subnet.nodes_at_max == 8  # 7 + one surge node
    assert subnet.headroom_at_max == 11 and not plan.runs_out


def test_one_node_over_runs_out() -> None:
    fits = _plan("m6i.large", Settings(), WarmPool(), 7, 7, ("10.0.1.0/24",))
    over = _plan("m6i.large", Settings(), WarmPool(), 8, 8, ("10.0.1.0/24",))
    assert fits.subnets[0].headroom_at_max >= 0 and not fits.runs_out
    assert over.subnets[0].headroom_at_max == 251 - 9 * 30 < 0 and over.runs_out


def test_the_node_count_where_a_subnet_fills() -> None:
    # t3.small (3 ENIs x 4 addresses), WARM_IP_TARGET=1: at max pods 9 pod IPs (all the
    # ENIs hold) + 3 ENI addresses = 12 per node. A /28 holds no full node; a /26 (59
    # usable) holds 4 (48, 11 to spare) and a fifth is one address short.
    plan = _plan("t3.small", Settings(), WarmPool(warm_ip=1), 0, 0, ("10.0.0.0/28",))
    per_node = plan.addresses_full
    usable = plan.subnets[0].usable
    assert usable == 11 and per_node == 9 + 3  # 9 pod IPs (capped by ENIs) + 3 ENI addresses
    assert plan.subnets[0].nodes_until_full == 0  # a /28 cannot hold one full t3.small node
    exact = _plan("t3.small", Settings(), WarmPool(warm_ip=1), 5, 5, ("10.0.0.0/26",))
    assert exact.subnets[0].usable == 59
    assert exact.subnets[0].headroom_at_desired == 59 - 5 * 12 == -1
    fits = _plan("t3.small", Settings(), WarmPool(warm_ip=1), 4, 4, ("10.0.0.0/26",))
    assert fits.subnets[0].headroom_at_desired == 59 - 48 == 11
    assert fits.subnets[0].nodes_until_full == 4


def test_prefix_delegation_plan_counts_aligned_blocks() -> None:
    # m6i.large, prefixes, WARM_PREFIX_TARGET=1: idle 1 prefix + 1 ENI = 17 addresses;
    # 108 pods need 7 prefixes + 1 warm = 8 prefixes (128 addresses) + 1 ENI = 129.
    plan = _plan("m6i.large", PD, WarmPool(warm_prefix=1), 3, 3, ("10.0.1.0/24",))
    assert (plan.addresses_idle, plan.addresses_full) == (17, 129)
    (subnet,) = plan.subnets
    assert subnet.nodes_until_full == 1
    assert subnet.headroom_at_desired == 251 - 3 * 129 < 0
    assert subnet.prefix_blocks == 16 - 2  # the first and last /28 hold reserved addresses
    assert subnet.nodes_until_full_worst_case == 14 // 9
    assert any("aligned /28" in note for note in plan.notes)


def test_nodes_spread_over_subnets() -> None:
    plan = _plan("m6i.large", Settings(), WarmPool(), 3, 5, ("10.0.1.0/24", "10.0.2.0/24"))
    assert [s.nodes_at_desired for s in plan.subnets] == [2, 1]
    assert [s.nodes_at_max for s in plan.subnets] == [3 + 1, 2 + 1]


def test_custom_networking_moves_pod_addresses_out_of_node_subnets() -> None:
    plan = _plan("m6i.large", CN, WarmPool(), 3, 3, ("10.0.1.0/24",))
    assert (plan.addresses_idle, plan.addresses_full) == (1, 1)
    assert any("ENIConfig subnets" in note for note in plan.notes)


def test_capacity_command_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["capacity", "--instance-type", "m6i.large"]) == 0
    out = capsys.readouterr().out
    assert "max pods, formula (uncapped):   29" in out
    assert "prefix delegation:                      110  (434 uncapped)" in out
    assert "custom networking:                       20  (20 uncapped)" in out
    assert "up to 9 pods per node" in out


def test_capacity_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            [
                "capacity",
                "-t",
                "m6i.large",
                "-t",
                "m4.large",
                "--prefix-delegation",
                "--output",
                "json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    m6i, m4 = report["instanceTypes"]
    assert (m6i["maxPodsUncapped"], m6i["maxPods"], m6i["maxPodsCap"]) == (434, 110, 110)
    assert m6i["variants"]["customNetworking"] == {"maxPodsUncapped": 20, "maxPods": 20}
    assert m4["prefixDelegationEffective"] is False and m4["notes"]
    keys = set(m6i) | set(m6i["variants"]["secondaryIp"])
    assert all(key[0].islower() and "_" not in key for key in keys)
    readme = (ROOT / "README.md").read_text()
    assert all(f"`{key}`" in readme for key in m6i), "every JSON key is documented"


def test_capacity_command_plans_a_cluster(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["capacity", str(EXAMPLES / "cluster.yaml"), "--output", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (group,) = report["nodeGroups"]
    assert group["name"] == "general" and group["maxSize"] == 10
    assert [subnet["cidr"] for subnet in group["subnets"]] == ["10.0.1.0/24", "10.0.2.0/24"]
    assert all(key in report["nodeGroups"][0] for key in ("addressesPerNodeIdle", "runsOut"))


def test_capacity_command_plans_from_flags(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "capacity",
        "-t",
        "m6i.large",
        "--prefix-delegation",
        "--subnet",
        "10.0.1.0/24",
        "--desired",
        "3",
        "--max",
        "3",
    ]
    assert run(argv) == 0
    out = capsys.readouterr().out
    assert "addresses per node: 17 idle, 129 at max pods" in out
    assert "RUNS OUT: subnet 10.0.1.0/24" in out


CLUSTER = str(EXAMPLES / "cluster.yaml")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-t", "m6i.lage"], "unknown instance type 'm6i.lage'; did you mean m6i.large?"),
        (["-t", "m5.lrage"], "unknown instance type 'm5.lrage'; did you mean m5.large?"),
        (["-t", "M6I.LAGE"], "unknown instance type 'M6I.LAGE'; did you mean m6i.large?"),
        (["-t", "m6i.large", "--subnet", "10.0.1.0/33"], "not an IPv4 network CIDR"),
        (["-t", "m6i.large", "--subnet", "10.0.1.7/24"], "host bits set"),
        (["-t", "m6i.large", "--subnet", "10.0.0.0/12"], "AWS subnets are /16 to /28"),
        ([], "give either --instance-type TYPE or a Cluster spec"),
        (["-t", "m6i.large", CLUSTER], "give either --instance-type TYPE or a Cluster spec"),
        (["-t", "m6i.large", "--max-enis", "0"], "Invalid value"),
        (["-t", "m6i.large", "--desired", "3"], "--desired: for planning subnets; give --subnet"),
        (["-t", "m6i.large", "--warm-ip-target", "5"], "--warm-ip-target: for planning subnets"),
        ([CLUSTER, "--prefix-delegation"], "--prefix-delegation: for --instance-type only"),
        (
            [CLUSTER, "--subnet", "10.0.1.0/24", "--max", "3"],
            "--subnet, --max: for --instance-type",
        ),
        (["no-such-cluster.yaml"], "no-such-cluster.yaml: no such file or folder"),
    ],
)
def test_what_the_command_line_gets_wrong_is_a_usage_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2, as for every command: flags that clash or that the mode would ignore, an
    unknown instance type, a --subnet that is no AWS subnet (the same facts in a Cluster
    spec are the spec's findings: exit 1, below)."""
    assert run(["capacity", *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


CLUSTER_HEAD = "apiVersion: eksgen.dev/v1alpha1\nkind: Cluster\nmetadata: {name: c}\nspec:\n"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"c.yaml": CLUSTER_HEAD + "  region: us-east-1\n"},
            "c.yaml:4:1: spec: no nodeGroups to plan",
        ),
        ({"app.yaml": (EXAMPLES / "nlb-public.yaml").read_text()}, "no Cluster spec(s) in"),
        (
            {"c.yaml": CLUSTER_HEAD + "  region: mars-1\n"},
            "c.yaml:5:11: spec.region: 'mars-1' is not an AWS region",
        ),
    ],
)
def test_what_the_files_hold_is_refused_input(
    tmp_path: Path, files: dict[str, str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    assert run(["capacity", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_instance_types_are_read_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["capacity", "-t", "m5.large"]) == 0
    lower = capsys.readouterr().out
    assert run(["capacity", "-t", "M5.LARGE"]) == 0
    assert capsys.readouterr().out == lower
    assert lower.startswith("m5.large: ")
    argv = ["capacity", "-t", "M6i.Large", "--subnet", "10.0.1.0/24", "--max", "3"]
    assert run([*argv, "--output", "json"]) == 0
    (group,) = json.loads(capsys.readouterr().out)["nodeGroups"]
    assert group["instanceType"] == group["name"] == "m6i.large"


def test_a_subnet_that_runs_out_is_a_result_not_a_failure(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["capacity", "-t", "m6i.large", "--prefix-delegation", "--subnet", "10.0.1.0/26"]
    assert run([*argv, "--max", "3"]) == 0
    assert "RUNS OUT" in capsys.readouterr().out


def test_unknown_type_in_a_cluster_spec_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "c.yaml"
    spec.write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: Cluster\nmetadata: {name: c}\nspec:\n"
        "  region: us-east-1\n  nodeGroups:\n    - name: g\n      instanceType: m6i.lage\n"
    )
    assert run(["capacity", str(spec)]) == 1
    assert (
        f"{spec}:8:21: spec.nodeGroups[0].instanceType: 'm6i.lage' is not a known EC2 instance type; did you mean m6i.large"
        in capsys.readouterr().err
    )


def test_table_script_regenerates_from_describe_instance_types(tmp_path: Path) -> None:
    described = {
        "InstanceTypes": [
            {
                "InstanceType": "m6i.large",
                "Hypervisor": "nitro",
                "BareMetal": False,
                "VCpuInfo": {"DefaultVCpus": 2},
                "NetworkInfo": {
                    "MaximumNetworkInterfaces": 3,
                    "Ipv4AddressesPerInterface": 10,
                    "DefaultNetworkCardIndex": 0,
                    "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 3}],
                },
            },
            {
                "InstanceType": "zz9.huge",
                "BareMetal": True,
                "VCpuInfo": {"DefaultVCpus": 192},
                "NetworkInfo": {
                    "MaximumNetworkInterfaces": 64,
                    "Ipv4AddressesPerInterface": 50,
                    "DefaultNetworkCardIndex": 0,
                    "NetworkCards": [
                        {"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 2},
                        {"NetworkCardIndex": 1, "MaximumNetworkInterfaces": 62},
                    ],
                },
            },
        ]
    }
    source = tmp_path / "types.json"
    source.write_text(json.dumps(described))
    target = tmp_path / "table.tsv"
    target.write_text((ROOT / "generator/eksgen/data/instance-types.tsv").read_text())
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "instance_table.py"),
            "--describe",
            str(source),
            "--table",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    rows = {
        line.split("\t")[0]: line.split("\t")
        for line in target.read_text().splitlines()
        if not line.startswith("#")
    }
    assert rows["zz9.huge"] == [
        "zz9.huge",
        "2",
        "50",
        "-",
        "yes",
        "192",
        "-",
        "-",
    ]  # default card only
    assert rows["m6i.large"] == [
        "m6i.large",
        "3",
        "10",
        "nitro",
        "no",
        "2",
        "yes",
        "9",
    ]  # trunk kept
    assert len(rows) == len(table()) + 2  # + header + the new type
