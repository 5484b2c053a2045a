"""The VPC CNI (aws-node): the environment variables eksgen sets.

With the checks aws-node makes on them at start-up, and the registry that serves the add-on's
images in each region. Read in aws/amazon-vpc-cni-k8s at v1.23.1 (commit b52188387f2e,
"Prepare v1.23.1 release"; the chart aws-vpc-cni 1.23.1 has the same values); the registry
table in the Amazon EKS user guide. The wording is eksgen's.
"""

from __future__ import annotations

from dataclasses import dataclass

# The release the facts below were read in.
VERSION = "v1.23.1"
_AT = f"aws/amazon-vpc-cni-k8s {VERSION}"
README = f"{_AT} README.md"
MAIN = f"{_AT} cmd/aws-vpc-cni/main.go"
IPAMD = f"{_AT} pkg/ipamd/ipamd.go"
CHART = f"{_AT} charts/aws-vpc-cni/values.yaml"

# The containers of the aws-node DaemonSet that read the variables.
AWS_NODE = "aws-node"
INIT = "aws-vpc-cni-init"

BOOLEAN, INTEGER, STRING = "boolean", "integer", "string"


@dataclass(frozen=True)
class EnvFact:
    """One environment variable of the aws-node DaemonSet that eksgen writes.

    kind: boolean (the strings "true"/"false"), integer (a decimal string) or string.
    default: what the container uses when the variable is unset (None: no value, the
    feature is off). chart_default: what the aws-vpc-cni chart sets when the values do not
    (None: the chart does not set it). allowed: the only values the container takes, when
    it names them. minimum: the lowest integer it takes (a lower one counts as unset).
    container: the container that reads it. since: the release that added it, as the
    README names it (None: it names none, the variable is older than the releases it
    lists). source: where the facts were read.
    """

    name: str
    kind: str
    default: str | None
    chart_default: str | None = None
    allowed: tuple[str, ...] = ()
    minimum: int | None = None
    container: str = AWS_NODE
    since: str | None = None
    source: str = README


ENABLE_PREFIX_DELEGATION = EnvFact(
    "ENABLE_PREFIX_DELEGATION", BOOLEAN, "false", "false", since="v1.9.0", source=MAIN
)
# Unset reads as 0 in validateEnvVars and ipamd (defaultWarmPrefixTarget = 0); the chart
# and the EKS manifests set 1.
WARM_PREFIX_TARGET = EnvFact(
    "WARM_PREFIX_TARGET", INTEGER, "0", "1", minimum=0, since="v1.9.0", source=IPAMD
)
# Unset, or below 0, is "no target" (noWarmIPTarget = 0 in ipamd).
WARM_IP_TARGET = EnvFact("WARM_IP_TARGET", INTEGER, None, minimum=0, source=IPAMD)
MINIMUM_IP_TARGET = EnvFact(
    "MINIMUM_IP_TARGET", INTEGER, None, minimum=0, since="v1.6.0", source=IPAMD
)
WARM_ENI_TARGET = EnvFact("WARM_ENI_TARGET", INTEGER, "1", "1", minimum=0, source=IPAMD)
ENABLE_POD_ENI = EnvFact("ENABLE_POD_ENI", BOOLEAN, "false", "false", since="v1.7.0", source=MAIN)
POD_SECURITY_GROUP_ENFORCING_MODE = EnvFact(
    "POD_SECURITY_GROUP_ENFORCING_MODE",
    STRING,
    "strict",
    allowed=("strict", "standard"),
    since="v1.11.0",
    source=MAIN,
)
AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = EnvFact(
    "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", BOOLEAN, "false", "false", source=IPAMD
)
# pkg/eniconfig/eniconfig.go: the node label whose value names the node's ENIConfig.
ENI_CONFIG_LABEL_DEF = EnvFact(
    "ENI_CONFIG_LABEL_DEF",
    STRING,
    "k8s.amazonaws.com/eniConfig",
    source=f"{_AT} pkg/eniconfig/eniconfig.go",
)
# Read by the init container only (cmd/aws-vpc-cni-init/main.go); the chart sets it in init.env.
DISABLE_TCP_EARLY_DEMUX = EnvFact(
    "DISABLE_TCP_EARLY_DEMUX",
    BOOLEAN,
    "false",
    "false",
    container=INIT,
    since="v1.7.3",
    source=f"{_AT} cmd/aws-vpc-cni-init/main.go",
)

