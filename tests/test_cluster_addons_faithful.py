"""The Cluster add-ons as the controllers accept them, each fact checked against upstream.

- The load balancer controller's IAM policy in the cluster's partition: equal to upstream's
  iam_policy.json, iam_policy_cn.json and iam_policy_us-gov.json (docs/install/, v3.5.0).
- defaultTags: what the chart's one --default-tags flag carries back to the controller, the
  keys the controller reserves (pkg/config/controller_config.go, v3.5.0) and AWS's tag limits.
- The VPC CNI's start-up checks (validateEnvVars in cmd/aws-vpc-cni/main.go, v1.23.1): no
  spec eksgen renders makes aws-node exit.
- The VPC CNI's images from the EKS registry of the cluster's region.
- The controller's PodDisruptionBudget with more than one replica (templates/pdb.yaml, 3.5.0).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, upstream
from eksgen.api import check_paths, render_paths
from eksgen.cli.app import run
from eksgen.errors import Problem, Severity
from eksgen.lint.rules import RULES
from eksgen.model.facts import vpc_cni
from eksgen.render.layout import output_files
from eksgen.resources import schema

BASE = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata:
  name: c1
spec:
  region: {region}
{body}"""
LBC = "aws-load-balancer-controller"
CNI_VALUES = "aws-vpc-cni.values.yaml"
LBC_VALUES = "aws-load-balancer-controller.values.yaml"
POLICY = "iam/aws-load-balancer-controller.policy.json"


def write(tmp_path: Path, body: str, region: str = "us-east-1") -> Path:
    path = tmp_path / "cluster.yaml"
    path.write_text(BASE.format(region=region, body=body), encoding="utf-8")
    return path


def cluster_files(spec: Path) -> dict[str, str]:
    result = render_paths([str(spec)])
    files = output_files(result.manifests, result.clusters)
    return {
        name.split("/", 2)[2]: text for name, text in files.items() if name.startswith("cluster/")
    }


def problems(spec: Path, rule: str | None = None) -> list[Problem]:
    found = check_paths([str(spec)]).problems
    return [p for p in found if rule is None or p.rule == rule]


