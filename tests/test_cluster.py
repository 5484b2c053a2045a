"""Cluster specs: Helm values the upstream charts accept, VPC CNI settings in three forms,
ENIConfigs, least-privilege IAM and IRSA trust policies.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import validators

from conftest import EXAMPLES, upstream
from eksgen.api import render_paths
from eksgen.cli.app import run
from eksgen.render.layout import output_files

CLUSTER = EXAMPLES / "cluster.yaml"
BASE = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata:
  name: {name}
spec:
  region: {region}
{body}"""
# Variables the VPC CNI reads (its README); values the chart's env map passes through.
CNI_VARIABLES = {
    "ENABLE_PREFIX_DELEGATION",
    "WARM_PREFIX_TARGET",
    "WARM_IP_TARGET",
    "MINIMUM_IP_TARGET",
    "WARM_ENI_TARGET",
    "ENABLE_POD_ENI",
    "POD_SECURITY_GROUP_ENFORCING_MODE",
    "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG",
    "ENI_CONFIG_LABEL_DEF",
}


def cluster_files(spec: Path) -> dict[str, str]:
    result = render_paths([str(spec)])
    files = output_files(result.manifests, result.clusters)
    prefix = "cluster/"
    return {name.split("/", 2)[2]: text for name, text in files.items() if name.startswith(prefix)}


def write_cluster(tmp_path: Path, body: str, name: str = "c1", region: str = "us-east-1") -> Path:
    path = tmp_path / "cluster.yaml"
    path.write_text(BASE.format(name=name, region=region, body=body))
    return path


