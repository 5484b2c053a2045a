"""Render a Cluster into Helm values, VPC CNI settings, ENIConfigs and IAM documents."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eksgen.model import defaults, facts
from eksgen.model.app import App
from eksgen.model.cluster import Cluster, ExternalDns, LoadBalancerController, VpcCni
from eksgen.model.controller import INGRESS_CLASS, MANAGED_BY
from eksgen.render.iam import (
    controller_policy,
    controller_version,
    document_text,
    external_dns_policy,
    trust_policy,
)
from eksgen.render.manifests import Manifest
from eksgen.render.objects import eni_config_object
from eksgen.render.readiness import labelled_namespaces, readiness_files
from eksgen.render.templating import Templates, bundled
from eksgen.render.verify import Intent

ZONE_LABEL = "topology.kubernetes.io/zone"
ROLE_ANNOTATION = "eks.amazonaws.com/role-arn"
# With more than one controller replica: at most one away at a time during a drain. The chart
# makes the PodDisruptionBudget only when podDisruptionBudget is set and replicaCount > 1
# (helm/aws-load-balancer-controller templates/pdb.yaml, chart 3.5.0).
CONTROLLER_PDB = {"maxUnavailable": 1}


@dataclass(frozen=True)
class ClusterOutput:
    """Files for cluster/<name>/, the objects among them, what each values file must read as.

    manifests: the Kubernetes objects among the files (ENIConfigs); intents: file name ->
    the data a values file must read back as.
    """

    name: str
    files: dict[str, str]
    manifests: list[Manifest] = field(default_factory=list)
    intents: dict[str, Intent] = field(default_factory=dict)


def render_cluster(
    cluster: Cluster,
    templates: Templates | None = None,
    gateway_api: bool = False,
    apps: Sequence[App] = (),
) -> ClusterOutput:
    """Everything a Cluster spec becomes; absent sections render nothing.

    gateway_api: whether the run uses the Gateway API (an App asks for it, or the Cluster
    spec has a gatewayApi section): then the GatewayClasses, ExternalDNS's route sources
    and the controller's feature gates are written too (eksgen.render.gateway_cluster).
    apps: the Apps rendered beside it, whose namespaces the pod readiness gate labels.
    """
    templates = templates or bundled()
    files: dict[str, str] = {}
    intents: dict[str, Intent] = {}
    manifests: list[Manifest] = []
    gateway_api = gateway_api or cluster.gateway_api.given
    if cluster.load_balancer_controller is not None:
        controller = cluster.load_balancer_controller
        values = controller_values(cluster, controller, gateway_api)
        files |= _controller_files(cluster, controller, templates, values)
        intents[CONTROLLER_VALUES] = Intent.for_values(values)
        readiness, readiness_intents = readiness_files(
            labelled_namespaces(cluster, apps), templates
        )
        files |= readiness
        intents |= readiness_intents
    if cluster.external_dns is not None:
        values = external_dns_values(cluster, cluster.external_dns, gateway_api)
        files |= _external_dns_files(cluster, cluster.external_dns, templates, values["sources"])
        intents[DNS_VALUES] = Intent.for_values(values)
    if gateway_api:
        classes = _gateway_classes(cluster, templates)
        files[classes[0].filename] = "".join(f"---\n{m.text}" for m in classes)
        manifests += classes
    if cluster.ingress_classes:
        from eksgen.render.ingress_classes import ingress_classes

        objects = ingress_classes(cluster, templates)
        files[objects[0].filename] = "".join(f"---\n{m.text}" for m in objects)
        manifests += objects
    if cluster.vpc_cni is not None:
        files |= _vpc_cni_files(cluster, cluster.vpc_cni, templates)
        intents[CNI_VALUES] = Intent.for_values(vpc_cni_values(cluster, cluster.vpc_cni))
        intents[CNI_SET_ENV] = Intent.for_set_env(vpc_cni_set_env(cluster.vpc_cni))
        eni_configs = _eni_configs(cluster, cluster.vpc_cni, templates)
        if eni_configs:
            files["eniconfigs.yaml"] = "".join(f"---\n{m.text}" for m in eni_configs)
        manifests += eni_configs
    return ClusterOutput(cluster.name, dict(sorted(files.items())), manifests, intents)


CONTROLLER_VALUES = "aws-load-balancer-controller.values.yaml"
DNS_VALUES = "external-dns.values.yaml"
CNI_VALUES = "aws-vpc-cni.values.yaml"
CNI_SET_ENV = "aws-vpc-cni.set-env.sh"


def _gateway_classes(cluster: Cluster, templates: Templates) -> list[Manifest]:
    from eksgen.render.gateway_cluster import gateway_classes

    return gateway_classes(cluster, templates)


def _feature_gates(cluster: Cluster, gateway_api: bool) -> dict[str, bool]:
    if not gateway_api:
        return {}
    from eksgen.render.gateway_cluster import feature_gates

    return feature_gates(cluster)


def controller_values(
    cluster: Cluster, controller: LoadBalancerController, gateway_api: bool = False
) -> dict[str, Any]:
    """The aws-load-balancer-controller chart's values, as data."""
    values: dict[str, Any] = {"clusterName": cluster.name, "region": cluster.region}
    if cluster.vpc_id:
        values["vpcId"] = cluster.vpc_id
    values |= {
        "replicaCount": controller.replicas,
        "image": {"tag": controller_version()},
        "serviceAccount": _service_account(controller.service_account, controller.role_arn),
        "ingressClass": INGRESS_CLASS,
        "createIngressClassResource": True,
        "defaultTargetType": controller.default_target_type,
        "defaultLoadBalancerScheme": defaults.SCHEME,
        "defaultSSLPolicy": controller.default_ssl_policy,
        "enableServiceMutatorWebhook": controller.enable_service_mutator_webhook,
    }
    if controller.default_tags:
        values["defaultTags"] = dict(controller.default_tags)
    pdb = pod_disruption_budget(controller)
    if pdb is not None:
        values["podDisruptionBudget"] = pdb
    gates = _feature_gates(cluster, gateway_api)
    if gates:
        values["controllerConfig"] = {"featureGates": gates}
    return values