def chart_values(repository: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(upstream(repository, "chart-values.yaml").read_text())
    return loaded


# --- 1. the controller's IAM policy in the cluster's partition ------------------------------


def normalised(policy: dict[str, Any]) -> list[str]:
    """The statements as sorted JSON, actions sorted: upstream orders neither."""
    statements = []
    for statement in policy["Statement"]:
        statement = dict(statement)
        if isinstance(statement.get("Action"), list):
            statement["Action"] = sorted(statement["Action"])
        statements.append(json.dumps(statement, sort_keys=True))
    return sorted(statements)


# docs/install/iam_policy*.json (aws-load-balancer-controller v3.5.0): one per partition.
@pytest.mark.parametrize(
    ("region", "upstream_file", "partition"),
    [
        ("us-east-1", "iam_policy.json", "aws"),
        ("eu-central-2", "iam_policy.json", "aws"),
        ("cn-north-1", "iam_policy_cn.json", "aws-cn"),
        ("cn-northwest-1", "iam_policy_cn.json", "aws-cn"),
        ("us-gov-west-1", "iam_policy_us-gov.json", "aws-us-gov"),
        ("us-gov-east-1", "iam_policy_us-gov.json", "aws-us-gov"),
    ],
)
def test_controller_policy_is_the_upstream_one_of_the_partition(
    tmp_path: Path, region: str, upstream_file: str, partition: str
) -> None:
    spec = write(tmp_path, "  loadBalancerController: {}\n", region=region)
    ours = json.loads(cluster_files(spec)[POLICY])
    theirs = json.loads(upstream(LBC, upstream_file).read_text())
    assert ours["Version"] == theirs["Version"]
    assert normalised(ours) == normalised(theirs)
    arns = re.findall(r'"(arn:[^"]*)"', json.dumps(ours))
    assert arns and all(arn.startswith(f"arn:{partition}:") for arn in arns)


def test_every_policy_of_one_cluster_is_in_its_partition(tmp_path: Path) -> None:
    body = (
        "  accountId: '123456789012'\n"
        "  oidcIssuer: https://oidc.eks.us-gov-west-1.amazonaws.com/id/ABC\n"
        "  loadBalancerController: {}\n"
        "  externalDns:\n    hostedZoneIds: [Z111]\n"
    )
    files = cluster_files(write(tmp_path, body, region="us-gov-west-1"))
    documents = [name for name in files if name.startswith("iam/")]
    assert len(documents) == 4
    for name in documents:
        arns = re.findall(r'"(arn:[^"]*)"', files[name])
        assert arns, name
        assert all(arn.startswith("arn:aws-us-gov:") for arn in arns), (name, arns)


# --- 2. defaultTags ----------------------------------------------------------------------


def tags_body(tags: dict[str, str]) -> str:
    lines = "".join(
        f"      {json.dumps(key)}: {json.dumps(value)}\n" for key, value in tags.items()
    )
    return f"  loadBalancerController:\n    defaultTags:\n{lines}"


@pytest.mark.parametrize(
    ("key", "value", "refused"),
    [
        # The chart joins key=value pairs with ',' into one flag (templates/_helpers.tpl
        # convertMapToCsv, chart 3.5.0), which the controller splits at each ','.
        ("team", "pay,ments", "value"),
        ("a,b", "x", "key"),
        # The controller splits key=value at the first '='.
        ("a=b", "x", "key"),
        # ELB's Tag pattern ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$ (API reference, Tag).
        ("team", 'say "hi"', "value"),
        ("team#1", "x", "key"),
        ("team", "a;b", "value"),
        # aws: is reserved in any case (ELB user guide, load-balancer-tags.html).
        ("aws:team", "x", "key"),
        ("AWS:team", "x", "key"),
        ("team", "Aws:x", "value"),
        # The flag is an unquoted YAML list item (templates/deployment.yaml): ': ' or a final
        # ':' would make it a mapping.
        ("team", "a: b", "value"),
        ("team", "a:", "value"),
        ("a: b", "x", "key"),
        # Lengths (ELB Tag: key 1-128, value 0-256).
        ("k" * 129, "x", "key"),
        ("team", "v" * 257, "value"),
    ],
)
def test_schema_refuses_tags_the_flag_or_aws_would_refuse(
    tmp_path: Path, key: str, value: str, refused: str
) -> None:
    spec = write(tmp_path, tags_body({"team0": "ok", key: value}))
    (problem,) = problems(spec)
    assert problem.rule == ""
    assert problem.path.startswith("spec.loadBalancerController.defaultTags")
    expected = "is not an AWS tag key" if refused == "key" else "is not an AWS tag value"
    assert expected in problem.message
    assert problem.line == 10  # the tag's own line, after team0's
    assert problem.column == (7 if refused == "key" else 7 + len(json.dumps(key)) + 2)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("team", "payments"),
        ("cost-center", "1234"),
        ("owner", "ops@example.com"),
        ("kubernetes.io/cluster/prod", "owned"),
        ("url", "https://example.com/a=b+c"),
        ("time", "12:30"),
        ("équipe", "paiements ünd mehr"),
        ("team", ""),
        ("ingress.k8s.aws/other", "x"),  # reserved are exact keys, not the prefix
    ],
)
def test_tags_the_controller_and_aws_take_are_accepted(
    tmp_path: Path, key: str, value: str
) -> None:
    spec = write(tmp_path, tags_body({key: value}))
    assert [str(p) for p in problems(spec)] == []
    values = yaml.safe_load(cluster_files(spec)[LBC_VALUES])
    assert values["defaultTags"] == {key: value}
    assert parsed_by_the_controller(default_tags_arg(values["defaultTags"])) == {key: value}


def default_tags_arg(tags: dict[str, str]) -> str:
    """The chart's container argument, as templates/deployment.yaml (3.5.0) writes it."""
    joined = "".join(f"{key}={value}," for key, value in sorted(tags.items()))
    return f"- --default-tags={joined.removesuffix(',')}"


def parsed_by_the_controller(argument: str) -> dict[str, str]:
    """pflag's StringToString: one CSV record, each field split at its first '='."""
    (item,) = yaml.safe_load(argument)
    assert isinstance(item, str), item
    flag = item.removeprefix("--default-tags=")
    (fields,) = list(csv.reader(io.StringIO(flag), strict=True))
    pairs = [field.split("=", 1) for field in fields]
    assert all(len(pair) == 2 for pair in pairs), pairs
    return dict((key, value) for key, value in pairs)


