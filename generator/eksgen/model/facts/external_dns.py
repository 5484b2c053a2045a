"""ExternalDNS: the annotations it reads and the flags eksgen sets.

Under either annotation prefix, with the release that added each.

Where the facts come from (kubernetes-sigs/external-dns):
- annotation names and what they do: docs/annotations/annotations.md and
  source/annotations/annotations.go (v0.22.0); the AWS keys (aws-<name>) are read by
  source/annotations/provider_specific.go, which hands them to provider/aws/aws.go as
  aws/<name>.
- since: the first release tag whose source/ (or provider/aws) code names the key, found by
  walking the tags from v0.1.0 to v0.22.0; the AWS keys are read from annotations since
  v0.5.18 (source/source.go), so none is older than that.
- flags: the first tag whose pkg/apis/externaldns/types.go (main.go before v0.3.0)
  defines the flag; chart values: charts/external-dns/templates/deployment.yaml and
  charts/external-dns/CHANGELOG.md.
- the prefix: source/annotations/annotations.go's DefaultAnnotationPrefix is
  external-dns.alpha.kubernetes.io/ up to v0.21.0 and external-dns.kubernetes.io/ from
  v0.22.0; --annotation-prefix (SetAnnotationPrefix) exists since v0.20.0, the chart's
  annotationPrefix value since chart 1.20.0 (appVersion 0.20.0).
"""

from __future__ import annotations

from dataclasses import dataclass

from eksgen.model.controller import DNS_ALPHA_PREFIX, DNS_GA_PREFIX
from eksgen.model.facts.versions import at_least

INGRESS, SERVICE = "Ingress", "Service"
_BOTH = frozenset({INGRESS, SERVICE})
_ING = frozenset({INGRESS})
_SVC = frozenset({SERVICE})
_OTHER = frozenset[str]()  # read on objects eksgen never renders (Pods, Gateways, Routes)

# --annotation-prefix and the chart's annotationPrefix value: v0.20.0 (chart 1.20.0),
# pkg/apis/externaldns/types.go and charts/external-dns/CHANGELOG.md ("Add option to set
# annotationPrefix", PR #5889).
PREFIX_FLAG_SINCE = "0.20.0"
# DefaultAnnotationPrefix became the GA prefix in v0.22.0 (source/annotations/annotations.go,
# PR #6424); older releases read only the alpha prefix unless told otherwise.
GA_DEFAULT_SINCE = "0.22.0"

# ingress-hostname-source values (source/ingress.go, v0.9.0 to v0.22.0): annotation-only
# drops the rule and TLS hosts, defined-hosts-only drops the hostname annotation; the value
# is compared lower-cased, and any other value publishes no name of the Ingress at all.
ANNOTATION_ONLY = "annotation-only"
DEFINED_HOSTS_ONLY = "defined-hosts-only"


@dataclass(frozen=True)
class AnnotationFact:
    """One ExternalDNS annotation, named without its prefix.

    name: the part after the prefix (hostname, aws-weight). kinds: the objects eksgen renders
    (Service, Ingress) whose annotation the service and ingress sources read (empty: only
    objects eksgen never renders). values: the values it accepts, when it names them.
    since: the ExternalDNS release that added it. source: where the facts were read.
    """

    name: str
    kinds: frozenset[str]
    since: str
    source: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class FlagFact:
    """One ExternalDNS flag that eksgen's Helm values pass.

    flag: the command-line flag. value: the chart value (or extraArgs key) that passes it.
    field: the Cluster spec field behind it (None: none, eksgen always writes it).
    optional: written only when the field is given (else from eksgen's default, always).
    since: the release that added the flag. values_since: (value, release) for values
    added later than the flag itself. source: where the facts were read.
    """

    flag: str
    value: str
    field: str | None
    since: str
    source: str
    optional: bool = False
    values_since: tuple[tuple[str, str], ...] = ()


_KEYS = "source/annotations/annotations.go (v0.22.0)"
_AWS = "source/annotations/provider_specific.go, provider/aws/aws.go (v0.22.0)"

