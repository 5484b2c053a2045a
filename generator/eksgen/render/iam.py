"""Least-privilege IAM policy documents and IRSA trust policies for the add-ons."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from eksgen.model.cluster import Cluster, ExternalDns
from eksgen.model.controller import SYSTEM_NAMESPACE
from eksgen.resources import package_files

POLICY_VERSION = "2012-10-17"
STS_AUDIENCE = "sts.amazonaws.com"


def document_text(document: dict[str, Any]) -> str:
    """Deterministic JSON: sorted keys, two-space indent, final newline."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


@cache
def _controller_data() -> dict[str, Any]:
    text = (
        package_files("eksgen.data").joinpath("aws-load-balancer-controller.iam.json").read_text()
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def controller_version() -> str:
    """The controller release whose IAM policy eksgen carries (and whose image it pins)."""
    return str(_controller_data()["controllerVersion"])


def controller_policy(partition: str = "aws") -> dict[str, Any]:
    """The AWS Load Balancer Controller's policy for controller_version(), in a partition.

    Upstream publishes a copy of iam_policy.json per partition (docs/install/iam_policy_cn.json
    and iam_policy_us-gov.json, v3.5.0) that differs from it only in the partition of the
    resource ARNs, so eksgen keeps one copy and writes the cluster's partition into them.
    """
    policy: dict[str, Any] = _controller_data()["policy"]
    if partition == "aws":
        return policy
    return {**policy, "Statement": [_in_partition(s, partition) for s in policy["Statement"]]}


def _in_partition(statement: dict[str, Any], partition: str) -> dict[str, Any]:
    """The statement with its resource ARNs in partition (conditions hold no ARNs)."""
    moved = dict(statement)
    for key in ("Resource", "NotResource"):
        if key in moved:
            value = moved[key]
            arns = [value] if isinstance(value, str) else value
            rewritten = [_arn_in_partition(arn, partition) for arn in arns]
            moved[key] = rewritten[0] if isinstance(value, str) else rewritten
    return moved


def _arn_in_partition(arn: str, partition: str) -> str:
    return f"arn:{partition}:{arn.removeprefix('arn:aws:')}" if arn.startswith("arn:aws:") else arn


def external_dns_policy(cluster: Cluster, dns: ExternalDns) -> dict[str, Any]:
    """Record changes only on the named hosted zones; zone listing needs '*'."""
    zones = dns.hosted_zone_ids or ("*",)
    zone_arns = [f"arn:{cluster.partition}:route53:::hostedzone/{zone}" for zone in zones]
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Sid": "ChangeRecordsInNamedZones",
                "Effect": "Allow",
                "Action": [
                    "route53:ChangeResourceRecordSets",
                    "route53:ListResourceRecordSets",
                    "route53:ListTagsForResources",
                ],
                "Resource": zone_arns,
            },
            {
                "Sid": "ListZones",
                "Effect": "Allow",
                "Action": ["route53:ListHostedZones"],
                "Resource": ["*"],
            },
        ],
    }


def oidc_provider(cluster: Cluster) -> tuple[str, str] | None:
    """(provider ARN, issuer host/path) of the cluster's OIDC provider, when known."""
    issuer = cluster.oidc_issuer
    if issuer is None:
        return None
    if issuer.startswith("arn:"):
        return issuer, issuer.split(":oidc-provider/", 1)[1]
    host_path = issuer.removeprefix("https://")
    if cluster.account_id is None:
        return None
    return f"arn:{cluster.partition}:iam::{cluster.account_id}:oidc-provider/{host_path}", host_path


def trust_policy(cluster: Cluster, service_account: str) -> dict[str, Any] | None:
    """IRSA trust: only this service account in kube-system may assume the role."""
    provider = oidc_provider(cluster)
    if provider is None:
        return None
    arn, host_path = provider
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": arn},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        f"{host_path}:aud": STS_AUDIENCE,
                        f"{host_path}:sub": (
                            f"system:serviceaccount:{SYSTEM_NAMESPACE}:{service_account}"
                        ),
                    }
                },
            }
        ],
    }