CLUSTER_SCHEMA = Draft202012Validator(schema("cluster"))
# What ELB takes, ':', ' ' and '=' among it: the characters the flag's YAML and its
# key=value split could trip on (',', quotes and '#' are refused above).
TAG_CHARACTERS = st.sampled_from(list("aZ9é_./+-@ :="))
TAG_KEYS = st.text(alphabet=TAG_CHARACTERS, min_size=1, max_size=6)
TAG_VALUES = st.text(alphabet=TAG_CHARACTERS, max_size=6)


@given(st.dictionaries(TAG_KEYS, TAG_VALUES, min_size=1, max_size=3))
def test_tags_the_schema_accepts_reach_the_controller_unchanged(tags: dict[str, str]) -> None:
    """Whatever defaultTags the schema lets through reads back from the chart's flag as is."""
    document = {
        "apiVersion": "eksgen.dev/v1alpha1",
        "kind": "Cluster",
        "metadata": {"name": "c1"},
        "spec": {"region": "us-east-1", "loadBalancerController": {"defaultTags": tags}},
    }
    if not CLUSTER_SCHEMA.is_valid(document):
        return  # refused with a message (the parametrized cases above)
    assert parsed_by_the_controller(default_tags_arg(tags)) == tags


def test_a_comma_in_a_value_would_split_the_flag() -> None:
    """Why the schema refuses it: the controller would read another tag, or none."""
    with pytest.raises(AssertionError):
        parsed_by_the_controller(default_tags_arg({"team": "pay,ments"}))
    assert parsed_by_the_controller(default_tags_arg({"team": "a,b=c"})) == {"team": "a", "b": "c"}


# trackingTagKeys, pkg/config/controller_config.go (aws-load-balancer-controller v3.5.0).
RESERVED = [
    "elbv2.k8s.aws/cluster",
    "elbv2.k8s.aws/resource",
    "ingress.k8s.aws/stack",
    "ingress.k8s.aws/resource",
    "service.k8s.aws/stack",
    "service.k8s.aws/resource",
    "gateway.k8s.aws.nlb/resource",
    "gateway.k8s.aws.alb/resource",
    "gateway.k8s.aws.nlb/stack",
    "gateway.k8s.aws.alb/stack",
]


@pytest.mark.parametrize("key", RESERVED)
def test_reserved_keys_are_refused_as_the_controller_refuses_them(tmp_path: Path, key: str) -> None:
    spec = write(tmp_path, tags_body({"team": "a", key: "b"}))
    (problem,) = problems(spec)
    assert problem.rule == "EKS119"
    assert problem.is_error
    assert problem.path == f'spec.loadBalancerController.defaultTags["{key}"]'
    assert (problem.line, problem.column) == (10, 7)
    assert "exits at start" in problem.message
    assert run(["render", str(spec), "-o", str(tmp_path / "out")]) == 1


def test_reserved_keys_are_the_controllers() -> None:
    assert frozenset(RESERVED) == RULES["EKS119"].RESERVED_KEYS


# ELB allows 50 tags per resource; the controller adds elbv2.k8s.aws/cluster and a stack
# and a resource tag (pkg/deploy/tracking/provider.go ResourceTags, v3.5.0).
@pytest.mark.parametrize(("count", "refused"), [(47, False), (48, True)])
def test_at_most_47_default_tags(tmp_path: Path, count: int, refused: bool) -> None:
    spec = write(tmp_path, tags_body({f"tag{n:02d}": "x" for n in range(count)}))
    found = problems(spec)
    if not refused:
        assert found == []
        return
    (problem,) = found
    assert (problem.rule, problem.path, problem.line) == (
        "EKS119",
        "spec.loadBalancerController.defaultTags",
        8,
    )
    assert "48 default tags, but at most 47 fit" in problem.message


# --- 3. the VPC CNI's start-up checks --------------------------------------------------------