def key_paths(data: Any, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    if isinstance(data, dict) and data:
        return {p for key, value in data.items() for p in key_paths(value, (*prefix, key))}
    return {prefix}


def exists_upstream(path: tuple[str, ...], chart: dict[str, Any]) -> bool:
    """A key path exists in the chart's values; an empty map upstream is free-form."""
    node: Any = chart
    for part in path:
        if isinstance(node, dict) and not node and part:
            return True
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def load_both(text: str) -> Any:
    """Parse as YAML 1.2 (ruamel) and 1.1 (PyYAML, like Helm's Go parser); they must agree."""
    from ruamel.yaml import YAML

    modern = YAML(typ="safe", pure=True).load(text)
    assert yaml.safe_load(text) == modern
    return modern


def test_example_cluster_renders_every_file() -> None:
    assert sorted(cluster_files(CLUSTER)) == [
        "aws-load-balancer-controller.values.yaml",
        "aws-vpc-cni.addon-configuration.json",
        "aws-vpc-cni.set-env.sh",
        "aws-vpc-cni.values.yaml",
        "eniconfigs.yaml",
        "external-dns.values.yaml",
        "iam/aws-load-balancer-controller.policy.json",
        "iam/aws-load-balancer-controller.trust.json",
        "iam/external-dns.policy.json",
        "iam/external-dns.trust.json",
        "ingressclasses.yaml",
    ]


def test_controller_values_use_only_keys_of_the_upstream_chart() -> None:
    chart = yaml.safe_load(
        upstream("aws-load-balancer-controller", "chart-values.yaml").read_text()
    )
    values = load_both(cluster_files(CLUSTER)["aws-load-balancer-controller.values.yaml"])
    unknown = [p for p in key_paths(values) if not exists_upstream(p, chart)]
    assert unknown == []
    assert values["clusterName"] == "my-cluster"
    assert values["region"] == "us-east-1"
    assert values["vpcId"] == "vpc-0abc1234"
    assert values["replicaCount"] == 2
    assert values["serviceAccount"] == {
        "create": True,
        "name": "aws-load-balancer-controller",
        "annotations": {
            "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/aws-lbc-role"
        },
    }
    assert values["defaultTargetType"] == "ip"
    assert values["defaultLoadBalancerScheme"] == "internal"
    assert values["defaultSSLPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert values["ingressClass"] == "alb" and values["createIngressClassResource"] is True
    assert values["enableServiceMutatorWebhook"] is True
    # The pinned image is the release whose IAM policy eksgen ships.
    assert values["image"]["tag"] == chart["image"]["tag"]


def _external_dns_values(spec: Path) -> dict[str, Any]:
    values: dict[str, Any] = load_both(cluster_files(spec)["external-dns.values.yaml"])
    return values


@pytest.mark.parametrize("schema_file", ["values.schema.json", "values.schema-1.21.1.json"])
def test_external_dns_values_pass_the_upstream_schema(schema_file: str) -> None:
    schema = json.loads(upstream("external-dns", schema_file).read_text())
    validator = validators.validator_for(schema)(schema)
    values = _external_dns_values(CLUSTER)
    assert [error.message for error in validator.iter_errors(values)] == []
    chart = yaml.safe_load(upstream("external-dns", "chart-values.yaml").read_text())
    assert [p for p in key_paths(values) if not exists_upstream(p, chart)] == []


def test_external_dns_values_match_the_spec() -> None:
    values = _external_dns_values(CLUSTER)
    assert values["provider"] == {"name": "aws"}
    assert values["sources"] == ["service", "ingress"]
    assert values["policy"] == "upsert-only"
    assert values["registry"] == "txt"
    assert values["txtOwnerId"] == "my-cluster"
    assert values["domainFilters"] == ["example.com"]
    assert values["extraArgs"] == {"zone-id-filter": ["Z0123456789ABCDEFGHIJ"]}
    assert values["annotationPrefix"] == "external-dns.alpha.kubernetes.io/"
    assert values["env"] == [{"name": "AWS_DEFAULT_REGION", "value": "us-east-1"}]
    role = values["serviceAccount"]["annotations"]["eks.amazonaws.com/role-arn"]
    assert role == "arn:aws:iam::123456789012:role/external-dns-role"


def test_external_dns_policy_is_always_explicit(tmp_path: Path) -> None:
    spec = write_cluster(
        tmp_path, "  externalDns:\n    hostedZoneIds: [Z123]\n    zoneType: private\n"
    )
    values = _external_dns_values(spec)
    assert values["policy"] == "upsert-only"
    assert values["extraArgs"] == {"aws-zone-type": "private", "zone-id-filter": ["Z123"]}
    assert "serviceAccount" in values and "annotations" not in values["serviceAccount"]


def test_ga_prefix_reaches_both_the_values_and_the_app_annotations(tmp_path: Path) -> None:
    body = (
        "  externalDns:\n    hostedZoneIds: [Z123]\n"
        "    annotationPrefix: external-dns.kubernetes.io/\n    version: '0.22.0'\n"
    )
    spec = write_cluster(tmp_path, body)
    (tmp_path / "app.yaml").write_text(
        "apiVersion: eksgen.dev/v1alpha1\nkind: App\nmetadata: {name: web}\n"
        "spec:\n  ports: [{port: 80}]\n  exposure: {type: alb}\n  hosts: [web.example.com]\n"
    )
    result = render_paths([str(tmp_path)])
    assert _external_dns_values(spec)["annotationPrefix"] == "external-dns.kubernetes.io/"
    (ingress,) = [yaml.safe_load(m.text) for m in result.manifests if m.kind == "Ingress"]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["external-dns.kubernetes.io/hostname"] == "web.example.com"
    assert not any(key.startswith("external-dns.alpha") for key in annotations)


def test_vpc_cni_values_are_strings_the_chart_reads() -> None:
    chart = yaml.safe_load(upstream("amazon-vpc-cni-k8s", "chart-values.yaml").read_text())
    values = load_both(cluster_files(CLUSTER)["aws-vpc-cni.values.yaml"])
    assert set(values["env"]) <= CNI_VARIABLES
    assert all(isinstance(value, str) for value in values["env"].values())
    assert values["env"] == {
        "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "true",
        "ENABLE_POD_ENI": "true",
        "ENABLE_PREFIX_DELEGATION": "true",
        "ENI_CONFIG_LABEL_DEF": "topology.kubernetes.io/zone",
        "POD_SECURITY_GROUP_ENFORCING_MODE": "strict",
        "WARM_PREFIX_TARGET": "1",
    }
    assert values["init"]["env"] == {"DISABLE_TCP_EARLY_DEMUX": "true"}
    assert set(values["init"]["env"]) <= set(chart["init"]["env"])
    assert "env" in chart and "init" in chart


def test_the_three_vpc_cni_forms_agree() -> None:
    files = cluster_files(CLUSTER)
    values = load_both(files["aws-vpc-cni.values.yaml"])
    addon = json.loads(files["aws-vpc-cni.addon-configuration.json"])
    assert addon == {"env": values["env"], "init": {"env": values["init"]["env"]}}
    commands = [
        shlex.split(line.rstrip("\\"))
        for line in files["aws-vpc-cni.set-env.sh"].replace("\\\n", " ").splitlines()
        if line.startswith("kubectl")
    ]
    main, init = commands
    assert main[:6] == ["kubectl", "set", "env", "daemonset", "aws-node", "-n"]
    assert dict(arg.split("=", 1) for arg in main[7:]) == values["env"]
    assert init[7:9] == ["-c", "aws-vpc-cni-init"]
    assert dict(arg.split("=", 1) for arg in init[9:]) == values["init"]["env"]


@pytest.mark.parametrize(
    ("body", "env"),
    [
        (
            "  vpcCni: {}\n",
            {
                "ENABLE_PREFIX_DELEGATION": "false",
                "ENABLE_POD_ENI": "false",
                "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "false",
            },
        ),
        (
            "  vpcCni: {prefixDelegation: true, warmIpTarget: 5, minimumIpTarget: 10}\n",
            {
                "ENABLE_PREFIX_DELEGATION": "true",
                "ENABLE_POD_ENI": "false",
                "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "false",
                "WARM_IP_TARGET": "5",
                "MINIMUM_IP_TARGET": "10",
            },
        ),
        (
            "  vpcCni: {podSecurityGroups: true, podSecurityGroupEnforcingMode: standard}\n",
            {
                "ENABLE_PREFIX_DELEGATION": "false",
                "ENABLE_POD_ENI": "true",
                "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "false",
                "POD_SECURITY_GROUP_ENFORCING_MODE": "standard",
            },
        ),
    ],
)
def test_vpc_cni_env_follows_the_spec(tmp_path: Path, body: str, env: dict[str, str]) -> None:
    files = cluster_files(write_cluster(tmp_path, body))
    assert load_both(files["aws-vpc-cni.values.yaml"])["env"] == env
    assert "eniconfigs.yaml" not in files


def test_absent_sections_render_nothing(tmp_path: Path) -> None:
    assert cluster_files(write_cluster(tmp_path, "")) == {}


def test_controller_policy_is_the_upstream_one() -> None:
    def normalised(policy: dict[str, Any]) -> list[str]:
        statements = []
        for statement in policy["Statement"]:
            statement = dict(statement)
            if isinstance(statement.get("Action"), list):
                statement["Action"] = sorted(statement["Action"])
            statements.append(json.dumps(statement, sort_keys=True))
        return sorted(statements)

    ours = json.loads(cluster_files(CLUSTER)["iam/aws-load-balancer-controller.policy.json"])
    theirs = json.loads(upstream("aws-load-balancer-controller", "iam_policy.json").read_text())
    assert ours["Version"] == theirs["Version"]
    assert normalised(ours) == normalised(theirs)


WRITE_ACTIONS = ("route53:ChangeResourceRecordSets",)


def test_external_dns_policy_is_scoped_to_the_named_zones(tmp_path: Path) -> None:
    body = "  externalDns:\n    hostedZoneIds: [Z111, Z222]\n"
    policy = json.loads(
        cluster_files(write_cluster(tmp_path, body))["iam/external-dns.policy.json"]
    )
    for statement in policy["Statement"]:
        if any(action in WRITE_ACTIONS for action in statement["Action"]):
            assert statement["Resource"] == [
                "arn:aws:route53:::hostedzone/Z111",
                "arn:aws:route53:::hostedzone/Z222",
            ]
        else:
            assert statement["Action"] == ["route53:ListHostedZones"]
            assert statement["Resource"] == ["*"]
    upstream_actions = {
        action
        for statement in json.loads(upstream("external-dns", "iam-policy.json").read_text())[
            "Statement"
        ]
        for action in statement["Action"]
    }
    ours = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert ours == upstream_actions


def test_partition_follows_the_region(tmp_path: Path) -> None:
    body = (
        "  accountId: '123456789012'\n"
        "  oidcIssuer: https://oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC\n"
        "  externalDns:\n    hostedZoneIds: [Z111]\n"
    )
    files = cluster_files(write_cluster(tmp_path, body, region="cn-north-1"))
    policy = json.loads(files["iam/external-dns.policy.json"])
    assert policy["Statement"][0]["Resource"] == ["arn:aws-cn:route53:::hostedzone/Z111"]
    trust = json.loads(files["iam/external-dns.trust.json"])
    assert trust["Statement"][0]["Principal"]["Federated"].startswith("arn:aws-cn:iam::")


@pytest.mark.parametrize(
    "issuer",
    [
        "oidcIssuer: https://oidc.eks.us-east-1.amazonaws.com/id/ABC123",
        "oidcIssuer: arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123",
    ],
)
def test_trust_policy_limits_the_role_to_one_service_account(tmp_path: Path, issuer: str) -> None:
    body = f"  accountId: '123456789012'\n  {issuer}\n  loadBalancerController:\n    serviceAccountName: lbc\n"
    trust = json.loads(
        cluster_files(write_cluster(tmp_path, body))["iam/aws-load-balancer-controller.trust.json"]
    )
    (statement,) = trust["Statement"]
    host = "oidc.eks.us-east-1.amazonaws.com/id/ABC123"
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Principal"] == {
        "Federated": f"arn:aws:iam::123456789012:oidc-provider/{host}"
    }
    assert statement["Condition"] == {
        "StringEquals": {
            f"{host}:sub": "system:serviceaccount:kube-system:lbc",
            f"{host}:aud": "sts.amazonaws.com",
        }
    }


def test_no_trust_policy_without_an_oidc_provider(tmp_path: Path) -> None:
    files = cluster_files(write_cluster(tmp_path, "  loadBalancerController: {}\n"))
    assert "iam/aws-load-balancer-controller.trust.json" not in files
    assert "iam/aws-load-balancer-controller.policy.json" in files


def test_stdout_carries_the_cluster_objects_and_a_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["render", str(CLUSTER)]) == 0
    captured = capsys.readouterr()
    documents = list(yaml.safe_load_all(captured.out))
    kinds = ["IngressClassParams", "IngressClass", "ENIConfig", "ENIConfig"]
    assert [doc["kind"] for doc in documents] == kinds
    names = ["internal-shared", "internal-shared", "us-east-1a", "us-east-1b"]
    assert [doc["metadata"]["name"] for doc in documents] == names
    assert "written with -o DIR" in captured.err