def pod_disruption_budget(controller: LoadBalancerController) -> dict[str, int] | None:
    """The chart's podDisruptionBudget value: set with more than one replica, else none."""
    return dict(CONTROLLER_PDB) if controller.replicas > 1 else None


DNS_SOURCES = ["service", "ingress"]


def external_dns_values(
    cluster: Cluster, dns: ExternalDns, gateway_api: bool = False
) -> dict[str, Any]:
    """The external-dns chart's values, as data; with the Gateway API, its route sources."""
    sources = list(DNS_SOURCES)
    if gateway_api:
        from eksgen.render.gateway_cluster import external_dns_sources

        sources = external_dns_sources(sources)
    values: dict[str, Any] = {
        "provider": {"name": "aws"},
        "sources": sources,
        "policy": dns.policy,
        "registry": "txt",
        "txtOwnerId": dns.txt_owner_id,
    }
    if dns.domain_filters:
        values["domainFilters"] = list(dns.domain_filters)
    values["annotationPrefix"] = dns.annotation_prefix
    extra: dict[str, Any] = {}
    if dns.zone_type:
        extra["aws-zone-type"] = dns.zone_type
    if dns.hosted_zone_ids:
        extra["zone-id-filter"] = list(dns.hosted_zone_ids)
    if extra:
        values["extraArgs"] = extra
    values["serviceAccount"] = _service_account(dns.service_account, dns.role_arn)
    values["env"] = [{"name": "AWS_DEFAULT_REGION", "value": cluster.region}]
    return values


def vpc_cni_values(cluster: Cluster, cni: VpcCni) -> dict[str, Any]:
    """The aws-vpc-cni chart's values, as data.

    The images come from the EKS registry of the cluster's region: the chart's default
    (us-west-2) is out of reach through a regional ECR endpoint, and outside the commercial
    partition altogether. A region eksgen has no registry for keeps the chart's default
    (rule EKS120 says so).
    """
    env, init_env = vpc_cni_env(cni)
    registry = facts.vpc_cni.registry(cluster.region)
    values: dict[str, Any] = {"env": dict(env)}
    init: dict[str, Any] = {"env": dict(init_env)} if init_env else {}
    if registry is not None:
        values["image"] = _image(registry)
        init["image"] = _image(registry)
        values["nodeAgent"] = {"image": _image(registry)}
    if init:
        values["init"] = init
    if cni.role_arn:
        values["serviceAccount"] = {"annotations": {ROLE_ANNOTATION: cni.role_arn}}
    return values


def vpc_cni_set_env(cni: VpcCni) -> dict[str, dict[str, str]]:
    """What aws-vpc-cni.set-env.sh sets, by container of the aws-node DaemonSet."""
    env, init_env = vpc_cni_env(cni)
    containers = {facts.vpc_cni.AWS_NODE: dict(env)}
    if init_env:
        containers[facts.vpc_cni.INIT] = dict(init_env)
    return containers


def _image(registry: facts.vpc_cni.Registry) -> dict[str, str]:
    """The chart's image.account/region/domain (and init.image, nodeAgent.image) values."""
    return {"account": registry.account, "domain": registry.domain, "region": registry.region}


def _service_account(name: str, role_arn: str | None) -> dict[str, Any]:
    account: dict[str, Any] = {"create": True, "name": name}
    if role_arn:
        account["annotations"] = {ROLE_ANNOTATION: role_arn}
    return account