def validate_env_vars(env: dict[str, str]) -> bool:
    """validateEnvVars' warm-target check (cmd/aws-vpc-cni/main.go, v1.23.1), as written there.

    Unset variables read as "0", and the values are compared as strings.
    """
    prefix_delegation = env.get("ENABLE_PREFIX_DELEGATION", "false") == "true"
    warm_ip = env.get("WARM_IP_TARGET", "0")
    warm_prefix = env.get("WARM_PREFIX_TARGET", "0")
    minimum_ip = env.get("MINIMUM_IP_TARGET", "0")
    return not (prefix_delegation and warm_ip <= "0" and warm_prefix <= "0" and minimum_ip <= "0")


TARGETS = ("warmPrefixTarget", "warmIpTarget", "minimumIpTarget", "warmEniTarget")


@pytest.mark.parametrize(
    "values", list(itertools.product([None, 0, 2], repeat=len(TARGETS))), ids=str
)
def test_no_rendered_vpc_cni_env_makes_aws_node_exit(
    tmp_path: Path, values: tuple[int | None, ...]
) -> None:
    """Either EKS117 stops the spec, or aws-node accepts what eksgen writes.

    The check does not count on the DaemonSet's own WARM_PREFIX_TARGET (the chart's is 1, a
    hand-made DaemonSet may have none): unset is 0 here.
    """
    settings = ", ".join(f"{k}: {v}" for k, v in zip(TARGETS, values, strict=True) if v is not None)
    spec = write(tmp_path, f"  vpcCni: {{prefixDelegation: true, {settings}}}\n")
    refused = [p for p in problems(spec) if p.rule == "EKS117"]
    if refused:
        assert values[0] == 0
        assert (problems(spec)[0].path, problems(spec)[0].is_error) == (
            "spec.vpcCni.warmPrefixTarget",
            True,
        )
        return
    env = yaml.safe_load(cluster_files(spec)[CNI_VALUES])["env"]
    assert validate_env_vars(env), env
    warm = [v for v in values[1:3] if v]
    if values[0] is None and not warm:
        assert env["WARM_PREFIX_TARGET"] == "1"  # the chart's value, written out


def test_prefix_delegation_without_a_warm_target_is_a_guard(tmp_path: Path) -> None:
    rule = RULES["EKS117"]
    assert (rule.SEVERITY, rule.GUARD) == (Severity.ERROR, True)
    body = "  vpcCni: {prefixDelegation: true, warmPrefixTarget: 0, minimumIpTarget: 0}\n"
    spec = write(tmp_path, body)
    (problem,) = problems(spec, "EKS117")
    assert (problem.rule, problem.line, problem.path) == (
        "EKS117",
        7,
        "spec.vpcCni.warmPrefixTarget",
    )
    assert "exits at start" in problem.message
    assert run(["render", str(spec), "-o", str(tmp_path / "out")]) == 1
    # Without prefix delegation nothing is checked (validateEnvVars reads the targets only then).
    write(tmp_path, "  vpcCni: {prefixDelegation: false, warmPrefixTarget: 0}\n")
    assert problems(tmp_path / "cluster.yaml") == []


def test_every_start_up_check_is_kept_clear() -> None:
    """Each check of validateEnvVars and isConfigValid: a rule, the schema, or never written."""
    cluster_schema = schema("cluster")
    cni_schema = cluster_schema["$defs"]["vpcCni"]["properties"]
    written = {
        name
        for spec in (EXAMPLES / "cluster.yaml",)
        for name in yaml.safe_load(cluster_files(spec)[CNI_VALUES])["env"]
    } | set(vpc_cni.ENV)
    for check in vpc_cni.STARTUP_CHECKS:
        if check.eksgen.startswith("rule "):
            assert check.eksgen.removeprefix("rule ") in RULES, check
        elif check.eksgen == "schema":
            # POD_SECURITY_GROUP_ENFORCING_MODE: only strict or standard can be written.
            mode = vpc_cni.POD_SECURITY_GROUP_ENFORCING_MODE
            assert mode.name in check.variables
            enum = cni_schema["podSecurityGroupEnforcingMode"]["enum"]
            assert tuple(enum) == mode.allowed
        else:
            # The variable that sets the check off keeps its default, which passes.
            assert check.eksgen == "not written", check
            assert check.variables[0] not in written, check
    names = {check.name for check in vpc_cni.STARTUP_CHECKS}
    assert len(names) == len(vpc_cni.STARTUP_CHECKS)