# Variable name -> its facts: every variable eksgen writes.
ENV: dict[str, EnvFact] = {
    fact.name: fact
    for fact in (
        ENABLE_PREFIX_DELEGATION,
        WARM_PREFIX_TARGET,
        WARM_IP_TARGET,
        MINIMUM_IP_TARGET,
        WARM_ENI_TARGET,
        ENABLE_POD_ENI,
        POD_SECURITY_GROUP_ENFORCING_MODE,
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG,
        ENI_CONFIG_LABEL_DEF,
        DISABLE_TCP_EARLY_DEMUX,
    )
}


# ---- start-up checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class StartupCheck:
    """A setting that makes aws-node exit at start, so that its node gets no pod network.

    variables: the variables the check reads, first the one without which it never refuses
    (its default passes). refuses: when it exits. eksgen: how eksgen keeps its output clear
    of it, "rule EKSnnn", "schema" (the spec cannot say it) or "not written" (eksgen never
    sets that first variable). source: where it was read.
    """

    name: str
    variables: tuple[str, ...]
    refuses: str
    eksgen: str
    source: str = f"{MAIN} validateEnvVars"


# Every check of validateEnvVars (main.go) and of ipamd's isConfigValid, v1.23.1.
STARTUP_CHECKS: tuple[StartupCheck, ...] = (
    StartupCheck(
        "plugin-log-file",
        ("AWS_VPC_K8S_PLUGIN_LOG_FILE",),
        "the plugin log file is stdout",
        "not written",
    ),
    StartupCheck(
        "veth-prefix",
        ("AWS_VPC_K8S_CNI_VETHPREFIX",),
        "the prefix is longer than 4 characters or one of eth, lo, vlan",
        "not written",
    ),
    StartupCheck(
        "pod-security-group-enforcing-mode",
        (ENABLE_POD_ENI.name, POD_SECURITY_GROUP_ENFORCING_MODE.name),
        "ENABLE_POD_ENI is true and the mode is neither strict nor standard",
        "schema",
    ),
    StartupCheck(
        "ip-cooldown-period",
        ("IP_COOLDOWN_PERIOD",),
        "the period is not an integer or below 0",
        "not written",
    ),
    StartupCheck(
        "mtu",
        ("AWS_VPC_ENI_MTU", "POD_MTU", "ENABLE_IPv6"),
        "an MTU is not an integer, or outside 576-9001 (IPv4) or 1280-9001 (IPv6)",
        "not written",
    ),
    StartupCheck(
        "prefix-delegation-warm-target",
        (
            ENABLE_PREFIX_DELEGATION.name,
            WARM_PREFIX_TARGET.name,
            WARM_IP_TARGET.name,
            MINIMUM_IP_TARGET.name,
        ),
        # The comparison is of strings ("5" > "0"): the same as of numbers for the
        # non-negative decimals eksgen writes.
        "prefix delegation is on and WARM_PREFIX_TARGET, WARM_IP_TARGET and MINIMUM_IP_TARGET "
        "are all 0 or unset",
        "rule EKS117",
    ),
    StartupCheck(
        "ip-family",
        ("ENABLE_IPv4", "ENABLE_IPv6"),
        "IPv4 and IPv6 are both on or both off",
        "not written",
        source=f"{IPAMD} isConfigValid",
    ),
    StartupCheck(
        "ipv6-mode",
        ("ENABLE_IPv6", ENABLE_PREFIX_DELEGATION.name, AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG.name),
        "IPv6 is on without prefix delegation, or with custom networking",
        "not written",
        source=f"{IPAMD} isConfigValid",
    ),
)


def refuses_warm_targets(
    prefix_delegation: bool,
    warm_prefix_target: int | None,
    warm_ip_target: int | None,
    minimum_ip_target: int | None,
) -> bool:
    """Whether aws-node exits at start over these targets (None: the variable is unset).

    An unset WARM_PREFIX_TARGET reads as 0 here, as it does in validateEnvVars.
    """
    targets = (warm_prefix_target, warm_ip_target, minimum_ip_target)
    return prefix_delegation and all((target or 0) <= 0 for target in targets)