def test_schema_command_prints_the_cluster_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema", "cluster"]) == 0
    schema = json.loads(capsys.readouterr().out)
    validators.validator_for(schema).check_schema(schema)
    assert schema["properties"]["kind"]["const"] == "Cluster"
    assert "$ref" not in json.dumps(schema).replace('"$ref": "#/', "")  # self-contained


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  accountId: 123456789012\n",
            ":7:14: spec.accountId: 123456789012 is not a string; expected a 12-digit",
        ),
        ("  vpcId: vpc-xyz\n", ":7:10: spec.vpcId: 'vpc-xyz' is not a VPC ID"),
        (
            "  loadBalancerController: {roleArn: 'arn:aws:iam::1:role/x'}\n",
            ":7:37: spec.loadBalancerController.roleArn: 'arn:aws:iam::1:role/x' is not an IAM role ARN",
        ),
        (
            "  externalDns: {policy: delete}\n",
            ":7:25: spec.externalDns.policy: 'delete' is not one of [upsert-only, sync, create-only]",
        ),
        (
            "  vpcCni: {prefixDelegaton: true}\n",
            ":7:12: spec.vpcCni.prefixDelegaton: unknown field; did you mean 'prefixDelegation'?",
        ),
        (
            "  externalDns: {hostedZoneIds: [/hostedzone/Z1]}\n",
            ":7:33: spec.externalDns.hostedZoneIds[0]: '/hostedzone/Z1' is not a Route 53 hosted zone ID",
        ),
    ],
)
def test_bad_cluster_input_is_located(
    tmp_path: Path, body: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_cluster(tmp_path, body)
    assert run(["render", str(spec), "-o", str(tmp_path / "out")]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith(f"{spec}{expected}")
    assert not (tmp_path / "out").exists()


def test_bad_region_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_cluster(tmp_path, "", region="US-East")
    assert run(["validate", str(spec)]) == 1
    assert f"{spec}:6:11: spec.region: 'US-East' is not an AWS region" in capsys.readouterr().err