_ANNOTATION_FACTS = (
    # Read on Services since v0.1.0 (source/service.go); on Ingresses since v0.5.1
    # (source/ingress.go), which before that published the rule hosts only.
    AnnotationFact("hostname", _BOTH, "0.1.0", _KEYS),
    AnnotationFact("ttl", _BOTH, "0.4.6", "source/source.go (v0.4.6)"),
    AnnotationFact("target", _BOTH, "0.4.3", "source/source.go (v0.4.3)"),
    # Present with any other value than dns-controller: the sources skip the object.
    AnnotationFact("controller", _BOTH, "0.1.0", _KEYS),
    AnnotationFact(
        "ingress-hostname-source",
        _ING,
        "0.9.0",
        "source/ingress.go (v0.9.0, v0.22.0)",
        (ANNOTATION_ONLY, DEFINED_HOSTS_ONLY),
    ),
    # true since v0.5.9; A and AAAA (one alias record type only) since v0.22.0
    # (endpoint/endpoint.go AliasA, AliasAAAA).
    AnnotationFact("alias", _BOTH, "0.5.9", "provider/aws.go (v0.5.9)", ("true", "A", "AAAA")),
    AnnotationFact("internal-hostname", _SVC, "0.7.6", "source/source.go (v0.7.6)"),
    AnnotationFact("access", _SVC, "0.7.4", "source/source.go (v0.7.4)", ("public", "private")),
    AnnotationFact(
        "endpoints-type",
        _SVC,
        "0.12.0",
        "source/source.go (v0.12.0)",
        ("NodeExternalIP", "HostIP"),
    ),
    AnnotationFact("set-identifier", _BOTH, "0.5.18", "source/source.go (v0.5.18)"),
    AnnotationFact(
        "record-type",
        _BOTH,
        "0.21.0",
        "source/annotations/provider_specific.go (v0.21.0)",
        ("ptr", ""),
    ),
    # Istio and Gloo gateways, and Gateway API Routes: not objects eksgen renders.
    AnnotationFact("ingress", _OTHER, "0.13.6", _KEYS),
    AnnotationFact("gateway-hostname-source", _OTHER, "0.21.0", "source/gateway.go (v0.21.0)"),
    # ---- AWS (Route 53) routing policies and alias details
    AnnotationFact("aws-weight", _BOTH, "0.5.18", _AWS),
    AnnotationFact("aws-region", _BOTH, "0.5.18", _AWS),
    AnnotationFact("aws-failover", _BOTH, "0.5.18", _AWS, ("PRIMARY", "SECONDARY")),
    AnnotationFact("aws-geolocation-continent-code", _BOTH, "0.5.18", _AWS),
    AnnotationFact("aws-geolocation-country-code", _BOTH, "0.5.18", _AWS),
    AnnotationFact("aws-geolocation-subdivision-code", _BOTH, "0.5.18", _AWS),
    AnnotationFact("aws-geoproximity-region", _BOTH, "0.19.0", _AWS),
    AnnotationFact("aws-geoproximity-local-zone-group", _BOTH, "0.19.0", _AWS),
    AnnotationFact("aws-geoproximity-coordinates", _BOTH, "0.19.0", _AWS),
    AnnotationFact("aws-geoproximity-bias", _BOTH, "0.19.0", _AWS),
    AnnotationFact("aws-multi-value-answer", _BOTH, "0.5.18", _AWS),
    AnnotationFact("aws-health-check-id", _BOTH, "0.7.5", _AWS),
    # The provider read it since v0.5.8; annotations reach it since v0.5.18.
    AnnotationFact("aws-evaluate-target-health", _BOTH, "0.5.18", _AWS, ("true", "false")),
    AnnotationFact("aws-target-hosted-zone", _BOTH, "0.8.0", _AWS),
    AnnotationFact("aws-hosted-zone-id", _BOTH, "0.22.0", _AWS),
)

# Annotation name (without its prefix) -> its facts.
ANNOTATIONS: dict[str, AnnotationFact] = {fact.name: fact for fact in _ANNOTATION_FACTS}

_TYPES = "pkg/apis/externaldns/types.go"
_FLAG_FACTS = (
    # --provider and --source: main.go (v0.1.0), where the service and ingress sources and
    # the aws provider already existed.
    FlagFact("--provider", "provider.name", None, "0.1.0", "main.go (v0.1.0)"),
    FlagFact("--source", "sources", None, "0.1.0", "main.go (v0.1.0)"),
    FlagFact(
        "--policy",
        "policy",
        "spec.externalDns.policy",
        "0.3.0",
        f"{_TYPES} (v0.3.0, v0.5.17)",
        values_since=(("create-only", "0.5.17"),),
    ),
    FlagFact("--registry", "registry", None, "0.3.0", f"{_TYPES} (v0.3.0)"),
    FlagFact(
        "--txt-owner-id", "txtOwnerId", "spec.externalDns.txtOwnerId", "0.3.0", f"{_TYPES} (v0.3.0)"
    ),
    FlagFact(
        "--domain-filter",
        "domainFilters",
        "spec.externalDns.domainFilters",
        "0.3.0",
        f"{_TYPES} (v0.3.0)",
        optional=True,
    ),
    FlagFact(
        "--annotation-prefix",
        "annotationPrefix",
        "spec.externalDns.annotationPrefix",
        PREFIX_FLAG_SINCE,
        f"{_TYPES} (v0.20.0) ; charts/external-dns/CHANGELOG.md (chart 1.20.0)",
    ),
    FlagFact(
        "--aws-zone-type",
        "extraArgs.aws-zone-type",
        "spec.externalDns.zoneType",
        "0.4.5",
        f"{_TYPES} (v0.4.5)",
        optional=True,
    ),
    FlagFact(
        "--zone-id-filter",
        "extraArgs.zone-id-filter",
        "spec.externalDns.hostedZoneIds",
        "0.5.0",
        f"{_TYPES} (v0.5.0)",
        optional=True,
    ),
)

# Flag -> its facts, for the flags eksgen's values pass.
FLAGS: dict[str, FlagFact] = {fact.flag: fact for fact in _FLAG_FACTS}


def lookup(key: str) -> AnnotationFact | None:
    """The fact of a whole annotation key under either prefix; None: not an ExternalDNS key."""
    for prefix in (DNS_ALPHA_PREFIX, DNS_GA_PREFIX):
        if key.startswith(prefix):
            return ANNOTATIONS.get(key[len(prefix) :])
    return None


def default_prefix(version: str) -> str:
    """The prefix ExternalDNS `version` reads when no --annotation-prefix is given."""
    return DNS_GA_PREFIX if at_least(version, GA_DEFAULT_SINCE) else DNS_ALPHA_PREFIX


def reads_prefix(version: str, prefix: str, flag: str | None = None) -> bool:
    """Whether ExternalDNS `version` reads annotations under `prefix`.

    flag: the --annotation-prefix it runs with (None: none). A release older than the flag
    reads its default prefix: an older chart does not pass the flag (and the binary would
    refuse it at start, which EKS121 reports).
    """
    if flag is not None and at_least(version, PREFIX_FLAG_SINCE):
        return prefix == flag
    return prefix == default_prefix(version)