def test_the_env_facts_match_the_chart() -> None:
    """chart_default is what charts/aws-vpc-cni/values.yaml (1.23.1) sets, env or init.env."""
    chart = chart_values("amazon-vpc-cni-k8s")
    for fact in vpc_cni.ENV.values():
        section = chart["init"]["env"] if fact.container == vpc_cni.INIT else chart["env"]
        assert section.get(fact.name) == fact.chart_default, fact.name
        if fact.kind == vpc_cni.BOOLEAN:
            assert fact.default in {"true", "false"}, fact.name


@pytest.mark.parametrize(
    "body",
    [
        "  vpcCni: {}\n",
        "  vpcCni: {prefixDelegation: true, warmIpTarget: 5, minimumIpTarget: 10, warmEniTarget: 1}\n",
        "  vpcCni: {podSecurityGroups: true, podSecurityGroupEnforcingMode: standard}\n",
        "  vpcCni: {customNetworking: {subnets: {us-east-1a: subnet-0aaa}}}\n",
    ],
)
def test_every_variable_eksgen_writes_has_its_facts(tmp_path: Path, body: str) -> None:
    files = cluster_files(write(tmp_path, body))
    values = yaml.safe_load(files[CNI_VALUES])
    for name, value in values["env"].items():
        fact = vpc_cni.ENV[name]
        assert fact.container == vpc_cni.AWS_NODE
        assert not fact.allowed or value in fact.allowed
        if fact.minimum is not None:
            assert int(value) >= fact.minimum
    for name in values.get("init", {}).get("env", {}):
        assert vpc_cni.ENV[name].container == vpc_cni.INIT


# --- 4. the VPC CNI's images from the region's EKS registry ------------------------------


# The EKS user guide, "View Amazon container image registries for Amazon EKS add-ons"
# (awsdocs/amazon-eks-user-guide latest/ug/workloads/add-ons-images.adoc), and for GovCloud
# and China also charts/regions.json of amazon-vpc-cni-k8s (v1.23.1).
@pytest.mark.parametrize(
    ("region", "host"),
    [
        ("us-east-1", "602401143452.dkr.ecr.us-east-1.amazonaws.com"),
        ("us-west-2", "602401143452.dkr.ecr.us-west-2.amazonaws.com"),
        ("eu-west-1", "602401143452.dkr.ecr.eu-west-1.amazonaws.com"),
        ("af-south-1", "877085696533.dkr.ecr.af-south-1.amazonaws.com"),
        ("ap-east-1", "800184023465.dkr.ecr.ap-east-1.amazonaws.com"),
        ("eu-south-1", "590381155156.dkr.ecr.eu-south-1.amazonaws.com"),
        ("me-central-1", "759879836304.dkr.ecr.me-central-1.amazonaws.com"),
        ("ca-west-1", "761377655185.dkr.ecr.ca-west-1.amazonaws.com"),
        ("us-gov-east-1", "151742754352.dkr.ecr.us-gov-east-1.amazonaws.com"),
        ("us-gov-west-1", "013241004608.dkr.ecr.us-gov-west-1.amazonaws.com"),
        ("cn-north-1", "918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn"),
        ("cn-northwest-1", "961992271922.dkr.ecr.cn-northwest-1.amazonaws.com.cn"),
    ],
)
def test_vpc_cni_images_come_from_the_regions_registry(
    tmp_path: Path, region: str, host: str
) -> None:
    spec = write(tmp_path, "  vpcCni: {podSecurityGroups: true}\n", region=region)
    assert problems(spec) == []
    values = yaml.safe_load(cluster_files(spec)[CNI_VALUES])
    chart = chart_values("amazon-vpc-cni-k8s")
    for section in (values, values["init"], values["nodeAgent"]):
        image = section["image"]
        # The chart's image template (templates/_helpers.tpl, 1.23.1):
        # <account>.dkr.<endpoint>.<region>.<domain>/<repository>:<tag>, endpoint "ecr".
        assert f"{image['account']}.dkr.ecr.{image['region']}.{image['domain']}" == host
        assert all(isinstance(value, str) for value in image.values())
    # The keys are the chart's, and the other image values (tag, endpoint) stay its own.
    for path in (("image",), ("init", "image"), ("nodeAgent", "image")):
        ours, theirs = values, chart
        for part in path:
            ours, theirs = ours[part], theirs[part]
        assert set(ours) == {"account", "domain", "region"} <= set(theirs)
        assert theirs["endpoint"] == "ecr"
    assert values["init"]["env"] == {"DISABLE_TCP_EARLY_DEMUX": "true"}


