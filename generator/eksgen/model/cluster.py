"""The Cluster model: a schema-valid Cluster spec with every default applied."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eksgen.model import defaults
from eksgen.model.ingress_class import IngressClassSettings, build_ingress_class
from eksgen.spec.load import Document


@dataclass(frozen=True)
class LoadBalancerController:
    """Settings of the AWS Load Balancer Controller."""

    role_arn: str | None = None
    replicas: int = defaults.CONTROLLER_REPLICAS
    service_account: str = defaults.CONTROLLER_SERVICE_ACCOUNT
    default_target_type: str = defaults.TARGET_TYPE
    default_ssl_policy: str = defaults.TLS_POLICY
    enable_service_mutator_webhook: bool = defaults.CONTROLLER_WEBHOOK
    default_tags: tuple[tuple[str, str], ...] = ()
    version: str | None = None  # None: the release eksgen pins (facts.LBC_VERSION)
    # True: label the namespaces of ip-target Apps; False: labelled elsewhere; None: unsaid.
    pod_readiness_gate: bool | None = None


@dataclass(frozen=True)
class ExternalDns:
    """Settings of ExternalDNS."""

    txt_owner_id: str
    txt_owner_id_given: bool
    role_arn: str | None = None
    policy: str = defaults.DNS_POLICY
    domain_filters: tuple[str, ...] = ()
    hosted_zone_ids: tuple[str, ...] = ()
    zone_type: str | None = None
    annotation_prefix: str = defaults.DNS_ANNOTATION_PREFIX
    version: str | None = None
    service_account: str = defaults.DNS_SERVICE_ACCOUNT


@dataclass(frozen=True)
class GatewayApi:
    """The Gateway API on the cluster: the Apps' default API and the GatewayClass names."""

    default: str = defaults.API
    alb_class: str = defaults.ALB_GATEWAY_CLASS
    nlb_class: str = defaults.NLB_GATEWAY_CLASS
    given: bool = False  # whether the spec has a gatewayApi section
    crds_version: str | None = None  # None: the release eksgen's output fits


@dataclass(frozen=True)
class CustomNetworking:
    """Pod subnets per availability zone."""

    subnets: tuple[tuple[str, str], ...]
    security_group_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class VpcCni:
    """Settings of the VPC CNI (aws-node)."""

    prefix_delegation: bool = defaults.PREFIX_DELEGATION
    warm_prefix_target: int | None = None
    warm_ip_target: int | None = None
    minimum_ip_target: int | None = None
    warm_eni_target: int | None = None
    pod_security_groups: bool = defaults.POD_SECURITY_GROUPS
    enforcing_mode: str | None = None
    role_arn: str | None = None
    custom_networking: CustomNetworking | None = None


@dataclass(frozen=True)
class NodeGroup:
    """One node group, for capacity planning and cross-checks."""

    name: str
    instance_type: str
    desired_size: int | None = None
    min_size: int | None = None
    max_size: int | None = None
    subnet_cidrs: tuple[str, ...] = ()
    availability_zones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cluster:
    """One EKS cluster's networking add-ons."""

    name: str
    region: str
    labels: tuple[tuple[str, str], ...]
    account_id: str | None
    vpc_id: str | None
    oidc_issuer: str | None
    load_balancer_controller: LoadBalancerController | None
    external_dns: ExternalDns | None
    vpc_cni: VpcCni | None
    node_groups: tuple[NodeGroup, ...]
    document: Document = field(compare=False, repr=False)
    raw: dict[str, Any] = field(compare=False, repr=False, default_factory=dict)
    gateway_api: GatewayApi = field(default_factory=GatewayApi)
    ingress_classes: tuple[IngressClassSettings, ...] = ()

    @property
    def file(self) -> str:
        """The file the spec came from."""
        return self.document.file

    @property
    def partition(self) -> str:
        """The AWS partition of the region, for ARNs."""
        if self.region.startswith("cn-"):
            return "aws-cn"
        if self.region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"

    @property
    def dns_prefix(self) -> str:
        """The ExternalDNS annotation prefix the App manifests must carry."""
        return self.external_dns.annotation_prefix if self.external_dns else dns_prefix()


def ingress_classes(clusters: Sequence[Cluster]) -> tuple[IngressClassSettings, ...]:
    """The IngressClasses a run's Cluster specs define (the first of a name wins; EKS125)."""
    return tuple(found for cluster in clusters for found in cluster.ingress_classes)


def dns_prefix(clusters: Sequence[Cluster] = ()) -> str:
    """The ExternalDNS annotation prefix of a run: its Cluster's, else the default."""
    return clusters[0].dns_prefix if clusters else defaults.DNS_ANNOTATION_PREFIX