# ---- image registries --------------------------------------------------------------------


@dataclass(frozen=True)
class Registry:
    """The ECR registry of the EKS add-on images: <account>.dkr.ecr.<region>.<domain>."""

    account: str
    region: str
    domain: str = "amazonaws.com"

    @property
    def host(self) -> str:
        """The registry's host name."""
        return f"{self.account}.dkr.ecr.{self.region}.{self.domain}"


REGISTRY_SOURCE = (
    "awsdocs/amazon-eks-user-guide latest/ug/workloads/add-ons-images.adoc (commit 1cc6ebb4)"
)
# The chart's own default (charts/aws-vpc-cni/values.yaml image, init.image, nodeAgent.image).
CHART_REGISTRY = Registry("602401143452", "us-west-2")
_COMMON = "602401143452"  # the account of the regions that are not opt-in
_CHINA = "amazonaws.com.cn"

# Cluster region -> the registry of the EKS add-on images in it (REGISTRY_SOURCE).
REGISTRIES: dict[str, Registry] = {
    "af-south-1": Registry("877085696533", "af-south-1"),
    "ap-east-1": Registry("800184023465", "ap-east-1"),
    # The user guide writes this registry's host with ap-east-1; AWS's GuardDuty guide lists
    # the same account in ap-east-2, as every other row has the cluster's own region.
    "ap-east-2": Registry("533267051163", "ap-east-2"),
    "ap-northeast-1": Registry(_COMMON, "ap-northeast-1"),
    "ap-northeast-2": Registry(_COMMON, "ap-northeast-2"),
    "ap-northeast-3": Registry(_COMMON, "ap-northeast-3"),
    "ap-south-1": Registry(_COMMON, "ap-south-1"),
    "ap-south-2": Registry("900889452093", "ap-south-2"),
    "ap-southeast-1": Registry(_COMMON, "ap-southeast-1"),
    "ap-southeast-2": Registry(_COMMON, "ap-southeast-2"),
    "ap-southeast-3": Registry("296578399912", "ap-southeast-3"),
    "ap-southeast-4": Registry("491585149902", "ap-southeast-4"),
    # In the user guide's Chinese edition (docs.amazonaws.cn zh_cn add-ons-images).
    "ap-southeast-5": Registry("151610086707", "ap-southeast-5"),
    "ap-southeast-6": Registry("333609536671", "ap-southeast-6"),
    "ap-southeast-7": Registry("121268973566", "ap-southeast-7"),
    "ca-central-1": Registry(_COMMON, "ca-central-1"),
    "ca-west-1": Registry("761377655185", "ca-west-1"),
    "cn-north-1": Registry("918309763551", "cn-north-1", _CHINA),
    "cn-northwest-1": Registry("961992271922", "cn-northwest-1", _CHINA),
    "eu-central-1": Registry(_COMMON, "eu-central-1"),
    "eu-central-2": Registry("900612956339", "eu-central-2"),
    "eu-north-1": Registry(_COMMON, "eu-north-1"),
    "eu-south-1": Registry("590381155156", "eu-south-1"),
    "eu-south-2": Registry("455263428931", "eu-south-2"),
    "eu-west-1": Registry(_COMMON, "eu-west-1"),
    "eu-west-2": Registry(_COMMON, "eu-west-2"),
    "eu-west-3": Registry(_COMMON, "eu-west-3"),
    "il-central-1": Registry("066635153087", "il-central-1"),
    "me-central-1": Registry("759879836304", "me-central-1"),
    "me-south-1": Registry("558608220178", "me-south-1"),
    "mx-central-1": Registry("730335286997", "mx-central-1"),
    "sa-east-1": Registry(_COMMON, "sa-east-1"),
    "us-east-1": Registry(_COMMON, "us-east-1"),
    "us-east-2": Registry(_COMMON, "us-east-2"),
    "us-gov-east-1": Registry("151742754352", "us-gov-east-1"),
    "us-gov-west-1": Registry("013241004608", "us-gov-west-1"),
    "us-west-1": Registry(_COMMON, "us-west-1"),
    "us-west-2": Registry(_COMMON, "us-west-2"),
}


def registry(region: str) -> Registry | None:
    """The registry of the add-on images for a cluster in region; None when eksgen has none."""
    return REGISTRIES.get(region)