def test_an_unknown_region_keeps_the_charts_registry_and_says_so(tmp_path: Path) -> None:
    spec = write(tmp_path, "  vpcCni: {}\n", region="ap-southeast-9")
    (problem,) = problems(spec)
    assert (problem.rule, problem.severity, problem.path, problem.line) == (
        "EKS120",
        Severity.WARNING,
        "spec.region",
        6,
    )
    assert "602401143452.dkr.ecr.us-west-2.amazonaws.com" in problem.message
    values = yaml.safe_load(cluster_files(spec)[CNI_VALUES])
    assert "image" not in values and "nodeAgent" not in values and "init" not in values
    chart = chart_values("amazon-vpc-cni-k8s")["image"]
    default = vpc_cni.CHART_REGISTRY
    assert (chart["account"], chart["region"], chart["domain"]) == (
        default.account,
        default.region,
        default.domain,
    )
    # Without the VPC CNI there are no images to place: no warning.
    assert (
        problems(write(tmp_path, "  loadBalancerController: {}\n", region="ap-southeast-9")) == []
    )


def test_china_and_govcloud_registries_match_the_cni_repository() -> None:
    """charts/regions.json of amazon-vpc-cni-k8s (v1.23.1) lists these four."""
    regions_json = {
        "us-west-2": ("602401143452", "amazonaws.com"),
        "us-gov-east-1": ("151742754352", "amazonaws.com"),
        "us-gov-west-1": ("013241004608", "amazonaws.com"),
        "cn-northwest-1": ("961992271922", "amazonaws.com.cn"),
    }
    for region, (account, domain) in regions_json.items():
        registry = vpc_cni.registry(region)
        assert registry is not None
        assert (registry.account, registry.region, registry.domain) == (account, region, domain)


def test_every_registry_is_in_its_own_region_and_partition() -> None:
    for region, registry in vpc_cni.REGISTRIES.items():
        assert registry.region == region
        assert re.fullmatch(r"\d{12}", registry.account)
        china = region.startswith("cn-")
        assert registry.domain == ("amazonaws.com.cn" if china else "amazonaws.com")


# --- 5. the controller's PodDisruptionBudget -------------------------------------------------


# templates/pdb.yaml (chart 3.5.0): a PDB only when podDisruptionBudget is set and
# replicaCount > 1; values.yaml shows `maxUnavailable: 1` as the value's shape.
@pytest.mark.parametrize(
    ("replicas", "pdb"), [(1, None), (2, {"maxUnavailable": 1}), (3, {"maxUnavailable": 1})]
)
def test_more_than_one_replica_gets_a_disruption_budget(
    tmp_path: Path, replicas: int, pdb: dict[str, int] | None
) -> None:
    spec = write(tmp_path, f"  loadBalancerController: {{replicas: {replicas}}}\n")
    values = yaml.safe_load(cluster_files(spec)[LBC_VALUES])
    assert values["replicaCount"] == replicas
    assert values.get("podDisruptionBudget") == pdb
    chart_text = upstream(LBC, "chart-values.yaml").read_text()
    assert yaml.safe_load(chart_text)["podDisruptionBudget"] == {}
    assert re.search(r"^podDisruptionBudget: \{\}\n#\s+maxUnavailable: 1$", chart_text, re.M)


def test_the_schema_promise_holds_for_the_default_replicas(tmp_path: Path) -> None:
    """The schema says more than one replica gets a PodDisruptionBudget; the default is 2."""
    description = schema("cluster")["$defs"]["loadBalancerController"]["properties"]["replicas"]
    assert "PodDisruptionBudget" in description["description"]
    assert description["default"] > 1
    values = yaml.safe_load(cluster_files(EXAMPLES / "cluster.yaml")[LBC_VALUES])
    assert values["podDisruptionBudget"] == {"maxUnavailable": 1}
