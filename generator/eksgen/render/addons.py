"""Render a Cluster into Helm values, VPC CNI settings, ENIConfigs and IAM documents."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from eksgen.model.cluster import Cluster, VpcCni
from eksgen.render.iam import (
    controller_policy,
    controller_version,
    document_text,
    external_dns_policy,
    trust_policy,
)
from eksgen.render.manifests import MANAGED_BY, Manifest
from eksgen.render.templating import render_template
from eksgen.spec.path import FieldPath

ZONE_LABEL = "topology.kubernetes.io/zone"


@dataclass(frozen=True)
class ClusterOutput:
    """Files for cluster/<name>/ and the Kubernetes objects among them (ENIConfigs)."""

    name: str
    files: dict[str, str]
    manifests: list[Manifest] = field(default_factory=list)


def render_cluster(cluster: Cluster) -> ClusterOutput:
    """Everything a Cluster spec becomes; absent sections render nothing."""
    files: dict[str, str] = {}
    manifests: list[Manifest] = []
    if cluster.load_balancer_controller is not None:
        files |= _controller_files(cluster)
    if cluster.external_dns is not None:
        files |= _external_dns_files(cluster)
    if cluster.vpc_cni is not None:
        files |= _vpc_cni_files(cluster, cluster.vpc_cni)
        manifests = _eni_configs(cluster, cluster.vpc_cni)
        if manifests:
            files["eniconfigs.yaml"] = "".join(f"---\n{m.text}" for m in manifests)
    return ClusterOutput(cluster.name, dict(sorted(files.items())), manifests)


def _controller_files(cluster: Cluster) -> dict[str, str]:
    controller = cluster.load_balancer_controller
    assert controller is not None
    files = {
        "aws-load-balancer-controller.values.yaml": render_template(
            "cluster/aws-load-balancer-controller.values.yaml.j2",
            cluster=cluster,
            controller=controller,
            controller_version=controller_version(),
        ),
        "iam/aws-load-balancer-controller.policy.json": document_text(controller_policy()),
    }
    return files | _trust_file(cluster, "aws-load-balancer-controller", controller.service_account)


def _external_dns_files(cluster: Cluster) -> dict[str, str]:
    dns = cluster.external_dns
    assert dns is not None
    files = {
        "external-dns.values.yaml": render_template(
            "cluster/external-dns.values.yaml.j2", cluster=cluster, dns=dns
        ),
        "iam/external-dns.policy.json": document_text(external_dns_policy(cluster, dns)),
    }
    return files | _trust_file(cluster, "external-dns", dns.service_account)


def _trust_file(cluster: Cluster, name: str, service_account: str) -> dict[str, str]:
    trust = trust_policy(cluster, service_account)
    return {} if trust is None else {f"iam/{name}.trust.json": document_text(trust)}


def vpc_cni_env(cni: VpcCni) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(aws-node env, aws-vpc-cni-init env) as sorted string pairs."""
    env = {
        "ENABLE_PREFIX_DELEGATION": _flag(cni.prefix_delegation),
        "ENABLE_POD_ENI": _flag(cni.pod_security_groups),
        "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": _flag(cni.custom_networking is not None),
    }
    targets = {
        "WARM_PREFIX_TARGET": cni.warm_prefix_target,
        "WARM_IP_TARGET": cni.warm_ip_target,
        "MINIMUM_IP_TARGET": cni.minimum_ip_target,
        "WARM_ENI_TARGET": cni.warm_eni_target,
    }
    env |= {key: str(value) for key, value in targets.items() if value is not None}
    if cni.prefix_delegation and all(value is None for value in targets.values()):
        env["WARM_PREFIX_TARGET"] = "1"  # all targets unset with prefixes is unsupported
    if cni.pod_security_groups:
        env["POD_SECURITY_GROUP_ENFORCING_MODE"] = cni.enforcing_mode or "strict"
    elif cni.enforcing_mode:
        env["POD_SECURITY_GROUP_ENFORCING_MODE"] = cni.enforcing_mode
    if cni.custom_networking is not None:
        env["ENI_CONFIG_LABEL_DEF"] = ZONE_LABEL
    init_env = {"DISABLE_TCP_EARLY_DEMUX": "true"} if cni.pod_security_groups else {}
    return sorted(env.items()), sorted(init_env.items())


def _vpc_cni_files(cluster: Cluster, cni: VpcCni) -> dict[str, str]:
    env, init_env = vpc_cni_env(cni)
    context = {"cni": cni, "env": env, "init_env": init_env}
    addon: dict[str, object] = {"env": dict(env)}
    if init_env:
        addon["init"] = {"env": dict(init_env)}
    files = {
        "aws-vpc-cni.values.yaml": render_template("cluster/aws-vpc-cni.values.yaml.j2", **context),
        "aws-vpc-cni.set-env.sh": render_template("cluster/aws-vpc-cni.set-env.sh.j2", **context),
        "aws-vpc-cni.addon-configuration.json": json.dumps(addon, indent=2, sort_keys=True) + "\n",
    }
    if cni.role_arn is not None:
        files |= _trust_file(cluster, "aws-node", "aws-node")
    return files


def _eni_configs(cluster: Cluster, cni: VpcCni) -> list[Manifest]:
    if cni.custom_networking is None:
        return []
    labels = sorted((dict(cluster.labels) | {MANAGED_BY[0]: MANAGED_BY[1]}).items())
    manifests = []
    for zone, subnet in cni.custom_networking.subnets:
        text = render_template(
            "cluster/eniconfig.yaml.j2",
            name=zone,
            labels=labels,
            subnet=subnet,
            security_groups=cni.custom_networking.security_group_ids,
        )
        expected: dict[FieldPath, Any] = {
            ("metadata", "name"): zone,
            ("metadata", "labels"): dict(labels),
            ("spec", "subnet"): subnet,
        }
        api_version = "crd.k8s.amazonaws.com/v1alpha1"
        manifests.append(
            Manifest("ENIConfig", api_version, "", zone, "eniconfigs.yaml", text, expected)
        )
    return manifests


def _flag(value: bool) -> str:
    return "true" if value else "false"