def _controller_files(
    cluster: Cluster,
    controller: LoadBalancerController,
    templates: Templates,
    values: dict[str, Any],
) -> dict[str, str]:
    files = {
        CONTROLLER_VALUES: templates.render(
            "cluster/aws-load-balancer-controller.values.yaml.j2",
            cluster=cluster,
            controller=controller,
            controller_version=controller_version(),
            ingress_class=INGRESS_CLASS,
            default_scheme=defaults.SCHEME,
            pod_disruption_budget=pod_disruption_budget(controller),
            feature_gates=values.get("controllerConfig", {}).get("featureGates", {}),
        ),
        "iam/aws-load-balancer-controller.policy.json": document_text(
            controller_policy(cluster.partition)
        ),
    }
    return files | _trust_file(cluster, "aws-load-balancer-controller", controller.service_account)


def _external_dns_files(
    cluster: Cluster, dns: ExternalDns, templates: Templates, sources: list[str]
) -> dict[str, str]:
    files = {
        DNS_VALUES: templates.render(
            "cluster/external-dns.values.yaml.j2", cluster=cluster, dns=dns, sources=sources
        ),
        "iam/external-dns.policy.json": document_text(external_dns_policy(cluster, dns)),
    }
    return files | _trust_file(cluster, "external-dns", dns.service_account)


def _trust_file(cluster: Cluster, name: str, service_account: str) -> dict[str, str]:
    trust = trust_policy(cluster, service_account)
    return {} if trust is None else {f"iam/{name}.trust.json": document_text(trust)}


def vpc_cni_env(cni: VpcCni) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(aws-node env, aws-vpc-cni-init env) as sorted string pairs."""
    known = facts.vpc_cni
    env = {
        known.ENABLE_PREFIX_DELEGATION.name: _flag(cni.prefix_delegation),
        known.ENABLE_POD_ENI.name: _flag(cni.pod_security_groups),
        known.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG.name: _flag(cni.custom_networking is not None),
    }
    targets = {
        known.WARM_PREFIX_TARGET.name: cni.warm_prefix_target,
        known.WARM_IP_TARGET.name: cni.warm_ip_target,
        known.MINIMUM_IP_TARGET.name: cni.minimum_ip_target,
        known.WARM_ENI_TARGET.name: cni.warm_eni_target,
    }
    env |= {key: str(value) for key, value in targets.items() if value is not None}
    if cni.warm_prefix_target is None and known.refuses_warm_targets(
        cni.prefix_delegation, None, cni.warm_ip_target, cni.minimum_ip_target
    ):
        # aws-node reads an unset WARM_PREFIX_TARGET as 0 and then refuses to start; write
        # the chart's value instead of trusting the DaemonSet to carry it.
        env[known.WARM_PREFIX_TARGET.name] = str(known.WARM_PREFIX_TARGET.chart_default)
    mode = known.POD_SECURITY_GROUP_ENFORCING_MODE
    if cni.pod_security_groups:
        env[mode.name] = cni.enforcing_mode or str(mode.default)
    elif cni.enforcing_mode:
        env[mode.name] = cni.enforcing_mode
    if cni.custom_networking is not None:
        env[known.ENI_CONFIG_LABEL_DEF.name] = ZONE_LABEL
    init_env = {known.DISABLE_TCP_EARLY_DEMUX.name: "true"} if cni.pod_security_groups else {}
    return sorted(env.items()), sorted(init_env.items())


def _vpc_cni_files(cluster: Cluster, cni: VpcCni, templates: Templates) -> dict[str, str]:
    env, init_env = vpc_cni_env(cni)
    registry = facts.vpc_cni.registry(cluster.region)
    context = {"cni": cni, "env": env, "init_env": init_env, "registry": registry}
    addon: dict[str, object] = {"env": dict(env)}
    if init_env:
        addon["init"] = {"env": dict(init_env)}
    files = {
        CNI_VALUES: templates.render("cluster/aws-vpc-cni.values.yaml.j2", **context),
        CNI_SET_ENV: templates.render("cluster/aws-vpc-cni.set-env.sh.j2", **context),
        "aws-vpc-cni.addon-configuration.json": json.dumps(addon, indent=2, sort_keys=True) + "\n",
    }
    if cni.role_arn is not None:
        files |= _trust_file(cluster, "aws-node", "aws-node")
    return files


def _eni_configs(cluster: Cluster, cni: VpcCni, templates: Templates) -> list[Manifest]:
    if cni.custom_networking is None:
        return []
    labels = dict(sorted((dict(cluster.labels) | {MANAGED_BY[0]: MANAGED_BY[1]}).items()))
    security_groups = cni.custom_networking.security_group_ids
    manifests = []
    for zone, subnet in cni.custom_networking.subnets:
        text = templates.render(
            "cluster/eniconfig.yaml.j2",
            name=zone,
            labels=list(labels.items()),
            subnet=subnet,
            security_groups=security_groups,
        )
        intended = eni_config_object(zone, labels, subnet, security_groups)
        intent = Intent.for_object(intended)
        kind, api_version = intended["kind"], intended["apiVersion"]
        manifests.append(Manifest(kind, api_version, "", zone, "eniconfigs.yaml", text, intent))
    return manifests


def _flag(value: bool) -> str:
    return "true" if value else "false"
