"""EKS121 external-dns-flag-version: eksgen's values pass a flag the ExternalDNS named lacks.

eksgen's ExternalDNS values (for chart 1.21.1) always pass --provider, --source, --policy,
--registry, --txt-owner-id and --annotation-prefix, and --domain-filter, --aws-zone-type and
--zone-id-filter when the spec gives them. A release older than a flag, or than one of its
values (--policy=create-only), stops at start with a flag parsing error, and then no record
is written at all. The release compared with is externalDns.version, else
--external-dns-version, else the one eksgen pins. The GA annotation prefix on a release
without --annotation-prefix is EKS109's.

FAIL: externalDns {version: "0.19.0"} (eksgen's values pass --annotation-prefix, 0.20.0)
PASS: externalDns {version: "0.20.0"}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.lint.versions import in_force
from eksgen.model import facts
from eksgen.model.app import App
from eksgen.model.cluster import Cluster, ExternalDns
from eksgen.spec.path import FieldPath

ID = "EKS121"
NAME = "external-dns-flag-version"
SEVERITY = Severity.ERROR
GUARD = False
SCOPE = "cluster"
FIX = (
    "Upgrade ExternalDNS and set externalDns.version to the release named, or remove the "
    "field that passes the flag."
)
SOURCE = (
    "kubernetes-sigs/external-dns pkg/apis/externaldns/types.go#v0.22.0"
    " ; kubernetes-sigs/external-dns controller/execute.go#v0.19.0"
    " ; kubernetes-sigs/external-dns charts/external-dns/templates/deployment.yaml"
)
_SECTION: FieldPath = ("spec", "externalDns")


def check_cluster(cluster: Cluster, apps: Sequence[App]) -> Iterator[Finding]:
    """Flag the flags of eksgen's values that the ExternalDNS release in force lacks."""
    dns = cluster.external_dns
    if dns is None:
        return
    release = in_force().external_dns
    too_new: dict[FieldPath, list[tuple[str, str]]] = {}
    for fact in facts.external_dns.FLAGS.values():
        path = tuple(fact.field.split(".")) if fact.field else None
        given = path is not None and _given(cluster.raw, path)
        if fact.optional and not given:
            continue
        if fact.flag == "--annotation-prefix" and _prefix_unread(dns, release.version):
            continue  # EKS109 says what that means
        flag, since = _needs(fact, dns)
        if facts.versions.at_least(release.version, since):
            continue
        where = path if given and path else _fallback(cluster)
        too_new.setdefault(where, []).append((flag, since))
    for where, found in too_new.items():
        flags = " and ".join(f"{flag} (since {since})" for flag, since in found)
        them = "it" if len(found) == 1 else "them"
        message = (
            f"eksgen's values pass {flags}; ExternalDNS {release} does not know {them} and "
            "stops at start with a flag parsing error"
        )
        yield Finding(cluster, where, message)


def _needs(fact: facts.external_dns.FlagFact, dns: ExternalDns) -> tuple[str, str]:
    """The flag as passed (with its value when that value came later) and its release."""
    value = {"--policy": dns.policy}.get(fact.flag)
    for later, since in fact.values_since:
        if value == later:
            return f"{fact.flag}={value}", since
    return fact.flag, fact.since


def _prefix_unread(dns: ExternalDns, version: str) -> bool:
    """Whether the release ignores the prefix in force (EKS109's finding), not the flag."""
    prefix = dns.annotation_prefix
    return not facts.external_dns.reads_prefix(version, prefix, flag=prefix)


def _fallback(cluster: Cluster) -> FieldPath:
    """Where an always-passed flag is reported: at externalDns.version, else the section."""
    version = (*_SECTION, "version")
    return version if _given(cluster.raw, version) else _SECTION


def _given(data: object, path: FieldPath) -> bool:
    """Whether the raw spec holds a value at path."""
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True