def build_cluster(document: Document) -> Cluster:
    """Turn a schema-valid Cluster document into the model, defaults applied."""
    data: dict[str, Any] = document.data
    metadata, spec = data["metadata"], data["spec"]
    return Cluster(
        name=metadata["name"],
        region=spec["region"],
        labels=tuple(sorted(metadata.get("labels", {}).items())),
        account_id=spec.get("accountId"),
        vpc_id=spec.get("vpcId"),
        oidc_issuer=spec.get("oidcIssuer"),
        load_balancer_controller=_controller(spec.get("loadBalancerController")),
        external_dns=_external_dns(spec.get("externalDns"), metadata["name"]),
        vpc_cni=_vpc_cni(spec.get("vpcCni")),
        node_groups=tuple(_node_group(item) for item in spec.get("nodeGroups", ())),
        gateway_api=_gateway_api(spec.get("gatewayApi")),
        ingress_classes=tuple(build_ingress_class(item) for item in spec.get("ingressClasses", ())),
        document=document,
        raw=data,
    )


def _controller(item: dict[str, Any] | None) -> LoadBalancerController | None:
    if item is None:
        return None
    return LoadBalancerController(
        role_arn=item.get("roleArn"),
        replicas=item.get("replicas", defaults.CONTROLLER_REPLICAS),
        service_account=item.get("serviceAccountName", defaults.CONTROLLER_SERVICE_ACCOUNT),
        default_target_type=item.get("defaultTargetType", defaults.TARGET_TYPE),
        default_ssl_policy=item.get("defaultSslPolicy", defaults.TLS_POLICY),
        enable_service_mutator_webhook=item.get(
            "enableServiceMutatorWebhook", defaults.CONTROLLER_WEBHOOK
        ),
        default_tags=tuple(sorted(item.get("defaultTags", {}).items())),
        version=item.get("version"),
        pod_readiness_gate=item.get("podReadinessGate"),
    )


def _external_dns(item: dict[str, Any] | None, cluster_name: str) -> ExternalDns | None:
    if item is None:
        return None
    return ExternalDns(
        txt_owner_id=item.get("txtOwnerId", cluster_name),
        txt_owner_id_given="txtOwnerId" in item,
        role_arn=item.get("roleArn"),
        policy=item.get("policy", defaults.DNS_POLICY),
        domain_filters=tuple(item.get("domainFilters", ())),
        hosted_zone_ids=tuple(item.get("hostedZoneIds", ())),
        zone_type=item.get("zoneType"),
        annotation_prefix=item.get("annotationPrefix", defaults.DNS_ANNOTATION_PREFIX),
        version=item.get("version"),
        service_account=item.get("serviceAccountName", defaults.DNS_SERVICE_ACCOUNT),
    )


def _gateway_api(item: dict[str, Any] | None) -> GatewayApi:
    if item is None:
        return GatewayApi()
    return GatewayApi(
        default=item.get("default", defaults.API),
        alb_class=item.get("albGatewayClassName", defaults.ALB_GATEWAY_CLASS),
        nlb_class=item.get("nlbGatewayClassName", defaults.NLB_GATEWAY_CLASS),
        given=True,
        crds_version=item.get("crdsVersion"),
    )


def _vpc_cni(item: dict[str, Any] | None) -> VpcCni | None:
    if item is None:
        return None
    custom = item.get("customNetworking")
    return VpcCni(
        prefix_delegation=item.get("prefixDelegation", defaults.PREFIX_DELEGATION),
        warm_prefix_target=item.get("warmPrefixTarget"),
        warm_ip_target=item.get("warmIpTarget"),
        minimum_ip_target=item.get("minimumIpTarget"),
        warm_eni_target=item.get("warmEniTarget"),
        pod_security_groups=item.get("podSecurityGroups", defaults.POD_SECURITY_GROUPS),
        enforcing_mode=item.get("podSecurityGroupEnforcingMode"),
        role_arn=item.get("roleArn"),
        custom_networking=CustomNetworking(
            subnets=tuple(sorted(custom["subnets"].items())),
            security_group_ids=tuple(custom.get("securityGroupIds", ())),
        )
        if custom
        else None,
    )


def _node_group(item: dict[str, Any]) -> NodeGroup:
    return NodeGroup(
        name=item["name"],
        instance_type=item["instanceType"],
        desired_size=item.get("desiredSize"),
        min_size=item.get("minSize"),
        max_size=item.get("maxSize"),
        subnet_cidrs=tuple(item.get("subnetCidrs", ())),
        availability_zones=tuple(item.get("availabilityZones", ())),
    )
